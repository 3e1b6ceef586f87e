// What the client may configure (initialization options and sherpa/configure), checked before use: a
// message from a misbehaving client is ignored, never stored.
export const DEFAULT_IMAGES_DIR = '/opt/sherpa/images';

/** the images folder a configure message names: an absolute path, or the default when it names none */
export function configuredImagesDir(p: unknown): string | undefined {
  if (p === null || typeof p !== 'object') return undefined;
  const dir = (p as { imagesDir?: unknown }).imagesDir;
  if (dir === undefined || dir === '') return DEFAULT_IMAGES_DIR;
  return typeof dir === 'string' && dir.startsWith('/') && !dir.includes('\0') && dir.length < 4096 ? dir : undefined;
}
