import type { LabPlan } from '../plan/types';
import { type EngineContext, type ProgressFn } from './context';
export interface UpOptions {
  signal?: AbortSignal;
  progress?: ProgressFn;
  waitReady?: boolean;
}
export interface UpResult {
  plan: LabPlan;
  ready: string[];
  notReady: {
    node: string;
    reason: string;
  }[];
  ms: number;
  resumed: boolean;
}
export declare function up(ctx: EngineContext, manifestPath: string, opts?: UpOptions): Promise<UpResult>;
/** a VM may run a guest agent; unikernels have no agent channel */
export declare const isVmModel: (model?: string) => boolean;
