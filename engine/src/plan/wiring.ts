// How the lab's interfaces connect: link peers and bridge members by node name and interface index,
// and the libvirt networks the lab needs (one per bridge, plus the management network in nat mode).
import type { Catalog } from '../../../common/catalog/catalog';
import { nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import { linkImpairment, type Impairment } from '../../../common/manifest/impairment';
import type { Endpoint, ManifestView } from '../../../common/manifest/view';
import type { RelayLink, RelaySide } from '../relay/config';
import { bridgeDeviceName, bridgeNetworkName, managementBridgeName, managementNetworkName, relayPortOf } from './names';
import { linkPort, loopbackAddress } from './ports';
import type { NetworkMode, NetworkPlan } from './types';

export interface Peer {
  node: string;
  iface: string;
  index: number;
  /** the link is impaired: this end sends to the lab's relay, which passes frames on to the peer */
  impairment?: Impairment;
}

export interface Wiring {
  /** `${node}\0${ifIndex}` -> the other end of its link */
  peers: Map<string, Peer>;
  /** `${node}\0${ifIndex}` -> the libvirt network of its bridge */
  bridged: Map<string, string>;
  networks: NetworkPlan[];
  /** the nat management network's addressing (hosts filled in per node), when mode is nat */
  nat?: NonNullable<NetworkPlan['nat']>;
  mgmtPrefix: string;
  /** the impaired links, through the lab's relay (p2p links with an impairment table, as Sherpa applies them) */
  relayed: RelayLink[];
}

export const endKey = (node: string, index: number) => `${node}\0${index}`;

/** `relay`: impaired links go through the lab's relay (a process on this machine: not for a remote libvirt) */
export function wire(
  view: ManifestView,
  cat: Catalog,
  lab: string,
  mode: NetworkMode,
  loopbackN: number,
  relay = true,
): Wiring {
  const indexOf = (e: Endpoint) => {
    const n = view.nodeByName.get(e.node!);
    return n && nodeInterfaces(cat, n)?.table.index.get(e.iface!);
  };
  const networks: NetworkPlan[] = [];
  const mgmtPrefix = `172.31.${loopbackN}`;
  let nat: Wiring['nat'];
  if (mode === 'nat') {
    nat = {
      gateway: `${mgmtPrefix}.1`,
      netmask: '255.255.255.0',
      dhcpStart: `${mgmtPrefix}.10`,
      dhcpEnd: `${mgmtPrefix}.254`,
      hosts: [],
    };
    networks.push({ name: managementNetworkName(lab), bridge: managementBridgeName(lab), nat });
  }
  // bridge members (members naming no node are dropped, like Sherpa)
  const bridged = new Map<string, string>();
  for (const b of view.bridges) {
    const net = { name: bridgeNetworkName(lab, b.index), bridge: bridgeDeviceName(lab, b.index) };
    networks.push(net);
    for (const m of b.members) {
      const idx = m.node !== undefined ? indexOf(m) : undefined;
      if (idx !== undefined) bridged.set(endKey(m.node!, idx), net.name);
    }
  }
  const peers = new Map<string, Peer>();
  const relayed: RelayLink[] = [];
  // a relayed end: the relay listens beside the node's own tunnel socket, on its loopback address
  const side = (e: Endpoint, ifIndex: number): RelaySide => {
    const address = loopbackAddress(loopbackN, view.nodeByName.get(e.node!)!.index);
    const port = linkPort(view.nodeByName.get(e.node!)!.index, ifIndex);
    return { endpoint: e.value.value, listen: { address, port: relayPortOf(port) }, node: { address, port } };
  };
  for (const l of view.links) {
    if (!l.src?.node || !l.dst?.node) continue;
    const a = indexOf(l.src);
    const b = indexOf(l.dst);
    if (a === undefined || b === undefined) continue;
    const imp = linkImpairment(l);
    const impairment = imp?.p2p && relay ? imp.impairment : undefined;
    peers.set(endKey(l.src.node, a), { node: l.dst.node, iface: l.dst.iface!, index: b, impairment });
    peers.set(endKey(l.dst.node, b), { node: l.src.node, iface: l.src.iface!, index: a, impairment });
    if (impairment) relayed.push({ a: side(l.src, a), b: side(l.dst, b), impairment });
  }
  return { peers, bridged, networks, nat, mgmtPrefix, relayed };
}
