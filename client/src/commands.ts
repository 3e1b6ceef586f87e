// The command table: every command id and its handler in one place. Lab actions refuse to run in
// untrusted workspaces; language features do not go through here.
import * as vscode from 'vscode';
import { catalog } from '../../common/catalog/catalog';
import { importImage } from '../../common/images/import';
import { manifestView } from './editor/manifestViews';
import { newManifest } from './editor/newManifest';
import {
  describeImpairment,
  IMPAIRMENT_WORDS,
  nodeAddress,
  toImpairment,
  type Impairment,
} from '../../engine/src/index';
import { SECTION, settings } from './config';
import type { ConsoleTerminals } from './consoles/consoleTerminals';
import type { SshTerminals } from './consoles/sshTerminals';
import type { CaptureTerminals } from './consoles/captureTerminals';
import type { TopologyPanels } from './topology/topologyPanels';
import type { GeneratedConfigs } from './editor/generatedConfig';
import type { ManifestLanguageClient } from './language/languageClient';
import type { LabService } from './labs/labService';
import type { ImagesTree } from './views/imagesTree';
import type { LabsTree, LabsTreeItem } from './views/labsTree';

export interface CommandDeps {
  language: ManifestLanguageClient;
  log: vscode.LogOutputChannel;
  labs: LabService;
  consoles: ConsoleTerminals;
  ssh: SshTerminals;
  captures: CaptureTerminals;
  topology: TopologyPanels;
  generated: GeneratedConfigs;
  tree: LabsTree;
  images: ImagesTree;
  /** the manifest JSON Schema shipped with the extension (for Even Better TOML) */
  schemaUri: string;
}

type Handler = (deps: CommandDeps, ...args: unknown[]) => unknown;
type NodeRef = { lab: string; node: string };

/** a lab id from a tree item, a {lab} object, a lab id or name */
function labOf(d: CommandDeps, arg: unknown): string | undefined {
  if (typeof arg === 'string') return d.labs.lab(arg)?.id ?? d.labs.labs.find((l) => l.name === arg)?.id ?? arg;
  if (arg && typeof arg === 'object') {
    const a = arg as { lab?: unknown };
    if (typeof a.lab === 'string') return a.lab;
    if (a.lab && typeof a.lab === 'object' && typeof (a.lab as { id?: unknown }).id === 'string')
      return (a.lab as { id: string }).id;
  }
  const doc = vscode.window.activeTextEditor?.document;
  return doc ? d.labs.labIdOf(doc) : undefined;
}

function nodeOf(arg: unknown): NodeRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<LabsTreeItem> & Partial<NodeRef>;
  if (typeof a.lab === 'string' && typeof a.node === 'string') return { lab: a.lab, node: a.node };
  if ((a as LabsTreeItem).kind === 'node') {
    const n = a as Extract<LabsTreeItem, { kind: 'node' }>;
    return { lab: n.lab.id, node: n.domain.meta.node };
  }
  return undefined;
}

/** the input box's words and the impairment fields they set (the CLI's flags) */
const IMPAIRMENT_FIELDS = Object.entries(IMPAIRMENT_WORDS);
/** `delay=100 loss=5`: the words given, the rest 0 (an empty text clears the link) */
function parseImpairment(text: string): { ok: Impairment } | { error: string } {
  const raw: Record<string, unknown> = {};
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z]+)=(.*)$/.exec(word);
    const field = m && IMPAIRMENT_FIELDS.find(([k]) => k === m[1])?.[1];
    if (!m || !field) return { error: `\`${word}\`: write delay=, jitter=, loss=, reorder= or corrupt= and a number` };
    raw[field] = m[2] === '' || Number.isNaN(Number(m[2])) ? m[2] : Number(m[2]);
  }
  return toImpairment(raw);
}

function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    'Lab actions are disabled in untrusted workspaces. Trust this workspace to start, stop or destroy labs.',
  );
  return false;
}

/** logged and shown; the notification is not waited for: the command ends with its failure, where a caller (a
 *  lens, another command, a test) would otherwise wait for a click on the notification */
function failed(d: CommandDeps, what: string, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  d.log.error(`${what} failed: ${msg}`);
  void vscode.window.showErrorMessage(`${what} failed: ${msg}`, 'View Logs').then((pick) => pick && d.log.show());
}

