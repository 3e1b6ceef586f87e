// Reads what the manifest asks each provisioned node to get: SSH keys, text_files, scripts and
// environment variables, with the files they name (relative to the manifest, `~/` at home). Every
// refusal names the node and the key, and comes before anything is created.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { resolveFromManifest } from '../../../common/manifest/fileProbe';
import { ZTP_CONFIG_METHODS } from '../../../common/manifest/rules/kinds';
import {
  int,
  str,
  stringsAt as strings,
  tablesAt as tables,
  type ManifestView,
  type NodeView,
} from '../../../common/manifest/view';
import type { TomlTable } from '../../../common/toml/ast';
import { publicKeyOf } from '../../../common/manifest/sshKeys';
import { SCRIPT_NAME, type ProvisionInput, type Script, type TextFile } from '../plan/provision/inputs';
import type { PlanProblem } from '../plan/types';

/** the nodes that get a day-0 medium: VMs whose model has a provisioning method */
export const provisioned = (n: NodeView) => n.modelInfo?.kind === 'vm' && n.modelInfo.ztp !== 'none';

/** what each method carries besides keys (the catalog's appliesTo says the same to the editor): a key the
 *  node's method does not use is a warning in the editor, and its files are not read */
const CARRIES: Record<string, Set<string>> = {
  'cloud-init': new Set(['text_files', 'startup_scripts', 'user_scripts', 'environment_variables']),
  ignition: new Set(['text_files', 'environment_variables']),
};

export function gatherProvision(
  view: ManifestView,
  manifestPath: string,
  sherpaKey: string,
  env: NodeJS.ProcessEnv = process.env,
): { inputs: Map<string, ProvisionInput>; problems: PlanProblem[] } {
  const inputs = new Map<string, ProvisionInput>();
  const problems: PlanProblem[] = [];
  for (const n of view.nodes) {
    if (!provisioned(n) || !n.name) continue;
    const node = n.name.value;
    const refuse = (message: string) => problems.push({ node, message });
    const file = (key: string, p: string): Buffer | undefined => {
      const path = resolveFromManifest(manifestPath, p);
      try {
        if (!statSync(path).isFile()) return void refuse(`${key}: ${p} is not a file`);
        return readFileSync(path);
      } catch (e) {
        return void refuse(
          `${key}: ${p} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
    };
    const input: ProvisionInput = { keys: [sherpaKey], textFiles: [], startupScripts: [], userScripts: [], env: [] };
    const carries = CARRIES[n.modelInfo!.ztp] ?? new Set<string>();
    strings(n.table, 'ssh_authorized_keys').forEach((k, i) => {
      const key = publicKeyOf(k);
      if (key) input.keys.push(key);
      else refuse(`ssh_authorized_keys[${i}] is not an OpenSSH public key ("<type> <base64> [comment]")`);
    });
    for (const t of tables(n.table, 'ssh_authorized_key_files')) {
      const src = str(t, 'source')?.value;
      const content = src === undefined ? undefined : file('ssh_authorized_key_files', src);
      if (content === undefined) continue;
      const key = publicKeyOf(content.toString('utf8').split('\n')[0]);
      if (key) input.keys.push(key);
      else refuse(`ssh_authorized_key_files: ${src} does not hold an OpenSSH public key`);
    }
    for (const t of carries.has('text_files') ? tables(n.table, 'text_files') : []) {
      const src = str(t, 'src')?.value;
      const content = src === undefined ? undefined : file('text_files', src);
      const entry = content && textFile(t, content);
      if (entry) input.textFiles.push(entry);
    }
    for (const t of carries.has('text_files') ? tables(n.table, 'text_files_data') : []) {
      const entry = textFile(t, Buffer.from(str(t, 'content')?.value ?? '', 'base64'));
      if (entry) input.textFiles.push(entry);
    }
    for (const [key, list] of [
      ['startup_scripts', input.startupScripts],
      ['user_scripts', input.userScripts],
    ] as const) {
      if (!carries.has(key)) continue;
      for (const p of strings(n.table, key)) {
        const content = file(key, p);
        const name = basename(p);
        if (content === undefined) continue;
        if (!SCRIPT_NAME.test(name)) refuse(`${key}: the file name ${JSON.stringify(name)} is not a plain file name`);
        else if (!content.length) refuse(`${key}: ${p} is empty`);
        else list.push({ name, content });
      }
      for (const t of tables(n.table, `${key}_data`)) {
        const s: Script = {
          name: str(t, 'filename')?.value ?? '',
          content: Buffer.from(str(t, 'content')?.value ?? '', 'base64'),
        };
        if (SCRIPT_NAME.test(s.name)) list.push(s);
        else refuse(`${key}_data: the file name ${JSON.stringify(s.name)} is not a plain file name`);
      }
    }
    // Sherpa's rule (NO): a custom config replaces the vendor file for the tftp, cdrom, disk and usb methods
    const ztp = str(n.table, 'ztp_config')?.value;
    if (ztp !== undefined && ZTP_CONFIG_METHODS.has(n.modelInfo!.ztp)) {
      const content = file('ztp_config', ztp);
      if (content) input.ztpConfig = content.toString('utf8');
    }
    for (const e of carries.has('environment_variables') ? strings(n.table, 'environment_variables') : []) {
      const eq = e.indexOf('=');
      const k = e.slice(0, eq);
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue; // reported by validation (rule S1)
      let v = e.slice(eq + 1);
      // Sherpa's CLI: a value that is exactly `$VAR` comes from the environment of whoever runs `up`
      const from = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(v)?.[1];
      if (from) {
        if (env[from] === undefined) {
          refuse(`environment_variables: ${k} takes $${from}, which is not set`);
          continue;
        }
        v = env[from]!;
      }
      input.env.push([k, v]);
    }
    inputs.set(node, input);
  }
  return { inputs, problems };
}

function textFile(t: TomlTable, content: Buffer): TextFile | undefined {
  const dst = str(t, 'dst')?.value;
  const user = str(t, 'user')?.value;
  const group = str(t, 'group')?.value;
  const permissions = int(t, 'permissions');
  // a missing field is a validation error: the manifest does not reach `up` with it
  if (!dst || !user || !group || permissions === undefined) return undefined;
  return { dst, content, user, group, permissions };
}
