// Incremental reparse of the commonest edit: a keystroke inside one scalar value (a model name, a port, a
// string in an array). The value is read again in place and every span after it is moved by the edit's length
// change, so a keystroke in a 10,000-node manifest costs a walk over the tree instead of a parse (and the
// garbage of one). Anything else (a new line, a key, a quote, an error before or after) answers undefined: the
// caller parses the whole text. test/unit/splice.test.ts holds it to a full parse on random edits.
import type { KeySeg, KeyVal, Span, TomlDocument, TomlString, TomlTable, TomlValue } from './ast';
import { parseValueAt } from './parser';
import { firstWhere } from '../sorted';

/** `text` replaces [start, end) of the document's text */
export interface TextChange {
  start: number;
  end: number;
  text: string;
  /** the whole text after the change, when the caller has it (saves building, and flattening, it again) */
  after?: string;
}

/** how many characters at the start and at the end of two texts are known to be the same (the edits a client sent
 *  since `before` say so): the search for the one edit starts there instead of at the texts' ends */
export interface KnownSame {
  head: number;
  tail: number;
}

/** the one edit that turns `before` into `after`: their common start and end left out (undefined: equal). With
 *  `known`, the same edit, found in time of the changed region rather than of the whole text. */
export function textChange(
  before: string,
  after: string,
  known: KnownSame = { head: 0, tail: 0 },
): TextChange | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  const bl = before.length;
  const al = after.length;
  // compare blocks (string equality is a memory compare; a character loop over a 1.6 MB manifest took 11 ms per
  // keystroke), halving the block where one differs, then characters. Each search starts past what is known to be
  // the same and may run beyond it (inserting "ab" after "ab": the common start is longer than the edit's offset).
  const h0 = Math.min(known.head, max);
  const head =
    h0 + common(max - h0, (from, to) => before.slice(h0 + from, h0 + to) === after.slice(h0 + from, h0 + to));
  const t0 = Math.min(known.tail, max - head);
  const tail =
    t0 +
    common(
      max - head - t0,
      (from, to) => before.slice(bl - t0 - to, bl - t0 - from) === after.slice(al - t0 - to, al - t0 - from),
    );
  return { start: head, end: bl - tail, text: after.slice(head, al - tail), after };
}

/** the length (at most `max`) of the run where `same(from, to)` holds for every block: blocks double while they
 *  match, then halve down to one character from the first that did not */
function common(max: number, same: (from: number, to: number) => boolean): number {
  let n = 0;
  let block = 256;
  for (; n < max; block *= 2) {
    const next = Math.min(max, n + block);
    if (!same(n, next)) break;
    n = next;
  }
  for (; block >= 1 && n < max; block = Math.floor(block / 2)) {
    const next = Math.min(max, n + block);
    if (same(n, next)) n = next;
  }
  return n;
}

type Scalar = Extract<TomlValue, { kind: 'string' | 'integer' | 'float' | 'boolean' | 'datetime' }>;
const SCALAR = new Set(['string', 'integer', 'float', 'boolean', 'datetime']);

/**
 * Applies `change` to `doc` (mutated in place) when it falls inside one single-line scalar value and that value
 * reads back as the same kind, without errors, ending where the change says; returns the value, else undefined
 * (and `doc` is untouched).
 */
export function spliceValue(doc: TomlDocument, change: TextChange): Scalar | undefined {
  if (doc.errors.length || /[\r\n]/.test(change.text)) return undefined;
  const v = scalarAt(doc, change.start, change.end);
  if (!v) return undefined;
  const old = doc.text;
  if (old.slice(v.start, v.end).includes('\n')) return undefined; // a multi-line string
  // inside the quotes of a string; anywhere in (or right after) a bare value
  if (v.kind === 'string' ? change.start < v.contentStart || change.end > v.end - 1 : change.start < v.start)
    return undefined;
  const delta = change.text.length - (change.end - change.start);
  const text =
    change.after?.length === old.length + delta
      ? change.after
      : old.slice(0, change.start) + change.text + old.slice(change.end);
  const read = parseValueAt(text, v.start);
  if (read.errors.length || read.value.kind !== v.kind || read.value.end !== v.end + delta) return undefined;
  shiftTree(doc, change.end, delta);
  Object.assign(v, read.value);
  doc.text = text;
  return v;
}

/** the innermost scalar value whose span holds [start, end]: in the body (root or [header]) the edit is in */
function scalarAt(doc: TomlDocument, start: number, end: number): Scalar | undefined {
  const h = doc.headers;
  const lo = firstWhere(h, (x) => x.start > start); // just after the last header at or before `start`
  const body = lo ? h[lo - 1].table : doc.root;
  if (lo && start < h[lo - 1].end) return undefined; // in the header line itself
  return inKeyvals(body, start, end);
}

