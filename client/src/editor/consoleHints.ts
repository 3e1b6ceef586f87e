// While a manifest's lab runs, an inlay hint after each node's name says where its console answers
// (the language server's hints give the model defaults; this one needs libvirt's live state).
import * as vscode from 'vscode';
import { consoleEndpoint, describeConsole } from '../../../engine/src/index';
import type { LabService } from '../labs/labService';
import { manifestView } from './manifestViews';

export class ConsoleHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly labs: LabService) {
    this.sub = labs.onDidChange(() => this.changed.fire());
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const id = this.labs.labIdOf(doc);
    const lab = id ? this.labs.lab(id) : undefined;
    if (!lab) return [];
    const hints: vscode.InlayHint[] = [];
    for (const n of manifestView(doc).nodes) {
      const d = n.name && lab.domains.find((x) => x.meta.node === n.name!.value);
      if (!d || d.state !== 'running') continue;
      const at = doc.positionAt(n.name!.end);
      if (!range.contains(at)) continue;
      const hint = new vscode.InlayHint(at, `console: ${describeConsole(consoleEndpoint(d.meta))}`);
      hint.paddingLeft = true;
      hint.tooltip = `${n.name!.value} is running; click the node in the Sherpa Labs view for its console`;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
