// The engine's one "labs changed" signal: a lab appears, runs and disappears, seen through events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labState } from '../../engine/src/lab/discovery';
import { LabWatcher, type LabSnapshot } from '../../engine/src/lab/watch';
import { labFolder, needLibvirt, testEngine } from '../helpers/libvirt';

test('LabWatcher reports a lab from start to destroy', { timeout: 60_000 }, async (t) => {
  if (!needLibvirt(t)) return;
  const engine = testEngine();
  const m = labFolder('name = "it-watch"\n[[nodes]]\nname = "a"\nmodel = "generic_unikernel"\nversion = "hello"\n');
  const id = engine.labIdFor(m);
  const seen: string[] = [];
  const waiters: { f: (s: LabSnapshot) => boolean; done: () => void }[] = [];
  const until = (what: string, f: (s: LabSnapshot) => boolean) =>
    new Promise<void>((res, rej) => {
      const timeout = () => rej(new Error(`timed out waiting for ${what}; saw ${seen.join(' → ')}`));
      const timer = setTimeout(timeout, 30_000);
      waiters.push({
        f,
        done: () => {
          clearTimeout(timer);
          res();
        },
      });
    });
  const w = new LabWatcher(engine, {
    onChange: (s) => {
      const lab = s.labs.find((l) => l.id === id);
      seen.push(lab ? labState(lab) : 'absent');
      for (const x of waiters.filter((y) => y.f(s))) {
        waiters.splice(waiters.indexOf(x), 1);
        x.done();
      }
    },
  });
  const running = until('running', (s) => s.labs.some((l) => l.id === id && labState(l) === 'running'));
  w.start();
  try {
    await engine.up(m);
    await running;
    const gone = until('gone', (s) => !s.labs.some((l) => l.id === id));
    await engine.destroy(id);
    await gone;
    assert.equal(seen.at(-1), 'absent');
  } finally {
    w.stop();
    await engine.destroy(id).catch(() => undefined);
  }
});
