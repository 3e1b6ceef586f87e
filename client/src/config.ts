// Typed access to the extension's settings (contributes.configuration in package.json). In an
// untrusted folder the settings that name paths, URIs or binaries are read from user settings only:
// a folder's .vscode/settings.json must not choose what we run or read.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import {
  defaultLabsDir,
  defaultUri,
  expandPath,
  uriRunsPrograms,
  type ConsoleAccess,
  type DomainTypeSetting,
  type EngineSettings,
  type NetworkMode,
} from '../../engine/src/index';

export const SECTION = 'sherpa';
/** settings a folder may not set until it is trusted (package.json's restrictedConfigurations) */
export const RESTRICTED = [
  'imagesDir',
  'labsDir',
  'libvirt.uri',
  'virshPath',
  'domainType',
  'networkMode',
  'consoleAccess',
  'sshKeyPath',
] as const;

export interface Settings {
  imagesDir: string;
  manifestGlobs: string[];
  libvirtUri: string;
  labsDir: string;
  domainType: DomainTypeSetting;
  virshPath: string;
  warnWhenLibvirtMissing: boolean;
  readyTimeout: number;
  networkMode: NetworkMode;
  consoleAccess: ConsoleAccess;
  /** the private key that logs in to provisioned nodes; empty: Sherpa's pair, else our own */
  sshKeyPath: string;
  /** the manifest formatter's options (taplo's), sent to the language server */
  format: {
    alignEntries: boolean;
    arrayAutoExpand: boolean;
    arrayAutoCollapse: boolean;
    columnWidth: number;
    allowedBlankLines: number;
  };
}

/** a setting's value; restricted ones come from user settings alone while the folder is untrusted */
function read<T>(c: vscode.WorkspaceConfiguration, key: string, trusted: boolean): T | undefined {
  if (trusted || !(RESTRICTED as readonly string[]).includes(key)) return c.get<T>(key);
  const i = c.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

export function settings(trusted = vscode.workspace.isTrusted): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const get = <T>(key: string) => read<T>(c, key, trusted);
  return {
    imagesDir: expandPath(get<string>('imagesDir') || '/opt/sherpa/images', base),
    manifestGlobs: get<string[]>('manifestGlobs') ?? [],
    libvirtUri: libvirtUri(c, trusted),
    labsDir: expandPath(get<string>('labsDir') || defaultLabsDir(), base),
    domainType: (get<string>('domainType') || 'auto') as DomainTypeSetting,
    virshPath: get<string>('virshPath') || 'virsh',
    warnWhenLibvirtMissing: get<boolean>('warnWhenLibvirtMissing') ?? true,
    readyTimeout: get<number>('readyTimeout') ?? 600,
    networkMode: (get<string>('networkMode') || 'user') as NetworkMode,
    consoleAccess: (get<string>('consoleAccess') || 'loopback') as ConsoleAccess,
    sshKeyPath: get<string>('sshKeyPath') ? expandPath(get<string>('sshKeyPath')!, base) : '',
    format: {
      alignEntries: get<boolean>('format.alignEntries') ?? false,
      arrayAutoExpand: get<boolean>('format.arrayAutoExpand') ?? true,
      arrayAutoCollapse: get<boolean>('format.arrayAutoCollapse') ?? true,
      columnWidth: get<number>('format.columnWidth') ?? 120,
      allowedBlankLines: get<number>('format.allowedBlankLines') ?? 2,
    },
  };
}

/** the effective URI, unless a folder chose one that runs a program: then the user's (see refusedUri) */
function libvirtUri(c: vscode.WorkspaceConfiguration, trusted: boolean): string {
  const i = c.inspect<string>('libvirt.uri');
  const user = i?.globalValue || defaultUri();
  return !trusted || refusedUri() ? user : c.get<string>('libvirt.uri') || defaultUri();
}

/**
 * A libvirt URI whose transport runs a program (`qemu+ext://`, `?command=`) is taken only from user
 * settings: even a trusted folder's settings must not pick a program for us to run. Returns why not.
 */
export function refusedUri(): string | undefined {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>('libvirt.uri');
  const fromFolder = [i?.workspaceValue, i?.workspaceFolderValue].filter((v): v is string => !!v);
  const bad = fromFolder.find((u) => uriRunsPrograms(u));
  return bad === undefined
    ? undefined
    : `the folder's sherpa.libvirt.uri (${bad}) runs a program to connect; such URIs are only taken from user settings`;
}

export function engineSettings(s = settings()): EngineSettings {
  return {
    uri: s.libvirtUri,
    imagesDir: s.imagesDir,
    labsDir: s.labsDir,
    domainType: s.domainType,
    virshPath: s.virshPath,
    defaultReadyTimeoutSec: s.readyTimeout,
    networkMode: s.networkMode,
    consoleAccess: s.consoleAccess,
    ...(s.sshKeyPath ? { sshKeyPath: s.sshKeyPath } : {}),
  };
}

export function affects(e: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
