// Language server benchmark over stdio against references timed in the same run:
// a bare smol-toml parse (the floor) and @taplo/lib's linter with an equivalent JSON Schema.
import { execFile } from 'node:child_process';
import { mkdtempSync, promises as fsp, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as smolParse } from 'smol-toml';
import { Taplo } from '@taplo/lib';
import { catalog } from '../../common/catalog/catalog';
import { manifestJsonSchema } from '../../common/catalog/jsonSchema';
import { emptyIndex } from '../../common/images/index';
import { ruleContext, runRules } from '../../common/manifest/validate';
import { viewOf } from '../../common/manifest/view';
import { LineIndex } from '../../common/toml/lineIndex';
import { parseToml } from '../../common/toml/parser';
import { generateManifest } from '../helpers/generate';
import { LspClient } from '../helpers/lspClient';
import { fmt, interleaved, ratio, stats, table, time, type Stats } from './stats';

const TARGETS = {
  open100: 5,
  open10000: 150,
  completionP95: 20,
  keystroke1000: 30,
  keystroke10000: 30,
  start: 300,
  typing10000: 100,
  /** issue 8: a 10,000-node didOpen within this many times a bare smol-toml parse plus the rules */
  openFloorRatio: 1.5,
};

/** the rules alone on a manifest already parsed (our tree and views, made outside the timing), in this process:
 *  with smol-toml's parse, the floor that didOpen is held to. Each run gets a view of its own: the rules keep what
 *  they derive from a node (its interfaces, its image) on its view, as a didOpen's analysis starts with a new view;
 *  timed again and again on one view, they measured those caches warm, a path no didOpen takes. */
function rulesRunner(text: string): () => number {
  const doc = parseToml(text);
  const lines = new LineIndex(text);
  const images = emptyIndex('/nonexistent');
  return () => {
    const view = viewOf(doc);
    const t = performance.now();
    runRules(
      ruleContext(view, text, images, lines, false, () => undefined),
      undefined,
    );
    return performance.now() - t;
  };
}

/** Even Better TOML's engine (@taplo/lib) linting the same manifest with the equivalent JSON Schema, in a process
 *  of its own: its resident memory afterwards, the figure to read ours against */
async function taploRss(text: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  writeFileSync(join(dir, 'm.toml'), text);
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(manifestJsonSchema(catalog())));
  const script = `
    const { Taplo } = require(${JSON.stringify(require.resolve('@taplo/lib'))});
    const fs = require('fs');
    (async () => {
      const env = { cwd: () => '/', envVar: () => '', envVars: () => [], findConfigFile: () => undefined,
        glob: () => [], isAbsolute: () => true, now: () => new Date(), readFile: (p) => fs.promises.readFile(p),
        writeFile: () => Promise.reject(new Error('ro')), stderr: async (b) => b.length, stdErrAtty: () => false,
        stdin: () => Promise.reject(new Error('no')), stdout: async (b) => b.length, urlToFilePath: (u) => u.slice(7),
        fetch };
      const taplo = await Taplo.initialize(env);
      await taplo.lint(fs.readFileSync(process.argv[1], 'utf8'),
        { config: { schema: { url: 'file://' + process.argv[2], enabled: true } } });
      console.log(process.memoryUsage().rss);
    })();`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', script, join(dir, 'm.toml'), join(dir, 'schema.json')],
    {
      maxBuffer: 1 << 20,
    },
  );
  return Number(stdout.trim());
}

async function taploLinter(): Promise<(text: string) => Promise<unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-schema-'));
  const schema = join(dir, 'manifest.schema.json');
  writeFileSync(schema, JSON.stringify(manifestJsonSchema(catalog())));
  const env = {
    cwd: () => '/',
    envVar: () => '',
    envVars: () => [],
    findConfigFile: () => undefined,
    glob: () => [],
    isAbsolute: () => true,
    now: () => new Date(),
    readFile: (p: string) => fsp.readFile(p),
    writeFile: () => Promise.reject(new Error('read-only')),
    stderr: async (b: Uint8Array) => b.length,
    stdErrAtty: () => false,
    stdin: () => Promise.reject(new Error('no stdin')),
    stdout: async (b: Uint8Array) => b.length,
    urlToFilePath: (u: string) => u.slice(7),
    fetch,
  };
  const taplo = await Taplo.initialize(env as never);
  return (text) => taplo.lint(text, { config: { schema: { url: `file://${schema}`, enabled: true } } as never });
}

