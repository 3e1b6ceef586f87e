// Quick fixes: the fixes a diagnostic carries, as workspace edits. Nothing is applied unless chosen.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticData } from './diagnostics';
import { toRange, type Analysis } from './service';

export function codeActions(a: Analysis, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    for (const fix of data?.fixes ?? []) {
      // a fix from an older version of the text must still land inside the document
      if (fix.edits.some((e) => e.end > a.text.length)) continue;
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(a, e), newText: e.newText })) } },
      });
    }
  }
  return out;
}
