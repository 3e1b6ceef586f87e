// The topology view: a webview beside a manifest that draws its lab (from the language server's parse, as
// the user types) with the live state of its nodes (from the same libvirt events as the tree). One panel
// per manifest; positions the user drags are kept per lab in workspace state, never in the manifest.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Topology } from '../../../common/manifest/topology';
import { consoleEndpoint, describeConsole } from '../../../engine/src/index';
import type { ManifestLanguageClient } from '../language/languageClient';
import type { LabService } from '../labs/labService';
import type { LabsTree } from '../views/labsTree';
import { bridgeId, layout, quickLayout, shapeOf, type Positions } from './layout';
import {
  fromView,
  type FromView,
  type NodeState,
  type Painted,
  type ToView,
  type ViewLink,
  type ViewModel,
  type ViewNode,
} from './messages';

const VIEW_TYPE = 'sherpa.topology';

interface Panel {
  uri: vscode.Uri;
  panel: vscode.WebviewPanel;
  lab: string;
  topology?: Topology;
  shape?: string;
  positions: Positions;
  /** a refresh runs; `again`: the document changed meanwhile */
  refreshing?: Promise<void>;
  again?: boolean;
  /** what the view was last sent: each node's and link's JSON, and the order of their ids and places */
  sent?: { nodes: string[]; links: string[]; frame: string };
  /** the states last posted (JSON), to post only a change */
  stateSent?: string;
  /** export requests waiting for the view's picture, by format */
  exports: Map<'svg' | 'png', (data: string | undefined) => void>;
  /** the last model or patch posted, and the last the view painted */
  seq: number;
  paintedSeq: number;
  /** resolves when the view first paints (or is closed): ELK's first layout waits for it */
  firstPaint: Promise<void>;
  painted: () => void;
  /** the view's script has loaded (messages sent before are queued by VS Code; on ready it gets the picture again) */
  ready: boolean;
  subs: vscode.Disposable[];
}

