// Rules that need the image store: the version exists, the image file is there, and
// boot_disk_size is larger than the image. Silent when the images folder does not exist.
import { resolveVersion } from '../../images/index';
import { insertKeyEdit, replaceEdit } from '../edits';
import { str } from '../view';
import type { RuleContext } from './context';

const GiB = 2 ** 30;

export function checkImages(ctx: RuleContext): void {
  const { images } = ctx;
  if (!images.exists) return;
  for (const node of ctx.view.nodes) {
    const m = node.modelInfo;
    if (!m || m.kind === 'container' || !node.model) continue;
    const file = ctx.catalog.imageFile(m)!;
    const requested = str(node.table, 'version');
    const res = resolveVersion(images, m.name, requested?.value);
    const n = node.name?.value ?? '';
    if (!res.ok) {
      const list = res.available.join(', ');
      if (res.reason === 'no-images') {
        ctx.out.warn(
          requested ?? node.model,
          'no-image',
          `No ${m.name} image is installed in ${images.dir} (expected ${images.dir}/${m.name}/<version>/${file}). ` +
            `Import one with "Sherpa: Import Image" or \`sherpa-lab images import\`.`,
        );
      } else if (res.reason === 'not-installed') {
        ctx.out.warn(
          requested!,
          'unknown-version',
          `Version '${requested!.value}' not found for model: ${m.name}. Available versions: ${list}`,
          {
            fixes: res.available.map((v, i) => ({
              title: `Change to "${v}"`,
              edits: [replaceEdit(requested!, JSON.stringify(v))],
              preferred: i === res.available.length - 1,
            })),
          },
        );
      } else {
        ctx.out.warn(
          node.model,
          'ambiguous-version',
          `${m.name} has several versions installed (${list}) and none is marked default: set \`version\`, or write ` +
            `the default version into ${images.dir}/${m.name}/default.`,
          {
            fixes: res.available.map((v) => ({
              title: `Insert version = "${v}"`,
              edits: [insertKeyEdit(ctx.text, node.table, 'model', 'version', JSON.stringify(v))],
            })),
          },
        );
      }
      continue;
    }
    const img = images.models.get(m.name)?.versions.get(res.version)?.files.get(file);
    if (!img) {
      ctx.out.warn(
        requested ?? node.model,
        'missing-image-file',
        `Disk image not found for node '${n}' (model: ${m.name}, version: ${res.version})\nExpected path: ` +
          `${images.dir}/${m.name}/${res.version}/${file}`,
      );
      continue;
    }
    const disk = node.table.entries.get('boot_disk_size')?.value;
    const sized = m.kind === 'vm' || m.bootMode === 'disk_boot';
    if (sized && disk?.kind === 'integer' && disk.value > 0 && img.virtualSize !== undefined) {
      const bytes = disk.value * GiB;
      if (bytes <= img.virtualSize) {
        const min = Math.floor(img.virtualSize / GiB) + 1;
        ctx.out.error(
          disk,
          'boot-disk-too-small',
          `Requested size ${disk.value}G (${bytes} bytes) must be larger than current size (${img.virtualSize} ` +
            `bytes) for: ${img.path}`,
          {
            fixes:
              min <= 65535
                ? [{ title: `Change to ${min}`, edits: [replaceEdit(disk, String(min))], preferred: true }]
                : [],
          },
        );
      }
    }
  }
}
