// The file probe for Sherpa's CLI-stage checks, on the real file system: paths are relative to the
// manifest's folder and `~/` is the home folder, as Sherpa's CLI reads them.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileProbe } from './rules/files';
import { publicKeyOf } from './sshKeys';

/** a path as a manifest writes it, resolved as Sherpa's CLI does: `~/` is home, else relative to the manifest */
export function resolveFromManifest(manifestPath: string, p: string): string {
  return p.startsWith('~/') ? join(homedir(), p.slice(2)) : resolve(dirname(manifestPath), p);
}

export function manifestFileProbe(manifestPath: string): FileProbe {
  return (p, expect) => {
    try {
      const path = resolveFromManifest(manifestPath, p);
      const st = statSync(path);
      if (!st.isFile()) return 'missing';
      if (!st.size) return 'empty';
      return expect === 'public-key' && !publicKeyOf(firstLine(path)) ? 'not-a-key' : 'file';
    } catch {
      return 'missing';
    }
  };
}

/** the first line of a file, from its first 16 KiB (a public key line is far shorter) */
function firstLine(path: string): string {
  const buf = Buffer.alloc(16384);
  const fd = openSync(path, 'r');
  try {
    return buf
      .subarray(0, readSync(fd, buf, 0, buf.length, 0))
      .toString('utf8')
      .split('\n')[0];
  } finally {
    closeSync(fd);
  }
}
