// The file probe for Sherpa's CLI-stage checks, on the real file system: paths are relative to the
// manifest's folder and `~/` is the home folder, as Sherpa's CLI reads them.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileProbe } from './rules/files';

export function manifestFileProbe(manifestPath: string): FileProbe {
  const dir = dirname(manifestPath);
  return (p) => {
    try {
      const st = statSync(p.startsWith('~/') ? join(homedir(), p.slice(2)) : resolve(dir, p));
      return st.isFile() ? (st.size ? 'file' : 'empty') : 'missing';
    } catch {
      return 'missing';
    }
  };
}