const labAction =
  (what: string, op: (d: CommandDeps, id: string) => Promise<unknown>): Handler =>
  async (d, arg) => {
    if (!trusted()) return;
    const id = labOf(d, arg);
    if (!id) {
      void vscode.window.showWarningMessage(`${what}: open a manifest or pick a lab in the Sherpa Labs view`);
      return;
    }
    try {
      await d.labs.run(id, what.toLowerCase(), () => op(d, id));
    } catch (e) {
      failed(d, what, e);
    }
  };
const nodeAction =
  (what: string, op: (d: CommandDeps, n: NodeRef) => Promise<unknown>): Handler =>
  async (d, arg) => {
    if (!trusted()) return;
    const n = nodeOf(arg);
    if (!n) return;
    try {
      await d.labs.run(n.lab, `${what.toLowerCase()} ${n.node}`, () => op(d, n));
    } catch (e) {
      failed(d, `${what} ${n.node}`, e);
    }
  };

/** an engine progress report as one log line (lab-wide steps have no node) */
const progressLine = (message: string, node?: string) => (node ? `${node}: ${message}` : message);
const logProgress = (d: CommandDeps) => (message: string, node?: string) => d.log.info(progressLine(message, node));

/**
 * The engine reads the manifest from disk: it must hold what the editor shows. Saved when dirty; and when the file
 * still differs from a document the editor calls saved, written with the editor's text. Seen in code-server, which
 * auto-saves after 1 s by default: after an edit and its undo the file kept the edited text, and Start Lab started
 * (or refused) a manifest the user no longer saw.
 */
async function saveAsShown(d: CommandDeps, doc: vscode.TextDocument): Promise<void> {
  if (doc.isDirty) await doc.save();
  const text = doc.getText();
  const disk = Buffer.from(await vscode.workspace.fs.readFile(doc.uri))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (disk === text) return;
  d.log.info(`${doc.uri.fsPath} on disk differs from the editor: writing what the editor shows`);
  await vscode.workspace.fs.writeFile(doc.uri, Buffer.from(text, 'utf8'));
}

async function startLab(d: CommandDeps, arg: unknown): Promise<unknown> {
  if (!trusted()) return undefined;
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Start Lab: open a manifest.toml first');
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri.toString());
  if (doc) await saveAsShown(d, doc);
  const id = d.labs.labIdOf(uri) ?? uri.fsPath;
  const t0 = Date.now();
  // Cancel has one meaning: stop waiting and remove everything this start created.
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting lab', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => {
        d.log.info('start cancelled: removing what it created');
        controller.abort();
      });
      try {
        const r = await d.labs.run(id, 'starting', () =>
          d.labs.engine.up(uri.fsPath, {
            signal: controller.signal,
            progress: (m, node) => {
              const line = progressLine(m, node);
              d.log.info(line);
              progress.report({ message: `${line} (${((Date.now() - t0) / 1000).toFixed(1)} s)` });
            },
          }),
        );
        const msg =
          `Lab ${r.plan.name} is up in ${(r.ms / 1000).toFixed(1)} s` +
          (r.notReady.length ? `; not ready: ${r.notReady.map((n) => `${n.node} (${n.reason})`).join(', ')}` : '');
        d.log.info(msg);
        void vscode.window.showInformationMessage(msg, 'View Logs').then((p) => p && d.log.show());
        return r;
      } catch (e) {
        failed(d, 'Start Lab', e);
        return undefined;
      }
    },
  );
}

