// Sherpa's own validation rules (manifest-format.md §9, ids V1-V17 and S1), with Sherpa's messages
// first and our hint after them. Unlike `sherpa validate` we report every problem, not the first.
import type { Span } from '../../toml/ast';
import { insertKeyEdit, replaceEdit } from '../edits';
import { Problems, type Fix } from '../problem';
import { closest, didYouMean } from '../suggest';
import type { Endpoint, NodeView } from '../view';
import type { RuleContext } from './context';
import { nodeInterfaces } from './interfaces';

type Use = { kind: 'link'; index: number } | { kind: 'bridge'; index: number; name: string };

/** which link or bridge first used each interface of each node: a small list per node, indexed by the interface's
 *  index. (A Map keyed by node and index took half of this rule's time on 10,000 links, most of it in growing.) */
class InterfaceUses {
  private readonly byNode: (Use | undefined)[][];
  /** `nodes`: how many the lists are made room for (node indices are 1-based) */
  constructor(nodes: number) {
    this.byNode = Array.from({ length: nodes + 1 });
  }
  get(node: NodeView, idx: number): Use | undefined {
    return this.byNode[node.index]?.[idx];
  }
  set(node: NodeView, idx: number, use: Use): void {
    (this.byNode[node.index] ??= [])[idx] = use;
  }
}

export function checkSherpaRules(ctx: RuleContext): void {
  const { view } = ctx;
  // V1: node names are unique (the view maps each name to its first node)
  for (const n of view.nodes)
    if (n.name && view.nodeByName.get(n.name.value) !== n)
      ctx.out.error(n.name, 'duplicate-node', `Manifest - device: '${n.name.value}' defined more than once`);
  for (const n of view.nodes) checkSherpaNode(ctx, n);
  if (ctx.partial) return; // references need the whole document
  const used = new InterfaceUses(view.nodes.length);
  for (const { e, use } of linkEnds(ctx, true)) checkLinkEnd(ctx, e, use, used);
}

/** the rules of one node on its own: S1 (environment) and V7 / V8 (interface count) */
export function checkSherpaNode(ctx: RuleContext, node: NodeView): void {
  checkEnvironment(ctx, node);
  checkInterfaceCount(ctx, node);
}

/** the link and bridge ends naming `node`, checked as checkSherpaRules checks them (in the same order, so an
 *  interface used twice is reported on the same end); returns the spans of those ends */
export function checkNodeEnds(ctx: RuleContext, node: NodeView): Span[] {
  const name = node.name?.value;
  const used = new InterfaceUses(0); // one node's ends: no list of every node
  const spans: Span[] = [];
  if (name === undefined) return spans;
  for (const { e, use } of linkEnds(ctx, false, name))
    if (e.node === name) {
      spans.push(e.value);
      checkLinkEnd(ctx, e, use, used);
    }
  return spans;
}

/** the ends of links and bridges whose interfaces are checked, in order; with `report`, the problems of the
 *  links and bridges themselves (format, self-links, undefined nodes) on the way (else into a list dropped);
 *  with `naming`, only the links and bridge members naming that node (each link's checks depend on it alone) */
