// Binary search over a sorted array: the one the parse's incremental paths, the line index and the topology use.

/** the first index whose item satisfies `ok`, or `items.length`; `ok` must be false then true along the array */
export function firstWhere<T>(items: readonly T[], ok: (item: T) => boolean): number {
  let lo = 0,
    hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(items[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
