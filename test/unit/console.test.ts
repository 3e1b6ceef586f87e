// Telnet decoding across chunk boundaries, input escaping, event and list parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeInput, TelnetDecoder } from '../../engine/src/console/telnet';
import { parseEventLine } from '../../engine/src/libvirt/events';
import { isLocalUri } from '../../engine/src/libvirt/virsh';
import { parseDomainList, parseVolumeList } from '../../engine/src/plan/names';

test("QEMU's negotiation is stripped, also when split between chunks", () => {
  const d = new TelnetDecoder();
  const wire = Buffer.from([
    0xff,
    0xfb,
    0x01,
    0xff,
    0xfb,
    0x03,
    0xff,
    0xfb,
    0x00,
    0xff,
    0xfd,
    0x00,
    ...Buffer.from('READY\r\n'),
    0xff,
    0xff,
    0xff,
    0xfa,
    1,
    2,
    0xff,
    0xf0,
    0x41,
  ]);
  const whole = new TelnetDecoder().decode(wire);
  assert.deepEqual([...whole], [...Buffer.from('READY\r\n'), 0xff, 0x41]);
  const out: number[] = [];
  for (const b of wire) out.push(...d.decode(Buffer.from([b])));
  assert.deepEqual(out, [...whole]);
});

test('typed 0xFF is escaped', () => {
  assert.deepEqual([...escapeInput(Buffer.from([0x61, 0xff]))], [0x61, 0xff, 0xff]);
});

test('virsh event lines', () => {
  assert.deepEqual(
    parseEventLine("2026-11-22 13:02:10.894+0000: event 'lifecycle' for domain 'uk1-3f7442dd': Stopped Destroyed"),
    { event: 'lifecycle', domain: 'uk1-3f7442dd', detail: 'Stopped Destroyed' },
  );
  assert.deepEqual(parseEventLine("event 'reboot' for domain 'uk-rb'"), {
    event: 'reboot',
    domain: 'uk-rb',
    detail: '',
  });
  assert.equal(parseEventLine('events received: 3'), undefined);
});

test('virsh list and vol-list tables', () => {
  const states = parseDomainList(
    ' Id   Name           State\n-------------------------------\n 3    uk1-3f7442dd   running\n -    vm 2-3f7442dd ' +
      ' shut off\n',
  );
  assert.deepEqual(
    [...states],
    [
      ['uk1-3f7442dd', 'running'],
      ['vm 2-3f7442dd', 'shut off'],
    ],
  );
  assert.deepEqual(parseVolumeList(' Name    Path\n----------\n a.elf   /p/a.elf\n b.qcow2 /p/b.qcow2\n'), [
    'a.elf',
    'b.qcow2',
  ]);
});

test('local and remote URIs', () => {
  for (const u of ['qemu:///system', 'qemu:///session']) assert.ok(isLocalUri(u), u);
  for (const u of ['qemu+ssh://user@host/system', 'qemu+tcp://127.0.0.1/system']) assert.ok(!isLocalUri(u), u);
});
