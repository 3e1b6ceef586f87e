// Topology deltas (common/manifest/topologyDelta.ts): over random edits of a generated manifest, the delta from
// the last answer, applied to it, is the topology of the edited text; it names only what changed; an answer the
// cache does not hold, or a node or link count that changed, gets the whole topology.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyse } from '../../server/src/language/service';
import { topology } from '../../server/src/language/topology';
import { applyTopologyDelta, TopologyCache } from '../../common/manifest/topologyDelta';
import type { Topology } from '../../common/manifest/topology';
import { generateManifest, seeded } from '../helpers/generate';

test('topology deltas: applied to the last answer they give the edited text topology; only changes travel', () => {
  const rand = seeded(11);
  const cache = new TopologyCache('t');
  let text = generateManifest(30, 'inline');
  let first = cache.answer('u', topology(analyse(text), 0));
  assert.ok('full' in first);
  let have: Topology = first.full;
  let deltas = 0;
  for (let v = 1; v <= 300; v++) {
    // a keystroke somewhere: a character typed or deleted (the manifest may break, nodes come and go)
    const at = rand(text.length);
    text = rand(2) ? text.slice(0, at) + 'xz"=,\n['[rand(7)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    const next = topology(analyse(text), v);
    const a = cache.answer('u', next, first.id);
    if ('delta' in a) {
      deltas++;
      assert.equal(a.delta.since, first.id);
      assert.deepEqual(applyTopologyDelta(have, a.delta), next);
      assert.ok(a.delta.nodes.every(([i, n]) => JSON.stringify(n) !== JSON.stringify(have.nodes[i])));
      have = applyTopologyDelta(have, a.delta);
    } else {
      assert.deepEqual(a.full, next);
      have = a.full;
    }
    assert.notEqual(a.id, first.id);
    first = a;
  }
  assert.ok(deltas > 100, `${deltas} of 300 answers were deltas`);
});

test('topology deltas: an unchanged topology is an empty delta; an unknown or forgotten id gets it whole', () => {
  const cache = new TopologyCache('p');
  const t = topology(analyse(generateManifest(5)), 1);
  const a = cache.answer('u', t);
  const b = cache.answer('u', t, a.id);
  assert.ok('delta' in b && b.delta.nodes.length === 0 && b.delta.links.length === 0);
  assert.ok('full' in cache.answer('u', t, a.id), 'an older id');
  assert.ok('full' in cache.answer('other', t, b.id), 'another document');
  const c = cache.answer('u', t);
  cache.forget('u');
  assert.ok('full' in cache.answer('u', t, c.id), 'forgotten');
  // another server's ids never match this one's, though both count from 1 (a restarted server counts again)
  const [p, q] = [new TopologyCache('p'), new TopologyCache('q')];
  const fromP = p.answer('u', t);
  q.answer('u', t);
  assert.ok('full' in q.answer('u', t, fromP.id));
});
