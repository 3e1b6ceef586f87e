// Test-runner entry: VS Code (code-server's extension host, or @vscode/test-electron) calls run()
// with extensionTestsPath pointing at this module. Reporter lines go to the console with a prefix
// so the code-server harness can pick them out of the browser console.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...args: unknown[]) => console.log('[mocha] ' + util.format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      const s = runner.stats!;
      console.log('[mocha-summary] ' + JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending }));
      if (failures > 0) reject(new Error(`${failures} tests failed.`)); else resolve();
    });
  });
}
