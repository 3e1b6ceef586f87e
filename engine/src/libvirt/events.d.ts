export interface DomainEvent {
  domain: string;
  event: string;
  detail: string;
}
export declare function parseEventLine(line: string): DomainEvent | undefined;
export interface EventStreamOptions {
  uri: string;
  binary?: string;
  onEvent: (e: DomainEvent) => void;
  /** the stream (re)started or stopped: consumers re-read full state, since events in a gap are lost */
  onResync: (connected: boolean) => void;
  /** how often to poll while the stream is down */
  pollMs?: number;
}
export declare class EventStream {
  private readonly opts;
  private child?;
  private stopped;
  private backoff;
  private pollTimer?;
  connected: boolean;
  constructor(opts: EventStreamOptions);
  start(): this;
  private spawn;
  private retry;
  private startPolling;
  private stopPolling;
  stop(): void;
}
/**
 * Resolves true on the domain's next "Stopped" lifecycle event, false after timeoutMs. Start it before
 * the action that stops the domain; `cancel` ends the watch early.
 */
export declare function watchStopped(
  opts: {
    uri: string;
    binary?: string;
  },
  domain: string,
  timeoutMs: number,
): {
  stopped: Promise<boolean>;
  cancel: () => void;
};
