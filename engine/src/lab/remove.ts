// Removing a lab, by destroy, by a failed start's rollback, or before redoing an interrupted start.
// It works from the journal and libvirt together: domains first (with retries), then, only when no
// domain of the lab is left, its volumes, networks, pool and files. Every failure is listed.
import { readdirSync, rmdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { VirshError } from '../libvirt/virsh';
import {
  CAPTURE_FILE,
  capturesDirPath,
  consoleSocketPath,
  domainName,
  isLabNetwork,
  isLabVolume,
  JOURNAL_FILE,
  labDirOf,
  labInfoPath,
  parseDomainList,
  parseNameList,
  parseVolumeList,
  poolName,
  serialLogPath,
  splitDomainName,
  tftpRootPath,
  httpConfigsPath,
  ztpServerPidPath,
} from '../plan/names';
import { servedFileNames } from '../plan/provision/day0';
import {
  domainUndo,
  networkUndo,
  poolUndo,
  relayUndo,
  sshConfigUndo,
  volumeUndo,
  ztpFolderUndo,
  type Effect,
} from '../plan/steps';
import { LIBVIRT_CONCURRENCY, retry } from './concurrency';
import { journalPath, sshDirOf, type EngineContext, type ProgressFn } from './context';
import { discoverLabs, forgetDomain, readMetadata, transientLookup, type LabInfo } from './discovery';
import { alreadyGone, cleanStaleIncludes, undoSteps, type UndoResult } from './executor';
import { Journal, type JournalState, type JournalStep } from './journal';

export interface RemoveResult {
  removed: string[];
  errors: string[];
  kept: string[];
}

/** remove everything of lab `id` that the journal or libvirt shows; never an object without its id */
export async function removeLab(ctx: EngineContext, id: string, progress?: ProgressFn): Promise<RemoveResult> {
  const ask = (args: string[]) => retry(() => ctx.virsh.maybe(args), transientLookup);
  const result: RemoveResult = { removed: [], errors: [], kept: [] };
  const add = (r: UndoResult) => {
    result.removed.push(...r.removed);
    result.errors.push(...r.errors);
    result.kept.push(...r.kept);
  };

  // 1. domains: those libvirt lists with our metadata, and those the journal says a start defined
  const lab = (await discoverLabs(ctx.virsh)).find((l) => l.id === id);
  const { journal, path: jPath } = findJournal(ctx, id, lab);
  const labDir = journal?.begin.labDir ?? labDirOf(ctx.settings.labsDir, id);
  const domains = new Map<string, JournalStep>();
  const domainStep = (node: string): JournalStep => ({
    id: `domain:${node}`,
    phase: 'domain',
    node,
    done: true,
    undone: false,
    undo: domainUndo(domainName(node, id), [serialLogPath(labDir, node), consoleSocketPath(labDir, node)], ctx.local),
  });
  for (const d of lab?.domains ?? []) domains.set(d.meta.node, domainStep(d.meta.node));
  for (const s of journal?.steps ?? [])
    if (s.phase === 'domain' && s.node && !s.undone) domains.set(s.node, domainStep(s.node));
  // a domain whose metadata could not be read, and that the journal does not list, is asked once
  // more; still unknown, it is left alone
  for (const u of lab?.unverified ?? []) {
    if (domains.has(splitDomainName(u.name)!.node)) continue; // the journal vouches for it
    try {
      const meta = await readMetadata(ctx.virsh, u.name);
      if (meta) domains.set(meta.node, domainStep(meta.node));
    } catch (e) {
      result.errors.push(`domain ${u.name}: its metadata could not be read (${(e as Error).message}); left alone`);
    }
  }
  for (const s of domains.values()) progress?.('removing', s.node);
  add(await undoSteps([...domains.values()], retrying(ctx), LIBVIRT_CONCURRENCY));
  for (const node of domains.keys()) forgetDomain(ctx.virsh, domainName(node, id));

  // 2. storage only when no domain of the lab is left: a live QEMU must never lose its disk or kernel
  const left = [
    ...parseDomainList(
      await retry(
        () => ctx.virsh.run(['list', '--all']),
        () => true,
      ),
    ).keys(),
  ].filter(
    (n) =>
      splitDomainName(n)?.lab === id &&
      (domains.has(splitDomainName(n)!.node) || lab?.unverified?.some((u) => u.name === n)),
  );
  if (left.length || result.errors.length) {
    if (left.length)
      result.errors.push(`domain(s) ${left.join(', ')} still exist: the lab's storage and folder were kept`);
    return result;
  }

  // 3. what the journal lists, plus what libvirt shows of the lab that the journal does not know
  const pool = poolName(id);
  const steps = new Map<string, JournalStep>();
  for (const s of journal?.steps ?? []) if (s.phase !== 'domain' && !s.undone) steps.set(s.id, s);
  const leftover = (sid: string, phase: JournalStep['phase'], undo: JournalStep['undo']) => {
    if (!steps.has(sid)) steps.set(sid, { id: sid, phase, undo, done: true, undone: false });
  };
  const poolInfo = await ask(['pool-info', '--pool', pool]);
  let poolPath: string | undefined;
  if (poolInfo !== undefined) {
    // an inactive pool (after a host restart) lists no volumes until it is started
    if (/State:\s+inactive/.test(poolInfo)) await ctx.virsh.run(['pool-start', '--pool', pool]).catch(() => undefined);
    poolPath = /<path>([^<]*)<\/path>/.exec((await ask(['pool-dumpxml', '--pool', pool])) ?? '')?.[1];
    const vols = await ask(['vol-list', '--pool', pool]).catch((e: Error) => {
      result.errors.push(`pool ${pool}: its volumes could not be listed (${e.message}); kept`);
      return undefined;
    });
    if (vols === undefined) return result;
    for (const v of parseVolumeList(vols, poolPath))
      if (isLabVolume(v, id)) leftover(`volume:${v}`, 'storage', volumeUndo(pool, v));
    leftover('pool', 'pool', poolUndo(pool, ctx.local));
  }
  for (const net of parseNameList(await ask(['net-list', '--all', '--name']))) {
    if (isLabNetwork(net, id)) leftover(`network:${net}`, 'storage', networkUndo(net));
  }
  if (ctx.local) {
    leftover('lab-info', 'storage', [{ kind: 'rm', path: labInfoPath(labDir) }]);
    leftover('ssh-config', 'storage', sshConfigUndo(labDir, sshDirOf(ctx.settings)));
    // the nodes' TFTP and HTTP ZTP files are named after them; the folders go once they are gone
    const tftp = tftpRootPath(labDir);
    const configs = httpConfigsPath(labDir);
    for (const node of domains.keys())
      leftover(
        `seed:${node}`,
        'storage',
        servedFileNames(node).flatMap((f): Effect[] => [
          { kind: 'rm', path: posix.join(tftp, f) },
          { kind: 'rm', path: posix.join(configs, f) },
        ]),
      );
    leftover('ztp-http', 'storage', [{ kind: 'unserve', pidFile: ztpServerPidPath(labDir) }]);
    leftover('relay', 'storage', relayUndo(labDir));
    // packet captures: the files it named itself (a file saved elsewhere by the user is not in this folder)
    const captures = capturesDirPath(labDir);
    leftover('captures', 'folder', [
      ...listFiles(captures)
        .filter((f) => CAPTURE_FILE.test(f))
        .map((f): Effect => ({ kind: 'rm', path: posix.join(captures, f) })),
      { kind: 'rmdir', path: captures },
    ]);
    leftover('tftp-folder', 'folder', ztpFolderUndo(tftp));
    leftover('http-folder', 'folder', ztpFolderUndo(configs));
    leftover('pool-folder', 'folder', [{ kind: 'rmdir', path: poolPath ?? `${labDir}/disks` }]);
  }
  const j = journal ? Journal.open(jPath) : undefined;
  add(await undoSteps([...steps.values()], retrying(ctx), LIBVIRT_CONCURRENCY, j));

  // 4. the journal goes last, once nothing it lists is left; then the lab folder if it is empty
  if (!result.errors.length) {
    j?.remove();
    // Sherpa's clean-up: Include lines whose lab config is gone (this lab's went with its step), never others
    if (ctx.local) for (const p of cleanStaleIncludes(sshDirOf(ctx.settings))) result.removed.push(`ssh include ${p}`);
    if (ctx.local) removeLabFolder(poolPath ? dirname(poolPath) : labDir, result);
  }
  return result;
}

/**
 * The lab's journal: where this engine's settings put it, else in the folder its domains' serial logs are in
 * (a lab made with another labs folder: the extension's workspace setting, or the CLI's --labs-dir). Without
 * it a destroy would remove the domains and keep the folder as holding "files the lab did not create".
 */
function findJournal(
  ctx: EngineContext,
  id: string,
  lab: LabInfo | undefined,
): { journal?: JournalState; path: string } {
  const path = journalPath(ctx, id);
  const journal = Journal.read(path);
  if (journal || !ctx.local) return { journal, path };
  for (const log of new Set(lab?.domains.map((d) => d.meta.log).filter((l): l is string => !!l))) {
    const other = join(dirname(log), JOURNAL_FILE);
    const found = Journal.read(other);
    if (found?.begin.lab === id) return { journal: found, path: other };
  }
  return { path };
}

/** the lab folder, once empty: a folder holding files the lab did not create is kept and named */
const listFiles = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

export function removeLabFolder(dir: string, result: RemoveResult): void {
  try {
    rmdirSync(dir);
    result.removed.push(`folder ${dir}`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY') result.kept.push(dir);
    else if (code !== 'ENOENT') result.errors.push(`${dir}: ${(e as Error).message}`);
  }
}

/** virsh with lookups retried: a busy libvirtd's transient failure must not leave an object behind */
function retrying(ctx: EngineContext) {
  return {
    run: (args: string[], timeoutMs?: number) =>
      retry(
        () => ctx.virsh.run(args, timeoutMs),
        (e) => e instanceof VirshError && !alreadyGone(e),
      ),
  };
}
