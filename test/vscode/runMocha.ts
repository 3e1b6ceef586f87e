// Runs the mocha files of a folder inside the VS Code extension host. Reporter lines go to the console
// with a prefix and a final summary line, so the code-server harness can pick them out of the browser.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as util from 'node:util';
import Mocha from 'mocha';

export function runMocha(dir: string, suffix: string, timeout: number): Promise<void> {
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...args: unknown[]) =>
    console.log('[mocha] ' + util.format(...args));
  // MOCHA_GREP (inherited through code-server): only the matching tests, while working on them
  const grep = process.env.MOCHA_GREP || undefined;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout, reporter: 'spec', grep });
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith(suffix)) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      const s = runner.stats!;
      console.log('[mocha-summary] ' + JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending }));
      if (failures > 0) reject(new Error(`${failures} failed.`));
      else resolve();
    });
  });
}
