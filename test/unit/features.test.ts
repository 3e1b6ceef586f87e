// Hover, go to definition, rename, document symbols and code actions on cursor-marker fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { codeActions } from '../../server/src/language/codeActions';
import { diagnostics } from '../../server/src/language/diagnostics';
import { hover } from '../../server/src/language/hover';
import { definition, prepareRename, rename, RenameError } from '../../server/src/language/navigation';
import { documentSymbols } from '../../server/src/language/symbols';
import { at } from '../helpers/cursor';
import { fakeImages } from '../helpers/images';

const md = (h: Hover | null) => (h!.contents as MarkupContent).value;
const LAB =
  'name = "l"\nnodes = [\n  { name = "r1", model = "cisco_iosv" },\n  { name = "u1", model = "unikraft_unikernel", ' +
  'data_interface_count = 1 },\n]\nlinks = [{ src = "u1::eth1", dst = "r1::gig0/1" }]\n';
const mark = (needle: string, delta = 1) => {
  const i = LAB.indexOf(needle) + delta;
  return LAB.slice(0, i) + '$0' + LAB.slice(i);
};

test('hover on a key shows type, default for this model and what it applies to', () => {
  const { a, offset } = at(
    'name = "l"\n[[nodes]]\nname = "n"\nmodel = "nanos_unikernel"\nmem$0ory = 64\nkernel_cmdline = "x"\n',
  );
  const text = md(hover(a, offset));
  assert.match(text, /\*\*memory\*\*: integer \(u16\), MiB/);
  assert.match(text, /Default: `512 \(nanos_unikernel default\)`/);
  const { a: b, offset: o2 } = at(
    'name = "l"\n[[nodes]]\nname = "n"\nmodel = "nanos_unikernel"\nkernel_cm$0dline = "x"\n',
  );
  assert.match(md(hover(b, o2)), /No effect on nanos_unikernel/);
});

test('hover on a model shows kind, defaults, interfaces, image path and versions', () => {
  const images = fakeImages({ unikraft_unikernel: { versions: { '0.18': {} } } });
  const { a, offset } = at('name = "l"\nnodes = [{ name = "n", model = "unikraft_$0unikernel" }]\n', images);
  const text = md(hover(a, offset));
  assert.match(text, /direct-kernel unikernel/);
  assert.match(text, /1 vCPU, 512 MiB, 0 data interfaces/);
  assert.match(text, /`\/images\/unikraft_unikernel\/<version>\/kernel\.elf`/);
  assert.match(text, /\*\*0\.18\*\* \(default\)/);
});

test('hover on an endpoint describes the node and the interface', () => {
  const { a, offset } = at(mark('r1::gig0/1', 6));
  assert.match(md(hover(a, offset)), /Interface `gig0\/1` of \*\*r1\*\* \(cisco_iosv\): index 1, data interface/);
});

test('go to definition from an endpoint lands on the node name', () => {
  const { a, offset } = at(mark('u1::eth1'));
  const loc = definition(a, 'file:///m.toml', offset)!;
  assert.deepEqual(loc.range.start, { line: 3, character: 11 });
});

test('rename a node from its name updates every endpoint; unsafe names are refused', () => {
  const { a, offset } = at(mark('"u1"', 2));
  assert.equal(prepareRename(a, offset)!.placeholder, 'u1');
  const edit = rename(a, 'file:///m.toml', offset, 'uk-1')!;
  const edits = edit.changes!['file:///m.toml'];
  assert.equal(edits.length, 2);
  assert.ok(edits.every((e) => e.newText === 'uk-1'));
  assert.throws(() => rename(a, 'file:///m.toml', offset, '../etc'), RenameError);
  assert.throws(() => rename(a, 'file:///m.toml', offset, 'r1'), /already exists/);
});

test('document symbols list nodes and links', () => {
  const { a } = at(LAB + '$0');
  const syms = documentSymbols(a);
  assert.deepEqual(
    syms.map((s) => s.name),
    ['nodes', 'links'],
  );
  assert.deepEqual(
    syms[0].children!.map((s) => `${s.name}:${s.detail}`),
    ['r1:cisco_iosv', 'u1:unikraft_unikernel'],
  );
});

test('code actions come from the fixes a diagnostic carries', () => {
  const { a } = at('name = "l"\nnodes = [{ name = "n", model = "generic_vmm" }]\n$0');
  const diags = diagnostics(a);
  const actions = codeActions(a, 'file:///m.toml', diags);
  assert.equal(actions[0].title, 'Change to `generic_vm`');
  assert.equal(actions[0].isPreferred, true);
  assert.equal(actions[0].edit!.changes!['file:///m.toml'][0].newText, 'generic_vm');
});

test('hover on a version shows what up would boot, or its refusal, from the shared resolver', () => {
  const images = fakeImages({ nanos_unikernel: { versions: { '1': { 'disk.qcow2': 2 ** 30 } } } });
  const ok = at('name = "l"\nnodes = [{ name = "n", model = "nanos_unikernel", version = "$01" }]\n', images);
  assert.match(md(hover(ok.a, ok.offset)), /`\/images\/nanos_unikernel\/1\/disk\.qcow2` — virtual size 1\.00 GiB/);
  const missing = at('name = "l"\nnodes = [{ name = "n", model = "nanos_unikernel", version = "$02" }]\n', images);
  assert.match(
    md(hover(missing.a, missing.offset)),
    /\*\*Not usable:\*\* Version '2' not found for model: nanos_unikernel/,
  );
  const dots = at('name = "l"\nnodes = [{ name = "n", model = "nanos_unikernel", version = "$0.." }]\n', images);
  assert.match(md(hover(dots.a, dots.offset)), /\*\*Not usable:\*\* version '\.\.' cannot be a folder name/);
});
