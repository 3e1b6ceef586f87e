// Link impairments: percentages within 0-100, and, since the local libvirt backend does not apply
// impairments yet (Sherpa applies them with tc netem on p2p links), a note where one is set, so a lab
// never starts without them silently.
import type { RuleContext } from './context';

const PERCENT_KEYS = ['loss_percent', 'reorder_percent', 'corrupt_percent'];

export function checkImpairments(ctx: RuleContext): void {
  for (const link of ctx.view.links) {
    const e = link.table.entries.get('impairment');
    if (!e || e.value.kind !== 'table') continue;
    for (const key of PERCENT_KEYS) {
      const v = e.value.entries.get(key)?.value;
      if ((v?.kind === 'float' || v?.kind === 'integer') && !(v.value >= 0 && v.value <= 100)) {
        ctx.out.error(v, 'impairment-range', `\`${key}\` is a percentage from 0 to 100; ${v.value} is out of range.`);
      }
    }
    ctx.out.add(
      e.keySpan,
      'information',
      'impairment-not-applied',
      'The local libvirt backend does not apply link impairments yet (Sherpa applies them with tc netem on ' +
        '`p2p = true` links): a lab started here runs this link unimpaired.',
    );
  }
}
