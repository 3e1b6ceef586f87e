// Typed access to the model catalog and key schema (both JSON data in this folder). Everything that
// knows about models or manifest keys (validation, completion, hover, the lab engine) asks here.
import modelsData from './models.json';
import keysData from './keys.json';

export type NodeKind = 'vm' | 'container' | 'unikernel';
export type BootMode = 'direct_kernel' | 'disk_boot';

export interface ModelInfo {
  name: string;
  title: string;
  kind: NodeKind;
  bootMode?: BootMode;
  vcpu: number;
  memory: number;
  dataInterfaces: number;
  dedicatedMgmt: boolean;
  interfaces: string;
  nic: string;
  mtu: number;
  ztp: string;
  diskBus?: string;
  machine?: string;
  cpu?: string;
  firmware?: string;
}

export interface InterfaceTable {
  name: string;
  /** names by interface index: 0 is management, then the reserved ones, then the data interfaces */
  names: string[];
  reserved: number;
  index: Map<string, number>;
}

export type KeyType = 'string' | 'integer' | 'float' | 'boolean' | 'array' | 'table';
export type IntKind = 'u8' | 'u16' | 'u32' | 'u64' | 'i64';
export interface KeySpec {
  name: string;
  type: KeyType;
  int?: IntKind;
  of?: string;
  required?: boolean;
  default?: unknown;
  defaultFrom?: keyof ModelInfo;
  appliesTo?: string[];
  /** models the key has no effect on although `appliesTo` names their kind or method, and why */
  except?: { models: string[]; why: string };
  format?: string;
  unit?: string;
  internal?: boolean;
  doc: string;
}
export interface TableSpec {
  id: string;
  title: string;
  keys: Map<string, KeySpec>;
  required: KeySpec[];
}

export const INT_RANGES: Record<IntKind, [bigint, bigint]> = {
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 4294967295n],
  u64: [0n, 18446744073709551615n],
  i64: [-9223372036854775808n, 9223372036854775807n],
};

export class Catalog {
  readonly models: ModelInfo[];
  readonly tables = new Map<string, TableSpec>();
  private readonly byName = new Map<string, ModelInfo>();
  private readonly ifTables = new Map<string, InterfaceTable>();
  readonly imageFiles: Record<string, string>;

  constructor() {
    this.models = modelsData.models as ModelInfo[];
    for (const m of this.models) this.byName.set(m.name, m);
    this.imageFiles = modelsData.imageFiles;
    for (const [name, t] of Object.entries(modelsData.interfaceTables)) {
      const names = [t.mgmt, ...t.reserved];
      for (const r of t.data) for (let i = r.from; i <= r.to; i++) names.push(r.prefix + i);
      this.ifTables.set(name, {
        name,
        names,
        reserved: t.reserved.length,
        index: new Map(names.map((n, i) => [n, i])),
      });
    }
    for (const [id, t] of Object.entries(keysData.tables)) {
      const keys = new Map<string, KeySpec>();
      for (const [k, spec] of Object.entries(t.keys)) keys.set(k, { name: k, ...(spec as Omit<KeySpec, 'name'>) });
      this.tables.set(id, { id, title: t.title, keys, required: [...keys.values()].filter((k) => k.required) });
    }
  }

  model(name: string): ModelInfo | undefined {
    return this.byName.get(name);
  }
  table(id: string): TableSpec {
    return this.tables.get(id)!;
  }
  interfaces(model: ModelInfo): InterfaceTable {
    return this.ifTables.get(model.interfaces)!;
  }

  /** the image file a model boots from inside `<images_dir>/<model>/<version>/` (undefined for containers) */
  imageFile(model: ModelInfo): string | undefined {
    if (model.kind === 'container') return undefined;
    return this.imageFiles[model.kind === 'unikernel' ? (model.bootMode ?? 'direct_kernel') : 'vm'];
  }

  /** what a key's `appliesTo` may name for this model (keys.json): its kind (`vm`, `unikernel`, `direct_kernel`,
   *  ...), its provisioning method (`ztp:cloud-init`) or the model itself, for keys that apply per model
   *  (`ztp_config` on four container models) */
  static kindTags(model: ModelInfo): readonly string[] {
    let tags = KIND_TAGS.get(model);
    if (!tags) {
      const kind = model.kind === 'unikernel' ? ['unikernel', model.bootMode ?? 'direct_kernel'] : [model.kind];
      KIND_TAGS.set(model, (tags = [...kind, `ztp:${model.ztp}`, model.name]));
    }
    return tags;
  }
}

/** each model's tags, made once (the rules ask for them for every node) */
const KIND_TAGS = new WeakMap<ModelInfo, readonly string[]>();

let shared: Catalog | undefined;
/** the catalog is immutable data: one instance serves the whole process */
export function catalog(): Catalog {
  return (shared ??= new Catalog());
}
