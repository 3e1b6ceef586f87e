// The topology of the manifest being edited, from the last analysis (no second parse): what the
// topology view draws as the user types.
import { describeImpairment, linkImpairment } from '../../../common/manifest/impairment';
import type { Problem } from '../../../common/manifest/problem';
import type { Topology, TopologyEnd, TopologyKind } from '../../../common/manifest/topology';
import { bool, type Endpoint } from '../../../common/manifest/view';
import type { Span } from '../../../common/toml/ast';
import { firstWhere } from '../../../common/sorted';
import { toRange, type Analysis } from './service';

const end = (e: Endpoint | undefined): TopologyEnd | undefined =>
  e?.node && e.iface !== undefined ? { node: e.node, iface: e.iface } : undefined;

/** the messages of the problems inside a span: by binary search over the problems sorted by start, so a
 *  1,000-node manifest with a warning on every node costs N log N, not N² */
function problemFinder(problems: Problem[]): (s: Span) => string[] {
  const sorted = [...problems].sort((x, y) => x.start - y.start);
  return (s) => {
    const lo = firstWhere(sorted, (p) => p.start >= s.start);
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i].start <= s.end; i++)
      if (sorted[i].end <= s.end) out.push(sorted[i].message);
    return out;
  };
}

export function topology(a: Analysis, version: number): Topology {
  const problemsIn = problemFinder(
    a.validation.problems.filter((p) => p.severity === 'error' || p.severity === 'warning'),
  );
  const v = a.view;
  return {
    version,
    name: v.name?.value,
    nodes: v.nodes.flatMap((n) =>
      n.name
        ? [
            {
              name: n.name.value,
              model: n.model?.value,
              kind: (n.modelInfo?.kind ?? 'unknown') as TopologyKind,
              range: toRange(a, n.table),
              problems: problemsIn(n.table),
            },
          ]
        : [],
    ),
    links: v.links.flatMap((l) => {
      const src = end(l.src);
      const dst = end(l.dst);
      if (!src || !dst) return [];
      const imp = linkImpairment(l);
      return [
        {
          id: l.src!.value.value,
          src,
          dst,
          p2p: bool(l.table, 'p2p') ?? false,
          impairment: imp?.p2p ? describeImpairment(imp.impairment) : undefined,
          range: toRange(a, l.table),
          problems: problemsIn(l.table),
        },
      ];
    }),
    bridges: v.bridges.map((b) => ({
      name: b.name?.value ?? `bridge ${b.index}`,
      members: b.members.flatMap((m) => end(m) ?? []),
      range: toRange(a, b.table),
    })),
  };
}
