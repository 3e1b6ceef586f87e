// Cursor-marker fixtures: `$0` marks the cursor in a manifest text.
import { analyse, type Analysis } from '../../server/src/language/service';
import type { ImageIndex } from '../../common/images/index';

export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 2), offset };
}

export function at(marked: string, images?: ImageIndex): { a: Analysis; offset: number } {
  const { text, offset } = withCursor(marked);
  return { a: analyse(text, images), offset };
}
