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
  | {
      t: 'do';
      id: string;
      phase: Phase;
      node?: string;
      undo: Effect[];
    }
  | {
      t: 'done';
      id: string;
    }
  | {
      t: 'undone';
      id: string;
    }
  | {
      t: 'complete';
    };
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
export declare class Journal {
  readonly path: string;
  private constructor();
  /** a new journal (replacing an old one, which must have been undone first) */
  static create(path: string, begin: Omit<JournalBegin, 't' | 'at'>): Journal;
  static open(path: string): Journal;
  private tailChecked;
  append(r: Exclude<JournalRecord, JournalBegin>): void;
  remove(): void;
  /** the journal's state, or undefined when there is none; a torn last line (a crash mid-write) is skipped */
  static read(path: string): JournalState | undefined;
}
