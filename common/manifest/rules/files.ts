// Sherpa's CLI-stage checks (C1): files the manifest points at (ztp_config, startup and user scripts,
// text_files sources) must exist and not be empty. Warnings: `sherpa validate` does not check them,
// `sherpa up` does. Only runs when the caller can look at files (a FileProbe).
import type { TomlString, TomlValue } from '../../toml/ast';
import type { NodeView } from '../view';
import type { RuleContext } from './context';

export type FileState = 'file' | 'empty' | 'missing' | 'not-a-key';
/** the state of a path as written in the manifest (relative to the manifest, `~` expanded); with
 *  `public-key`, a file whose first line is not an OpenSSH public key is `not-a-key` */
export type FileProbe = (path: string, expect?: 'public-key') => FileState;

/** the strings of a node that name files next to the manifest (Sherpa's CLI reads them), with what each is */
export function fileReferences(node: NodeView): { what: string; value: TomlString }[] {
  const out: { what: string; value: TomlString }[] = [];
  if (!namesFiles(node)) return out;
  const get = (k: string) => node.table.entries.get(k)?.value;
  // an empty text_files src is still a reference (to nothing): Sherpa's CLI fails on it
  const one = (what: string, v: TomlValue | undefined) => {
    if (v?.kind === 'string' && (v.value || what === 'text_file')) out.push({ what, value: v });
  };
  one('ztp_config', get('ztp_config'));
  for (const [key, what] of [
    ['startup_scripts', 'startup_script'],
    ['user_scripts', 'user_script'],
  ] as const) {
    const arr = get(key);
    if (arr?.kind === 'array') for (const item of arr.items) one(what, item);
  }
  const files = get('text_files');
  if (files?.kind === 'array') {
    for (const t of files.items) if (t.kind === 'table') one('text_file', t.entries.get('src')?.value);
  }
  const keys = get('ssh_authorized_key_files');
  if (keys?.kind === 'array') {
    for (const t of keys.items) if (t.kind === 'table') one('ssh_key_file', t.entries.get('source')?.value);
  }
  return out;
}

/** the keys whose values name files */
const FILE_KEYS = new Set(['ztp_config', 'startup_scripts', 'user_scripts', 'text_files', 'ssh_authorized_key_files']);
/** whether the node has a key that names files: most have none, and one pass over its keys tells (five lookups
 *  per node, each a scan of its keys, took 1.3 ms of a 10,000-node analysis) */
function namesFiles(node: NodeView): boolean {
  for (const e of node.table.entries.values()) if (FILE_KEYS.has(e.key)) return true;
  return false;
}

export function checkFiles(ctx: RuleContext, probe: FileProbe | undefined): void {
  if (!probe) return;
  for (const node of ctx.view.nodes) {
    const n = node.name?.value ?? '';
    for (const { what, value: v } of fileReferences(node)) {
      const state = probe(v.value, what === 'ssh_key_file' ? 'public-key' : undefined);
      if (state === 'not-a-key') {
        ctx.out.error(v, 'ssh-key', `${v.value} does not hold an OpenSSH public key (node '${n}'): up refuses it.`);
        continue;
      }
      if (state === 'missing') {
        const why = what === 'text_file' ? '' : ' (sherpa up needs it)';
        ctx.out.warn(v, 'missing-file', `Failed to read ${what} for node '${n}': ${v.value}${why}`);
      } else if (state === 'empty' && what !== 'text_file') {
        ctx.out.warn(v, 'missing-file', `${what} for node '${n}' is empty: ${v.value}`);
      }
    }
  }
}
