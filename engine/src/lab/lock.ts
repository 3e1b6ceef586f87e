// One operation per lab at a time, across processes (the extension and the CLI): a lock file per lab
// id holding the owner's pid and operation, in a private per-user folder; a lock whose process is
// gone is taken over. The host lock (waitFor) serialises short critical sections such as allocation.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabBusyError } from './errors';
import { privateDir } from './privateDir';

export class LabLock {
  constructor(readonly dir = privateDir('locks')) {}

  /** f under the lab's lock; refuses at once when another live process holds it */
  async with<T>(id: string, op: string, f: () => Promise<T>): Promise<T> {
    const file = join(this.dir, `${id}.lock`);
    const owner = tryAcquire(file, op);
    if (owner) throw new LabBusyError(id, owner.op, owner.pid);
    try {
      return await f();
    } finally {
      release(file);
    }
  }

  /** f under a host-wide lock named `name`, waiting (briefly) for other holders */
  async waitFor<T>(name: string, f: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    const file = join(this.dir, `${name}.lock`);
    const deadline = Date.now() + timeoutMs;
    for (let delay = 5; tryAcquire(file, name); delay = Math.min(delay * 2, 200)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the ${name} lock (${file})`);
      await new Promise((r) => setTimeout(r, delay));
    }
    try {
      return await f();
    } finally {
      release(file);
    }
  }
}

/** undefined when taken, else the live owner */
function tryAcquire(file: string, op: string): { pid: number; op: string } | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, op }), { flag: 'wx', mode: 0o600 });
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(file);
      if (owner && alive(owner.pid)) return owner;
      release(file); // stale: its process is gone
    }
  }
  return { pid: 0, op: 'unknown' };
}

export function readOwner(file: string): { pid: number; op: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  } // half-written: stale
}

function release(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
