// Text edits that quick fixes offer: remove a key, insert a key next to another, replace a span.
import type { TomlTable } from '../toml/ast';
import type { TextEdit } from './problem';

export function replaceEdit(span: { start: number; end: number }, newText: string): TextEdit {
  return { start: span.start, end: span.end, newText };
}

/** remove `key = value` from a table: the whole line in a [table], the entry and its comma inline */
export function removeKeyEdit(text: string, table: TomlTable, key: string): TextEdit | undefined {
  const kv = table.keyvals.find((k) => k.single && k.key === key);
  if (!kv) return undefined;
  if (table.style === 'inline') {
    let s = kv.start,
      e = kv.end;
    const after = /^[ \t]*,[ \t]*/.exec(text.slice(e));
    if (after) e += after[0].length;
    else {
      const before = /,[ \t]*$/.exec(text.slice(table.start, s));
      if (before) s -= before[0].length;
    }
    return { start: s, end: e, newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', kv.start - 1) + 1;
  const nl = text.indexOf('\n', kv.end);
  return { start: lineStart, end: nl < 0 ? text.length : nl + 1, newText: '' };
}

/** insert `key = value` right after the entry `after` (or at the end of the table) */
export function insertKeyEdit(
  text: string,
  table: TomlTable,
  after: string | undefined,
  key: string,
  valueText: string,
): TextEdit {
  const anchor = table.keyvals.find((k) => k.single && k.key === after) ?? table.keyvals[table.keyvals.length - 1];
  if (table.style === 'inline') {
    if (!anchor) return { start: table.start + 1, end: table.start + 1, newText: ` ${key} = ${valueText},` };
    return { start: anchor.end, end: anchor.end, newText: `, ${key} = ${valueText}` };
  }
  const at = anchor ? anchor.end : table.end;
  const lineStart = text.lastIndexOf('\n', (anchor?.start ?? at) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.indexOf('\n', at);
  const pos = eol < 0 ? text.length : eol;
  return { start: pos, end: pos, newText: `\n${indent}${key} = ${valueText}` };
}
