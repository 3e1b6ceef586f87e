// A busy host: a 3-node lab started ten times while CPU hogs run beside it comes up every time. A
// start that libvirt gives up on under load is retried (lab/startFailure.ts), never rolled back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { labFolder, needLibvirt, testEngine } from '../helpers/libvirt';

test('a 3-node lab starts 10 times out of 10 beside a CPU hog', { timeout: 600_000 }, async (t) => {
  if (!needLibvirt(t)) return;
  const hogs: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  try {
    const engine = testEngine();
    const nodes = ['alpha', 'beta', 'gamma'].map(
      (n) => `[[nodes]]\nname = "${n}"\nmodel = "generic_unikernel"\nversion = "hello"\n`,
    );
    const m = labFolder(`name = "it-busy"\n${nodes.join('\n')}`);
    const retried: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await engine.up(m, {
        progress: (msg, node) => /trying again/.test(msg) && retried.push(`${i} ${node}: ${msg}`),
      });
      assert.deepEqual(r.ready.sort(), ['alpha', 'beta', 'gamma'], `round ${i}`);
      assert.deepEqual((await engine.destroy(r.plan.id)).errors, [], `round ${i}`);
    }
    if (retried.length) t.diagnostic(`transient start failures retried: ${retried.join('; ')}`);
  } finally {
    for (const h of hogs) h.kill('SIGKILL');
  }
});
