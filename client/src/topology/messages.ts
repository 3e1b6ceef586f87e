// The messages between the topology view (media/topology.js) and the extension, typed on this side and
// checked when they arrive: a webview's message is input like any other.

export interface ViewNode {
  id: string;
  label: string;
  kind: 'vm' | 'unikernel' | 'container' | 'unknown' | 'bridge';
  model?: string;
  x: number;
  y: number;
  problems: string[];
}
export interface ViewLink {
  id: string;
  a: string;
  b: string;
  aLabel: string;
  bLabel: string;
  impairment?: string;
  problems: string[];
  /** the context a right-click carries to a command (lab, endpoint, node, iface) */
  context?: Record<string, string>;
}
export interface NodeState {
  state: string;
  console?: string;
}

export type ToView =
  | { type: 'model'; seq: number; lab: string; title: string; nodes: ViewNode[]; links: ViewLink[] }
  /** the same nodes and links as the last model, in the same order and places: only those that changed, by index
   *  (a keystroke in a 1,000-node manifest sends one node, not the whole lab) */
  | { type: 'patch'; seq: number; title: string; nodes: [number, ViewNode][]; links: [number, ViewLink][] }
  | { type: 'state'; states: Record<string, NodeState> }
  | { type: 'select'; node: string }
  | { type: 'export'; format: 'svg' | 'png' };

export type ViewModel = Extract<ToView, { type: 'model' }>;

export type FromView =
  | { type: 'ready' }
  | { type: 'reveal'; node: string }
  | { type: 'open'; node: string }
  | { type: 'selected'; node: string }
  | { type: 'moved'; node: string; x: number; y: number }
  | { type: 'exported'; format: 'svg' | 'png'; data: string }
  /** the model or patch `seq` arrived (`got`), was drawn (`drawn`) and painted `at` (epoch ms) */
  | { type: 'painted'; seq: number; nodes: number; at: number; got?: number; drawn?: number };

export type Painted = Extract<FromView, { type: 'painted' }>;

const str = (v: unknown, max = 300): v is string => typeof v === 'string' && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e7;
/** a time (epoch ms): any finite number */
const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** the message when it is one the view may send, else undefined */
export function fromView(m: unknown): FromView | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
    case 'open':
    case 'selected':
      return str(o.node) ? { type: o.type, node: o.node } : undefined;
    case 'painted': {
      if (!num(o.nodes) || !num(o.seq) || !time(o.at)) return undefined;
      const { got, drawn } = o;
      return {
        type: 'painted',
        seq: o.seq,
        nodes: o.nodes,
        at: o.at,
        ...(time(got) && time(drawn) ? { got, drawn } : {}),
      };
    }
    case 'moved':
      return str(o.node) && num(o.x) && num(o.y) ? { type: 'moved', node: o.node, x: o.x, y: o.y } : undefined;
    case 'exported':
      return (o.format === 'svg' || o.format === 'png') && str(o.data, 50_000_000)
        ? { type: 'exported', format: o.format, data: o.data }
        : undefined;
    default:
      return undefined;
  }
}
