// What a node is provisioned with, read from the manifest and the files it names. Gathered by `up`
// (which reads the files) and handed to the pure renderers; every refusal names the node and the key.
import type { TomlTable } from '../../../../common/toml/ast';

export interface TextFile {
  dst: string;
  content: Buffer;
  user: string;
  group: string;
  /** octal digits as Sherpa writes them (`644`) */
  permissions: number;
}
export interface Script {
  /** the file's base name: where it lands in the guest */
  name: string;
  content: Buffer;
}
export interface ProvisionInput {
  /** OpenSSH public keys (`<alg> <base64>`): Sherpa's key first, then the manifest's */
  keys: string[];
  textFiles: TextFile[];
  startupScripts: Script[];
  userScripts: Script[];
  env: [string, string][];
  /** the manifest's `ztp_config` file: replaces the generated day-0 file under its name, as in Sherpa */
  ztpConfig?: string;
}

/** the file-valued keys of a node, in the order they are read: what `up` must load before planning */
export interface FileRequest {
  key: 'text_files' | 'startup_scripts' | 'user_scripts' | 'ssh_authorized_key_files';
  /** the path as written in the manifest */
  path: string;
  /** for text_files: the rest of the entry */
  entry?: TomlTable;
}

/** a script lands at /opt/sherpa/<kind>/<name>: the name is a plain file name, never a path or an option */
export const SCRIPT_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