export class TopologyPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Panel>();
  private readonly posted = new vscode.EventEmitter<{ uri: vscode.Uri; message: ToView }>();
  /** every message sent to a view (tests and benchmarks follow the view through it) */
  readonly onDidPost = this.posted.event;
  private readonly painted = new vscode.EventEmitter<{ uri: vscode.Uri } & Omit<Painted, 'type'>>();
  /** a view drew the model or patch `seq`: its first paint, or the paint after an edit (`at`: when, epoch ms) */
  readonly onDidPaint = this.painted.event;
  private readonly subs: vscode.Disposable[] = [];
  /** the view's script and style, read once */
  private assets?: { script: string; style: string };
  /** the manifest of the panel last focused: what Re-layout and Export act on */
  active?: vscode.Uri;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly language: ManifestLanguageClient,
    private readonly labs: LabService,
    private readonly tree: LabsTree,
  ) {
    this.subs.push(
      this.posted,
      this.painted,
      vscode.workspace.onDidChangeTextDocument((e) => {
        const p = this.panels.get(e.document.uri.toString());
        if (p && e.contentChanges.length) void this.refresh(p);
      }),
      labs.onDidChange(() => {
        for (const p of this.panels.values()) this.postState(p);
      }),
      tree.view.onDidChangeSelection((e) => {
        const item = e.selection[0];
        if (item?.kind !== 'node') return;
        for (const p of this.panels.values())
          if (p.lab === item.lab.id) this.post(p, { type: 'select', node: item.domain.meta.node });
      }),
    );
  }

  /** the panel of a manifest, opened beside it or revealed */
  async show(uri: vscode.Uri): Promise<vscode.WebviewPanel> {
    const key = uri.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal(undefined, true);
      return open.panel;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const lab = this.labs.labIdOf(doc) ?? key;
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Topology: ${uri.path.split('/').slice(-2, -1)[0] ?? 'lab'}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: true },
    );
    panel.iconPath = new vscode.ThemeIcon('type-hierarchy');
    let painted!: () => void;
    const firstPaint = new Promise<void>((resolve) => (painted = resolve));
    const p: Panel = {
      uri,
      panel,
      lab,
      positions: this.saved(lab),
      subs: [],
      ready: false,
      firstPaint,
      painted,
      seq: 0,
      paintedSeq: 0,
      exports: new Map(),
    };
    panel.webview.html = this.html(media);
    this.active = uri;
    p.subs.push(
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.active = uri;
      }),
      panel.webview.onDidReceiveMessage((m) => {
        const msg = fromView(m);
        if (msg) void this.receive(p, msg);
      }),
      panel.onDidDispose(() => {
        p.painted();
        for (const done of p.exports.values()) done(undefined);
        this.panels.delete(key);
        for (const s of p.subs) s.dispose();
      }),
    );
    this.panels.set(key, p);
    // the topology and its layout are made while the view loads, not after
    void this.refresh(p);
    return panel;
  }

  /** forget the dragged positions and lay the picture out again */
  async relayout(uri: vscode.Uri): Promise<void> {
    const p = this.panels.get(uri.toString());
    if (!p) return;
    p.positions = {};
    p.shape = undefined;
    await this.context.workspaceState.update(this.key(p.lab), undefined);
    await this.refresh(p);
  }

  /** asks the view for its picture as SVG or PNG, then where to save it (unless `to` says); resolves with the
   *  file written, or undefined (no view, or the dialog cancelled) */
  async export(uri: vscode.Uri, format: 'svg' | 'png', to?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const p = this.panels.get(uri.toString());
    if (!p) return undefined;
    const picture = new Promise<string | undefined>((resolve) => {
      p.exports.get(format)?.(undefined); // an earlier request not answered yet is superseded
      p.exports.set(format, resolve);
    });
    this.post(p, { type: 'export', format });
    const data = await picture;
    if (data === undefined) return undefined;
    const target =
      to ??
      (await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(p.uri, '..', `topology.${format}`),
        filters: format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
      }));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(
      target,
      format === 'svg'
        ? Buffer.from(data, 'utf8')
        : Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
    return target;
  }

  /** resolves when the view of `uri` has painted all that was posted to it, after any refresh in progress */
  async settled(uri: vscode.Uri): Promise<void> {
    const p = this.panels.get(uri.toString());
    while (p?.refreshing) await p.refreshing;
    if (!p || p.paintedSeq >= p.seq) return;
    await new Promise<void>((resolve) => {
      const sub = this.onDidPaint((e) => {
        if (e.uri.toString() !== uri.toString() || e.seq < p.seq) return;
        sub.dispose();
        resolve();
      });
    });
  }

  /** the open panel's topology, for tests */
  topologyOf(uri: vscode.Uri): Topology | undefined {
    return this.panels.get(uri.toString())?.topology;
  }

  private key = (lab: string) => `sherpa.topology.positions/${lab}`;
  private saved(lab: string): Positions {
    const v = this.context.workspaceState.get<Positions>(this.key(lab));
    return v && typeof v === 'object' ? v : {};
  }

  private async receive(p: Panel, m: FromView): Promise<void> {
    switch (m.type) {
      case 'ready':
        // the view (re)loaded: it gets the current picture; a refresh still running posts its own
        p.ready = true;
        p.stateSent = undefined;
        if (p.topology) {
          p.sent = undefined;
          this.draw(p, p.topology);
        }
        return;
      case 'painted':
        p.painted();
        p.paintedSeq = Math.max(p.paintedSeq, m.seq);
        this.painted.fire({ uri: p.uri, seq: m.seq, nodes: m.nodes, at: m.at, got: m.got, drawn: m.drawn });
        return;
      case 'reveal': {
        const n = p.topology?.nodes.find((x) => x.name === m.node);
        if (!n) return;
        const editor = await vscode.window.showTextDocument(p.uri, { viewColumn: vscode.ViewColumn.One });
        const r = new vscode.Range(
          n.range.start.line,
          n.range.start.character,
          n.range.end.line,
          n.range.end.character,
        );
        editor.selection = new vscode.Selection(r.start, r.start);
        editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'open':
        if (this.labs.domain(p.lab, m.node))
          await vscode.commands.executeCommand('sherpa.openConsole', { lab: p.lab, node: m.node });
        return;
      case 'selected': {
        const lab = this.labs.lab(p.lab);
        const domain = this.labs.domain(p.lab, m.node);
        if (lab && domain && this.tree.view.visible)
          await this.tree.view.reveal({ kind: 'node', lab, domain }, { select: true, focus: false });
        return;
      }
      case 'moved':
        p.positions[m.node] = { x: m.x, y: m.y };
        await this.context.workspaceState.update(this.key(p.lab), p.positions);
        return;
      case 'exported':
        p.exports.get(m.format)?.(m.data);
        p.exports.delete(m.format);
        return;
    }
  }

  /** the manifest's topology from the server, laid out when its shape changed, posted with the states;
   *  changes while a refresh runs are coalesced into one more */
  private refresh(p: Panel): Promise<void> {
    if (p.refreshing) {
      p.again = true;
      return p.refreshing;
    }
    p.refreshing = (async () => {
      do {
        p.again = false;
        const t = await this.language.topology(p.uri);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri.toString());
        if (!t || (doc && t.version !== doc.version)) continue; // superseded: never draw a stale version
        const shape = shapeOf(t);
        if (shape !== p.shape) {
          const kept = p.positions;
          if (p.shape === undefined) {
            // the first picture: a quick placement now, ELK's layout when it is ready (see quickLayout)
            p.positions = quickLayout(t, kept);
            this.draw(p, t);
            // ELK's first run costs ~0.5 s of CPU: not while the webview is still loading beside it
            await p.firstPaint;
          }
          p.positions = await layout(t, kept);
          p.shape = shape;
        }
        this.draw(p, t);
      } while (p.again);
    })().finally(() => (p.refreshing = undefined));
    return p.refreshing;
  }

  /** `t` becomes the panel's picture: posted (whole, or the changes since the last), with the states */
  private draw(p: Panel, t: Topology): void {
    p.topology = t;
    this.post(p, this.update(p, this.model(p, t)));
    this.postState(p);
  }

  private model(p: Panel, t: Topology): ViewModel {
    const at = (id: string) => p.positions[id] ?? { x: 0, y: 0 };
    const nodes: ViewNode[] = [
      ...t.nodes.map((n) => ({
        id: n.name,
        label: n.name,
        kind: n.kind,
        model: n.model,
        ...at(n.name),
        problems: n.problems,
      })),
      ...t.bridges.map((b) => ({
        id: bridgeId(b.name),
        label: b.name,
        kind: 'bridge' as const,
        ...at(bridgeId(b.name)),
        problems: [],
      })),
    ];
    const links: ViewLink[] = [
      ...t.links.map((l) => ({
        id: l.id,
        a: l.src.node,
        b: l.dst.node,
        aLabel: l.src.iface,
        bLabel: l.dst.iface,
        impairment: l.impairment,
        problems: l.problems,
        context: { lab: p.lab, endpoint: l.id, node: l.src.node, iface: l.src.iface },
      })),
      ...t.bridges.flatMap((b) =>
        b.members.map((m) => ({
          id: `${b.name}/${m.node}::${m.iface}`,
          a: bridgeId(b.name),
          b: m.node,
          aLabel: '',
          bLabel: m.iface,
          problems: [],
          context: { lab: p.lab, node: m.node, iface: m.iface },
        })),
      ),
    ];
    return { type: 'model', seq: 0, lab: p.lab, title: t.name ?? '', nodes, links };
  }

  /** the model, or only what changed since the last one the view got when its nodes and links are the same */
  private update(p: Panel, m: ViewModel): ToView {
    const nodes = m.nodes.map((n) => JSON.stringify(n));
    const links = m.links.map((l) => JSON.stringify(l));
    const frame = JSON.stringify([m.lab, m.nodes.map((n) => [n.id, n.x, n.y]), m.links.map((l) => [l.id, l.a, l.b])]);
    const last = p.ready ? p.sent : undefined;
    p.sent = { nodes, links, frame };
    m.seq = ++p.seq;
    if (!last || last.frame !== frame) return m;
    return {
      type: 'patch',
      seq: m.seq,
      title: m.title,
      nodes: m.nodes.flatMap((n, i): [number, ViewNode][] => (nodes[i] === last.nodes[i] ? [] : [[i, n]])),
      links: m.links.flatMap((l, i): [number, ViewLink][] => (links[i] === last.links[i] ? [] : [[i, l]])),
    };
  }

  private postState(p: Panel): void {
    const lab = this.labs.lab(p.lab);
    const states: Record<string, NodeState> = {};
    for (const d of lab?.domains ?? [])
      states[d.meta.node] = {
        state: this.labs.busy.get(p.lab) ? 'busy' : d.state,
        console: describeConsole(consoleEndpoint(d.meta)),
      };
    // the same states again (every edit draws, a lab event refreshes every panel) would redraw the whole view
    const json = JSON.stringify(states);
    if (json === p.stateSent) return;
    p.stateSent = json;
    this.post(p, { type: 'state', states });
  }

  private post(p: Panel, message: ToView): void {
    void p.panel.webview.postMessage(message);
    this.posted.fire({ uri: p.uri, message });
  }

  /** the view's page, with its script and style inline: a webview that fetches nothing opens sooner (in
   *  code-server each fetch is a round trip to the extension host) */
  private html(media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const read = (name: string) => readFileSync(vscode.Uri.joinPath(media, name).fsPath, 'utf8');
    this.assets ??= { script: read('topology.js'), style: read('topology.css') };
    const csp = [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      'img-src data: blob:',
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${this.assets.style}</style>
<title>Topology</title></head>
<body data-vscode-context='{"preventDefaultContextMenuItems": true}'>
<div id="toolbar"><span id="title"></span>
<span id="hint">drag to move · click: reveal · double-click: console · right-click: actions</span></div>
<svg id="canvas" role="img" aria-label="lab topology"></svg>
<section id="lists" aria-label="nodes and links">
<h2>Nodes</h2><ul id="node-list"></ul><h2>Links</h2><ul id="link-list"></ul></section>
<script nonce="${nonce}">${this.assets.script}</script>
</body></html>`;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const s of this.subs) s.dispose();
  }
}
