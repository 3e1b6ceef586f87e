// A document's manifest view, parsed once per version and shared: the code lenses, the console inlay hints, the
// lab id and the node commands each parsed the whole manifest on every change (four parses per keystroke in the
// extension host). A keystroke inside one value is spliced into the last parse (common/toml/splice.ts, as the
// language server does) and only the view is derived again: on 10,000 nodes ~55 ms where a parse takes ~160.
import type * as vscode from 'vscode';
import type { TomlDocument } from '../../../common/toml/ast';
import { parseToml } from '../../../common/toml/parser';
import { spliceValue, textChange } from '../../../common/toml/splice';
import { viewOf, type ManifestView } from '../../../common/manifest/view';

type Doc = Pick<vscode.TextDocument, 'version' | 'getText'>;
const views = new WeakMap<Doc, { version: number; text: string; tree: TomlDocument; view: ManifestView }>();

export function manifestView(doc: Doc): ManifestView {
  const hit = views.get(doc);
  if (hit?.version === doc.version) return hit.view;
  const text = doc.getText();
  if (hit?.text === text) {
    views.set(doc, { ...hit, version: doc.version }); // typed and undone
    return hit.view;
  }
  const change = hit && textChange(hit.text, text);
  // the splice changes the last tree in place (or nothing, when it cannot take the edit)
  const tree = hit && change && spliceValue(hit.tree, change) ? hit.tree : parseToml(text);
  const view = viewOf(tree);
  views.set(doc, { version: doc.version, text, tree, view });
  return view;
}
