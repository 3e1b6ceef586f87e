// Completion: keys valid at the cursor, model / version / endpoint / boolean values, [headers],
// and snippets for a unikernel node, a VM node and a link.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver-types';
import { Catalog, type KeySpec, type ModelInfo } from '../../../common/catalog/catalog';
import { resolveVersion, sortVersions } from '../../../common/images/index';
import { linkableNames, nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import type { Endpoint } from '../../../common/manifest/view';
import { cursorContext, nodeOf, type CursorContext } from './cursor';
import { modelMarkdown } from './docs';
import { toRange, type Analysis } from './service';

const KIND_ORDER: Record<string, string> = { unikernel: '0', vm: '1', container: '2' };
const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function completion(a: Analysis, offset: number): CompletionItem[] {
  const ctx = cursorContext(a.view, offset);
  switch (ctx.mode) {
    case 'header':
      return headerItems(a, ctx);
    case 'key':
      return keyItems(a, ctx);
    case 'value':
      return valueItems(a, ctx);
  }
}

function headerItems(a: Analysis, ctx: Extract<CursorContext, { mode: 'header' }>): CompletionItem[] {
  const names = ctx.array
    ? [
        'nodes',
        'links',
        'bridges',
        'nodes.text_files',
        'nodes.binary_files',
        'nodes.systemd_units',
        'nodes.ssh_authorized_key_files',
        'nodes.volumes',
      ]
    : ['ztp_server', 'config_management', 'links.impairment'];
  const range = toRange(a, ctx.replace);
  return names.map((n, i) => ({
    label: n,
    kind: CompletionItemKind.Module,
    sortText: String(i).padStart(2, '0'),
    textEdit: { range, newText: n },
  }));
}

function keyItems(a: Analysis, ctx: Extract<CursorContext, { mode: 'key' }>): CompletionItem[] {
  const items: CompletionItem[] = [];
  const range = toRange(a, ctx.replace);
  if (ctx.spec) {
    const spec = a.catalog.table(ctx.spec);
    const node = ctx.spec === 'node' ? nodeOf(a.view, ctx.table) : undefined;
    const tags = node?.modelInfo ? Catalog.kindTags(node.modelInfo) : undefined;
    for (const ks of spec.keys.values()) {
      if (ks.internal) continue;
      if (ctx.table?.entries.has(ks.name)) continue; // already present
      if (tags && ks.appliesTo && !ks.appliesTo.some((t) => tags.includes(t))) continue; // no effect on this kind
      if (
        !ctx.inline &&
        (ks.type === 'table' || (ks.type === 'array' && ks.of && a.catalog.tables.has(ks.of))) &&
        ctx.spec === 'manifest' &&
        ctx.table?.style !== 'root'
      )
        continue;
      items.push({
        label: ks.name,
        kind: CompletionItemKind.Property,
        detail: typeText(ks) + (ks.required ? ' (required)' : ''),
        documentation: { kind: MarkupKind.Markdown, value: ks.doc },
        sortText: (ks.required ? '0' : '1') + ks.name,
        textEdit: { range, newText: keySnippet(ks, node?.modelInfo) },
        insertTextFormat: InsertTextFormat.Snippet,
        command: ks.format === 'model' || ks.format === 'version' || ks.format === 'endpoint' ? RETRIGGER : undefined,
      });
    }
  }
  if (!ctx.inline && ctx.atLineStart) items.push(...snippets(range));
  return items;
}

function typeText(ks: KeySpec): string {
  if (ks.type === 'integer') return `integer (${ks.int ?? 'int'})${ks.unit ? ' ' + ks.unit : ''}`;
  if (ks.type === 'array') return `array of ${ks.of === 'string' ? 'strings' : 'tables'}`;
  return ks.type;
}

function keySnippet(ks: KeySpec, model?: ModelInfo): string {
  const def = ks.defaultFrom && model ? model[ks.defaultFrom] : ks.default;
  switch (ks.type) {
    case 'string':
      return `${ks.name} = "$1"`;
    case 'integer':
    case 'float':
      return `${ks.name} = \${1:${def ?? 0}}`;
    case 'boolean':
      return `${ks.name} = \${1|true,false|}`;
    case 'array':
      return ks.of === 'string' ? `${ks.name} = ["$1"]` : `${ks.name} = [{ $1 }]`;
    case 'table':
      return `${ks.name} = { $1 }`;
  }
}

function snippets(range: Range): CompletionItem[] {
  const s = (label: string, detail: string, body: string[]): CompletionItem => ({
    label,
    detail,
    kind: CompletionItemKind.Snippet,
    sortText: '9' + label,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: body.join('\n') },
  });
  return [
    s('unikernel node', 'a [[nodes]] table for a direct-kernel unikernel', [
      '[[nodes]]',
      'name = "${1:uk1}"',
      'model = "${2|unikraft_unikernel,generic_unikernel,nanos_unikernel|}"',
      'kernel_cmdline = "${3:/usr/bin/app}"',
      'ready_port = ${4:80}',
      '$0',
    ]),
    s('VM node', 'a [[nodes]] table for a VM', ['[[nodes]]', 'name = "${1:vm1}"', 'model = "${2:ubuntu_linux}"', '$0']),
    s('link', 'a [[links]] table between two interfaces', [
      '[[links]]',
      'src = "${1:node1}::${2:eth1}"',
      'dst = "${3:node2}::${4:eth1}"',
      '$0',
    ]),
  ];
}

