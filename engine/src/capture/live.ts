// A capture file followed as it grows, one line per frame: tshark's decode when it is installed (fed the
// file's bytes on its stdin, so it reads a growing pcap as a stream), else the built-in summary.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
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
  if (opts.tshark) {
    tshark = execa(opts.tshark, ['-l', '-n', '-r', '-'], {
      stdin: 'pipe',
      stdout: 'pipe',
      reject: false,
      lines: false,
    });
    let rest = '';
    tshark.stdout!.on('data', (b: Buffer) => {
      const parts = (rest + b.toString()).split('\n');
      rest = parts.pop()!;
      for (const l of parts) onLine(l.trim());
    });
  }
  const follower = new SerialLogFollower(file, (b) => {
    tshark?.stdin!.write(b);
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
      if (tshark) {
        tshark.stdin!.end();
        await tshark;
      }
    },
  };
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
