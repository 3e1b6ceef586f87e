// Test-runner entry: VS Code (code-server's extension host, or @vscode/test-electron) calls run()
// with extensionTestsPath pointing at this module.
import { runMocha } from './runMocha';

export function run(): Promise<void> {
  return runMocha(__dirname, '.test.js', 60_000);
}
