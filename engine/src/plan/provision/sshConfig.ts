// The lab's `sherpa_ssh_config` in Sherpa's format (provisioning.md §4), one Host block per VM with
// SSH. HostName is where this backend's SSH answers: the node's forwarded loopback port in user mode
// (so no ProxyJump), its management address in nat mode.
import { SHERPA_DOMAIN, SHERPA_USER } from './credentials';

export const SSH_CONFIG_FILE = 'sherpa_ssh_config';
export const SSH_HOSTS_FILE = 'sherpa_lab_hosts';
export const SSH_HOSTS_HEADER = '# Sherpa lab SSH configs - managed by sherpa CLI';

export interface SshHost {
  node: string;
  /** `host:port` */
  endpoint: string;
}

/** `<node>.<lab>`: Sherpa's host alias for a node */
export const hostAlias = (node: string, lab: string) => `${node}.${lab}`;

export function sshConfigText(lab: string, hosts: SshHost[], identityFile: string): string {
  const blocks = hosts.map(({ node, endpoint }) => {
    const cut = endpoint.lastIndexOf(':');
    const [host, port] = [endpoint.slice(0, cut), endpoint.slice(cut + 1)];
    return [
      `Host ${hostAlias(node, lab)} ${hostAlias(node, lab)}.${SHERPA_DOMAIN}`,
      `  HostName ${host}`,
      `  Port ${port}`,
      `  User ${SHERPA_USER}`,
      `  IdentityFile ${identityFile}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  PubkeyAcceptedAlgorithms +ssh-rsa',
      '  HostkeyAlgorithms +ssh-rsa',
      '  KexAlgorithms +diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha1',
      '',
    ].join('\n');
  });
  return blocks.join('\n');
}

/** `~/.ssh/sherpa_lab_hosts` with `include` added (once) or removed; exact-line matching, as Sherpa's CLI */
export function editHostsFile(current: string | undefined, include: string, add: boolean): string {
  const line = `Include ${include}`;
  const lines = (current ?? `${SSH_HOSTS_HEADER}\n`).split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
  const kept = lines.filter((l) => l !== line);
  if (add) kept.push(line);
  return kept.join('\n') + '\n';
}

/** `~/.ssh/config` with `Include <hosts file>` on top, once; undefined when it is already there */
export function withHostsInclude(current: string | undefined, hostsFile: string): string | undefined {
  const line = `Include ${hostsFile}`;
  if ((current ?? '').split('\n').includes(line)) return undefined;
  return `${line}\n${current ?? ''}`;
}
