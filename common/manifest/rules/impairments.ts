// Link impairments: percentages within 0-100, and a warning where one has no effect: Sherpa applies
// impairments only on `p2p = true` links (with tc netem), and so does the local backend (with its relay).
import { impairmentValueError, PERCENT_KEYS } from '../impairment';
import { insertKeyEdit, replaceEdit } from '../edits';
import type { RuleContext } from './context';

export function checkImpairments(ctx: RuleContext): void {
  for (const link of ctx.view.links) {
    const e = link.table.entries.get('impairment');
    if (!e || e.value.kind !== 'table') continue;
    for (const key of PERCENT_KEYS) {
      const v = e.value.entries.get(key)?.value;
      if (v?.kind !== 'float' && v?.kind !== 'integer') continue;
      const why = impairmentValueError(key, v.value);
      if (why) ctx.out.error(v, 'impairment-range', `${why}.`);
    }
    const p2p = link.table.entries.get('p2p')?.value;
    if (p2p?.kind === 'boolean' && p2p.value) continue;
    const edit =
      p2p?.kind === 'boolean'
        ? replaceEdit(p2p, 'true')
        : insertKeyEdit(ctx.text, link.table, link.table.entries.has('dst') ? 'dst' : undefined, 'p2p', 'true');
    ctx.out.warn(
      e.keySpan,
      'impairment-no-p2p',
      'No effect: Sherpa applies impairments only on `p2p = true` links, and so does `up` here; this link runs ' +
        'unimpaired.',
      { fixes: [{ title: 'Set `p2p = true`', edits: [edit], preferred: true }] },
    );
  }
}