function linkEnds(ctx: RuleContext, report: boolean, naming?: string): { e: Endpoint; use: Use }[] {
  const { view } = ctx;
  const out = report ? ctx.out : new Problems();
  const checked: { e: Endpoint; use: Use }[] = [];
  for (const link of view.links) {
    if (naming !== undefined && link.src?.node !== naming && link.dst?.node !== naming) continue;
    const { src, dst } = link;
    for (const e of [src, dst])
      if (e && e.node === undefined)
        out.error(e.value, 'endpoint-format', `Missing :: in ${e.value.value} — write \`node::interface\`.`);
    if (src?.node !== undefined && dst?.node !== undefined) {
      if (src.node === dst.node) {
        out.error(
          dst.nodeSpan,
          'self-link',
          `A link cannot connect '${src.node}' to itself. (Sherpa reports: Manifest link - '' defined in links, not ` +
            `defined in devices)`,
        );
        continue;
      }
      if (!view.nodeByName.has(src.node) && !view.nodeByName.has(dst.node)) {
        out.error(
          src.nodeSpan,
          'undefined-node',
          `Node '${src.node}' is not defined in nodes.${nodeHint(ctx, src.node)} (Sherpa reports: Manifest link - ` +
            `device '' interface index '0' is already in use)`,
          { fixes: nodeFixes(ctx, src) },
        );
        out.error(
          dst.nodeSpan,
          'undefined-node',
          `Node '${dst.node}' is not defined in nodes.${nodeHint(ctx, dst.node)}`,
          { fixes: nodeFixes(ctx, dst) },
        );
        continue;
      }
    }
    const use: Use = { kind: 'link', index: link.index };
    for (const e of [src, dst]) {
      if (!e || e.node === undefined) continue;
      if (view.nodeByName.has(e.node)) checked.push({ e, use });
      else
        out.error(e.nodeSpan, 'undefined-node', `Peer node not found: ${e.node}.${nodeHint(ctx, e.node)}`, {
          fixes: nodeFixes(ctx, e),
        });
    }
  }
  for (const bridge of view.bridges) {
    const name = bridge.name?.value ?? '';
    for (const m of bridge.members) {
      if (naming !== undefined && m.node !== naming) continue;
      if (m.node === undefined) {
        out.error(m.value, 'endpoint-format', `Missing :: in ${m.value.value} — write \`node::interface\`.`);
        continue;
      }
      if (!view.nodeByName.has(m.node)) {
        out.warn(
          m.nodeSpan,
          'bridge-unknown-node',
          `Node '${m.node}' is not defined in nodes; Sherpa silently drops this bridge member.${nodeHint(ctx, m.node)}`,
          { fixes: nodeFixes(ctx, m) },
        );
        continue;
      }
      checked.push({ e: m, use: { kind: 'bridge', index: bridge.index, name } });
    }
  }
  return checked;
}

function nodeHint(ctx: RuleContext, name: string): string {
  return didYouMean(closest(name, ctx.view.nodeByName.keys()));
}
function nodeFixes(ctx: RuleContext, e: Endpoint): Fix[] {
  return closest(e.node!, ctx.view.nodeByName.keys()).map((c, i) => ({
    title: `Change to '${c}'`,
    edits: [replaceEdit(e.nodeSpan, c)],
    preferred: i === 0,
  }));
}

function checkLinkEnd(ctx: RuleContext, e: Endpoint, use: Use, used: InterfaceUses): void {
  const node = ctx.view.nodeByName.get(e.node!);
  if (!node) return;
  const ni = nodeInterfaces(ctx.catalog, node);
  if (!ni) return; // unknown model: reported on the model
  const n = e.node!,
    iface = e.iface!,
    m = ni.model.name,
    r = ni.reserved;
  const idx = ni.table.index.get(iface);
  const where = use.kind === 'link' ? 'Manifest link -' : `Manifest bridge '${use.name}' -`;
  const plural = use.kind === 'link' ? 'links' : 'bridges';
  if (idx === undefined) {
    const s = closest(iface, ni.table.names.slice(r + 1));
    const range =
      ni.table.names.length > 1
        ? ` ${m} names its data interfaces ${ni.table.names[r + 1]} … ${ni.table.names[ni.table.names.length - 1]}.`
        : '';
    ctx.out.error(
      e.ifaceSpan,
      'unknown-interface',
      `Unknown interface for ${ni.table.name}: ${iface}.${range}${didYouMean(s)}`,
      {
        fixes: s.map((c, i) => ({
          title: `Change to '${c}'`,
          edits: [replaceEdit(e.ifaceSpan, c)],
          preferred: i === 0,
        })),
      },
    );
    return;
  }
  if (idx === 0) {
    if (!ni.model.dedicatedMgmt) {
      ctx.out.error(
        e.ifaceSpan,
        'management-interface',
        use.kind === 'link'
          ? `Manifest link - '${n}' interface '${iface}' overlaps with management interface`
          : `Manifest bridge '${use.name}' - device '${n}' interface '${iface}' overlaps with management interface`,
      );
    } else {
      ctx.out.error(
        e.ifaceSpan,
        'management-interface',
        `${where} device '${n}' interface '${iface}' is the management interface and cannot be used in ${plural}`,
      );
    }
    return;
  }
  if (idx <= r) {
    const word = use.kind === 'link' ? 'interface index' : 'interface';
    ctx.out.error(
      e.ifaceSpan,
      'reserved-interface',
      `${where} device '${n}' ${word} '${iface}' is a reserved interface (reserved_count: ${r}) and cannot be used ` +
        `in ${plural}`,
    );
    return;
  }
  if (idx > ni.max) {
    const word = use.kind === 'link' ? 'interface index' : 'interface';
    const need = idx - r;
    const countEntry = node.table.entries.get('data_interface_count');
    const fix: Fix = {
      title: `Set data_interface_count = ${need} on '${n}'`,
      edits: [
        countEntry
          ? replaceEdit(countEntry.value, String(need))
          : insertKeyEdit(ctx.text, node.table, 'model', 'data_interface_count', String(need)),
      ],
      preferred: true,
    };
    ctx.out.error(
      e.ifaceSpan,
      'interface-out-of-range',
      `${where} device '${n}' ${word} '${iface}' exceeds the maximum interface index '${ni.max}' for device model ` +
        `'${m}' (data_interface_count: ${ni.count}, reserved: ${r}) — set data_interface_count = ${need} on '${n}' ` +
        `to use it.`,
      { fixes: [fix] }, // (an interface the names table holds: a count reaching it is in range)
    );
    return;
  }
  const first = used.get(node, idx);
  if (first) {
    const firstText = first.kind === 'link' ? `link ${first.index + 1}` : `bridge '${first.name}'`;
    ctx.out.error(
      e.value,
      'interface-in-use',
      `${where} device '${n}' interface index '${idx}' is already in use (${iface}, first used by ${firstText})`,
    );
    return;
  }
  used.set(node, idx, use);
}

