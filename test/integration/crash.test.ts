// Off the happy path on real libvirt: `up` killed at every progress step, a metadata lookup that
// fails, two labs started at once, names that virsh could read as options. After each: a complete
// lab where one was asked for, and after destroy no domain, volume, pool, network, folder or journal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LabError, type LabEngine } from '../../engine/src/index';
import { alive } from '../../engine/src/lab/lock';
import { FIXTURE_IMAGES, labFolder, listening, needLibvirt, testEngine, URI, virsh } from '../helpers/libvirt';

const CLI = resolve(__dirname, '../../../engine/dist/cli.js');
const uk = (lab: string, nodes: string[], version = 'hello') =>
  `name = "${lab}"\n` +
  nodes.map((n) => `[[nodes]]\nname = "${n}"\nmodel = "generic_unikernel"\nversion = "${version}"\n`).join('\n');

/** every libvirt object, file and temporary folder of lab `id` that still exists */
function leftovers(engine: LabEngine, id: string): string[] {
  const left = virsh('list', '--all', '--name')
    .split('\n')
    .filter((d) => d.endsWith(`-${id}`))
    .map((d) => `domain ${d}`);
  left.push(
    ...virsh('pool-list', '--all', '--name')
      .split('\n')
      .filter((p) => p.includes(id))
      .map((p) => `pool ${p}`),
  );
  left.push(
    ...virsh('net-list', '--all', '--name')
      .split('\n')
      .filter((n) => n.includes(id))
      .map((n) => `network ${n}`),
  );
  if (existsSync(join(engine.settings.labsDir, id)))
    left.push(`folder ${join(engine.settings.labsDir, id)}: ${readdirSync(join(engine.settings.labsDir, id))}`);
  // temporary XML folders of processes that are gone (the next start sweeps them)
  for (const name of readdirSync(tmpdir())) {
    const pid = /^sherpa-xml-(\d+)-/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) left.push(`temporary folder ${name}`);
  }
  return left;
}

const running = (engine: LabEngine, id: string) =>
  engine.status().then(
    (labs) =>
      labs
        .find((l) => l.id === id)
        ?.domains.filter((d) => d.state === 'running')
        .map((d) => d.meta.node) ?? [],
  );

/** run the CLI's up and kill -9 it when its stderr shows the n-th progress line; resolves with that line */
function upKilledAt(manifest: string, labsDir: string, n: number): Promise<string | undefined> {
  return new Promise((done) => {
    const p = spawn(
      process.execPath,
      [
        CLI,
        'up',
        '--manifest',
        manifest,
        '--labs-dir',
        labsDir,
        '--images-dir',
        FIXTURE_IMAGES,
        '--uri',
        URI,
        '--domain-type',
        'qemu',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let lines = 0,
      at: string | undefined,
      buf = '';
    p.stderr.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (++lines === n && at === undefined) {
          at = line;
          p.kill('SIGKILL');
        }
      }
    });
    p.on('exit', () => done(at));
  });
}

test(
  'up killed at each progress step: the next up brings the whole lab up, destroy leaves nothing',
  { timeout: 600_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine({ user: undefined }); // the CLI's user: both must compute the same lab id
    const m = labFolder(uk('it-crash', ['a', 'b', 'c']));
    const id = engine.labIdFor(m);
    for (let n = 1; ; n++) {
      const at = await upKilledAt(m, engine.settings.labsDir, n);
      if (at === undefined) {
        // the up finished before its n-th line: every step was tried
        assert.ok(n > 8, `only ${n - 1} progress lines: the kill points did not cover the start`);
        await engine.destroy(id);
        break;
      }
      const r = await engine.up(m);
      assert.equal(
        r.resumed && at !== undefined && !/is up/.test(at),
        false,
        `killed at "${at}": a partial lab was reported resumed`,
      );
      assert.deepEqual((await running(engine, id)).sort(), ['a', 'b', 'c'], `killed at "${at}"`);
      const d = await engine.destroy(id);
      assert.deepEqual(d.errors, [], `killed at "${at}"`);
      assert.deepEqual(leftovers(engine, id), [], `killed at "${at}"`);
      for (const node of r.plan.nodes ?? [])
        assert.equal(await listening(node.loopback, 2323), false, `${node.name} console port`);
    }
  },
);

