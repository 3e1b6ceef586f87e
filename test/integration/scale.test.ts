// Scale on real libvirt: a 100-node lab comes up (bounded libvirt concurrency, one allocator) and
// destroy removes every object it created. Times are reported by npm run bench, not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { labFolder, needLibvirt, testEngine, virsh } from '../helpers/libvirt';

test(
  'a 100-node lab comes up, and destroy removes every domain, volume, pool and file',
  { timeout: 600_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine();
    const nodes = Array.from(
      { length: 100 },
      (_, i) => `[[nodes]]\nname = "n${i + 1}"\nmodel = "generic_unikernel"\nversion = "hello"\nmemory = 48\n`,
    ).join('\n');
    const m = labFolder(`name = "it-scale"\n${nodes}`);
    const r = await engine.up(m, { waitReady: false });
    try {
      const lab = (await engine.status()).find((l) => l.id === r.plan.id);
      assert.equal(lab?.domains.filter((d) => d.state === 'running').length, 100);
    } finally {
      const d = await engine.destroy(r.plan.id);
      assert.deepEqual(d.errors, []);
    }
    assert.deepEqual(
      virsh('list', '--all', '--name')
        .split('\n')
        .filter((x) => x.endsWith(r.plan.id)),
      [],
    );
    assert.ok(!virsh('pool-list', '--all', '--name').includes(r.plan.id));
    assert.ok(!existsSync(r.plan.labDir), 'the lab folder is gone');
  },
);
