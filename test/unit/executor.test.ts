// The executor and its journal with a fake virsh: a failure at every step of a 3-node `up` rolls back
// exactly what was created, domains before the storage they use, and never touches other objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateManifest } from '../../common/manifest/validate';
import { runSteps, undoSteps, type VirshRunner } from '../../engine/src/lab/executor';
import { LabError } from '../../engine/src/lab/errors';
import { isTransientStartFailure } from '../../engine/src/lab/startFailure';
import { Journal } from '../../engine/src/lab/journal';
import { VirshError } from '../../engine/src/libvirt/virsh';
import { buildPlan } from '../../engine/src/plan/plan';
import { planSteps } from '../../engine/src/plan/steps';
import { fakeImages } from '../helpers/images';

const IMAGES = fakeImages({
  generic_unikernel: { versions: { linux: { 'kernel.elf': undefined } } },
  nanos_unikernel: { versions: { '1': { 'disk.qcow2': 2 ** 30 } } },
});
const MANIFEST = `name = "three"
[[nodes]]
name = "a"
model = "generic_unikernel"
[[nodes]]
name = "b"
model = "generic_unikernel"
[[nodes]]
name = "c"
model = "nanos_unikernel"
`;

function remotePlan() {
  const v = validateManifest(MANIFEST, IMAGES);
  const r = buildPlan({
    view: v.view,
    problems: v.problems,
    manifestPath: '/w/manifest.toml',
    images: IMAGES,
    loopbackN: 3,
    settings: { uri: 'qemu+ssh://h/system', local: false, user: 'u', domainType: 'qemu', labsDir: '/labs' },
  });
  assert.ok(r.ok);
  return r.plan;
}

/** a new journal for a start of `plan` */
function journalFor(path: string, plan: ReturnType<typeof remotePlan>): Journal {
  return Journal.create(path, {
    lab: plan.id,
    name: plan.name,
    manifest: '/w/m',
    uri: plan.uri,
    labDir: '/labs',
    loopbackN: 3,
  });
}

/** libvirt as objects by kind and name; `failAt` makes the n-th creating call fail */
class FakeVirsh implements VirshRunner {
  objects = new Map<string, string>(); // "kind name" -> state
  created: string[] = [];
  removed: string[] = [];
  calls = 0;
  constructor(private readonly failAt = -1) {
    this.objects.set('domain other-12345678', 'running');
    this.objects.set('volume other.qcow2', '');
  }
  async run(args: string[]): Promise<string> {
    await new Promise((r) => setImmediate(r));
    const [cmd] = args;
    const opt = (name: string) => args[args.indexOf(name) + 1];
    const fromXml = (f: string) => /<name>([^<]*)<\/name>/.exec(readFileSync(f, 'utf8'))?.[1] ?? '?';
    const make = (key: string) => {
      if (this.calls++ === this.failAt) throw new VirshError(args, 'error: injected failure');
      this.objects.set(key, '');
      this.created.push(key);
    };
    const drop = (key: string) => {
      if (!this.objects.has(key)) throw new VirshError(args, `error: failed to get ${key}: not found`);
      assert.ok(!key.includes('other'), `touched a foreign object: ${key}`);
      this.objects.delete(key);
      this.removed.push(key);
    };
    switch (cmd) {
      case 'pool-create':
        make(`pool ${fromXml(opt('--file'))}`);
        this.objects.set(`pool ${fromXml(opt('--file'))}`, 'active');
        break;
      case 'pool-define': {
        if (this.calls++ === this.failAt) throw new VirshError(args, 'error: injected failure');
        this.objects.set(`pool ${fromXml(opt('--file'))}`, 'active persistent');
        break;
      }
      // like libvirt: a transient pool goes away when destroyed, a persistent one must be inactive to undefine
      case 'pool-destroy': {
        const key = `pool ${opt('--pool')}`,
          state = this.objects.get(key);
        if (state === 'active persistent') this.objects.set(key, 'inactive persistent');
        else if (state === 'active') drop(key);
        break;
      }
      case 'pool-undefine': {
        if ((this.objects.get(`pool ${opt('--pool')}`) ?? '').startsWith('active'))
          throw new VirshError(args, 'error: storage pool is still active');
        drop(`pool ${opt('--pool')}`);
        break;
      }
      case 'net-start':
      case 'start':
      case 'vol-upload':
        if (this.calls++ === this.failAt) throw new VirshError(args, 'error: injected failure');
        break;
      case 'net-define':
        make(`network ${fromXml(opt('--file'))}`);
        break;
      case 'vol-create':
        make(`volume ${fromXml(opt('--file'))}`);
        break;
      case 'define':
        make(`domain ${fromXml(opt('--file'))}`);
        break;
      case 'vol-delete':
        drop(`volume ${opt('--vol')}`);
        break;
      case 'undefine':
        drop(`domain ${opt('--domain')}`);
        break;
      case 'net-undefine':
        drop(`network ${opt('--network')}`);
        break;
      case 'destroy':
      case 'net-destroy':
      case 'pool-delete':
        break;
      default:
        throw new Error(`unexpected virsh ${args.join(' ')}`);
    }
    return '';
  }
}

test('every virsh argument that carries a name follows its option, never as a bare positional', () => {
  const named = new Set(['--domain', '--pool', '--vol', '--network', '--file', '--cmd']);
  for (const s of planSteps(remotePlan(), false)) {
    for (const e of [...s.do, ...s.undo]) {
      if (e.kind !== 'virsh') continue;
      e.args.slice(1).forEach((a, i, rest) => {
        if (!a.startsWith('--')) assert.ok(named.has(rest[i - 1]), `${e.args.join(' ')}: '${a}' is positional`);
      });
    }
  }
});

