// One host-wide allocator of loopback /24s (and with them every console and link port, which live on
// the lab's own addresses). Under the host lock it takes the /24s libvirt's labs use plus the live
// reservations of starts in flight, picks a free one and reserves it until the lab's domains carry it.
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocateLoopback } from '../plan/ports';
import { LabError } from './errors';
import { alive, readOwner, type LabLock } from './lock';

export interface Reservation {
  n: number;
  release(): void;
}

export class LoopbackAllocator {
  /** reservations sit beside the locks, in the same private folder */
  constructor(
    private readonly locks: LabLock,
    private readonly dir = locks.dir,
  ) {}

  /** a free /24 for `lab`, given the third octets libvirt's labs use now */
  async reserve(lab: string, usedByLabs: () => Promise<number[]>): Promise<Reservation> {
    return this.locks.waitFor('loopback-allocator', async () => {
      const used = new Set(await usedByLabs());
      for (const r of this.reservations()) if (r.lab !== lab) used.add(r.n);
      const n = allocateLoopback(used);
      if (n === undefined) throw new LabError('no free loopback /24 left in 127.127.0.0/16');
      const file = join(this.dir, `loopback-${n}.reserved`);
      writeFileSync(file, JSON.stringify({ pid: process.pid, op: lab }), { mode: 0o600 });
      return {
        n,
        release: () => {
          try {
            unlinkSync(file);
          } catch {
            /* gone */
          }
        },
      };
    });
  }

  /** reservations whose process still runs (a crashed start's reservation lapses with it) */
  private reservations(): { n: number; lab: string }[] {
    const out: { n: number; lab: string }[] = [];
    for (const f of readdirSync(this.dir)) {
      const m = /^loopback-(\d+)\.reserved$/.exec(f);
      const owner = m && readOwner(join(this.dir, f));
      if (m && owner && alive(owner.pid)) out.push({ n: Number(m[1]), lab: owner.op });
    }
    return out;
  }
}
