// Hostile or unusual input never takes the language features or the CLI down: nesting thousands deep,
// thousands of problems in one file, a byte-order mark, a malformed configure message, remote file URIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readManifestFile } from '../../common/manifest/read';
import { validateManifest } from '../../common/manifest/validate';
import { MAX_NESTING, NESTING_MESSAGE } from '../../common/toml/parser';
import { diagnostics, MAX_DIAGNOSTICS } from '../../server/src/language/diagnostics';
import { analyse } from '../../server/src/language/service';
import { fileProbe } from '../../server/src/probe';
import { configuredImagesDir, DEFAULT_IMAGES_DIR } from '../../server/src/settings';

test('arrays and inline tables 5,000 deep: one syntax error at the bracket too deep, no stack overflow', () => {
  for (const [open, close] of [
    ['[', ']'],
    ['{ a = ', '}'],
  ]) {
    const text = `name = "x"\nv = ${open.repeat(5000)}1${close.repeat(5000)}\n`;
    const v = validateManifest(text);
    const syntax = v.problems.filter((p) => p.code === 'toml-syntax');
    assert.equal(syntax.length, 1, open);
    assert.equal(syntax[0].message, `TOML syntax error: ${NESTING_MESSAGE}`);
    assert.equal(
      syntax[0].start,
      text.indexOf(open) + open.length * MAX_NESTING,
      'placed on the first bracket too deep',
    );
  }
  // unclosed, too: the skip stops at the end of the file
  assert.ok(validateManifest(`v = ${'['.repeat(20000)}\n`).problems.some((p) => p.code === 'toml-syntax'));
});

test('diagnostics are capped per document, errors first, with an entry saying how many more', () => {
  const nodes = Array.from({ length: 1500 }, (_, i) => `[[nodes]]\nname = "n${i}"\nmodel = "nope_${i}"\n`).join('');
  const text = `name = "x"\n${nodes}`;
  const d = diagnostics(analyse(text));
  const problems = validateManifest(text).problems.length;
  assert.ok(problems > MAX_DIAGNOSTICS, `${problems} problems`);
  assert.equal(d.length, MAX_DIAGNOSTICS + 1);
  assert.equal(d[d.length - 1].code, 'more-problems');
  assert.match(
    String(d[d.length - 1].message),
    new RegExp(`^${problems - MAX_DIAGNOSTICS} more problems are not shown`),
  );
  assert.ok(
    d.slice(0, -1).every((x) => x.severity === 1),
    'errors come first',
  );
  assert.ok(
    diagnostics(analyse('name = "x"\nnodes = [{ name = "a", model = "nope" }]\n')).every(
      (x) => x.code !== 'more-problems',
    ),
  );
});

test('a leading byte-order mark: every CLI path reads the manifest, validate passes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-bom-'));
  const file = join(dir, 'manifest.toml');
  writeFileSync(file, '\uFEFFname = "bom"\n[[nodes]]\nname = "a"\nmodel = "generic_unikernel"\n');
  assert.equal(readManifestFile(file).charCodeAt(0), 'n'.charCodeAt(0));
  const cli = resolve(__dirname, '../../../engine/dist/cli.js');
  const out = execFileSync(process.execPath, [cli, 'validate', '--manifest', file, '--images-dir', dir], {
    encoding: 'utf8',
  });
  assert.doesNotMatch(out, /Unexpected character|error/i);
});

test('sherpa/configure: an absolute images folder is taken, anything else refused, none means the default', () => {
  assert.equal(configuredImagesDir({ imagesDir: '/srv/images' }), '/srv/images');
  assert.equal(configuredImagesDir({}), DEFAULT_IMAGES_DIR);
  assert.equal(configuredImagesDir({ imagesDir: '' }), DEFAULT_IMAGES_DIR);
  for (const bad of [null, 42, 'x', { imagesDir: 7 }, { imagesDir: 'relative/dir' }, { imagesDir: '/a\0b' }])
    assert.equal(configuredImagesDir(bad), undefined, JSON.stringify(bad));
});

test('referenced files are probed for local file URIs only', () => {
  assert.ok(fileProbe('file:///tmp/lab/manifest.toml'));
  assert.ok(fileProbe('file://localhost/tmp/lab/manifest.toml'));
  assert.equal(fileProbe('file://otherhost/share/manifest.toml'), undefined);
  assert.equal(fileProbe('untitled:Untitled-1'), undefined);
  // and a document under such a URI is still analysed
  assert.ok(
    analyse('name = "x"\nnodes = [{ name = "a", model = "nope" }]\n', undefined, fileProbe('file://h/x')).validation
      .problems.length,
  );
});
