// One node's plan: its image (from the shared resolver), boot (kernel or disk overlay), management,
// data NICs on their PCI slots and forwarded ports; or the reason `up` refuses it.
import { posix } from 'node:path';
import type { Catalog } from '../../../common/catalog/catalog';
import type { ResolvedNode } from '../../../common/manifest/resolve';
import { nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import { bool, int, str, type ManifestView } from '../../../common/manifest/view';
import {
  baseVolumeName,
  consoleSocketPath,
  diskVolumeName,
  domainName,
  kernelVolumeName,
  managementNetworkName,
  relayPortOf,
  serialLogPath,
} from './names';
import { CONSOLE_PORT, FIRST_DATA_PCI_SLOT, LAST_FREE_PCI_SLOT, linkPort, loopbackAddress } from './ports';
import type { ProvisionInput } from './provision/inputs';
import { provisionPlan } from './provision/plan';
import type { NicPlan, NodePlan, PlanSettings, PortForward, VolumePlan } from './types';
import { endKey, type Wiring } from './wiring';

const DISK_TARGETS: Record<string, [string, string]> = {
  virtio: ['virtio', 'vda'],
  sata: ['sata', 'sda'],
  ide: ['ide', 'hda'],
};

export interface NodeContext {
  lab: string;
  labDir: string;
  poolPath: string;
  loopbackN: number;
  settings: PlanSettings;
  view: ManifestView;
  catalog: Catalog;
  wiring: Wiring;
  /** what each node is provisioned with (keys, files, scripts), read by `up`; by node name */
  provision?: Map<string, ProvisionInput>;
  /** a volume filled from an image file, listed once however many nodes use it; returns its name */
  uploadOnce(volume: string, file: { path: string; size: number }): string;
  addVolume(v: VolumePlan): void;
}

export function planNode(r: ResolvedNode, c: NodeContext): NodePlan | { refused: string } {
  const m = r.model!;
  const n = r.node;
  if (r.nameProblem) return { refused: r.nameProblem };
  if (m.kind === 'container') {
    return {
      refused:
        `${m.name} is a container model; the local libvirt backend runs VMs and unikernels only ` +
        '(Sherpa runs containers on Docker)',
    };
  }
  const image = r.image!;
  if (!image.ok) return { refused: image.message };
  if (r.disk?.problem) return { refused: r.disk.problem };
  const mode = c.settings.networkMode ?? 'user';
  const machine = machineFor(m.kind === 'vm' ? m.machine : undefined, c.settings.machines);
  const uefi = m.kind === 'vm' && m.firmware === 'uefi';
  if (uefi && !c.settings.uefiAvailable)
    return { refused: `${m.name} boots with UEFI firmware, which this host does not have (install the ovmf package)` };

  const loopback = loopbackAddress(c.loopbackN, n.index);
  const domain = domainName(r.name, c.lab);
  let management: NodePlan['management'] = { kind: 'user', mac: macFor(c.lab, n.index) };
  if (mode === 'nat' && c.wiring.nat) {
    management = {
      kind: 'network',
      network: managementNetworkName(c.lab),
      mac: macFor(c.lab, n.index),
      ip: `${c.wiring.mgmtPrefix}.${10 + n.index}`,
    };
    c.wiring.nat.hosts.push({ node: r.name, mac: management.mac, ip: management.ip });
  }
  const node: NodePlan = {
    name: r.name,
    index: n.index,
    model: m,
    version: image.version,
    domainName: domain,
    loopback,
    consolePort: CONSOLE_PORT,
    management,
    machine,
    uefi,
    cpu: cpuOf(m.cpu),
    vcpu: int(n.table, 'cpu_count') || m.vcpu,
    memoryMiB: int(n.table, 'memory') || m.memory,
    nics: [],
    forwards: [],
    skipReadyCheck: bool(n.table, 'skip_ready_check') ?? false,
    serialLog: serialLogPath(c.labDir, r.name),
  };
  if (c.settings.consoleAccess === 'private') node.consoleSocket = consoleSocketPath(c.labDir, r.name);

  if (m.kind === 'unikernel' && (m.bootMode ?? 'direct_kernel') === 'direct_kernel') {
    // a kernel is only read at start: nodes of one model and version share one copy in the pool
    const kvol = c.uploadOnce(kernelVolumeName(c.lab, m.name, image.version, 'elf'), image.file);
    node.kernel = { volume: kvol, path: posix.join(c.poolPath, kvol), cmdline: str(n.table, 'kernel_cmdline')?.value };
    if (image.initrd) {
      const ivol = c.uploadOnce(kernelVolumeName(c.lab, m.name, image.version, 'initrd'), image.initrd);
      node.kernel.initrd = { volume: ivol, path: posix.join(c.poolPath, ivol) };
    }
  } else {
    const vol = diskVolumeName(domain, m.kind === 'vm');
    let backing: { backingPath: string; backingVolume?: string } = { backingPath: image.file.path };
    if (!c.settings.local) {
      // a remote host has no image store of ours: upload each base image once per lab
      const base = c.uploadOnce(baseVolumeName(m.name, image.version, image.file.name), image.file);
      backing = { backingPath: posix.join(c.poolPath, base), backingVolume: base };
    }
    c.addVolume({ name: vol, source: { ...backing, capacity: r.disk!.bytes! } });
    const [bus, target] = DISK_TARGETS[m.diskBus ?? 'virtio'] ?? DISK_TARGETS.virtio;
    node.disk = { volume: vol, bus, target };
  }

  // data interfaces in index order: reserved ones and unlinked ones stay unconnected
  const ni = nodeInterfaces(c.catalog, n)!;
  const last = Math.min(ni.max, ni.table.names.length - 1);
  for (let k = 1; k <= last; k++) {
    const peer = c.wiring.peers.get(endKey(r.name, k));
    const peerNode = peer && c.view.nodeByName.get(peer.node);
    const nic: NicPlan = {
      index: k,
      name: ni.table.names[k],
      localPort: linkPort(n.index, k),
      pciSlot: FIRST_DATA_PCI_SLOT + k - 1,
    };
    if (peer && peerNode) {
      // an impaired link's ends send to the lab's relay (beside their own socket), which passes frames on
      nic.peer = peer.impairment
        ? { node: peer.node, iface: peer.iface, address: node.loopback, port: relayPortOf(nic.localPort), relay: true }
        : {
            node: peer.node,
            iface: peer.iface,
            address: loopbackAddress(c.loopbackN, peerNode.index),
            port: linkPort(peerNode.index, peer.index),
          };
    } else if (c.wiring.bridged.has(endKey(r.name, k))) nic.network = c.wiring.bridged.get(endKey(r.name, k));
    node.nics.push(nic);
  }
  // the root bus's last free slot: 31 on i440fx, 0x1d on q35 (see LAST_FREE_PCI_SLOT)
  const lastSlot = machine === 'q35' || machine.startsWith('pc-q35') ? LAST_FREE_PCI_SLOT : 31;
  if (node.nics.length && FIRST_DATA_PCI_SLOT + node.nics.length - 1 > lastSlot) {
    return {
      refused:
        `${node.nics.length} data interfaces do not fit on one PCI bus ` +
        `(at most ${lastSlot - FIRST_DATA_PCI_SLOT + 1} on ${machine})`,
    };
  }
  // a VM's guest agent channel: its virtio-serial controller takes the slot after the data NICs. Left to
  // libvirt it would take a low slot and push the disk onto the management NIC's, which libvirt does not know of
  const agentSlot = FIRST_DATA_PCI_SLOT + node.nics.length;
  if (m.kind === 'vm' && agentSlot <= lastSlot) node.agentSlot = agentSlot;

  const ports = new Set<number>();
  const readyPort = m.kind === 'unikernel' ? int(n.table, 'ready_port') : undefined;
  if (readyPort) {
    node.readyPort = readyPort;
    ports.add(readyPort);
  }
  if (m.kind === 'vm') ports.add(22); // Sherpa's VM readiness is SSH
  for (const p of c.settings.extraPorts?.[r.name] ?? []) ports.add(p);
  // nat mode reaches the guest at its management address; user mode forwards to its loopback address
  if (mode === 'user') {
    node.forwards = [...ports]
      .filter((p) => p > 0 && p < 65536)
      .map((p): PortForward => ({ host: loopback, hostPort: p, guestPort: p }));
  }
  node.provision = provisionPlan(node, {
    local: c.settings.local,
    poolPath: c.poolPath,
    labDir: c.labDir,
    input: c.provision?.get(r.name),
    nat: c.wiring.nat,
    tftpUnreadable: c.settings.tftpUnreadable,
  });
  return node;
}

/** a stable MAC in QEMU's 52:54:00 OUI: two bytes of the lab id, then the node index */
function macFor(labId: string, index: number): string {
  return `52:54:00:${labId.slice(0, 2)}:${labId.slice(2, 4)}:${index.toString(16).padStart(2, '0')}`;
}

/** Sherpa's CPU strings: `host-model` (also when unset), else `<model>+<feature>+…` */
export function cpuOf(cpu: string | undefined): NodePlan['cpu'] {
  if (!cpu || cpu === 'host-model') return { mode: 'host-model' };
  const [model, ...features] = cpu.split('+');
  return { mode: 'custom', model, features };
}

/** the catalog's machine; a versioned one (`pc-i440fx-8.0`) the host's QEMU lacks runs as its family's newest */
export function machineFor(wanted: string | undefined, offered: string[] | undefined): string {
  if (!wanted || wanted === 'pc' || wanted === 'q35') return wanted ?? 'pc';
  if (offered?.includes(wanted)) return wanted;
  return wanted.startsWith('pc-q35') ? 'q35' : 'pc';
}