/** V7 / V8: the data_interface_count override fits the names table and u8 */
function checkInterfaceCount(ctx: RuleContext, node: NodeView): void {
  const ni = nodeInterfaces(ctx.catalog, node);
  if (!ni) return;
  const v = node.table.entries.get('data_interface_count')?.value;
  const n = node.name?.value ?? '',
    m = ni.model.name,
    r = ni.reserved;
  const maxi = ni.table.names.length - 1;
  if (v?.kind !== 'integer') {
    if (ni.model.dataInterfaces > maxi - r && node.model) {
      ctx.out.warn(
        node.model,
        'default-count-overflow',
        `Sherpa's default of ${ni.model.dataInterfaces} data interfaces for ${m} exceeds its ${maxi - r} interface ` +
          `names: starting fails with "Unknown interface index for ${ni.table.name}: ${maxi + 1}". Set ` +
          `data_interface_count to at most ${maxi - r}.`,
        {
          fixes: [
            {
              title: `Set data_interface_count = ${maxi - r}`,
              edits: [insertKeyEdit(ctx.text, node.table, 'model', 'data_interface_count', String(maxi - r))],
            },
          ],
        },
      );
    }
    return;
  }
  if (v.value < 0 || v.value > 255) return; // a u8 range error already
  if (v.value + r > 255) {
    ctx.out.error(
      v,
      'interface-count',
      `Node '${n}' (model: ${m}) requested data_interface_count ${v.value} but reserved interface count ${r} causes ` +
        `interface index overflow`,
    );
  } else if (v.value > maxi - r) {
    ctx.out.error(
      v,
      'interface-count',
      `Node '${n}' (model: ${m}) requested data_interface_count ${v.value} but only 0..=${maxi - r} data interfaces ` +
        `are supported (reserved: ${r}, max interface index: ${maxi})`,
      {
        fixes: [{ title: `Change to ${maxi - r}`, edits: [replaceEdit(v, String(maxi - r))] }],
      },
    );
  }
}

/** S1: environment_variables entries are KEY=VALUE with a sane KEY */
function checkEnvironment(ctx: RuleContext, node: NodeView): void {
  const v = node.table.entries.get('environment_variables')?.value;
  if (v?.kind !== 'array') return;
  const n = node.name?.value ?? '';
  for (const item of v.items) {
    if (item.kind !== 'string') continue;
    const e = item.value;
    const eq = e.indexOf('=');
    const span: Span = item;
    if (eq < 0) {
      ctx.out.error(
        span,
        'environment-variable',
        `Invalid environment variable '${e}' for node '${n}': must be KEY=VALUE format`,
      );
      continue;
    }
    const key = e.slice(0, eq);
    if (!key)
      ctx.out.error(
        span,
        'environment-variable',
        `Invalid environment variable '${e}' for node '${n}': KEY must not be empty`,
      );
    else if (/^[0-9]/.test(key))
      ctx.out.error(
        span,
        'environment-variable',
        `Invalid environment variable key '${key}' for node '${n}': KEY must not start with a digit`,
      );
    else if (!/^[A-Za-z0-9_]+$/.test(key))
      ctx.out.error(
        span,
        'environment-variable',
        `Invalid environment variable key '${key}' for node '${n}': KEY must contain only alphanumeric characters ` +
          `and underscores`,
      );
  }
}
