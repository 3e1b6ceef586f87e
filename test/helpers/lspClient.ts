// A minimal LSP client over stdio for protocol tests and benchmarks: spawns the bundled server.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../common/serverFlags';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = resolve(__dirname, '../../../server/dist/server.js');

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private readonly waiters: { uri: string; version?: number; resolve: (d: PublishDiagnosticsParams) => void }[] = [];
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  stderr = '';

  constructor(args: string[] = ['--stdio'], server = SERVER) {
    // started as the extension starts it
    this.proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, server, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => {
      this.stderr += d;
    });
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(i, 1);
          w.resolve(p);
        }
      }
    });
    this.conn.listen();
  }

  async initialize(initializationOptions: Record<string, unknown> = {}): Promise<unknown> {
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  /** resolves with the next diagnostics published for uri (at that version, if given) */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, version);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'sherpa-manifest', version, text },
    });
    return (await next).diagnostics;
  }

  async change(uri: string, version: number, changes: unknown[]): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return (await next).diagnostics;
  }

  /** a notification sent without waiting for what it causes (a burst of typing) */
  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async close(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) {
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          this.proc.kill();
          r();
        }, 2000);
        this.proc.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}
