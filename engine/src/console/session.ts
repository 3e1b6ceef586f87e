// A node's serial console: output replayed from the serial log and followed live (nothing is lost,
// and any number of viewers can watch), input sent over the node's console socket (QEMU serves one
// client at a time): telnet on its loopback address, or raw bytes over its private UNIX socket.
// Without a readable log (a remote host) output comes from the socket instead.
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { SerialLogFollower } from '../lab/serialLog';
import type { ConsoleEndpoint } from '../plan/metadata';
import { escapeInput, TelnetDecoder } from './telnet';

export interface ConsoleOptions {
  endpoint: ConsoleEndpoint;
  logPath?: string;
  onOutput: (data: Buffer) => void;
  onStatus?: (status: 'connected' | 'disconnected' | 'waiting', detail?: string) => void;
}

export class ConsoleSession {
  private socket?: Socket;
  private follower?: SerialLogFollower;
  private disposed = false;
  private retryMs = 50;
  private retryTimer?: NodeJS.Timeout;
  readonly fromLog: boolean;

  constructor(private readonly opts: ConsoleOptions) {
    this.fromLog = !!opts.logPath && existsSync(opts.logPath);
  }

  start(): this {
    if (this.fromLog) this.follower = new SerialLogFollower(this.opts.logPath!, (b) => this.opts.onOutput(b));
    this.connect();
    return this;
  }

  /** connect now (e.g. the node just started) instead of waiting for the next retry */
  reconnect(): void {
    if (this.disposed || this.socket) return;
    clearTimeout(this.retryTimer);
    this.retryMs = 50;
    this.connect();
  }

  private connect(): void {
    if (this.disposed) return;
    const e = this.opts.endpoint;
    const s = e.kind === 'unix' ? connect({ path: e.path }) : connect({ host: e.host, port: e.port });
    const telnet = e.kind === 'telnet';
    const decoder = new TelnetDecoder();
    s.on('connect', () => {
      this.socket = s;
      this.retryMs = 50;
      this.opts.onStatus?.('connected');
    });
    s.on('data', (d) => {
      const guest = telnet ? decoder.decode(d) : d;
      if (!this.fromLog && guest.length) this.opts.onOutput(guest);
      else this.follower?.pump(); // the log has the same bytes: read them now rather than at the next file event
    });
    s.on('error', () => {
      /* handled on close */
    });
    s.on('close', () => {
      const was = this.socket === s;
      if (was) this.socket = undefined;
      if (this.disposed) return;
      this.opts.onStatus?.(was ? 'disconnected' : 'waiting', e.kind === 'unix' ? e.path : `${e.host}:${e.port}`);
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 2000);
    });
  }

  get connected(): boolean {
    return !!this.socket;
  }

  write(data: string | Uint8Array): boolean {
    if (!this.socket) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.socket.write(this.opts.endpoint.kind === 'telnet' ? escapeInput(bytes) : bytes);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
    this.follower?.close();
  }
}
