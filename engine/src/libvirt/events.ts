// Domain events from `virsh event --loop`, respawned with backoff when libvirtd goes away, with a
// polling fallback while the stream is down. Consumers see one callback per domain change.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { execa } from 'execa';

export interface DomainEvent {
  domain: string;
  event: string;
  detail: string;
}
const LINE = /event '([\w-]+)' for domain '([^']+)'(?:: (.*))?$/;

export function parseEventLine(line: string): DomainEvent | undefined {
  const m = LINE.exec(line.trim());
  return m ? { event: m[1], domain: m[2], detail: m[3] ?? '' } : undefined;
}

export interface EventStreamOptions {
  uri: string;
  binary?: string;
  onEvent: (e: DomainEvent) => void;
  /** the stream (re)started or stopped: consumers re-read full state, since events in a gap are lost */
  onResync: (connected: boolean) => void;
  /** how often to poll while the stream is down */
  pollMs?: number;
}

export class EventStream {
  private child?: ChildProcess;
  private stopped = false;
  private backoff = 100;
  private pollTimer?: NodeJS.Timeout;
  connected = false;

  constructor(private readonly opts: EventStreamOptions) {}

  start(): this {
    void this.spawn();
    return this;
  }

  private async spawn(): Promise<void> {
    if (this.stopped) return;
    // virsh prints nothing until the first event, so reachability is checked first: the stream
    // counts as connected once libvirt answers and the watcher runs
    const probe = await execa(this.opts.binary ?? 'virsh', ['-c', this.opts.uri, 'uri'], {
      reject: false,
      timeout: 15_000,
      stdin: 'ignore',
    });
    if (this.stopped) return;
    if (probe.exitCode !== 0) {
      this.retry();
      return;
    }
    const child = spawnEvents(this.opts, ['--all'], this.opts.onEvent);
    this.child = child;
    child.on('error', () => {
      /* reported through exit */
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      if (this.stopped) return;
      if (this.connected) {
        this.connected = false;
        this.opts.onResync(false);
      }
      this.retry();
    });
    this.connected = true;
    this.backoff = 100;
    this.stopPolling();
    this.opts.onResync(true);
  }

  private retry(): void {
    this.startPolling();
    setTimeout(() => void this.spawn(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 5000);
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => this.opts.onResync(false), this.opts.pollMs ?? 2000);
  }
  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  stop(): void {
    this.stopped = true;
    this.stopPolling();
    this.child?.kill();
  }
}

/**
 * Resolves true on the domain's next "Stopped" lifecycle event, false after timeoutMs. Start it before
 * the action that stops the domain; `cancel` ends the watch early.
 */
export function watchStopped(
  opts: { uri: string; binary?: string },
  domain: string,
  timeoutMs: number,
): { stopped: Promise<boolean>; cancel: () => void } {
  let child: ChildProcess;
  const stopped = new Promise<boolean>((resolve) => {
    child = spawnEvents(
      opts,
      ['--domain', domain, '--event', 'lifecycle', '--timeout', String(Math.ceil(timeoutMs / 1000))],
      (e) => {
        if (e.detail.startsWith('Stopped')) {
          resolve(true);
          child.kill();
        }
      },
    );
    child.on('error', () => resolve(false));
    child.on('exit', () => resolve(false));
  });
  return { stopped, cancel: () => child.kill() };
}

/** `virsh event --loop` with more arguments, each parsed event handed to onEvent */
function spawnEvents(
  opts: { uri: string; binary?: string },
  args: string[],
  onEvent: (e: DomainEvent) => void,
): ChildProcess {
  const child = spawn(opts.binary ?? 'virsh', ['-c', opts.uri, 'event', '--loop', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', (line) => {
    const e = parseEventLine(line);
    if (e) onEvent(e);
  });
  child.on('exit', () => rl.close());
  return child;
}
