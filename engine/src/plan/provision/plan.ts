// A node's provisioning plan: which medium it gets, with what on it, or plainly why it gets none.
// cloud-init: a NoCloud seed ISO; cdrom: the vendor file on an ISO; disk: on a FAT second disk; usb: on
// a FAT USB disk; tftp: QEMU's own TFTP server (user networking); ignition: fw_cfg (provisioning.md §2).
import { posix } from 'node:path';
import { httpConfigsPath, seedVolumeName, tftpRootPath, ZTP_HTTP_PORT } from '../names';
import { FIRST_DATA_PCI_SLOT } from '../ports';
import type { Medium, NetworkPlan, NodePlan, ProvisionPlan } from '../types';
import { cloudbaseSeed, WINDOWS_MODELS } from './cloudbase';
import { cloudInitSeed, type Addressing } from './cloudInit';
import { day0Files, modelProvisioning, type Management } from './day0';
import { ignitionConfig } from './ignition';
import type { ProvisionInput } from './inputs';

/** QEMU's user network (slirp): the guest's address, gateway and DNS server */
export const USER_NET = { address: '10.0.2.15', prefix: 24, gateway: '10.0.2.2', dns: '10.0.2.3' };
/** fw_cfg key Flatcar's Ignition reads its config from */
export const IGNITION_FWCFG = 'opt/org.flatcar-linux/config';

export interface ProvisionContext {
  local: boolean;
  poolPath: string;
  labDir: string;
  input?: ProvisionInput;
  /** the nat management network, which serves TFTP boot files to the nodes that have one */
  nat?: NonNullable<NetworkPlan['nat']>;
  /** why libvirt's dnsmasq cannot read the TFTP folder (nat mode), if it cannot */
  tftpUnreadable?: string;
}

export function provisionPlan(node: NodePlan, c: ProvisionContext): ProvisionPlan | undefined {
  const method = node.model.ztp;
  if (node.model.kind !== 'vm' || method === 'none') return undefined;
  const skip = (why: string): ProvisionPlan => ({ method, skipped: why });
  const model = modelProvisioning(node.model.name);
  if (model?.skipped) return skip(model.skipped);
  if (method === 'http' && node.management.kind !== 'network')
    return skip("HTTP ZTP is served on the nat network mode's management network; user mode has none");
  if (!c.local) return skip('its day-0 medium is built on this machine, and the libvirt host is remote');
  if (method === 'tftp' && node.management.kind === 'network' && c.tftpUnreadable)
    return skip(`its TFTP config cannot be served: ${c.tftpUnreadable}`);
  if (!c.input) return skip('no provisioning input was gathered');
  const m = node.management;
  const addr: Addressing =
    m.kind === 'user'
      ? {
          mac: m.mac,
          address: USER_NET.address,
          prefix: USER_NET.prefix,
          gateway: USER_NET.gateway,
          dns: [USER_NET.dns],
        }
      : { mac: m.mac, address: m.ip, prefix: 24, gateway: gatewayOf(m.ip), dns: [gatewayOf(m.ip)] };
  const mgmt: Management = { ip: addr.address, prefix: addr.prefix, gateway: addr.gateway, dns: addr.dns[0] };
  const q35 = node.machine === 'q35' || node.machine.startsWith('pc-q35');
  const file = (suffix: string) => posix.join(c.poolPath, `${node.domainName}-${suffix}`);
  // a second disk or the USB controller: the PCI slot after the data NICs and the agent's controller
  const nextSlot = (node.agentSlot ?? FIRST_DATA_PCI_SLOT + node.nics.length - 1) + 1;
  // q35 has no IDE controller; i440fx's second IDE channel keeps the boot disk's place
  const cdrom = (label: string, path: string, dirs?: string[]): Medium => ({
    kind: 'iso',
    label,
    path,
    bus: q35 ? 'sata' : 'ide',
    target: q35 ? 'sdb' : 'hdc',
    ...(dirs ? { dirs } : {}),
  });
  switch (method) {
    case 'cloud-init':
      return {
        method,
        files: {
          ...(WINDOWS_MODELS.has(node.model.name)
            ? cloudbaseSeed(node.name, addr, c.input)
            : cloudInitSeed(node.name, node.model.name, addr, c.input)),
        },
        medium: cdrom('cidata', posix.join(c.poolPath, seedVolumeName(node.domainName))),
      };
    case 'ignition':
      return {
        method,
        files: { 'ztp.json': ignitionConfig(node.name, mgmt, c.input) },
        medium: { kind: 'fwcfg', name: IGNITION_FWCFG, path: file('cfg.ign') },
      };
  }
  // HTTP ZTP (nat mode): the server on the management network's gateway (Sherpa's router container is .2)
  const httpBase = `http://${mgmt.gateway}:${ZTP_HTTP_PORT}/configs`;
  const files = day0Files(node.model.name, node.name, mgmt, c.input.keys, c.input.ztpConfig, httpBase);
  if (!Object.keys(files).length) return skip(`no day-0 template for ${node.model.name}`);
  switch (method) {
    case 'cdrom':
      return { method, files, medium: cdrom(model?.label ?? 'cidata', file('ztp.iso'), model?.dirs) };
    case 'disk': {
      // the config disk goes on the boot disk's bus, after it (Sherpa: iosv `vdb`, MikroTik IDE `hdb`)
      const bus = node.disk?.bus ?? 'virtio';
      const target = bus === 'virtio' ? 'vdb' : bus === 'ide' ? 'hdb' : 'sdb';
      const pciSlot = bus === 'virtio' ? nextSlot : undefined;
      return { method, files, medium: { kind: 'fat', label: 'CONFIG', path: file('cfg.img'), bus, target, pciSlot } };
    }
    case 'usb':
      return {
        method,
        files,
        medium: { kind: 'fat', label: 'CONFIG', path: file('cfg.img'), bus: 'usb', target: 'sdc', pciSlot: nextSlot },
      };
    case 'http': {
      const url = `${httpBase}/${node.name}.conf`;
      const dir = httpConfigsPath(c.labDir);
      if (m.kind === 'network' && c.nat) {
        c.nat.http ??= { dir, port: ZTP_HTTP_PORT, boots: [] };
        c.nat.http.boots.push({ tag: `n${node.index}`, mac: m.mac, url });
      }
      return { method, files, medium: { kind: 'http', dir, url } };
    }
    case 'tftp': {
      // one TFTP folder for the lab, as Sherpa's; user mode: QEMU serves it to this node, nat mode: libvirt's
      // dnsmasq serves it on the management network, the boot file chosen per node by its MAC
      const bootfile = `${node.name}.conf`;
      const dir = tftpRootPath(c.labDir);
      if (m.kind === 'network' && c.nat) {
        c.nat.tftp ??= { root: dir, boots: [] };
        c.nat.tftp.boots.push({ tag: `n${node.index}`, mac: m.mac, file: bootfile });
      }
      return { method, files: { [bootfile]: Object.values(files)[0] }, medium: { kind: 'tftp', dir, bootfile } };
    }
  }
  return skip(`${method} provisioning is not built by the local backend yet: it boots unconfigured`);
}

/** the lab's NAT network answers DNS on its gateway (.1); Sherpa's router container (.2) is not run here */
const gatewayOf = (ip: string) => ip.replace(/\.\d+$/, '.1');
