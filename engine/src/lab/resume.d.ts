import type { EngineContext, ProgressFn } from './context';
import type { LabInfo } from './discovery';
export declare function resumeLab(ctx: EngineContext, lab: LabInfo, progress?: ProgressFn): Promise<void>;
