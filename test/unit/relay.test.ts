// Link impairments: one frame's fate (pure), the plan (impaired p2p links through the relay, others
// direct) and the relay process itself over real UDP sockets on loopback: delay, loss, reload, stats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_IMPAIRMENT, toImpairment, type Impairment } from '../../common/manifest/impairment';
import { corruptFrame, fateOf } from '../../engine/src/relay/impairment';
import type { RelayConfig } from '../../engine/src/relay/config';
import { relayRequest, startRelay } from '../../engine/src/lab/impairmentRelay';
import { readSupervised, stopSupervised, supervisedAlive } from '../../engine/src/lab/supervised';
import { planSteps } from '../../engine/src/plan/steps';
import { domainXml } from '../../engine/src/plan/domainXml';
import { fakeImages } from '../helpers/images';
import { planFor, PLAN_SETTINGS } from '../helpers/plan';

/** a deterministic source: the given values in turn */
const seq = (...xs: number[]) => {
  let i = 0;
  return () => xs[i++ % xs.length];
};
const imp = (o: Partial<Impairment>): Impairment => ({ ...NO_IMPAIRMENT, ...o });

test('a frame: lost at loss_percent, sent at once when reordered, delayed by delay ± jitter otherwise', () => {
  assert.deepEqual(fateOf(imp({ loss_percent: 50 }), seq(0.49)), { drop: true });
  assert.deepEqual(fateOf(imp({ loss_percent: 50 }), seq(0.5)), { drop: false, delayMs: 0, corrupt: false });
  assert.deepEqual(fateOf(imp({ delay: 100, reorder_percent: 25 }), seq(0.2)), {
    drop: false,
    delayMs: 0,
    corrupt: false,
  });
  assert.equal((fateOf(imp({ delay: 100, reorder_percent: 25 }), seq(0.3)) as { delayMs: number }).delayMs, 100);
  // jitter: uniform in [delay - jitter, delay + jitter], never negative
  assert.equal((fateOf(imp({ delay: 100, jitter: 10 }), seq(0)) as { delayMs: number }).delayMs, 90);
  assert.equal((fateOf(imp({ delay: 100, jitter: 10 }), seq(0.75)) as { delayMs: number }).delayMs, 105);
  assert.equal((fateOf(imp({ delay: 5, jitter: 10 }), seq(0)) as { delayMs: number }).delayMs, 0);
  assert.equal((fateOf(imp({ corrupt_percent: 10 }), seq(0.05)) as { corrupt: boolean }).corrupt, true);
  assert.deepEqual(fateOf(NO_IMPAIRMENT, seq(0)), { drop: false, delayMs: 0, corrupt: false });
  const frame = new Uint8Array([0, 0, 0, 0]);
  corruptFrame(frame, seq(0.5)); // bit 16: byte 2, bit 0
  assert.deepEqual([...frame], [0, 0, 1, 0]);
});

test('impairment values: whole milliseconds, percentages 0-100; the message names the field', () => {
  assert.deepEqual(toImpairment({ delay: 100, loss_percent: 2.5 }), { ok: imp({ delay: 100, loss_percent: 2.5 }) });
  for (const [raw, why] of [
    [{ delay: -1 }, /`delay` is a whole number of milliseconds/],
    [{ jitter: 1.5 }, /`jitter`/],
    [{ loss_percent: 101 }, /`loss_percent` is a percentage from 0 to 100, not 101/],
    [{ corrupt_percent: 'x' }, /`corrupt_percent` must be a number/],
  ] as const) {
    const r = toImpairment(raw);
    assert.ok('error' in r && why.test(r.error), JSON.stringify(r));
  }
});

