// `npm run test:electron`: the same suite in desktop VS Code, wherever it can be downloaded
// (not on this project's CI machines, whose network reaches only npm and Debian).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareWorkspace } from '../../scripts/demoWorkspace';

const root = path.resolve(__dirname, '../../..');
const ws = prepareWorkspace(root);
runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: path.resolve(__dirname, './index'),
  launchArgs: [ws, '--disable-extensions'],
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
