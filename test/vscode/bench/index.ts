// Entry for `npm run bench`'s VS Code part: only the *.bench.js files of this folder, in the real
// extension host (same harness as the tests).
import { runMocha } from '../runMocha';

export function run(): Promise<void> {
  return runMocha(__dirname, '.bench.js', 300_000);
}
