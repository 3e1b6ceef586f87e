import type { EngineSettings } from './context';
export declare function defaultUri(): string;
export declare function defaultLabsDir(): string;
/** a folder setting as libvirt needs it: absolute; `~` is the home folder, `${workspaceFolder}` and
 *  relative paths are taken from `base` (the workspace folder in VS Code, the working folder on the CLI) */
export declare function expandPath(p: string, base?: string): string;
export declare function defaultSettings(o?: {
  uri?: string;
  imagesDir?: string;
  labsDir?: string;
  domainType?: string;
  networkMode?: string;
}): EngineSettings;
