// Bundles the extension client, the language server and the sherpa-lab CLI with esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

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
  // taplo's formatter (26 MB of WebAssembly) is loaded on the first format request, not bundled (writeTaplo below)
  { entryPoints: ['server/src/server.ts'], outfile: 'server/dist/server.js', external: ['@taplo/lib'] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/dist/extension.js', external: ['vscode'] },
  { entryPoints: ['engine/src/cli.ts'], outfile: 'engine/dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // the impairment relay, a process the engine starts: beside both bundles that hold the engine
  { entryPoints: ['engine/src/relay/main.ts'], outfile: 'engine/dist/impairment-relay.js' },
  { entryPoints: ['engine/src/relay/main.ts'], outfile: 'client/dist/impairment-relay.js' },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => build({ ...common, ...e })));
// taplo's formatter beside the server bundle, which loads it on the first format request (VSIX included).
// Its npm build embeds the WebAssembly as one 35 MB base64 string that it decodes in JavaScript at load: 3.4 s
// before the first format answers. The module is written with that string replaced by a read of the binary
// (taplo.wasm, written beside it): the first format then waits about 0.3 s.
function writeTaplo() {
  const js = readFileSync('node_modules/@taplo/lib/dist/index.js', 'utf8');
  const m = /const (\w+)=\w+\("(?=[A-Za-z0-9+/]{1000})/.exec(js);
  const end = m ? js.indexOf('");', m.index) : -1;
  if (!m || end < 0 || /const \w+=\w+\("[A-Za-z0-9+/]{1000}/.test(js.slice(end)))
    throw new Error('@taplo/lib: its embedded WebAssembly was not found (once)');
  const wasm = Buffer.from(js.slice(m.index + m[0].length, end), 'base64');
  if (wasm.subarray(0, 4).toString('latin1') !== '\0asm')
    throw new Error('@taplo/lib: the embedded string is not wasm');
  writeFileSync('server/dist/taplo.wasm', wasm);
  const read = `const ${m[1]}=require("fs").readFileSync(require("path").join(__dirname,"taplo.wasm"));`;
  writeFileSync('server/dist/taplo.js', js.slice(0, m.index) + read + js.slice(end + 3));
}
writeTaplo();
// the day-0 templates beside both bundles that hold the engine (it reads them at run time: data, not code)
for (const dist of ['engine/dist', 'client/dist'])
  cpSync('engine/src/plan/provision/templates', `${dist}/templates`, { recursive: true });
// the manifest's JSON Schema, from the catalog (for Even Better TOML through contributes.tomlValidation)
await build({ ...common, sourcemap: false, entryPoints: ['scripts/writeSchema.ts'], outfile: 'out/writeSchema.js' });
execFileSync(process.execPath, ['out/writeSchema.js', '.']);
console.log(`built ${entries.map((e) => e.outfile).join(', ')}, schemas/manifest.schema.json`);
