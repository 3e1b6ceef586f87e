import type { DomainType } from '../plan/types';
import { Virsh } from '../libvirt/virsh';
export type DomainTypeSetting = 'auto' | DomainType;
export declare const QBOOT_PATHS: string[];
/** kvm when /dev/kvm opens read-write here and libvirt offers it; qemu (software) otherwise */
export declare function resolveDomainType(setting: DomainTypeSetting, virsh: Virsh): Promise<DomainType>;
/** the machine types the host's QEMU offers; undefined when libvirt cannot say */
export declare function hostMachines(virsh: Virsh): Promise<string[] | undefined>;
export declare const OVMF_PATHS: string[];
/** libvirt picks the UEFI firmware itself (firmware='efi'); it needs one installed */
export declare function hasUefi(local: boolean): boolean;
export declare function findQboot(local: boolean): string | undefined;
/** Sherpa takes the user from $USER, else %USERNAME% */
export declare function currentUser(): string;
