// The server's record of what the client's edits left unchanged since a document's last analysis: never more than
// is really the same (else the analysis would look for the edit in the wrong place), and exactly the edit's bounds
// for one keystroke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { UnchangedEnds } from '../../server/src/unchangedEnds';
import { textChange } from '../../common/toml/splice';
import { generateManifest, seeded } from '../helpers/generate';

const URI = 'file:///lab/manifest.toml';
const sameHead = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};
const sameTail = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
};

test('a keystroke after an analysis: the unchanged ends are exactly what lies before and after it', () => {
  const ends = new UnchangedEnds();
  const base = 'name = "lab"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n';
  let doc = TextDocument.create(URI, 'sherpa-manifest', 1, base);
  assert.deepEqual(ends.since(URI), { head: 0, tail: 0 }, 'never analysed: nothing is known');
  ends.analysed(URI);
  const at = { line: 3, character: 10 };
  doc = ends.update(doc, [{ range: { start: at, end: at }, text: 'x' }], 2);
  const offset = base.indexOf('generic_vm') + 1;
  assert.deepEqual(ends.since(URI), { head: offset, tail: base.length - offset });
  doc = ends.update(doc, [{ text: doc.getText() }], 3);
  assert.deepEqual(ends.since(URI), { head: 0, tail: 0 }, 'the whole text sent again');
  ends.analysed(URI);
  ends.forget(URI);
  assert.deepEqual(ends.since(URI), { head: 0, tail: 0 }, 'closed');
});

test('random edits, several to a notification: never more unchanged than is, and the same edit found', () => {
  const rand = seeded(11);
  const ends = new UnchangedEnds();
  for (const base of [generateManifest(20, 'tables'), generateManifest(20, 'inline'), 'a\n'.repeat(300)]) {
    let doc = TextDocument.create(URI, 'sherpa-manifest', 1, base);
    ends.analysed(URI);
    let version = 1;
    for (let note = 0; note < 60; note++) {
      const changes: TextDocumentContentChangeEvent[] = [];
      let text = doc.getText();
      // each change's range is on the text after the ones before it, as LSP says
      for (let i = 1 + rand(3); i > 0; i--) {
        const start = rand(text.length + 1);
        const end = Math.min(text.length, start + rand(5));
        const insert = ['', 'x', 'aa', '\n', 'q"\n'][rand(5)];
        const probe = TextDocument.create(URI, 'sherpa-manifest', 0, text);
        changes.push({ range: { start: probe.positionAt(start), end: probe.positionAt(end) }, text: insert });
        text = text.slice(0, start) + insert + text.slice(end);
      }
      doc = ends.update(doc, changes, ++version);
      assert.equal(doc.getText(), text);
      const known = ends.since(URI);
      assert.ok(known.head <= sameHead(base, text), `${known.head} > ${sameHead(base, text)} at the start`);
      assert.ok(known.tail <= sameTail(base, text), `${known.tail} > ${sameTail(base, text)} at the end`);
      assert.deepEqual(textChange(base, text, known), textChange(base, text));
      if (rand(10) === 0) break; // (some documents see fewer edits before their next analysis)
    }
  }
});
