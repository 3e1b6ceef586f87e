// The file probe for Sherpa's CLI-stage checks, on the real file system: paths are relative to the
// manifest's folder and `~/` is the home folder, as Sherpa's CLI reads them.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileProbe } from './rules/files';

/** a path as a manifest writes it, resolved as Sherpa's CLI does: `~/` is home, else relative to the manifest */
export function resolveFromManifest(manifestPath: string, p: string): string {
  return p.startsWith('~/') ? join(homedir(), p.slice(2)) : resolve(dirname(manifestPath), p);
}

export function manifestFileProbe(manifestPath: string): FileProbe {
  return (p) => {
    try {
      const st = statSync(resolveFromManifest(manifestPath, p));
      return st.isFile() ? (st.size ? 'file' : 'empty') : 'missing';
    } catch {
      return 'missing';
    }
  };
}
