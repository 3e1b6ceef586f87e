// A document's manifest view, parsed once per version. The code lenses, the console inlay hints and the lab id
// each parsed the whole manifest on every change (four parses per keystroke in the extension host, about a
// second on a 10,000-node manifest); now they share one.
import type * as vscode from 'vscode';
import { parseManifest, type ManifestView } from '../../../common/manifest/view';

const views = new WeakMap<vscode.TextDocument, { version: number; view: ManifestView }>();

export function manifestView(doc: vscode.TextDocument): ManifestView {
  const hit = views.get(doc);
  if (hit?.version === doc.version) return hit.view;
  const view = parseManifest(doc.getText());
  views.set(doc, { version: doc.version, view });
  return view;
}
