export interface ConsoleOptions {
  host: string;
  port: number;
  logPath?: string;
  onOutput: (data: Buffer) => void;
  onStatus?: (status: 'connected' | 'disconnected' | 'waiting', detail?: string) => void;
}
export declare class ConsoleSession {
  private readonly opts;
  private socket?;
  private follower?;
  private disposed;
  private retryMs;
  private retryTimer?;
  readonly fromLog: boolean;
  constructor(opts: ConsoleOptions);
  start(): this;
  /** connect now (e.g. the node just started) instead of waiting for the next retry */
  reconnect(): void;
  private connect;
  get connected(): boolean;
  write(data: string | Uint8Array): boolean;
  dispose(): void;
}
