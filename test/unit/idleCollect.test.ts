// When the server collects its young generation (server/src/idleCollect.ts), with V8's gc() faked and the clock
// mocked: only after whole analyses of large texts, once per quiet moment, two young collections each time.
import { test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  IDLE_COLLECT_DELAY_MS,
  IDLE_COLLECT_MIN_CHARS,
  IdleCollector,
  type GcFunction,
} from '../../server/src/idleCollect';

let calls: string[];
const gc: GcFunction = ({ type }) => void calls.push(type);
beforeEach(() => {
  calls = [];
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(() => mock.timers.reset());

test('a large text: two young collections once the delay has passed, none before', () => {
  const c = new IdleCollector(gc);
  c.analysed(IDLE_COLLECT_MIN_CHARS);
  mock.timers.tick(IDLE_COLLECT_DELAY_MS - 1);
  assert.deepEqual(calls, []);
  mock.timers.tick(1);
  assert.deepEqual(calls, ['minor', 'minor']);
  assert.equal(c.runs, 1);
});

test('a smaller text is left to V8', () => {
  const c = new IdleCollector(gc);
  c.analysed(IDLE_COLLECT_MIN_CHARS - 1);
  mock.timers.tick(IDLE_COLLECT_DELAY_MS * 10);
  assert.deepEqual(calls, []);
  assert.equal(c.runs, 0);
});

test('analyses in quick succession: one collection, after the last of them', () => {
  const c = new IdleCollector(gc);
  for (let i = 0; i < 5; i++) {
    c.analysed(IDLE_COLLECT_MIN_CHARS * 2);
    mock.timers.tick(IDLE_COLLECT_DELAY_MS - 1);
  }
  assert.deepEqual(calls, []);
  mock.timers.tick(1);
  assert.deepEqual(calls, ['minor', 'minor']);
});

test('without gc() (the server started without --expose-gc), or once disposed, nothing runs', () => {
  const bare = new IdleCollector(undefined);
  bare.analysed(IDLE_COLLECT_MIN_CHARS * 2);
  const disposed = new IdleCollector(gc);
  disposed.analysed(IDLE_COLLECT_MIN_CHARS * 2);
  disposed.dispose();
  mock.timers.tick(IDLE_COLLECT_DELAY_MS * 10);
  assert.deepEqual(calls, []);
  assert.equal(bare.runs + disposed.runs, 0);
});

test('work while a collection waits (a request, an edit) postpones it; work with none waiting starts none', () => {
  const c = new IdleCollector(gc);
  c.busy();
  mock.timers.tick(IDLE_COLLECT_DELAY_MS * 10);
  assert.deepEqual(calls, []);
  c.analysed(IDLE_COLLECT_MIN_CHARS);
  for (let i = 0; i < 5; i++) {
    mock.timers.tick(IDLE_COLLECT_DELAY_MS - 1);
    c.busy();
  }
  assert.deepEqual(calls, []);
  mock.timers.tick(IDLE_COLLECT_DELAY_MS);
  assert.deepEqual(calls, ['minor', 'minor']);
  c.busy();
  mock.timers.tick(IDLE_COLLECT_DELAY_MS * 10);
  assert.equal(c.runs, 1);
});
