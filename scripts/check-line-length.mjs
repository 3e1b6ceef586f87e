// Lines of code at 120 columns or less (npm run lint). Prettier wraps code at 120 but never breaks a string, a
// regular expression or a template, so a long one passed it unnoticed; this catches those.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const MAX = 120;
const SKIP = new Set(['node_modules', 'dist', 'out', 'build']);

function* files(dir) {
  for (const e of readdirSync(join(ROOT, dir))) {
    if (SKIP.has(e) || e.startsWith('.')) continue;
    const p = dir ? `${dir}/${e}` : e;
    if (statSync(join(ROOT, p)).isDirectory()) yield* files(p);
    else if (/\.(ts|js|mjs)$/.test(p)) yield p;
  }
}

const long = [];
for (const dir of ['client', 'server', 'common', 'engine', 'test', 'scripts', '.ci']) {
  for (const file of files(dir)) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      // columns as an editor counts them: code points, not UTF-16 units
      .forEach((line, i) => [...line].length > MAX && long.push(`${file}:${i + 1}: ${[...line].length} columns`));
  }
}
if (long.length) {
  console.error(`lines over ${MAX} columns (split the string or the comment):\n  ${long.join('\n  ')}`);
  process.exit(1);
}
console.log(`line length: ok (at most ${MAX})`);
