// Hover: documentation for every key, model details, image versions and link endpoints.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { resolvedNode } from '../../../common/manifest/resolve';
import { nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import { endpoint } from '../../../common/manifest/view';
import { cursorContext, nodeOf, specAt } from './cursor';
import { keyMarkdown, modelMarkdown, provisioningMarkdown, versionsLine } from './docs';
import { toRange, type Analysis } from './service';

export function hover(a: Analysis, offset: number): Hover | null {
  const ctx = cursorContext(a.view, offset);
  const md = (value: string, span: { start: number; end: number }): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: toRange(a, span),
  });
  if (ctx.mode === 'header') {
    const word = a.text.slice(ctx.replace.start, ctx.replace.end);
    const path = word.split('.');
    const parent = specAt(path.slice(0, -1)).spec;
    const ks = parent ? a.catalog.table(parent).keys.get(path[path.length - 1]) : undefined;
    return ks ? md(keyMarkdown(ks), ctx.replace) : null;
  }
  if (ctx.mode === 'key') {
    const name = a.text.slice(ctx.replace.start, ctx.replace.end);
    const ks = ctx.spec ? a.catalog.table(ctx.spec).keys.get(name) : undefined;
    if (!ks || !name) return null;
    return md(keyMarkdown(ks, nodeOf(a.view, ctx.table)?.modelInfo), ctx.replace);
  }
  const key = ctx.key;
  if (!key) return null;
  const s = ctx.string;
  if (key.format === 'model' && s) {
    const m = a.catalog.model(s.value);
    return m ? md(modelMarkdown(a, m), s) : null;
  }
  const named = key.name === 'name' && s ? nodeOf(a.view, ctx.table) : undefined;
  if (named?.modelInfo && s) {
    // a node's name: what it is and what `up` gives it
    const prov = provisioningMarkdown(named.modelInfo, s.value);
    const head = `Node **${s.value}** (node index ${named.index}) — \`${named.modelInfo.name}\``;
    return md([head, ...(prov ? ['', prov] : [])].join('\n'), s);
  }
  if (key.format === 'version' && s) {
    const node = nodeOf(a.view, ctx.table);
    const m = node?.modelInfo;
    if (!node || !m || m.kind === 'container') return null;
    // what `up` would boot, from the resolver the engine's plan uses
    const image = resolvedNode(node, a.catalog, a.images).image!;
    const size = !image.ok
      ? ''
      : image.file.virtualSize
        ? ` — virtual size ${(image.file.virtualSize / 2 ** 30).toFixed(2)} GiB`
        : ` — ${image.file.size} bytes`;
    const what = image.ok ? `\`${image.file.path}\`${size}` : `**Not usable:** ${image.message}`;
    return md([`**${m.name}** version \`${s.value}\``, '', what, '', versionsLine(a, m)].join('\n'), s);
  }
  if (key.format === 'endpoint' && s) {
    const e = endpoint(s);
    if (e.node === undefined) return md('Write an endpoint as `node::interface`.', s);
    const node = a.view.nodeByName.get(e.node);
    if (!node) return md(`Node \`${e.node}\` is not defined.`, e.nodeSpan);
    const ni = nodeInterfaces(a.catalog, node);
    if (!ni) return null;
    if (offset <= e.nodeSpan.end)
      return md(
        `Node **${e.node}** (node index ${node.index}) — \`${ni.model.name}\`, ${ni.count} data interfaces`,
        e.nodeSpan,
      );
    const idx = ni.table.index.get(e.iface!);
    const role =
      idx === undefined
        ? 'not an interface of this model'
        : idx === 0
          ? 'management interface'
          : idx <= ni.reserved
            ? 'reserved interface'
            : idx > ni.max
              ? `beyond data_interface_count (${ni.count})`
              : 'data interface';
    return md(
      `Interface \`${e.iface}\` of **${e.node}** (${ni.model.name}): ` +
        (idx === undefined ? '' : `index ${idx}, `) +
        role,
      e.ifaceSpan,
    );
  }
  return md(keyMarkdown(key, nodeOf(a.view, ctx.table)?.modelInfo), ctx.replace);
}
