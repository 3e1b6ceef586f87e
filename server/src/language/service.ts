// What every language feature gets: the parsed manifest, the catalog and the image store.
// Features are pure functions of this input and return LSP-shaped values.
import { catalog, type Catalog } from '../../../common/catalog/catalog';
import { emptyIndex, type ImageIndex } from '../../../common/images/index';
import type { FileProbe } from '../../../common/manifest/rules/files';
import { validateManifest, type Validation } from '../../../common/manifest/validate';
import { revalidate } from '../../../common/manifest/revalidate';
import type { TextChange } from '../../../common/toml/splice';
import type { ManifestView } from '../../../common/manifest/view';
import { LineIndex } from '../../../common/toml/lineIndex';
import type { Range } from 'vscode-languageserver-types';

export interface Analysis {
  text: string;
  view: ManifestView;
  lines: LineIndex;
  catalog: Catalog;
  images: ImageIndex;
  validation: Validation;
}

/** parse and validate once; every feature reads from the result */
export function analyse(
  text: string,
  images: ImageIndex = emptyIndex('/opt/sherpa/images'),
  files?: FileProbe,
): Analysis {
  const lines = new LineIndex(text);
  const validation = validateManifest(text, images, lines, files);
  return { text, view: validation.view, lines, catalog: catalog(), images, validation };
}

/**
 * The analysis after `changes` (each in offsets of the text before it), from the last one: each a keystroke
 * inside a node's value re-checked for that node (../../../common/manifest/revalidate.ts); undefined when one
 * of them needs a whole analysis. The last analysis's tree is reused: it must not be read after this.
 */
export function reanalyse(
  prev: Analysis,
  changes: TextChange[],
  images: ImageIndex,
  files?: FileProbe,
): Analysis | undefined {
  if (!changes.length || prev.images !== images) return undefined;
  let v = prev.validation;
  for (const c of changes) {
    const next = revalidate(v, c, images, files);
    if (!next) return undefined;
    v = next;
  }
  return { text: v.view.doc.text, view: v.view, lines: v.lines, catalog: prev.catalog, images, validation: v };
}

export function toRange(a: { lines: LineIndex }, span: { start: number; end: number }): Range {
  return a.lines.range(span.start, span.end);
}
