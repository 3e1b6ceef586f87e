// A capture file followed as it grows, one line per frame: tshark's decode when it is installed (fed the
// file's bytes through a FIFO, so it reads a growing pcap as a stream), else the built-in summary.
import {
  accessSync,
  closeSync,
  constants,
  createWriteStream,
  mkdtempSync,
  openSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa, execaSync, type ResultPromise } from 'execa';
import { SerialLogFollower } from '../lab/serialLog';
import { PcapReader, recordLine } from './pcap';

export interface LiveDecode {
  /** frames seen so far */
  readonly frames: number;
  /** which decoder prints the lines */
  readonly decoder: 'tshark' | 'built-in';
  /** stops following; the lines of every frame already in the file have been given */
  stop(): Promise<void>;
}

export function followCapture(
  file: string,
  onLine: (line: string) => void,
  opts: { tshark?: string; onFrame?: (n: number) => void } = {},
): LiveDecode {
  const reader = new PcapReader();
  let frames = 0;
  let tshark: ResultPromise | undefined;
  let fifo: { dir: string; path: string; out: WriteStream } | undefined;
  let rest = '';
  if (opts.tshark) {
    // tshark reads a growing pcap from a pipe, not from a socket (what a child's stdin is here): a FIFO in a
    // private folder carries the file's bytes to it
    const dir = mkdtempSync(join(tmpdir(), 'sherpa-tshark-'));
    const path = join(dir, 'frames.pcap');
    execaSync('mkfifo', ['-m', '600', path]);
    tshark = execa(opts.tshark, ['-l', '-n', '-r', path], {
      stdin: 'ignore',
      stdout: 'pipe',
      reject: false,
      lines: false,
    });
    const out = createWriteStream(path).on('error', () => undefined);
    void tshark.then(() => letWriterGo(path, out));
    fifo = { dir, path, out };
    tshark.stdout!.on('data', (b: Buffer) => {
      const parts = (rest + b.toString()).split('\n');
      rest = parts.pop()!;
      for (const l of parts) onLine(l.trim());
    });
  }
  const follower = new SerialLogFollower(file, (b) => {
    fifo?.out.write(b);
    for (const r of reader.feed(b)) {
      frames++;
      if (!tshark) onLine(recordLine(r));
      opts.onFrame?.(frames);
    }
  });
  return {
    get frames() {
      return frames;
    },
    decoder: tshark ? 'tshark' : 'built-in',
    stop: async () => {
      follower.pump();
      follower.close();
      if (tshark && fifo) {
        fifo.out.end();
        await tshark;
        if (rest.trim()) onLine(rest.trim());
        rmSync(fifo.dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Opening a FIFO to write waits for its reader: when tshark dies first, a reader opened here lets the writer's
 * open return. It is held until that open returns: opened and closed at once, it could come before the open
 * (queued on a busy thread pool) starts waiting, which then waits forever and keeps the process alive.
 */
export function letWriterGo(path: string, out: WriteStream): void {
  if (!out.pending) return;
  let held: number | undefined = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const release = () => {
    if (held !== undefined) closeSync(held);
    held = undefined;
  };
  out.once('ready', release).once('error', release).once('close', release);
}

/** the executable `name` on PATH, if there is one */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}
