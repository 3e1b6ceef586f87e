// Which documents get their referenced files (ztp_config, scripts, text files) checked on disk.
import { fileURLToPath } from 'node:url';
import { manifestFileProbe } from '../../common/manifest/fileProbe';
import type { FileProbe } from '../../common/manifest/rules/files';

/** files next to a manifest are probed only for local files: `file://host/...` names another machine */
export function fileProbe(uri: string): FileProbe | undefined {
  if (!/^file:\/\/(localhost)?\//i.test(uri)) return undefined;
  try {
    return manifestFileProbe(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
