// A tolerant TOML parser that keeps source offsets, and the judge of TOML 1.0 syntax as Sherpa reads it
// (smol-toml reads TOML 1.1; see ../manifest/validate.ts). It exists because no fast npm parser reports key and
// value ranges, and because completion needs a tree even for a half-typed document. It never throws: it records
// an error, keeps what it has built so far and resynchronises at the next line or delimiter.
import { Header, KeyVal, TomlTable } from './ast';
import { shared } from './intern';
import type { KeySeg, TableStyle, TomlArray, TomlDocument, TomlEntry, TomlError, TomlString, TomlValue } from './ast';

/** A-Z a-z 0-9 _ - */
function isBareKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}
/** control characters TOML forbids in strings and comments (tab is allowed) */
function isControl(c: number): boolean {
  return (c < 32 && c !== 9) || c === 127;
}
/** field ranges smol-toml enforces: month, day, hour, minute, second, offset */
function validDateTime(raw: string): boolean {
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  if (d && (+d[2] < 1 || +d[2] > 12 || +d[3] < 1 || +d[3] > 31)) return false;
  const tm = /(?:^|[Tt ])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(raw);
  if (tm && (+tm[1] > 23 || +tm[2] > 59 || (tm[3] !== undefined && +tm[3] > 59))) return false;
  const off = /[+-](\d{2}):(\d{2})$/.exec(raw);
  return !(off && d && tm && (+off[1] > 23 || +off[2] > 59));
}
// The two scans below run over every key and value. Each is one loop with its test written out and no bounds
// check (charCodeAt past the end is NaN, which no comparison accepts): through isBareKeyChar and a length test per
// character, a 10,000-node parse took 1-3 ms longer (interleaved A/B in one process).
/** the end of the run of bare key characters (A-Z a-z 0-9 _ -) from `i` */
function bareKeyEnd(t: string, i: number): number {
  let c = t.charCodeAt(i);
  while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || (c >= 65 && c <= 90))
    c = t.charCodeAt(++i);
  return i;
}
/** the end of the run of characters of numbers, booleans and date-times from `i`: bare key characters and + . : */
function tokenEnd(t: string, i: number): number {
  let c = t.charCodeAt(i);
  while (
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 58) /* 0-9 : */ ||
    c === 95 ||
    c === 45 ||
    c === 46 ||
    c === 43 ||
    (c >= 65 && c <= 90)
  )
    c = t.charCodeAt(++i);
  return i;
}
/** where the plain string whose content starts at `i` ends: its closing quote `q`, or -1 at a backslash, a line
 *  break, another control character, or the end of the text (tab and all beyond ASCII are content) */
