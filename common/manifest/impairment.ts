// Link impairment as Sherpa writes it (`impairment = { delay, jitter, loss_percent, reorder_percent,
// corrupt_percent }`, ms and percent, tc netem's fields), read from a link table, a CLI's flags or a file.
import { bool, type LinkView } from './view';

export interface Impairment {
  /** ms added to every frame, each way */
  delay: number;
  /** ms of uniform variation around the delay */
  jitter: number;
  loss_percent: number;
  /** frames sent at once, ahead of the delayed ones (netem's reorder: it needs a delay to show) */
  reorder_percent: number;
  /** frames with one bit flipped */
  corrupt_percent: number;
}

export const NO_IMPAIRMENT: Impairment = {
  delay: 0,
  jitter: 0,
  loss_percent: 0,
  reorder_percent: 0,
  corrupt_percent: 0,
};
export const IMPAIRMENT_KEYS = Object.keys(NO_IMPAIRMENT) as (keyof Impairment)[];
export const PERCENT_KEYS: (keyof Impairment)[] = ['loss_percent', 'reorder_percent', 'corrupt_percent'];
const PERCENT = new Set(PERCENT_KEYS);
/** the short words for the fields, as the CLI's flags (`--loss`) and the editor's input box (`loss=5`) write them */
export const IMPAIRMENT_WORDS: Record<string, keyof Impairment> = {
  delay: 'delay',
  jitter: 'jitter',
  loss: 'loss_percent',
  reorder: 'reorder_percent',
  corrupt: 'corrupt_percent',
};
/** netem's and u32's bound for the millisecond fields */
const MAX_MS = 4_294_967_295;

/** the reason a value is not accepted for `key`, or undefined */
export function impairmentValueError(key: keyof Impairment, v: number): string | undefined {
  if (!Number.isFinite(v)) return `\`${key}\` must be a number`;
  if (PERCENT.has(key)) return v >= 0 && v <= 100 ? undefined : `\`${key}\` is a percentage from 0 to 100, not ${v}`;
  if (!Number.isInteger(v) || v < 0 || v > MAX_MS)
    return `\`${key}\` is a whole number of milliseconds (0 or more), not ${v}`;
  return undefined;
}

/** an impairment from loose input (a manifest table, a CLI's flags, a JSON file): missing keys are 0 */
export function toImpairment(o: Partial<Record<string, unknown>>): { ok: Impairment } | { error: string } {
  const out = { ...NO_IMPAIRMENT };
  for (const k of IMPAIRMENT_KEYS) {
    const v = o[k];
    if (v === undefined) continue;
    const err = typeof v === 'number' ? impairmentValueError(k, v) : `\`${k}\` must be a number`;
    if (err) return { error: err };
    out[k] = v as number;
  }
  return { ok: out };
}

export function describeImpairment(i: Impairment): string {
  const parts: string[] = [];
  if (i.delay || i.jitter) parts.push(`delay ${i.delay} ms${i.jitter ? ` ± ${i.jitter} ms` : ''}`);
  if (i.loss_percent) parts.push(`loss ${i.loss_percent}%`);
  if (i.reorder_percent) parts.push(`reorder ${i.reorder_percent}%`);
  if (i.corrupt_percent) parts.push(`corrupt ${i.corrupt_percent}%`);
  return parts.join(', ') || 'none';
}

/** the link's impairment as the relay applies it, when it has an impairment table; `p2p`: Sherpa applies
 *  impairments only on `p2p = true` links, so only those get one at `up` */
export function linkImpairment(link: LinkView): { impairment: Impairment; p2p: boolean } | undefined {
  const e = link.table.entries.get('impairment');
  if (!e || e.value.kind !== 'table') return undefined;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of e.value.entries)
    if (v.value.kind === 'integer' || v.value.kind === 'float') raw[k] = v.value.value;
  const r = toImpairment(raw);
  return 'ok' in r ? { impairment: r.ok, p2p: bool(link.table, 'p2p') ?? false } : undefined;
}
