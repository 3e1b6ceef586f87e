// Which documents get their referenced files (ztp_config, scripts, text files) checked on disk.
import { fileURLToPath } from 'node:url';
import { manifestFileProbe } from '../../common/manifest/fileProbe';
import type { FileProbe } from '../../common/manifest/rules/files';

/** the path of a local file URI; undefined for other schemes and for `file://host/...`, another machine */
export function localPath(uri: string): string | undefined {
  if (!/^file:\/\/(localhost)?\//i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** files next to a manifest are probed only for local files */
export function fileProbe(uri: string): FileProbe | undefined {
  const path = localPath(uri);
  return path === undefined ? undefined : manifestFileProbe(path);
}
