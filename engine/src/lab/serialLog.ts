// Follows a node's serial log (written by virtlogd from the first instruction): replay from any
// offset, then new bytes as they are appended. Used by consoles and by tests that wait for output.
import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, basename } from 'node:path';

export class SerialLogFollower {
  private offset: number;
  private watcher?: FSWatcher;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly onData: (b: Buffer) => void,
    from = 0,
  ) {
    this.offset = from;
    // watch the folder: the file may not exist yet, and virtlogd may recreate it
    this.watcher = watch(dirname(path), (_e, f) => {
      if (!f || f === basename(path)) this.pump();
    });
    this.pump();
  }

  /** read whatever was appended since the last read */
  pump(): void {
    if (this.closed) return;
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return;
    }
    if (size < this.offset) this.offset = 0; // truncated: start over
    if (size === this.offset) return;
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      if (n) this.onData(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
  }
}

/** resolves with the log text once it contains `pattern` (or `pattern(text)` holds), rejects at the deadline */
export function waitForSerial(
  path: string,
  pattern: string | RegExp | ((text: string) => boolean),
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let settled = false;
    let follower: SerialLogFollower | undefined;
    const test = () =>
      typeof pattern === 'string'
        ? text.includes(pattern)
        : typeof pattern === 'function'
          ? pattern(text)
          : pattern.test(text);
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      follower?.close();
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(text);
    };
    const onAbort = () => finish(new Error('aborted'));
    // at the deadline, one last read: the answer then cannot depend on a file event that never came, and the
    // error gives the size on disk, so a guest that printed nothing is told apart from output we did not see
    const timer = setTimeout(() => {
      follower?.pump();
      if (settled) return;
      let size = 'no file';
      try {
        size = `${statSync(path).size} bytes on disk`;
      } catch {
        /* not created */
      }
      const holds = JSON.stringify(text.slice(-300));
      finish(new Error(`no "${pattern}" in ${path} after ${timeoutMs} ms (${size}); it holds: ${holds}`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort);
    follower = new SerialLogFollower(path, (b) => {
      text += b.toString('latin1');
      if (test()) finish();
    });
    if (settled) follower.close();
  });
}
