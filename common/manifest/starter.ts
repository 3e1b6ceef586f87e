// Starter manifests for "New Lab Manifest": two nodes and a link between them, which the rules find nothing
// wrong with. Models and interface names come from the catalog (no second table of them here).
import { catalog, type Catalog } from '../catalog/catalog';
import { labNameProblem, MAX_NODE_NAME } from './names';

export type StarterKind = 'vms' | 'unikernels';

export interface Starter {
  kind: StarterKind;
  label: string;
  detail: string;
}

interface StarterNode {
  name: string;
  model: string;
  /** keys written after the model, in order */
  extra?: Record<string, string | number>;
}

const NODES: Record<StarterKind, StarterNode[]> = {
  // what `sherpa new` writes (Sherpa's Manifest::example): two Linux VMs linked by their first data interfaces
  vms: [
    { name: 'dev01', model: 'ubuntu_linux' },
    { name: 'dev02', model: 'fedora_linux' },
  ],
  // generic ELF kernels booted directly; they have no data interface unless asked for one
  unikernels: [
    { name: 'uk1', model: 'generic_unikernel', extra: { data_interface_count: 1, kernel_cmdline: 'hello from uk1' } },
    { name: 'uk2', model: 'generic_unikernel', extra: { data_interface_count: 1, kernel_cmdline: 'hello from uk2' } },
  ],
};

export const STARTERS: readonly Starter[] = [
  { kind: 'vms', label: 'Two Linux VMs', detail: 'ubuntu_linux and fedora_linux, linked: what `sherpa new` writes' },
  { kind: 'unikernels', label: 'Two unikernels', detail: 'generic_unikernel (an ELF kernel booted directly), linked' },
];

/** a TOML basic string */
const quoted = (s: string) => JSON.stringify(s);

/** the first data interface of a model: its names table's entry after management and the reserved ones */
function firstDataInterface(cat: Catalog, model: string): string {
  const t = cat.interfaces(cat.model(model)!);
  return t.names[t.reserved + 1];
}

/** the text of a starter lab named `labName` */
export function starterManifest(kind: StarterKind, labName: string, cat: Catalog = catalog()): string {
  const nodes = NODES[kind];
  const [a, b] = nodes;
  const lines = [
    '# A Sherpa lab. Hover a key for what it does; Ctrl+Space completes keys, models and link ends.',
    `name = ${quoted(labName)}`,
    '',
  ];
  for (const n of nodes) {
    lines.push('[[nodes]]', `name = ${quoted(n.name)}`, `model = ${quoted(n.model)}`);
    for (const [k, v] of Object.entries(n.extra ?? {})) lines.push(`${k} = ${typeof v === 'string' ? quoted(v) : v}`);
    lines.push('');
  }
  lines.push(
    '[[links]]',
    `src = ${quoted(`${a.name}::${firstDataInterface(cat, a.model)}`)}`,
    `dst = ${quoted(`${b.name}::${firstDataInterface(cat, b.model)}`)}`,
  );
  return lines.join('\n') + '\n';
}

/** a lab name made from a folder's name: its allowed characters, or `lab` when none are left */
export function labNameFrom(folder: string): string {
  const name = folder
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, MAX_NODE_NAME);
  return labNameProblem(name) ? 'lab' : name;
}

/** where a new lab's manifest goes, relative to the workspace folder: Sherpa reads `manifest.toml` from the
 *  directory it runs in, one lab per directory, so the folder's own unless it has one, else a folder of the
 *  lab's name */
export function starterPath(folderHasManifest: boolean, labName: string): string {
  return folderHasManifest ? `${labName}/manifest.toml` : 'manifest.toml';
}
