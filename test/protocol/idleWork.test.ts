// The server moves a large manifest's tree out of V8's young generation while it waits for input
// (server/src/idleWork.ts), started with the flags the extension starts it with (common/serverFlags.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';
import { generateManifest } from '../helpers/generate';

interface Stats {
  analyses: number;
  idleRuns: number;
  youngBytes: number;
  youngCollections: number;
  youngTaskOff: boolean;
  execArgv: string[];
}

let client: LspClient;
before(async () => {
  client = new LspClient();
  await client.initialize({});
});
after(() => client.close());

const stats = () => client.request<Stats>('sherpa/stats', {});
/** stats once the server has done its idle work `n` times: asked again after each answer (each is a turn of its
 *  event loop, where the work's timer runs), for at most 5 s */
async function statsAfter(n: number): Promise<Stats> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const s = await stats();
    if (s.idleRuns >= n || performance.now() > deadline) return s;
  }
}

test('after a large manifest is analysed, its tree leaves the young generation while the server waits', async () => {
  const s0 = await stats();
  assert.ok(s0.execArgv.includes('--expose-gc'), s0.execArgv.join(' '));
  // 3,000 nodes (480 KB): its tree and the analysis's garbage are some 10 MB of young objects
  await client.open('file:///lab/big2.toml', generateManifest(3000, 'inline'));
  const s1 = await statsAfter(s0.idleRuns + 1);
  assert.equal(s1.idleRuns, s0.idleRuns + 1);
  assert.ok(s1.youngBytes < 1 << 20, `${(s1.youngBytes / 1048576).toFixed(1)} MB still in the young generation`);
});

test('a large didOpen is analysed and its diagnostics sent without a young collection between', async () => {
  // 11,500 nodes: the analysis fills some 90 % of the young generation (29 of its 32 MiB), past the 80 % where
  // V8's own collection task (turned off: server/src/idleWork.ts) runs one right after the analysis, before the
  // diagnostics are written
  const text = generateManifest(11500, 'inline');
  const s0 = await stats();
  assert.equal(s0.youngTaskOff, true);
  // the young generation grows to its full size over the first large analyses; each one's garbage is gone after
  // the idle work, as in the editor between opening one manifest and the next
  let runs = s0.idleRuns;
  for (let i = 0; i < 3; i++) {
    await client.open(`file:///lab/warm${i}.toml`, text);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: `file:///lab/warm${i}.toml` } });
    runs = (await statsAfter(runs + 1)).idleRuns;
  }
  const before = await stats();
  await client.open('file:///lab/big.toml', text);
  const after = await stats();
  assert.equal(after.youngCollections - before.youngCollections, 0, 'young collections between didOpen and stats');
});
