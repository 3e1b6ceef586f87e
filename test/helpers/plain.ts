// Two parses compared as data: a tree (or a view of one) with maps as entry lists and big integers as text.

/** the tree as plain data (maps as entry lists), to compare two parses */
export function plain(v: unknown): unknown {
  if (v instanceof Map) return [...v].map(([k, x]) => [k, plain(x)]);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return typeof v === 'bigint' ? String(v) : v;
}
