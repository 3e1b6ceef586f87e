// The bundled server over stdio, spoken to as an editor would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, Hover, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyTopologyDelta, type TopologyAnswer } from '../../common/manifest/topologyDelta';
import { generateManifest } from '../helpers/generate';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;
let imagesDir: string;
const URI = 'file:///lab/manifest.toml';
const TEXT =
  'name = "lab"\n[[nodes]]\nname = "uk1"\nmodel = "unikraft_unikernel"\nversion = "0.18"\n[[nodes]]\nname = ' +
  '"vm1"\nmodel = "generic_vmm"\n';

before(async () => {
  imagesDir = mkdtempSync(join(tmpdir(), 'sherpa-images-'));
  mkdirSync(join(imagesDir, 'unikraft_unikernel', '0.17'), { recursive: true });
  writeFileSync(join(imagesDir, 'unikraft_unikernel', '0.17', 'kernel.elf'), 'x');
  client = new LspClient();
  const init = (await client.initialize({ imagesDir })) as { capabilities: Record<string, unknown> };
  assert.ok(init.capabilities.completionProvider && init.capabilities.renameProvider);
});
after(async () => {
  await client.close();
  rmSync(imagesDir, { recursive: true, force: true });
});

test('didOpen publishes diagnostics with codes and exact ranges', { timeout: 15000 }, async () => {
  const diags = await client.open(URI, TEXT);
  const model = diags.find((d) => d.code === 'unknown-model')!;
  assert.equal(model.severity, 1);
  assert.deepEqual(model.range, { start: { line: 7, character: 8 }, end: { line: 7, character: 21 } });
  const version = diags.find((d) => d.code === 'unknown-version')!;
  assert.match(String(version.message), /Available versions: 0\.17/);
});

test('didChange re-diagnoses the new version', { timeout: 15000 }, async () => {
  const diags = await client.change(URI, 2, [
    { range: { start: { line: 7, character: 19 }, end: { line: 7, character: 20 } }, text: '' },
  ]);
  assert.ok(!diags.some((d) => d.code === 'unknown-model'), 'generic_vm is known');
});

test('the image store is re-scanned when it changes on disk', { timeout: 15000 }, async () => {
  const next = client.nextDiagnostics(URI);
  mkdirSync(join(imagesDir, 'unikraft_unikernel', '0.18'));
  writeFileSync(join(imagesDir, 'unikraft_unikernel', '0.18', 'kernel.elf'), 'x');
  // the folder and the file arrive as separate watcher events: at most a few publications apart
  const stale = (ds: { code?: unknown }[]) =>
    ds.some((d) => d.code === 'unknown-version' || d.code === 'missing-image-file');
  let diags = (await next).diagnostics;
  for (let i = 0; i < 3 && stale(diags); i++) diags = (await client.nextDiagnostics(URI)).diagnostics;
  assert.ok(!stale(diags), `still ${JSON.stringify(diags.map((d) => d.code))} after 4 publications`);
});

test('completion of versions reads the store', { timeout: 15000 }, async () => {
  const items = await client.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: 4, character: 11 },
  });
  assert.deepEqual(items.map((i) => i.label).sort(), ['0.17', '0.18']);
});

test('hover on a model', { timeout: 15000 }, async () => {
  const h = await client.request<Hover>('textDocument/hover', {
    textDocument: { uri: URI },
    position: { line: 3, character: 12 },
  });
  assert.match((h.contents as { value: string }).value, /Unikraft unikernel/);
});

test('codeAction returns the quick fixes of the diagnostics it is given', { timeout: 15000 }, async () => {
  const diags = await client.change(URI, 3, [
    {
      text: TEXT.replace('generic_vmm', 'generic_vm').replace(
        'model = "unikraft_unikernel"',
        'model = "unikraft_unikernel"\nboot_disk_size = 4',
      ),
    },
  ]);
  const d = diags.find((x) => x.code === 'no-effect')!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: d.range,
    context: { diagnostics: [d] },
  });
  assert.equal(actions[0].title, 'Remove `boot_disk_size`');
});

test('rename a node', { timeout: 15000 }, async () => {
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
    textDocument: { uri: URI },
    position: { line: 2, character: 9 },
    newName: 'edge',
  });
  assert.equal(edit.changes![URI][0].newText, 'edge');
  await assert.rejects(
    client.request('textDocument/rename', {
      textDocument: { uri: URI },
      position: { line: 2, character: 9 },
      newName: 'a/b',
    }),
    /cannot be a node name/,
  );
});

test(
  'editor structure over the protocol: folding, selection, references, highlights, links, tokens, inlay hints',
  { timeout: 15000 },
  async () => {
    const doc = { uri: URI };
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', {
      textDocument: doc,
    });
    assert.ok(
      folds.some((f) => f.startLine === 1 && f.endLine > 1),
      JSON.stringify(folds),
    );
    const sel = await client.request<{ range: unknown; parent?: unknown }[]>('textDocument/selectionRange', {
      textDocument: doc,
      positions: [{ line: 3, character: 12 }],
    });
    assert.ok(sel[0].parent);
    const refs = await client.request<unknown[]>('textDocument/references', {
      textDocument: doc,
      position: { line: 2, character: 9 },
      context: { includeDeclaration: true },
    });
    assert.equal(refs.length, 1);
    const hl = await client.request<unknown[]>('textDocument/documentHighlight', {
      textDocument: doc,
      position: { line: 2, character: 9 },
    });
    assert.equal(hl.length, 1);
    assert.deepEqual(await client.request('textDocument/documentLink', { textDocument: doc }), []);
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: doc });
    assert.ok(tokens.data.length >= 10, JSON.stringify(tokens));
    const hints = await client.request<{ label: string }[]>('textDocument/inlayHint', {
      textDocument: doc,
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    assert.match(hints[0].label, /vCPU · \d+ MiB/);
  },
);

