// Completion with cursor-marker fixtures ($0), including half-typed documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { completion } from '../../server/src/language/completion';
import { at } from '../helpers/cursor';
import { fakeImages } from '../helpers/images';

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const complete = (marked: string, images?: ReturnType<typeof fakeImages>) => {
  const { a, offset } = at(marked, images);
  return completion(a, offset);
};
const newText = (i: CompletionItem) => (i.textEdit as { newText: string }).newText;

test('node keys in a [[nodes]] table leave out keys already present and keys with no effect on the kind', () => {
  const items = complete('name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\n$0\n');
  const l = labels(items);
  for (const k of ['kernel_cmdline', 'ready_port', 'version', 'cpu_count', 'memory', 'data_interface_count'])
    assert.ok(l.includes(k), k);
  for (const k of ['name', 'model', 'boot_disk_size', 'volumes', 'startup_scripts_data']) assert.ok(!l.includes(k), k);
  assert.ok(l.includes('unikernel node') && l.includes('link'), 'snippets at the start of a line');
  const mem = items.find((i) => i.label === 'memory')!;
  assert.equal(newText(mem), 'memory = ${1:512}', 'the default comes from the model');
});

test('keys inside an inline node table while typing', () => {
  const items = complete('name = "l"\nnodes = [\n  { name = "a", mo$0 }\n]\n');
  assert.ok(labels(items).includes('model'));
  assert.ok(!labels(items).includes('name'));
  assert.ok(!labels(items).includes('unikernel node'), 'no [[table]] snippets inside an inline table');
});

test('keys at the start of a line inside an inline table being typed over lines: no [[table]] snippets', () => {
  const l = labels(complete('name = "l"\nnodes = [\n  {\n    $0\n  }\n]\n'));
  assert.ok(l.includes('name') && l.includes('model'), JSON.stringify(l));
  assert.ok(!l.includes('unikernel node') && !l.includes('link'), JSON.stringify(l));
});

test('keys on an empty line right after [[nodes]] (taplo #472)', () => {
  const l = labels(complete('name = "l"\n[[nodes]]\n$0'));
  assert.ok(l.includes('name') && l.includes('model'));
});

test('top-level keys in a document that is still empty', () => {
  const l = labels(complete('$0'));
  assert.ok(l.includes('name') && l.includes('nodes') && l.includes('ready_timeout'));
});

test('model values are all 58, unikernels first, in and out of quotes', () => {
  const items = complete('name = "l"\n[[nodes]]\nname = "n"\nmodel = "uni$0"\n');
  assert.equal(items.length, 58);
  const sorted = [...items].sort((x, y) => x.sortText!.localeCompare(y.sortText!));
  assert.equal(sorted[0].label, 'generic_unikernel');
  assert.equal(newText(items.find((i) => i.label === 'unikraft_unikernel')!), 'unikraft_unikernel');
  const bare = complete('name = "l"\n[[nodes]]\nname = "n"\nmodel = $0\n');
  assert.equal(newText(bare.find((i) => i.label === 'generic_vm')!), '"generic_vm"');
});

test('version values come from the image store for the node model, default preselected', () => {
  const images = fakeImages({
    nanos_unikernel: { versions: { '0.1.50': {}, '0.1.52': {} }, marked: '0.1.50' },
    generic_vm: { versions: { '9': {} } },
  });
  const items = complete('name = "l"\nnodes = [{ name = "n", model = "nanos_unikernel", version = "$0" }]\n', images);
  assert.deepEqual(labels(items).sort(), ['0.1.50', '0.1.52']);
  assert.equal(items.find((i) => i.preselect)?.label, '0.1.50');
});

test('link endpoints: node names with ::, then unused interfaces of that node model', () => {
  const doc = (src: string) =>
    `name = "l"\nnodes = [\n  { name = "r1", model = "cisco_iosv" },\n  { name = "u1", model = ` +
    `"unikraft_unikernel", data_interface_count = 2 },\n]\nlinks = [\n  { src = "u1::eth1", dst = "r1::gig0/1" ` +
    `},\n  { src = "${src}" },\n]\n`;
  assert.deepEqual(labels(complete(doc('$0'))), ['r1::', 'u1::']);
  const r1 = labels(complete(doc('r1::$0')));
  assert.equal(r1[0], 'gig0/2', 'gig0/1 is already used');
  assert.ok(!r1.includes('gig0/0'), 'never the management interface');
  const u1 = complete(doc('u1::$0'));
  assert.deepEqual(labels(u1).slice(0, 1), ['eth2']);
  assert.match(u1.find((i) => i.label === 'eth3')!.detail!, /needs data_interface_count = 3/);
});

test('bridge members complete like link endpoints', () => {
  const l = labels(
    complete(
      'name = "l"\nnodes = [{ name = "a", model = "generic_vm" }]\n[[bridges]]\nname = "b"\nlinks = ["a::$0"]\n',
    ),
  );
  assert.deepEqual(l.slice(0, 1), ['eth1']);
});

test('[[header]] names', () => {
  assert.ok(labels(complete('name = "l"\n[[no$0')).includes('nodes'));
  assert.ok(labels(complete('name = "l"\n[$0')).includes('ztp_server'));
});

test('booleans', () => {
  assert.deepEqual(labels(complete('name = "l"\n[[links]]\np2p = $0\n')), ['true', 'false']);
});