export const COMMANDS: Record<string, Handler> = {
  'sherpa.showLogs': ({ log }) => log.show(),
  'sherpa.rescanImages': async ({ language, images }) => {
    images.refresh();
    await language.rescanImages();
  },
  'sherpa.restartLanguageServer': ({ language }) => language.restart(),
  'sherpa.refresh': ({ labs }) => labs.refresh(),
  'sherpa.startLab': startLab,
  'sherpa.stopLab': labAction('Stop', (d, id) => d.labs.engine.stop(id, logProgress(d))),
  'sherpa.resumeLab': labAction('Resume', (d, id) => d.labs.engine.resume(id, logProgress(d))),
  'sherpa.destroyLab': async (d, arg, opts) => {
    const id = labOf(d, arg);
    if (!id || !trusted()) return;
    const name = d.labs.lab(id)?.name ?? id;
    if ((opts as { confirm?: boolean } | undefined)?.confirm !== false) {
      const ok = await vscode.window.showWarningMessage(
        `Destroy lab ${name}? Its domains, disks and serial logs are removed.`,
        { modal: true },
        'Destroy',
      );
      if (ok !== 'Destroy') return;
    }
    await labAction('Destroy', (dd, i) => dd.labs.engine.destroy(i, logProgress(dd)))(d, id);
  },
  'sherpa.startNode': nodeAction('Start', (d, n) => d.labs.engine.startNode(n.lab, n.node)),
  'sherpa.stopNode': nodeAction('Stop', (d, n) => d.labs.engine.stopNode(n.lab, n.node)),
  'sherpa.restartNode': nodeAction('Restart', (d, n) => d.labs.engine.restartNode(n.lab, n.node)),
  'sherpa.openConsole': (d, arg, opts) => {
    if (!trusted()) return undefined;
    const n = nodeOf(arg);
    if (!n) return undefined;
    try {
      return d.consoles.show(n.lab, n.node, (opts as { preserveFocus?: boolean } | undefined)?.preserveFocus ?? false);
    } catch (e) {
      return failed(d, 'Open Console', e);
    }
  },
  'sherpa.sshNode': async (d, arg) => {
    if (!trusted()) return undefined;
    const n = nodeOf(arg);
    if (!n) return undefined;
    try {
      return await d.ssh.show(n.lab, n.node);
    } catch (e) {
      return failed(d, 'SSH', e);
    }
  },
  /** capture on a node's data interface: picked, or given as `{ lab, node, iface }` */
  'sherpa.captureInterface': async (d, arg) => {
    if (!trusted()) return undefined;
    const n = nodeOf(arg);
    if (!n) return undefined;
    try {
      let iface = (arg as { iface?: unknown }).iface;
      if (typeof iface !== 'string') {
        const names = await d.labs.engine.dataInterfaces(n.lab, n.node);
        if (!names.length) throw new Error(`${n.node} has no data interface`);
        iface = await vscode.window.showQuickPick(names, { title: `Capture on an interface of ${n.node}` });
      }
      return typeof iface === 'string' ? await d.captures.show(n.lab, n.node, iface) : undefined;
    } catch (e) {
      return failed(d, 'Capture', e);
    }
  },
  /** a new impairment for an impaired link of a running lab: picked and typed, or given as
   *  `{ lab, endpoint, impairment }` (the manifest is not edited) */
  'sherpa.impairLink': async (d, arg) => {
    if (!trusted()) return undefined;
    const id = labOf(d, arg);
    if (!id) return undefined;
    try {
      const given = arg as { endpoint?: unknown; impairment?: unknown } | undefined;
      let endpoint = typeof given?.endpoint === 'string' ? given.endpoint : undefined;
      let impairment = given?.impairment as Impairment | undefined;
      if (!endpoint || !impairment) {
        const links = (await d.labs.engine.status({ relays: true })).find((l) => l.id === id)?.relay?.links ?? [];
        if (!links.length)
          throw new Error(
            'this lab has no impaired links (p2p = true links with an `impairment` table when it started)',
          );
        const items = links.map((l) => ({
          label: `${l.src} - ${l.dst}`,
          description: describeImpairment(l.impairment),
          link: l,
        }));
        // a link named by either endpoint (the topology view's menu on a link) is not picked again
        const named = endpoint && items.find((i) => i.link.src === endpoint || i.link.dst === endpoint);
        if (endpoint && !named) throw new Error(`${endpoint} is not an impaired link of this lab`);
        const pick = named || (await vscode.window.showQuickPick(items, { title: 'Impair a link' }));
        if (!pick) return undefined;
        endpoint = pick.link.src;
        const text = await vscode.window.showInputBox({
          title: `Impairment of ${pick.label} (ms and percent, each way; the manifest is not edited)`,
          value: IMPAIRMENT_FIELDS.map(([k, f]) => `${k}=${pick.link.impairment[f]}`).join(' '),
          validateInput: (t) => {
            const r = parseImpairment(t);
            return 'error' in r ? r.error : undefined;
          },
        });
        const r = text === undefined ? undefined : parseImpairment(text);
        if (!r || 'error' in r) return undefined;
        impairment = r.ok;
      }
      const l = await d.labs.run(id, 'impair', () => d.labs.engine.impairLink(id, endpoint!, impairment!));
      d.log.info(`link ${l.src} - ${l.dst}: ${describeImpairment(l.impairment)}`);
      void vscode.window.showInformationMessage(`Link ${l.src} - ${l.dst}: ${describeImpairment(l.impairment)}`);
      return l;
    } catch (e) {
      return failed(d, 'Impair Link', e);
    }
  },
  /** the topology view of a manifest (an editor's, a tree lab's, or the active editor's) */
  'sherpa.showTopology': async (d, arg) => {
    const lab = arg && typeof arg === 'object' && 'lab' in arg ? d.labs.lab(labOf(d, arg) ?? '') : undefined;
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : lab?.manifest
          ? vscode.Uri.file(lab.manifest)
          : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showWarningMessage('Show Topology: open a manifest.toml first');
      return undefined;
    }
    try {
      return await d.topology.show(uri);
    } catch (e) {
      return failed(d, 'Show Topology', e);
    }
  },
  'sherpa.relayoutTopology': async (d, arg) => {
    const uri = arg instanceof vscode.Uri ? arg : d.topology.active;
    if (uri) await d.topology.relayout(uri);
  },
  // a second argument (a file URI) saves there without asking: for scripts and tests
  'sherpa.exportTopologySvg': (d, arg, to) => {
    const uri = arg instanceof vscode.Uri ? arg : d.topology.active;
    return uri && d.topology.export(uri, 'svg', to instanceof vscode.Uri ? to : undefined);
  },
  'sherpa.exportTopologyPng': (d, arg, to) => {
    const uri = arg instanceof vscode.Uri ? arg : d.topology.active;
    return uri && d.topology.export(uri, 'png', to instanceof vscode.Uri ? to : undefined);
  },
  'sherpa.copyLoopback': async (d, arg) => {
    const n = nodeOf(arg);
    const dom = n && d.labs.domain(n.lab, n.node);
    if (dom) {
      await vscode.env.clipboard.writeText(nodeAddress(dom.meta));
      void vscode.window.showInformationMessage(`Copied ${nodeAddress(dom.meta)}`);
    }
  },
  'sherpa.showDomainXml': async (d, arg) => {
    const n = nodeOf(arg);
    const dom = n && d.labs.domain(n.lab, n.node);
    if (!dom) return;
    if (!trusted()) return;
    let xml: string;
    try {
      xml = await d.labs.engine.domainXml(dom.meta.lab, dom.meta.node);
    } catch (e) {
      return failed(d, 'Show Domain XML', e);
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'xml', content: xml }), {
      preview: true,
    });
  },
  /** a node's day-0 files as `up` renders them: from a tree node, {manifest, node}, or the open manifest */
  'sherpa.showGeneratedConfig': async (d, arg) => {
    if (!trusted()) return undefined;
    const n = nodeOf(arg);
    const a = (arg ?? {}) as { manifest?: unknown; node?: unknown };
    // the manifest named, else the tree node's lab's, else the open editor's
    const path = typeof a.manifest === 'string' ? a.manifest : n && (d.labs.lab(n.lab)?.manifest || undefined);
    const manifest = path !== undefined ? vscode.Uri.file(path) : vscode.window.activeTextEditor?.document.uri;
    if (!manifest || manifest.scheme !== 'file') {
      void vscode.window.showWarningMessage('Show Generated Config: open a manifest.toml first');
      return undefined;
    }
    let node = n?.node ?? (typeof a.node === 'string' ? a.node : undefined);
    if (!node) {
      const doc = await vscode.workspace.openTextDocument(manifest);
      const names = manifestView(doc).nodes.flatMap((x) => (x.name ? [x.name.value] : []));
      node = await vscode.window.showQuickPick(names, { placeHolder: 'Node whose generated config to show' });
      if (!node) return undefined;
    }
    try {
      return await d.generated.show(manifest, node, await d.labs.engine.generatedConfig(manifest.fsPath, node));
    } catch (e) {
      return failed(d, 'Show Generated Config', e);
    }
  },
  'sherpa.revealNode': async (d, arg) => {
    const n = nodeOf(arg);
    const lab = n && d.labs.lab(n.lab);
    if (!n || !lab?.manifest) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(lab.manifest));
    const node = manifestView(doc).nodeByName.get(n.node);
    const editor = await vscode.window.showTextDocument(doc);
    if (node?.name) {
      const r = new vscode.Range(doc.positionAt(node.name.start), doc.positionAt(node.name.end));
      editor.selection = new vscode.Selection(r.start, r.end);
      editor.revealRange(r, vscode.TextEditorRevealType.InCenter);
    }
  },
  'sherpa.focusLab': async (d, arg) => {
    const id = labOf(d, arg);
    const lab = id && d.labs.lab(id);
    if (lab) await d.tree.view.reveal({ kind: 'lab', lab }, { expand: true, focus: false, select: true });
  },
  'sherpa.importImage': async (d) => {
    if (!trusted()) return;
    const model = await vscode.window.showQuickPick(
      catalog()
        .models.filter((m) => m.kind !== 'container')
        .map((m) => ({
          label: m.name,
          description: m.title,
          detail: `${m.kind}${m.bootMode ? `, ${m.bootMode}` : ''}: ${catalog().imageFile(m)}`,
        })),
      { title: 'Import image: model' },
    );
    if (!model) return;
    const version = await vscode.window.showInputBox({
      title: `Import image for ${model.label}: version`,
      validateInput: (v) =>
        /^[A-Za-z0-9_.+-]+$/.test(v) && v !== '.' && v !== '..' ? undefined : "letters, digits, '.', '_', '+' and '-'",
    });
    if (!version) return;
    const file = await vscode.window.showOpenDialog({
      title: `Image file for ${model.label} ${version}`,
      canSelectMany: false,
    });
    if (!file?.[0]) return;
    try {
      const r = importImage({ imagesDir: settings().imagesDir, model: model.label, version, file: file[0].fsPath });
      d.images.refresh();
      await d.language.rescanImages();
      void vscode.window.showInformationMessage(`Imported ${r.path}${r.isDefault ? ' (default version)' : ''}`);
    } catch (e) {
      failed(d, 'Import image', e);
    }
  },
  'sherpa.checkHost': async (d) => {
    const b = d.labs.backend;
    const uri = settings().libvirtUri;
    const msg =
      b.state === 'unreachable'
        ? `libvirt at ${uri} is unreachable: ${b.reason}. Install and start libvirt + QEMU (on Debian: ` +
          `libvirt-daemon-system qemu-system-x86 qemu-utils), or set sherpa.libvirt.uri. Language features work ` +
          `without it.`
        : `libvirt at ${uri} is ${b.state === 'ok' ? 'reachable' : 'not checked yet'}.`;
    const pick = await vscode.window.showInformationMessage(msg, 'Open Settings', 'View Logs');
    if (pick === 'Open Settings')
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.libvirt`);
    if (pick === 'View Logs') d.log.show();
  },
  // for Even Better TOML users: taplo reads `#:schema` to validate and complete a TOML file with our schema
  'sherpa.insertSchemaDirective': async (d) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const first = editor.document.lineAt(0).text;
    const line = `#:schema ${d.schemaUri}`;
    await editor.edit((e) =>
      first.startsWith('#:schema')
        ? e.replace(editor.document.lineAt(0).range, line)
        : e.insert(new vscode.Position(0, 0), `${line}\n`),
    );
  },
  // arguments only from code (tests, other extensions): each is checked, the rest is asked for
  'sherpa.newManifest': (_d, arg) => {
    const a = (arg && typeof arg === 'object' ? arg : {}) as Record<string, unknown>;
    return newManifest({
      folder: a.folder instanceof vscode.Uri ? a.folder : undefined,
      starter: a.starter === 'vms' || a.starter === 'unikernels' ? a.starter : undefined,
      name: typeof a.name === 'string' ? a.name : undefined,
    });
  },
  'sherpa.silenceLibvirtWarning': () =>
    vscode.workspace
      .getConfiguration(SECTION)
      .update('warnWhenLibvirtMissing', false, vscode.ConfigurationTarget.Global),
};

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(deps, ...args)));
  }
}
