// Quick fixes: the fixes a diagnostic carries, as workspace edits. Nothing is applied unless chosen.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { pathToFileURL } from 'node:url';
import { linkableFiles, resolveManifestPath } from './decorations';
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
    // a file the manifest names that does not exist: offer to create it (empty, next to the manifest)
    if (d.code === 'missing-file' && String(d.message).startsWith('Failed to read')) {
      const at = a.lines.offset(d.range.start);
      const s = a.view.nodes.flatMap(linkableFiles).find((x) => x.start === at);
      const path = s && resolveManifestPath(uri, s.value);
      if (path) {
        out.push({
          title: `Create ${s.value}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: {
            documentChanges: [
              { kind: 'create', uri: pathToFileURL(path).toString(), options: { ignoreIfExists: true } },
            ],
          },
        });
      }
    }
  }
  return out;
}
