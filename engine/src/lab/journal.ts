// The journal of a lab's host effects: one JSON line per record, appended before each effect ("do",
// with the effect's undo) and after it ("done"). Whatever interrupts a start, the journal says what
// may exist and how to remove it; "complete" marks a start that finished.
import { appendFileSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Effect, Phase } from '../plan/steps';

export interface JournalBegin {
  t: 'begin';
  lab: string;
  name: string;
  manifest: string;
  uri: string;
  labDir: string;
  loopbackN: number;
  at: string;
}
export type JournalRecord =
  | JournalBegin
  | { t: 'do'; id: string; phase: Phase; node?: string; undo: Effect[] }
  | { t: 'done'; id: string }
  | { t: 'undone'; id: string }
  | { t: 'complete' };

export interface JournalStep {
  id: string;
  phase: Phase;
  node?: string;
  undo: Effect[];
  done: boolean;
  undone: boolean;
}
export interface JournalState {
  begin: JournalBegin;
  steps: JournalStep[];
  complete: boolean;
}

export class Journal {
  /** whether the file is known to end with a newline (a journal we wrote ourselves does) */
  private constructor(
    readonly path: string,
    private tailChecked: boolean,
  ) {}

  /** a new journal (replacing an old one, which must have been undone first) */
  static create(path: string, begin: Omit<JournalBegin, 't' | 'at'>): Journal {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ t: 'begin', ...begin, at: new Date().toISOString() }) + '\n', { mode: 0o600 });
    return new Journal(path, true);
  }

  /** a journal an earlier run wrote, perhaps torn mid-line by a crash */
  static open(path: string): Journal {
    return new Journal(path, false);
  }

  append(r: Exclude<JournalRecord, JournalBegin>): void {
    // a crash may have torn the last line: end it, so that the new record stays a line of its own
    if (!this.tailChecked) {
      this.tailChecked = true;
      try {
        if (!readFileSync(this.path, 'utf8').endsWith('\n')) appendFileSync(this.path, '\n');
      } catch {
        /* new file */
      }
    }
    appendFileSync(this.path, JSON.stringify(r) + '\n');
  }

  remove(): void {
    try {
      unlinkSync(this.path);
    } catch {
      /* never written */
    }
  }

  /** the journal's state, or undefined when there is none; a torn last line (a crash mid-write) is skipped */
  static read(path: string): JournalState | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    let begin: JournalBegin | undefined;
    const steps = new Map<string, JournalStep>();
    let complete = false;
    for (const line of text.split('\n')) {
      let r: JournalRecord;
      try {
        r = JSON.parse(line);
      } catch {
        continue;
      }
      if (r.t === 'begin') begin = r;
      else if (r.t === 'do')
        steps.set(r.id, { id: r.id, phase: r.phase, node: r.node, undo: r.undo, done: false, undone: false });
      else if (r.t === 'done' || r.t === 'undone') {
        const s = steps.get(r.id);
        if (s) s[r.t] = true;
      } else if (r.t === 'complete') complete = true;
    }
    return begin && { begin, steps: [...steps.values()], complete };
  }
}
