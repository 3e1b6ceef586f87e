// Starts the manifest language server (server/dist/server.js) over stdio for manifest documents only:
// files named manifest.toml plus the user's extra globs. Other TOML files are never touched.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Topology } from '../../../common/manifest/topology';
import { SERVER_NODE_FLAGS } from '../../../common/serverFlags';
import { applyTopologyDelta, type TopologyAnswer } from '../../../common/manifest/topologyDelta';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { affects, settings } from '../config';

export const MANIFEST_LANGUAGE = 'sherpa-manifest';

/** the documents that are manifests: both the language client and the code lenses use it */
export function manifestFilters(globs: string[]): { language: string; pattern?: string }[] {
  return [
    { language: MANIFEST_LANGUAGE },
    { language: 'toml', pattern: '**/manifest.toml' },
    ...globs.map((pattern) => ({ language: 'toml', pattern })),
  ];
}

export class ManifestLanguageClient implements vscode.Disposable {
  private client?: LanguageClient;
  private readonly subs: vscode.Disposable[] = [];
  /** the last topology answered for each document, with its id: the next answer can be the changes since */
  private readonly topologies = new Map<string, { id: string; topology: Topology }>();
  /** how many topology answers came whole and how many as changes (for tests) */
  readonly topologyAnswers = { full: 0, delta: 0 };
  /** the extra manifest globs the running server was started with */
  private globs = JSON.stringify(settings().manifestGlobs);
  private readonly globsChanged = new vscode.EventEmitter<string[]>();
  /** the effective sherpa.manifestGlobs changed (the server restarts; other providers of manifests follow) */
  readonly onDidChangeGlobs = this.globsChanged.event;
  /** how many times the server was restarted for new globs, and the last restart (for tests) */
  restarts = 0;
  restarted: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'imagesDir', 'format')) this.configure();
        if (affects(e, 'manifestGlobs')) this.globsMayHaveChanged();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.topologies.delete(d.uri.toString())),
    );
  }

  /** send the settings the server uses (again: they change with the settings and with trust) */
  configure(): void {
    const s = settings();
    void this.ready.then(() =>
      this.client?.sendNotification('sherpa/configure', { imagesDir: s.imagesDir, format: s.format }),
    );
  }

  /** settles when the server has answered initialize (activation does not wait for it) */
  ready: Promise<void> = Promise.resolve();

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath(path.join('server', 'dist', 'server.js'));
    // over stdio, as the tests and benchmarks run it: Node's IPC channel took 28-31 ms to carry a 10,000-node
    // manifest's text to the server and back, stdio 19 (measured side by side, same server and flags)
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS] } },
      debug: {
        module,
        transport: TransportKind.stdio,
        options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] },
      },
    };
    const s = settings();
    this.globs = JSON.stringify(s.manifestGlobs);
    const clientOptions: LanguageClientOptions = {
      documentSelector: manifestFilters(s.manifestGlobs) as DocumentSelector,
      initializationOptions: { imagesDir: s.imagesDir, format: s.format },
      outputChannel: this.log,
    };
    this.client = new LanguageClient('sherpaManifest', 'Sherpa Manifest Language Server', serverOptions, clientOptions);
    this.ready = this.client.start();
    await this.ready;
  }

  /** the manifest's topology from the server's analysis of its current version (null: not a manifest); after
   *  the first, the server sends the changes since the last answer, applied here to the one they were made on */
  async topology(uri: vscode.Uri): Promise<Topology | null> {
    await this.ready;
    const key = uri.toString();
    const base = this.topologies.get(key);
    const a = await this.client?.sendRequest<TopologyAnswer | null>('sherpa/topology', { uri: key, since: base?.id });
    if (!a) return null;
    const t = 'full' in a ? a.full : applyTopologyDelta(base!.topology, a.delta);
    this.topologyAnswers['full' in a ? 'full' : 'delta']++;
    this.topologies.set(key, { id: a.id, topology: t });
    return t;
  }

  /** the server's counters and how its process was started (for tests) */
  async stats(): Promise<
    { analyses: number; incremental: number; rss: number; execArgv: string[]; argv: string[] } | undefined
  > {
    await this.ready;
    return this.client?.sendRequest('sherpa/stats');
  }

  /** ask the server to re-read the image store now (after an import, for instance) */
  async rescanImages(): Promise<void> {
    await this.ready;
    await this.client?.sendRequest('sherpa/rescanImages');
  }

  /** an event that names sherpa.manifestGlobs also comes when the effective value stays (a user value under a
   *  folder's, a settings file rewritten as it was): only a new value restarts the server, whose requests in
   *  flight (a format, a completion) would get no answer */
  private globsMayHaveChanged(): void {
    const globs = settings().manifestGlobs;
    const key = JSON.stringify(globs);
    if (key === this.globs) return;
    this.globs = key;
    this.restarts++;
    this.log.info(`sherpa.manifestGlobs is now ${this.globs}: restarting the language server`);
    this.restarted = this.restart().catch((e: Error) => this.log.error(`language server restart failed: ${e.message}`));
    this.globsChanged.fire(globs);
  }

  async restart(): Promise<void> {
    await this.client?.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    for (const s of this.subs) s.dispose();
    this.globsChanged.dispose();
    await this.client?.stop();
  }
}
