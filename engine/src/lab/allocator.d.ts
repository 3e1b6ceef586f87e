import { type LabLock } from './lock';
export interface Reservation {
  n: number;
  release(): void;
}
export declare class LoopbackAllocator {
  private readonly locks;
  private readonly dir;
  constructor(locks: LabLock, dir?: string);
  /** a free /24 for `lab`, given the third octets libvirt's labs use now */
  reserve(lab: string, usedByLabs: () => Promise<number[]>): Promise<Reservation>;
  /** reservations whose process still runs (a crashed start's reservation lapses with it) */
  private reservations;
}
