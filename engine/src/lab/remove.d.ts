import { type EngineContext, type ProgressFn } from './context';
export interface RemoveResult {
  removed: string[];
  errors: string[];
  kept: string[];
}
/** remove everything of lab `id` that the journal or libvirt shows; never an object without its id */
export declare function removeLab(ctx: EngineContext, id: string, progress?: ProgressFn): Promise<RemoveResult>;
