// The topology view's model: the server's topology of a manifest (nodes with kinds and problems, links
// with interface names and the impairment that applies, bridges), the layout, and the check of the
// view's messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../../server/src/language/service';
import { topology } from '../../server/src/language/topology';
import { layout, NODE_H, NODE_W, quickLayout, shapeOf, type Positions } from '../../client/src/topology/layout';
import { fromView } from '../../client/src/topology/messages';
import { generateManifest } from '../helpers/generate';

const LAB = `name = "topo"
[[nodes]]
name = "r1"
model = "arista_veos"
[[nodes]]
name = "u1"
model = "unikraft_unikernel"
[[nodes]]
name = "bad"
model = "no_such_model"
[[links]]
src = "r1::eth1"
dst = "u1::eth1"
p2p = true
impairment = { delay = 20, loss_percent = 1.5 }
[[links]]
src = "r1::eth2"
dst = "bad::eth1"
impairment = { delay = 5 }
[[bridges]]
name = "seg"
links = ["r1::eth3", "u1::eth2"]
`;

test('topology: nodes with kind and problems, links with both interface names and their impairment', () => {
  const t = topology(analyse(LAB), 7);
  assert.equal(t.version, 7);
  assert.equal(t.name, 'topo');
  assert.deepEqual(
    t.nodes.map((n) => [n.name, n.model, n.kind, n.range.start.line]),
    [
      ['r1', 'arista_veos', 'vm', 1],
      ['u1', 'unikraft_unikernel', 'unikernel', 4],
      ['bad', 'no_such_model', 'unknown', 7],
    ],
  );
  assert.deepEqual(t.nodes[0].problems, []);
  assert.match(t.nodes[2].problems.join('\n'), /no_such_model/);
  assert.deepEqual(
    t.links.map((l) => [l.id, l.src, l.dst, l.p2p, l.impairment]),
    [
      ['r1::eth1', { node: 'r1', iface: 'eth1' }, { node: 'u1', iface: 'eth1' }, true, 'delay 20 ms, loss 1.5%'],
      // without p2p the impairment does not apply (as in Sherpa), and the link carries that warning
      ['r1::eth2', { node: 'r1', iface: 'eth2' }, { node: 'bad', iface: 'eth1' }, false, undefined],
    ],
  );
  assert.match(t.links[1].problems.join('\n'), /p2p = true/);
  assert.deepEqual(t.bridges, [
    {
      name: 'seg',
      members: [
        { node: 'r1', iface: 'eth3' },
        { node: 'u1', iface: 'eth2' },
      ],
      range: t.bridges[0].range,
    },
  ]);
  // a half-typed manifest still has a topology: what parses is drawn
  const partial = topology(
    analyse('name = "x"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n[[links]]\nsrc = "a::'),
    1,
  );
  assert.deepEqual(
    partial.nodes.map((n) => n.name),
    ['a'],
  );
  assert.deepEqual(partial.links, []);
});

test('layout: every node and bridge placed without overlap; kept positions win; the shape ignores values', async () => {
  const t = topology(analyse(LAB), 1);
  const p = await layout(t, {});
  assert.deepEqual(Object.keys(p).sort(), ['bad', 'bridge:seg', 'r1', 'u1']);
  overlapFree(p);
  const kept = await layout(t, { r1: { x: -500, y: 42 } });
  assert.deepEqual(kept.r1, { x: -500, y: 42 });
  const edited = topology(analyse(LAB.replace('delay = 20', 'delay = 30').replace('arista_veos', 'cisco_iosv')), 2);
  assert.equal(shapeOf(edited), shapeOf(t), 'a value edit needs no new layout');
  assert.notEqual(shapeOf(topology(analyse(LAB.replace('name = "bad"', 'name = "bad2"')), 3)), shapeOf(t));
  // a 100-node lab lays out (reported by the benchmark; here: it completes and places every node)
  const big = topology(analyse(generateManifest(100, 'tables')), 1);
  assert.equal(Object.keys(await layout(big, {})).length, 100);
});

