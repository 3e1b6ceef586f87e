// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import type { EngineSettings } from '../../engine/src/lab/engine';
import type { DomainTypeSetting } from '../../engine/src/lab/hostFacts';
import type { NetworkMode } from '../../engine/src/plan/types';
import { homedir } from 'node:os';
import { defaultLabsDir, defaultUri, expandPath } from '../../engine/src/lab/settings';

export const SECTION = 'sherpa';

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
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  return {
    imagesDir: expandPath(c.get<string>('imagesDir') || '/opt/sherpa/images', base),
    manifestGlobs: c.get<string[]>('manifestGlobs') ?? [],
    libvirtUri: c.get<string>('libvirt.uri') || defaultUri(),
    labsDir: expandPath(c.get<string>('labsDir') || defaultLabsDir(), base),
    domainType: (c.get<string>('domainType') || 'auto') as DomainTypeSetting,
    virshPath: c.get<string>('virshPath') || 'virsh',
    warnWhenLibvirtMissing: c.get<boolean>('warnWhenLibvirtMissing') ?? true,
    readyTimeout: c.get<number>('readyTimeout') ?? 600,
    networkMode: (c.get<string>('networkMode') || 'user') as NetworkMode,
  };
}

export function engineSettings(s = settings()): EngineSettings {
  return { uri: s.libvirtUri, imagesDir: s.imagesDir, labsDir: s.labsDir, domainType: s.domainType, virshPath: s.virshPath, defaultReadyTimeoutSec: s.readyTimeout, networkMode: s.networkMode };
}

export function affects(e: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