function plainStringEnd(t: string, i: number, q: number): number {
  let c = t.charCodeAt(i);
  while (c !== q && (c >= 32 ? c !== 92 && c !== 127 : c === 9)) c = t.charCodeAt(++i);
  return c === q ? i : -1;
}
const KEY_PART = `(?:[A-Za-z0-9_-]+|"[^"\\n]*"|'[^'\\n]*')`;
const DOTTED = `${KEY_PART}(?:[ \\t]*\\.[ \\t]*${KEY_PART})*`;
const HEADER_LINE = new RegExp(`^[ \\t]*\\[\\[?[ \\t]*${DOTTED}[ \\t]*\\]\\]?[ \\t]*(#.*)?$`);
const KEYVAL_LINE = new RegExp(`^[ \\t]*${DOTTED}[ \\t]*=`);
const INT_DEC = /^[+-]?(0|[1-9](_?[0-9])*)$/;
const INT_PREFIXED = /^0(x[0-9A-Fa-f](_?[0-9A-Fa-f])*|o[0-7](_?[0-7])*|b[01](_?[01])*)$/;
const FLOAT = /^[+-]?(0|[1-9](_?[0-9])*)((\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)$/;
const FLOAT_SPECIAL = /^[+-]?(inf|nan)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function parseToml(text: string): TomlDocument {
  return new Parser(text).document();
}

/** one value read at `pos` of `text`, with the errors reading it found (for ./splice.ts) */
export function parseValueAt(text: string, pos: number): { value: TomlValue; errors: TomlError[] } {
  return new Parser(text).valueAt(pos);
}

function newTable(style: TableStyle, start: number, end = start): TomlTable {
  return new TomlTable(style, start, end);
}

/** a header's last key segment as an object that an edit moves (../toml/splice.ts moves `segs`), for the entry
 *  the header makes: a bare header gets one only then (the first [[nodes]], not the 10,000 after it) */
function liveKey(h: Header): KeySeg {
  const segs = (h.segs ??= h.path);
  return segs[segs.length - 1];
}
const dottedName = (h: Header) => h.path.map((p) => p.name).join('.');

/** Sherpa reads manifests with the Rust `toml` crate 0.8 (TOML 1.0.0); forms TOML 1.1 added are errors */
const TOML11 = 'TOML 1.1 allows it, but Sherpa reads TOML 1.0';
export const TOML10 = {
  inlineNewline: `A newline inside an inline table: ${TOML11}. Keep the table on one line, or use a [[table]]`,
  inlineTrailingComma: `A trailing comma in an inline table: ${TOML11}`,
  escape: (e: string) => `The escape \`\\${e}\` is not in TOML 1.0: ${TOML11}. Use \`\\u00XX\``,
  timeSeconds: (raw: string) => `A time without seconds (\`${raw}\`): ${TOML11}. Write the seconds (\`:00\`)`,
};

/** arrays and inline tables nested deeper than this are an error: the parser (and smol-toml) recurse,
 *  and a hostile file nested thousands deep would overflow the stack; real manifests nest 3 deep */
export const MAX_NESTING = 100;
export const NESTING_MESSAGE = `Arrays and inline tables nested more than ${MAX_NESTING} deep are not supported`;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly errors: TomlError[] = [];
  private readonly headers: Header[] = [];
  private readonly tableArrays: TomlArray[] = [];

  constructor(private readonly text: string) {}

  valueAt(pos: number): { value: TomlValue; errors: TomlError[] } {
    this.pos = pos;
    return { value: this.value(), errors: this.errors };
  }

  document(): TomlDocument {
    const t = this.text;
    const root = newTable('root', 0, t.length);
    let body = root;
    while (true) {
      this.skipBlankLines();
      if (this.pos >= t.length) break;
      if (t.charCodeAt(this.pos) === 91 /* [ */) {
        const h = this.header(root);
        if (h) {
          this.headers.push(h);
          if (body !== root) body.trimKeyvals();
          body = h.table;
        }
      } else if (this.atKeyStart()) {
        const kv = this.keyval(body);
        if (body.style !== 'root') body.end = Math.max(body.end, kv.end);
      } else {
        this.error(
          this.pos,
          this.pos + 1,
          `Unexpected character \`${t[this.pos]}\`: expected a key or a [table] header`,
        );
        this.skipLine();
        continue;
      }
      this.endOfLine();
    }
    this.finishHeaderSpans();
    return { text: t, root, headers: this.headers, errors: this.errors };
  }

  // ---- lines, whitespace, comments ----
  private skipWs(): void {
    // (character codes, not one-character strings: the parser's commonest loop)
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 9) c = t.charCodeAt(++this.pos);
  }
  private skipComment(): void {
    if (this.text.charCodeAt(this.pos) !== 35 /* # */) return;
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 10 || (c === 13 && t.charCodeAt(this.pos + 1) === 10)) break;
      if (isControl(c)) this.error(this.pos, this.pos + 1, 'Control characters are not allowed in comments');
      this.pos++;
    }
  }
  /** whitespace, comments and newlines; returns whether a newline was crossed */
  private skipBlankLines(): boolean {
    let nl = false;
    while (this.pos < this.text.length) {
      this.skipWs();
      this.skipComment();
      const c = this.text.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        nl = true;
      } else if (c === 13 && this.text.charCodeAt(this.pos + 1) === 10) {
        this.pos += 2;
        nl = true;
      } else break;
    }
    return nl;
  }
  private skipLine(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }
  private endOfLine(): void {
    this.skipWs();
    this.skipComment();
    const c = this.text.charCodeAt(this.pos);
    if (this.pos >= this.text.length || c === 10 || (c === 13 && this.text.charCodeAt(this.pos + 1) === 10)) return;
    if (this.atLineStart()) return; // an unclosed bracket stopped at a new statement line
    const eol = this.lineEnd(this.pos);
    this.error(this.pos, eol, 'Expected the end of the line (one key = value per line)');
    this.pos = eol;
  }
  private lineEnd(from: number): number {
    const i = this.text.indexOf('\n', from);
    return i < 0 ? this.text.length : this.text[i - 1] === '\r' ? i - 1 : i;
  }
  private atLineStart(): boolean {
    for (let i = this.pos - 1; i >= 0; i--) {
      const c = this.text[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }
  /** at the start of a line that reads as key = value (or a [header], where a nested array cannot stand):
   *  an unclosed bracket above it ends here */
  private atStatementLine(headerToo: boolean): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123 /* { */ || (c === 91 /* [ */ && !headerToo) || !this.atLineStart()) return false;
    const line = this.text.slice(this.pos, this.lineEnd(this.pos));
    return KEYVAL_LINE.test(line) || (headerToo && HEADER_LINE.test(line));
  }
  private atKeyStart(): boolean {
    const c = this.text.charCodeAt(this.pos);
    return isBareKeyChar(c) || c === 34 /* " */ || c === 39; /* ' */
  }
  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end: Math.max(end, start), message });
  }

  // ---- keys ----
  /** one bare key read by bareKey(): its name and span (fields, not an object: a manifest has 70,000 keys) */
  private keyName = '';
  private keyStart = 0;
  private keyEnd = 0;

  /** the common case, one bare key not followed by `.`: read into keyName/keyStart/keyEnd (else only whitespace is
   *  skipped, and key() reads the key) */
  private bareKey(): boolean {
    this.skipWs();
    const t = this.text;
    const start = this.pos;
    const end = bareKeyEnd(t, start);
    if (end === start) return false;
    let after = end;
    let c = t.charCodeAt(after);
    while (c === 32 || c === 9) c = t.charCodeAt(++after);
    if (c === 46 /* . */) return false;
    this.keyName = shared(t, start, end);
    this.keyStart = start;
    this.keyEnd = this.pos = end;
    return true;
  }

  /** a dotted or quoted key's segments (or none: an error), where bareKey() did not read one bare key */
  private key(): KeySeg[] {
    const segs: KeySeg[] = [];
    while (true) {
      this.skipWs();
      const start = this.pos;
      const c = this.text[this.pos];
      if (c === '"' || c === "'") {
        const multi = this.isTripleQuote(start);
        const s = this.string();
        // on one line in the source; an escaped newline (`"a\nb"`) is a valid key
        if (multi || this.text.slice(start, s.end).includes('\n'))
          this.error(start, s.end, 'A quoted key must be on one line');
        segs.push({ name: s.value, start, end: s.end });
      } else {
        this.pos = bareKeyEnd(this.text, this.pos);
        if (this.pos === start) {
          this.error(start, start + 1, segs.length ? 'Expected a key after `.`' : 'Expected a key');
          break;
        }
        segs.push({ name: this.text.slice(start, this.pos), start, end: this.pos });
      }
      const save = this.pos;
      this.skipWs();
      if (this.text[this.pos] === '.') {
        this.pos++;
        continue;
      }
      this.pos = save;
      break;
    }
    return segs;
  }

  private keyval(table: TomlTable): KeyVal {
    const start = this.pos;
    const segs = this.bareKey() ? undefined : this.key();
    // the last segment, read before the value (an inline table's keys overwrite keyName); no object for a bare key
    const last = segs?.[segs.length - 1];
    const hasKey = !segs || !!last;
    const name = segs ? (last?.name ?? '') : this.keyName;
    const keyStart = segs ? (last?.start ?? start) : this.keyStart;
    const keyEnd = segs ? (last?.end ?? start) : this.keyEnd;
    this.skipWs();
    let eq = -1;
    let value: TomlValue;
    if (this.text.charCodeAt(this.pos) === 61 /* = */) {
      eq = this.pos++;
      this.skipWs();
      value = this.value();
    } else {
      const at = this.pos;
      this.error(hasKey ? keyStart : at, Math.max(at, start + 1), 'Expected `=` after the key');
      value = { kind: 'missing', start: at, end: at };
    }
    // (its span is its key's start, `start`: callers stand on a key character; and its value's end)
    const kv = new KeyVal(name, keyStart, keyEnd, eq, value, segs);
    // a key still being typed (no `=` yet) stays in the source view but is not a key of the table
    const target = hasKey && eq >= 0 ? this.entryTable(table, segs, value.end) : undefined;
    let entry = !!target;
    if (target?.entries.has(kv.key)) {
      this.error(kv.keyStart, kv.keyEnd, `Duplicate key \`${kv.key}\``);
      entry = false;
    }
    table.keyvals.push(kv);
    if (entry && target === table) table.addEntry(kv, true);
    else {
      table.lineNotEntry();
      if (entry) target!.addEntry(kv, false);
    }
    return kv;
  }

  /** the table a key/value's last key goes in: dotted keys create implicit tables; a clash is an error and the
   *  value stays out of the tree (undefined) */
  private entryTable(table: TomlTable, segs: KeySeg[] | undefined, end: number): TomlTable | undefined {
    let t = table;
    for (let i = 0; segs && i < segs.length - 1; i++) {
      const seg = segs[i];
      const e = t.entries.get(seg.name);
      if (!e) {
        const sub = newTable('implicit', seg.start, end);
        sub.dotted = true;
        t.addEntry({ key: seg.name, keySpan: seg, value: sub }, false);
        t = sub;
      } else if (e.value.kind === 'table' && e.value.style === 'implicit') {
        t = e.value;
        t.end = Math.max(t.end, end);
      } else {
        this.error(seg.start, seg.end, `Key \`${seg.name}\` is already defined as a value, not a table`);
        return undefined;
      }
    }
    return t;
  }

  // ---- headers ----
  private header(root: TomlTable): Header | undefined {
    const start = this.pos;
    const array = this.text[this.pos + 1] === '[';
    this.pos += array ? 2 : 1;
    const segs = this.bareKey() ? undefined : this.key();
    const last = segs?.[segs.length - 1];
    this.skipWs();
    const close = array ? ']]' : ']';
    if (this.text.startsWith(close, this.pos)) this.pos += close.length;
    else this.error(this.pos, this.pos + 1, `Expected \`${close}\` to close the table header`);
    if (segs && !last) {
      this.skipLine();
      return undefined;
    }
    const table = newTable('header', start, this.pos);
    // one bare key (the common case) from bareKey()'s fields, with no segment object
    const h = last
      ? new Header(last.name, last.start, last.end, segs, array, table, start, this.pos)
      : new Header(this.keyName, this.keyStart, this.keyEnd, undefined, array, table, start, this.pos);
    this.attachHeader(root, h);
    return h;
  }

  private attachHeader(root: TomlTable, h: Header): void {
    let t = root;
    const segs = h.segs;
    for (let i = 0; segs && i < segs.length - 1; i++) {
      const seg = segs[i];
      const e = t.entries.get(seg.name);
      if (!e) {
        const sub = newTable('implicit', h.start, h.end);
        t.addEntry({ key: seg.name, keySpan: seg, value: sub }, false);
        t = sub;
      } else if (e.value.kind === 'table' && e.value.style !== 'inline') {
        t = e.value;
      } else if (e.value.kind === 'array' && e.value.ofTables && e.value.items.length) {
        t = e.value.items[e.value.items.length - 1] as TomlTable;
      } else {
        this.error(seg.start, seg.end, `Key \`${seg.name}\` is not a table`);
        return;
      }
    }
    const { name, keyStart, keyEnd } = h;
    const e = t.entries.get(name);
    if (h.array) {
      if (!e) {
        const arr: TomlArray = { kind: 'array', items: [h.table], ofTables: true, start: h.start, end: h.end };
        this.tableArrays.push(arr);
        t.addEntry({ key: name, keySpan: liveKey(h), value: arr }, false);
      } else if (e.value.kind === 'array' && e.value.ofTables) {
        e.value.items.push(h.table);
      } else {
        this.error(keyStart, keyEnd, `\`${name}\` is already defined and is not an array of tables`);
      }
    } else if (!e) {
      t.addEntry({ key: name, keySpan: liveKey(h), value: h.table }, false);
    } else if (e.value.kind === 'table' && e.value.dotted) {
      this.error(
        keyStart,
        keyEnd,
        `Table \`${dottedName(h)}\` is already defined by dotted keys: ` +
          'TOML 1.0 does not let a [header] define it again',
      );
    } else if (e.value.kind === 'table' && e.value.style === 'implicit' && !e.value.keyvals.length) {
      // [a.b] after [a.b.c]: the implicit table becomes this header's table
      h.table.takeEntries(e.value);
      e.value = h.table;
      (e as TomlEntry).keySpan = liveKey(h);
    } else {
      this.error(keyStart, keyEnd, `Table \`${dottedName(h)}\` is defined more than once`);
    }
  }

  /** a header table ends at its last key/value; arrays of tables span their items (nested ones first) */
  private finishHeaderSpans(): void {
    for (const h of this.headers) {
      const kvs = h.table.keyvals;
      h.table.end = Math.max(h.table.end, h.end, kvs.length ? kvs[kvs.length - 1].end : 0);
    }
    for (let i = this.tableArrays.length - 1; i >= 0; i--) {
      const v = this.tableArrays[i];
      v.start = Math.min(v.start, v.items[0].start);
      v.end = Math.max(v.end, v.items[v.items.length - 1].end);
    }
  }

  // ---- values ----
  private value(): TomlValue {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 34 /* " */ || c === 39 /* ' */) return this.string();
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (this.depth >= MAX_NESTING) return this.tooDeep();
      // (no closure or try per nested value: the parser does not throw)
      this.depth++;
      const v = c === 91 ? this.array() : this.inlineTable();
      this.depth--;
      return v;
    }
    if (
      start >= t.length ||
      c === 10 ||
      c === 13 ||
      c === 35 /* # */ ||
      c === 44 /* , */ ||
      c === 125 /* } */ ||
      c === 93 /* ] */
    ) {
      this.error(start, start, 'Expected a value');
      return { kind: 'missing', start, end: start };
    }
    this.pos = tokenEnd(t, this.pos);
    // a date and a time may be separated by one space
    if (
      this.pos - start === 10 &&
      t[this.pos] === ' ' &&
      DATE.test(t.slice(start, this.pos)) &&
      /\d/.test(t[this.pos + 1] ?? '')
    ) {
      this.pos++;
      this.pos = tokenEnd(t, this.pos);
    }
    if (this.pos === start) {
      const ch = t[this.pos++];
      this.error(start, this.pos, `Unexpected character \`${ch}\`: expected a value`);
      return { kind: 'invalid', raw: ch, start, end: this.pos };
    }
    const end = this.pos;
    // the common cases read off the text without a slice: a plain decimal integer (no BigInt), true, false
    const n = end - start;
    if (n < 16 && (n === 1 || c !== 48) /* 0 */) {
      let x = 0;
      let i = start;
      for (; i < end; i++) {
        const d = t.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        x = x * 10 + d;
      }
      if (i === end) return { kind: 'integer', value: x, start, end };
    }
    if (n === 4 && t.startsWith('true', start)) return { kind: 'boolean', value: true, start, end };
    if (n === 5 && t.startsWith('false', start)) return { kind: 'boolean', value: false, start, end };
    const raw = t.slice(start, end);
    if (INT_DEC.test(raw) || INT_PREFIXED.test(raw)) {
      const clean = raw.replace(/_/g, '');
      const big = clean.startsWith('-') ? -BigInt(clean.slice(1)) : BigInt(clean.replace(/^\+/, ''));
      const value = Number(big);
      return Number.isSafeInteger(value)
        ? { kind: 'integer', value, start, end }
        : { kind: 'integer', value, big, start, end };
    }
    if (FLOAT.test(raw)) return { kind: 'float', value: Number(raw.replace(/_/g, '')), start, end };
    if (FLOAT_SPECIAL.test(raw))
      return {
        kind: 'float',
        value: raw.endsWith('nan') ? NaN : raw.startsWith('-') ? -Infinity : Infinity,
        start,
        end,
      };
    if (DATETIME.test(raw) || TIME.test(raw)) {
      if (!validDateTime(raw)) this.error(start, end, `Invalid date or time \`${raw}\``);
      else if (/(^|[Tt ])\d{2}:\d{2}(?!:)/.test(raw)) this.error(start, end, TOML10.timeSeconds(raw));
      return { kind: 'datetime', value: raw, start, end };
    }
    this.error(start, end, `Invalid value \`${raw}\` (strings need quotes)`);
    return { kind: 'invalid', raw, start, end };
  }

  private isTripleQuote(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return this.text.charCodeAt(at + 1) === c && this.text.charCodeAt(at + 2) === c;
  }

  private string(): TomlString {
    const t = this.text;
    const start = this.pos;
    const plain = this.plainString(start);
    if (plain) return plain;
    const q = t[start];
    const multi = this.isTripleQuote(start);
    const open = multi ? 3 : 1;
    this.pos += open;
    let contentStart = this.pos;
    if (multi) {
      if (t[this.pos] === '\n') {
        this.pos++;
        contentStart = this.pos;
      } else if (t.startsWith('\r\n', this.pos)) {
        this.pos += 2;
        contentStart = this.pos;
      }
    }
    let out = '';
    let transformed = contentStart !== start + open;
    while (true) {
      if (this.pos >= t.length || (!multi && (t[this.pos] === '\n' || t[this.pos] === '\r'))) {
        this.error(start, this.pos, 'Unterminated string');
        return { kind: 'string', value: out, contentStart, transformed, start, end: this.pos };
      }
      // copy a run of ordinary characters in one slice
      let run = this.pos;
      while (run < t.length) {
        const c = t.charCodeAt(run);
        if (c === 34 || c === 39 || c === 92 || c === 10 || c === 13 || isControl(c)) break;
        run++;
      }
      if (run > this.pos) {
        out = out ? out + t.slice(this.pos, run) : shared(t, this.pos, run);
        this.pos = run;
        continue;
      }
      const ch = t[this.pos];
      if (ch === q) {
        if (!multi) {
          this.pos++;
          break;
        }
        if (this.isTripleQuote(this.pos)) {
          // up to two quotes may sit right before the closing delimiter
          let extra = 0;
          while (extra < 2 && t[this.pos + 3 + extra] === q) extra++;
          if (extra) out += q.repeat(extra);
          this.pos += 3 + extra;
          break;
        }
        out += ch;
        this.pos++;
        continue;
      }
      if (ch === '\\' && q === '"') {
        transformed = true;
        const e = t[this.pos + 1];
        const simple: Record<string, string> = {
          b: '\b',
          t: '\t',
          n: '\n',
          f: '\f',
          r: '\r',
          '"': '"',
          '\\': '\\',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
          continue;
        }
        if (e === 'e') {
          this.error(this.pos, this.pos + 2, TOML10.escape('e'));
          out += '\x1b';
          this.pos += 2;
          continue;
        }
        if (e === 'x') this.error(this.pos, this.pos + 4, TOML10.escape('x'));
        if (e === 'u' || e === 'U' || e === 'x') {
          const n = e === 'u' ? 4 : e === 'U' ? 8 : 2;
          const hex = t.slice(this.pos + 2, this.pos + 2 + n);
          const cp = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : NaN;
          if (Number.isNaN(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            this.error(this.pos, this.pos + 2 + n, 'Invalid unicode escape');
          } else out += String.fromCodePoint(cp);
          this.pos += 2 + n;
          continue;
        }
        if (multi && (e === '\n' || e === ' ' || e === '\t' || e === '\r')) {
          // line-ending backslash: trim the newline and the whitespace that follows
          let j = this.pos + 1;
          while (j < t.length && (t[j] === ' ' || t[j] === '\t')) j++;
          if (t[j] === '\n' || t.startsWith('\r\n', j)) {
            while (j < t.length && /[ \t\r\n]/.test(t[j])) j++;
            this.pos = j;
            continue;
          }
        }
        this.error(this.pos, this.pos + 2, `Invalid escape \`\\${e ?? ''}\``);
        this.pos += 2;
        continue;
      }
      if (ch === '\r' && t[this.pos + 1] === '\n') {
        out += '\n';
        this.pos += 2;
        transformed = true;
        continue;
      }
      if (ch !== '\n' && isControl(ch.charCodeAt(0)))
        this.error(this.pos, this.pos + 1, 'Control characters are not allowed in strings');
      out += ch;
      this.pos++;
    }
    return { kind: 'string', value: out, contentStart, transformed, start, end: this.pos };
  }

  /** the common string, `"n1"` or `'eth1'`: on one line, no escapes, no control characters, not `"""`; read
   *  in one scan (a 10,000-node manifest has 50,000 of them), or undefined for the general reading above */
  private plainString(start: number): TomlString | undefined {
    const t = this.text;
    const q = t.charCodeAt(start);
    if (t.charCodeAt(start + 1) === q) return undefined; // empty, or a triple quote
    const i = plainStringEnd(t, start + 1, q);
    if (i < 0) return undefined;
    this.pos = i + 1;
    const value = shared(t, start + 1, i);
    return { kind: 'string', value, contentStart: start + 1, transformed: false, start, end: i + 1 };
  }

  /** an error at the bracket, and the whole nested value skipped without recursion (strings respected) */
  private tooDeep(): TomlValue {
    const t = this.text;
    const start = this.pos;
    this.error(start, start + 1, NESTING_MESSAGE);
    let open = 0;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '"' || c === "'") {
        const end = t.indexOf(c, this.pos + 1);
        this.pos = end < 0 ? t.length : end + 1;
        continue;
      }
      this.pos++;
      if (c === '[' || c === '{') open++;
      else if ((c === ']' || c === '}') && --open === 0) break;
    }
    return { kind: 'missing', start, end: this.pos };
  }

  private array(): TomlArray {
    const start = this.pos++;
    const arr: TomlArray = { kind: 'array', items: [], ofTables: false, start, end: start };
    while (true) {
      this.skipBlankLines();
      if (this.pos >= this.text.length) {
        this.error(start, start + 1, 'Unclosed array: expected `]`');
        break;
      }
      if (this.text.charCodeAt(this.pos) === 93 /* ] */) {
        this.pos++;
        break;
      }
      if (this.atStatementLine(false)) {
        this.error(start, start + 1, 'Unclosed array: expected `]`');
        break;
      }
      const before = this.pos;
      const v = this.value();
      if (v.kind !== 'missing') arr.items.push(v);
      this.skipBlankLines();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44 /* , */) {
        this.pos++;
        continue;
      }
      if (c === 93 /* ] */) {
        this.pos++;
        break;
      }
      if (this.pos >= this.text.length) continue;
      if (this.atStatementLine(true)) {
        this.error(start, start + 1, 'Unclosed array: expected `]`');
        break;
      }
      this.error(this.pos, this.pos + 1, 'Expected `,` or `]` in the array');
      if (this.pos === before) this.pos++; // never stall
    }
    arr.end = this.pos;
    return arr;
  }

  /** space inside an inline table; a newline (or a comment, which runs to one) is TOML 1.1, reported once */
  private inlineGap(reported: { newline: boolean }): boolean {
    this.skipWs();
    const c = this.text.charCodeAt(this.pos);
    if (c !== 10 && c !== 13 && c !== 35 /* # */) return false;
    if (!reported.newline) {
      reported.newline = true;
      this.error(this.pos, this.pos + 1, TOML10.inlineNewline);
    }
    return this.skipBlankLines();
  }

  private inlineTable(): TomlTable {
    const start = this.pos++;
    const table = newTable('inline', start);
    const reported = { newline: false };
    while (true) {
      this.inlineGap(reported);
      if (this.pos >= this.text.length) {
        this.error(start, start + 1, 'Unclosed inline table: expected `}`');
        break;
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === 125 /* } */) {
        this.pos++;
        break;
      }
      if (c === 44 /* , */) {
        this.error(this.pos, this.pos + 1, 'Unexpected `,`');
        this.pos++;
        continue;
      }
      if (!this.atKeyStart()) {
        this.error(start, start + 1, 'Unclosed inline table: expected `}`');
        break;
      }
      this.keyval(table);
      const crossed2 = this.inlineGap(reported);
      const d = this.text.charCodeAt(this.pos);
      if (d === 44 /* , */) {
        const comma = this.pos++;
        this.inlineGap(reported);
        if (this.text.charCodeAt(this.pos) === 125 /* } */) this.error(comma, comma + 1, TOML10.inlineTrailingComma);
        continue;
      }
      if (d === 125 /* } */) {
        this.pos++;
        break;
      }
      if (this.pos >= this.text.length || crossed2 || !this.atKeyStart()) {
        this.error(start, start + 1, 'Unclosed inline table: expected `}`');
        break;
      }
      this.error(this.pos, this.pos + 1, 'Expected `,` or `}` in the inline table');
    }
    table.end = this.pos;
    table.trimKeyvals();
    return table;
  }
}

/** the plain JavaScript value of a parsed TOML value (integers as numbers, date-times as their text) */
export function toPlain(v: TomlValue): unknown {
  switch (v.kind) {
    case 'table':
      return Object.fromEntries([...v.entries.values()].map((e) => [e.key, toPlain(e.value)]));
    case 'array':
      return v.items.map(toPlain);
    case 'missing':
      return undefined;
    case 'invalid':
      return v.raw;
    default:
      return v.value;
  }
}
