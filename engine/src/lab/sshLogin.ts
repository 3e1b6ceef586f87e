// SSH to a node as `sherpa` with the lab key: the readiness probe of provisioned VMs and the
// options every SSH entry point shares (the node's host key is new on every lab, so it is not kept).
import { execa } from 'execa';
import { SHERPA_USER } from '../plan/provision/credentials';

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

/** one login attempt running `true`; BatchMode: a missing key or user fails instead of asking */
export async function sshTrue(host: string, port: number, keyPath: string): Promise<boolean> {
  const r = await execa(
    'ssh',
    [...sshOptions(keyPath, port), '-o', 'BatchMode=yes', '-l', SHERPA_USER, '--', host, 'true'],
    { reject: false, stdin: 'ignore', timeout: 30_000 },
  );
  return r.exitCode === 0;
}

/** retries until a login works, the deadline passes or the signal aborts; backs off 250 ms -> 2 s */
export async function sshLoginWorks(
  host: string,
  port: number,
  keyPath: string,
  deadline: number,
  signal?: AbortSignal,
): Promise<boolean> {
  let delay = 250;
  while (Date.now() < deadline && !signal?.aborted) {
    if (await sshTrue(host, port, keyPath)) return true;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
  return false;
}
