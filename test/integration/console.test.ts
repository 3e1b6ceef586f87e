// Private consoles on real libvirt: the console is a UNIX socket in a 0700 lab folder, nothing listens
// on the node's loopback console port, the built-in client reaches the guest over the socket, and
// destroy leaves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { ConsoleSession, consoleEndpoint } from '../../engine/src/index';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { labFolder, listening, needLibvirt, testEngine } from '../helpers/libvirt';

test(
  'consoleAccess private: a UNIX socket in a 0700 lab folder, no telnet port, the console works',
  { timeout: 120_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine({ consoleAccess: 'private' });
    const m = labFolder('name = "it-private"\n[[nodes]]\nname = "a"\nmodel = "generic_unikernel"\nversion = "hello"\n');
    const r = await engine.up(m);
    try {
      const node = r.plan.nodes[0];
      assert.equal(statSync(r.plan.labDir).mode & 0o777, 0o700, 'the lab folder is private');
      assert.ok(node.consoleSocket && statSync(node.consoleSocket).isSocket(), 'the console socket exists');
      assert.equal(await listening(node.loopback, 2323), false, 'nothing listens on the loopback console port');
      const d = (await engine.status()).find((l) => l.id === r.plan.id)!.domains[0];
      const endpoint = consoleEndpoint(d.meta);
      assert.deepEqual(endpoint, { kind: 'unix', path: node.consoleSocket });
      const connected = new Promise<void>((resolve) => {
        const s = new ConsoleSession({
          endpoint,
          onOutput: () => undefined,
          onStatus: (st) => st === 'connected' && (s.dispose(), resolve()),
        }).start();
      });
      await connected;
      await waitForSerial(node.serialLog, 'READY', 60_000);
    } finally {
      assert.deepEqual((await engine.destroy(r.plan.id)).errors, []);
    }
    assert.ok(!existsSync(r.plan.labDir), 'the lab folder, socket included, is gone');
  },
);
