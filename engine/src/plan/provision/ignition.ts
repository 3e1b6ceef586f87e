// Flatcar's Ignition config (provisioning.md §2.5), as data serialised to JSON: user `sherpa` with the
// password hash and every key (Sherpa's and the manifest's), sudo, hostname, the management address as a
// systemd-networkd unit, text_files. Modes are decimal in Ignition: `644` (octal digits) -> 420, once
// (Sherpa converts twice, §7).
import { ENV_PROFILE, envProfile } from './cloudInit';
import { SHERPA_DOMAIN, SHERPA_PASSWORD_SHA512_CRYPT, SHERPA_USER } from './credentials';
import type { Management } from './day0';
import type { ProvisionInput } from './inputs';

const dataUrl = (s: string | Buffer) => `data:;base64,${Buffer.from(s).toString('base64')}`;
const mode = (octalDigits: number) => parseInt(String(octalDigits), 8);

export function ignitionConfig(node: string, mgmt: Management, p: ProvisionInput): string {
  const files = [
    { path: '/etc/hostname', mode: 420, overwrite: true, contents: { source: dataUrl(`${node}\n`) } },
    {
      path: '/etc/sudoers.d/sherpa',
      mode: 288,
      contents: { source: dataUrl(`${SHERPA_USER} ALL=(ALL) NOPASSWD: ALL\n`) },
    },
    {
      path: '/etc/systemd/network/00-eth0.network',
      mode: 420,
      contents: {
        source: dataUrl(
          `[Match]\nName=eth0\n\n[Network]\nAddress=${mgmt.ip}/${mgmt.prefix}\nGateway=${mgmt.gateway}\n` +
            `DNS=${mgmt.dns}\nDomains=${SHERPA_DOMAIN}\n`,
        ),
      },
    },
    ...p.textFiles.map((f) => ({
      path: f.dst,
      mode: mode(f.permissions),
      user: { name: f.user },
      group: { name: f.group },
      overwrite: true,
      contents: { source: dataUrl(f.content) },
    })),
  ];
  if (p.env.length)
    files.push({
      path: ENV_PROFILE,
      mode: 420,
      contents: { source: dataUrl(envProfile(p.env)) },
    });
  const config = {
    ignition: { version: '3.3.0' },
    passwd: {
      users: [
        {
          name: SHERPA_USER,
          passwordHash: SHERPA_PASSWORD_SHA512_CRYPT,
          sshAuthorizedKeys: p.keys,
          groups: ['wheel', 'docker'],
        },
      ],
    },
    storage: { files },
  };
  return JSON.stringify(config, null, 2) + '\n';
}
