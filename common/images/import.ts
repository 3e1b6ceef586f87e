// Imports a file into the image store as <images_dir>/<model>/<version>/<file>. The first version of a
// model becomes its default (Sherpa's import does the same), or any version with makeDefault.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../catalog/catalog';
import { DEFAULT_MARKER, isSafeSegment } from './index';

export interface ImportRequest {
  imagesDir: string;
  model: string;
  version: string;
  file: string;
  initrd?: string;
  makeDefault?: boolean;
}
export interface ImportResult {
  path: string;
  isDefault: boolean;
}

export function importImage(r: ImportRequest): ImportResult {
  const m = catalog().model(r.model);
  if (!m) throw new Error(`unknown model '${r.model}'`);
  if (m.kind === 'container')
    throw new Error(`${r.model} is a container model: its images live in Docker, not in the image store`);
  if (!isSafeSegment(r.version) || r.version === DEFAULT_MARKER)
    throw new Error(`'${r.version}' cannot be a version folder name`);
  if (!existsSync(r.file) || !statSync(r.file).isFile()) throw new Error(`no such file: ${r.file}`);
  const target = catalog().imageFile(m)!;
  const mdir = join(r.imagesDir, r.model);
  const first = !existsSync(mdir) || !readdirSync(mdir).some((v) => v !== DEFAULT_MARKER);
  const vdir = join(mdir, r.version);
  mkdirSync(vdir, { recursive: true });
  const path = join(vdir, target);
  copyFileSync(r.file, path);
  if (r.initrd) {
    if (m.bootMode === 'disk_boot' || m.kind === 'vm')
      throw new Error('an initrd only goes with a direct-kernel unikernel');
    copyFileSync(r.initrd, join(vdir, 'initrd'));
  }
  const isDefault = first || !!r.makeDefault;
  if (isDefault) writeFileSync(join(mdir, DEFAULT_MARKER), `${r.version}\n`);
  return { path, isDefault };
}
