// The manifest as Sherpa sees it, read off the syntax tree: nodes, links and bridges with the source
// spans of their values. Shared by validation, the language features and the lab planner.
import { catalog, type ModelInfo } from '../catalog/catalog';
import { parseToml } from '../toml/parser';
import type { Span, TomlDocument, TomlEntry, TomlString, TomlTable } from '../toml/ast';
import { shared } from '../toml/intern';
import type { ImageIndex } from '../images/index';
import type { ResolvedNode } from './resolve';
import type { NodeInterfaces } from './rules/interfaces';

/** `node::iface`, split on the first `::` like Sherpa's split_node_int. Its spans are read off the value when asked
 *  (a 10,000-link manifest would keep 40,000 span objects), so they move with it when an edit moves the value. */
export class Endpoint {
  /** undefined when the text has no `::` */
  readonly node: string | undefined;
  readonly iface: string | undefined;
  private readonly cut: number;
  constructor(readonly value: TomlString) {
    const s = value.value;
    this.cut = s.indexOf('::');
    // interface names shared like the parser's key names: eth1 comes back in thousands of links (node names, each
    // in a few, would only push key names out of the table)
    this.node = this.cut < 0 ? undefined : s.slice(0, this.cut);
    this.iface = this.cut < 0 ? undefined : shared(s, this.cut + 2, s.length);
  }
  /** the node name's characters, or the whole value when they cannot be told apart (no `::`, escapes) */
  get nodeSpan(): Span {
    const v = this.value;
    return this.cut < 0 || v.transformed
      ? { start: v.start, end: v.end }
      : { start: v.contentStart, end: v.contentStart + this.cut };
  }
  /** the interface name's characters, or the whole value */
  get ifaceSpan(): Span {
    const v = this.value;
    return this.cut < 0 || v.transformed
      ? { start: v.start, end: v.end }
      : { start: v.contentStart + this.cut + 2, end: v.contentStart + v.value.length };
  }
}

export interface NodeView {
  /** 1-based position in `nodes`: Sherpa's node index */
  index: number;
  table: TomlTable;
  name?: TomlString;
  model?: TomlString;
  modelInfo?: ModelInfo;
  /** what the rules derive from the node, kept with it (./rules/interfaces.ts, ./resolve.ts): fields, not
   *  WeakMaps keyed by 10,000 views; a node's new view (an edit) starts without them */
  interfaces?: NodeInterfaces | null;
  resolved?: { images: ImageIndex; resolved: ResolvedNode };
}
export interface LinkView {
  index: number;
  table: TomlTable;
  src?: Endpoint;
  dst?: Endpoint;
}
export interface BridgeView {
  index: number;
  table: TomlTable;
  name?: TomlString;
  members: Endpoint[];
}

export interface ManifestView {
  doc: TomlDocument;
  name?: TomlString;
  nodes: NodeView[];
  links: LinkView[];
  bridges: BridgeView[];
  /** first node of each name */
  nodeByName: Map<string, NodeView>;
}

export function entry(t: TomlTable, key: string): TomlEntry | undefined {
  return t.entries.get(key);
}
export function str(t: TomlTable, key: string): TomlString | undefined {
  const v = t.entries.get(key)?.value;
  return v?.kind === 'string' ? v : undefined;
}
export function int(t: TomlTable, key: string): number | undefined {
  const v = t.entries.get(key)?.value;
  return v?.kind === 'integer' ? v.value : undefined;
}
export function bool(t: TomlTable, key: string): boolean | undefined {
  const v = t.entries.get(key)?.value;
  return v?.kind === 'boolean' ? v.value : undefined;
}
/** the tables of an array-of-tables key (`text_files`, `[[nodes]]`), the rest of its items skipped: the array's own
 *  list when all its items are tables (a copy of 10,000 nodes took about 1 ms of a view), hence read-only */
export function tablesAt(t: TomlTable, key: string): readonly TomlTable[] {
  const v = t.entries.get(key)?.value;
  if (v?.kind !== 'array') return [];
  const items = v.items;
  for (let i = 0; i < items.length; i++)
    if (items[i].kind !== 'table') return items.filter((i): i is TomlTable => i.kind === 'table');
  return items as TomlTable[];
}
/** the string values of an array key (`startup_scripts`), the rest of its items skipped */
export function stringsAt(t: TomlTable, key: string): string[] {
  const v = t.entries.get(key)?.value;
  return v?.kind === 'array' ? v.items.flatMap((i) => (i.kind === 'string' ? [i.value] : [])) : [];
}

export function endpoint(value: TomlString): Endpoint {
  return new Endpoint(value);
}

export function viewOf(doc: TomlDocument): ManifestView {
  const root = doc.root;
  const cat = catalog();
  const nodes = tablesAt(root, 'nodes').map((table, i): NodeView => {
    const model = str(table, 'model');
    const modelInfo = model && cat.model(model.value);
    return {
      index: i + 1,
      table,
      name: str(table, 'name'),
      model,
      modelInfo,
      interfaces: undefined,
      resolved: undefined,
    };
  });
  const links = tablesAt(root, 'links').map((table, index): LinkView => {
    const src = str(table, 'src'),
      dst = str(table, 'dst');
    return { index, table, src: src && endpoint(src), dst: dst && endpoint(dst) };
  });
  const bridges = tablesAt(root, 'bridges').map((table, index): BridgeView => {
    const l = table.entries.get('links')?.value;
    const members =
      l?.kind === 'array' ? l.items.filter((i): i is TomlString => i.kind === 'string').map(endpoint) : [];
    return { index, table, name: str(table, 'name'), members };
  });
  // the first node of each name: set from the last node to the first, one hash operation per node instead of a
  // lookup and a set (1 of the view's 5 ms at 10,000 nodes); readers sort what they take from its keys
  const nodeByName = new Map<string, NodeView>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const name = nodes[i].name;
    if (name) nodeByName.set(name.value, nodes[i]);
  }
  return { doc, name: str(root, 'name'), nodes, links, bridges, nodeByName };
}

export function parseManifest(text: string): ManifestView {
  return viewOf(parseToml(text));
}
