// Manifest + image store + settings -> lab plan. Pure: every refusal happens here, before anything
// is created, and names the node and the reason.
import { posix } from 'node:path';
import { catalog } from '../../../common/catalog/catalog';
import { resolveVersion, type ImageIndex } from '../../../common/images/index';
import type { Problem } from '../../../common/manifest/problem';
import { nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import { bool, int, str, type Endpoint, type ManifestView } from '../../../common/manifest/view';
import { labId } from './labId';
import {
  baseVolumeName,
  bridgeDeviceName,
  bridgeNetworkName,
  diskVolumeName,
  domainName as domainNameOf,
  kernelVolumeName,
  labDirOf,
  managementBridgeName,
  managementNetworkName,
  nodeNameProblem,
  poolName,
  poolPathOf,
  serialLogPath,
  versionProblem,
} from './names';
import {
  CONSOLE_PORT,
  FIRST_DATA_PCI_SLOT,
  LAST_FREE_PCI_SLOT,
  linkPort,
  loopbackAddress,
  loopbackNetwork,
  MAX_NODES,
} from './ports';
import type {
  LabPlan,
  NetworkPlan,
  NicPlan,
  NodePlan,
  PlanProblem,
  PlanResult,
  PlanSettings,
  PortForward,
  VolumePlan,
} from './types';

/** a stable MAC in QEMU's 52:54:00 OUI: two bytes of the lab id, then the node index */
function macFor(labId: string, index: number): string {
  return `52:54:00:${labId.slice(0, 2)}:${labId.slice(2, 4)}:${index.toString(16).padStart(2, '0')}`;
}

export interface PlanInput {
  view: ManifestView;
  problems: Problem[];
  manifestPath: string;
  images: ImageIndex;
  settings: PlanSettings;
  /** the loopback /24 this lab gets (127.127.<n>.0/24) */
  loopbackN: number;
}

const GiB = 2 ** 30;
const READY_TIMEOUT_DEFAULT = 600;
const DISK_TARGETS: Record<string, [string, string]> = {
  virtio: ['virtio', 'vda'],
  sata: ['sata', 'sda'],
  ide: ['ide', 'hda'],
};

export function buildPlan(input: PlanInput): PlanResult {
  const { view, images, settings } = input;
  const cat = catalog();
  const problems: PlanProblem[] = [];
  const refuse = (message: string, node?: string) => problems.push({ node, message });

  for (const p of input.problems) if (p.severity === 'error') refuse(`manifest error: ${p.message}`);
  if (problems.length) return { ok: false, problems };

  const name = view.name?.value ?? '';
  const id = labId(settings.user, name);
  if (!view.nodes.length) refuse('the manifest has no nodes');
  if (view.nodes.length > MAX_NODES)
    refuse(`a lab holds at most ${MAX_NODES} nodes (one loopback address each); this one has ${view.nodes.length}`);
  const mode = settings.networkMode ?? 'user';
  if (view.bridges.length && !settings.privileged)
    refuse(
      'bridges are shared L2 segments (libvirt networks): they need a privileged connection such as qemu:///system; ' +
        'use links otherwise',
    );
  if (mode === 'nat' && !settings.privileged)
    refuse(
      'the nat network mode creates a libvirt NAT network: it needs a privileged connection such as qemu:///system',
    );

  const labDir = labDirOf(settings.labsDir, id);
  const pool = { name: poolName(id), path: poolPathOf(labDir) };
  const volumes: VolumePlan[] = [];
  /** a volume filled from an image file, listed once however many nodes use it */
  const uploadOnce = (vol: string, file: { path: string; size: number }): string => {
    if (!volumes.some((v) => v.name === vol))
      volumes.push({ name: vol, source: { upload: file.path, size: file.size } });
    return vol;
  };
  const nodes: NodePlan[] = [];
  // link ends by node name and interface index
  const peers = new Map<string, { node: string; iface: string; index: number }>();
  const indexOf = (e: Endpoint) => {
    const n = view.nodeByName.get(e.node!);
    return n && nodeInterfaces(cat, n)?.table.index.get(e.iface!);
  };
  const networks: NetworkPlan[] = [];
  const mgmtNet = `172.31.${input.loopbackN}`;
  const nat: NetworkPlan['nat'] = {
    gateway: `${mgmtNet}.1`,
    netmask: '255.255.255.0',
    dhcpStart: `${mgmtNet}.10`,
    dhcpEnd: `${mgmtNet}.254`,
    hosts: [],
  };
  if (mode === 'nat') networks.push({ name: managementNetworkName(id), bridge: managementBridgeName(id), nat });
  // bridge members by node name and interface index (members naming no node are dropped, like Sherpa)
  const bridged = new Map<string, string>();
  view.bridges.forEach((b) => {
    const net = { name: bridgeNetworkName(id, b.index), bridge: bridgeDeviceName(id, b.index) };
    networks.push(net);
    for (const m of b.members) {
      const idx = m.node !== undefined ? indexOf(m) : undefined;
      if (idx !== undefined) bridged.set(`${m.node}\0${idx}`, net.name);
    }
  });

  for (const l of view.links) {
    if (!l.src?.node || !l.dst?.node) continue;
    const a = indexOf(l.src),
      b = indexOf(l.dst);
    if (a === undefined || b === undefined) continue;
    peers.set(`${l.src.node}\0${a}`, { node: l.dst.node, iface: l.dst.iface!, index: b });
    peers.set(`${l.dst.node}\0${b}`, { node: l.src.node, iface: l.src.iface!, index: a });
  }

  for (const n of view.nodes) {
    const nodeName = n.name?.value ?? '';
    const m = n.modelInfo;
    if (!m) continue; // reported by validation
    const nameProblem = nodeNameProblem(nodeName);
    if (nameProblem) {
      refuse(nameProblem, nodeName);
      continue;
    }
    if (m.kind === 'container') {
      refuse(
        `${m.name} is a container model; the local libvirt backend runs VMs and unikernels only (Sherpa runs ` +
          `containers on Docker)`,
        nodeName,
      );
      continue;
    }
    const requested = str(n.table, 'version')?.value;
    const res = resolveVersion(images, m.name, requested);
    const file = cat.imageFile(m)!;
    if (!res.ok) {
      refuse(
        res.reason === 'ambiguous'
          ? `${m.name} has several versions (${res.available.join(', ')}) and none is marked default: set version`
          : res.reason === 'not-installed'
            ? `Version '${requested}' not found for model: ${m.name}. Available versions: ${res.available.join(', ')}`
            : `No ${m.name} image in ${images.dir} (expected ${images.dir}/${m.name}/<version>/${file})`,
        nodeName,
      );
      continue;
    }
    const badVersion = versionProblem(res.version);
    if (badVersion) {
      refuse(badVersion, nodeName);
      continue;
    }
    const img = images.models.get(m.name)?.versions.get(res.version);
    const imageFile = img?.files.get(file);
    if (!img || !imageFile) {
      refuse(
        `Disk image not found for node '${nodeName}' (model: ${m.name}, version: ${res.version})\nExpected path: ` +
          `${images.dir}/${m.name}/${res.version}/${file}`,
        nodeName,
      );
      continue;
    }

    const loopback = loopbackAddress(input.loopbackN, n.index);
    const domainName = domainNameOf(nodeName, id);
    const management: NodePlan['management'] =
      mode === 'nat'
        ? {
            kind: 'network',
            network: managementNetworkName(id),
            mac: macFor(id, n.index),
            ip: `${mgmtNet}.${10 + n.index}`,
          }
        : { kind: 'user' };
    if (management.kind === 'network') nat.hosts.push({ node: nodeName, mac: management.mac, ip: management.ip });
    const machine = machineFor(m.kind === 'vm' ? m.machine : undefined, settings.machines);
    const uefi = m.kind === 'vm' && m.firmware === 'uefi';
    if (uefi && !settings.uefiAvailable) {
      refuse(`${m.name} boots with UEFI firmware, which this host does not have (install the ovmf package)`, nodeName);
      continue;
    }
    const node: NodePlan = {
      name: nodeName,
      index: n.index,
      model: m,
      version: res.version,
      domainName,
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
      serialLog: serialLogPath(labDir, nodeName),
    };

    if (m.kind === 'unikernel' && (m.bootMode ?? 'direct_kernel') === 'direct_kernel') {
      // a kernel is only read at start: nodes of one model and version share one copy in the pool
      const kvol = uploadOnce(kernelVolumeName(id, m.name, res.version, 'elf'), imageFile);
      node.kernel = { volume: kvol, path: posix.join(pool.path, kvol), cmdline: str(n.table, 'kernel_cmdline')?.value };
      // our extension of Sherpa's layout: an optional initrd next to kernel.elf
      const initrd = img.files.get('initrd');
      if (initrd) {
        const ivol = uploadOnce(kernelVolumeName(id, m.name, res.version, 'initrd'), initrd);
        node.kernel.initrd = { volume: ivol, path: posix.join(pool.path, ivol) };
      }
    } else {
      const vs = imageFile.virtualSize;
      if (vs === undefined) {
        refuse(`${imageFile.path} is not a qcow2 image`, nodeName);
        continue;
      }
      const size = int(n.table, 'boot_disk_size');
      if (size !== undefined && size * GiB <= vs) {
        refuse(
          `Requested size ${size}G (${size * GiB} bytes) must be larger than current size (${vs} bytes) for: ` +
            `${imageFile.path}`,
          nodeName,
        );
        continue;
      }
      const vol = diskVolumeName(domainName, m.kind === 'vm');
      let backing: { backingPath: string; backingVolume?: string } = { backingPath: imageFile.path };
      if (!settings.local) {
        // a remote host has no image store of ours: upload each base image once per lab
        const base = uploadOnce(baseVolumeName(m.name, res.version, file), imageFile);
        backing = { backingPath: posix.join(pool.path, base), backingVolume: base };
      }
      volumes.push({ name: vol, source: { ...backing, capacity: size ? size * GiB : vs } });
      const [bus, target] = DISK_TARGETS[m.diskBus ?? 'virtio'] ?? DISK_TARGETS.virtio;
      node.disk = { volume: vol, bus, target };
    }

    // data interfaces in index order: reserved ones and unlinked ones stay unconnected
    const ni = nodeInterfaces(cat, n)!;
    const last = Math.min(ni.max, ni.table.names.length - 1);
    for (let k = 1; k <= last; k++) {
      const peer = peers.get(`${nodeName}\0${k}`);
      const peerNode = peer && view.nodeByName.get(peer.node);
      const nic: NicPlan = {
        index: k,
        name: ni.table.names[k],
        localPort: linkPort(n.index, k),
        pciSlot: FIRST_DATA_PCI_SLOT + k - 1,
      };
      if (peer && peerNode)
        nic.peer = {
          node: peer.node,
          iface: peer.iface,
          address: loopbackAddress(input.loopbackN, peerNode.index),
          port: linkPort(peerNode.index, peer.index),
        };
      else if (bridged.has(`${nodeName}\0${k}`)) nic.network = bridged.get(`${nodeName}\0${k}`);
      node.nics.push(nic);
    }
    // the root bus's last free slot: 31 on i440fx, 0x1d on q35 (see LAST_FREE_PCI_SLOT)
    const lastSlot = machine === 'q35' || machine.startsWith('pc-q35') ? LAST_FREE_PCI_SLOT : 31;
    if (node.nics.length && FIRST_DATA_PCI_SLOT + node.nics.length - 1 > lastSlot) {
      refuse(
        `${node.nics.length} data interfaces do not fit on one PCI bus (at most ` +
          `${lastSlot - FIRST_DATA_PCI_SLOT + 1} on ${machine})`,
        nodeName,
      );
      continue;
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
    for (const p of settings.extraPorts?.[nodeName] ?? []) ports.add(p);
    // nat mode reaches the guest at its management address; user mode forwards to its loopback address
    if (mode === 'user')
      node.forwards = [...ports]
        .filter((p) => p > 0 && p < 65536)
        .map((p): PortForward => ({ host: loopback, hostPort: p, guestPort: p }));
    nodes.push(node);
  }
  if (problems.length) return { ok: false, problems };

  const plan: LabPlan = {
    id,
    name,
    user: settings.user,
    manifestPath: input.manifestPath,
    uri: settings.uri,
    domainType: settings.domainType,
    loopbackNetwork: loopbackNetwork(input.loopbackN),
    labDir,
    pool,
    volumes,
    networks,
    networkMode: mode,
    nodes,
    readyTimeoutSec: int(view.doc.root, 'ready_timeout') ?? settings.defaultReadyTimeoutSec ?? READY_TIMEOUT_DEFAULT,
    qbootPath: settings.qbootPath,
  };
  return { ok: true, plan };
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
