// The repository's source files under a folder, for the lint scripts (check-imports.mjs, check-line-length.mjs).
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
/** what no lint script reads: installed packages, build output, hidden folders */
const SKIP = new Set(['node_modules', 'dist', 'out', 'build']);

/** every file under `dir` (relative to the repository) whose name matches `wanted`, as a relative path */
export function* sourceFiles(dir, wanted) {
  for (const e of readdirSync(join(ROOT, dir))) {
    if (SKIP.has(e) || e.startsWith('.')) continue;
    const p = `${dir}/${e}`;
    if (statSync(join(ROOT, p)).isDirectory()) yield* sourceFiles(p, wanted);
    else if (wanted.test(p)) yield p;
  }
}
