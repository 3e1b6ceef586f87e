// Starts the manifest language server (server/dist/server.js) over IPC for manifest documents only:
// files named manifest.toml plus the user's extra globs. Other TOML files are never touched.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Topology } from '../../../common/manifest/topology';
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

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'imagesDir', 'format')) this.configure();
        if (affects(e, 'manifestGlobs')) void this.restart();
      }),
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
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const s = settings();
    const clientOptions: LanguageClientOptions = {
      documentSelector: manifestFilters(s.manifestGlobs) as DocumentSelector,
      initializationOptions: { imagesDir: s.imagesDir, format: s.format },
      outputChannel: this.log,
    };
    this.client = new LanguageClient('sherpaManifest', 'Sherpa Manifest Language Server', serverOptions, clientOptions);
    this.ready = this.client.start();
    await this.ready;
  }

  /** the manifest's topology from the server's analysis of its current version (null: not a manifest) */
  async topology(uri: vscode.Uri): Promise<Topology | null> {
    await this.ready;
    return (await this.client?.sendRequest<Topology | null>('sherpa/topology', { uri: uri.toString() })) ?? null;
  }

  /** ask the server to re-read the image store now (after an import, for instance) */
  async rescanImages(): Promise<void> {
    await this.ready;
    await this.client?.sendRequest('sherpa/rescanImages');
  }

  async restart(): Promise<void> {
    await this.client?.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    for (const s of this.subs) s.dispose();
    await this.client?.stop();
  }
}
