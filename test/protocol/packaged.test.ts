// The server as the VSIX ships it: its bundle and taplo's formatter beside it, no node_modules anywhere
// above. Formatting must work there (it is loaded from server/dist/taplo.js and taplo.wasm, not from
// node_modules), and taplo's module no longer carries its WebAssembly as a 35 MB base64 string. The files copied
// are the server's files that .vscodeignore lets into the VSIX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LspClient, SERVER } from '../helpers/lspClient';

/** the server's files the VSIX holds, as .vscodeignore lets them in */
function packagedServerFiles(): string[] {
  const ignore = readFileSync(resolve(__dirname, '../../../.vscodeignore'), 'utf8');
  return [...ignore.matchAll(/^!server\/dist\/(\S+)$/gm)].map((m) => m[1]);
}

test('the packaged server formats with the taplo copy beside it', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-vsix-'));
  const client = (() => {
    for (const f of packagedServerFiles()) copyFileSync(join(dirname(SERVER), f), join(dir, f));
    return new LspClient(['--stdio'], join(dir, 'server.js'));
  })();
  try {
    // the build split taplo's module: its JavaScript is small, its WebAssembly a binary beside it
    assert.ok(statSync(join(dir, 'taplo.js')).size < 200_000, 'taplo.js still embeds its WebAssembly');
    assert.equal(readFileSync(join(dir, 'taplo.wasm')).subarray(0, 4).toString('latin1'), '\0asm');
    await client.initialize({});
    const uri = 'file:///lab/packaged.toml';
    await client.open(uri, 'name="p"\n[[nodes]]\nname =  "a"\nmodel = "generic_vm"\n');
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(edits[0]?.newText, 'name = "p"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n');
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
