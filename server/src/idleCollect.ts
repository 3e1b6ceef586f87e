// Young-generation collections paid in idle time, not inside the next analysis.
//
// A whole analysis of a large manifest leaves its syntax tree in V8's young generation. The next collection there
// copies all of it (and the one after copies it again, into the old generation): in a 10,000-node didOpen that
// took 15-25 ms of every analysis, because the collection fell inside it. So right after such an analysis, once the
// diagnostics are sent, two young collections move the tree to the old generation while the server waits for
// input, and the next analysis starts with an empty young generation that its allocations fit in. The work is the
// same; only its time moves out of the path between a key and its diagnostics. Without a `gc` function (the server
// started without --expose-gc, ../../common/serverFlags.ts) nothing happens.

/** V8's gc() as --expose-gc defines it; `type: 'minor'` asks for a young-generation collection (a scavenge) */
export type GcFunction = (options: { type: 'minor' | 'major' }) => void;
/** the process's gc(), when it was started with --expose-gc */
export const processGc = (globalThis as { gc?: GcFunction }).gc;

/** texts from this size on (about 1,500 nodes) leave a tree whose copying is worth moving */
export const IDLE_COLLECT_MIN_CHARS = 256 * 1024;
/** how long the server must have had nothing to do: the requests an editor sends on opening a document (symbols,
 *  folding, tokens, hints) and the keys of a burst of typing are answered first, each one restarting the wait */
export const IDLE_COLLECT_DELAY_MS = 50;

export class IdleCollector {
  /** collections run (for sherpa/stats) */
  runs = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `gc`: V8's, where the process has one */
  constructor(private readonly gc: GcFunction | undefined) {}

  /** a whole analysis of `chars` characters was made: collect once the server is idle */
  analysed(chars: number): void {
    if (this.gc && chars >= IDLE_COLLECT_MIN_CHARS) this.wait();
  }

  /** the server has work (a request, an edit): a pending collection waits until it has been quiet again */
  busy(): void {
    if (this.timer) this.wait();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wait(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.collect(), IDLE_COLLECT_DELAY_MS);
    this.timer.unref();
  }

  private collect(): void {
    this.timer = undefined;
    // the first copies the survivors once, the second promotes them: V8 promotes what survived one scavenge
    this.gc!({ type: 'minor' });
    this.gc!({ type: 'minor' });
    this.runs++;
  }
}
