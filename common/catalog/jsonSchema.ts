// A JSON Schema derived from the catalog: written at build time to schemas/manifest.schema.json, shipped in
// the VSIX and contributed through tomlValidation for Even Better TOML; also the benchmark's like-for-like
// reference for schema-based TOML tools. Generated, never committed: the catalog stays the only model table.
import { INT_RANGES, type Catalog, type KeySpec } from './catalog';

type Schema = Record<string, unknown>;

export function manifestJsonSchema(cat: Catalog): Schema {
  const defs: Record<string, Schema> = {};
  for (const [id, t] of cat.tables) {
    const properties: Record<string, Schema> = {};
    for (const ks of t.keys.values()) properties[ks.name] = keySchema(cat, ks);
    defs[id] = {
      type: 'object',
      additionalProperties: false,
      properties,
      required: [...t.keys.values()].filter((k) => k.required).map((k) => k.name),
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Sherpa lab manifest',
    $ref: '#/definitions/manifest',
    definitions: defs,
  };
}

function keySchema(cat: Catalog, ks: KeySpec): Schema {
  const base: Schema = { description: ks.doc };
  if (ks.format === 'model') return { ...base, type: 'string', enum: cat.models.map((m) => m.name) };
  switch (ks.type) {
    case 'integer': {
      const [lo, hi] = INT_RANGES[ks.int ?? 'i64'];
      return { ...base, type: 'integer', minimum: Number(lo), maximum: Number(hi) };
    }
    case 'float':
      return { ...base, type: 'number' };
    case 'array':
      return {
        ...base,
        type: 'array',
        items: ks.of === 'string' ? { type: 'string' } : ks.of === 'any' ? {} : { $ref: `#/definitions/${ks.of}` },
      };
    case 'table':
      return { ...base, $ref: `#/definitions/${ks.of}` };
    default:
      return { ...base, type: ks.type };
  }
}
