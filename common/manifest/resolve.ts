// The one resolver: manifest node + catalog + image store -> what `up` would use, or why it would
// refuse. Validation (as diagnostics), the engine's plan (as refusals) and hover all read this, so a
// name, version or image that `up` refuses is an error in the editor, in the same words.
import type { Catalog, ModelInfo } from '../catalog/catalog';
import { resolveVersion, type ImageFile, type ImageIndex } from '../images/index';
import { nodeNameProblem, versionProblem } from './names';
import { int, str, type NodeView } from './view';

const GiB = 2 ** 30;

export type ImageCode =
  'no-image' | 'unknown-version' | 'ambiguous-version' | 'missing-image-file' | 'unusable-version';

export type ResolvedImage =
  | { ok: true; version: string; how: string; file: ImageFile; initrd?: ImageFile }
  | { ok: false; code: ImageCode; message: string; available: string[] };

export interface ResolvedNode {
  node: NodeView;
  name: string;
  model?: ModelInfo;
  /** why the name cannot become a domain or file name */
  nameProblem?: string;
  /** VMs and unikernels: the image `up` would boot, or why there is none */
  image?: ResolvedImage;
  /** disk-booted nodes: boot_disk_size in bytes, and why it cannot be used */
  disk?: { bytes?: number; problem?: string };
}

export function resolveNode(node: NodeView, catalog: Catalog, images: ImageIndex): ResolvedNode {
  const name = node.name?.value ?? '';
  const m = node.modelInfo;
  const r: ResolvedNode = { node, name, model: m, nameProblem: nodeNameProblem(name) };
  if (!m || m.kind === 'container') return r;
  r.image = resolveImage(m, str(node.table, 'version')?.value, name, catalog, images);
  const sized = m.kind === 'vm' || m.bootMode === 'disk_boot';
  if (sized && r.image.ok) {
    const size = int(node.table, 'boot_disk_size');
    const vs = r.image.file.virtualSize;
    r.disk = { bytes: size ? size * GiB : vs };
    if (vs === undefined) r.disk.problem = `${r.image.file.path} is not a qcow2 image`;
    else if (size !== undefined && size > 0 && size * GiB <= vs) {
      r.disk.problem =
        `Requested size ${size}G (${size * GiB} bytes) must be larger than current size (${vs} bytes) ` +
        `for: ${r.image.file.path}`;
    }
  }
  return r;
}

function resolveImage(
  m: ModelInfo,
  requested: string | undefined,
  node: string,
  catalog: Catalog,
  images: ImageIndex,
): ResolvedImage {
  const fileName = catalog.imageFile(m)!;
  const dir = images.dir;
  if (requested !== undefined) {
    const bad = versionProblem(requested);
    if (bad) return { ok: false, code: 'unusable-version', message: bad, available: [] };
  }
  const res = resolveVersion(images, m.name, requested);
  if (!res.ok) {
    const list = res.available.join(', ');
    const message =
      res.reason === 'no-images'
        ? `No ${m.name} image is installed in ${dir} (expected ${dir}/${m.name}/<version>/${fileName}). ` +
          'Import one with "Sherpa: Import Image" or `sherpa-lab images import`.'
        : res.reason === 'not-installed'
          ? `Version '${requested}' not found for model: ${m.name}. Available versions: ${list}`
          : `${m.name} has several versions installed (${list}) and none is marked default: set \`version\`, ` +
            `or write the default version into ${dir}/${m.name}/default.`;
    const code =
      res.reason === 'no-images'
        ? 'no-image'
        : res.reason === 'not-installed'
          ? 'unknown-version'
          : 'ambiguous-version';
    return { ok: false, code, message, available: res.available };
  }
  const bad = versionProblem(res.version);
  if (bad) return { ok: false, code: 'unusable-version', message: bad, available: [] };
  const version = images.models.get(m.name)?.versions.get(res.version);
  const file = version?.files.get(fileName);
  if (!file) {
    return {
      ok: false,
      code: 'missing-image-file',
      message:
        `Disk image not found for node '${node}' (model: ${m.name}, version: ${res.version})\n` +
        `Expected path: ${dir}/${m.name}/${res.version}/${fileName}`,
      available: [],
    };
  }
  // our extension of Sherpa's layout: an optional initrd next to a unikernel's kernel.elf
  return { ok: true, version: res.version, how: res.how, file, initrd: version?.files.get('initrd') };
}

/** resolveNode, once per node of a parse and image index (rules and hover ask repeatedly), kept on its view */
export function resolvedNode(node: NodeView, catalog: Catalog, images: ImageIndex): ResolvedNode {
  const hit = node.resolved;
  if (hit?.images === images) return hit.resolved;
  const resolved = resolveNode(node, catalog, images);
  node.resolved = { images, resolved };
  return resolved;
}
