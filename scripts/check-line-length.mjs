// Lines of code at 120 columns or less (npm run lint). Prettier wraps code at 120 but never breaks a string, a
// regular expression or a template, so a long one passed it unnoticed; this catches those.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sourceFiles } from './sourceFiles.mjs';

const MAX = 120;

const long = [];
for (const dir of ['client', 'server', 'common', 'engine', 'test', 'scripts', '.ci']) {
  for (const file of sourceFiles(dir, /\.(ts|js|mjs)$/)) {
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
