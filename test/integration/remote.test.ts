// The multi-host path: the same engine over a network URI (qemu+tcp to 127.0.0.1), where images go
// into the lab's storage pool by upload instead of being read from the local image store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { labFolder, needLibvirt, testEngine, virsh } from '../helpers/libvirt';

const REMOTE = process.env.LIBVIRT_TEST_REMOTE_URI || 'qemu+tcp://127.0.0.1/system';

test(
  'a lab over qemu+tcp://127.0.0.1 uploads kernels and base images into the pool',
  { timeout: 90_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    try {
      virsh('-c', REMOTE, 'uri');
    } catch {
      if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(`no libvirt TCP listener at ${REMOTE}`);
      t.skip(`no libvirt at ${REMOTE}`);
      return;
    }
    const engine = testEngine({ uri: REMOTE, labsDir: '/var/lib/libvirt/sherpa-labs-it' });
    assert.equal(engine.local, false);
    const m = labFolder(
      'name = "it-remote"\n[[nodes]]\nname = "k"\nmodel = "generic_unikernel"\nversion = "hello"\n[[nodes]]\nname = ' +
        '"d"\nmodel = "nanos_unikernel"\n',
    );
    const r = await engine.up(m);
    try {
      assert.deepEqual([...r.ready].sort(), ['d', 'k']);
      const vols = virsh('-c', REMOTE, 'vol-list', '--pool', r.plan.pool.name);
      assert.match(vols, /base-nanos_unikernel-mbr-disk\.qcow2/);
      assert.match(vols, new RegExp(`kernel-generic_unikernel-hello-${r.plan.id}\\.elf`));
      // on this test host the "remote" folder is readable, so the boot output can be checked
      await waitForSerial(r.plan.nodes[0].serialLog, 'READY', 30_000);
      await waitForSerial(r.plan.nodes[1].serialLog, 'hello from disk', 30_000);
      assert.match(readFileSync(r.plan.nodes[0].serialLog, 'latin1'), /cmdline: \/var\/lib\/libvirt\/sherpa-labs-it\//);
    } finally {
      const d = await engine.destroy(r.plan.id);
      assert.deepEqual(d.errors, []);
      assert.ok(!virsh('-c', REMOTE, 'pool-list', '--all', '--name').includes(r.plan.pool.name));
    }
  },
);