const IMAGES = fakeImages({ generic_unikernel: { versions: { linux: { 'kernel.elf': undefined } } } });
const LINKED = (link: string) =>
  'name = "imp"\n' +
  ['a', 'b', 'c']
    .map((n) => `[[nodes]]\nname = "${n}"\nmodel = "generic_unikernel"\nversion = "linux"\ndata_interface_count = 2\n`)
    .join('') +
  `[[links]]\nsrc = "a::eth1"\ndst = "b::eth1"\n${link}\n[[links]]\nsrc = "b::eth2"\ndst = "c::eth1"\n`;

test('plan: an impaired p2p link passes through the relay, next to each end; other links stay direct', () => {
  const r = planFor(LINKED('p2p = true\nimpairment = { delay = 100, loss_percent = 5.0 }'), IMAGES, PLAN_SETTINGS);
  assert.ok(r.ok);
  const p = r.plan;
  assert.deepEqual(p.relay, [
    {
      a: {
        endpoint: 'a::eth1',
        listen: { address: '127.127.1.1', port: 10151 },
        node: { address: '127.127.1.1', port: 10101 },
      },
      b: {
        endpoint: 'b::eth1',
        listen: { address: '127.127.1.2', port: 10251 },
        node: { address: '127.127.1.2', port: 10201 },
      },
      impairment: imp({ delay: 100, loss_percent: 5 }),
    },
  ]);
  const [a, b] = p.nodes;
  assert.deepEqual(a.nics[0].peer, { node: 'b', iface: 'eth1', address: '127.127.1.1', port: 10151, relay: true });
  assert.match(
    domainXml(p, a),
    /<source address="127\.127\.1\.1" port="10151">\s*<local address="127\.127\.1\.1" port="10101"/,
  );
  // b's other link is a direct tunnel to c
  assert.deepEqual(b.nics[1].peer, { node: 'c', iface: 'eth1', address: '127.127.1.3', port: 10301 });
  const steps = planSteps(p, true);
  const relay = steps.find((s) => s.id === 'relay')!;
  assert.deepEqual(
    relay.do.map((e) => e.kind),
    ['mkdir', 'write', 'relay'],
  );
  assert.deepEqual(JSON.parse((relay.do[1] as { content: string }).content), { links: p.relay });
  assert.deepEqual(
    relay.undo.map((e) => e.kind),
    ['unserve', 'rm', 'rm', 'rm', 'rmdir'],
  );
  for (const n of ['a', 'b']) assert.ok(steps.find((s) => s.id === `start:${n}`)!.after.includes('relay'), n);
  assert.ok(!steps.find((s) => s.id === 'start:c')!.after.includes('relay'));
  // a remote libvirt: the relay would run on the wrong machine, so the link stays direct (up says so)
  const remote = planFor(LINKED('p2p = true\nimpairment = { delay = 100 }'), IMAGES, {
    ...PLAN_SETTINGS,
    local: false,
  });
  assert.ok(remote.ok);
  assert.deepEqual(remote.plan.relay, []);
  assert.equal(remote.plan.nodes[0].nics[0].peer?.port, 10201);
  // without p2p (as in Sherpa) or without an impairment: no relay at all
  for (const link of ['impairment = { delay = 100 }', 'p2p = true']) {
    const q = planFor(LINKED(link), IMAGES, PLAN_SETTINGS);
    assert.ok(q.ok);
    assert.deepEqual(q.plan.relay, []);
    assert.equal(q.plan.nodes[0].nics[0].peer?.port, 10201);
    assert.ok(!planSteps(q.plan, true).some((s) => s.id === 'relay'));
  }
});

/** a UDP socket on 127.0.0.1 that records when each frame arrived */
async function endpoint(): Promise<{ s: Socket; port: number; got: { at: number; data: Buffer }[] }> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const got: { at: number; data: Buffer }[] = [];
  s.on('message', (data) => got.push({ at: performance.now(), data }));
  return { s, port: s.address().port, got };
}
const freePort = async () => {
  const e = await endpoint();
  const p = e.port;
  e.s.close();
  return p;
};
/** resolves once `cond` holds, checked on every frame event (bounded) */
function until(sock: Socket, cond: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    const check = () => {
      if (!cond()) return;
      clearTimeout(t);
      sock.off('message', check);
      resolve();
    };
    sock.on('message', check);
  });
}

