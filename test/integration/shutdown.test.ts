// Stop as Sherpa's `down`: a VM whose guest agent answers is shut down through it; a VM without one
// (and every unikernel) is powered off at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { FIXTURE_IMAGES, labFolder, needLibvirt, testEngine, URI, virsh } from '../helpers/libvirt';

/** resolves when libvirt reports the agent of a domain whose name starts with `prefix` connected */
function agentConnected(prefix: string, timeoutMs: number): { connected: Promise<void>; stop: () => void } {
  const child = spawn(
    'virsh',
    ['-c', URI, 'event', '--event', 'agent-lifecycle', '--loop', '--timeout', String(timeoutMs / 1000)],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const connected = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l.includes(`domain '${prefix}`) && /state: 'connected'|connected/.test(l) && !/disconnected/.test(l))
        resolve();
    });
    child.on('exit', () => reject(new Error('no agent-lifecycle "connected" event')));
  });
  return { connected, stop: () => child.kill() };
}

test(
  'stop shuts a VM down through its guest agent and powers an agent-less one off',
  { timeout: 180_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const image = join(FIXTURE_IMAGES, 'generic_vm/agent/virtioa.qcow2');
    if (!existsSync(image)) {
      const why =
        `no guest-agent VM at ${image} (install syslinux and mtools, run LINUX=1 ` + `test/fixtures/guests/build.sh)`;
      if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(why);
      t.skip(why);
      return;
    }
    const engine = testEngine();
    const m = labFolder(`name = "it-shutdown"
[[nodes]]
name = "ga"
model = "generic_vm"
version = "agent"
memory = 256
skip_ready_check = true

[[nodes]]
name = "plain"
model = "generic_vm"
version = "mbr"
memory = 64
skip_ready_check = true
`);
    const id = engine.labIdFor(m);
    const agent = agentConnected(`ga-${id}`, 120_000);
    const r = await engine.up(m);
    try {
      await agent.connected;
      const steps: string[] = [];
      const lab = await engine.stop(id, (msg, node) => steps.push(`${node}: ${msg}`));
      assert.deepEqual(
        lab.domains.map((d) => d.state),
        ['shut off', 'shut off'],
      );
      assert.ok(steps.includes('ga: shutting down through its guest agent'), steps.join('\n'));
      assert.ok(!steps.some((s) => s.startsWith('plain: shutting down')), 'no agent, no shutdown request');
      assert.ok(!steps.some((s) => s.includes('did not shut down in time')), steps.join('\n'));
      assert.match(readFileSync(r.plan.nodes[0].serialLog, 'latin1'), /AGENT shutdown requested/);
      assert.match(virsh('dumpxml', `ga-${id}`), /name='org\.qemu\.guest_agent\.0'/);
    } finally {
      agent.stop();
      await engine.destroy(id).catch(() => undefined);
    }
  },
);
