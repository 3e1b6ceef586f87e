// What an impairment does to one frame, netem's way, decided by a random source so that it is testable.
import type { Impairment } from '../../../common/manifest/impairment';

/** what happens to one frame: dropped, or sent after `delayMs` (0: at once), with one bit flipped or not */
export type Fate = { drop: true } | { drop: false; delayMs: number; corrupt: boolean };

/** one frame's fate; `rand` returns [0, 1) */
export function fateOf(i: Impairment, rand: () => number): Fate {
  if (i.loss_percent && rand() * 100 < i.loss_percent) return { drop: true };
  const corrupt = !!i.corrupt_percent && rand() * 100 < i.corrupt_percent;
  if (i.reorder_percent && rand() * 100 < i.reorder_percent) return { drop: false, delayMs: 0, corrupt };
  const jitter = i.jitter ? (rand() * 2 - 1) * i.jitter : 0;
  return { drop: false, delayMs: Math.max(0, i.delay + jitter), corrupt };
}

/** flips one random bit of the frame, in place */
export function corruptFrame(frame: Uint8Array, rand: () => number): void {
  if (!frame.length) return;
  const bit = Math.floor(rand() * frame.length * 8);
  frame[bit >> 3] ^= 1 << (bit & 7);
}