function valueItems(a: Analysis, ctx: Extract<CursorContext, { mode: 'value' }>): CompletionItem[] {
  const key = ctx.key;
  const range = toRange(a, ctx.replace);
  const quoted = (s: string) => (ctx.string ? s : JSON.stringify(s));
  if (!key) return [];
  if (key.name === 'nodes' && ctx.inArray && !ctx.string) {
    return [
      {
        label: '{ name, model }',
        kind: CompletionItemKind.Snippet,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: '{ name = "$1", model = "$2" }' },
        command: RETRIGGER,
      },
    ];
  }
  if (key.format === 'model') {
    return a.catalog.models.map((m) => ({
      label: m.name,
      labelDetails: { description: m.kind === 'unikernel' ? `unikernel · ${m.bootMode}` : m.kind },
      kind:
        m.kind === 'unikernel'
          ? CompletionItemKind.Function
          : m.kind === 'vm'
            ? CompletionItemKind.Class
            : CompletionItemKind.Module,
      detail: `${m.title} — ${m.vcpu} vCPU, ${m.memory} MiB, ${m.dataInterfaces} data interfaces`,
      documentation: { kind: MarkupKind.Markdown, value: modelMarkdown(a, m) },
      sortText: KIND_ORDER[m.kind] + m.name,
      filterText: ctx.string ? m.name : JSON.stringify(m.name),
      textEdit: { range, newText: quoted(m.name) },
    }));
  }
  if (key.format === 'version') {
    const node = nodeOf(a.view, ctx.table);
    const m = node?.modelInfo;
    if (!m) return [];
    const versions = sortVersions([...(a.images.models.get(m.name)?.versions.keys() ?? [])]);
    const def = resolveVersion(a.images, m.name);
    return versions.map((v, i) => ({
      label: v,
      kind: CompletionItemKind.Value,
      detail: def.ok && def.version === v ? `default (${def.how})` : undefined,
      documentation: `${a.images.dir}/${m.name}/${v}/${a.catalog.imageFile(m) ?? ''}`,
      sortText: String(versions.length - i).padStart(4, '0'),
      preselect: def.ok && def.version === v,
      filterText: ctx.string ? v : JSON.stringify(v),
      textEdit: { range, newText: quoted(v) },
    }));
  }
  if (key.format === 'endpoint') return endpointItems(a, ctx);
  if (key.type === 'boolean') {
    return ['true', 'false'].map((b) => ({
      label: b,
      kind: CompletionItemKind.Value,
      textEdit: { range, newText: b },
    }));
  }
  const node = nodeOf(a.view, ctx.table);
  const def = key.defaultFrom && node?.modelInfo ? node.modelInfo[key.defaultFrom] : key.default;
  if (def !== undefined && !ctx.string) {
    return [
      {
        label: String(def),
        kind: CompletionItemKind.Value,
        detail: 'default',
        textEdit: { range, newText: String(def) },
      },
    ];
  }
  return [];
}

/** `node::` first, then the interfaces of that node's model that no link or bridge uses yet */
function endpointItems(a: Analysis, ctx: Extract<CursorContext, { mode: 'value' }>): CompletionItem[] {
  const text = ctx.prefix;
  const cut = text.indexOf('::');
  const wrap = (s: string) => (ctx.string ? s : JSON.stringify(s));
  if (cut < 0) {
    const range = toRange(a, ctx.replace);
    return a.view.nodes
      .filter((n) => n.name)
      .map((n, i) => ({
        label: `${n.name!.value}::`,
        kind: CompletionItemKind.Reference,
        detail: n.model?.value,
        sortText: String(i).padStart(5, '0'),
        textEdit: { range, newText: ctx.string ? `${n.name!.value}::` : `"${n.name!.value}::` },
        command: RETRIGGER,
      }));
  }
  const nodeName = text.slice(0, cut);
  const node = a.view.nodeByName.get(nodeName);
  const ni = node && nodeInterfaces(a.catalog, node);
  if (!ni) return [];
  const used = usedInterfaces(a, nodeName, ctx.string);
  const start = ctx.string ? ctx.string.contentStart + cut + 2 : ctx.replace.start;
  const range = toRange(a, { start, end: ctx.replace.end });
  const names = linkableNames(ni);
  const beyond = ni.table.names.slice(ni.max + 1);
  const item = (n: string, needsCount: boolean): CompletionItem => ({
    label: n,
    kind: CompletionItemKind.EnumMember,
    detail: needsCount
      ? `needs data_interface_count = ${ni.table.index.get(n)! - ni.reserved}`
      : `interface index ${ni.table.index.get(n)}`,
    sortText: (needsCount ? '1' : '0') + String(ni.table.index.get(n)).padStart(4, '0'),
    textEdit: { range, newText: ctx.string ? n : wrap(`${nodeName}::${n}`) },
  });
  return [
    ...names.filter((n) => !used.has(n)).map((n) => item(n, false)),
    ...beyond.filter((n) => !used.has(n)).map((n) => item(n, true)),
  ];
}

function usedInterfaces(a: Analysis, node: string, current?: { start: number }): Set<string> {
  const used = new Set<string>();
  const add = (e?: Endpoint) => {
    if (e && e.node === node && e.iface && e.value.start !== current?.start) used.add(e.iface);
  };
  for (const l of a.view.links) {
    add(l.src);
    add(l.dst);
  }
  for (const b of a.view.bridges) for (const m of b.members) add(m);
  return used;
}
