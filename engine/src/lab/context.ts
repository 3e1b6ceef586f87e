// What the engine's operations share: the virsh connection, settings, locks, the loopback allocator
// and where each lab's journal lives.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Virsh } from '../libvirt/virsh';
import { isLabId, JOURNAL_FILE, labDirOf } from '../plan/names';
import type { NetworkMode } from '../plan/types';
import type { LoopbackAllocator } from './allocator';
import type { DomainTypeSetting } from './hostFacts';
import { Journal, type JournalState } from './journal';
import type { LabLock } from './lock';
import { privateDir } from './privateDir';

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
  /** the private key that logs in as `sherpa` (default: Sherpa's pair, else our own; see sshKey.ts) */
  sshKeyPath?: string;
  /** where Sherpa's SSH Include lines go (default ~/.ssh) */
  sshDir?: string;
}

/** the setting, else $SHERPA_SSH_DIR (tests point it away from the user's ~/.ssh), else ~/.ssh */
export const sshDirOf = (s: EngineSettings) => s.sshDir ?? process.env.SHERPA_SSH_DIR ?? join(homedir(), '.ssh');

export type ProgressFn = (message: string, node?: string) => void;

export interface EngineContext {
  virsh: Virsh;
  local: boolean;
  settings: EngineSettings;
  locks: LabLock;
  allocator: LoopbackAllocator;
}

/** the lab's journal: in its lab folder when that is on this machine, else in our private state */
export function journalPath(ctx: EngineContext, lab: string): string {
  if (ctx.local) return join(labDirOf(ctx.settings.labsDir, lab), JOURNAL_FILE);
  const host = createHash('sha256').update(ctx.virsh.uri).digest('hex').slice(0, 12);
  return join(privateDir('journals'), `${host}-${lab}.jsonl`);
}

export function readJournal(ctx: EngineContext, lab: string): JournalState | undefined {
  return Journal.read(journalPath(ctx, lab));
}

/** the lab's folder: where its journal says it was made, else where the settings put labs */
export function labDirFor(ctx: EngineContext, lab: string): string {
  return readJournal(ctx, lab)?.begin.labDir ?? labDirOf(ctx.settings.labsDir, lab);
}

/** journals of labs on this host, for labs known only by name whose domains are gone */
export function journalByName(ctx: EngineContext, name: string): JournalState | undefined {
  if (!ctx.local) return undefined;
  let ids: string[];
  try {
    ids = readdirSync(ctx.settings.labsDir).filter(isLabId);
  } catch {
    return undefined;
  }
  for (const id of ids) {
    const j = readJournal(ctx, id);
    if (j?.begin.name === name) return j;
  }
  return undefined;
}
