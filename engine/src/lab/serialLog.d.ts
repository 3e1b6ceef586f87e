export declare class SerialLogFollower {
  readonly path: string;
  private readonly onData;
  private offset;
  private watcher?;
  private closed;
  constructor(path: string, onData: (b: Buffer) => void, from?: number);
  /** read whatever was appended since the last read */
  pump(): void;
  close(): void;
}
/** resolves with the log text once it contains `pattern`, rejects at the deadline */
export declare function waitForSerial(
  path: string,
  pattern: string | RegExp,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string>;