test('a failure at every step of a 3-node up rolls back exactly what was created, in reverse order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-exec-'));
  try {
    const plan = remotePlan();
    const clean = new FakeVirsh();
    const j0 = journalFor(join(dir, 'ok.jsonl'), plan);
    await runSteps(planSteps(plan, false), clean, j0, { limit: 4 });
    const total = clean.calls;
    assert.ok(total >= 10, `a 3-node up makes ${total} creating calls`);
    for (let k = 0; k < total; k++) {
      const v = new FakeVirsh(k);
      const path = join(dir, `j${k}.jsonl`);
      const j = journalFor(path, plan);
      await assert.rejects(
        runSteps(planSteps(plan, false), v, j, { limit: 4 }),
        /injected failure/,
        `failure at call ${k}`,
      );
      const undo = await undoSteps(Journal.read(path)!.steps, v, 4, j);
      assert.deepEqual(undo.errors, [], `failure at call ${k}`);
      assert.deepEqual(
        [...v.objects.keys()].sort(),
        ['domain other-12345678', 'volume other.qcow2'],
        `failure at call ${k}: left ${[...v.objects.keys()]}`,
      );
      assert.deepEqual([...v.removed].sort(), [...v.created].sort(), `failure at call ${k}`);
      // reverse order: domains go before volumes and networks, which go before the pool
      const rank = (key: string) => (key.startsWith('domain') ? 0 : key.startsWith('pool') ? 2 : 1);
      for (let i = 1; i < v.removed.length; i++)
        assert.ok(rank(v.removed[i - 1]) <= rank(v.removed[i]), `removal order ${v.removed}`);
      // a second undo (a later destroy) finds nothing left to do
      assert.deepEqual((await undoSteps(Journal.read(path)!.steps, v, 4, j)).removed, []);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the journal survives a torn last line and knows a start that did not complete', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-journal-'));
  try {
    const path = join(dir, 'journal.jsonl');
    let j = Journal.create(path, {
      lab: '3f7442dd',
      name: 'x',
      manifest: '/m',
      uri: 'qemu:///system',
      labDir: dir,
      loopbackN: 1,
    });
    j.append({ t: 'do', id: 'pool', phase: 'pool', undo: [] });
    j.append({ t: 'done', id: 'pool' });
    j.append({ t: 'do', id: 'domain:a', phase: 'domain', node: 'a', undo: [] });
    appendFileSync(path, '{"t":"done","id":"dom');
    j = Journal.open(path); // the next run opens it anew
    const s = Journal.read(path)!;
    assert.equal(s.complete, false);
    assert.deepEqual(
      s.steps.map((x) => [x.id, x.done]),
      [
        ['pool', true],
        ['domain:a', false],
      ],
    );
    j.append({ t: 'complete' });
    assert.equal(Journal.read(path)!.complete, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start failures: libvirt giving up during start-up is transient, configuration errors are not', () => {
  const transient = [
    "Failed to start domain 'beta-3f7442dd'\ninternal error: qemu unexpectedly closed the monitor: " +
      '2026-12-02T10:00:00Z ' +
      'qemu-system-x86_64: terminating on signal 15 from pid 1234 (libvirtd)',
    'internal error: process exited while connecting to monitor: qemu-system-x86_64: terminating on signal 15 from ' +
      'pid 9',
    'Timed out during operation: cannot acquire state change lock (held by monitor=remoteDispatchDomainCreate)',
  ];
  const config = [
    'internal error: process exited while connecting to monitor: -chardev socket,id=charserial0,host=127.127.1.2,' +
      'port=2323,telnet=on,server=on: Failed to find an available port: Address already in use',
    "Cannot access storage file '/labs/x/disks/a.qcow2': No such file or directory",
    'unsupported configuration: machine type pc-q35-99 is not supported',
    "XML error: Invalid value for attribute 'slot'",
  ];
  for (const m of transient) assert.equal(isTransientStartFailure(m), true, m);
  for (const m of config) assert.equal(isTransientStartFailure(m), false, m);
});

test('a transient start failure is retried and the lab comes up; a configuration error fails at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-retry-'));
  try {
    const plan = remotePlan();
    const starts: string[] = [];
    const flaky = (error: string, times: number): VirshRunner => {
      let left = times;
      const inner = new FakeVirsh();
      return {
        run: async (args) => {
          if (args[0] === 'start') {
            starts.push(args[2]);
            if (args[2].startsWith('b-') && left-- > 0) throw new VirshError(args, `error: ${error}`);
          }
          return inner.run(args);
        },
      };
    };
    const lines: string[] = [];
    const journal = () => journalFor(join(dir, `${Math.random()}.jsonl`), plan);
    const transient =
      'internal error: qemu unexpectedly closed the monitor: terminating on signal 15 from pid 7 (libvirtd)';
    await runSteps(planSteps(plan, false), flaky(transient, 1), journal(), {
      limit: 4,
      progress: (m, n) => lines.push(`${n}: ${m}`),
    });
    assert.equal(starts.filter((s) => s.startsWith('b-')).length, 2, 'b was started twice');
    assert.ok(
      lines.some((l) => /^b: start failed \(.*unexpectedly closed the monitor.*\); trying again in 0.5 s$/.test(l)),
      lines.join('\n'),
    );

    starts.length = 0;
    const portInUse = 'internal error: qemu-system-x86_64: Failed to find an available port: Address already in use';
    await assert.rejects(
      runSteps(planSteps(plan, false), flaky(portInUse, 5), journal(), {
        limit: 4,
        explain: () => 'QEMU log (last lines):\nX',
      }),
      (e: LabError) => e.node === 'b' && e.message.endsWith('Address already in use\nQEMU log (last lines):\nX'),
    );
    assert.equal(starts.filter((s) => s.startsWith('b-')).length, 1, 'a configuration error is not retried');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