const overlapFree = (p: Positions) => {
  const boxes = Object.values(p);
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(Math.abs(a.x - b.x) >= NODE_W || Math.abs(a.y - b.y) >= NODE_H, JSON.stringify(p));
};

test('quick layout (first paint): nodes placed without overlap, links point down, cycles, kept positions', () => {
  const t = topology(analyse(LAB), 1);
  const p = quickLayout(t, {});
  assert.deepEqual(Object.keys(p).sort(), ['bad', 'bridge:seg', 'r1', 'u1']);
  overlapFree(p);
  for (const l of t.links) assert.ok(p[l.dst.node].y > p[l.src.node].y, `${l.id} points down: ${JSON.stringify(p)}`);
  assert.deepEqual(quickLayout(t, { r1: { x: -500, y: 42 } }).r1, { x: -500, y: 42 });
  // a ring (every node has a link in) and a lone node: all placed, in as many rows as the ring is long
  const ring = [1, 2, 3, 4].map((i) => `[[nodes]]\nname = "n${i}"\nmodel = "generic_unikernel"\n`).join('');
  const links = [1, 2, 3, 4].map((i) => `[[links]]\nsrc = "n${i}::eth1"\ndst = "n${(i % 4) + 1}::eth2"\n`).join('');
  const r = quickLayout(topology(analyse(`name = "ring"\n${ring}${links}`), 1), {});
  assert.deepEqual(Object.keys(r).sort(), ['n1', 'n2', 'n3', 'n4']);
  overlapFree(r);
  assert.equal(new Set(Object.values(r).map((q) => q.y)).size, 4);
  // linear time: 5,000 nodes in a chain are placed at once
  const big = topology(analyse(generateManifest(5000, 'tables')), 1);
  const t0 = performance.now();
  assert.equal(Object.keys(quickLayout(big, {})).length, 5000);
  assert.ok(performance.now() - t0 < 500, `${performance.now() - t0} ms`);
});

test("the view's messages are checked: unknown types, wrong fields and huge values are dropped", () => {
  assert.deepEqual(fromView({ type: 'reveal', node: 'r1' }), { type: 'reveal', node: 'r1' });
  assert.deepEqual(fromView({ type: 'moved', node: 'r1', x: 1, y: 2, extra: 1 }), {
    type: 'moved',
    node: 'r1',
    x: 1,
    y: 2,
  });
  assert.deepEqual(fromView({ type: 'painted', seq: 4, nodes: 3, at: 1.7e12 }), {
    type: 'painted',
    seq: 4,
    nodes: 3,
    at: 1.7e12,
  });
  // the times the benchmark splits a paint with: kept when both are numbers, dropped otherwise
  assert.deepEqual(fromView({ type: 'painted', seq: 4, nodes: 3, at: 3, got: 1, drawn: 2 }), {
    type: 'painted',
    seq: 4,
    nodes: 3,
    at: 3,
    got: 1,
    drawn: 2,
  });
  assert.deepEqual(fromView({ type: 'painted', seq: 4, nodes: 3, at: 3, got: 'x', drawn: 2 }), {
    type: 'painted',
    seq: 4,
    nodes: 3,
    at: 3,
  });
  for (const bad of [
    null,
    'reveal',
    { type: 'eval', code: 'x' },
    { type: 'reveal' },
    { type: 'reveal', node: 5 },
    { type: 'open', node: 'x'.repeat(301) },
    { type: 'moved', node: 'r1', x: Infinity, y: 0 },
    { type: 'exported', format: 'exe', data: '' },
    { type: 'painted', seq: 1, nodes: 3 },
    { type: 'painted', seq: 'x', nodes: 3, at: 1 },
  ])
    assert.equal(fromView(bad), undefined, JSON.stringify(bad));
});
