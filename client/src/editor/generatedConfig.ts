// "Show Generated Config": a node's day-0 files as `up` renders them, in a read-only document (a
// virtual `sherpa-generated:` URI whose content the engine produced; nothing is written anywhere).
import * as vscode from 'vscode';
import type { ProvisionPlan } from '../../../engine/src/index';

export const GENERATED_SCHEME = 'sherpa-generated';

export class GeneratedConfigs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly content = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly reg = vscode.workspace.registerTextDocumentContentProvider(GENERATED_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.content.get(uri.toString()) ?? '';
  }

  /** shows `plan` for `node` of `manifest`; the same URI is refreshed when shown again */
  async show(manifest: vscode.Uri, node: string, plan: ProvisionPlan): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({
      scheme: GENERATED_SCHEME,
      path: `/${node}/${'files' in plan ? plan.method : 'not-provisioned'}.yaml`,
      query: manifest.toString(),
    });
    const text =
      'files' in plan
        ? Object.entries(plan.files)
            .map(([name, body]) => `# ---- ${name} (${plan.method}, node ${node}) ----\n${body}`)
            .join('\n')
        : `# node ${node}: not provisioned at up (${plan.method}): ${plan.skipped}\n`;
    this.content.set(uri.toString(), text);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    // YAML colouring where a YAML grammar is installed (VS Code has one built in)
    doc = await Promise.resolve(vscode.languages.setTextDocumentLanguage(doc, 'yaml')).catch(() => doc);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.reg.dispose();
    this.changed.dispose();
  }
}
