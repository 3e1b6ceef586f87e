import { type DomainMetadata } from '../plan/metadata';
import { type Virsh } from '../libvirt/virsh';
import { type DomainState } from '../plan/names';
export type NodeState = DomainState | 'missing' | 'unknown';
export interface DomainInfo {
  name: string;
  state: NodeState;
  meta: DomainMetadata;
}
export interface LabInfo {
  id: string;
  name: string;
  manifest: string;
  loopback: string;
  domains: DomainInfo[];
  /** domains named `<node>-<id>` whose metadata could not be read: maybe ours, so left alone */
  unverified?: {
    name: string;
    reason: string;
  }[];
}
/** a lookup that failed for another reason than "no such object" may pass: ask again */
export declare const transientLookup: (e: unknown) => boolean;
/** our metadata of one domain: the metadata, null when the domain is not ours, or the error that stopped the lookup */
export declare function readMetadata(virsh: Virsh, name: string): Promise<DomainMetadata | null>;
export declare function discoverLabs(virsh: Virsh): Promise<LabInfo[]>;
export declare function forgetDomain(virsh: Virsh, name: string): void;
/** the engine knows the metadata of the domains it defines: no need to read it back */
export declare function rememberDomain(virsh: Virsh, name: string, meta: DomainMetadata): void;
/** the third octet of every loopback /24 in use */
export declare function usedLoopbacks(labs: LabInfo[]): number[];
export declare function labState(lab: LabInfo): 'running' | 'stopped' | 'partial';
