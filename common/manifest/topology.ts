// The lab as a picture sees it: nodes, point-to-point links and bridges, with where each is written and
// the problems the editor reports on it. The language server builds it from its own parse (the
// `sherpa/topology` request); the topology view draws it.
import type { Range } from 'vscode-languageserver-types';

export type TopologyKind = 'vm' | 'unikernel' | 'container' | 'unknown';
export interface TopologyEnd {
  node: string;
  iface: string;
}
export interface TopologyNode {
  name: string;
  model?: string;
  kind: TopologyKind;
  /** the node's table in the manifest */
  range: Range;
  /** the messages of the errors and warnings inside it */
  problems: string[];
}
export interface TopologyLink {
  /** `src` endpoint text: names the link (as `link impair` does) */
  id: string;
  src: TopologyEnd;
  dst: TopologyEnd;
  p2p: boolean;
  /** the impairment as the manifest gives it (`delay 100 ms, loss 5%`), when it applies */
  impairment?: string;
  range: Range;
  problems: string[];
}
export interface TopologyBridge {
  name: string;
  members: TopologyEnd[];
  range: Range;
}
export interface Topology {
  /** the document version this was built from */
  version: number;
  name?: string;
  nodes: TopologyNode[];
  links: TopologyLink[];
  bridges: TopologyBridge[];
}
