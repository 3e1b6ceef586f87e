// One operation per lab at a time, across processes (the extension and the CLI): a lock file per
// lab id holding the owner's pid and operation; a lock whose process is gone is taken over.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabBusyError } from './errors';

export class LabLock {
  private readonly dir = join(tmpdir(), 'sherpa-labs-locks');

  constructor() { mkdirSync(this.dir, { recursive: true }) }

  async with<T>(id: string, op: string, f: () => Promise<T>): Promise<T> {
    const file = join(this.dir, `${id}.lock`);
    this.acquire(file, id, op);
    try { return await f() } finally { try { unlinkSync(file) } catch { /* already gone */ } }
  }

  private acquire(file: string, id: string, op: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, JSON.stringify({ pid: process.pid, op }), { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        let owner: { pid: number; op: string } | undefined;
        try { owner = JSON.parse(readFileSync(file, 'utf8')) } catch { /* half-written: treat as stale */ }
        if (owner && alive(owner.pid)) throw new LabBusyError(id, owner.op, owner.pid);
        try { unlinkSync(file) } catch { /* someone else took it over */ }
      }
    }
    throw new LabBusyError(id, 'unknown', 0);
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}
