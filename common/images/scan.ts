// Reads the image store from disk into an ImageIndex. Unreadable entries are skipped, never fatal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MARKER, isSafeSegment, type ImageIndex, type ImageVersion, type ModelImages } from './index';
import { qcow2VirtualSize } from './qcow2';

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function scanImages(dir: string): ImageIndex {
  const index: ImageIndex = { dir, exists: isDir(dir), models: new Map() };
  if (!index.exists) return index;
  for (const model of safeList(dir)) {
    const mdir = join(dir, model);
    if (!isDir(mdir)) continue;
    const m: ModelImages = { model, versions: new Map() };
    for (const version of safeList(mdir)) {
      const vdir = join(mdir, version);
      if (version === DEFAULT_MARKER && !isDir(vdir)) {
        try {
          m.marked = readFileSync(vdir, 'utf8').trim();
        } catch {
          /* unreadable marker: no default */
        }
        continue;
      }
      if (!isDir(vdir)) continue;
      const v: ImageVersion = { version, dir: vdir, files: new Map() };
      for (const name of safeList(vdir)) {
        const path = join(vdir, name);
        try {
          const st = statSync(path);
          if (!st.isFile()) continue;
          v.files.set(name, {
            name,
            path,
            size: st.size,
            virtualSize: name.endsWith('.qcow2') ? qcow2VirtualSize(path) : undefined,
          });
        } catch {
          /* vanished while scanning */
        }
      }
      m.versions.set(version, v);
    }
    index.models.set(model, m);
  }
  return index;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).filter(isSafeSegment);
  } catch {
    return [];
  }
}
