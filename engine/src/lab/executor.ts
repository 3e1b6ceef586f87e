// Runs plan steps on the host: each step waits for the steps it needs, at most `limit` effects run at
// once, and the journal records a step before its effect happens. The first failure stops new steps;
// undo() removes what the journal lists, last phase first, continuing past failures.
import {
  copyFileSync,
  constants,
  existsSync,
  readFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { editHostsFile, SSH_HOSTS_FILE, withHostsInclude } from '../plan/provision/sshConfig';
import { startRelay } from './impairmentRelay';
import { stopSupervised } from './supervised';
import { startZtpServer } from './ztpHttp';
import type { Effect, Phase, Step } from '../plan/steps';
import { VirshError } from '../libvirt/virsh';
import { settleLimit } from './concurrency';
import { alive } from './lock';
import { isTransientStartFailure, START_RETRY_DELAYS_MS } from './startFailure';
import { LabError } from './errors';
import type { Journal, JournalStep } from './journal';

/** the part of Virsh the executor needs (a fake in unit tests) */
export interface VirshRunner {
  run(args: string[], timeoutMs?: number): Promise<string>;
}
export type StepProgress = (message: string, node?: string) => void;

export interface RunOptions {
  /** more words for a failed step (the engine adds the QEMU log's last lines to a failed start) */
  explain?: (step: Step, error: Error) => string | undefined;
  limit: number;
  signal?: AbortSignal;
  progress?: StepProgress;
}

export async function runSteps(steps: Step[], virsh: VirshRunner, journal: Journal, opts: RunOptions): Promise<void> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const started = new Map<string, Promise<void>>();
  let failure: { e: unknown } | undefined;
  const slots = semaphore(opts.limit);
  const xmlDir = xmlTempDir();
  const run = (s: Step): Promise<void> => {
    let p = started.get(s.id);
    if (!p) {
      p = (async () => {
        await Promise.all(
          s.after.map((id) => {
            const dep = byId.get(id);
            if (!dep) throw new Error(`step ${s.id} waits for unknown step ${id}`);
            return run(dep);
          }),
        );
        await slots.acquire();
        try {
          if (failure) throw STOPPED;
          if (opts.signal?.aborted) throw new LabError('start cancelled');
          if (s.progress) opts.progress?.(s.progress, s.node);
          journal.append({ t: 'do', id: s.id, phase: s.phase, node: s.node, undo: s.undo });
          for (const e of s.do) {
            await applyEffect(e, virsh, xmlDir, (delayMs, why) =>
              opts.progress?.(`start failed (${why}); trying again in ${delayMs / 1000} s`, s.node),
            );
          }
          journal.append({ t: 'done', id: s.id });
          if (s.id.startsWith('start:')) opts.progress?.('running', s.node);
        } catch (e) {
          if (e !== STOPPED) failure ??= { e: asLabError(e, s, opts.explain) };
          throw STOPPED;
        } finally {
          slots.release();
        }
      })();
      p.catch(() => undefined); // awaited through allSettled below
      started.set(s.id, p);
    }
    return p;
  };
  try {
    await Promise.allSettled(steps.map(run));
  } finally {
    rmSync(xmlDir, { recursive: true, force: true });
  }
  if (failure) throw failure.e;
}

const STOPPED = Symbol('stopped');

/** a temporary folder for XML files, named after this process; those of processes that are gone (a
 *  killed `up`) are removed first, so an interrupted start leaves no temporary folder behind for long */
function xmlTempDir(): string {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^sherpa-xml-(\d+)-/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
  return mkdtempSync(join(tmpdir(), `sherpa-xml-${process.pid}-`));
}

function asLabError(e: unknown, s: Step, explain?: RunOptions['explain']): LabError {
  if (e instanceof LabError) return e;
  const more = e instanceof Error ? explain?.(s, e) : undefined;
  const msg = (e instanceof Error ? e.message : String(e)) + (more ? `\n${more}` : '');
  return s.node ? new LabError(msg, s.node) : new LabError(`${s.id.replace(':', ' ')}: ${msg}`);
}

