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
export interface TomlTable extends Span {
  kind: 'table';
  style: TableStyle;
  entries: Map<string, TomlEntry>;
  /** key/value lines written directly in this table's body (root, [header] or { inline }) */
  keyvals: KeyVal[];
  /** an implicit table made by dotted keys (`a.b = 1`): TOML 1.0 lets no [header] define it again */
  dotted?: boolean;
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
/** a key/value line; it is also the table entry of its last key (one object fewer per key) */
export interface KeyVal extends Span, TomlEntry {
  keys: KeySeg[];
  /** offset of '=' or -1 */ eq: number;
}
export interface Header extends Span {
  path: KeySeg[];
  array: boolean;
  table: TomlTable;
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
