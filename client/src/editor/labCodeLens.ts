// Code lenses on a manifest: "Start Lab" when its lab does not exist; a live summary with Stop,
// Resume and Destroy when it does; "Console" on every running node.
import * as vscode from 'vscode';
import { labState } from '../../../engine/src/index';
import type { LabService } from '../labs/labService';
import { manifestView } from './manifestViews';

export class LabCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: LabService) {
    this.sub = vscode.Disposable.from(
      service.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const view = manifestView(doc);
    if (!vscode.workspace.isTrusted) {
      // lab actions stay off until the user trusts the folder; say so where they would be
      const at = doc.positionAt(view.name?.start ?? 0);
      return [
        new vscode.CodeLens(new vscode.Range(at, at), {
          title: '$(shield) Trust this folder to run labs',
          command: 'workbench.trust.manage',
        }),
      ];
    }
    const id = this.service.labIdOf(doc);
    if (!id || !view.name) return [];
    const top = new vscode.Range(doc.positionAt(view.name.start), doc.positionAt(view.name.start));
    const lens = (title: string, command: string, ...args: unknown[]) =>
      new vscode.CodeLens(top, { title, command, arguments: args });
    const topology = lens('$(type-hierarchy) Topology', 'sherpa.showTopology', doc.uri);
    const busy = this.service.busy.get(id);
    if (busy) return [lens(`$(loading~spin) ${busy}…`, 'sherpa.showLogs'), topology];
    const lab = this.service.lab(id);
    if (!lab)
      return this.service.backend.state === 'unreachable'
        ? [lens('$(warning) libvirt unreachable', 'sherpa.checkHost'), topology]
        : [lens('$(play) Start Lab', 'sherpa.startLab', doc.uri), topology];
    const up = lab.domains.filter((d) => d.state === 'running').length;
    const lenses = [lens(`$(pulse) ${up}/${lab.domains.length} running`, 'sherpa.focusLab', id)];
    if (up > 0) lenses.push(lens('$(debug-stop) Stop', 'sherpa.stopLab', id));
    if (labState(lab) !== 'running') lenses.push(lens('$(debug-start) Resume', 'sherpa.resumeLab', id));
    lenses.push(lens('$(trash) Destroy', 'sherpa.destroyLab', id), topology);
    for (const n of view.nodes) {
      const d = n.name && lab.domains.find((x) => x.meta.node === n.name!.value);
      if (d?.state !== 'running') continue;
      const at = new vscode.Range(doc.positionAt(n.name!.start), doc.positionAt(n.name!.start));
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(terminal) Console',
          command: 'sherpa.openConsole',
          arguments: [{ lab: id, node: d.meta.node }],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