test('the relay process: delays each way, drops at the loss rate, takes a new impairment on reload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-relay-'));
  const [A, B] = [await endpoint(), await endpoint()];
  const [pa, pb] = [await freePort(), await freePort()];
  const config: RelayConfig = {
    links: [
      {
        a: {
          endpoint: 'a::eth1',
          listen: { address: '127.0.0.1', port: pa },
          node: { address: '127.0.0.1', port: A.port },
        },
        b: {
          endpoint: 'b::eth1',
          listen: { address: '127.0.0.1', port: pb },
          node: { address: '127.0.0.1', port: B.port },
        },
        impairment: imp({ delay: 60 }),
      },
    ],
  };
  const file = join(dir, 'config.json');
  const control = join(dir, 'control.sock');
  const record = join(dir, 'process.json');
  writeFileSync(file, JSON.stringify(config));
  await startRelay(file, control, record);
  try {
    assert.ok(supervisedAlive(readSupervised(record)!));
    // a → b and b → a, each delayed by 60 ms (timers: never early, a little late at most)
    const t0 = performance.now();
    A.s.send('from-a', pa, '127.0.0.1');
    B.s.send('from-b', pb, '127.0.0.1');
    await until(B.s, () => B.got.length === 1);
    await until(A.s, () => A.got.length === 1);
    assert.equal(B.got[0].data.toString(), 'from-a');
    assert.equal(A.got[0].data.toString(), 'from-b');
    for (const g of [A.got[0], B.got[0]]) assert.ok(g.at - t0 >= 59 && g.at - t0 < 400, `${g.at - t0} ms`);
    // 50 % loss, then 0 % again, through reload: a bounded statistical check over 400 frames
    config.links[0].impairment = imp({ loss_percent: 50 });
    writeFileSync(file, JSON.stringify(config));
    const [applied] = await relayRequest(control, 'reload');
    assert.deepEqual(applied.impairment, imp({ loss_percent: 50 }));
    const stats = async () => (await relayRequest(control, 'stats'))[0];
    // in bursts of 20 (a burst of 400 would overflow the socket buffers of the kernel, not the relay), each
    // counted by the relay, as passed on or dropped, before the next
    for (let burst = 0; burst < 20; burst++) {
      for (let i = 0; i < 20; i++) A.s.send(`n${burst}-${i}`, pa, '127.0.0.1');
      for (let s = await stats(); s.forwarded[0] + s.dropped[0] < 1 + 20 * (burst + 1); s = await stats());
    }
    const s = await stats();
    assert.equal(s.forwarded[0] + s.dropped[0], 401);
    assert.ok(s.dropped[0] > 140 && s.dropped[0] < 260, `dropped ${s.dropped[0]} of 400`);
    await until(B.s, () => B.got.length === s.forwarded[0]);
    config.links[0].impairment = NO_IMPAIRMENT;
    writeFileSync(file, JSON.stringify(config));
    await relayRequest(control, 'reload');
    const before = B.got.length;
    for (let i = 0; i < 50; i++) A.s.send(`m${i}`, pa, '127.0.0.1');
    await until(B.s, () => B.got.length === before + 50);
  } finally {
    const pid = readSupervised(record)!.pid;
    await stopSupervised(record);
    A.s.close();
    B.s.close();
    // the relay is gone: its pid answers no signal once it has exited (exit is asynchronous: bounded wait)
    await new Promise<void>((resolve, reject) => {
      const deadline = performance.now() + 5000;
      const poll = () => {
        try {
          process.kill(pid, 0);
        } catch {
          return resolve();
        }
        if (performance.now() > deadline) reject(new Error('the relay still runs'));
        else setImmediate(poll);
      };
      poll();
    });
  }
});
