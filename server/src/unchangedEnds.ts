// What the client's edits tell about a document since its last analysis: how much of its start and of its end is
// unchanged. The analysis then looks for the one edit between the two texts in what lies between
// (../../common/toml/splice.ts textChange) instead of comparing the whole texts: in a 50,000-node manifest (8 MB)
// that comparison took some 14 ms per keystroke, and it ran twice (to pick the quiet period, then to analyse).
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { KnownSame } from '../../common/toml/splice';

export class UnchangedEnds {
  private readonly known = new Map<string, KnownSame>();

  /** the document was analysed as it is now: all of it is unchanged since */
  analysed(uri: string): void {
    this.known.set(uri, { head: Infinity, tail: Infinity });
  }
  forget(uri: string): void {
    this.known.delete(uri);
  }
  /** what is unchanged since the last analysis (none of it for a document never analysed) */
  since(uri: string): KnownSame {
    const k = this.known.get(uri);
    return k ? { ...k } : { head: 0, tail: 0 };
  }

  /** for TextDocuments: applies the changes one by one, each range read on the text it applies to */
  readonly update = (doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
    const k = this.known.get(doc.uri);
    for (const c of changes) {
      if (k && 'range' in c) {
        k.head = Math.min(k.head, doc.offsetAt(c.range.start));
        k.tail = Math.min(k.tail, doc.getText().length - doc.offsetAt(c.range.end));
      } else if (k) {
        k.head = k.tail = 0; // the whole text sent again
      }
      doc = TextDocument.update(doc, [c], version);
    }
    return doc;
  };
}
