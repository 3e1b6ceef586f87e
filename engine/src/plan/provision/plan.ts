// A node's provisioning plan: which medium it gets, with what on it, or plainly why it gets none.
import { posix } from 'node:path';
import { seedVolumeName } from '../names';
import type { NodePlan, ProvisionPlan } from '../types';
import { cloudInitSeed, type Addressing } from './cloudInit';
import type { ProvisionInput } from './inputs';

/** QEMU's user network (slirp): the guest's address, gateway and DNS server */
export const USER_NET = { address: '10.0.2.15', prefix: 24, gateway: '10.0.2.2', dns: '10.0.2.3' };

export interface ProvisionContext {
  local: boolean;
  poolPath: string;
  input?: ProvisionInput;
}

export function provisionPlan(node: NodePlan, c: ProvisionContext): ProvisionPlan | undefined {
  const method = node.model.ztp;
  if (node.model.kind !== 'vm' || method === 'none') return undefined;
  if (method !== 'cloud-init')
    return {
      method,
      skipped: `${method} day-0 configuration is not built by the local backend yet: it boots unconfigured`,
    };
  if (!c.local)
    return { method, skipped: 'its cloud-init seed is built on this machine, and the libvirt host is remote' };
  if (!c.input) return { method, skipped: 'no provisioning input was gathered' };
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
  const q35 = node.machine === 'q35' || node.machine.startsWith('pc-q35');
  return {
    method,
    files: { ...cloudInitSeed(node.name, node.model.name, addr, c.input) },
    iso: posix.join(c.poolPath, seedVolumeName(node.domainName)),
    // q35 has no IDE controller; i440fx's second IDE channel keeps the boot disk's place
    bus: q35 ? 'sata' : 'ide',
    target: q35 ? 'sdz' : 'hdc',
  };
}

/** the lab's NAT network answers DNS on its gateway (.1); Sherpa's router container (.2) is not run here */
const gatewayOf = (ip: string) => ip.replace(/\.\d+$/, '.1');
