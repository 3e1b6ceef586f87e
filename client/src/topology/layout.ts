// Where each node of the picture goes: ELK's layered layout (elkjs, Eclipse's graph layout, run in the
// extension host), for nodes without a position; positions the user dragged are kept. The layout runs
// only when the set of nodes or links changes, so typing inside a node costs no layout.
import type { ELK as Elk } from 'elkjs/lib/elk.bundled.js';
import type { Topology } from '../../../common/manifest/topology';

export const NODE_W = 150;
export const NODE_H = 44;
/** ELK (1.5 MB of compiled Java) is loaded on the first layout, not when the extension activates */
let elk: Elk | undefined;
function engine(): Elk {
  if (!elk) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ELK = require('elkjs/lib/elk.bundled.js') as new () => Elk;
    elk = new ELK();
  }
  return elk;
}

export type Positions = Record<string, { x: number; y: number }>;

/** the ids the picture has: nodes, and bridges as nodes of their own */
export const bridgeId = (name: string) => `bridge:${name}`;

/** the shape of a topology (nodes and edges), to tell whether a new layout is needed */
export function shapeOf(t: Topology): string {
  return JSON.stringify([
    t.nodes.map((n) => n.name),
    t.links.map((l) => [l.src.node, l.dst.node]),
    t.bridges.map((b) => [b.name, b.members.map((m) => m.node)]),
  ]);
}

export async function layout(t: Topology, kept: Positions): Promise<Positions> {
  const ids = new Set([...t.nodes.map((n) => n.name), ...t.bridges.map((b) => bridgeId(b.name))]);
  const edges = [
    ...t.links.map((l, i) => ({ id: `l${i}`, sources: [l.src.node], targets: [l.dst.node] })),
    ...t.bridges.flatMap((b, i) =>
      b.members.map((m, j) => ({ id: `b${i}-${j}`, sources: [bridgeId(b.name)], targets: [m.node] })),
    ),
  ].filter((e) => ids.has(e.sources[0]) && ids.has(e.targets[0]) && e.sources[0] !== e.targets[0]);
  const graph = await engine().layout({
    id: 'lab',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.separateConnectedComponents': 'true',
    },
    children: [...ids].map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges,
  });
  const out: Positions = {};
  for (const c of graph.children ?? []) out[c.id] = kept[c.id] ?? { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}
