// SSH to a node as `sherpa` with the lab key: the readiness probe of provisioned VMs and the
// options every SSH entry point shares (the node's host key is new on every lab, so it is not kept).
import { execa } from 'execa';
import { SHERPA_USER } from '../plan/provision/credentials';
import { retryUntil } from './readiness';

/** options for a throwaway lab node: no host key checks or records, only the lab key, never a prompt */
export function sshOptions(keyPath: string, port: number): string[] {
  return [
    '-i',
    keyPath,
    '-p',
    String(port),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ConnectTimeout=10',
  ];
}

/** after the login: wait for cloud-init to finish, which restarts sshd (ssh_pwauth) and runs the scripts
 *  last. `status --wait` returns early once any module failed (a missing locale, say) while later stages
 *  still run: the final stage's boot-finished file is the end. A guest without cloud-init is ready at once */
const CLOUD_INIT_DONE =
  'if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null 2>&1; ' +
  'while [ ! -e /var/lib/cloud/instance/boot-finished ]; do sleep 0.5; done; fi; true';

/** one login attempt running `command`; BatchMode: a missing key or user fails instead of asking */
export async function sshRun(
  host: string,
  port: number,
  keyPath: string,
  command: string,
  timeoutMs: number,
): Promise<boolean> {
  const r = await execa(
    'ssh',
    [...sshOptions(keyPath, port), '-o', 'BatchMode=yes', '-l', SHERPA_USER, '--', host, command],
    { reject: false, stdin: 'ignore', timeout: Math.max(timeoutMs, 10_000) },
  );
  return r.exitCode === 0;
}

/** retries until a login works and cloud-init is done, the deadline passes or the signal aborts; backs
 *  off 250 ms -> 2 s between attempts */
export function sshLoginWorks(
  host: string,
  port: number,
  keyPath: string,
  deadline: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const probe = () => sshRun(host, port, keyPath, CLOUD_INIT_DONE, deadline - Date.now());
  return retryUntil(probe, deadline, signal, 250, 2000);
}
