// Property-based fuzzing: random and mutated manifests never make the language core throw or hang,
// and on any valid TOML the tolerant parser agrees with smol-toml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as smolParse, stringify } from 'smol-toml';
import { parseToml, toPlain } from '../../common/toml/parser';
import { analyse } from '../../server/src/language/service';
import { completion } from '../../server/src/language/completion';
import { hover } from '../../server/src/language/hover';
import { diagnostics } from '../../server/src/language/diagnostics';
import { documentSymbols } from '../../server/src/language/symbols';
import { generateManifest } from '../helpers/generate';
import { corpus } from '../helpers/corpus';

const seeds = [generateManifest(6, 'tables'), generateManifest(6, 'inline'), ...corpus().map((c) => c.text)];
const TOKENS = [
  '[',
  ']',
  '[[',
  ']]',
  '{',
  '}',
  '"',
  "'",
  '"""',
  '=',
  ',',
  '.',
  '::',
  '\n',
  '#',
  ' ',
  'nodes',
  'model',
  'name',
  '= "',
  '\\',
  '\u0000',
  'é',
  '🙂',
  '\r\n',
];

const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }))), {
      maxLength: 6,
    }),
  )
  .map(([seed, edits]) =>
    edits.reduce((t, [at, del, ins]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + ins + t.slice(i + del);
    }, seed),
  );

function exercise(text: string, offset: number): void {
  const started = Date.now();
  const a = analyse(text);
  diagnostics(a);
  documentSymbols(a);
  const o = offset % (text.length + 1);
  completion(a, o);
  hover(a, o);
  assert.ok(Date.now() - started < 2000, 'took more than 2 s');
}

test('mutated manifests: every feature returns, at every cursor position', () => {
  fc.assert(
    fc.property(mutated, fc.nat(), (text, offset) => exercise(text, offset)),
    { numRuns: 600 },
  );
});

test('random text: every feature returns', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat(), (text, offset) => exercise(text, offset)),
    { numRuns: 400 },
  );
});

const NASTY = [
  '\\u00',
  '\\U0001F600',
  '\\x41',
  '\\e',
  '1979-00-01',
  '1979-05-32',
  '1979-05-27T25:00:00',
  '+25:00',
  '00:60',
  '\u0007',
  '\u007f',
  '\r',
  '\t',
  'a.b',
  '""',
  "''",
  '[a]',
  '[[a]]',
  'a={}',
  'a=[]',
  '\\n',
  '0x',
  '_',
  '1.',
  'inf',
  'nan',
  '"""',
  "'''",
];
const mutatedHard = fc
  .tuple(
    fc.constantFrom(...seeds, 'a = 1979-05-27T07:32:00Z\nb = "x\\u00e9"\nc = [1,2]\nd = {x=1}\n[t]\ne.f = 1\n'),
    fc.array(
      fc.tuple(fc.nat(), fc.nat(4), fc.oneof(fc.constantFrom(...TOKENS, ...NASTY), fc.string({ maxLength: 3 }))),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([seed, edits]) =>
    edits.reduce((t, [at, del, ins]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + ins + t.slice(i + del);
    }, seed),
  );

test('whenever smol-toml rejects a document, the tolerant parser flags an error too', () => {
  // the tolerant parser is the judge of syntax: it must never accept what even TOML 1.1 (smol-toml) rejects
  fc.assert(
    fc.property(mutatedHard, (text) => {
      let rejected = false;
      try {
        smolParse(text);
      } catch {
        rejected = true;
      }
      if (rejected)
        assert.ok(
          parseToml(text).errors.length > 0,
          `smol-toml rejects but the parser does not: ${JSON.stringify(text)}`,
        );
    }),
    { numRuns: 20000, seed: 20261122 },
  );
});

const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), tie('t')),
  t: fc.dictionary(key, tie('v'), { maxKeys: 4 }),
}));

/** plain objects with the ordinary prototype, so only values are compared */
function normal(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(normal);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normal(v)]));
  return x;
}

test('on any valid TOML the tolerant parser reads the same values as smol-toml', () => {
  fc.assert(
    fc.property(value.t, (obj) => {
      let text: string;
      try {
        text = stringify(obj as Record<string, unknown>);
      } catch {
        return;
      } // not representable in TOML
      const doc = parseToml(text);
      assert.deepEqual(doc.errors, [], text);
      assert.deepEqual(normal(toPlain(doc.root)), normal(smolParse(text)), text);
    }),
    { numRuns: 500 },
  );
});
