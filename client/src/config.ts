// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';

export const SECTION = 'sherpa';

export interface Settings {
  imagesDir: string;
  manifestGlobs: string[];
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    imagesDir: c.get<string>('imagesDir') || '/opt/sherpa/images',
    manifestGlobs: c.get<string[]>('manifestGlobs') ?? [],
  };
}

export function affects(e: vscode.ConfigurationChangeEvent, ...keys: (keyof Settings)[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
