// The NoCloud seed of a cloud-init node (provisioning.md §2.1): user-data, meta-data and
// network-config, as Sherpa writes them, rendered from data with a YAML library (quoting is its job).
// Where Sherpa has a fault (§7) this does the right thing: text_files are written after the users
// exist (`defer`), scripts run with the shell the guest has, the manifest's SSH keys are honoured.
import { stringify } from 'yaml';
import { SHERPA_DOMAIN, SHERPA_PASSWORD, SHERPA_USER } from './credentials';
import type { ProvisionInput } from './inputs';

/** how the node's management NIC is addressed: QEMU's user network or the lab's NAT network */
export interface Addressing {
  mac: string;
  address: string;
  prefix: number;
  gateway: string;
  dns: string[];
}
export interface SeedFiles {
  'user-data': string;
  'meta-data': string;
  'network-config': string;
}

/** guests without bash and the sudo group (Sherpa gives them `wheel` and /bin/sh) */
const BSD_LIKE = new Set(['alpine_linux', 'free_bsd', 'open_bsd']);
/** YAML as cloud-init and cloudbase-init read it: no line folding (keys and scripts stay on their lines) */
export const yamlText = (data: unknown) => stringify(data, { lineWidth: 0 });

export const STARTUP_DIR = '/opt/sherpa/startup_scripts';
export const USER_SCRIPTS_DIR = '/opt/sherpa/user_scripts';
export const ENV_PROFILE = '/etc/profile.d/sherpa-env.sh';

/** `644` -> `"0644"`: Sherpa writes the manifest's octal digits as a string */
export const octal = (permissions: number) => String(permissions).padStart(4, '0');
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** the environment as ENV_PROFILE holds it (cloud-init and Ignition write the same file) */
export const envProfile = (env: [string, string][]) => env.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join('');

export function cloudInitSeed(node: string, model: string, addr: Addressing, p: ProvisionInput): SeedFiles {
  const bsd = BSD_LIKE.has(model);
  const shell = bsd ? 'sh' : 'bash';
  const writeFiles: Record<string, unknown>[] = [];
  const runcmd: string[][] = [];
  for (const f of p.textFiles) {
    writeFiles.push({
      path: f.dst,
      content: f.content.toString('base64'),
      encoding: 'b64',
      owner: `${f.user}:${f.group}`,
      permissions: octal(f.permissions),
      // after users are made: a file owned by `sherpa` would otherwise be written before the user exists
      defer: true,
    });
  }
  for (const s of p.startupScripts) {
    const path = `${STARTUP_DIR}/${s.name}`;
    writeFiles.push({ path, content: s.content.toString('base64'), encoding: 'b64', permissions: '0755' });
    runcmd.push([shell, path]);
  }
  if (p.userScripts.length) {
    for (const s of p.userScripts) {
      writeFiles.push({
        path: `${USER_SCRIPTS_DIR}/${s.name}`,
        content: s.content.toString('base64'),
        encoding: 'b64',
        permissions: '0755',
      });
    }
    runcmd.push(['chown', '-R', `${SHERPA_USER}:${SHERPA_USER}`, USER_SCRIPTS_DIR]);
    for (const s of p.userScripts)
      runcmd.push(['su', '-', SHERPA_USER, '-c', `${shell} ${shellQuote(`${USER_SCRIPTS_DIR}/${s.name}`)}`]);
  }
  if (p.env.length) {
    writeFiles.push({
      path: ENV_PROFILE,
      content: envProfile(p.env),
      permissions: '0644',
    });
    // /etc/environment is read by pam_env, not a shell: double quotes only where the value needs them
    writeFiles.push({
      path: '/etc/environment',
      content: p.env.map(([k, v]) => `${k}=${/[\s"'\\]/.test(v) ? JSON.stringify(v) : v}\n`).join(''),
      append: true,
    });
  }
  const user: Record<string, unknown> = {
    name: SHERPA_USER,
    plain_text_passwd: SHERPA_PASSWORD,
    lock_passwd: false,
    ssh_authorized_keys: p.keys,
    sudo: 'ALL=(ALL) NOPASSWD:ALL',
    groups: [bsd ? 'wheel' : 'sudo'],
    shell: bsd ? '/bin/sh' : '/bin/bash',
  };
  const config: Record<string, unknown> = {
    hostname: node,
    fqdn: `${node}.${SHERPA_DOMAIN}`,
    manage_etc_hosts: true,
    ssh_pwauth: true,
    users: [user],
  };
  if (writeFiles.length) config.write_files = writeFiles;
  if (runcmd.length) config.runcmd = runcmd;
  const network = {
    version: 2,
    ethernets: {
      id0: {
        match: { macaddress: addr.mac },
        addresses: [`${addr.address}/${addr.prefix}`],
        routes: [{ to: '0.0.0.0/0', via: addr.gateway }],
        nameservers: { addresses: addr.dns, search: [SHERPA_DOMAIN] },
      },
    },
  };
  return {
    'user-data': `#cloud-config\n${yamlText(config)}`,
    'meta-data': yamlText({ 'instance-id': `iid-${node}`, 'local-hostname': `${node}.${SHERPA_DOMAIN}` }),
    'network-config': yamlText(network),
  };
}
