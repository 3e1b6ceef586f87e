// The lab state model of the extension: labs found in libvirt (the source of truth), refreshed from
// the engine's event stream (polling while it is down), plus the manifests of the workspace and
// which lab each one maps to. Views, code lenses and commands read it; one event says it changed.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { validateManifest } from '../../../common/manifest/validate';
import { labId } from '../../../engine/src/plan/labId';
import type { LabInfo } from '../../../engine/src/lab/discovery';
import { LabEngine } from '../../../engine/src/lab/engine';
import { currentUser } from '../../../engine/src/lab/hostFacts';
import { EventStream } from '../../../engine/src/libvirt/events';
import { affects, engineSettings } from '../config';

export type Backend = { state: 'unknown' } | { state: 'ok' } | { state: 'unreachable'; reason: string };

export class LabService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly started = new vscode.EventEmitter<{ lab: string; node: string }>();
  /** a node's domain started (consoles reconnect) */
  readonly onNodeStarted = this.started.event;
  engine: LabEngine;
  labs: LabInfo[] = [];
  backend: Backend = { state: 'unknown' };
  /** lab ids with an operation in flight, and what it is */
  readonly busy = new Map<string, string>();
  private stream?: EventStream;
  private refreshing?: Promise<void>;
  private again = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.engine = new LabEngine(engineSettings());
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'libvirt.uri', 'labsDir', 'imagesDir', 'domainType', 'virshPath', 'readyTimeout', 'networkMode')) this.restart();
    }));
  }

  start(): void {
    this.stream = new EventStream({
      uri: this.engine.settings.uri,
      binary: this.engine.settings.virshPath,
      onEvent: (e) => {
        this.log.debug(`libvirt event ${e.event} ${e.domain}: ${e.detail}`);
        if (e.event === 'lifecycle' && e.detail.startsWith('Started')) {
          const lab = /-([0-9a-f]{8})$/.exec(e.domain)?.[1];
          if (lab) this.started.fire({ lab, node: e.domain.slice(0, -9) });
        }
        void this.refresh();
      },
      onResync: (connected) => { this.log.info(`libvirt event stream ${connected ? 'connected' : 'down: polling'}`); void this.refresh() },
    }).start();
    void this.refresh();
  }

  private restart(): void {
    this.stream?.stop();
    this.engine = new LabEngine(engineSettings());
    this.labs = [];
    this.start();
  }

  /** re-read libvirt; calls that arrive while one runs are folded into one more run */
  refresh(): Promise<void> {
    if (this.refreshing) { this.again = true; return this.refreshing }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          this.labs = await this.engine.status();
          this.backend = { state: 'ok' };
        } catch (e) {
          this.backend = { state: 'unreachable', reason: (e as Error).message };
          this.labs = [];
        }
        this.changed.fire();
      } while (this.again);
    })().finally(() => { this.refreshing = undefined });
    return this.refreshing;
  }

  /** the lab id a manifest maps to (user + lab name, like Sherpa), or undefined if it has no name */
  labIdOf(manifest: vscode.Uri, text?: string): string | undefined {
    try {
      const v = validateManifest(text ?? readFileSync(manifest.fsPath, 'utf8')).view;
      return v.name ? labId(this.engine.settings.user ?? currentUser(), v.name.value) : undefined;
    } catch { return undefined }
  }

  lab(id: string): LabInfo | undefined { return this.labs.find((l) => l.id === id) }

  async run<T>(labIdOrName: string, what: string, f: () => Promise<T>): Promise<T> {
    this.busy.set(labIdOrName, what);
    this.changed.fire();
    try { return await f() } finally { this.busy.delete(labIdOrName); await this.refresh() }
  }

  dispose(): void {
    this.stream?.stop();
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    this.started.dispose();
  }
}
