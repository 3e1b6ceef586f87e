// Helper processes a lab owns (the HTTP ZTP server, the impairment relay): started by this same Node (or
// Electron as Node), detached, recorded in a file of the lab folder (pid and arguments), restarted by
// up/resume when gone, stopped with the lab. A process counts as ours only while its command line is the
// recorded one, so a reused pid is never signalled.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface Supervised {
  pid: number;
  /** the arguments after the Node binary: they identify the process */
  args: string[];
}

/** starts `node ...args`, resolves once it prints "listening" (or rejects with its stderr); records it,
 *  with `extra` fields for the readers of the record */
export function startSupervised<T extends object>(
  what: string,
  args: string[],
  recordFile: string,
  extra: T,
): Promise<Supervised & T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${err.trim()}`)));
    child.stdout.on('data', (b: Buffer) => {
      if (!b.toString().includes('listening')) return;
      const record = { ...extra, pid: child.pid!, args };
      writeFileSync(recordFile, JSON.stringify(record));
      child.removeAllListeners('exit');
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve(record);
    });
  });
}

export function readSupervised<T extends object = object>(recordFile: string): (Supervised & T) | undefined {
  try {
    const r = JSON.parse(readFileSync(recordFile, 'utf8')) as Supervised & T;
    return Number.isInteger(r.pid) && Array.isArray(r.args) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** the recorded process still runs with its recorded command line */
export function supervisedAlive(s: Supervised): boolean {
  try {
    const cmd = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8')
      .split('\0')
      .slice(1, 1 + s.args.length);
    return cmd.length === s.args.length && cmd.every((a, i) => a === s.args[i]);
  } catch {
    return false;
  }
}

/** stops the recorded process and resolves once it has exited (SIGKILL if SIGTERM is not enough) */
export async function stopSupervised(recordFile: string, graceMs = 3000): Promise<void> {
  const s = readSupervised(recordFile);
  if (s && supervisedAlive(s)) {
    process.kill(s.pid, 'SIGTERM');
    // exit is asynchronous: watch the process, not a clock
    const t0 = performance.now();
    while (supervisedAlive(s)) {
      if (performance.now() - t0 > graceMs) {
        process.kill(s.pid, 'SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  rmSync(recordFile, { force: true });
}

/** restarts a recorded process that is gone (a host restart, a kill); returns whether it had to */
export async function ensureSupervised(what: string, recordFile: string): Promise<boolean> {
  const s = existsSync(recordFile) ? readSupervised(recordFile) : undefined;
  if (!s || supervisedAlive(s)) return false;
  const { pid: _pid, args, ...extra } = s;
  await startSupervised(what, args, recordFile, extra);
  return true;
}
