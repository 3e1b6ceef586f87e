// Short texts read from a manifest, shared: a manifest repeats key names, model names and interface names
// thousands of times, and a 10,000-node tree kept a copy of each.

/** short texts already read. A slot per small hash; a text read again from the same slot is the same string. */
const SEEN: string[] = Array.from({ length: 512 }, () => '');
export function shared(text: string, start: number, end: number): string {
  const n = end - start;
  if (n === 0 || n > 32) return text.slice(start, end);
  const h =
    (n * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) * 3 + text.charCodeAt(start + (n >> 1))) & 511;
  const seen = SEEN[h];
  if (seen.length === n && text.startsWith(seen, start)) return seen;
  // V8 makes a slice of 13 characters or more a view of the whole text: kept in this table, that would keep a
  // closed document's text alive. Slicing a concatenation slices a fresh copy instead.
  return (SEEN[h] = n < 13 ? text.slice(start, end) : (text.slice(start, end) + ' ').slice(0, n));
}
