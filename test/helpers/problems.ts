// Reading validation results in rule tests: find a problem by code, apply one of its fixes.
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import type { Problem } from '../../common/manifest/problem';
import type { fakeImages } from './images';

export const codes = (ps: Problem[]) => ps.map((p) => `${p.severity}:${p.code}`);

/** a problem's fixes by title, the preferred one marked `* ` */
export const fixTitles = (p: Problem) => (p.fixes ?? []).map((f) => (f.preferred ? '* ' : '') + f.title);

/** the text after `edits` (non-overlapping), applied from the last */
export const applyEdits = (text: string, edits: { start: number; end: number; newText: string }[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

/** the text after the problem's fix number `fix` */
export const apply = (text: string, p: Problem, fix = 0): string => applyEdits(text, p.fixes![fix].edits);

/** the first problem of `code` in the text (failing the test when there is none) */
export function problem(text: string, code: string, images?: ReturnType<typeof fakeImages>): Problem {
  const p = validateManifest(text, images).problems.find((x) => x.code === code);
  assert.ok(p, `expected a ${code} problem`);
  return p!;
}
