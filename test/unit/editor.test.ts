// Editor structure and decorations on cursor-marker fixtures: folding, selection ranges, references and
// highlights of a node, document links (and creating a missing file), semantic tokens, inlay hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { codeActions } from '../../server/src/language/codeActions';
import {
  DEFAULT_FORMAT,
  formatDocument,
  formatRange,
  formatSettings,
  formatText,
  lineHunks,
} from '../../server/src/language/format';
import { catalog } from '../../common/catalog/catalog';
import {
  documentLinks,
  INLAY_MAX,
  inlayHints,
  semanticTokens,
  TOKEN_TYPES,
} from '../../server/src/language/decorations';
import { analyse } from '../../server/src/language/service';
import { documentHighlights, foldingRanges, references, selectionRanges } from '../../server/src/language/structure';
import { at } from '../helpers/cursor';
import { corpus } from '../helpers/corpus';
import { generateManifest, seeded } from '../helpers/generate';
import { parseToml } from '../../common/toml/parser';

const URI = 'file:///w/lab/manifest.toml';
const LAB = `# a lab
# of two nodes
name = "l"

[[nodes]]
name = "r1"
model = "cisco_iosv"
ztp_config = "configs/r1.cfg"

[[nodes]]
name = "u1"
model = "unikraft_unikernel"
data_interface_count = 2
memory = 128
startup_scripts = ["~/boot.sh"]

[[links]]
src = "u1::eth1"
dst = "r1::gig0/1"
`;

test('folding: each [[nodes]] table, a multi-line array, a comment block', () => {
  const f = foldingRanges(analyse(LAB));
  const lines = f.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
  assert.ok(lines.includes('0-1 comment'), lines.join());
  assert.ok(lines.includes('4-7'), lines.join()); // the first [[nodes]]
  assert.ok(lines.includes('16-18'), lines.join()); // the [[links]] table
});

test('selection ranges grow from a word in a value to its line, its table and the document', () => {
  const { a, offset } = at(LAB.replace('model = "cisco_iosv"', 'model = "cisco_$0iosv"'));
  let r = selectionRanges(a, [offset])[0];
  const spans: string[] = [];
  for (let x: typeof r | undefined = r; x; x = x.parent)
    spans.push(`${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character}`);
  assert.deepEqual(spans.slice(0, 3), ['6:9-6:19', '6:8-6:20', '6:0-6:20'], spans.join(' '));
  assert.equal(spans[spans.length - 1], `0:0-${analyse(LAB).lines.lineCount - 1}:0`);
  r = selectionRanges(a, [0])[0];
  assert.ok(r.range);
});

test('references and highlights of a node: its name and every endpoint naming it', () => {
  const { a, offset } = at(LAB.replace('name = "r1"', 'name = "r$01"'));
  const refs = references(a, URI, offset, true);
  assert.equal(refs.length, 2);
  assert.deepEqual(
    references(a, URI, offset, false).map((l) => l.range.start.line),
    [18],
  );
  const hl = documentHighlights(a, offset);
  assert.deepEqual(
    hl.map((h) => [h.range.start.line, h.kind]),
    [
      [5, 3],
      [18, 2],
    ],
  );
  const fromEndpoint = at(LAB.replace('dst = "r1::', 'dst = "r$01::'));
  assert.equal(documentHighlights(fromEndpoint.a, fromEndpoint.offset).length, 2);
});

test('document links open the files a node names, relative to the manifest or home; a missing one is offered', () => {
  const a = analyse(LAB);
  const links = documentLinks(a, URI);
  assert.deepEqual(
    links.map((l) => l.target),
    ['file:///w/lab/configs/r1.cfg', pathToFileURL(`${process.env.HOME}/boot.sh`).toString()],
  );
  assert.equal(documentLinks(a, 'untitled:Untitled-1').length, 0);
  const missing = analyse(LAB, undefined, () => 'missing');
  const diag = missing.validation.problems.find((p) => p.code === 'missing-file')!;
  const actions = codeActions(missing, URI, [
    { range: missing.lines.range(diag.start, diag.end), message: diag.message, code: diag.code, source: 'sherpa' },
  ]);
  const create = actions.find((x) => x.title === 'Create configs/r1.cfg');
  assert.deepEqual(create?.edit?.documentChanges, [
    { kind: 'create', uri: 'file:///w/lab/configs/r1.cfg', options: { ignoreIfExists: true } },
  ]);
});

