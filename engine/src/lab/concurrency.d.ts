/** run f over items with at most `limit` at once; the first failure wins, the rest still settle */
export declare function mapLimit<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void>;
/** like mapLimit, but every item runs and every failure is returned */
export declare function settleLimit<T>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<void>,
): Promise<
  {
    item: T;
    error: Error;
  }[]
>;
/** f, tried again after a short backoff while `retryable(error)` says the failure may pass */
export declare function retry<T>(
  f: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  attempts?: number,
  firstDelayMs?: number,
): Promise<T>;
/** at most this many virsh processes per engine operation */
export declare const LIBVIRT_CONCURRENCY = 8;
