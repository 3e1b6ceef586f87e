// The lab state model of the extension: labs found in libvirt (the source of truth), refreshed from
// the engine's event stream (polling while it is down), plus the manifests of the workspace and
// which lab each one maps to. Views, code lenses and commands read it; one event says it changed.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { parseManifest } from '../../../common/manifest/view';
import {
  LabEngine,
  LabWatcher,
  labIdOf,
  splitDomainName,
  type Backend,
  type DomainInfo,
  type LabInfo,
} from '../../../engine/src/index';
import { affects, engineSettings } from '../config';
import { manifestView } from '../editor/manifestViews';

export class LabService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly started = new vscode.EventEmitter<{ lab: string; node: string }>();
  /** a node's domain started (consoles reconnect) */
  readonly onNodeStarted = this.started.event;
  private current?: LabEngine;
  labs: LabInfo[] = [];
  backend: Backend = { state: 'unknown' };
  /** lab ids with an operation in flight, and what it is */
  readonly busy = new Map<string, string>();
  private watcher?: LabWatcher;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          this.watcher &&
          affects(
            e,
            'libvirt.uri',
            'labsDir',
            'imagesDir',
            'domainType',
            'virshPath',
            'readyTimeout',
            'networkMode',
            'consoleAccess',
          )
        )
          this.restart();
      }),
    );
  }

  /** the engine, made on first use from the settings; only lab actions (trusted folders) ask for it */
  get engine(): LabEngine {
    if (!vscode.workspace.isTrusted) throw new Error('lab actions are disabled until this folder is trusted');
    return (this.current ??= new LabEngine(engineSettings()));
  }

  /** watch libvirt; called only once the folder is trusted (an untrusted folder spawns nothing) */
  start(): void {
    if (this.watcher || !vscode.workspace.isTrusted) return;
    this.watcher = new LabWatcher(this.engine, {
      onChange: (s) => {
        this.labs = s.labs;
        this.backend = s.backend;
        this.changed.fire();
      },
      onEvent: (e) => {
        this.log.debug(`libvirt event ${e.event} ${e.domain}: ${e.detail}`);
        const d = splitDomainName(e.domain);
        if (d && e.event === 'lifecycle' && e.detail.startsWith('Started')) this.started.fire(d);
      },
      onStream: (connected) => this.log.info(`libvirt event stream ${connected ? 'connected' : 'down: polling'}`),
    }).start();
  }

  private restart(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.current = undefined;
    this.labs = [];
    this.start();
  }

  /** the lab id a manifest maps to (user + lab name, like Sherpa), from an open document's current text or the
   *  file on disk; needs no engine, so works untrusted */
  labIdOf(manifest: vscode.Uri | vscode.TextDocument): string | undefined {
    try {
      const v =
        manifest instanceof vscode.Uri ? parseManifest(readFileSync(manifest.fsPath, 'utf8')) : manifestView(manifest);
      return v.name ? labIdOf(v) : undefined;
    } catch {
      return undefined;
    }
  }

  lab(id: string): LabInfo | undefined {
    return this.labs.find((l) => l.id === id);
  }

  /** a node's domain, from what libvirt reported last */
  domain(lab: string, node: string): DomainInfo | undefined {
    return this.lab(lab)?.domains.find((d) => d.meta.node === node);
  }

  async run<T>(labIdOrName: string, what: string, f: () => Promise<T>): Promise<T> {
    this.busy.set(labIdOrName, what);
    this.changed.fire();
    try {
      return await f();
    } finally {
      this.busy.delete(labIdOrName);
      await this.refresh();
    }
  }

  async refresh(): Promise<void> {
    await this.watcher?.refresh();
  }

  dispose(): void {
    this.watcher?.stop();
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    this.started.dispose();
  }
}
