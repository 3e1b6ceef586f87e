// "New Lab Manifest": the starter labs are valid manifests, written from the catalog, and land where Sherpa
// reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { catalog } from '../../common/catalog/catalog';
import { parseManifest } from '../../common/manifest/view';
import { validateManifest } from '../../common/manifest/validate';
import { labNameProblem } from '../../common/manifest/names';
import { labNameFrom, STARTERS, starterManifest, starterPath } from '../../common/manifest/starter';
import { fakeImages } from '../helpers/images';

/** an image store holding one marked version of each model the text names */
function storeFor(text: string) {
  const cat = catalog();
  const models = parseManifest(text).nodes.map((n) => n.model!.value);
  return fakeImages(
    Object.fromEntries(
      models.map((m) => [m, { versions: { '1.0': { [cat.imageFile(cat.model(m)!)!]: 1 << 20 } }, marked: '1.0' }]),
    ),
  );
}

test('every starter lab is a manifest the rules find nothing wrong with, with and without images', () => {
  for (const s of STARTERS) {
    const text = starterManifest(s.kind, 'my-lab');
    assert.deepEqual(
      validateManifest(text).problems.map((p) => `${p.code}: ${p.message}`),
      [],
      `${s.kind}:\n${text}`,
    );
    assert.deepEqual(
      validateManifest(text, storeFor(text)).problems.map((p) => `${p.code}: ${p.message}`),
      [],
      `${s.kind} with images:\n${text}`,
    );
  }
});

test('the VM starter is the lab `sherpa new` writes: dev01 and dev02 linked by their first data interfaces', () => {
  const view = parseManifest(starterManifest('vms', 'my-lab'));
  assert.equal(view.name?.value, 'my-lab');
  assert.deepEqual(
    view.nodes.map((n) => [n.name?.value, n.model?.value]),
    [
      ['dev01', 'ubuntu_linux'],
      ['dev02', 'fedora_linux'],
    ],
  );
  assert.deepEqual(
    view.links.map((l) => [l.src?.value.value, l.dst?.value.value]),
    [['dev01::eth1', 'dev02::eth1']],
  );
});

test('the unikernel starter asks each node for the data interface its link uses', () => {
  const view = parseManifest(starterManifest('unikernels', 'u'));
  assert.deepEqual(
    view.nodes.map((n) => n.modelInfo?.kind),
    ['unikernel', 'unikernel'],
  );
  assert.deepEqual(
    view.links.map((l) => [l.src?.value.value, l.dst?.value.value]),
    [['uk1::eth1', 'uk2::eth1']],
  );
});

test('lab names: what may also name a folder; a folder name made into one', () => {
  for (const ok of ['my-lab', 'lab_2', 'a.b', 'x'.repeat(63)]) assert.equal(labNameProblem(ok), undefined, ok);
  for (const bad of ['', '.', '..', '-x', '.hidden', 'a/b', 'a b', 'a"b', 'x'.repeat(64)])
    assert.ok(labNameProblem(bad), bad);
  assert.equal(labNameFrom('My Project (2)'), 'My-Project-2-');
  assert.equal(labNameFrom('..'), 'lab');
  assert.equal(labNameFrom('.config'), 'config');
  assert.equal(labNameFrom('日本'), 'lab');
});

test('a new manifest goes in the folder, or in a folder of its own when the folder has a manifest', () => {
  assert.equal(starterPath(false, 'core'), 'manifest.toml');
  assert.equal(starterPath(true, 'core'), 'core/manifest.toml');
});

test('sherpa-lab new: writes the starter, which validate passes; never over a file; bad input writes nothing', () => {
  const cli = resolve(__dirname, '../../../engine/dist/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-new-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args, '--images-dir', join(dir, 'no-images')], { encoding: 'utf8' });
  const file = join(dir, 'lab1', 'manifest.toml');
  const made = run('new', '--manifest', file, '--starter', 'unikernels');
  assert.equal(made.status, 0, made.stderr);
  assert.equal(readFileSync(file, 'utf8'), starterManifest('unikernels', 'lab1'), 'named after its folder');
  const checked = run('validate', '--manifest', file);
  assert.deepEqual([checked.status, checked.stdout], [0, ''], checked.stderr);
  // the default starter is sherpa new's
  const vms = join(dir, 'vms', 'manifest.toml');
  assert.equal(run('new', '--manifest', vms, '--name', 'v').status, 0);
  assert.equal(readFileSync(vms, 'utf8'), starterManifest('vms', 'v'));
  // what an interrupted run left (its temporary file) is removed by the next run
  const leftover = join(dir, 'again', '.manifest.toml.new');
  mkdirSync(join(dir, 'again'));
  writeFileSync(leftover, 'half a manif');
  assert.equal(run('new', '--manifest', join(dir, 'again', 'manifest.toml'), '--name', 'a').status, 0);
  assert.equal(readFileSync(join(dir, 'again', 'manifest.toml'), 'utf8'), starterManifest('vms', 'a'));
  assert.equal(existsSync(leftover), false);
  // an existing file stays as it was
  writeFileSync(file, '# mine\n');
  const again = run('new', '--manifest', file);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists already: not written over/);
  assert.equal(readFileSync(file, 'utf8'), '# mine\n');
  for (const bad of [
    ['--starter', 'bogus'],
    ['--name', '../up'],
  ]) {
    const r = run('new', '--manifest', join(dir, 'bad', 'manifest.toml'), ...bad);
    assert.equal(r.status, 1, bad.join(' '));
    assert.equal(existsSync(join(dir, 'bad')), false, bad.join(' '));
  }
});