test(
  'a metadata lookup that keeps failing: without a journal to vouch for the domain, destroy leaves it and its ' +
    'storage and says so; a later destroy finishes',
  { timeout: 120_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine();
    const m = labFolder(uk('it-meta', ['a', 'b', 'c']));
    const dir = mkdtempSync(join(tmpdir(), 'sherpa-it-virsh-'));
    const wrapper = join(dir, 'virsh');
    writeFileSync(
      wrapper,
      `#!/bin/sh\ncase "$*" in *"metadata --domain b-"*) echo "error: injected: cannot read metadata" >&2; exit 1;; ` +
        `esac\nexec virsh "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    const flaky = testEngine({ virshPath: wrapper, labsDir: engine.settings.labsDir });

    // with its journal, the lab's own record says b is ours: destroy removes everything
    const r1 = await engine.up(m, { waitReady: false });
    assert.deepEqual((await flaky.destroy(r1.plan.id)).errors, []);
    assert.deepEqual(leftovers(engine, r1.plan.id), []);

    // without it (lost, or a lab of an older version), b cannot be proven ours: it and the storage it uses stay
    const r = await engine.up(m, { waitReady: false });
    rmSync(join(r.plan.labDir, 'journal.jsonl'));
    const d = await flaky.destroy(r.plan.id);
    assert.ok(
      d.errors.some((e) => /b-.*metadata could not be read/.test(e)),
      JSON.stringify(d.errors),
    );
    const left = leftovers(engine, r.plan.id);
    assert.ok(left.includes(`domain b-${r.plan.id}`), 'the unverified domain is left alone');
    assert.ok(!left.includes(`domain a-${r.plan.id}`) && !left.includes(`domain c-${r.plan.id}`), left.join());
    assert.ok(
      left.some((x) => x.startsWith('pool ')),
      'the pool under a live domain is kept',
    );
    assert.ok(virsh('domstate', '--domain', `b-${r.plan.id}`).includes('running'), 'b still runs');
    const again = await engine.destroy(r.plan.id);
    assert.deepEqual(again.errors, []);
    assert.deepEqual(leftovers(engine, r.plan.id), []);
  },
);

test(
  'two different labs started at once, 10 times: both come up on different loopback /24s',
  { timeout: 300_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    for (let i = 0; i < 10; i++) {
      const e1 = testEngine(),
        e2 = testEngine();
      const [m1, m2] = [labFolder(uk('it-pair-1', ['a'])), labFolder(uk('it-pair-2', ['a']))];
      const results = await Promise.allSettled([e1.up(m1, { waitReady: false }), e2.up(m2, { waitReady: false })]);
      try {
        for (const r of results) assert.equal(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
        const [r1, r2] = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<LabEngine['up']>>>).value);
        assert.notEqual(r1.plan.loopbackNetwork, r2.plan.loopbackNetwork, `round ${i}`);
      } finally {
        await e1.destroy(e1.labIdFor(m1)).catch(() => undefined);
        await e2.destroy(e2.labIdFor(m2)).catch(() => undefined);
      }
    }
  },
);

test(
  'names virsh could misread, or too long for files, are refused before anything exists; a version with a space works',
  { timeout: 120_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine();
    for (const bad of ['--help', 'x'.repeat(250)]) {
      const m = labFolder(uk('it-names', ['a', bad]));
      await assert.rejects(
        engine.up(m),
        (e: LabError) => e instanceof LabError && /node name/.test(e.message),
        bad.slice(0, 10),
      );
      assert.deepEqual(leftovers(engine, engine.labIdFor(m)), []);
    }
    // an image folder whose version holds a space: its volume name does too
    const images = mkdtempSync(join(tmpdir(), 'sherpa-it-images-'));
    mkdirSync(join(images, 'generic_unikernel', 'v 1'), { recursive: true });
    symlinkSync(
      join(FIXTURE_IMAGES, 'generic_unikernel/hello/kernel.elf'),
      join(images, 'generic_unikernel', 'v 1', 'kernel.elf'),
    );
    const spaced = testEngine({ imagesDir: images });
    const m = labFolder(uk('it-space', ['a'], 'v 1'));
    const r = await spaced.up(m, { waitReady: false });
    assert.ok(virsh('vol-list', '--pool', r.plan.pool.name).includes('kernel-generic_unikernel-v 1-'));
    assert.deepEqual((await spaced.destroy(r.plan.id)).errors, []);
    assert.deepEqual(leftovers(spaced, r.plan.id), []);
  },
);
