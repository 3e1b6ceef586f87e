// The topology as a delta from the client's last answer: a keystroke inside one node of a 1,000-node manifest
// changes that node (and its links), but the whole picture is 360 KB of JSON that the server would write, and
// the extension host read and parse, on every keystroke (3.5 MB at 10,000 nodes). Nodes and links are
// compared one by one when their counts are unchanged; anything else (a node added or removed) is sent whole.
import type { Topology, TopologyLink, TopologyNode } from './topology';

/** the changes since the answer `since`: the nodes and links that differ, by index; the rest whole */
export interface TopologyDelta {
  since: string;
  version: number;
  name?: string;
  nodes: [number, TopologyNode][];
  links: [number, TopologyLink][];
  bridges: Topology['bridges'];
}
/** the `sherpa/topology` answer: `id` names it, for the next request's `since` */
export type TopologyAnswer = { id: string; full: Topology } | { id: string; delta: TopologyDelta };

/** the entries of `xs` whose JSON texts (`next`) differ from `prev`, by index */
function changed<T>(prev: readonly string[], next: readonly string[], xs: readonly T[]): [number, T][] {
  const out: [number, T][] = [];
  next.forEach((text, i) => {
    if (text !== prev[i]) out.push([i, xs[i]]);
  });
  return out;
}
const texts = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x));

/** the last topology answered for each document: what a request with `since` is answered against */
export class TopologyCache {
  private readonly last = new Map<string, { id: string; nodes: string[]; links: string[] }>();
  private seq = 0;
  /** `prefix` keeps the ids of one server apart from another's (a restarted server counts from 1 again) */
  constructor(private readonly prefix: string) {}

  /** `t` as the changes since `since` when that is the answer remembered and the counts are the same */
  answer(uri: string, t: Topology, since?: string): TopologyAnswer {
    const before = this.last.get(uri);
    const id = `${this.prefix}.${++this.seq}`;
    const nodes = texts(t.nodes);
    const links = texts(t.links);
    this.last.set(uri, { id, nodes, links });
    if (!before || before.id !== since || before.nodes.length !== nodes.length || before.links.length !== links.length)
      return { id, full: t };
    return {
      id,
      delta: {
        since,
        version: t.version,
        name: t.name,
        nodes: changed(before.nodes, nodes, t.nodes),
        links: changed(before.links, links, t.links),
        bridges: t.bridges,
      },
    };
  }
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/** the topology `delta` describes, given the answer it was made against */
export function applyTopologyDelta(base: Topology, delta: TopologyDelta): Topology {
  const nodes = base.nodes.slice();
  const links = base.links.slice();
  for (const [i, n] of delta.nodes) nodes[i] = n;
  for (const [i, l] of delta.links) links[i] = l;
  const t: Topology = { version: delta.version, nodes, links, bridges: delta.bridges };
  if (delta.name !== undefined) t.name = delta.name;
  return t;
}
