// "Show Generated Config": a node's day-0 files as `up` renders them, in a read-only document: a
// `sherpa-generated:` file system registered read-only, whose content the engine produced (nothing is
// written anywhere; VS Code shows it read-only and refuses edits).
import * as vscode from 'vscode';
import type { ProvisionPlan } from '../../../engine/src/index';

export const GENERATED_SCHEME = 'sherpa-generated';

export class GeneratedConfigs implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly content = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly reg = vscode.workspace.registerFileSystemProvider(GENERATED_SCHEME, this, { isReadonly: true });

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
    const known = this.content.has(uri.toString());
    this.content.set(uri.toString(), { data: Buffer.from(text), mtime: Date.now() });
    if (known) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const c = this.content.get(uri.toString());
    if (!c) throw vscode.FileSystemError.FileNotFound(uri);
    return {
      type: vscode.FileType.File,
      ctime: c.mtime,
      mtime: c.mtime,
      size: c.data.length,
      permissions: vscode.FilePermission.Readonly,
    };
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const c = this.content.get(uri.toString());
    if (!c) throw vscode.FileSystemError.FileNotFound(uri);
    return c.data;
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.reg.dispose();
    this.changed.dispose();
  }
}
