import type { Effect, Step } from '../plan/steps';
import type { Journal, JournalStep } from './journal';
/** the part of Virsh the executor needs (a fake in unit tests) */
export interface VirshRunner {
  run(args: string[], timeoutMs?: number): Promise<string>;
}
export type StepProgress = (message: string, node?: string) => void;
export interface RunOptions {
  limit: number;
  signal?: AbortSignal;
  progress?: StepProgress;
}
export declare function runSteps(steps: Step[], virsh: VirshRunner, journal: Journal, opts: RunOptions): Promise<void>;
export declare function applyEffect(e: Effect, virsh: VirshRunner, xmlDir: string): Promise<void>;
/** an undo that finds its object already gone has done its job */
export declare function alreadyGone(e: unknown): boolean;
export interface UndoResult {
  removed: string[];
  errors: string[];
  kept: string[];
}
/**
 * Undo journaled steps: phase by phase (domains first, folders last), the steps of a phase at once
 * (bounded), every step's effects in order. Continues past failures; a folder that holds files we did
 * not create is kept, not an error. `journal` records each undone step so a later run skips it.
 */
export declare function undoSteps(
  steps: JournalStep[],
  virsh: VirshRunner,
  limit: number,
  journal?: Journal,
): Promise<UndoResult>;
