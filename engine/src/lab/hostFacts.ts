// Facts about the libvirt host that the plan depends on: domain type, fast firmware, user.
import { accessSync, constants, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { DomainType } from '../plan/types';
import { isLocalUri, Virsh } from '../libvirt/virsh';

export type DomainTypeSetting = 'auto' | DomainType;
export const QBOOT_PATHS = ['/usr/share/qemu/qboot.rom', '/usr/share/qboot/bios.bin'];

/** kvm when /dev/kvm opens read-write here and libvirt offers it; qemu (software) otherwise */
export async function resolveDomainType(setting: DomainTypeSetting, virsh: Virsh): Promise<DomainType> {
  if (setting !== 'auto') return setting;
  if (isLocalUri(virsh.uri)) {
    try {
      accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    } catch {
      return 'qemu';
    }
  }
  try {
    await virsh.run(['domcapabilities', '--virttype', 'kvm', '--arch', 'x86_64'], 30_000);
    return 'kvm';
  } catch {
    return 'qemu';
  }
}

/** the machine types the host's QEMU offers; undefined when libvirt cannot say */
export async function hostMachines(virsh: Virsh): Promise<string[] | undefined> {
  try {
    const caps = await virsh.run(['capabilities'], 30_000);
    return [...new Set([...caps.matchAll(/<machine[^>]*>([^<]+)<\/machine>/g)].map((x) => x[1]))];
  } catch {
    return undefined;
  }
}

export const OVMF_PATHS = [
  '/usr/share/OVMF/OVMF_CODE.fd',
  '/usr/share/OVMF/OVMF_CODE_4M.fd',
  '/usr/share/qemu/OVMF.fd',
];
/** libvirt picks the UEFI firmware itself (firmware='efi'); it needs one installed */
export function hasUefi(local: boolean): boolean {
  return !local || OVMF_PATHS.some((p) => existsSync(p));
}

export function findQboot(local: boolean): string | undefined {
  return local ? QBOOT_PATHS.find((p) => existsSync(p)) : undefined;
}

/** Sherpa takes the user from $USER, else %USERNAME% */
export function currentUser(): string {
  return (
    process.env.USER ||
    process.env.USERNAME ||
    (() => {
      try {
        return userInfo().username;
      } catch {
        return '';
      }
    })()
  );
}
