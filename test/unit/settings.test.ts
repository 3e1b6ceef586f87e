// Folder settings become the absolute paths libvirt needs.
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import test from 'node:test';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { privateDir } from '../../engine/src/lab/privateDir';
import { join } from 'node:path';
import { defaultSettings, expandPath } from '../../engine/src/lab/settings';
import { uriRunsPrograms } from '../../engine/src/libvirt/virsh';
import { catalog } from '../../common/catalog/catalog';
import { manifestJsonSchema } from '../../common/catalog/jsonSchema';

test('~, ${workspaceFolder} and relative folders become absolute', () => {
  assert.equal(expandPath('~/images', '/w'), `${homedir()}/images`);
  assert.equal(expandPath('~', '/w'), homedir());
  assert.equal(expandPath('${workspaceFolder}/images', '/w'), '/w/images');
  assert.equal(expandPath('images/../img', '/w'), '/w/img');
  assert.equal(expandPath('/opt/sherpa/images/', '/w'), '/opt/sherpa/images');
  assert.equal(expandPath('~user/x', '/w'), '/w/~user/x', 'only the own home folder is expanded');
});

test('the CLI defaults take relative folders from the working folder', () => {
  const s = defaultSettings({ imagesDir: 'fixtures/images', labsDir: '/l' });
  assert.equal(s.imagesDir, `${process.cwd()}/fixtures/images`);
  assert.equal(s.labsDir, '/l');
});

test('libvirt URIs whose transport runs a program are recognised, ordinary ones are not', () => {
  for (const u of [
    'qemu+ext:///system?command=/tmp/x',
    'qemu+ssh://h/system?command=/tmp/x',
    'qemu+ssh://h/system?netcat=/x',
    'QEMU+EXT:///system',
  ])
    assert.equal(uriRunsPrograms(u), true, u);
  for (const u of [
    'qemu:///system',
    'qemu:///session',
    'qemu+ssh://user@host/system',
    'qemu+tcp://127.0.0.1/system?no_verify=1',
  ])
    assert.equal(uriRunsPrograms(u), false, u);
});

test('settings naming a path, URI or program are restricted in untrusted folders; virshPath is machine-wide', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  const props = pkg.contributes.configuration.properties;
  for (const key of [
    'sherpa.imagesDir',
    'sherpa.labsDir',
    'sherpa.libvirt.uri',
    'sherpa.virshPath',
    'sherpa.consoleAccess',
  ])
    assert.ok(restricted.includes(key), key);
  for (const key of restricted) assert.ok(props[key], `${key} is a contributed setting`);
  assert.equal(props['sherpa.virshPath'].scope, 'machine');
  // the client's own list (client/src/config.ts) names the same keys
  const config = readFileSync(join(__dirname, '../../../client/src/config.ts'), 'utf8');
  const listed = [.../RESTRICTED = \[([^\]]*)\]/.exec(config)![1].matchAll(/'([^']+)'/g)].map((m) => `sherpa.${m[1]}`);
  assert.deepEqual([...listed].sort(), [...restricted].sort());
});

test('no setting is scoped per folder: the client reads one value for the window', () => {
  // config.ts reads getConfiguration('sherpa') without a resource; a `resource` (or language-overridable) setting
  // would promise folder-level values that multi-root workspaces never get, and VS Code warns on every read
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const props: Record<string, { scope?: string }> = pkg.contributes.configuration.properties;
  const perFolder = Object.entries(props).filter(
    ([, v]) => !['application', 'machine', 'machine-overridable', 'window'].includes(v.scope ?? 'window'),
  );
  assert.deepEqual(
    perFolder.map(([k, v]) => `${k}: ${v.scope}`),
    [],
  );
  const config = readFileSync(join(__dirname, '../../../client/src/config.ts'), 'utf8');
  assert.match(config, /getConfiguration\(SECTION\)/, 'read without a resource, as this test assumes');
});

test('console access: loopback by default, private on request, anything else refused', () => {
  assert.equal(defaultSettings({}).consoleAccess, 'loopback');
  assert.equal(defaultSettings({ consoleAccess: 'private' }).consoleAccess, 'private');
  assert.throws(() => defaultSettings({ consoleAccess: 'public' }), /loopback or private/);
});

test('the manifest JSON Schema: built from the catalog, shipped in the VSIX, contributed for Even Better TOML', () => {
  const root = join(__dirname, '../../..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const [rule] = pkg.contributes.tomlValidation;
  assert.equal(rule.fileMatch, 'manifest.toml');
  const built = JSON.parse(readFileSync(join(root, rule.url), 'utf8'));
  assert.deepEqual(built, manifestJsonSchema(catalog()));
  assert.ok(readFileSync(join(root, '.vscodeignore'), 'utf8').includes(`!${rule.url.replace(/^\.\//, '')}`));
});

test('locks live in a private per-user folder (0700), made private again if someone opened it', () => {
  const base = mkdtempSync(join(tmpdir(), 'sherpa-state-'));
  const dir = privateDir('locks', { XDG_STATE_HOME: base });
  assert.equal(dir, join(base, 'sherpa-labs', 'locks'));
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  chmodSync(dir, 0o755);
  privateDir('locks', { XDG_STATE_HOME: base });
  assert.equal(statSync(dir).mode & 0o777, 0o700);
});
