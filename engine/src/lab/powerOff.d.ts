import type { Virsh } from '../libvirt/virsh';
export declare function stopDomain(
  virsh: Virsh,
  domain: string,
  vm: boolean,
  progress?: (msg: string) => void,
): Promise<void>;
