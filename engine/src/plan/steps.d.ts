import type { LabPlan } from './types';
/** one host effect. In virsh arguments, '@xml' stands for a temporary file holding `xml` */
export type Effect =
  | {
      kind: 'virsh';
      args: string[];
      xml?: string;
      timeoutMs?: number;
    }
  | {
      kind: 'mkdir';
      path: string;
    }
  | {
      kind: 'copy';
      from: string;
      to: string;
    }
  | {
      kind: 'write';
      path: string;
      content: string;
    }
  | {
      kind: 'rm';
      path: string;
    }
  | {
      kind: 'rmdir';
      path: string;
    };
/** undo phases run in this order (last created first): domains, then what they use, then the pool and folders */
export type Phase = 'domain' | 'storage' | 'pool' | 'folder';
export interface Step {
  id: string;
  /** ids of steps that must finish first */
  after: string[];
  do: Effect[];
  undo: Effect[];
  phase: Phase;
  node?: string;
  /** a progress line when the step begins */
  progress?: string;
}
export declare function domainUndo(domain: string, serialLog?: string, local?: boolean): Effect[];
export declare const volumeUndo: (pool: string, vol: string) => Effect[];
export declare const networkUndo: (net: string) => Effect[];
export declare function poolUndo(pool: string, local: boolean): Effect[];
/** the steps that create `plan` on its host; `local`: the lab folder is on this machine */
export declare function planSteps(plan: LabPlan, local: boolean): Step[];
/** written once the lab is ready: Sherpa's lab-info.toml */
export declare function labInfoStep(plan: LabPlan): Step;
