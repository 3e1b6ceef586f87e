// libvirt networks on a privileged connection: a bridge is a shared L2 segment (three guests hear each
// other), and the nat mode puts management on Sherpa's NAT network. No test sends traffic to a host
// address: bridges have none, and the nat-mode guests have no network driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { labFolder, needLibvirt, testEngine, URI, virsh } from '../helpers/libvirt';

const linux = (name: string) =>
  `[[nodes]]\nname = "${name}"\nmodel = "generic_unikernel"\nversion = "linux"\nkernel_cmdline = "console=ttyS0 ` +
  `quiet panic=-1"\nmemory = 192\ndata_interface_count = 1\n`;

test('a bridge joins three guests on one L2 segment', { timeout: 180_000 }, async (t) => {
  if (!needLibvirt(t)) return;
  if (!URI.endsWith('/system')) {
    t.skip('bridges need qemu:///system');
    return;
  }
  const engine = testEngine();
  const r = await engine.up(
    labFolder(
      `name = "it-bridge"\n${['b1', 'b2', 'b3'].map(linux).join('\n')}\n[[bridges]]\nname = "seg"\nlinks = ` +
        `["b1::eth1", "b2::eth1", "b3::eth1"]\n`,
    ),
  );
  try {
    const net = `sherpa-bridge0-${r.plan.id}`;
    assert.match(virsh('net-list', '--name'), new RegExp(net));
    assert.doesNotMatch(virsh('net-dumpxml', net), /<ip /, 'the host has no address on the segment');
    for (const n of r.plan.nodes) await waitForSerial(n.serialLog, /LINK RX \d+/, 90_000);
  } finally {
    const d = await engine.destroy(r.plan.id);
    assert.deepEqual(d.errors, []);
    assert.doesNotMatch(virsh('net-list', '--all', '--name'), new RegExp(r.plan.id), 'the network is gone');
  }
});

test(
  'nat mode: management on a libvirt NAT network with DHCP entries for the nodes',
  { timeout: 90_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    if (!URI.endsWith('/system')) {
      t.skip('the nat mode needs qemu:///system');
      return;
    }
    const engine = testEngine({ networkMode: 'nat' });
    const r = await engine.up(
      labFolder(
        'name = "it-nat"\n[[nodes]]\nname = "a"\nmodel = "generic_unikernel"\nversion = "hello"\n[[nodes]]\nname = ' +
          '"b"\nmodel = "generic_unikernel"\nversion = "hello"\n',
      ),
    );
    try {
      assert.deepEqual([...r.ready].sort(), ['a', 'b']);
      const net = `sherpa-management-${r.plan.id}`;
      const xml = virsh('net-dumpxml', net);
      assert.match(xml, /<forward mode=["']nat["']/);
      assert.match(xml, /<host mac=["']52:54:00:[0-9a-f:]+01["'] name=["']a["'] ip=["']172\.31\.\d+\.11["']/);
      assert.match(virsh('domiflist', r.plan.nodes[0].domainName), new RegExp(`network\\s+${net}`));
      for (const n of r.plan.nodes) await waitForSerial(n.serialLog, 'READY', 30_000);
    } finally {
      const d = await engine.destroy(r.plan.id);
      assert.deepEqual(d.errors, []);
      assert.doesNotMatch(virsh('net-list', '--all', '--name'), new RegExp(r.plan.id));
    }
  },
);
