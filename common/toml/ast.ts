// Syntax tree of a TOML document with source offsets (UTF-16 code units, end exclusive).
// Two views of the same parse: the semantic tree (tables, arrays, values, as TOML defines them)
// and the source view (bodies with their key/value lines in order), which completion needs.

export interface Span {
  start: number;
  end: number;
}

export interface TomlString extends Span {
  kind: 'string';
  value: string;
  /** offset of the first content character */ contentStart: number;
  /** true when escapes or multi-line trimming make value differ from the source text */ transformed: boolean;
}
export interface TomlInteger extends Span {
  kind: 'integer';
  value: number;
  /** exact value, only when it is not a safe JS integer */ big?: bigint;
}
export interface TomlFloat extends Span {
  kind: 'float';
  value: number;
}
export interface TomlBoolean extends Span {
  kind: 'boolean';
  value: boolean;
}
export interface TomlDateTime extends Span {
  kind: 'datetime';
  value: string;
}
export interface TomlArray extends Span {
  kind: 'array';
  items: TomlValue[];
  /** built from [[header]] tables */ ofTables: boolean;
}
/** A key written without a value, or a value that could not be read (mid-typing). */
export interface TomlMissing extends Span {
  kind: 'missing';
}
export interface TomlInvalid extends Span {
  kind: 'invalid';
  raw: string;
}

export type TableStyle = 'root' | 'header' | 'inline' | 'implicit';

/** a table's entries by key, in insertion order: the subset of Map that readers use */
export interface Entries {
  readonly size: number;
  get(key: string): TomlEntry | undefined;
  has(key: string): boolean;
  values(): IterableIterator<TomlEntry>;
  keys(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, TomlEntry]>;
  /** whether the entries are the table's key/value lines, in order (none other, none left out) */
  isKeyvals(): boolean;
}

/** the index of each large table, built on its first lookup (kept off the table: most tables never need one) */
const INDEX = new WeakMap<TomlTable, Map<string, TomlEntry>>();

/**
 * A table, and the keeper of its entries (`entries` is the table itself: one object fewer for each of a 10,000-node
 * manifest's 20,000 tables). While each key/value line of the body is one of its entries and it has no others (every
 * inline table, every [[nodes]] table without dotted keys), the list of entries is the `keyvals` array: no second
 * list, no hash table. Small tables are searched in order; a large one (a root with hundreds of keys) builds an
 * index on its first lookup. Fields are declared, not defined: a defined class field is set twice per object.
 */
