// The server as the VSIX ships it: its bundle and taplo's formatter beside it, no node_modules anywhere
// above. Formatting must work there (it is loaded from server/dist/taplo.js, not from node_modules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LspClient, SERVER } from '../helpers/lspClient';

test('the packaged server formats with the taplo copy beside it', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-vsix-'));
  const client = (() => {
    copyFileSync(SERVER, join(dir, 'server.js'));
    copyFileSync(join(dirname(SERVER), 'taplo.js'), join(dir, 'taplo.js'));
    return new LspClient(['--stdio'], join(dir, 'server.js'));
  })();
  try {
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
