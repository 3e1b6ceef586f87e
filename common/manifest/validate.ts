// Validation entry point: text + image store -> problems, sorted by position. Pure apart from what
// the image index already holds; never throws on any input.
import { parse as smolParse } from 'smol-toml';
import { catalog } from '../catalog/catalog';
import { emptyIndex, type ImageIndex } from '../images/index';
import type { Span, TomlError, TomlTable } from '../toml/ast';
import { LineIndex } from '../toml/lineIndex';
import { NESTING_MESSAGE, parseToml } from '../toml/parser';
import { Problems, type Problem } from './problem';
import type { RuleContext } from './rules/context';
import { checkFiles, type FileProbe } from './rules/files';
import { checkImages } from './rules/images';
import { checkNames } from './rules/names';
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
  // The tolerant parser flags every document smol-toml rejects (a fuzz test holds it to that), so the
  // second parse only runs to produce smol-toml's message and position when something is wrong.
  // (not for nesting too deep: smol-toml recurses, and would overflow the stack on it)
  const tooDeep = doc.errors.find((e) => e.message === NESTING_MESSAGE);
  const syntax = tooDeep
    ? ownError(tooDeep)
    : doc.errors.length
      ? (syntaxError(text, lines) ?? ownError(doc.errors[0]))
      : undefined;
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
  checkImages(ctx);
  checkFiles(ctx, files);
  out.list.sort((a, b) => a.start - b.start || a.end - b.end);
  return { view, problems: out.list, lines };
}

function ownError(e: TomlError): { span: Span; message: string } {
  return { span: { start: e.start, end: Math.max(e.end, e.start + 1) }, message: `TOML syntax error: ${e.message}` };
}

/** smol-toml is the judge of TOML syntax; its first error, placed on the offending token */
function syntaxError(text: string, lines: LineIndex): { span: Span; message: string } | undefined {
  try {
    smolParse(text);
    return undefined;
  } catch (e) {
    const err = e as { line?: number; column?: number; message?: string };
    const line = Math.max(0, (err.line ?? 1) - 1);
    const start = lines.offset({ line, character: Math.max(0, (err.column ?? 1) - 1) });
    const lineEnd = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length;
    const word = /^[^\s,\]}=]*/.exec(text.slice(start, lineEnd))![0].length;
    const msg = String(err.message ?? e)
      .split('\n')[0]
      .replace(/^Invalid TOML document: /, '');
    return { span: { start, end: Math.min(lineEnd, start + Math.max(word, 1)) }, message: `TOML syntax error: ${msg}` };
  }
}
