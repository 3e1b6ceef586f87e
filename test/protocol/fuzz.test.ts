// The bundled server under a stream of random and mutated manifests over stdio: every version gets its
// diagnostics, every request an answer, and the process stays up.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateManifest } from '../helpers/generate';
import { corpus } from '../helpers/corpus';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.close());

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer in ${ms} ms`)), ms))]);

test('never throws, never hangs on mutated manifests', { timeout: 120_000 }, async () => {
  await client.initialize({ imagesDir: '/nonexistent' });
  const seeds = [generateManifest(20, 'tables'), generateManifest(20, 'inline'), ...corpus().map((c) => c.text)];
  const docs = fc.sample(
    fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.string({ maxLength: 5 })), { maxLength: 5 }),
      )
      .map(([s, edits]) =>
        edits.reduce((t, [at, del, ins]) => {
          const i = at % (t.length + 1);
          return t.slice(0, i) + ins + t.slice(i + del);
        }, s),
      ),
    { numRuns: 150, seed: 4242 },
  );
  const uri = 'file:///fuzz/manifest.toml';
  await client.open(uri, docs[0]);
  for (let v = 1; v < docs.length; v++) {
    const text = docs[v];
    await within(client.change(uri, v + 1, [{ text }]), 5000, `diagnostics for version ${v + 1}`);
    const lines = text.split('\n');
    const line = v % lines.length;
    const position = { line, character: v % (lines[line].length + 1) };
    await within(client.request('textDocument/completion', { textDocument: { uri }, position }), 5000, 'completion');
    await within(client.request('textDocument/hover', { textDocument: { uri }, position }), 5000, 'hover');
  }
  assert.equal(client.proc.exitCode, null, `server exited: ${client.stderr}`);
});