/** the first format a new server answers (taplo loaded on that request), against @taplo/lib as npm ships it,
 *  loaded, initialized and formatting in a new process of its own: the cost our build's split of taplo saves */
async function firstFormat(): Promise<{ ours: Stats; stock: Stats }> {
  const text = 'name="f"\n[[nodes]]\nname =  "a"\nmodel = "generic_vm"\n';
  const ours: number[] = [];
  const stock: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c = new LspClient();
    await c.initialize({ imagesDir: '/nonexistent' });
    await c.open('file:///bench/first-format.toml', text);
    const t = performance.now();
    await c.request('textDocument/formatting', {
      textDocument: { uri: 'file:///bench/first-format.toml' },
      options: { tabSize: 2, insertSpaces: true },
    });
    ours.push(performance.now() - t);
    await c.close();
  }
  const script = `const t = performance.now();
    require(${JSON.stringify(require.resolve('@taplo/lib'))}).Taplo.initialize()
      .then((x) => { x.format(${JSON.stringify(text)}, { options: {} }); console.log(performance.now() - t); });`;
  for (let i = 0; i < 3; i++)
    stock.push(Number((await promisify(execFile)(process.execPath, ['-e', script])).stdout.trim()));
  return { ours: stats(ours), stock: stats(stock) };
}

/** completion answers on a manifest: at a model's value and at a node's key start, in its first and its last node
 *  (opened first unless `open` is false) */
async function completionTimes(client: LspClient, uri: string, text: string, open = true): Promise<Stats> {
  if (open) await client.open(uri, text);
  const lines = text.split('\n');
  const models = lines.flatMap((l, i) => (l.startsWith('model = ') ? [i] : []));
  const [first, last] = [models[0], models[models.length - 1]];
  return time(60, (i) =>
    client.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: i % 2 ? last : first, character: i % 4 < 2 ? 9 : 0 },
    }),
  );
}

/** a keystroke inside the first node's model value (typed, then taken back), re-diagnosed: the incremental path */
async function keystrokeTimes(client: LspClient, uri: string, text: string): Promise<Stats> {
  await client.open(uri, text);
  const line = text.split('\n').findIndex((l) => l.startsWith('model = '));
  let version = 1;
  // 21 keys: the first one or two after a document opens take longer (25-60 ms: these keys leave the server no idle
  // moment for the work of server/src/idleWork.ts, and a first edit costs more in ways not yet explained); with 5
  // keys they made the median, with 21 the median is a key's usual time and the p95 shows them
  return time(21, async () => {
    version++;
    const insert = version % 2 === 0;
    await client.change(uri, version, [
      {
        range: { start: { line, character: 9 }, end: { line, character: insert ? 9 : 10 } },
        text: insert ? 'x' : '',
      },
    ]);
  });
}

