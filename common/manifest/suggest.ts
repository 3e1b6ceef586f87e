// "Did you mean": the closest candidates by edit distance, prefix or substring.
import { distance } from 'fastest-levenshtein';

export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    const d = distance(w, l);
    const limit = Math.max(2, Math.floor(Math.max(w.length, 1) / 3));
    if (d <= limit) scored.push([d, c]);
    else if (w.length >= 3 && (l.startsWith(w) || l.includes(w) || w.includes(l))) scored.push([limit + 1, c]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return scored.slice(0, max).map((s) => s[1]);
}

export function didYouMean(s: string[]): string {
  if (!s.length) return '';
  return ` Did you mean ${s.map((x) => `\`${x}\``).join(' or ')}?`;
}
