// Engine defaults from the environment, shared by the CLI and the extension (which overrides them
// with its settings).
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ConsoleAccess, EngineSettings } from './context';
import type { DomainTypeSetting } from './hostFacts';
import type { NetworkMode } from '../plan/types';

export function defaultUri(): string {
  return process.env.LIBVIRT_DEFAULT_URI || (process.getuid?.() === 0 ? 'qemu:///system' : 'qemu:///session');
}

export function defaultLabsDir(): string {
  return (
    process.env.SHERPA_LABS_DIR ||
    join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'sherpa-labs', 'labs')
  );
}

/** a folder setting as libvirt needs it: absolute; `~` is the home folder, `${workspaceFolder}` and
 *  relative paths are taken from `base` (the workspace folder in VS Code, the working folder on the CLI) */
export function expandPath(p: string, base = process.cwd()): string {
  const s = p
    .trim()
    .replace(/^\$\{workspaceFolder\}(?=$|[\\/])/, base)
    .replace(/^~(?=$|\/)/, homedir());
  return isAbsolute(s) ? resolve(s) : resolve(base, s);
}

export function defaultSettings(
  o: {
    uri?: string;
    imagesDir?: string;
    labsDir?: string;
    domainType?: string;
    networkMode?: string;
    consoleAccess?: string;
  } = {},
): EngineSettings {
  const networkMode = (o.networkMode || process.env.SHERPA_NETWORK_MODE || 'user') as NetworkMode;
  if (!['user', 'nat'].includes(networkMode)) throw new Error(`network mode must be user or nat, not '${networkMode}'`);
  const consoleAccess = (o.consoleAccess || process.env.SHERPA_CONSOLE_ACCESS || 'loopback') as ConsoleAccess;
  if (!['loopback', 'private'].includes(consoleAccess)) {
    throw new Error(`console access must be loopback or private, not '${consoleAccess}'`);
  }
  const domainType = (o.domainType || process.env.SHERPA_DOMAIN_TYPE || 'auto') as DomainTypeSetting;
  if (!['auto', 'kvm', 'qemu'].includes(domainType))
    throw new Error(`domain type must be auto, kvm or qemu, not '${domainType}'`);
  return {
    uri: o.uri || defaultUri(),
    imagesDir: expandPath(o.imagesDir || process.env.SHERPA_IMAGES_DIR || '/opt/sherpa/images'),
    labsDir: expandPath(o.labsDir || defaultLabsDir()),
    domainType,
    networkMode,
    consoleAccess,
    ...(process.env.SHERPA_SSH_DIR ? { sshDir: expandPath(process.env.SHERPA_SSH_DIR) } : {}),
    ...(process.env.SHERPA_SSH_KEY ? { sshKeyPath: expandPath(process.env.SHERPA_SSH_KEY) } : {}),
  };
}
