// Closed key sets, value types, integer ranges and required keys, driven by keys.json.
// Sherpa turns all of these into serde parse errors; we report every one at its own range.
import { INT_RANGES, type KeySpec } from '../../catalog/catalog';
import type { TomlTable, TomlValue } from '../../toml/ast';
import { replaceEdit } from '../edits';
import { closest, didYouMean } from '../suggest';
import { quote, type RuleContext } from './context';

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a number',
  boolean: 'true or false',
  array: 'an array',
  table: 'a table',
  datetime: 'a date-time',
};

export function checkStructure(ctx: RuleContext): void {
  checkTable(ctx, ctx.view.doc.root, 'manifest');
}

/** the structure of one node's table, as checkStructure checks it inside `nodes` */
export function checkNodeStructure(ctx: RuleContext, node: TomlTable): void {
  checkTable(ctx, node, ctx.catalog.table('manifest').keys.get('nodes')!.of!);
}

/** the value of one root key, as checkStructure checks it (its name is not checked: it did not change) */
export function checkRootEntry(ctx: RuleContext, key: string): void {
  const e = ctx.view.doc.root.entries.get(key);
  const ks = ctx.catalog.table('manifest').keys.get(key);
  if (e && ks) checkValue(ctx, e.value, ks);
}

function checkTable(ctx: RuleContext, t: TomlTable, specId: string): void {
  const spec = ctx.catalog.table(specId);
  for (const e of t.entries.values()) {
    const key = e.key;
    const ks = spec.keys.get(key);
    if (!ks) {
      const s = closest(key, spec.keys.keys());
      ctx.out.error(
        e.keySpan,
        'unknown-key',
        `Unknown ${spec.title} key ${quote(key)}.${didYouMean(s)}` +
          (s.length ? '' : ` Allowed keys: ${[...spec.keys.keys()].map(quote).join(', ')}.`),
        {
          fixes: s.map((c, i) => ({
            title: `Change to \`${c}\``,
            edits: [replaceEdit(e.keySpan, c)],
            preferred: i === 0,
          })),
        },
      );
      continue;
    }
    checkValue(ctx, e.value, ks);
  }
  if (ctx.partial) return;
  for (const ks of spec.required) {
    if (!t.entries.has(ks.name)) {
      ctx.out.error(ctx.anchor(t), 'missing-key', `Missing required ${spec.title} key ${quote(ks.name)}.`);
    }
  }
}

function typeMatches(v: TomlValue, type: string): boolean {
  if (type === 'float') return v.kind === 'float' || v.kind === 'integer';
  return v.kind === type;
}

function checkValue(ctx: RuleContext, v: TomlValue, ks: KeySpec): void {
  if (v.kind === 'missing' || v.kind === 'invalid') return; // a syntax error already
  if (!typeMatches(v, ks.type)) {
    const unit = ks.unit ? ` (${ks.unit})` : '';
    ctx.out.error(
      v,
      'type',
      `${quote(ks.name)} must be ${TYPE_WORDS[ks.type]}${unit}, not ${TYPE_WORDS[v.kind] ?? v.kind}.`,
    );
    return;
  }
  if (v.kind === 'integer' && ks.int) {
    const [lo, hi] = INT_RANGES[ks.int];
    const exact = v.big ?? v.value; // a number compares exactly with a bigint: no BigInt made per integer
    if (exact < lo || exact > hi) {
      ctx.out.error(
        v,
        'int-range',
        `${quote(ks.name)} must be an integer from ${lo} to ${hi} (${ks.int}); ${exact} is out of range.`,
      );
    }
  }
  if (v.kind === 'array' && ks.of && ks.of !== 'any') {
    for (const item of v.items) {
      if (ks.of === 'string') {
        if (item.kind !== 'string' && item.kind !== 'missing' && item.kind !== 'invalid') {
          ctx.out.error(
            item,
            'type',
            `Every item of ${quote(ks.name)} must be a string, not ${TYPE_WORDS[item.kind] ?? item.kind}.`,
          );
        }
      } else if (item.kind === 'table') checkTable(ctx, item, ks.of);
      else if (item.kind !== 'missing' && item.kind !== 'invalid') {
        ctx.out.error(
          item,
          'type',
          `Every item of ${quote(ks.name)} must be a table, not ${TYPE_WORDS[item.kind] ?? item.kind}.`,
        );
      }
    }
  }
  if (v.kind === 'table' && ks.of) checkTable(ctx, v, ks.of);
}