export async function lspBench(): Promise<{ report: string; misses: string[] }> {
  const misses: string[] = [];
  const check = (name: string, value: number, target: number) => {
    if (value > target) misses.push(`${name}: ${fmt(value)} ms > ${target} ms`);
    return value <= target ? 'ok' : 'MISS';
  };

  // server start to first diagnostics: the median of three new servers (one start is a single sample of a
  // process launch, which this machine's neighbours moved from 153 to 274 ms between runs); the first stays
  const small = generateManifest(100, 'inline');
  const startOne = async (keep: boolean) => {
    const t0 = performance.now();
    const c = new LspClient();
    await c.initialize({ imagesDir: '/nonexistent' });
    await c.open('file:///bench/start.toml', small);
    const ms = performance.now() - t0;
    if (!keep) await c.close();
    return { c, ms };
  };
  const kept = await startOne(true);
  const client = kept.c;
  const starts = [kept.ms, (await startOne(false)).ms, (await startOne(false)).ms];
  const start = stats(starts).median;

  const lint = await taploLinter();
  const rows: string[][] = [];
  const pairedNotes: string[] = [];
  let n = 0;
  for (const [size, style, runs, taploRuns] of [
    [100, 'inline', 30, 10],
    [1000, 'inline', 20, 5],
    [10000, 'inline', 31, 2],
    [10000, 'tables', 31, 0],
  ] as const) {
    const text = generateManifest(size, style);
    // both sides warm, like the long-running server (its start is timed on its own, above): a server just started
    // took some 20 opens of a 100-node manifest to settle (5.4 ms median over its first 40, 2.7 over the next)
    const openClose = async () => {
      const uri = `file:///bench/${size}-${style}-${n++}.toml`;
      await client.open(uri, text);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    };
    for (let i = 0; i < 20; i++) {
      smolParse(text);
      await openClose();
    }
    // ours and the floor's two parts take turns, sample by sample: timed one after the other, a slow minute of the
    // machine (or a collector's cycle) fell on one side only, and the 10,000-node ratio swung from 1.3x to 2.1x
    const [ours, transfer, smol, rules] = await interleaved(runs, [
      openClose,
      // the transport alone: a request carrying the same text, answered at once (what no parser can save)
      () => client.request('sherpa/stats', { pad: text }),
      () => smolParse(text),
      rulesRunner(text),
    ]);
    const floor = smol.median + rules.median;
    // the same ratio sample by sample (ours against the floor's two parts timed right beside it): how far the
    // machine's moments move a single comparison, which the medians above smooth
    if (size === 10000) {
      const paired = stats(ours.samples.map((o, i) => o / (smol.samples[i] + rules.samples[i])));
      const q = [...paired.samples].sort((a, b) => a - b);
      pairedNotes.push(
        `${size} ${style}, sample by sample: ours ÷ the floor timed beside it, median ${paired.median.toFixed(2)}x, ` +
          `middle half ${q[Math.floor(q.length / 4)].toFixed(2)}-${q[Math.floor((3 * q.length) / 4)].toFixed(2)}x`,
      );
    }
    // the server's own time for the same analyses (each didOpen above made one whole analysis; the requests none)
    const analysis = stats((await client.request<{ wholeMs: number[] }>('sherpa/stats', {})).wholeMs.slice(-runs));
    const taplo: Stats | undefined = taploRuns ? await time(taploRuns, () => lint(text)) : undefined;
    const target = size === 100 ? TARGETS.open100 : size === 10000 ? TARGETS.open10000 : undefined;
    const floorTarget = size === 10000 ? TARGETS.openFloorRatio : undefined;
    if (floorTarget && ours.median > floorTarget * floor)
      misses.push(`didOpen ${size} ${style}: ${ratio(ours.median, floor)} the floor > ${floorTarget}x`);
    rows.push([
      `${size} ${style}`,
      `${fmt(ours.median)} / ${fmt(ours.p95)}`,
      fmt(analysis.median),
      fmt(transfer.median),
      fmt(smol.median),
      fmt(rules.median),
      ratio(ours.median, floor) +
        (floorTarget ? ` (<= ${floorTarget}x ${ours.median <= floorTarget * floor ? 'ok' : 'MISS'})` : ''),
      taplo ? fmt(taplo.median) : '-',
      taplo ? ratio(ours.median, taplo.median) : '-',
      target ? `< ${target} ${check(`didOpen ${size} ${style}`, ours.median, target)}` : '',
    ]);
  }

  // completion on the 10,000-node manifest: model values and node keys
  const completion = await completionTimes(client, 'file:///bench/completion.toml', generateManifest(10000, 'tables'));

  // one keystroke on a 1,000-node manifest, re-diagnosed
  const mid = generateManifest(1000, 'tables');
  const kuri = 'file:///bench/keystroke.toml';
  await client.open(kuri, mid);
  let version = 1;
  const keystroke = await time(30, async () => {
    version++;
    const insert = version % 2 === 0;
    await client.change(kuri, version, [
      {
        range: { start: { line: 0, character: 8 }, end: { line: 0, character: insert ? 8 : 9 } },
        text: insert ? 'x' : '',
      },
    ]);
  });
  // typing at 30 keys/s in a 10,000-node manifest: from the last key to the last version's diagnostics
  const huge = generateManifest(10000, 'tables');
  const turi = 'file:///bench/typing.toml';
  await client.open(turi, huge);
  let tv = 1;
  const typing: number[] = [];
  for (let round = 0; round < 3; round++) {
    let lastKey = 0;
    let done: Promise<unknown> = Promise.resolve();
    for (let k = 0; k < 30; k++) {
      tv++;
      const insert = tv % 2 === 0;
      // the last version's diagnostics are awaited from before its key is sent: they may come back within 33 ms
      if (k === 29) done = client.nextDiagnostics(turi, tv);
      void client.notify('textDocument/didChange', {
        textDocument: { uri: turi, version: tv },
        contentChanges: [
          {
            range: { start: { line: 0, character: 8 }, end: { line: 0, character: insert ? 8 : 9 } },
            text: insert ? 'x' : '',
          },
        ],
      });
      lastKey = performance.now();
      if (k < 29) await new Promise((r) => setTimeout(r, 33));
    }
    await done;
    typing.push(performance.now() - lastKey);
  }
  // one keystroke inside one node of the 10,000-node manifest, re-diagnosed (the issue's incremental target)
  const keystroke10k = await keystrokeTimes(
    client,
    'file:///bench/keystroke10k.toml',
    generateManifest(10000, 'tables'),
  );
  const { rss } = await client.request<{ rss: number }>('sherpa/stats', {});
  const rssTaplo = await taploRss(huge);

  // formatting 10,000 nodes through the server against taplo's own formatter in this process
  const furi = 'file:///bench/format.toml';
  const messy = huge.replace(/ = /g, '=');
  await client.open(furi, messy);
  const fmtOurs = await time(3, () =>
    client.request('textDocument/formatting', {
      textDocument: { uri: furi },
      options: { tabSize: 2, insertSpaces: true },
    }),
  );
  // a range: the lines of one node in the middle, which only the pieces holding them are formatted for
  const midLine = messy.split('\n').length >> 1;
  const fmtRange = await time(5, () =>
    client.request('textDocument/rangeFormatting', {
      textDocument: { uri: furi },
      range: { start: { line: midLine, character: 0 }, end: { line: midLine + 4, character: 0 } },
      options: { tabSize: 2, insertSpaces: true },
    }),
  );
  const taploLib = await Taplo.initialize();
  const fmtTaplo = await time(3, async () => taploLib.format(messy));
  // the server stays responsive while it formats: a completion sent right behind a format request is answered
  // between two of its pieces, not after the whole format
  const [duringFormat] = await interleaved(3, [
    async () => {
      const formatting = client.request('textDocument/formatting', {
        textDocument: { uri: furi },
        options: { tabSize: 2, insertSpaces: true },
      });
      const t = performance.now();
      await client.request('textDocument/completion', {
        textDocument: { uri: furi },
        position: { line: 3, character: 0 },
      });
      const ms = performance.now() - t;
      await formatting;
      return ms; // (its own time: the rest of the format is left out)
    },
  ]);

  const first = await firstFormat();

  // the 50,000-node case stays responsive: didOpen to diagnostics, then completion and a keystroke in a node
  const text50k = generateManifest(50000, 'tables');
  const t50 = performance.now();
  await client.open('file:///bench/50k.toml', text50k);
  const open50k = performance.now() - t50;
  const completion50k = await completionTimes(client, 'file:///bench/50k.toml', text50k, false);
  const keystroke50k = await keystrokeTimes(client, 'file:///bench/50k-keystroke.toml', text50k);
  await client.close();

  const report = [
    "Language server (stdio), median / p95 ms; ratio = ours ÷ reference timed in this run; analysis = the server's " +
      'own time for those didOpens; stdio alone = a request carrying the same text, answered at once (in ours, not ' +
      'in the floor)',
    table(
      // prettier-ignore
      ['manifest', 'ours didOpen→diagnostics', 'analysis', 'stdio alone', 'smol-toml parse', 'rules',
        'ratio to parse+rules', '@taplo/lib lint+schema', 'ratio', 'target'],
      rows,
    ),
    ...pairedNotes,
    '',
    table(
      ['measure', 'median', 'p95', 'target'],
      [
        [
          'completion, 10,000 nodes',
          fmt(completion.median),
          fmt(completion.p95),
          `p95 < ${TARGETS.completionP95} ${check('completion p95', completion.p95, TARGETS.completionP95)}`,
        ],
        [
          'keystroke → diagnostics, 1,000 nodes',
          fmt(keystroke.median),
          fmt(keystroke.p95),
          `< ${TARGETS.keystroke1000} ${check('keystroke 1000', keystroke.median, TARGETS.keystroke1000)}`,
        ],
        [
          'typing at 30 keys/s, 10,000 nodes: last key → diagnostics',
          fmt(stats(typing).median),
          fmt(Math.max(...typing)),
          `< ${TARGETS.typing10000} ${check('typing 10000', stats(typing).median, TARGETS.typing10000)}`,
        ],
        [
          `format 10,000 nodes (taplo direct ${fmt(fmtTaplo.median)} ms)`,
          fmt(fmtOurs.median),
          fmt(fmtOurs.p95),
          `<= 2x taplo: ${ratio(fmtOurs.median, fmtTaplo.median)} ` +
            check('format 10000 vs 2x taplo', fmtOurs.median, 2 * fmtTaplo.median),
        ],
        [
          'range format: one node of those 10,000 (ratio to formatting them all)',
          fmt(fmtRange.median),
          fmt(fmtRange.p95),
          `< 0.1x: ${ratio(fmtRange.median, fmtOurs.median)} ` +
            check('range format 10000 vs 0.1x the whole', fmtRange.median, 0.1 * fmtOurs.median),
        ],
        ['completion sent while formatting those 10,000 nodes (reported)', fmt(duringFormat.median), '', ''],
        [
          `first format of a new server (@taplo/lib as published: ${fmt(first.stock.median)} ms)`,
          fmt(first.ours.median),
          fmt(first.ours.p95),
          `< 1x it: ${ratio(first.ours.median, first.stock.median)} ` +
            check('first format vs @taplo/lib as published', first.ours.median, first.stock.median),
        ],
        ['didOpen → diagnostics, 50,000 nodes (reported)', fmt(open50k), '', ''],
        ['completion, 50,000 nodes (reported)', fmt(completion50k.median), fmt(completion50k.p95), ''],
        [
          'keystroke inside one node → diagnostics, 50,000 nodes (reported)',
          fmt(keystroke50k.median),
          fmt(keystroke50k.p95),
          '',
        ],
        [
          'keystroke inside one node → diagnostics, 10,000 nodes',
          fmt(keystroke10k.median),
          fmt(keystroke10k.p95),
          `< ${TARGETS.keystroke10000} ${check('keystroke 10000', keystroke10k.median, TARGETS.keystroke10000)}`,
        ],
        [
          `server RSS after the 10,000-node manifests: ${(rss / 2 ** 20).toFixed(0)} MiB ` +
            `(@taplo/lib after linting one: ${(rssTaplo / 2 ** 20).toFixed(0)} MiB)`,
          '',
          '',
          '',
        ],
        [
          'server start → first diagnostics (100 nodes, median of 3)',
          fmt(start),
          '',
          `< ${TARGETS.start} ${check('start', start, TARGETS.start)}`,
        ],
      ],
    ),
  ].join('\n');
  return { report, misses };
}
