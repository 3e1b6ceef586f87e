// What every rule gets: the manifest, the catalog, the image store and where to put problems.
import type { Catalog } from '../../catalog/catalog';
import type { ImageIndex } from '../../images/index';
import type { Span, TomlTable } from '../../toml/ast';
import type { Problems } from '../problem';
import type { ManifestView } from '../view';

export interface RuleContext {
  view: ManifestView;
  text: string;
  catalog: Catalog;
  images: ImageIndex;
  out: Problems;
  /** the document has a syntax error: skip rules that need the whole document (required keys, references) */
  partial: boolean;
  /** the span that stands for a table in diagnostics: its [header], its { inline } text, or line 1 */
  anchor(t: TomlTable): Span;
}

export function quote(s: string): string {
  return `\`${s}\``;
}
