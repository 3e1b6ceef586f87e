// The one place that runs virsh: argument arrays through execa (never a shell), the URI always
// explicit, errors turned into VirshError with virsh's own message.
import { execa } from 'execa';

export class VirshError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode?: number,
  ) {
    const msg = stderr.replace(/^error: /gm, '').trim() || `virsh ${args[0]} failed`;
    const hint = HOST_HINTS.find(([re]) => re.test(msg))?.[1];
    super(hint ? `${msg}\n${hint}` : msg);
  }
  /** "failed to get domain", "Storage pool not found", ... */
  get notFound(): boolean {
    return /failed to get|not found|no domain with matching|no storage (pool|vol)/i.test(this.stderr);
  }
}

// libvirt's messages for a host that is not set up say what broke, not what to do about it
const HOST_HINTS: [RegExp, string][] = [
  [
    /virtlogd-sock': (Connection refused|No such file)/,
    'virtlogd is not running on the libvirt host: start it (systemctl start virtlogd.socket, or `virtlogd -d` ' +
      'without systemd).',
  ],
  [
    /Could not access KVM kernel module|failed to initialize kvm|\/dev\/kvm.*Permission denied/i,
    'KVM is not usable here: set sherpa.domainType (or --domain-type) to "qemu" for software emulation.',
  ],
];

export interface VirshOptions {
  binary?: string;
  uri: string;
  timeoutMs?: number;
}

export class Virsh {
  constructor(readonly opts: VirshOptions) {}

  get uri(): string {
    return this.opts.uri;
  }

  async run(args: string[], timeoutMs = this.opts.timeoutMs ?? 60_000): Promise<string> {
    const full = ['-c', this.opts.uri, ...args];
    const r = await execa(this.opts.binary ?? 'virsh', full, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
    if (r.exitCode !== 0 || r.failed) throw new VirshError(args, String(r.stderr || r.message || ''), r.exitCode);
    return String(r.stdout).trim();
  }

  /** like run, but undefined when the object does not exist */
  async maybe(args: string[]): Promise<string | undefined> {
    try {
      return await this.run(args);
    } catch (e) {
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
  return host === '' || (!uri.includes('+') && host === 'localhost');
}

/** a URI whose transport runs a program to connect (`qemu+ext://`, `?command=`, or ssh's `netcat=`):
 *  only a user may choose such a URI, never a folder's settings */
export function uriRunsPrograms(uri: string): boolean {
  const scheme = /^([a-z0-9+.-]+):/i.exec(uri.trim())?.[1]?.toLowerCase() ?? '';
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  return scheme.split('+').includes('ext') || params.has('command') || params.has('netcat') || params.has('proxy');
}
