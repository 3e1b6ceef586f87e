// Bundles the extension client, the language server and the sherpa-lab CLI with esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync } from 'node:fs';

// --production (npm run package): minified, no source maps, for the VSIX
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};
const entries = [
  // taplo's formatter (35 MB of WebAssembly) is loaded on the first format request from node_modules, not bundled
  { entryPoints: ['server/src/server.ts'], outfile: 'server/dist/server.js', external: ['@taplo/lib'] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/dist/extension.js', external: ['vscode'] },
  { entryPoints: ['engine/src/cli.ts'], outfile: 'engine/dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // the impairment relay, a process the engine starts: beside both bundles that hold the engine
  { entryPoints: ['engine/src/relay/main.ts'], outfile: 'engine/dist/impairment-relay.js' },
  { entryPoints: ['engine/src/relay/main.ts'], outfile: 'client/dist/impairment-relay.js' },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => build({ ...common, ...e })));
// taplo's formatter beside the server bundle, which loads it on the first format request (VSIX included)
copyFileSync('node_modules/@taplo/lib/dist/index.js', 'server/dist/taplo.js');
// the day-0 templates beside both bundles that hold the engine (it reads them at run time: data, not code)
for (const dist of ['engine/dist', 'client/dist'])
  cpSync('engine/src/plan/provision/templates', `${dist}/templates`, { recursive: true });
// the manifest's JSON Schema, from the catalog (for Even Better TOML through contributes.tomlValidation)
await build({ ...common, sourcemap: false, entryPoints: ['scripts/writeSchema.ts'], outfile: 'out/writeSchema.js' });
execFileSync(process.execPath, ['out/writeSchema.js', '.']);
console.log(`built ${entries.map((e) => e.outfile).join(', ')}, schemas/manifest.schema.json`);