test('semantic tokens after an edit: a delta from the last result, equal to a fresh whole answer', async () => {
  const uri = 'file:///lab/tokens.toml';
  const text = generateManifest(300, 'tables');
  await client.open(uri, text);
  const first = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', {
    textDocument: { uri },
  });
  assert.ok(first.resultId && first.data.length > 3000, `${first.data.length} numbers`);
  // a keystroke in the middle: a node renamed (its name is a token, so is every endpoint naming it)
  const line = text.split('\n').indexOf('name = "n150"');
  await client.change(uri, 2, [{ range: { start: { line, character: 9 }, end: { line, character: 9 } }, text: 'x' }]);
  const delta = await client.request<{
    resultId: string;
    edits: { start: number; deleteCount: number; data: number[] }[];
  }>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
  assert.ok(delta.edits, JSON.stringify(delta).slice(0, 200));
  assert.ok(
    delta.edits.every((e) => e.data.length <= 10),
    JSON.stringify(delta.edits),
  );
  const applied = [...first.data];
  for (const e of [...delta.edits].reverse()) applied.splice(e.start, e.deleteCount, ...e.data);
  const whole = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.deepEqual(applied, whole.data);
  // an id the server no longer holds: the whole array again
  const stale = await client.request<{ data?: number[] }>('textDocument/semanticTokens/full/delta', {
    textDocument: { uri },
    previousResultId: first.resultId,
  });
  assert.deepEqual(stale.data, whole.data);
});

test('formatting over the protocol: document and range', { timeout: 30000 }, async () => {
  const uri = 'file:///lab/messy.toml';
  await client.open(uri, 'name="m"\n[[nodes]]\nname =  "a"\nmodel = "generic_vm"\n');
  const whole = await client.request<{ newText: string }[]>('textDocument/formatting', {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(whole[0].newText, 'name = "m"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n');
  const part = await client.request<{ range: { start: { line: number } }; newText: string }[]>(
    'textDocument/rangeFormatting',
    {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
      options: { tabSize: 2, insertSpaces: true },
    },
  );
  assert.deepEqual(
    part.map((e) => [e.range.start.line, e.newText]),
    [[2, 'name = "a"\n']],
  );
});

test('a broken manifest never takes the server down', { timeout: 15000 }, async () => {
  const diags = await client.change(URI, 4, [{ text: 'nodes = [ { name = "x", model = \n[[[[\n"\u0000' }]);
  assert.ok(diags.some((d) => d.code === 'toml-syntax'));
  const items = await client.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: 0, character: 31 },
  });
  assert.ok(Array.isArray(items));
  assert.equal(client.proc.exitCode, null);
});

test('sherpa/topology answers from the analysis of the current version; null for a document it lacks', async () => {
  const uri = 'file:///lab/topo/manifest.toml';
  await client.open(
    uri,
    'name = "t"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\n[[nodes]]\nname = "b"\nmodel = "generic_vm"\n' +
      '[[links]]\nsrc = "a::eth1"\ndst = "b::eth1"\n',
  );
  const first = await client.request<TopologyAnswer>('sherpa/topology', { uri });
  assert.ok('full' in first && first.id);
  const t = first.full;
  assert.equal(t.version, 1);
  assert.deepEqual(
    t.nodes.map((n) => n.name),
    ['a', 'b'],
  );
  assert.deepEqual(t.links[0].src, { node: 'a', iface: 'eth1' });
  await client.change(uri, 2, [
    { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: 'x' },
  ]);
  // the changes since the first answer: node a (renamed) and the link (it now names a node that is gone)
  const second = await client.request<TopologyAnswer>('sherpa/topology', { uri, since: first.id });
  assert.ok('delta' in second, JSON.stringify(second).slice(0, 200));
  assert.deepEqual(
    second.delta.nodes.map(([i]) => i),
    [0],
  );
  assert.deepEqual(
    second.delta.links.map(([i]) => i),
    [0],
  );
  const t2 = applyTopologyDelta(t, second.delta);
  assert.equal(t2.version, 2);
  assert.deepEqual(
    t2.nodes.map((n) => n.name),
    ['x', 'b'],
  );
  // applied, the delta is what a whole answer says; an id the server no longer holds gets the whole topology
  const whole = await client.request<TopologyAnswer>('sherpa/topology', { uri, since: first.id });
  assert.ok('full' in whole);
  assert.deepEqual(t2, whole.full);
  // a node added: whole, even from the last answer
  await client.change(uri, 3, [
    { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '[[nodes]]\nname = "c"\n' },
  ]);
  const third = await client.request<TopologyAnswer>('sherpa/topology', { uri, since: whole.id });
  assert.ok('full' in third && third.full.nodes.length === 3);
  assert.equal(await client.request('sherpa/topology', { uri: 'file:///not/open.toml' }), null);
  assert.equal(await client.request('sherpa/topology', { uri: 42 }), null);
});
