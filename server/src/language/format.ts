// Formatting with taplo (@taplo/lib, the formatter behind Even Better TOML) rather than one of our own.
// Its WebAssembly is large, so it is loaded on the first format request, never at server start.
// Range formatting formats the pieces the range meets and keeps the changed blocks that meet it.
// A large document is formatted in pieces cut before [header] lines (see formatPieces).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { firstWhere } from '../../../common/sorted';
import type { Analysis } from './service';

export interface FormatSettings {
  /** align `=` of consecutive key/value lines */
  alignEntries: boolean;
  /** expand arrays to one item per line when they exceed the column width */
  arrayAutoExpand: boolean;
  /** collapse arrays that fit on one line */
  arrayAutoCollapse: boolean;
  columnWidth: number;
  /** keep at most this many blank lines in a row */
  allowedBlankLines: number;
}
export const DEFAULT_FORMAT: FormatSettings = {
  alignEntries: false,
  arrayAutoExpand: true,
  arrayAutoCollapse: true,
  columnWidth: 120,
  allowedBlankLines: 2,
};

type Taplo = { format(text: string, o: { options: Record<string, unknown> }): string };
type TaploModule = { Taplo: { initialize(): Promise<Taplo> } };
let taplo: Promise<Taplo> | undefined;
function loadTaplo(): Promise<Taplo> {
  // loaded at run time, not bundled: in the VSIX it sits next to the server bundle (server/dist/taplo.js,
  // copied there by the build); run from the sources, it comes from node_modules
  const beside = join(__dirname, 'taplo.js');
  const mod = (existsSync(beside) ? require(beside) : require('@taplo/lib')) as TaploModule;
  return (taplo ??= mod.Taplo.initialize());
}

/** taplo's options from our settings and the editor's indentation */
function taploOptions(s: FormatSettings, tabSize: number, insertSpaces: boolean): Record<string, unknown> {
  return {
    alignEntries: s.alignEntries,
    arrayAutoExpand: s.arrayAutoExpand,
    arrayAutoCollapse: s.arrayAutoCollapse,
    columnWidth: s.columnWidth,
    allowedBlankLines: s.allowedBlankLines,
    indentString: insertSpaces ? ' '.repeat(tabSize) : '\t',
    trailingNewline: true,
    reorderKeys: false,
  };
}

/** what a piece of the text holds: at least this many characters, unless the text ends first */
export const PIECE_SIZE = 16_384;

/**
 * The text cut into pieces before [header] lines (`headerStarts`: where the headers are, in order), each at least
 * `size` characters. taplo formats a table without looking at the others, so the pieces formatted one by one and
 * joined with the blank lines that stood between them (as many as taplo keeps) give its output for the whole text
 * (test/unit/editor.test.ts holds them to it on Sherpa's corpus and generated manifests). Its time grows faster
 * than the text: a 10,000-node manifest took 25 s whole and 6 s in pieces, and between pieces the server answers
 * other requests.
 */
export function formatPieces(text: string, headerStarts: readonly number[], size = PIECE_SIZE): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const h of headerStarts) {
    const cut = text.lastIndexOf('\n', h - 1) + 1; // the header line's start
    if (cut - from < size) continue;
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** blank (or whitespace-only) lines at the end of a piece, which ends with a line break */
function trailingBlankLines(piece: string): number {
  let n = 0;
  let end = piece.length - 1; // the final line break
  while (end > 0) {
    const start = piece.lastIndexOf('\n', end - 1) + 1;
    if (!/^[ \t\r]*$/.test(piece.slice(start, end))) break;
    n++;
    end = start - 1;
  }
  return n;
}

/** how to format: the editor's indentation; where the text may be cut (none: formatted whole) and into pieces of
 *  what size; whether the request was cancelled (heard between pieces) */
export interface FormatRun {
  tabSize?: number;
  insertSpaces?: boolean;
  headerStarts?: readonly number[];
  pieceSize?: number;
  cancelled?: () => boolean;
}

/** the document as taplo formats it, with our settings; in pieces, yielding to other work between them
 *  (undefined once cancelled) */
export async function formatText(text: string, s: FormatSettings, run: FormatRun = {}): Promise<string | undefined> {
  return formatJoined(formatPieces(text, run.headerStarts ?? [], run.pieceSize), true, s, run);
}

/** `pieces` (consecutive ones of formatPieces) formatted one by one and joined, each followed by the blank lines
 *  taplo keeps between tables unless it is the last of the text (`endsText`: the last one given is) */
async function formatJoined(
  pieces: readonly string[],
  endsText: boolean,
  s: FormatSettings,
  run: FormatRun,
): Promise<string | undefined> {
  const t = await loadTaplo();
  const options = taploOptions(s, run.tabSize ?? 2, run.insertSpaces ?? true);
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    if (run.cancelled?.()) return undefined;
    out += t.format(pieces[i], { options });
    if (i < pieces.length - 1 || !endsText)
      out += '\n'.repeat(Math.min(trailingBlankLines(pieces[i]), s.allowedBlankLines));
  }
  return out;
}

/** the whole document; nothing when it has a syntax error (taplo would format around it) or is formatted */
export async function formatDocument(
  a: Analysis,
  s: FormatSettings,
  tabSize?: number,
  insertSpaces?: boolean,
  cancelled?: () => boolean,
): Promise<TextEdit[]> {
  if (a.view.doc.errors.length) return [];
  const out = await formatText(a.text, s, { tabSize, insertSpaces, headerStarts: headerStarts(a), cancelled });
  return out === undefined || out === a.text ? [] : [{ range: a.lines.range(0, a.text.length), newText: out }];
}

