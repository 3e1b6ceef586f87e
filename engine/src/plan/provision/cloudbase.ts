// Windows nodes read the same NoCloud seed through cloudbase-init (provisioning.md §2.1, Windows):
// user-data with `set_hostname` and the user in Administrators, the keys in
// C:\ProgramData\ssh\administrators_authorized_keys, text_files written, scripts run by PowerShell,
// environment variables set machine-wide; meta-data carries `public-keys`; network-config is version 1.
import { yamlText, type Addressing, type SeedFiles } from './cloudInit';
import { SHERPA_DOMAIN, SHERPA_PASSWORD, SHERPA_USER } from './credentials';
import { maskOf } from './day0';
import type { ProvisionInput } from './inputs';

export const WINDOWS_MODELS = new Set(['devbox_windows', 'windows_server']);
const psQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function cloudbaseSeed(node: string, addr: Addressing, p: ProvisionInput): SeedFiles {
  const writeFiles: Record<string, unknown>[] = [
    {
      path: 'C:\\ProgramData\\ssh\\administrators_authorized_keys',
      content: p.keys.join('\r\n') + '\r\n',
      permissions: '0644',
    },
    ...p.textFiles.map((f) => ({ path: f.dst, content: f.content.toString('base64'), encoding: 'b64' })),
    ...[...p.startupScripts, ...p.userScripts].map((s) => ({
      path: `C:\\ProgramData\\sherpa\\scripts\\${s.name}`,
      content: s.content.toString('base64'),
      encoding: 'b64',
    })),
  ];
  const runcmd = [
    ...p.env.map(
      ([k, v]) =>
        `powershell -NoProfile -Command [Environment]::SetEnvironmentVariable(${psQuote(k)}, ${psQuote(v)}, 'Machine')`,
    ),
    ...[...p.startupScripts, ...p.userScripts].map(
      (s) => `powershell -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\sherpa\\scripts\\${s.name}`,
    ),
  ];
  const config: Record<string, unknown> = {
    set_hostname: node,
    users: [{ name: SHERPA_USER, passwd: SHERPA_PASSWORD, primary_group: 'Administrators', groups: 'Administrators' }],
    write_files: writeFiles,
  };
  if (runcmd.length) config.runcmd = runcmd;
  const network = {
    version: 1,
    config: [
      {
        type: 'physical',
        name: 'eth0',
        mac_address: addr.mac,
        subnets: [
          {
            type: 'static',
            address: addr.address,
            netmask: maskOf(addr.prefix),
            gateway: addr.gateway,
            dns_nameservers: addr.dns,
            dns_search: [SHERPA_DOMAIN],
          },
        ],
      },
    ],
  };
  return {
    'user-data': `#cloud-config\n${yamlText(config)}`,
    'meta-data': yamlText({
      'instance-id': `iid-${node}`,
      'local-hostname': node,
      'public-keys': Object.fromEntries(p.keys.map((k, i) => [`key${i}`, k])),
    }),
    'network-config': yamlText(network),
  };
}
