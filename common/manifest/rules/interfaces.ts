// Interface facts per node: the names table, the effective data interface count and the index bounds.
import type { Catalog, InterfaceTable, ModelInfo } from '../../catalog/catalog';
import type { NodeView } from '../view';

export interface NodeInterfaces {
  model: ModelInfo;
  table: InterfaceTable;
  reserved: number;
  /** the manifest override if it is an integer, else the model default */
  count: number;
  /** highest linkable index: reserved + count */
  max: number;
}

/** computed once per node of a parse (rules ask for every link end), kept on its view */
export function nodeInterfaces(cat: Catalog, node: NodeView): NodeInterfaces | undefined {
  if (node.interfaces === undefined) node.interfaces = computeInterfaces(cat, node) ?? null;
  return node.interfaces ?? undefined;
}

function computeInterfaces(cat: Catalog, node: NodeView): NodeInterfaces | undefined {
  const model = node.modelInfo;
  if (!model) return undefined;
  const table = cat.interfaces(model);
  const o = node.table.entries.get('data_interface_count')?.value;
  const count = o?.kind === 'integer' && o.value >= 0 ? o.value : model.dataInterfaces;
  return { model, table, reserved: table.reserved, count, max: table.reserved + count };
}

/** the data interface names a node can link, in index order (never past the names table) */
export function linkableNames(ni: NodeInterfaces): string[] {
  return ni.table.names.slice(ni.reserved + 1, Math.min(ni.max, ni.table.names.length - 1) + 1);
}