test('semantic tokens: models, node names (declared and in endpoints) and interface names', () => {
  const a = analyse(LAB);
  const data = semanticTokens(a).data;
  const tokens: string[] = [];
  let line = 0,
    ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    ch = data[i] === 0 ? ch + data[i + 1] : data[i + 1];
    const text = a.text.split('\n')[line].slice(ch, ch + data[i + 2]);
    tokens.push(`${TOKEN_TYPES[data[i + 3]]}${data[i + 4] ? '+decl' : ''}:${text}`);
  }
  assert.deepEqual(tokens, [
    'variable+decl:r1',
    'type:cisco_iosv',
    'variable+decl:u1',
    'type:unikraft_unikernel',
    'variable:u1',
    'property:eth1',
    'variable:r1',
    'property:gig0/1',
  ]);
});

test('inlay hints: what a node gets from its model, with the values the manifest sets', () => {
  const a = analyse(LAB);
  const hints = inlayHints(a, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } });
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.label]),
    [
      [6, '1 vCPU · 768 MiB · 15 data if · seabios'],
      [11, '1 vCPU · 128 MiB · 2 data if · kernel'],
    ],
  );
  assert.equal(inlayHints(a, { start: { line: 8, character: 0 }, end: { line: 12, character: 0 } }).length, 1);
});

test("inlay hints fit VS Code's default maximum length for every model, even with large values", () => {
  // the UI test found the first label cut short ("… direct kerne…") by editor.inlayHints.maximumLength
  for (const m of catalog().models) {
    const a = analyse(
      `name = "l"\n[[nodes]]\nname = "n"\nmodel = "${m.name}"\ncpu_count = 64\nmemory = 524288\n` +
        `data_interface_count = 64\n`,
    );
    const [hint] = inlayHints(a, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } });
    assert.ok(hint, m.name);
    assert.ok(String(hint.label).length <= INLAY_MAX, `${m.name}: ${hint.label}`);
  }
});

test('taplo formatting: a messy manifest is tidied, comments kept; a range format keeps to its block', async () => {
  const messy =
    'name="l"   # the lab\n[[nodes]]\nname =   "a"\nmodel="generic_vm"\n\n\n\n\n[[nodes]]\nname="b"\n' +
    'model = "generic_vm"\n';
  const a = analyse(messy);
  const [edit] = await formatDocument(a, DEFAULT_FORMAT);
  assert.equal(
    edit.newText,
    'name = "l" # the lab\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n\n\n[[nodes]]\nname = "b"\n' +
      'model = "generic_vm"\n',
  );
  assert.deepEqual(await formatDocument(analyse(edit.newText), DEFAULT_FORMAT), [], 'formatted stays as it is');
  assert.deepEqual(await formatDocument(analyse('name = = 1\n'), DEFAULT_FORMAT), [], 'not with a syntax error');
  const aligned = await formatDocument(analyse('[[nodes]]\nname = "a"\nmodel = "generic_vm"\n'), {
    ...DEFAULT_FORMAT,
    alignEntries: true,
  });
  assert.match(aligned[0].newText, /^name  = "a"$/m);
  // only the block the range meets changes
  const twoMessy =
    'name = "l"\n[[nodes]]\nname =   "a"\nmodel = "generic_vm"\n[[nodes]]\nname="b"\nmodel = "generic_vm"\n';
  const b = analyse(twoMessy);
  const r = await formatRange(b, { start: { line: 5, character: 0 }, end: { line: 5, character: 8 } }, DEFAULT_FORMAT);
  assert.deepEqual(r, [
    {
      range: b.lines.range(
        twoMessy.indexOf('name="b"'),
        twoMessy.indexOf('model = "generic_vm"\n', twoMessy.indexOf('name="b"')),
      ),
      newText: 'name = "b"\n',
    },
  ]);
  assert.deepEqual(lineHunks(['a', '', '', '', 'b', '[1,', '2]'], ['a', '', 'b', '[1, 2]']), [
    { before: [2, 4], after: [2, 2] },
    { before: [5, 7], after: [3, 4] },
  ]);
  assert.deepEqual(formatSettings({ columnWidth: 80, alignEntries: 'yes' }), { ...DEFAULT_FORMAT, columnWidth: 80 });
});

