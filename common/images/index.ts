// What the image store holds (`<images_dir>/<model>/<version>/<file>`), as plain data, and the
// version rule built on it. Scanning the disk lives in scan.ts; everything here is pure.

export interface ImageFile {
  name: string;
  path: string;
  size: number;
  /** qcow2 virtual size in bytes */ virtualSize?: number;
}
export interface ImageVersion {
  version: string;
  dir: string;
  files: Map<string, ImageFile>;
}
export interface ModelImages {
  model: string;
  versions: Map<string, ImageVersion>;
  /** from the `default` marker file */ marked?: string;
}
export interface ImageIndex {
  dir: string;
  /** false when the images folder does not exist: nothing can be said about versions then */
  exists: boolean;
  models: Map<string, ModelImages>;
}

export const DEFAULT_MARKER = 'default';

export function emptyIndex(dir: string): ImageIndex {
  return { dir, exists: false, models: new Map() };
}

export type VersionResolution =
  | { ok: true; version: string; how: 'manifest' | 'marked default' | 'only version' }
  | { ok: false; reason: 'not-installed' | 'no-images' | 'ambiguous'; available: string[] };

/**
 * The version a node runs. Sherpa's rule is "the image record marked default, else the first record";
 * a local store has no records, so ours is: the manifest's `version`, else the version named in
 * `<images_dir>/<model>/default`, else the only version present, else an error listing the versions.
 * Never a silent "latest".
 */
export function resolveVersion(index: ImageIndex, model: string, requested?: string): VersionResolution {
  const m = index.models.get(model);
  const available = m ? sortVersions([...m.versions.keys()]) : [];
  if (requested !== undefined) {
    return m?.versions.has(requested)
      ? { ok: true, version: requested, how: 'manifest' }
      : { ok: false, reason: available.length ? 'not-installed' : 'no-images', available };
  }
  if (!available.length) return { ok: false, reason: 'no-images', available };
  if (m?.marked && m.versions.has(m.marked)) return { ok: true, version: m.marked, how: 'marked default' };
  if (available.length === 1) return { ok: true, version: available[0], how: 'only version' };
  return { ok: false, reason: 'ambiguous', available };
}

/** natural order: 1.2.10 after 1.2.9 */
export function sortVersions(v: string[]): string[] {
  return [...v].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** model, version and node names become path segments and domain names: they must stay one segment */
export function isSafeSegment(s: string): boolean {
  return s.length > 0 && s.length <= 255 && s !== '.' && s !== '..' && !/[/\\\0]/.test(s);
}
