// Timing helpers for benchmarks: run a measurement n times, report median and p95 in ms.
export interface Stats {
  median: number;
  p95: number;
  runs: number;
  /** the samples in the order they were taken (interleaved() pairs them across functions by index) */
  samples: number[];
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: pick(0.5), p95: pick(0.95), runs: s.length, samples };
}

/** `f` timed `n` times; it is given the run's number */
export async function time(n: number, f: (i: number) => Promise<unknown> | unknown): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

const gc = (globalThis as { gc?: (o: { type: 'minor' }) => void }).gc;
/** V8's young generation of this process collected (where the benchmark runs with --expose-gc, as `npm run bench`
 *  starts it) before a sample: each starts as the server's analysis does, with an empty young generation, and none
 *  is charged for a collection of the garbage another left. Traced, a didOpen began with the benchmark collecting
 *  the rules' garbage (2-15 ms, in 30 of 31 samples) before its message was sent */
function collectYoung(): void {
  gc?.({ type: 'minor' });
}

/** each function timed `n` times, taking turns (f0, f1, ..., f0, f1, ...), so that every one sees the machine
 *  as it was for the others; a function that returns a number has timed itself (it had work to leave out) */
export async function interleaved(n: number, fs: (() => Promise<unknown> | unknown)[]): Promise<Stats[]> {
  const samples = fs.map((): number[] => []);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < fs.length; k++) {
      collectYoung();
      const t = performance.now();
      const own = await fs[k]();
      samples[k].push(typeof own === 'number' ? own : performance.now() - t);
    }
  return samples.map(stats);
}

export const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}
