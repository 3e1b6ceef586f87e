// One "labs changed" signal for the engine's users: libvirt events (respawned when libvirtd restarts,
// polled while the stream is down) trigger a re-read of the real state, and re-reads that pile up while
// one runs fold into one more. libvirt stays the source of truth; the events only say when to look.
import { EventStream, type DomainEvent } from '../libvirt/events';
import type { LabInfo } from './discovery';
import type { LabEngine } from './engine';

export type Backend = { state: 'unknown' } | { state: 'ok' } | { state: 'unreachable'; reason: string };
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

export class LabWatcher {
  private stream?: EventStream;
  private running?: Promise<LabSnapshot>;
  private again = false;
  snapshot: LabSnapshot = { labs: [], backend: { state: 'unknown' } };

  constructor(
    private readonly engine: LabEngine,
    private readonly handlers: WatchHandlers,
  ) {}

  start(): this {
    this.stream = new EventStream({
      uri: this.engine.settings.uri,
      binary: this.engine.settings.virshPath,
      onEvent: (e) => {
        this.handlers.onEvent?.(e);
        void this.refresh();
      },
      onResync: (connected) => {
        this.handlers.onStream?.(connected);
        void this.refresh();
      },
    }).start();
    void this.refresh();
    return this;
  }

  /** re-read libvirt now; calls that arrive while one runs are folded into one more run */
  refresh(): Promise<LabSnapshot> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          this.snapshot = { labs: await this.engine.status(), backend: { state: 'ok' } };
        } catch (e) {
          this.snapshot = { labs: [], backend: { state: 'unreachable', reason: (e as Error).message } };
        }
        this.handlers.onChange(this.snapshot);
      } while (this.again);
      return this.snapshot;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  stop(): void {
    this.stream?.stop();
  }
}
