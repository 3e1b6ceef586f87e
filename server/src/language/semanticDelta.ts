// Semantic tokens as a delta from the editor's last result: a keystroke in a 1,000-node manifest changes a
// few of its 10,000 tokens, and the whole array (60 KB) would otherwise travel to the editor on every one.
// LSP encodes each token relative to the one before it, so an edit inside a line changes only the numbers
// next to it: the common prefix and suffix of the two arrays leave one small edit.
// Not vscode-languageserver's SemanticTokensBuilder.buildEdits: its result ids are Date.now(), so after a
// cancelled delta request (VS Code cancels them as the user types) the editor can hold an older result whose id
// the builder reuses, and get edits against data it never had. These ids only grow.
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from 'vscode-languageserver';

/** the edits that turn `prev` into `next` (at most one: the span between their common prefix and suffix) */
export function tokenEdits(prev: readonly number[], next: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  const min = Math.min(prev.length, next.length);
  while (start < min && prev[start] === next[start]) start++;
  let tail = 0;
  while (tail < min - start && prev[prev.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  if (start === prev.length && start === next.length) return [];
  return [{ start, deleteCount: prev.length - start - tail, data: next.slice(start, next.length - tail) }];
}

/** the last tokens sent for each document, by result id: what a delta request is answered against */
export class SemanticTokensCache {
  private readonly last = new Map<string, { id: string; data: number[] }>();
  private seq = 0;

  /** the whole array, remembered */
  full(uri: string, tokens: SemanticTokens): SemanticTokens {
    const id = String(++this.seq);
    this.last.set(uri, { id, data: tokens.data });
    return { resultId: id, data: tokens.data };
  }

  /** the edits since `previousId` when it is the result remembered, else the whole array */
  delta(uri: string, previousId: string, tokens: SemanticTokens): SemanticTokens | SemanticTokensDelta {
    const before = this.last.get(uri);
    if (!before || before.id !== previousId) return this.full(uri, tokens);
    const id = String(++this.seq);
    this.last.set(uri, { id, data: tokens.data });
    return { resultId: id, edits: tokenEdits(before.data, tokens.data) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
