// Bounded concurrency and retries for questions to libvirt: a 200-node lab must not open 200 virsh
// processes at once, and one failed lookup must not be taken for an answer.

/** run f over items with at most `limit` at once; the first failure wins, the rest still settle */
export async function mapLimit<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { e: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++];
      try {
        await f(item);
      } catch (e) {
        failure ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (failure) throw failure.e;
}

/** like mapLimit, but every item runs and every failure is returned */
export async function settleLimit<T>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<void>,
): Promise<{ item: T; error: Error }[]> {
  const failures: { item: T; error: Error }[] = [];
  await mapLimit(items, limit, async (item) => {
    try {
      await f(item);
    } catch (e) {
      failures.push({ item, error: e instanceof Error ? e : new Error(String(e)) });
    }
  });
  return failures;
}

/** f, tried again after a short backoff while `retryable(error)` says the failure may pass */
export async function retry<T>(
  f: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  attempts = 3,
  firstDelayMs = 100,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i >= attempts || !retryable(e)) throw e;
      await new Promise((r) => setTimeout(r, firstDelayMs * 2 ** (i - 1)));
    }
  }
}

/** at most this many virsh processes per engine operation */
export const LIBVIRT_CONCURRENCY = 8;
