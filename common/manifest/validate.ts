// Validation entry point: text + image store -> problems, sorted by position. Pure apart from what
// the image index already holds; never throws on any input.
import { catalog } from '../catalog/catalog';
import { emptyIndex, type ImageIndex } from '../images/index';
import type { Span, TomlError, TomlTable } from '../toml/ast';
import { LineIndex } from '../toml/lineIndex';
import { parseToml } from '../toml/parser';
import { Problems, type Problem } from './problem';
import type { RuleContext } from './rules/context';
import { checkFiles, type FileProbe } from './rules/files';
import { checkImages } from './rules/images';
import { checkImpairments } from './rules/impairments';
import { checkNames } from './rules/names';
import { checkProvisioning } from './rules/provisioning';
import { checkKinds } from './rules/kinds';
import { checkSherpaRules } from './rules/sherpa';
import { checkStructure } from './rules/structure';
import { viewOf, type ManifestView } from './view';

export interface Validation {
  view: ManifestView;
  problems: Problem[];
  lines: LineIndex;
}

export function validateManifest(
  text: string,
  images: ImageIndex = emptyIndex('/opt/sherpa/images'),
  lines = new LineIndex(text),
  files?: FileProbe,
): Validation {
  const out = new Problems();
  const doc = parseToml(text);
  // TOML 1.0, as Sherpa's parser reads it: the tolerant parser is the judge, its first error placed at the
  // token (an unclosed bracket at the bracket). It is held to the TOML 1.0 specification by a conformance
  // corpus (test/unit/toml10.test.ts) and to smol-toml's rejections by a property test; smol-toml itself
  // reads TOML 1.1, which accepts forms Sherpa refuses, so it no longer decides.
  // the earliest error: an unclosed bracket is found late but stands first
  const first = doc.errors.reduce<TomlError | undefined>((a, e) => (!a || e.start < a.start ? e : a), undefined);
  const syntax = first && ownError(first);
  if (syntax) out.error(syntax.span, 'toml-syntax', syntax.message);
  const view = viewOf(doc);
  let headerOf: Map<TomlTable, Span> | undefined; // only needed when a table lacks a required key
  const header = (t: TomlTable) =>
    (headerOf ??= new Map(doc.headers.map((h) => [h.table, { start: h.start, end: h.end }]))).get(t);
  const ctx: RuleContext = {
    view,
    text,
    catalog: catalog(),
    images,
    out,
    partial: !!syntax,
    anchor: (t) =>
      header(t) ??
      (t.style === 'root'
        ? { start: 0, end: lines.lineCount > 1 ? lines.lineStart(1) - 1 : text.length }
        : { start: t.start, end: Math.min(t.end, t.start + 1) }),
  };
  checkStructure(ctx);
  checkKinds(ctx);
  checkSherpaRules(ctx);
  checkNames(ctx);
  checkImpairments(ctx);
  checkProvisioning(ctx);
  checkImages(ctx);
  checkFiles(ctx, files);
  out.list.sort((a, b) => a.start - b.start || a.end - b.end);
  return { view, problems: out.list, lines };
}

function ownError(e: TomlError): { span: Span; message: string } {
  return { span: { start: e.start, end: Math.max(e.end, e.start + 1) }, message: `TOML syntax error: ${e.message}` };
}
