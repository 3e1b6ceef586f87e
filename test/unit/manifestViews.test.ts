// The extension host's shared manifest view (client/src/editor/manifestViews.ts): after any sequence of edits it
// is the view a fresh parse gives, and a keystroke inside a value reuses the last tree instead of parsing again.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { manifestView } from '../../client/src/editor/manifestViews';
import { parseManifest } from '../../common/manifest/view';
import { generateManifest, seeded } from '../helpers/generate';
import { plain } from '../helpers/plain';

/** a stand-in for vscode.TextDocument: what manifestView reads of one */
function document(text: string) {
  const doc = { version: 1, text, getText: () => doc.text };
  const edit = (start: number, end: number, insert: string) => {
    doc.text = doc.text.slice(0, start) + insert + doc.text.slice(end);
    doc.version++;
  };
  return { doc, edit };
}

test('manifestView: after keystrokes in values and structural edits, the view of a fresh parse', () => {
  const rand = seeded(11);
  const { doc, edit } = document(generateManifest(30, 'tables'));
  let spliced = 0;
  for (let i = 0; i < 400; i++) {
    const before = manifestView(doc).doc;
    // mostly a character typed or deleted inside a quoted value; sometimes a new line, a quote or a bracket
    const quotes = [...doc.text.matchAll(/"[a-z_]{3,}"/g)];
    const q = quotes[rand(quotes.length)];
    const at = q.index! + 1 + rand(q[0].length - 2);
    const structural = rand(5) === 0 ? ['\n', '"', '[', 'x = 1\n'][rand(4)] : undefined;
    if (structural) edit(at, at, structural);
    else if (rand(2)) edit(at, at, 'x');
    else edit(at, at + 1, '');
    const view = manifestView(doc);
    if (view.doc === before) spliced++;
    assert.deepEqual(plain({ ...view }), plain({ ...parseManifest(doc.text) }), `edit ${i}`);
    assert.equal(manifestView(doc), view, 'the same version: the same view');
    if (structural) {
      edit(at, at + structural.length, ''); // and undone, so that the values stay quoted for the next edits
      assert.deepEqual(plain({ ...manifestView(doc) }), plain({ ...parseManifest(doc.text) }), `undo ${i}`);
    }
  }
  assert.ok(spliced > 100, `${spliced} of 400 edits reused the last tree`);
});

test('manifestView: typed and undone gives the view back without a parse', () => {
  const { doc, edit } = document('name = "lab"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n');
  const first = manifestView(doc);
  edit(8, 8, 'x');
  assert.equal(manifestView(doc).name?.value, 'xlab');
  edit(8, 9, '');
  assert.equal(manifestView(doc).name?.value, 'lab');
  assert.equal(manifestView(doc).doc, first.doc);
});
