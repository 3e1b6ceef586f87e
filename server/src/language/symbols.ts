// Document outline: nodes, links and bridges.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Span } from '../../../common/toml/ast';
import { toRange, type Analysis } from './service';

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const { view } = a;
  const sym = (
    name: string,
    detail: string | undefined,
    kind: SymbolKind,
    span: Span,
    sel: Span,
    children?: DocumentSymbol[],
  ): DocumentSymbol => ({
    name: name || '(unnamed)',
    detail,
    kind,
    range: toRange(a, span),
    selectionRange: toRange(a, sel),
    children,
  });
  const group = (key: string, children: DocumentSymbol[]): DocumentSymbol[] => {
    const e = view.doc.root.entries.get(key);
    if (!e || !children.length) return [];
    const span = { start: Math.min(e.keySpan.start, e.value.start), end: Math.max(e.value.end, e.keySpan.end) };
    return [sym(key, `${children.length}`, SymbolKind.Array, span, e.keySpan, children)];
  };
  const nodes = view.nodes.map((n) =>
    sym(
      n.name?.value ?? '',
      n.model?.value,
      n.modelInfo?.kind === 'unikernel' ? SymbolKind.Function : SymbolKind.Class,
      n.table,
      n.name ?? n.table,
    ),
  );
  const links = view.links.map((l) =>
    sym(
      `${l.src?.value.value ?? '?'} ↔ ${l.dst?.value.value ?? '?'}`,
      l.table.entries.get('p2p')?.value.kind === 'boolean' ? 'p2p' : undefined,
      SymbolKind.Event,
      l.table,
      l.src?.value ?? l.table,
    ),
  );
  const bridges = view.bridges.map((b) =>
    sym(
      b.name?.value ?? '',
      b.members.map((m) => m.value.value).join(', '),
      SymbolKind.Struct,
      b.table,
      b.name ?? b.table,
    ),
  );
  return [...group('nodes', nodes), ...group('links', links), ...group('bridges', bridges)];
}
