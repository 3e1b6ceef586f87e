// What the impairment relay of a lab is told (relay/config.json in the lab folder, written by the engine)
// and what it answers on its control socket.
import type { Impairment } from '../../../common/manifest/impairment';

export interface UdpAddress {
  address: string;
  port: number;
}
/** one side of a relayed link: the relay's socket this node sends to, and the node's own tunnel socket */
export interface RelaySide {
  /** `node::iface` */
  endpoint: string;
  listen: UdpAddress;
  node: UdpAddress;
}
export interface RelayLink {
  /** the link's `src` side (its endpoint names the link) and its `dst` side */
  a: RelaySide;
  b: RelaySide;
  impairment: Impairment;
}
export interface RelayConfig {
  links: RelayLink[];
}
/** per link and direction (a→b, b→a): frames passed on and frames dropped */
export interface RelayLinkStats {
  endpoint: string;
  impairment: Impairment;
  forwarded: [number, number];
  dropped: [number, number];
}