function inKeyvals(t: TomlTable, start: number, end: number): Scalar | undefined {
  for (const kv of t.keyvals) if (kv.value.start <= start && end <= kv.value.end) return inValue(kv.value, start, end);
  return undefined;
}

function inValue(v: TomlValue, start: number, end: number): Scalar | undefined {
  if (SCALAR.has(v.kind)) return v as Scalar;
  if (v.kind === 'table') return inKeyvals(v, start, end);
  if (v.kind === 'array')
    for (const item of v.items) if (item.start <= start && end <= item.end) return inValue(item, start, end);
  return undefined;
}

/** moves a span by `delta` where it starts or ends at or after `at` (an edit ended there) */
export function moveSpan(o: Span, at: number, delta: number): void {
  if (o.start >= at) o.start += delta;
  if (o.end >= at) o.end += delta;
}

/** moves every span of the tree by `delta` where it starts or ends at or after `at` (an edit ended there) */
function shiftTree(doc: TomlDocument, at: number, delta: number): void {
  // one mover per kind of object, so that each reads objects of one shape (a keystroke in a 10,000-node
  // manifest moves ~150,000 of them)
  const span = (o: Span) => moveSpan(o, at, delta);
  const seg = (o: KeySeg) => {
    if (o.start >= at) o.start += delta;
    if (o.end >= at) o.end += delta;
  };
  const keyval = (kv: KeyVal) => {
    // (its start and end are its key's and its value's)
    if (kv.eq >= at) kv.eq += delta;
    if (kv.keyStart >= at) kv.keyStart += delta;
    if (kv.keyEnd >= at) kv.keyEnd += delta;
    const segs = kv.segs;
    if (segs) for (let i = 0; i < segs.length; i++) seg(segs[i]);
  };
  // the items of an array of tables lie in order, each holding all it contains unless a later [header] adds to
  // one (`[nodes.x]`): without such headers, the items that end before the edit are left alone
  const nested = doc.headers.some((h) => h.nested);
  const firstFrom = (items: readonly Span[]) => firstWhere(items, (x) => x.end >= at);
  // every table once: through the key/value lines of its body for what is written there (values, inline
  // tables), through its entries only for tables no line holds (implicit, [header], [[array]] tables)
  const table = (t: TomlTable): void => {
    if (t.start >= at) t.start += delta;
    if (t.end >= at) t.end += delta;
    for (const kv of t.keyvals) {
      if (kv.end < at) continue; // a line before the edit, and all it holds
      keyval(kv);
      value(kv.value);
    }
    if (t.entries.isKeyvals()) return; // every entry is one of those lines
    for (const e of t.entries.values()) {
      const v = e.value;
      if (v.kind === 'table' && (v.style === 'implicit' || v.style === 'header')) table(v);
      else if (v.kind === 'array' && v.ofTables) {
        span(v);
        for (let i = nested ? 0 : firstFrom(v.items); i < v.items.length; i++) {
          const item = v.items[i];
          if (item.kind === 'table') table(item);
        }
      }
    }
  };
  const str = (v: TomlString) => {
    if (v.start >= at) v.start += delta;
    if (v.end >= at) v.end += delta;
    if (v.contentStart >= at) v.contentStart += delta;
  };
  // integers (the commonest value after strings) have a mover of their own, and tables and headers are moved where
  // they are met: through the one shared mover, five shapes made V8's reads there megamorphic, and a keystroke in
  // the first of 50,000 nodes spent 27-42 ms moving spans, now 14-18 (in process, interleaved A/B)
  const int = (v: Span) => {
    if (v.start >= at) v.start += delta;
    if (v.end >= at) v.end += delta;
  };
  const value = (v: TomlValue): void => {
    if (v.kind === 'string') return str(v);
    if (v.kind === 'table') return table(v);
    if (v.kind === 'integer') return int(v);
    span(v);
    if (v.kind === 'array') for (let i = firstFrom(v.items); i < v.items.length; i++) value(v.items[i]);
  };
  table(doc.root);
  for (let i = firstFrom(doc.headers); i < doc.headers.length; i++) {
    const h = doc.headers[i];
    if (h.start >= at) h.start += delta;
    if (h.end >= at) h.end += delta;
    if (h.keyStart >= at) h.keyStart += delta;
    if (h.keyEnd >= at) h.keyEnd += delta;
    if (h.segs) for (const k of h.segs) seg(k);
  }
}
