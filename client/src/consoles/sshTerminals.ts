// SSH sessions to provisioned VMs in integrated terminals: one per lab + node (reused while open),
// running the system's `ssh` with the lab key as `sherpa` (the arguments come from the engine).
import * as vscode from 'vscode';
import type { LabService } from '../labs/labService';

export class SshTerminals implements vscode.Disposable {
  private readonly open = new Map<string, vscode.Terminal>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: LabService) {
    this.sub = vscode.window.onDidCloseTerminal((t) => {
      for (const [k, v] of this.open) if (v === t) this.open.delete(k);
    });
  }

  async show(lab: string, node: string): Promise<vscode.Terminal> {
    const k = `${lab}/${node}`;
    const existing = this.open.get(k);
    if (existing) {
      existing.show();
      return existing;
    }
    const target = await this.service.engine.sshTarget(lab, node);
    const terminal = vscode.window.createTerminal({
      name: `SSH ${node}`,
      shellPath: 'ssh',
      shellArgs: target.args,
      iconPath: new vscode.ThemeIcon('remote'),
    });
    this.open.set(k, terminal);
    terminal.show();
    return terminal;
  }

  dispose(): void {
    this.sub.dispose();
    for (const t of this.open.values()) t.dispose();
    this.open.clear();
  }
}
