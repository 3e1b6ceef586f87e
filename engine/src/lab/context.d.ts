import type { Virsh } from '../libvirt/virsh';
import type { NetworkMode } from '../plan/types';
import type { LoopbackAllocator } from './allocator';
import type { DomainTypeSetting } from './hostFacts';
import { type JournalState } from './journal';
import type { LabLock } from './lock';
/** who may reach a node's console: any local user over telnet on its loopback address (Sherpa's
 *  way), or only this user, through a UNIX socket in the lab folder */
export type ConsoleAccess = 'loopback' | 'private';
export interface EngineSettings {
  uri: string;
  imagesDir: string;
  /** where lab folders go on the libvirt host */
  labsDir: string;
  domainType: DomainTypeSetting;
  virshPath?: string;
  user?: string;
  extraPorts?: Record<string, number[]>;
  /** readiness timeout (s) for manifests without ready_timeout */
  defaultReadyTimeoutSec?: number;
  networkMode?: NetworkMode;
  consoleAccess?: ConsoleAccess;
}
export type ProgressFn = (message: string, node?: string) => void;
export interface EngineContext {
  virsh: Virsh;
  local: boolean;
  settings: EngineSettings;
  locks: LabLock;
  allocator: LoopbackAllocator;
}
/** the lab's journal: in its lab folder when that is on this machine, else in our private state */
export declare function journalPath(ctx: EngineContext, lab: string): string;
export declare function readJournal(ctx: EngineContext, lab: string): JournalState | undefined;
/** journals of labs on this host, for labs known only by name whose domains are gone */
export declare function journalByName(ctx: EngineContext, name: string): JournalState | undefined;
