// Incremental analysis: a keystroke inside a value, spliced into the last parse (common/toml/splice.ts) and
// re-checked for the node it is in (common/manifest/revalidate.ts), must give exactly what a full parse and a
// full validation give. Random edits inside the values of generated manifests and of Sherpa's corpus.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseToml } from '../../common/toml/parser';
import { spliceValue, textChange, type TextChange } from '../../common/toml/splice';
import type { TomlDocument, TomlValue } from '../../common/toml/ast';
import { generateManifest, seeded } from '../helpers/generate';
import { plain } from '../helpers/plain';
import { fakeImages } from '../helpers/images';
import { emptyIndex } from '../../common/images/index';
import { validateManifest } from '../../common/manifest/validate';
import { revalidate } from '../../common/manifest/revalidate';
import type { FileProbe } from '../../common/manifest/rules/files';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'compat', 'sherpa');
const corpus = () =>
  readdirSync(CORPUS)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => readFileSync(join(CORPUS, f), 'utf8'));

/** every scalar value of a document */
export function scalars(doc: TomlDocument): TomlValue[] {
  const out: TomlValue[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Map) for (const x of v.values()) walk(x);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      const o = v as TomlValue;
      if (['string', 'integer', 'float', 'boolean', 'datetime'].includes(o.kind)) out.push(o);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(doc.root);
  return [...new Set(out)];
}

/** a random keystroke in a random value: a character typed, deleted or replaced */
function randomEdit(text: string, rand: () => number): TextChange | undefined {
  const values = scalars(parseToml(text));
  if (!values.length) return undefined;
  const v = values[Math.floor(rand() * values.length)];
  const lo = v.kind === 'string' ? v.contentStart : v.start;
  const hi = v.kind === 'string' ? v.end - 1 : v.end;
  const at = lo + Math.floor(rand() * (hi - lo + 1));
  const chars = 'abcxyz_-019.:/ =#"\\[{,';
  const c = chars[Math.floor(rand() * chars.length)];
  const op = rand();
  if (op < 0.5 || at >= hi) return { start: at, end: at, text: c };
  if (op < 0.8) return { start: at, end: at + 1, text: '' };
  return { start: at, end: at + 1, text: c };
}

const apply = (text: string, c: TextChange) => text.slice(0, c.start) + c.text + text.slice(c.end);
/** Sherpa's corpus and generated manifests of `n` nodes in both styles */
const samples = (n: number) => [
  ...corpus(),
  ...[1, 2, 3].map((s) => generateManifest(n, 'tables', s)),
  ...[4, 5].map((s) => generateManifest(n, 'inline', s)),
];

test('a keystroke spliced into a value gives the tree a full parse gives, or is refused', () => {
  const rand = seeded(7);
  const texts = samples(12);
  let spliced = 0,
    tried = 0;
  for (const base of texts)
    for (let round = 0; round < 25; round++) {
      let text = base;
      for (let k = 0; k < 4; k++) {
        const c = randomEdit(text, rand);
        if (!c) break;
        tried++;
        const doc = parseToml(text);
        const next = apply(text, c);
        const v = spliceValue(doc, c);
        if (v) {
          spliced++;
          assert.deepEqual(plain(doc), plain(parseToml(next)), `${JSON.stringify(c)} in:\n${text}`);
        } else assert.deepEqual(plain(doc), plain(parseToml(text)), 'a refused splice leaves the tree as it was');
        text = next;
      }
    }
  assert.ok(spliced > tried / 3, `${spliced} of ${tried} edits spliced: the fast path must be the common one`);
});

test('splice refuses what needs a full parse: a new line, a quote, an edit outside a value, a broken document', () => {
  const text = 'name = "lab"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\nmemory = 2048\n';
  const at = (s: string, d = 0) => text.indexOf(s) + d;
  const doc = () => parseToml(text);
  assert.ok(spliceValue(doc(), { start: at('generic', 2), end: at('generic', 2), text: 'x' }));
  assert.ok(spliceValue(doc(), { start: at('2048', 4), end: at('2048', 4), text: '0' }), 'typing after a number');
  for (const c of [
    { start: at('generic', 2), end: at('generic', 2), text: '\n' },
    { start: at('generic', 2), end: at('generic', 2), text: '"' },
    { start: at('model'), end: at('model'), text: 'x' },
    { start: at('[[nodes]]', 2), end: at('[[nodes]]', 2), text: 'x' },
    { start: at('2048', 1), end: at('2048', 1), text: 'x' },
    { start: at('"generic'), end: at('"generic'), text: 'x' },
  ])
    assert.equal(spliceValue(doc(), c), undefined, JSON.stringify(c));
  const broken = parseToml(text + 'oops\n');
  assert.equal(spliceValue(broken, { start: at('generic', 2), end: at('generic', 2), text: 'x' }), undefined);
});

