export declare function portAnswers(host: string, port: number, timeoutMs?: number, hello?: string): Promise<boolean>;
/** probe until the port answers, the deadline passes or the signal aborts; backs off 50 ms -> 1 s */
export declare function waitForPort(
  host: string,
  port: number,
  deadline: number,
  signal?: AbortSignal,
): Promise<boolean>;
