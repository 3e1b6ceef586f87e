// Structure of a manifest for the editor: folding ranges, selection ranges, and the occurrences of a
// node (its name and every link and bridge endpoint naming it) for references and highlights.
import {
  DocumentHighlightKind,
  FoldingRangeKind,
  type DocumentHighlight,
  type FoldingRange,
  type Location,
  type SelectionRange,
} from 'vscode-languageserver-types';
import type { Span, TomlTable, TomlValue } from '../../../common/toml/ast';
import { nodeNameAt, nodeOccurrences } from './navigation';
import { toRange, type Analysis } from './service';

/** every table and array that spans more than one line folds; comment blocks too */
export function foldingRanges(a: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const fold = (span: Span, kind?: FoldingRangeKind) => {
    const start = a.lines.position(span.start).line;
    const end = a.lines.position(Math.max(span.start, span.end - 1)).line;
    if (end > start) out.push({ startLine: start, endLine: end, ...(kind ? { kind } : {}) });
  };
  for (const h of a.view.doc.headers) fold({ start: h.start, end: h.table.end });
  const walk = (v: TomlValue) => {
    if (v.kind === 'array') {
      if (!v.ofTables) fold(v);
      v.items.forEach(walk);
    } else if (v.kind === 'table') {
      if (v.style === 'inline') fold(v);
      for (const e of v.entries.values()) walk(e.value);
    } else if (v.kind === 'string') fold(v);
  };
  walk(a.view.doc.root);
  // runs of whole-line comments
  let first = -1;
  for (let line = 0; line <= a.lines.lineCount; line++) {
    const isComment = line < a.lines.lineCount && /^\s*#/.test(lineText(a, line));
    if (isComment && first < 0) first = line;
    if (!isComment && first >= 0) {
      if (line - 1 > first) out.push({ startLine: first, endLine: line - 1, kind: FoldingRangeKind.Comment });
      first = -1;
    }
  }
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}

function lineText(a: Analysis, line: number): string {
  const start = a.lines.lineStart(line);
  const end = line + 1 < a.lines.lineCount ? a.lines.lineStart(line + 1) : a.text.length;
  return a.text.slice(start, end);
}

/** from the smallest span around the cursor out to the whole document: a word, a value, a key = value line,
 *  its table, the array of tables, the document */
export function selectionRanges(a: Analysis, offsets: number[]): SelectionRange[] {
  return offsets.map((offset) => {
    const spans: Span[] = [{ start: 0, end: a.text.length }];
    const visitTable = (t: TomlTable) => {
      for (const kv of t.keyvals) {
        if (offset < kv.start || offset > kv.end) continue;
        spans.push({ start: kv.start, end: kv.end });
        if (offset >= kv.keySpan.start && offset <= kv.keySpan.end) spans.push(kv.keySpan);
        visitValue(kv.value);
      }
    };
    const visitValue = (v: TomlValue) => {
      if (offset < v.start || offset > v.end) return;
      spans.push({ start: v.start, end: v.end });
      if (v.kind === 'string' && v.end - v.start >= 2) spans.push({ start: v.start + 1, end: v.end - 1 });
      if (v.kind === 'array') v.items.forEach(visitValue);
      if (v.kind === 'table') visitTable(v);
    };
    const root = a.view.doc.root;
    const arrays = [...root.entries.values()].map((e) => e.value).filter((v) => v.kind === 'array' && v.ofTables);
    for (const arr of arrays) if (arr.kind === 'array' && offset >= arr.start && offset <= arr.end) spans.push(arr);
    for (const h of a.view.doc.headers) {
      if (offset >= h.start && offset <= h.table.end) {
        spans.push({ start: h.start, end: h.table.end });
        visitTable(h.table);
      }
    }
    visitTable(root);
    // nested spans, outermost first; equal spans once
    const sorted = spans
      .filter((s, i, all) => all.findIndex((o) => o.start === s.start && o.end === s.end) === i)
      .sort((x, y) => x.end - x.start - (y.end - y.start) || y.start - x.start)
      .reverse();
    let range: SelectionRange | undefined;
    for (const s of sorted) range = { range: toRange(a, s), ...(range ? { parent: range } : {}) };
    return range!;
  });
}

export function references(a: Analysis, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const hit = nodeNameAt(a, offset);
  if (!hit) return [];
  const { declarations, uses } = nodeOccurrences(a, hit.name);
  return [...(includeDeclaration ? declarations : []), ...uses].map((s) => ({ uri, range: toRange(a, s) }));
}

export function documentHighlights(a: Analysis, offset: number): DocumentHighlight[] {
  const hit = nodeNameAt(a, offset);
  if (!hit) return [];
  const { declarations, uses } = nodeOccurrences(a, hit.name);
  return [
    ...declarations.map((s) => ({ range: toRange(a, s), kind: DocumentHighlightKind.Write })),
    ...uses.map((s) => ({ range: toRange(a, s), kind: DocumentHighlightKind.Read })),
  ];
}
