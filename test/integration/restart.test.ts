// libvirtd restarted during a watch: the event stream notices, polls while it is down, comes back
// by itself and delivers events again; labs survive (QEMU keeps running without the daemon).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventStream, type DomainEvent } from '../../engine/src/libvirt/events';
import { labFolder, needLibvirt, testEngine, URI, virsh } from '../helpers/libvirt';

const PIDFILE = '/run/libvirtd-tini.pid';
const SETUP = resolve(__dirname, '../../../.ci/setup-libvirt.sh');

test('the event stream survives a libvirtd restart', { timeout: 120_000 }, async (t) => {
  if (!needLibvirt(t)) return;
  if (!existsSync(PIDFILE) || URI !== 'qemu:///system') {
    t.skip('libvirtd was not started by .ci/setup-libvirt.sh: not ours to restart');
    return;
  }
  const engine = testEngine();
  const r = await engine.up(
    labFolder('name = "it-restart"\n[[nodes]]\nname = "a"\nmodel = "generic_unikernel"\nversion = "hello"\n'),
  );
  const dom = r.plan.nodes[0].domainName;
  const states: boolean[] = [];
  const waiters: { f: () => boolean; done: () => void }[] = [];
  const events: DomainEvent[] = [];
  const settle = () => {
    for (const w of waiters.filter((x) => x.f())) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done();
    }
  };
  const until = (what: string, f: () => boolean, ms = 60_000) =>
    new Promise<void>((res, rej) => {
      if (f()) {
        res();
        return;
      }
      const timer = setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), ms);
      waiters.push({
        f,
        done: () => {
          clearTimeout(timer);
          res();
        },
      });
    });
  const stream = new EventStream({
    uri: URI,
    pollMs: 200,
    onEvent: (e) => {
      events.push(e);
      settle();
    },
    onResync: (c) => {
      states.push(c);
      settle();
    },
  }).start();
  try {
    await until('connected', () => states.includes(true));
    execFileSync('kill', [readFileSync(PIDFILE, 'utf8').trim()]);
    await until('the stream to notice libvirtd is gone', () => states.includes(false));
    const polls = states.length;
    await until('polling while down', () => states.length > polls + 1 && !states.slice(polls).includes(true));
    execFileSync('bash', [SETUP], { stdio: 'ignore' });
    await until('reconnected', () => states.lastIndexOf(true) > states.indexOf(false));
    // prove it hears events again; the new watcher registers a moment after it starts, so an
    // event that comes too early is retried a few times
    const suspended = () => events.some((e) => e.domain === dom && e.detail.startsWith('Suspended'));
    for (let attempt = 1; !suspended(); attempt++) {
      virsh('suspend', dom);
      try {
        await until('an event after the restart', suspended, attempt < 5 ? 3000 : 30_000).catch((e) => {
          if (attempt >= 5) throw e;
        });
      } finally {
        virsh('resume', dom);
      }
    }
    assert.equal(
      (await engine.status()).find((l) => l.id === r.plan.id)?.domains[0].state,
      'running',
      'the lab survived',
    );
  } finally {
    stream.stop();
    await engine.destroy(r.plan.id);
  }
});
