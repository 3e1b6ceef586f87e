// The lab plan: everything the effect layer needs, decided up front from manifest + image store +
// settings. Pure data; rendering to libvirt XML is in domainXml.ts.
import type { ModelInfo } from '../../../common/catalog/catalog';
import type { RelayLink } from '../relay/config';

export type DomainType = 'kvm' | 'qemu';
/** user: QEMU user networking, ports forwarded to loopback, no privileges; nat: Sherpa's libvirt NAT network */
export type NetworkMode = 'user' | 'nat';

export interface PlanSettings {
  /** libvirt connection URI */
  uri: string;
  /** false for qemu+ssh:// and friends: images are uploaded into the pool, files are not read locally */
  local: boolean;
  user: string;
  domainType: DomainType;
  /** folder on the libvirt host that holds per-lab folders (disks, serial logs) */
  labsDir: string;
  /** qboot firmware for fast direct-kernel boot, when the host has it */
  qbootPath?: string;
  /** UEFI firmware (OVMF) is installed: models whose firmware is UEFI need it */
  uefiAvailable?: boolean;
  /** machine types the host's QEMU offers (`virsh capabilities`); a versioned one it lacks falls back to its family */
  machines?: string[];
  networkMode?: NetworkMode;
  /** the connection may create libvirt networks (qemu:///system): needed for bridges and nat mode */
  privileged?: boolean;
  /** readiness timeout in seconds when the manifest sets no ready_timeout (Sherpa's default: 600) */
  defaultReadyTimeoutSec?: number;
  /** loopback: consoles on telnet at each node's loopback address (Sherpa's way, any local user);
   *  private: a UNIX socket in the lab folder, which is made 0700 (this user only) */
  consoleAccess?: 'loopback' | 'private';
  /** extra TCP ports to forward, by node name */
  extraPorts?: Record<string, number[]>;
  /** why libvirt's dnsmasq (which drops to an unprivileged user) cannot read the lab's TFTP folder, if it cannot */
  tftpUnreadable?: string;
}

export interface PortForward {
  host: string;
  hostPort: number;
  guestPort: number;
}

export interface NicPlan {
  /** interface index in the model's names table (1 = first after management) */
  index: number;
  name: string;
  localPort: number;
  /** the other end, or undefined for an unlinked interface (its frames go nowhere) */
  /** `relay`: the address and port are the lab's impairment relay's, which passes frames on to the peer */
  peer?: { node: string; iface: string; address: string; port: number; relay?: boolean };
  /** a bridge member: the libvirt network of the bridge instead of a tunnel */
  network?: string;
  pciSlot: number;
}

/** a libvirt network the lab creates: a shared L2 segment for a bridge, or the nat management network */
export interface NetworkPlan {
  name: string;
  bridge: string;
  nat?: {
    gateway: string;
    netmask: string;
    dhcpStart: string;
    dhcpEnd: string;
    hosts: { node: string; mac: string; ip: string }[];
    /** TFTP ZTP through libvirt's dnsmasq: its TFTP root and each node's boot file (DHCP options 66/67) */
    tftp?: { root: string; boots: { tag: string; mac: string; file: string }[] };
    /** HTTP ZTP: the server's folder and port on the gateway, and each node's ZTP URL (options 67/239) */
    http?: { dir: string; port: number; boots: { tag: string; mac: string; url: string }[] };
  };
}

export type ManagementPlan =
  { kind: 'user'; mac: string } | { kind: 'network'; network: string; mac: string; ip: string };

/** how a node is configured at first boot (provisioning.md): the medium the engine builds, or why none */
export type ProvisionPlan = ProvisionMedia | { method: string; skipped: string };
export interface ProvisionMedia {
  /** the model's method: cloud-init, cdrom, disk, usb, tftp, ignition */
  method: string;
  /** file name (may hold a folder: `config/init-cfg.txt`) -> content */
  files: Record<string, string>;
  medium: Medium;
}
export type Medium =
  /** an ISO 9660 image in the pool folder, attached read-only as a CD-ROM */
  | { kind: 'iso'; label: string; dirs?: string[]; path: string; bus: 'sata' | 'ide'; target: string }
  /** a FAT image in the pool folder: a second disk, or a removable USB disk */
  | { kind: 'fat'; label: string; path: string; bus: string; target: string; pciSlot?: number }
  /** the lab's TFTP folder: served by QEMU's TFTP server (user mode) or libvirt's dnsmasq (nat mode);
   *  DHCP names the boot file */
  | { kind: 'tftp'; dir: string; bootfile: string }
  /** the lab's HTTP ZTP folder, served on the nat network's gateway; DHCP hands out `url` */
  | { kind: 'http'; dir: string; url: string }
  /** a file QEMU hands the guest through fw_cfg under `name` */
  | { kind: 'fwcfg'; name: string; path: string };

export interface VolumePlan {
  name: string;
  /** upload a local file, or create a qcow2 overlay on a backing image */
  /** an overlay's backing image is a path on the libvirt host; backingVolume names it when the lab uploads it */
  source: { upload: string; size: number } | { backingPath: string; backingVolume?: string; capacity: number };
}

export interface NodePlan {
  name: string;
  index: number;
  model: ModelInfo;
  version: string;
  domainName: string;
  loopback: string;
  consolePort: number;
  /** private console access: the console's UNIX socket instead of telnet on the loopback address */
  consoleSocket?: string;
  vcpu: number;
  memoryMiB: number;
  /** from the catalog for VMs (`pc`, `q35`, or a versioned one such as `pc-i440fx-8.0`); unikernels use pc */
  machine: string;
  uefi: boolean;
  /** the catalog's CPU: `host-model`, or a named model with extra features (`IvyBridge+vmx`) */
  cpu: { mode: 'host-model' } | { mode: 'custom'; model: string; features: string[] };
  /** VMs: PCI slot of the guest agent channel's controller (none when the bus is full) */
  agentSlot?: number;
  /** direct kernel boot: kernel (and optional initrd) volumes with their paths on the libvirt host */
  kernel?: { volume: string; path: string; initrd?: { volume: string; path: string }; cmdline?: string };
  /** disk boot: the per-lab overlay volume */
  disk?: { volume: string; bus: string; target: string };
  nics: NicPlan[];
  management: ManagementPlan;
  forwards: PortForward[];
  provision?: ProvisionPlan;
  readyPort?: number;
  /** ready as soon as it runs (skip_ready_check) */
  skipReadyCheck: boolean;
  serialLog: string;
}

export interface LabPlan {
  id: string;
  name: string;
  user: string;
  manifestPath: string;
  uri: string;
  domainType: DomainType;
  loopbackNetwork: string;
  labDir: string;
  /** the lab folder is this user's alone (private consoles) */
  privateDir?: boolean;
  pool: { name: string; path: string };
  volumes: VolumePlan[];
  networks: NetworkPlan[];
  networkMode: NetworkMode;
  nodes: NodePlan[];
  readyTimeoutSec: number;
  qbootPath?: string;
  /** the impaired links, passed through the lab's relay process (none: no relay) */
  relay: RelayLink[];
}

export interface PlanProblem {
  node?: string;
  message: string;
}
export type PlanResult = { ok: true; plan: LabPlan } | { ok: false; problems: PlanProblem[] };
