import { type DomainEvent } from '../libvirt/events';
import type { LabInfo } from './discovery';
import type { LabEngine } from './engine';
export type Backend =
  | {
      state: 'unknown';
    }
  | {
      state: 'ok';
    }
  | {
      state: 'unreachable';
      reason: string;
    };
export interface LabSnapshot {
  labs: LabInfo[];
  backend: Backend;
}
export interface WatchHandlers {
  onChange: (s: LabSnapshot) => void;
  /** every raw domain event, before the re-read it triggers */
  onEvent?: (e: DomainEvent) => void;
  onStream?: (connected: boolean) => void;
}
export declare class LabWatcher {
  private readonly engine;
  private readonly handlers;
  private stream?;
  private running?;
  private again;
  snapshot: LabSnapshot;
  constructor(engine: LabEngine, handlers: WatchHandlers);
  start(): this;
  /** re-read libvirt now; calls that arrive while one runs are folded into one more run */
  refresh(): Promise<LabSnapshot>;
  stop(): void;
}
