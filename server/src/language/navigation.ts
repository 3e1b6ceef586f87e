// Go to definition from a link endpoint to its node, and rename of a node with all its endpoints.
import type { Location, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { isSafeSegment } from '../../../common/images/index';
import { endpoint, type Endpoint } from '../../../common/manifest/view';
import type { Span } from '../../../common/toml/ast';
import { cursorContext } from './cursor';
import { toRange, type Analysis } from './service';

/** the node name under the cursor: in a node's `name` value or in the node part of an endpoint */
export function nodeNameAt(a: Analysis, offset: number): { name: string; span: Span } | undefined {
  const ctx = cursorContext(a.view, offset);
  if (ctx.mode !== 'value' || !ctx.string || ctx.string.transformed) return undefined;
  const s = ctx.string;
  if (ctx.key?.format === 'node-name')
    return { name: s.value, span: { start: s.contentStart, end: s.contentStart + s.value.length } };
  if (ctx.key?.format === 'endpoint') {
    const e = endpoint(s);
    if (e.node !== undefined && offset <= e.nodeSpan.end) return { name: e.node, span: e.nodeSpan };
  }
  return undefined;
}

export function definition(a: Analysis, uri: string, offset: number): Location | null {
  const hit = nodeNameAt(a, offset);
  const node = hit && a.view.nodeByName.get(hit.name);
  if (!node?.name) return null;
  return { uri, range: toRange(a, node.name) };
}

export function prepareRename(a: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const hit = nodeNameAt(a, offset);
  if (!hit || !a.view.nodeByName.has(hit.name)) return null;
  return { range: toRange(a, hit.span), placeholder: hit.name };
}

export class RenameError extends Error {}

/** node names become domain and file names: the new one must be a single safe path segment */
export function rename(a: Analysis, uri: string, offset: number, newName: string): WorkspaceEdit | null {
  const hit = nodeNameAt(a, offset);
  if (!hit || !a.view.nodeByName.has(hit.name)) return null;
  if (!isSafeSegment(newName) || !/^[A-Za-z0-9_.-]+$/.test(newName)) {
    throw new RenameError(
      `'${newName}' cannot be a node name: use letters, digits, '-', '_' and '.' (no '/', '..', '::', quotes or ` +
        `spaces).`,
    );
  }
  if (newName !== hit.name && a.view.nodeByName.has(newName))
    throw new RenameError(`A node named '${newName}' already exists.`);
  const { declarations, uses } = nodeOccurrences(a, hit.name);
  const spans = [...declarations, ...uses];
  return { changes: { [uri]: spans.map((s) => ({ range: toRange(a, s), newText: newName })) } };
}

/** the spans naming node `name`: its declaration and every endpoint that names it */
export function nodeOccurrences(a: Analysis, name: string): { declarations: Span[]; uses: Span[] } {
  const declarations: Span[] = [];
  for (const n of a.view.nodes) {
    if (n.name?.value === name && !n.name.transformed) {
      declarations.push({ start: n.name.contentStart, end: n.name.contentStart + name.length });
    }
  }
  const ends: Endpoint[] = [
    ...a.view.links.flatMap((l) => [l.src, l.dst]),
    ...a.view.bridges.flatMap((b) => b.members),
  ].filter((e): e is Endpoint => !!e);
  const uses = ends.filter((e) => e.node === name && !e.value.transformed).map((e) => e.nodeSpan);
  return { declarations, uses };
}
