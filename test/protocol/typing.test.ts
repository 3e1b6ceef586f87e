// Keeping up with typing: a burst of edits to a large manifest is analysed a few times, not once per
// edit, and the diagnostics that arrive are those of the last version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;
before(async () => {
  client = new LspClient();
  await client.initialize({});
});
after(() => client.close());

const URI = 'file:///lab/big.toml';
const nodes = (n: number) =>
  Array.from({ length: n }, (_, i) => `[[nodes]]\nname = "n${i}"\nmodel = "unikraft_unikernel"\n`).join('');

test(
  '200 rapid edits to a 3,000-node manifest: a handful of analyses, the last version diagnosed',
  { timeout: 60_000 },
  async () => {
    const base = `name = "big"\n${nodes(3000)}`;
    await client.open(URI, base);
    const { analyses: before } = await client.request<{ analyses: number }>('sherpa/stats', {});
    const last = 201;
    const published = client.nextDiagnostics(URI, last);
    for (let v = 2; v <= last; v++) {
      // type one character into the lab's name, then the last one makes a model unknown
      const text =
        v === last
          ? base.replace('model = "unikraft_unikernel"', 'model = "nope"')
          : base.replace('"big"', `"big${v}"`);
      void client.notify('textDocument/didChange', {
        textDocument: { uri: URI, version: v },
        contentChanges: [{ text }],
      });
    }
    const d = await published;
    assert.equal(d.version, last);
    assert.ok(
      d.diagnostics.some((x) => x.code === 'unknown-model'),
      'the diagnostics are those of the last version',
    );
    const { analyses } = await client.request<{ analyses: number }>('sherpa/stats', {});
    assert.ok(analyses - before <= 10, `${analyses - before} analyses for 200 edits`);
  },
);
