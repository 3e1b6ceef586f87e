// Vendor day-0 configuration files (provisioning.md §2.2-2.7): which files a model gets comes from the
// catalog (common/catalog/provisioning.json), their text from Liquid templates in ./templates (data
// files, rendered by liquidjs: it escapes nothing it is not told to and runs no code from templates).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Liquid } from 'liquidjs';
import { catalog } from '../../../../common/catalog/catalog';
import provisioning from '../../../../common/catalog/provisioning.json';
import { SHERPA_DOMAIN, SHERPA_PASSWORD, SHERPA_PASSWORD_SHA256_CRYPT, SHERPA_USER } from './credentials';

export interface ModelProvisioning {
  /** output file name (`<node>` is replaced; may hold a folder) -> template name */
  files?: Record<string, string>;
  /** empty folders on the medium (PAN-OS bootstrap) */
  dirs?: string[];
  /** the medium's volume label (default `cidata`) */
  label?: string;
  /** the management interface as the vendor's configuration names it */
  interface?: string;
  license?: string;
  /** false: the day-0 format has no place for SSH keys */
  keys?: boolean;
  /** a file holding Sherpa's public key beside the config (MikroTik) */
  keyFile?: string;
  /** why the model is not provisioned (an upstream fault) */
  skipped?: string;
}

export function modelProvisioning(model: string): ModelProvisioning | undefined {
  return (provisioning.models as Record<string, ModelProvisioning>)[model];
}

export interface Management {
  ip: string;
  prefix: number;
  gateway: string;
  dns: string;
}

/** a public key in the forms vendor configurations take */
export interface KeyForms {
  type: string;
  blob: string;
  line: string;
  /** Cisco IOS `key-hash`: MD5 of the decoded blob, upper-case hex */
  md5: string;
  /** Cisco ASA `ssh authentication publickey … hashed`: SHA-256 of the blob, colon-separated hex */
  sha256: string;
}

export function keyForms(line: string): KeyForms {
  const [type, blob] = line.split(' ');
  const raw = Buffer.from(blob, 'base64');
  const hex = (alg: string) => createHash(alg).update(raw).digest('hex');
  return {
    type,
    blob,
    line: `${type} ${blob}`,
    md5: hex('md5').toUpperCase(),
    sha256: hex('sha256').match(/../g)!.join(':'),
  };
}

/** a prefix length as a dotted netmask (`24` -> `255.255.255.0`), as IOS, ASA and Windows write it */
export const maskOf = (prefix: number) =>
  [24, 16, 8, 0].map((s) => ((0xffffffff << (32 - prefix)) >>> s) & 0xff).join('.');

let liquid: Liquid | undefined;
function engine(): Liquid {
  if (liquid) return liquid;
  liquid = new Liquid({ root: templatesDir(), extname: '.liquid', strictVariables: true, strictFilters: true });
  liquid.registerFilter('base64', (s: string) => Buffer.from(String(s)).toString('base64'));
  liquid.registerFilter('xml_escape', (s: string) => String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`));
  return liquid;
}

/** beside the bundle (the build copies them) or, run from the sources, in the repository */
export function templatesDir(): string {
  const candidates = [
    join(__dirname, 'templates'),
    resolve(__dirname, '../../../../../engine/src/plan/provision/templates'),
    resolve(__dirname, '../../../../engine/src/plan/provision/templates'),
  ];
  const found = candidates.find((d) => existsSync(join(d, 'cisco_ios.liquid')));
  if (!found) throw new Error(`day-0 templates not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** every name a node's files can have in the lab's TFTP or HTTP folder (`<node>.conf`, SONiC's three): what
 *  destroy removes for a node when no journal says which it made */
export function servedFileNames(node: string): string[] {
  const served = catalog().models.filter((m) => m.ztp === 'tftp' || m.ztp === 'http');
  const names = served.flatMap((m) => Object.keys(modelProvisioning(m.name)?.files ?? {}));
  return [...new Set(names.map((n) => n.replace('<node>', node)))];
}

/** the day-0 files of a node: name -> content (an empty map for a model without day-0 files); `custom` (the
 *  manifest's ztp_config) replaces the first, main, file under its name */
export function day0Files(
  model: string,
  node: string,
  mgmt: Management,
  keys: string[],
  custom?: string,
  /** where the node fetches the rest of its files (HTTP ZTP), e.g. `http://172.31.1.1:8080/configs` */
  ztpUrl = '',
): Record<string, string> {
  const p = modelProvisioning(model);
  if (!p?.files) return {};
  const forms = keys.map(keyForms);
  const ctx = {
    node,
    domain: SHERPA_DOMAIN,
    user: SHERPA_USER,
    password: SHERPA_PASSWORD,
    password_sha256_crypt: SHERPA_PASSWORD_SHA256_CRYPT,
    license: p.license ?? '',
    ztp_url: ztpUrl,
    keys: p.keys === false ? [] : forms,
    rsa_keys: p.keys === false ? [] : forms.filter((k) => k.type === 'ssh-rsa'),
    mgmt: { ...mgmt, mask: maskOf(mgmt.prefix), interface: p.interface ?? 'eth0' },
  };
  const out: Record<string, string> = {};
  for (const [i, [name, template]] of Object.entries(p.files).entries()) {
    out[name.replace('<node>', node)] =
      i === 0 && custom !== undefined ? custom : engine().renderFileSync(template, ctx);
  }
  if (p.keyFile && keys[0]) out[p.keyFile] = `${keys[0]}\n`;
  return out;
}
