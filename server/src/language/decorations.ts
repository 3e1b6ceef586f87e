// What the editor draws over a manifest: document links to the files it names, semantic tokens for
// models, node names, endpoints and interfaces, and inlay hints with what a node gets from its model.
import { pathToFileURL } from 'node:url';
import {
  InlayHintKind,
  SemanticTokensBuilder,
  type DocumentLink,
  type InlayHint,
  type Range,
  type SemanticTokens,
} from 'vscode-languageserver';
import { resolveFromManifest } from '../../../common/manifest/fileProbe';
import { fileReferences } from '../../../common/manifest/rules/files';
import { nodeInterfaces } from '../../../common/manifest/rules/interfaces';
import { int, type NodeView } from '../../../common/manifest/view';
import type { TomlString } from '../../../common/toml/ast';
import { localPath } from '../probe';
import { toRange, type Analysis } from './service';

/** a path a manifest names, resolved as Sherpa's CLI does; undefined unless the manifest is a local file */
export function resolveManifestPath(manifestUri: string, p: string): string | undefined {
  const manifest = localPath(manifestUri);
  return manifest === undefined ? undefined : resolveFromManifest(manifest, p);
}

/** the file strings of a node whose source text is their value (a link needs its exact span) */
export function linkableFiles(node: NodeView): TomlString[] {
  return fileReferences(node)
    .map((f) => f.value)
    .filter((v) => v.value && !v.transformed);
}

export function documentLinks(a: Analysis, uri: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const node of a.view.nodes) {
    for (const s of linkableFiles(node)) {
      const path = resolveManifestPath(uri, s.value);
      if (!path) continue;
      out.push({
        range: toRange(a, { start: s.contentStart, end: s.contentStart + s.value.length }),
        target: pathToFileURL(path).toString(),
        tooltip: `Open ${path}`,
      });
    }
  }
  return out;
}

/** token types in the legend's order */
export const TOKEN_TYPES = ['type', 'variable', 'property'] as const;
export const TOKEN_MODIFIERS = ['declaration'] as const;
const TYPE = { model: 0, node: 1, iface: 2 };

export function semanticTokens(a: Analysis): SemanticTokens {
  const marks: { start: number; length: number; type: number; mods: number }[] = [];
  const add = (start: number, length: number, type: number, mods = 0) => {
    const p = a.lines.position(start);
    const end = a.lines.position(start + length);
    if (length > 0 && p.line === end.line) marks.push({ start, length, type, mods });
  };
  const content = (s: TomlString | undefined, type: number, mods = 0) =>
    s && !s.transformed && add(s.contentStart, s.value.length, type, mods);
  for (const n of a.view.nodes) {
    content(n.name, TYPE.node, 1);
    if (n.modelInfo) content(n.model, TYPE.model);
  }
  const ends = [...a.view.links.flatMap((l) => [l.src, l.dst]), ...a.view.bridges.flatMap((b) => b.members)];
  for (const e of ends) {
    if (!e || e.node === undefined || e.value.transformed) continue;
    add(e.nodeSpan.start, e.nodeSpan.end - e.nodeSpan.start, TYPE.node);
    add(e.ifaceSpan.start, e.ifaceSpan.end - e.ifaceSpan.start, TYPE.iface);
  }
  marks.sort((x, y) => x.start - y.start);
  const b = new SemanticTokensBuilder();
  for (const m of marks) {
    const p = a.lines.position(m.start);
    b.push(p.line, p.character, m.length, m.type, m.mods);
  }
  return b.build();
}

/** VS Code's default `editor.inlayHints.maximumLength`: a longer label is cut short with "…" */
export const INLAY_MAX = 43;

/** after each node's model: the vCPUs, memory, data interfaces and boot the node gets (the manifest's
 *  values where it sets them, else the model's defaults), short enough to show whole */
export function inlayHints(a: Analysis, range: Range): InlayHint[] {
  const out: InlayHint[] = [];
  const first = a.lines.offset(range.start);
  const last = a.lines.offset(range.end);
  for (const n of a.view.nodes) {
    const m = n.modelInfo;
    if (!m || !n.model || n.model.end < first || n.model.end > last) continue;
    const ni = nodeInterfaces(a.catalog, n);
    const mib = int(n.table, 'memory') || m.memory;
    const parts =
      m.kind === 'container'
        ? ['container']
        : [
            `${int(n.table, 'cpu_count') || m.vcpu} vCPU`,
            mib % 1024 ? `${mib} MiB` : `${mib / 1024} GiB`,
            `${ni?.count ?? m.dataInterfaces} data if`,
            m.kind === 'unikernel' ? (m.bootMode === 'disk_boot' ? 'disk' : 'kernel') : (m.firmware ?? 'bios'),
          ];
    out.push({
      position: a.lines.position(n.model.end),
      label: parts.join(' · '),
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip:
        `What ${n.name?.value ?? 'this node'} gets from ${m.name} and the keys it sets: vCPUs, memory, data ` +
        'interfaces, and how it boots (kernel: the kernel loaded directly; disk: from its disk image; ' +
        'else the firmware)',
    });
  }
  return out;
}
