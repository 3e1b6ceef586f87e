// Semantic token deltas (server/src/language/semanticDelta.ts): the edits applied to the old array give the
// new one, for random arrays, and an unchanged array needs none (the tokens of a real keystroke: the protocol test).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SemanticTokensCache, tokenEdits } from '../../server/src/language/semanticDelta';
import { seeded } from '../helpers/generate';

const apply = (prev: number[], edits: ReturnType<typeof tokenEdits>) => {
  const out = [...prev];
  for (const e of [...edits].reverse()) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
};

test('tokenEdits: applied to the old array they give the new one (random arrays that share a prefix or suffix)', () => {
  const rand = seeded(7);
  for (let i = 0; i < 2000; i++) {
    const base = Array.from({ length: rand(40) }, () => rand(4));
    const prev = [...base];
    const next = [...base];
    // insert, delete or replace a few numbers somewhere (or nothing)
    const at = rand(base.length + 1);
    next.splice(at, rand(4), ...Array.from({ length: rand(4) }, () => rand(4)));
    const edits = tokenEdits(prev, next);
    assert.deepEqual(apply(prev, edits), next, JSON.stringify({ prev, next, edits }));
    assert.ok(edits.length <= 1);
  }
  assert.deepEqual(tokenEdits([1, 2, 3], [1, 2, 3]), []);
  assert.deepEqual(tokenEdits([], [5]), [{ start: 0, deleteCount: 0, data: [5] }]);
  assert.deepEqual(tokenEdits([1, 1, 1], [1, 1]), [{ start: 2, deleteCount: 1, data: [] }]);
});

test('SemanticTokensCache: a delta answers the last result only, else the whole array', () => {
  const c = new SemanticTokensCache();
  const a = c.full('u', { data: [0, 1, 2, 0, 0, 1, 1, 2, 1, 0] });
  const d = c.delta('u', a.resultId!, { data: [0, 1, 3, 0, 0, 1, 1, 2, 1, 0] });
  assert.ok('edits' in d && d.edits.length === 1 && d.edits[0].start === 2 && d.edits[0].deleteCount === 1);
  assert.notEqual(d.resultId, a.resultId);
  assert.ok('data' in c.delta('u', a.resultId!, { data: [9] }), 'an older id: the whole array');
  c.forget('u');
  assert.ok('data' in c.delta('u', d.resultId!, { data: [9] }), 'a forgotten document: the whole array');
});
