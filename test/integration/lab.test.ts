// A mixed lab on real libvirt + QEMU: direct-kernel and disk-boot unikernels and two Linux guests
// linked to each other; readiness on a port the guest opens late; stop, resume, destroy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { labState } from '../../engine/src/lab/discovery';
import type { UpResult } from '../../engine/src/index';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { hostMachines } from '../../engine/src/lab/hostFacts';
import { labFolder, listening, needLibvirt, testEngine, virsh } from '../helpers/libvirt';

/** a Linux + busybox guest that opens TCP 7777 late, with one data interface */
const linuxNode = (name: string) => `[[nodes]]
name = "${name}"
model = "generic_unikernel"
version = "linux"
kernel_cmdline = "console=ttyS0 quiet panic=-1"
memory = 192
ready_port = 7777
data_interface_count = 1
`;

const MANIFEST = `name = "it-mixed"
ready_timeout = 90

[[nodes]]
name = "hello"
model = "generic_unikernel"
version = "hello"
kernel_cmdline = "node=hello <xml&meta> 'chars'"

[[nodes]]
name = "disk"
model = "nanos_unikernel"
boot_disk_size = 1

# a VM booting its per-lab overlay of virtioa.qcow2; no SSH in this guest, so no readiness check
[[nodes]]
name = "vm"
model = "generic_vm"
version = "mbr"
memory = 64
boot_disk_size = 2
skip_ready_check = true

# a VM model on the q35 machine (the catalog's hardware for ubuntu_linux)
[[nodes]]
name = "vmq"
model = "ubuntu_linux"
version = "mbr"
memory = 64
skip_ready_check = true

# a VM model with a named CPU (IvyBridge+vmx): software emulation runs it without what it cannot emulate
[[nodes]]
name = "vmcpu"
model = "juniper_vrouter"
version = "mbr"
memory = 64
skip_ready_check = true

${linuxNode('lx1')}
${linuxNode('lx2')}
[[links]]
src = "lx1::eth1"
dst = "lx2::eth1"
`;

test(
  'a mixed lab comes up, is ready, links carry frames, and stop / resume / destroy leave nothing behind',
  { timeout: 240_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine();
    const manifest = labFolder(MANIFEST);
    const steps: string[] = [];
    let r: UpResult | undefined;
    try {
      r = await engine.up(manifest, { progress: (m, n) => steps.push(n ? `${n}: ${m}` : m) });
      const { plan } = r;
      assert.deepEqual(r.notReady, []);
      assert.deepEqual([...r.ready].sort(), ['disk', 'hello', 'lx1', 'lx2', 'vm', 'vmcpu', 'vmq']);
      assert.ok(steps.includes('lx1: ready') && steps.includes('hello: running'), steps.join('\n'));
      const log = (n: string) => plan.nodes.find((x) => x.name === n)!.serialLog;

      // consoles: every byte from the first instruction is in the lab folder
      assert.match(
        readFileSync(log('hello'), 'latin1'),
        /hello from unikernel\r\ncmdline: \S+ node=hello <xml&meta> 'chars'\r\nREADY/,
      );
      assert.match(readFileSync(log('disk'), 'latin1'), /hello from disk\r\nREADY/);
      await waitForSerial(log('vm'), 'READY', 30_000);
      await waitForSerial(log('vmq'), 'READY', 30_000);
      assert.match(virsh('dumpxml', plan.nodes.find((x) => x.name === 'vmq')!.domainName), /machine='pc-q35/);
      await waitForSerial(log('vmcpu'), 'READY', 30_000);
      assert.match(
        virsh('dumpxml', plan.nodes.find((x) => x.name === 'vmcpu')!.domainName),
        /<model[^>]*>IvyBridge<\/model>/,
        'the named model, minus what software emulation lacks',
      );
      assert.match(virsh('vol-info', '--pool', plan.pool.name, `vm-${plan.id}-hdd.qcow2`), /Capacity:\s+2\.00 GiB/);

      // ready_port waited for the guest itself: it opens 7777 only after printing LISTENING
      assert.match(readFileSync(log('lx1'), 'latin1'), /LISTENING tcp:7777/);
      // and the forwarded port answers on the node's loopback address only
      assert.ok(await listening(plan.nodes.find((x) => x.name === 'lx1')!.loopback, 7777));
      assert.ok(!(await listening('127.0.0.1', 7777)));

      // the link between lx1 and lx2 carries frames in both directions
      await waitForSerial(log('lx1'), /LINK RX \d+/, 60_000);
      await waitForSerial(log('lx2'), /LINK RX \d+/, 60_000);

      assert.ok(existsSync(`${plan.labDir}/lab-info.toml`));
      assert.match(
        readFileSync(`${plan.labDir}/lab-info.toml`, 'utf8'),
        new RegExp(`id = "${plan.id}"[\\s\\S]*loopback_network = "${plan.loopbackNetwork.replace(/\./g, '\\.')}"`),
      );

      // up again is idempotent
      const again = await engine.up(manifest);
      assert.equal(again.resumed, true);

      const stopped = await engine.stop(plan.id);
      assert.equal(labState(stopped), 'stopped');
      assert.ok(!(await listening(plan.nodes[0].loopback, 2323)), 'a stopped node has no console');
      const resumed = await engine.resume(plan.id);
      assert.equal(labState(resumed), 'running');
      await waitForSerial(log('hello'), /READY[\s\S]*READY/, 30_000); // booted a second time, appended to the same log
    } finally {
      if (r) {
        const { plan } = r;
        const res = await engine.destroy(plan.id);
        assert.deepEqual(res.errors, []);
        const domains = virsh('list', '--all', '--name');
        for (const n of plan.nodes) {
          assert.ok(!domains.includes(n.domainName), `${n.domainName} still defined`);
          assert.ok(!(await listening(n.loopback, 2323)), `${n.loopback}:2323 still listening`);
        }
        assert.ok(!virsh('pool-list', '--all', '--name').includes(plan.pool.name));
        assert.ok(
          !existsSync(plan.labDir),
          `${plan.labDir} still exists: ${existsSync(plan.labDir) ? readdirSync(plan.labDir) : ''}`,
        );
        assert.ok(existsSync(dirname(plan.labDir)), 'destroy removes only the lab folder, not the labs folder');
      }
    }
  },
);

test("the host's machine types come from libvirt's capabilities", async (t) => {
  if (!needLibvirt(t)) return;
  const machines = await hostMachines(testEngine().virsh);
  assert.ok(machines && machines.includes('pc') && machines.includes('q35'), String(machines));
  assert.ok(
    machines.some((m) => /^pc-i440fx-\d+\.\d+$/.test(m)),
    'versioned i440fx machines are listed',
  );
});