export async function applyEffect(
  e: Effect,
  virsh: VirshRunner,
  xmlDir: string,
  onRetry?: (delayMs: number, why: string) => void,
): Promise<void> {
  switch (e.kind) {
    case 'virsh': {
      let args = e.args;
      if (e.xml !== undefined) {
        const f = join(xmlDir, `${Math.random().toString(36).slice(2)}.xml`);
        writeFileSync(f, e.xml);
        args = args.map((a) => (a === '@xml' ? f : a));
      }
      for (let attempt = 0; ; attempt++) {
        try {
          await virsh.run(args, e.timeoutMs);
          return;
        } catch (err) {
          const delay = START_RETRY_DELAYS_MS[attempt];
          const why = (err as Error).message;
          if (e.retry !== 'transient-start' || delay === undefined || !isTransientStartFailure(why)) throw err;
          onRetry?.(delay, why.split('\n')[0]);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    }
    case 'mkdir':
      mkdirSync(e.path, { recursive: true });
      return;
    case 'copy':
      copyFileSync(e.from, e.to, constants.COPYFILE_FICLONE);
      return;
    case 'write':
      writeFileSync(e.path, e.content);
      return;
    case 'rm':
      rmSync(e.path, { force: true });
      return;
    case 'rmdir':
      rmdirSync(e.path);
      return;
    case 'iso':
      await buildIso(e.path, e.label, e.files, e.dirs);
      return;
    case 'fat':
      await buildFat(e.path, e.label, e.files);
      return;
    case 'ssh-include':
      editSshIncludes(e.dir, e.include, e.add);
      return;
    case 'serve':
      await startZtpServer(e.dir, e.host, e.port, e.pidFile);
      return;
    case 'unserve':
      await stopSupervised(e.pidFile);
      return;
    case 'relay':
      await startRelay(e.config, e.control, e.record);
      return;
  }
}

/** an ISO 9660 image with Joliet and Rock Ridge names (what NoCloud and Sherpa's genisoimage make), by
 *  xorriso from a private temporary folder: no mount, no root. A half-written image never stays */
async function buildIso(path: string, label: string, files: Record<string, string>, dirs: string[] = []) {
  await withFolder(files, dirs, async (dir) => {
    await tool(path, 'xorriso', ['-as', 'mkisofs', '-quiet', '-V', label, '-J', '-r', '-o', path, dir]);
  });
}

/** a 16 MiB FAT image with `files` at its root (folders made as needed), by mtools: no mount, no root */
async function buildFat(path: string, label: string, files: Record<string, string>) {
  await tool(path, 'mformat', ['-C', '-T', '32768', '-h', '2', '-s', '32', '-v', label, '-i', path, '::']);
  await withFolder(files, [], async (dir) => {
    const made = new Set<string>();
    for (const name of Object.keys(files)) {
      const parts = name.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i++) {
        const d = parts.slice(0, i).join('/');
        if (made.has(d)) continue;
        made.add(d);
        await tool(path, 'mmd', ['-i', path, `::/${d}`]);
      }
      await tool(path, 'mcopy', ['-i', path, join(dir, name), `::/${name}`]);
    }
  });
}

/** the files in a private temporary folder for the duration of `f` */
async function withFolder(files: Record<string, string>, dirs: string[], f: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-media-'));
  try {
    for (const d of dirs) mkdirSync(join(dir, d), { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** runs a media tool; on failure the half-made `output` is removed and the error says which tool and why */
async function tool(output: string, cmd: string, args: string[]): Promise<void> {
  const r = await execa(cmd, args, { reject: false, stdin: 'ignore', env: { MTOOLS_SKIP_CHECK: '1' } });
  if (r.exitCode === 0 && !r.failed) return;
  rmSync(output, { force: true });
  const why = (r as { code?: string }).code === 'ENOENT' ? `${cmd} is not installed` : String(r.stderr).trim();
  throw new Error(`building ${output}: ${why || r.shortMessage}`);
}

/** Sherpa's Include management: the lab's config listed in sherpa_lab_hosts, which ~/.ssh/config includes
 *  (added on top once). Removing touches only the lab's own line; ~/.ssh/config keeps its Include */
function editSshIncludes(dir: string, include: string, add: boolean): void {
  const hosts = join(dir, SSH_HOSTS_FILE);
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
  const current = read(hosts);
  if (!add && current === undefined) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(hosts, editHostsFile(current, include, add), { mode: 0o600 });
  if (!add) return;
  const config = withHostsInclude(read(join(dir, 'config')), hosts);
  if (config !== undefined) writeFileSync(join(dir, 'config'), config, { mode: 0o600 });
}

/** the Include lines of sherpa_lab_hosts whose file no longer exists, removed; returns their paths */
export function cleanStaleIncludes(dir: string): string[] {
  const hosts = join(dir, SSH_HOSTS_FILE);
  if (!existsSync(hosts)) return [];
  let text = readFileSync(hosts, 'utf8');
  const stale = text
    .split('\n')
    .flatMap((l) => (l.startsWith('Include ') && !existsSync(l.slice(8)) ? [l.slice(8)] : []));
  for (const p of stale) text = editHostsFile(text, p, false);
  if (stale.length) writeFileSync(hosts, text, { mode: 0o600 });
  return stale;
}

/** an undo that finds its object already gone has done its job */
export function alreadyGone(e: unknown): boolean {
  if (e instanceof VirshError) return e.notFound || /not running|is not active|not active|no such file/i.test(e.stderr);
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT';
}

const PHASES: Phase[] = ['domain', 'storage', 'pool', 'folder'];

export interface UndoResult {
  removed: string[];
  errors: string[];
  kept: string[];
}

/**
 * Undo journaled steps: phase by phase (domains first, folders last), the steps of a phase at once
 * (bounded), every step's effects in order. Continues past failures; a folder that holds files we did
 * not create is kept, not an error. `journal` records each undone step so a later run skips it.
 */
export async function undoSteps(
  steps: JournalStep[],
  virsh: VirshRunner,
  limit: number,
  journal?: Journal,
): Promise<UndoResult> {
  const r: UndoResult = { removed: [], errors: [], kept: [] };
  for (const phase of PHASES) {
    const batch = steps.filter((s) => s.phase === phase && !s.undone).reverse();
    const failures = await settleLimit(batch, limit, async (s) => {
      for (const e of s.undo) {
        try {
          await applyEffect(e, virsh, tmpdir());
        } catch (err) {
          if (alreadyGone(err)) continue;
          if (e.kind === 'rmdir' && (err as NodeJS.ErrnoException).code === 'ENOTEMPTY') {
            r.kept.push(e.path);
            continue;
          }
          throw err;
        }
      }
      journal?.append({ t: 'undone', id: s.id });
      r.removed.push(s.id);
    });
    for (const f of failures) r.errors.push(`${f.item.node ? `node '${f.item.node}'` : f.item.id}: ${f.error.message}`);
  }
  return r;
}

function semaphore(n: number): { acquire(): Promise<void>; release(): void } {
  let free = Math.max(1, n);
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
