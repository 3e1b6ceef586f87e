// Work that a large manifest's whole analysis leaves for later, done while the server waits for input instead of
// inside the next analysis or the first keystroke.
//
// - The document's line table. The first edit the client sends is placed by line and character, and the
//   document (vscode-languageserver-textdocument) computes its table of line starts then: some 17 ms on a
//   10,000-node manifest, inside the first keystroke's time.
// - V8's young generation. The analysis leaves its syntax tree there, and the next young collection copies all of
//   it (the one after copies it again, into the old generation): in a 10,000-node didOpen that took 15-25 ms,
//   because the collection fell inside it. Two young collections move the tree to the old generation now, and
//   the next analysis starts with an empty young generation that its allocations fit in. The work is the same;
//   only its time moves out of the path between a key and its diagnostics. Without a `gc` function (the server
//   started without --expose-gc, ../../common/serverFlags.ts) this part is skipped.
// - V8's own young collection task is turned off (deferYoungCollections): it ran right after each large analysis.

import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

/** V8's gc() as --expose-gc defines it; `type: 'minor'` asks for a young-generation collection (a scavenge) */
export type GcFunction = (options: { type: 'minor' | 'major' }) => void;
/** the process's gc(), when it was started with --expose-gc */
export const processGc = (globalThis as { gc?: GcFunction }).gc;

/**
 * V8 collects the young generation in a task of its own once it is 80 % full (--minor-gc-task). The task runs as
 * soon as the server returns to its event loop: after a large analysis, that is before the diagnostics it sent are
 * written (the connection writes them a turn later). Traced on a 10,000-node manifest: a 12-19 ms collection
 * between the analysis and its diagnostics leaving, in every didOpen. Turned off, the young generation is collected
 * when it is full, or by the idle work. Only where that work can collect (`gc`), and on V8 11 or later, which
 * names the flag so (set at run time: a flag V8 does not know on the command line would stop Node from starting).
 */
export function deferYoungCollections(gc: GcFunction | undefined, v8Version = process.versions.v8): boolean {
  if (!gc || Number(v8Version.split('.')[0]) < 11) return false;
  setFlagsFromString('--no-minor-gc-task');
  return true;
}

/** young collections (scavenges) of this process since the counter was first read, for sherpa/stats: observed
 *  from then on only, so that a server no test or benchmark asks makes no record of its collections */
export function youngCollectionCounter(): () => number {
  let n = 0;
  let observer: PerformanceObserver | undefined;
  const count = (entries: PerformanceEntry[]) => {
    for (const e of entries)
      if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        n++;
  };
  return () => {
    if (!observer) {
      observer = new PerformanceObserver((list) => count(list.getEntries()));
      observer.observe({ entryTypes: ['gc'] });
    }
    // entries not yet handed to the callback (it runs a turn later) are counted too
    count(observer.takeRecords());
    return n;
  };
}

/** texts from this size on (about 1,500 nodes) leave work worth moving */
export const IDLE_MIN_CHARS = 256 * 1024;
/** how long the server must have had nothing to do: the requests an editor sends on opening a document (symbols,
 *  folding, tokens, hints) and the keys of a burst of typing are answered first, each one restarting the wait */
export const IDLE_DELAY_MS = 50;

export class IdleWork {
  /** times the work ran (for sherpa/stats) */
  runs = 0;
  private timer: NodeJS.Timeout | undefined;
  /** each document's preparation, by uri: a document analysed again replaces its own */
  private readonly pending = new Map<string, () => void>();

  /** `gc`: V8's, where the process has one */
  constructor(private readonly gc: GcFunction | undefined) {}

  /** a whole analysis of the document `uri`, `chars` characters long, was made: once the server is idle, `prepare`
   *  runs (what the document's first edit would compute) and the young generation is collected */
  analysed(uri: string, chars: number, prepare: () => void): void {
    if (chars < IDLE_MIN_CHARS) return;
    this.pending.set(uri, prepare);
    this.wait();
  }

  /** the document was closed: nothing to prepare for it */
  forget(uri: string): void {
    this.pending.delete(uri);
  }

  /** the server has work (a request, an edit): pending work waits until it has been quiet again */
  busy(): void {
    if (this.timer) this.wait();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private wait(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), IDLE_DELAY_MS);
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    const prepare = [...this.pending.values()];
    this.pending.clear();
    for (const p of prepare) p();
    // (after the preparation: what it made moves to the old generation too) the first copies the survivors once,
    // the second promotes them: V8 promotes what survived one scavenge
    this.gc?.({ type: 'minor' });
    this.gc?.({ type: 'minor' });
    this.runs++;
  }
}
