// The one place that runs virsh: argument arrays through execa (never a shell), the URI always
// explicit, errors turned into VirshError with virsh's own message.
import { execa } from 'execa';

export class VirshError extends Error {
  constructor(readonly args: string[], readonly stderr: string, readonly exitCode?: number) {
    super(stderr.replace(/^error: /gm, '').trim() || `virsh ${args[0]} failed`);
  }
  /** "failed to get domain", "Storage pool not found", ... */
  get notFound(): boolean { return /failed to get|not found|no domain with matching|no storage (pool|vol)/i.test(this.stderr) }
}

export interface VirshOptions { binary?: string; uri: string; timeoutMs?: number }

export class Virsh {
  constructor(readonly opts: VirshOptions) {}

  get uri(): string { return this.opts.uri }

  async run(args: string[], timeoutMs = this.opts.timeoutMs ?? 60_000): Promise<string> {
    const full = ['-c', this.opts.uri, ...args];
    const r = await execa(this.opts.binary ?? 'virsh', full, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
    if (r.exitCode !== 0 || r.failed) throw new VirshError(args, String(r.stderr || r.message || ''), r.exitCode);
    return String(r.stdout).trim();
  }

  /** like run, but undefined when the object does not exist */
  async maybe(args: string[]): Promise<string | undefined> {
    try { return await this.run(args) } catch (e) {
      if (e instanceof VirshError && e.notFound) return undefined;
      throw e;
    }
  }
}

/** qemu:///system and qemu:///session run here; anything with a host part is another machine */
export function isLocalUri(uri: string): boolean {
  const m = /^[a-z0-9+]+:\/\/([^/]*)\//i.exec(uri);
  if (!m) return true;
  const host = m[1].replace(/^.*@/, '').replace(/:\d+$/, '');
  return host === '' || (!uri.includes('+') && (host === 'localhost'));
}
