// Writes schemas/manifest.schema.json from the catalog (run by scripts/build.mjs): the JSON Schema that
// Even Better TOML (taplo) uses through contributes.tomlValidation. Generated, never committed, so the
// catalog stays the only copy of the model table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../common/catalog/catalog';
import { manifestJsonSchema } from '../common/catalog/jsonSchema';

const out = join(process.argv[2] ?? '.', 'schemas');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'manifest.schema.json'), JSON.stringify(manifestJsonSchema(catalog()), null, 2) + '\n');