test('revalidate after a keystroke in a node gives the problems a full validation gives', () => {
  const rand = seeded(11);
  const images = fakeImages({
    generic_vm: { versions: { '1.0': { 'virtioa.qcow2': 4 * 2 ** 30 } } },
    ubuntu_linux: { versions: { '24.04': { 'virtioa.qcow2': 10 * 2 ** 30 } } },
    unikraft_unikernel: { versions: { '0.1': { 'kernel.elf': undefined } } },
  });
  const files: FileProbe = (p) => (p.includes('missing') ? 'missing' : 'file');
  const texts = samples(10);
  let incremental = 0,
    tried = 0;
  for (const base of texts)
    for (const index of [emptyIndex('/nowhere'), images])
      for (let round = 0; round < 12; round++) {
        let text = base;
        let prev = validateManifest(text, index, undefined, files);
        for (let k = 0; k < 4; k++) {
          const c = randomEdit(text, rand);
          if (!c) break;
          tried++;
          const next = apply(text, c);
          const full = validateManifest(next, index, undefined, files);
          const inc = revalidate(prev, c, index, files);
          if (inc) {
            incremental++;
            const where = `${JSON.stringify(c)} in:\n${text}`;
            assert.deepEqual(plain(inc.problems), plain(full.problems), where);
            assert.deepEqual(plain(inc.view.doc), plain(full.view.doc), where);
            assert.deepEqual(
              inc.view.nodes.map((n) => [n.model?.value, n.modelInfo?.name]),
              full.view.nodes.map((n) => [n.model?.value, n.modelInfo?.name]),
            );
            assert.deepEqual(plain(inc.view.links), plain(full.view.links), where);
            assert.deepEqual(plain(inc.view.bridges), plain(full.view.bridges), where);
            for (const o of [0, Math.floor(next.length / 2), next.length])
              assert.deepEqual(inc.lines.position(o), full.lines.position(o));
          }
          prev = inc ?? full;
          text = next;
        }
      }
  // many random edits break the syntax or touch names, links and root keys: those take the full path
  assert.ok(incremental > tried / 6, `${incremental} of ${tried} edits re-checked incrementally`);
  // a letter typed in a node's model, on a 1,000-node manifest: the fast path, and what a full check says
  const big = generateManifest(1000, 'tables', 3);
  const at = big.indexOf('model = "', big.length / 2) + 10;
  const c = { start: at, end: at, text: 'q' };
  const store = emptyIndex('/opt/sherpa/images');
  const inc = revalidate(validateManifest(big, store), c, store);
  assert.ok(inc, 'a keystroke in a model is re-checked incrementally');
  assert.deepEqual(plain(inc.problems), plain(validateManifest(apply(big, c)).problems));
  assert.ok(inc.problems.some((p) => p.code === 'unknown-model'));
});

test("a keystroke in a node on the first line takes the whole path (its line holds the root table's problems)", () => {
  const store = emptyIndex('/opt/sherpa/images');
  // no `name`: the root's missing key is reported on the first line, where this node also stands
  for (const [text, incremental] of [
    ['nodes = [{ name = "a", model = "ubuntu_linux" }]\n', false],
    // (one line, no line break: the root's problem spans it all and is kept as it is)
    ['nodes = [{ name = "a", model = "ubuntu_linux" }]', true],
    ['\nnodes = [{ name = "a", model = "ubuntu_linux" }]\n', true],
    ['nodes = [\n  { name = "a", model = "ubuntu_linux" },\n]\n', true],
  ] as const) {
    const at = text.indexOf('ubuntu') + 2;
    const c = { start: at, end: at, text: 'q' };
    const prev = validateManifest(text, store);
    assert.ok(
      prev.problems.some((p) => p.code === 'missing-key' && p.start === 0),
      JSON.stringify(prev.problems),
    );
    const inc = revalidate(prev, c, store);
    assert.equal(!!inc, incremental, text);
    if (inc) assert.deepEqual(plain(inc.problems), plain(validateManifest(apply(text, c), store).problems));
  }
});

test('textChange finds the one edit as a character diff does, at any size, with or without hints', () => {
  const rand = seeded(7);
  const naive = (a: string, b: string) => {
    let h = 0;
    while (h < Math.min(a.length, b.length) && a[h] === b[h]) h++;
    let t = 0;
    while (t < Math.min(a.length, b.length) - h && a[a.length - 1 - t] === b[b.length - 1 - t]) t++;
    return { start: h, end: a.length - t, text: b.slice(h, b.length - t) };
  };
  // the block compares double from 256 characters up and halve back down: edits on either side of each size
  const texts = [generateManifest(3, 'tables'), generateManifest(400, 'inline'), 'a'.repeat(5000), ''];
  for (const before of texts)
    for (let i = 0; i < 300; i++) {
      const at = rand(before.length + 1);
      const cut = Math.min(before.length - at, rand(4));
      const insert = ['', 'x', 'a', 'aa', '"\n'][rand(5)];
      const after = before.slice(0, at) + insert + before.slice(at + cut);
      const c = textChange(before, after);
      // what a client's edits tell: some of the text before the edit and some after it is the same
      const known = { head: rand(at + 1), tail: rand(before.length - at - cut + 1) };
      const hinted = textChange(before, after, known);
      if (before === after) {
        assert.equal(c, undefined);
        assert.equal(hinted, undefined);
      } else {
        const { after: whole, ...edit } = c!;
        assert.deepEqual(edit, naive(before, after), JSON.stringify({ at, cut, insert }));
        assert.equal(whole, after);
        assert.deepEqual(hinted, c, JSON.stringify({ at, cut, insert, known }));
      }
    }
});
