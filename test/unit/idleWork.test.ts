// What the server does when idle after a large analysis (server/src/idleWork.ts), with V8's gc() faked and the
// clock mocked: only after whole analyses of large texts, once per quiet moment, each document's preparation and
// then two young collections.
import { test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  deferYoungCollections,
  IDLE_DELAY_MS,
  IDLE_MIN_CHARS,
  IdleWork,
  youngCollectionCounter,
  type GcFunction,
} from '../../server/src/idleWork';

let calls: string[];
const gc: GcFunction = ({ type }) => void calls.push(type);
const prepare = (uri: string) => () => void calls.push(uri);
beforeEach(() => {
  calls = [];
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(() => mock.timers.reset());

test('a large text: its preparation, then two young collections, once the delay has passed; none before', () => {
  const w = new IdleWork(gc);
  w.analysed('a', IDLE_MIN_CHARS, prepare('a'));
  mock.timers.tick(IDLE_DELAY_MS - 1);
  assert.deepEqual(calls, []);
  mock.timers.tick(1);
  assert.deepEqual(calls, ['a', 'minor', 'minor']);
  assert.equal(w.runs, 1);
  mock.timers.tick(IDLE_DELAY_MS * 10);
  assert.equal(w.runs, 1, 'once');
});

test('a smaller text is left as it is', () => {
  const w = new IdleWork(gc);
  w.analysed('a', IDLE_MIN_CHARS - 1, prepare('a'));
  mock.timers.tick(IDLE_DELAY_MS * 10);
  assert.deepEqual(calls, []);
  assert.equal(w.runs, 0);
});

test('analyses in quick succession: one run after the last, each document prepared once', () => {
  const w = new IdleWork(gc);
  for (const uri of ['a', 'b', 'a', 'b', 'a']) {
    w.analysed(uri, IDLE_MIN_CHARS * 2, prepare(uri));
    mock.timers.tick(IDLE_DELAY_MS - 1);
  }
  assert.deepEqual(calls, []);
  mock.timers.tick(1);
  assert.deepEqual(calls.sort(), ['a', 'b', 'minor', 'minor']);
});

test('work while a run waits (a request, an edit) postpones it; work with none waiting starts none', () => {
  const w = new IdleWork(gc);
  w.busy();
  mock.timers.tick(IDLE_DELAY_MS * 10);
  assert.deepEqual(calls, []);
  w.analysed('a', IDLE_MIN_CHARS, prepare('a'));
  for (let i = 0; i < 5; i++) {
    mock.timers.tick(IDLE_DELAY_MS - 1);
    w.busy();
  }
  assert.deepEqual(calls, []);
  mock.timers.tick(IDLE_DELAY_MS);
  assert.deepEqual(calls, ['a', 'minor', 'minor']);
  w.busy();
  mock.timers.tick(IDLE_DELAY_MS * 10);
  assert.equal(w.runs, 1);
});

test('a document closed before the run is not prepared; the collections still run', () => {
  const w = new IdleWork(gc);
  w.analysed('a', IDLE_MIN_CHARS, prepare('a'));
  w.analysed('b', IDLE_MIN_CHARS, prepare('b'));
  w.forget('a');
  mock.timers.tick(IDLE_DELAY_MS);
  assert.deepEqual(calls, ['b', 'minor', 'minor']);
});

test('without gc() (the server started without --expose-gc) only the preparation runs; disposed, nothing', () => {
  const bare = new IdleWork(undefined);
  bare.analysed('a', IDLE_MIN_CHARS * 2, prepare('a'));
  const disposed = new IdleWork(gc);
  disposed.analysed('b', IDLE_MIN_CHARS * 2, prepare('b'));
  disposed.dispose();
  mock.timers.tick(IDLE_DELAY_MS * 10);
  assert.deepEqual(calls, ['a']);
  assert.equal(bare.runs + disposed.runs, 1);
});

test("V8's young collection task is turned off only where the idle work collects, on a V8 that names the flag", () => {
  const gc: GcFunction = () => undefined;
  assert.equal(deferYoungCollections(undefined), false);
  assert.equal(deferYoungCollections(gc, '10.2.154.26-node.22'), false);
  assert.equal(deferYoungCollections(gc, process.versions.v8), Number(process.versions.v8.split('.')[0]) >= 11);
});

test('young collections are counted', async () => {
  const count = youngCollectionCounter();
  const before = count();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as GcFunction;
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  // (Node makes the entries of a collection on the event loop's next turn)
  await new Promise((r) => setImmediate(r));
  assert.equal(count() - before, 2);
});