/** Sherpa's corpus, and generated manifests written in the ways that meet where formatting cuts a text */
function formatCases(): string[] {
  const texts = corpus().map((c) => c.text);
  for (const style of ['tables', 'inline'] as const) {
    const g = generateManifest(20, style);
    texts.push(
      g,
      // squashed, blank lines and indentation before headers, comments and blank lines between tables, CRLF
      g.replace(/ = /g, '=').replace(/\n\[\[/g, '\n\n\n\n  [['),
      g.replace(/\n\[\[nodes/g, '\n# a node\n\n[[nodes').replace(/\n\[\[links/g, '\n \n   # a link\n[[links'),
      g.replace(/\n/g, '\r\n'),
    );
  }
  return texts;
}

test('formatted in pieces cut before headers, a manifest reads as taplo formats it whole', async () => {
  const texts = formatCases();
  let cut = 0;
  for (const text of texts) {
    const doc = parseToml(text);
    if (doc.errors.length) continue; // (not formatted)
    const headerStarts = doc.headers.map((h) => h.start);
    for (const s of [
      DEFAULT_FORMAT,
      { ...DEFAULT_FORMAT, allowedBlankLines: 0 },
      { ...DEFAULT_FORMAT, alignEntries: true },
    ]) {
      const whole = await formatText(text, s);
      for (const pieceSize of [1, 200]) {
        const pieces = await formatText(text, s, { headerStarts, pieceSize });
        assert.equal(pieces, whole, JSON.stringify({ text: text.slice(0, 80), s, pieceSize }));
      }
    }
    if (headerStarts.length > 1) cut++;
  }
  assert.ok(cut >= 8, `${cut} texts cut into pieces`); // (the generated ones at least)
  // cancelled between pieces: nothing
  const big = generateManifest(40, 'tables');
  const starts = parseToml(big).headers.map((h) => h.start);
  let asked = 0;
  const none = await formatText(big, DEFAULT_FORMAT, {
    headerStarts: starts,
    pieceSize: 1,
    cancelled: () => ++asked > 3,
  });
  assert.equal(none, undefined);
  assert.equal(asked, 4, 'asked before each piece until cancelled');
});

test('a range formatted from the pieces it meets gets the edits a format of the whole text gives there', async () => {
  const rand = seeded(5);
  let edits = 0;
  for (const text of formatCases()) {
    const a = analyse(text);
    if (a.view.doc.errors.length) continue;
    const last = a.lines.lineCount - 1;
    const line = () => Math.floor(rand() * (last + 1));
    const ranges: [number, number][] = [
      [0, 0],
      [last, last],
      [0, last],
    ];
    for (let i = 0; i < 6; i++) {
      const l = line();
      ranges.push(i % 2 ? [l, l] : [l, Math.min(last, l + Math.floor(rand() * 12))]);
    }
    for (const [l0, l1] of ranges) {
      const range = { start: { line: l0, character: 0 }, end: { line: l1, character: 3 } };
      const whole = await formatRange(a, range, DEFAULT_FORMAT, 2, true, undefined, Infinity);
      for (const pieceSize of [1, 300]) {
        const pieces = await formatRange(a, range, DEFAULT_FORMAT, 2, true, undefined, pieceSize);
        assert.deepEqual(pieces, whole, JSON.stringify({ text: text.slice(0, 80), range, pieceSize }));
      }
      edits += whole.length;
    }
  }
  assert.ok(edits > 100, `${edits} edits compared`); // (the squashed and spaced manifests change on most lines)
  // only the pieces the range meets, and the next, are formatted (each is announced by a question: cancelled?)
  const big = analyse(generateManifest(40, 'tables').replace(/ = /g, '='));
  const line = big.lines.lineCount >> 1;
  let pieces = 0;
  const part = await formatRange(
    big,
    { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
    DEFAULT_FORMAT,
    2,
    true,
    () => {
      pieces++;
      return false;
    },
    1,
  );
  assert.ok(
    part.length > 0 && pieces <= 3,
    `${part.length} edits from ${pieces} of ${big.view.doc.headers.length} pieces`,
  );
});
