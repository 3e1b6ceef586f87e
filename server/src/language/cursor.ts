// Where the cursor is in a manifest: in a [header], at a key, or in a value, and in which table.
// Works on half-typed documents because the tolerant parser keeps what it could read.
import { catalog, type KeySpec } from '../../../common/catalog/catalog';
import type { Header, KeyVal, Span, TomlArray, TomlString, TomlTable, TomlValue } from '../../../common/toml/ast';
import type { ManifestView, NodeView } from '../../../common/manifest/view';

export type CursorContext =
  | { mode: 'header'; array: boolean; prefix: string; replace: Span }
  | {
      mode: 'key';
      spec?: string;
      table?: TomlTable;
      inline: boolean;
      prefix: string;
      replace: Span;
      atLineStart: boolean;
    }
  | {
      mode: 'value';
      spec?: string;
      key?: KeySpec;
      table?: TomlTable;
      string?: TomlString;
      inArray?: TomlArray;
      prefix: string;
      replace: Span;
    };

const IDENT = /[A-Za-z0-9_-]*$/;

/** spec id of the table reached by walking key names from the manifest root; arrays of tables step into their items */
export function specAt(path: string[]): { spec?: string; key?: KeySpec } {
  const cat = catalog();
  let cur = 'manifest';
  let key: KeySpec | undefined;
  for (const seg of path) {
    key = cat.table(cur)?.keys.get(seg);
    if (!key) return {};
    if ((key.type === 'table' || key.type === 'array') && key.of && cat.tables.has(key.of)) cur = key.of;
    else return { key };
  }
  return { spec: cur, key };
}

/** what stays the same while the cursor's context is sought down the tree: the text, the cursor and its line */
interface At {
  text: string;
  offset: number;
  lineStart: number;
}

function contains(s: Span, offset: number): boolean {
  return s.start <= offset && offset <= s.end;
}

export function cursorContext(view: ManifestView, offset: number): CursorContext {
  const { doc } = view;
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);

  // inside a [header] or [[header]] being typed
  const hm = /^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]*)$/.exec(before);
  if (hm) {
    const start = offset - hm[2].length;
    const rest = /^[A-Za-z0-9_.-]*/.exec(text.slice(offset))![0];
    return { mode: 'header', array: hm[1] === '[[', prefix: hm[2], replace: { start, end: offset + rest.length } };
  }

  let header: Header | undefined;
  for (const h of doc.headers)
    if (h.start <= offset) header = h;
    else break;
  const body = header ? header.table : doc.root;
  const path = header ? header.path.map((p) => p.name) : [];
  return inBody({ text, offset, lineStart }, body, path, false);
}

function inBody(at: At, table: TomlTable, path: string[], inline: boolean): CursorContext {
  const { offset } = at;
  const kv = table.keyvals.find(
    (k) => contains(k, offset) || (k.value.kind === 'missing' && offset >= k.start && offset <= k.value.end),
  );
  if (kv) return inKeyVal(at, table, path, kv, inline);
  return keyContext(at, table, path, inline);
}

function keyContext({ text, offset, lineStart }: At, table: TomlTable, path: string[], inline: boolean): CursorContext {
  const prefix = IDENT.exec(text.slice(lineStart, offset))![0];
  const rest = /^[A-Za-z0-9_-]*/.exec(text.slice(offset))![0];
  const atLineStart = /^[ \t]*$/.test(text.slice(lineStart, offset - prefix.length));
  return {
    mode: 'key',
    ...specAt(path),
    table,
    inline,
    prefix,
    replace: { start: offset - prefix.length, end: offset + rest.length },
    atLineStart,
  };
}

function inKeyVal(at: At, table: TomlTable, path: string[], kv: KeyVal, inline: boolean): CursorContext {
  const { text, offset, lineStart } = at;
  if (kv.eq < 0 || offset <= kv.eq) {
    // on the key: complete its last segment within the table its leading segments name
    const segs = kv.keys;
    const last = segs[segs.length - 1];
    const prefix = last && offset >= last.start ? text.slice(last.start, offset) : '';
    const parent = segs.slice(0, -1).map((s) => s.name);
    const owner = parent.length ? undefined : table;
    return {
      mode: 'key',
      ...specAt([...path, ...parent]),
      table: owner,
      inline,
      prefix,
      replace: last ? { start: last.start, end: Math.max(last.end, offset) } : { start: offset, end: offset },
      atLineStart: !inline && /^[ \t]*$/.test(text.slice(lineStart, kv.start)),
    };
  }
  const keyPath = [...path, ...kv.keys.map((k) => k.name)];
  return inValue(at, table, keyPath, kv.value);
}

function inValue(at: At, table: TomlTable, keyPath: string[], v: TomlValue, inArray?: TomlArray): CursorContext {
  const { text, offset, lineStart } = at;
  if (v.kind === 'table' && v.style === 'inline' && offset > v.start && (offset < v.end || text[v.end - 1] !== '}')) {
    return inBody(at, v, keyPath, true);
  }
  if (v.kind === 'array' && offset > v.start && (offset < v.end || text[v.end - 1] !== ']')) {
    const item = v.items.find(
      (i) => contains(i, offset) && !(i.kind !== 'string' && i.end === offset && /[}\]]/.test(text[i.end - 1] ?? '')),
    );
    if (item) return inValue(at, table, keyPath, item, v);
    const prefix = IDENT.exec(text.slice(lineStart, offset))![0];
    return {
      mode: 'value',
      ...specAt(keyPath),
      table,
      inArray: v,
      prefix,
      replace: { start: offset - prefix.length, end: offset },
    };
  }
  const { spec, key } = specAt(keyPath);
  if (v.kind === 'string') {
    const closed = v.end > v.contentStart && text[v.end - 1] === text[v.start] && v.end - v.start >= 2;
    const contentEnd = closed ? v.end - 1 : v.end;
    if (offset >= v.contentStart && offset <= contentEnd) {
      return {
        mode: 'value',
        spec,
        key,
        table,
        string: v,
        inArray,
        prefix: text.slice(v.contentStart, offset),
        replace: { start: v.contentStart, end: contentEnd },
      };
    }
  }
  const prefix = v.kind === 'missing' ? '' : text.slice(v.start, Math.min(offset, v.end));
  const replace = v.kind === 'missing' ? { start: offset, end: offset } : { start: v.start, end: v.end };
  return { mode: 'value', spec, key, table, inArray, prefix, replace };
}

/** the node whose table (or a table inside it) is at the cursor */
export function nodeOf(view: ManifestView, table: TomlTable | undefined): NodeView | undefined {
  return table ? view.nodes.find((n) => n.table === table) : undefined;
}
