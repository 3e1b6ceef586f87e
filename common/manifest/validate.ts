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
  /** each rule's problems, in the order it found them (./revalidate.ts re-checks one node with them) */
  byRule: Record<RuleName, Problem[]>;
  images: ImageIndex;
}

/** the rules, in the order they run (the order of problems at the same place) */
export const RULE_NAMES = [
  'syntax',
  'structure',
  'kinds',
  'sherpa',
  'names',
  'impairments',
  'provisioning',
  'images',
  'files',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** each rule run into its own list; `only` picks the rules (all by default) */
export function runRules(
  ctx: RuleContext,
  files: FileProbe | undefined,
  only: readonly RuleName[] = RULE_NAMES,
): Partial<Record<RuleName, Problem[]>> {
  const run: Record<Exclude<RuleName, 'syntax'>, (c: RuleContext) => void> = {
    structure: checkStructure,
    kinds: checkKinds,
    sherpa: checkSherpaRules,
    names: checkNames,
    impairments: checkImpairments,
    provisioning: checkProvisioning,
    images: checkImages,
    files: (c) => checkFiles(c, files),
  };
  const out: Partial<Record<RuleName, Problem[]>> = {};
  for (const name of only) {
    if (name === 'syntax') continue;
    ctx.out = new Problems();
    run[name](ctx);
    out[name] = ctx.out.list;
  }
  return out;
}

/** all problems, by position; at the same place in rule order */
export function sortedProblems(byRule: Record<RuleName, Problem[]>): Problem[] {
  return RULE_NAMES.flatMap((r) => byRule[r]).sort((a, b) => a.start - b.start || a.end - b.end);
}

export function validateManifest(
  text: string,
  images: ImageIndex = emptyIndex('/opt/sherpa/images'),
  lines = new LineIndex(text),
  files?: FileProbe,
): Validation {
  const syntaxOut = new Problems();
  const doc = parseToml(text);
  // TOML 1.0, as Sherpa's parser reads it: the tolerant parser is the judge, its first error placed at the
  // token (an unclosed bracket at the bracket). It is held to the TOML 1.0 specification by a conformance
  // corpus (test/unit/toml10.test.ts) and to smol-toml's rejections by a property test; smol-toml itself
  // reads TOML 1.1, which accepts forms Sherpa refuses, so it no longer decides.
  // the earliest error: an unclosed bracket is found late but stands first
  const first = doc.errors.reduce<TomlError | undefined>((a, e) => (!a || e.start < a.start ? e : a), undefined);
  const syntax = first && ownError(first);
  if (syntax) syntaxOut.error(syntax.span, 'toml-syntax', syntax.message);
  const view = viewOf(doc);
  let headerOf: Map<TomlTable, Span> | undefined; // only needed when a table lacks a required key
  const header = (t: TomlTable) =>
    (headerOf ??= new Map(doc.headers.map((h) => [h.table, { start: h.start, end: h.end }]))).get(t);
  const ctx = ruleContext(view, text, images, lines, !!syntax, header);
  const byRule = { syntax: syntaxOut.list, ...runRules(ctx, files) } as Record<RuleName, Problem[]>;
  return { view, problems: sortedProblems(byRule), lines, byRule, images };
}

export function ruleContext(
  view: ManifestView,
  text: string,
  images: ImageIndex,
  lines: LineIndex,
  partial: boolean,
  header: (t: TomlTable) => Span | undefined,
): RuleContext {
  return {
    view,
    text,
    catalog: catalog(),
    images,
    out: new Problems(),
    partial,
    anchor: (t) =>
      header(t) ??
      (t.style === 'root'
        ? { start: 0, end: lines.lineCount > 1 ? lines.lineStart(1) - 1 : text.length }
        : { start: t.start, end: Math.min(t.end, t.start + 1) }),
  };
}

function ownError(e: TomlError): { span: Span; message: string } {
  return { span: { start: e.start, end: Math.max(e.end, e.start + 1) }, message: `TOML syntax error: ${e.message}` };
}
