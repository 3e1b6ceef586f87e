// Folder settings become the absolute paths libvirt needs.
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import test from 'node:test';
import { defaultSettings, expandPath } from '../../engine/src/lab/settings';

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
