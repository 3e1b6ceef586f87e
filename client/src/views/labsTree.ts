// The Labs view: labs -> nodes with live states. Items have stable ids (lab id, lab id + node), so
// a refresh keeps selection and expansion; the view badge counts running labs.
import * as vscode from 'vscode';
import { catalog } from '../../../common/catalog/catalog';
import {
  consoleEndpoint,
  describeConsole,
  labState,
  nodeAddress,
  type DomainInfo,
  type LabInfo,
} from '../../../engine/src/index';
import type { LabService } from '../labs/labService';
import { stateIcon, stateWord } from './nodeState';

export type LabsTreeItem = { kind: 'lab'; lab: LabInfo } | { kind: 'node'; lab: LabInfo; domain: DomainInfo };

export class LabsTree implements vscode.TreeDataProvider<LabsTreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LabsTreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<LabsTreeItem>;
  private readonly subs: vscode.Disposable[] = [];
  /** when each node was first seen running, for uptime */
  private readonly since = new Map<string, number>();

  constructor(private readonly service: LabService) {
    this.view = vscode.window.createTreeView('sherpa.labs', { treeDataProvider: this, showCollapseAll: true });
    this.subs.push(
      this.view,
      this.changed,
      service.onDidChange(() => this.update()),
    );
  }

  private update(): void {
    const running = this.service.labs.filter((l) => labState(l) !== 'stopped').length;
    this.view.badge = running
      ? { value: running, tooltip: `${running} running lab${running > 1 ? 's' : ''}` }
      : undefined;
    const now = Date.now();
    for (const l of this.service.labs)
      for (const d of l.domains) {
        if (d.state === 'running') {
          if (!this.since.has(d.name)) this.since.set(d.name, now);
        } else this.since.delete(d.name);
      }
    void vscode.commands.executeCommand('setContext', 'sherpa.backend', this.service.backend.state);
    void vscode.commands.executeCommand('setContext', 'sherpa.labCount', this.service.labs.length);
    this.changed.fire(undefined);
  }

  getChildren(e?: LabsTreeItem): LabsTreeItem[] {
    if (!e) return this.service.labs.map((lab) => ({ kind: 'lab', lab }));
    if (e.kind !== 'lab') return [];
    const lab = this.service.lab(e.lab.id) ?? e.lab; // the current state, not the one the element was made from
    return lab.domains.map((domain) => ({ kind: 'node', lab, domain }));
  }

  getParent(e: LabsTreeItem): LabsTreeItem | undefined {
    return e.kind === 'node' ? { kind: 'lab', lab: e.lab } : undefined;
  }

  getTreeItem(e: LabsTreeItem): vscode.TreeItem {
    const busy = this.service.busy.get(e.lab.id);
    if (e.kind === 'lab') {
      const state = labState(e.lab);
      const up = e.lab.domains.filter((d) => d.state === 'running').length;
      const item = new vscode.TreeItem(e.lab.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `lab:${e.lab.id}`;
      item.description = busy ? `${busy}…` : `${up}/${e.lab.domains.length} running`;
      item.iconPath = busy
        ? stateIcon('busy')
        : new vscode.ThemeIcon(
            'server-environment',
            new vscode.ThemeColor(
              state === 'running' ? 'charts.green' : state === 'partial' ? 'charts.yellow' : 'disabledForeground',
            ),
          );
      item.contextValue = `sherpaLab.${state}`;
      item.tooltip = new vscode.MarkdownString(
        [
          `**${e.lab.name}** — lab id \`${e.lab.id}\``,
          '',
          `${state}, ${up}/${e.lab.domains.length} nodes running`,
          '',
          `loopback \`${e.lab.loopback}\``,
          '',
          `manifest \`${e.lab.manifest}\``,
        ].join('\n'),
      );
      return item;
    }
    const d = e.domain;
    const m = d.meta;
    const item = new vscode.TreeItem(m.node, vscode.TreeItemCollapsibleState.None);
    item.id = `node:${e.lab.id}:${m.node}`;
    item.description =
      [m.model, m.version].filter(Boolean).join(' / ') + (d.state === 'running' ? '' : ` — ${stateWord(d.state)}`);
    item.iconPath = stateIcon(d.state);
    // `.ssh`: a VM whose SSH the engine knows (the SSH action shows on it while it runs); `busy`: a lab operation
    // (a start, a stop) is running, so the node's own power actions are not offered (the engine refuses them)
    const power = busy ? 'busy' : d.state === 'running' ? 'running' : 'stopped';
    item.contextValue = `sherpaNode.${power}${d.meta.ssh ? '.ssh' : ''}`;
    const model = m.model ? catalog().model(m.model) : undefined;
    const addr = nodeAddress(m);
    const since = this.since.get(d.name);
    item.tooltip = new vscode.MarkdownString(
      [
        `**${m.node}** (${stateWord(d.state)}) — domain \`${d.name}\``,
        '',
        `| | |`,
        `|---|---|`,
        `| loopback | \`${addr}\` |`,
        `| console | \`${describeConsole(consoleEndpoint(m))}\` |`,
        `| ports | ${m.ports?.length ? m.ports.map((p) => `\`${addr}:${p}\``).join(', ') : '—'} |`,
        `| boot | ${model ? (model.kind === 'unikernel' ? `unikernel, ${model.bootMode}` : model.kind) : '?'} |`,
        `| uptime | ${since ? formatUptime(Date.now() - since) : '—'} |`,
      ].join('\n'),
    );
    item.command = { command: 'sherpa.openConsole', title: 'Open Console', arguments: [e] };
    return item;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
