// The leftover reaper only ever looks at manifests in the tests' own temporary folders.
import assert from 'node:assert/strict';
import test from 'node:test';
import { isTestManifest } from '../helpers/reapTestLabs';

test('test manifests are recognised by their temporary folder, nothing else is', () => {
  assert.ok(isTestManifest('/tmp/sherpa-it-a1b2/manifest.toml', '/tmp'));
  assert.ok(isTestManifest('/tmp/vscode-e2e-run.Xy12/ws-ext/manifest.toml', '/tmp'));
  assert.ok(isTestManifest('/tmp/sherpa-vscode-ws-9z/manifest.toml', '/tmp'));
  for (const m of [
    '/home/me/lab/manifest.toml',
    '/tmp/my-lab/manifest.toml',
    '/tmp/../tmp2/sherpa-it-x/manifest.toml',
    '/opt/sherpa-it-x/manifest.toml',
    '/tmpx/sherpa-it-1/manifest.toml',
  ])
    assert.ok(!isTestManifest(m, '/tmp'), m);
});
