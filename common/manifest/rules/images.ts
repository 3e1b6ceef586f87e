// Rules that need the image store, read from the resolver (../resolve.ts) that the engine's plan
// uses too: the version exists, the image file is there, and boot_disk_size is larger than the image.
// Warnings, since the store is this host's; silent when the images folder does not exist.
import { insertKeyEdit, replaceEdit } from '../edits';
import { resolvedNode } from '../resolve';
import { str } from '../view';
import type { RuleContext } from './context';

const GiB = 2 ** 30;

export function checkImages(ctx: RuleContext): void {
  if (!ctx.images.exists) return;
  for (const node of ctx.view.nodes) {
    if (!node.model) continue;
    const r = resolvedNode(node, ctx.catalog, ctx.images);
    const requested = str(node.table, 'version');
    const image = r.image;
    if (!image) continue; // containers, unknown models
    if (!image.ok) {
      if (image.code === 'unusable-version') continue; // an error of the names rule
      // on the version asked for, else on the model (an ambiguous version is one not asked for: see resolveVersion)
      const at = requested ?? node.model;
      const fixes =
        image.code === 'unknown-version'
          ? image.available.map((v, i) => ({
              title: `Change to "${v}"`,
              edits: [replaceEdit(requested!, JSON.stringify(v))],
              preferred: i === image.available.length - 1,
            }))
          : image.code === 'ambiguous-version'
            ? image.available.map((v) => ({
                title: `Insert version = "${v}"`,
                edits: [insertKeyEdit(ctx.text, node.table, 'model', 'version', JSON.stringify(v))],
              }))
            : [];
      ctx.out.warn(at, image.code, image.message, fixes.length ? { fixes } : undefined);
      continue;
    }
    const disk = node.table.entries.get('boot_disk_size')?.value;
    const vs = image.file.virtualSize;
    if (r.disk?.problem && disk?.kind === 'integer' && vs !== undefined) {
      const min = Math.floor(vs / GiB) + 1;
      ctx.out.error(disk, 'boot-disk-too-small', r.disk.problem, {
        fixes:
          min <= 65535 ? [{ title: `Change to ${min}`, edits: [replaceEdit(disk, String(min))], preferred: true }] : [],
      });
    }
  }
}
