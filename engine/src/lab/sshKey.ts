// The key pair that logs in to every provisioned node as `sherpa`. Sherpa's own pair when this host
// has one (both tools then share nodes' keys), else one of ours, made once with ssh-keygen; a setting
// or --ssh-key names another. Only the public half goes into seeds; the private half never leaves.
import { execa } from 'execa';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { publicKeyOf, SHERPA_KEY_PATH } from '../plan/provision/credentials';
import { LabError } from './errors';

export interface KeyPair {
  /** the private key's path (its public half is `<path>.pub`) */
  path: string;
  /** `<alg> <base64>` */
  publicKey: string;
}

export function ownKeyPath(): string {
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'sherpa-labs', 'ssh', 'sherpa_ssh_key');
}

const readable = (p: string) => {
  try {
    accessSync(p, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

/** the key to use: `configured`, else Sherpa's (when both halves are readable), else ours (made when missing) */
export async function sherpaKeyPair(configured?: string): Promise<KeyPair> {
  const path =
    configured ?? (readable(SHERPA_KEY_PATH) && readable(`${SHERPA_KEY_PATH}.pub`) ? SHERPA_KEY_PATH : ownKeyPath());
  if (!configured && path !== SHERPA_KEY_PATH && !existsSync(`${path}.pub`)) await makeKeyPair(path);
  let line: string;
  try {
    line = readFileSync(`${path}.pub`, 'utf8').split('\n')[0];
  } catch (e) {
    throw new LabError(`SSH key ${path}.pub cannot be read: ${(e as Error).message}`);
  }
  const publicKey = publicKeyOf(line);
  if (!publicKey) throw new LabError(`SSH key ${path}.pub is not an OpenSSH public key`);
  return { path, publicKey };
}

/** RSA like Sherpa's (vendor day-0 formats take ssh-rsa only), written beside and renamed into place */
async function makeKeyPair(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.pub`, { force: true });
  const r = await execa('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-C', '', '-f', tmp], {
    reject: false,
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) {
    const why = (r as { code?: string }).code === 'ENOENT' ? 'ssh-keygen is not installed' : String(r.stderr).trim();
    throw new LabError(`cannot make the SSH key pair ${path}: ${why}`);
  }
  renameSync(tmp, path);
  renameSync(`${tmp}.pub`, `${path}.pub`);
}
