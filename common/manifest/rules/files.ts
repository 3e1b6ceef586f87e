// Sherpa's CLI-stage checks (C1): files the manifest points at (ztp_config, startup and user scripts,
// text_files sources) must exist and not be empty. Warnings: `sherpa validate` does not check them,
// `sherpa up` does. Only runs when the caller can look at files (a FileProbe).
import type { TomlValue } from '../../toml/ast';
import type { RuleContext } from './context';

export type FileState = 'file' | 'empty' | 'missing';
/** the state of a path as written in the manifest (relative to the manifest, `~` expanded) */
export type FileProbe = (path: string) => FileState;

export function checkFiles(ctx: RuleContext, probe: FileProbe | undefined): void {
  if (!probe) return;
  for (const node of ctx.view.nodes) {
    const n = node.name?.value ?? '';
    const one = (what: string, v: TomlValue | undefined) => {
      if (v?.kind !== 'string' || !v.value) return;
      const state = probe(v.value);
      if (state === 'missing')
        ctx.out.warn(v, 'missing-file', `Failed to read ${what} for node '${n}': ${v.value} (sherpa up needs it)`);
      else if (state === 'empty') ctx.out.warn(v, 'missing-file', `${what} for node '${n}' is empty: ${v.value}`);
    };
    const get = (k: string) => node.table.entries.get(k)?.value;
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
      for (const t of files.items) {
        const src = t.kind === 'table' ? t.entries.get('src')?.value : undefined;
        if (src?.kind === 'string' && probe(src.value) === 'missing')
          ctx.out.warn(src, 'missing-file', `Failed to read text_file for node '${n}': ${src.value}`);
      }
    }
  }
}