export class TomlTable implements Span, Entries {
  declare readonly kind: 'table';
  declare style: TableStyle;
  /** key/value lines written directly in this table's body (root, [header] or { inline }) */
  declare keyvals: KeyVal[];
  declare start: number;
  declare end: number;
  /** an implicit table made by dotted keys (`a.b = 1`): TOML 1.0 lets no [header] define it again */
  declare dotted: boolean;
  /** the entries: the `keyvals` array itself while each line is an entry and there are no others */
  declare private list: TomlEntry[];
  constructor(style: TableStyle, start: number, end: number) {
    const keyvals: KeyVal[] = [];
    (this as { kind: 'table' }).kind = 'table';
    this.style = style;
    this.keyvals = keyvals;
    this.start = start;
    this.end = end;
    this.dotted = false;
    this.list = keyvals;
  }
  get entries(): Entries {
    return this;
  }
  get size(): number {
    return this.list.length;
  }
  get(key: string): TomlEntry | undefined {
    const l = this.list;
    if (l.length > 12) {
      // the list only grows at its end (a new list starts a new index): index what was added since
      let ix = INDEX.get(this);
      if (!ix) INDEX.set(this, (ix = new Map()));
      for (let i = ix.size; i < l.length; i++) ix.set(l[i].key, l[i]);
      return ix.get(key);
    }
    for (let i = 0; i < l.length; i++) if (l[i].key === key) return l[i];
    return undefined;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  values(): IterableIterator<TomlEntry> {
    return this.list.values();
  }
  keys(): IterableIterator<string> {
    return this.list.map((e) => e.key).values();
  }
  /** (a pair per entry: loops over many tables read values() instead) */
  [Symbol.iterator](): IterableIterator<[string, TomlEntry]> {
    return this.list.map((e): [string, TomlEntry] => [e.key, e]).values();
  }
  isKeyvals(): boolean {
    return this.list === this.keyvals;
  }

  // ---- for the parser ----
  /** adds an entry (its key not present); `inKeyvals`: it was just pushed onto `keyvals` */
  addEntry(e: TomlEntry, inKeyvals: boolean): void {
    if (!(this.isKeyvals() && inKeyvals)) {
      this.ownEntries(inKeyvals ? 1 : 0);
      this.list.push(e);
    }
  }
  /** the body gained a line (pushed last) that is not an entry: the entries stop being the keyvals */
  lineNotEntry(): void {
    this.ownEntries(1);
  }
  /** the body ended: `keyvals` at its exact size (push reserved 17 slots; the spare copy dies young) */
  trimKeyvals(): void {
    const shared = this.isKeyvals();
    this.keyvals = this.keyvals.slice();
    if (shared) this.list = this.keyvals;
  }
  /** a [header] takes over the entries of the implicit table a deeper header made (`[a.b]` after `[a.b.c]`) */
  takeEntries(from: TomlTable): void {
    from.ownEntries(0); // (a list of its own: never this table's keyvals)
    this.list = from.list;
    INDEX.delete(this);
  }
  private ownEntries(lastIsNotEntry: number): void {
    if (!this.isKeyvals()) return;
    this.list = this.list.slice(0, this.list.length - lastIsNotEntry);
    INDEX.delete(this);
  }
}

export type TomlValue =
  TomlString | TomlInteger | TomlFloat | TomlBoolean | TomlDateTime | TomlArray | TomlTable | TomlMissing | TomlInvalid;

export interface TomlEntry {
  key: string;
  keySpan: Span;
  value: TomlValue;
}

export interface KeySeg extends Span {
  name: string;
}

/** a key's segments: those kept, or a new list of its one bare key, held in fields (KeyVal, Header) */
function segments(segs: KeySeg[] | undefined, name: string, start: number, end: number): KeySeg[] {
  return segs ?? [{ name, start, end }];
}

/**
 * A key/value line; it is also the table entry of its last key. A 10,000-node manifest has 70,000 of them and the
 * server keeps its tree: one bare key (the common case) is held in fields, not in a list of segment objects, which
 * halved the objects the garbage collector copies (and a didOpen's time, which that copying dominated).
 */
export class KeyVal implements Span, TomlEntry {
  // fields declared, not defined (`declare`): a defined class field is set twice per object, and this runs 70,000
  // times per parse. Its span is read off its key and value (two fields fewer on each of those objects).
  /** the last key segment's name, its start and end */
  declare key: string;
  declare keyStart: number;
  declare keyEnd: number;
  /** offset of '=' or -1 */
  declare eq: number;
  declare value: TomlValue;
  /** every segment of a dotted or quoted key, or of none; undefined for one bare key */
  declare segs: KeySeg[] | undefined;
  constructor(key: string, keyStart: number, keyEnd: number, eq: number, value: TomlValue, segs?: KeySeg[]) {
    this.key = key;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.eq = eq;
    this.value = value;
    this.segs = segs;
  }
  /** where the line's key begins (the parser starts a key/value at its first key character) */
  get start(): number {
    const p = this.segs;
    return p && p.length ? p[0].start : this.keyStart;
  }
  /** where its value ends (a value without `=` is an empty one after the key) */
  get end(): number {
    return this.value.end;
  }
  /** the key's segments (a new list for one bare key: read, do not keep or move them) */
  get keys(): KeySeg[] {
    return segments(this.segs, this.key, this.keyStart, this.keyEnd);
  }
  /** the last segment's span (a new object: moving it moves nothing) */
  get keySpan(): Span {
    return { start: this.keyStart, end: this.keyEnd };
  }
  /** written as one key (`name = …`, bare or quoted), not dotted */
  get single(): boolean {
    return !this.segs || this.segs.length === 1;
  }
}

/** a `[table]` or `[[array]]` header line; like a key/value line, one bare key (`[[nodes]]`) is held in fields */
export class Header implements Span {
  /** the last key segment's name, its start and end */
  declare name: string;
  declare keyStart: number;
  declare keyEnd: number;
  /** every segment of a dotted or quoted key; undefined for one bare key */
  declare segs: KeySeg[] | undefined;
  declare array: boolean;
  declare table: TomlTable;
  declare start: number;
  declare end: number;
  constructor(
    name: string,
    keyStart: number,
    keyEnd: number,
    segs: KeySeg[] | undefined,
    array: boolean,
    table: TomlTable,
    start: number,
    end: number,
  ) {
    this.name = name;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.segs = segs;
    this.array = array;
    this.table = table;
    this.start = start;
    this.end = end;
  }
  /** the key's segments (a new list for one bare key: read, do not keep or move them) */
  get path(): KeySeg[] {
    return segments(this.segs, this.name, this.keyStart, this.keyEnd);
  }
  /** more than one segment (`[nodes.x]`) */
  get nested(): boolean {
    return !!this.segs && this.segs.length > 1;
  }
}

export interface TomlError {
  start: number;
  end: number;
  message: string;
}

export interface TomlDocument {
  text: string;
  root: TomlTable;
  headers: Header[];
  errors: TomlError[];
}
