// When `virsh start` fails: transient or not, and what to tell the user. A busy host can make
// libvirtd give up on a QEMU during start-up ("qemu unexpectedly closed the monitor … terminating on
// signal 15"): that start is retried after a short backoff. A configuration error (a port in use, a
// missing file, bad XML) fails at once. The QEMU log's last lines go with the error, since libvirt's
// message is often only QEMU's last words.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CONFIG = [
  /address already in use|failed to find an available port/i,
  /no such file or directory|could not open|cannot access|does not exist|not found/i,
  /permission denied|operation not permitted/i,
  /unsupported configuration|xml error|invalid argument|not supported|unknown (machine|cpu|model)/i,
];
const TRANSIENT = [
  /qemu unexpectedly closed the monitor|process exited while connecting to monitor/i,
  /terminating on signal \d+ from pid/i,
  /monitor socket did not show up|timed out during operation|cannot acquire state change lock/i,
  /resource temporarily unavailable|connection reset by peer|end of file while reading data/i,
];

/** retried: libvirt's start-up failed without a configuration error */
export function isTransientStartFailure(message: string): boolean {
  return !CONFIG.some((re) => re.test(message)) && TRANSIENT.some((re) => re.test(message));
}

/** waits before the 2nd and 3rd attempt of a start */
export const START_RETRY_DELAYS_MS = [500, 2000];

/** where libvirt keeps a domain's QEMU log: the system daemon's, or the user's session daemon's */
export function qemuLogPath(uri: string, domain: string): string {
  return /\/session(\?|$)/.test(uri)
    ? join(homedir(), '.cache', 'libvirt', 'qemu', 'log', `${domain}.log`)
    : join('/var/log/libvirt/qemu', `${domain}.log`);
}

/** the last lines of the domain's QEMU log, from its last start on; undefined when it cannot be read */
export function qemuLogTail(uri: string, domain: string, lines = 6): string | undefined {
  let text: string;
  try {
    text = readFileSync(qemuLogPath(uri, domain), 'utf8');
  } catch {
    return undefined;
  }
  const all = text.trimEnd().split('\n');
  const tail = all.slice(-lines).filter((l) => !/is tainted:/.test(l));
  return tail.length ? tail.join('\n') : undefined;
}