/** where the analysed text's headers start, read before formatting yields (an edit meanwhile moves the tree) */
const headerStarts = (a: Analysis) => a.view.doc.headers.map((h) => h.start);

/** the changes formatting makes to the lines `range` meets, as one edit per changed block. Only the pieces (see
 *  formatPieces) that hold those lines are formatted: taplo formats each alone, so their changes are the ones a
 *  format of the whole text makes there (test/unit/editor.test.ts holds the two to each other) */
export async function formatRange(
  a: Analysis,
  range: Range,
  s: FormatSettings,
  tabSize?: number,
  insertSpaces?: boolean,
  cancelled?: () => boolean,
  pieceSize = PIECE_SIZE,
): Promise<TextEdit[]> {
  if (a.view.doc.errors.length) return [];
  const pieces = formatPieces(a.text, headerStarts(a), pieceSize);
  // the line each piece starts on (the pieces are the text, in order)
  let offset = 0;
  const firstLine = pieces.map((p) => {
    const { line } = a.lines.position(offset);
    offset += p.length;
    return line;
  });
  // the pieces that hold the range's lines, and the next one: a changed block at a piece's end (blank lines taplo
  // drops) ends at a line the next piece holds (its header). A piece starts where the texts agree (at its header)
  const from = Math.max(0, firstWhere(firstLine, (l) => l > range.start.line) - 1);
  const to = Math.min(
    pieces.length,
    Math.max(
      from + 1,
      firstWhere(firstLine, (l) => l > range.end.line),
    ) + 1,
  );
  const run = { tabSize, insertSpaces, cancelled };
  const formatted = await formatJoined(pieces.slice(from, to), to === pieces.length, s, run);
  if (formatted === undefined) return [];
  const before = pieces.slice(from, to).join('').split('\n');
  const after = formatted.split('\n');
  const skipped = firstLine[from];
  const lineCount = a.lines.lineCount;
  const offsetOfLine = (l: number) => (l >= lineCount ? a.text.length : a.lines.lineStart(l));
  return lineHunks(before, after)
    .map((h) => ({ before: [h.before[0] + skipped, h.before[1] + skipped], after: h.after }))
    .filter((h) => h.before[0] <= range.end.line && Math.max(h.before[1], h.before[0] + 1) > range.start.line)
    .map((h) => {
      const end = h.before[1];
      const tail = end >= lineCount ? '' : '\n';
      const text = after.slice(h.after[0], h.after[1]).join('\n');
      return {
        range: a.lines.range(offsetOfLine(h.before[0]), offsetOfLine(end)),
        newText: text + (text || h.after[1] > h.after[0] ? tail : ''),
      };
    });
}

/** blocks of lines that differ between a text and its formatted form. Formatting keeps the order of
 *  everything and changes only spacing and line breaks, so lines are matched by their text without
 *  whitespace, and a block that merges or splits lines ends where the two sides meet again */
export function lineHunks(before: string[], after: string[]): { before: [number, number]; after: [number, number] }[] {
  const norm = (l: string | undefined) => (l ?? '').replace(/\s+/g, '');
  const hunks: { before: [number, number]; after: [number, number] }[] = [];
  // (blocks side by side are kept apart: merged, a range formatted in a text changed on every line (CRLF) was one
  // edit of all of it, and where it ended depended on how much of the text was formatted)
  const add = (b0: number, b1: number, a0: number, a1: number) =>
    void hunks.push({ before: [b0, b1], after: [a0, a1] });
  let i = 0;
  let j = 0;
  outer: while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && norm(before[i]) === norm(after[j]) && norm(before[i]) !== '') {
      if (before[i] !== after[j]) add(i, i + 1, j, j + 1);
      i++;
      j++;
      continue;
    }
    if (i < before.length && j < after.length && before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    // find where the two sides meet again: the nearest pair of equal non-blank lines
    for (let k = 1; k <= 2000; k++) {
      for (let di = 0; di <= k; di++) {
        const bi = i + di;
        const aj = j + k - di;
        const bothEnd = bi === before.length && aj === after.length;
        if (
          bothEnd ||
          (bi < before.length && aj < after.length && norm(before[bi]) !== '' && norm(before[bi]) === norm(after[aj]))
        ) {
          add(i, bi, j, aj);
          i = bi;
          j = aj;
          continue outer;
        }
      }
    }
    add(i, before.length, j, after.length);
    break;
  }
  return hunks;
}

/** the settings a client sent, or the defaults for what it left out or got wrong */
export function formatSettings(p: unknown): FormatSettings {
  const o = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
  const bool = (k: keyof FormatSettings) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : DEFAULT_FORMAT[k]);
  const num = (k: keyof FormatSettings, lo: number, hi: number) =>
    typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= lo && (o[k] as number) <= hi
      ? (o[k] as number)
      : DEFAULT_FORMAT[k];
  return {
    alignEntries: bool('alignEntries') as boolean,
    arrayAutoExpand: bool('arrayAutoExpand') as boolean,
    arrayAutoCollapse: bool('arrayAutoCollapse') as boolean,
    columnWidth: num('columnWidth', 20, 1000) as number,
    allowedBlankLines: num('allowedBlankLines', 0, 20) as number,
  };
}
