// The language server: LSP wiring around the pure language service in ./language.
// Run as `node server/dist/server.js --stdio` (or over IPC from the extension).
import {
  createConnection,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { randomBytes } from 'node:crypto';
import { getHeapSpaceStatistics } from 'node:v8';
import { codeActions } from './language/codeActions';
import { completion } from './language/completion';
import { diagnostics } from './language/diagnostics';
import { hover } from './language/hover';
import { definition, prepareRename, rename, RenameError } from './language/navigation';
import { analyse, reanalyse, type Analysis } from './language/service';
import { textChange } from '../../common/toml/splice';
import { documentSymbols } from './language/symbols';
import { topology } from './language/topology';
import { TopologyCache, type TopologyAnswer } from '../../common/manifest/topologyDelta';
import { DEFAULT_FORMAT, formatDocument, formatRange, formatSettings } from './language/format';
import { SemanticTokensCache } from './language/semanticDelta';
import { documentLinks, inlayHints, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './language/decorations';
import { documentHighlights, foldingRanges, references, selectionRanges } from './language/structure';
import { ImageWatcher } from './imageWatcher';
import { fileProbe } from './probe';
import { configuredImagesDir, DEFAULT_IMAGES_DIR } from './settings';
import { UnchangedEnds } from './unchangedEnds';
import { deferYoungCollections, IdleWork, processGc, youngCollectionCounter } from './idleWork';

const connection = createConnection(ProposedFeatures.all);
/** how much of each document's start and end the client's edits left as it was at its last analysis */
const unchanged = new UnchangedEnds();
const documents = new TextDocuments({ create: TextDocument.create, update: unchanged.update });
const cache = new Map<string, { version: number; analysis: Analysis }>();
/** the semantic tokens last sent for each document: later requests are answered with the edits since */
const tokens = new SemanticTokensCache();
/** the topology last answered for each document: the topology view's next request gets the changes since */
const topologies = new TopologyCache(randomBytes(4).toString('hex'));
/** each document's pending analysis: the latest change's turn (an older turn finds itself replaced, and stops) */
const queued = new Map<string, { timer?: NodeJS.Timeout }>();
let images: ImageWatcher | undefined;
let format = DEFAULT_FORMAT;
/** after a large document's whole analysis, its line table made and its tree moved out of V8's young generation
 *  while the server waits */
const idle = new IdleWork(processGc);
const youngTaskOff = deferYoungCollections(processGc);
const youngCollections = youngCollectionCounter();

/** analyses run, and how long the last one of each document took (it sets that document's quiet period) */
const stats = { analyses: 0, incremental: 0 };
const lastMs = new Map<string, number>();
/** the times of the last whole analyses, in ms (sherpa/stats: the benchmark reports them beside its round trips) */
const wholeMs: number[] = [];

function analysisOf(doc: TextDocument): Analysis {
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version && hit.analysis.images === images?.index) return hit.analysis;
  const t0 = performance.now();
  // what changed since the last analysis, as one edit: a keystroke (or a burst of them) inside one value is
  // re-checked on the last analysis; anything else is analysed whole
  const text = doc.getText();
  if (hit && hit.analysis.text === text && hit.analysis.images === images?.index) {
    return remember(doc, hit.analysis); // typed and undone: nothing to analyse
  }
  const change = hit && images && textChange(hit.analysis.text, text, unchanged.since(doc.uri));
  let analysis = change ? reanalyse(hit.analysis, [change], images!.index, fileProbe(doc.uri)) : undefined;
  const whole = !analysis;
  if (analysis) stats.incremental++;
  else {
    analysis = analyse(text, images?.index, fileProbe(doc.uri));
    // (the document's line starts, which its first edit needs: computed on first use)
    idle.analysed(doc.uri, text.length, () => documents.get(doc.uri)?.offsetAt({ line: 0, character: 0 }));
  }
  stats.analyses++;
  const ms = performance.now() - t0;
  lastMs.set(doc.uri, ms);
  if (whole && wholeMs.push(ms) > 64) wholeMs.shift();
  return remember(doc, analysis);
}

/** the document's analysis at its current version; the client's edits are counted from here on */
function remember(doc: TextDocument, analysis: Analysis): Analysis {
  cache.set(doc.uri, { version: doc.version, analysis });
  unchanged.analysed(doc.uri);
  return analysis;
}

/**
 * Diagnose after a quiet period: each change restarts it, so a burst of edits is analysed once, at its
 * last version (the analysis reads the document as it is when it runs: never a stale version). The
 * period is none for an edit inside one line since the last analysis (re-checked incrementally, see
 * reanalyse), else half the document's last analysis time, at most 150 ms: a 10,000-node manifest is
 * not analysed whole on every key of a paste or a multi-line edit.
 * When the period ends, messages already received are read first (setImmediate runs after pending I/O):
 * a change among them supersedes this analysis.
 */
function queue(uri: string): void {
  idle.busy();
  clearTimeout(queued.get(uri)?.timer);
  const delay = localEdit(uri) ? 0 : Math.min(150, Math.round((lastMs.get(uri) ?? 0) / 2));
  const turn: { timer?: NodeJS.Timeout } = {};
  const run = () =>
    setImmediate(() => {
      if (queued.get(uri) !== turn) return; // a newer change: its own turn runs
      queued.delete(uri);
      const doc = documents.get(uri);
      if (!doc) return;
      try {
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnostics(analysisOf(doc)) });
      } catch (e) {
        connection.console.error(`sherpa: analysis failed for ${uri}: ${(e as Error).stack ?? e}`);
      }
    });
  // a document not analysed yet (just opened) has no burst of edits to gather: no timer (one of 0 ms waits 1 ms)
  if (!cache.has(uri)) run();
  else turn.timer = setTimeout(run, delay);
  queued.set(uri, turn);
}

/** the document changed within one line since its last analysis (a few keystrokes: likely incremental) */
function localEdit(uri: string): boolean {
  const hit = cache.get(uri);
  const doc = documents.get(uri);
  const c = hit && doc && textChange(hit.analysis.text, doc.getText(), unchanged.since(uri));
  if (!c) return !!hit;
  return (
    c.end - c.start < 200 && c.text.length < 200 && !/[\r\n]/.test(c.text + hit.analysis.text.slice(c.start, c.end))
  );
}

/** a feature that throws answers "nothing here" and is logged, never takes the server down */
function guard<T>(what: string, fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RenameError) throw new ResponseError(-32803, e.message);
    connection.console.error(`sherpa: ${what} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

connection.onInitialize((params): InitializeResult => {
  format = formatSettings((params.initializationOptions as { format?: unknown } | undefined)?.format);
  images = new ImageWatcher(configuredImagesDir(params.initializationOptions ?? {}) ?? DEFAULT_IMAGES_DIR, () => {
    for (const d of documents.all()) queue(d.uri);
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', ':', '=', ' ', '.', '[', '{', ','] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      renameProvider: { prepareProvider: true },
      referencesProvider: true,
      documentHighlightProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      semanticTokensProvider: {
        legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
        full: { delta: true },
      },
      inlayHintProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
    },
    serverInfo: { name: 'sherpa-manifest-server', version: '0.1.0' },
  };
});

connection.onNotification('sherpa/configure', (p: unknown) => {
  const ignore = () => connection.console.warn(`sherpa: ignoring sherpa/configure with ${JSON.stringify(p)}`);
  if (!p || typeof p !== 'object') return ignore();
  if ('format' in p) format = formatSettings((p as { format?: unknown }).format);
  if (!('imagesDir' in p)) return undefined;
  const dir = configuredImagesDir(p);
  if (dir === undefined) ignore();
  else images?.setDir(dir);
  return undefined;
});
/** for tests and benchmarks: how many analyses (and idle runs, ./idleWork.ts) the server has run, its memory (and
 *  how much of it is in V8's young generation), the flags and arguments (the transport) it was started with */
connection.onRequest('sherpa/stats', () => ({
  analyses: stats.analyses,
  incremental: stats.incremental,
  idleRuns: idle.runs,
  youngBytes: getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size,
  youngCollections: youngCollections(),
  youngTaskOff,
  wholeMs,
  rss: process.memoryUsage().rss,
  execArgv: process.execArgv,
  argv: process.argv.slice(2),
}));
/** the manifest's topology for the topology view, from the analysis of the document's current version: whole,
 *  or the changes since the answer `since` */
connection.onRequest<TopologyAnswer | null, void>('sherpa/topology', (p: { uri?: unknown; since?: unknown }) => {
  const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
  const since = typeof p?.since === 'string' ? p.since : undefined;
  return doc
    ? guard('topology', null, () => topologies.answer(doc.uri, topology(analysisOf(doc), doc.version), since))
    : null;
});
connection.onRequest('sherpa/rescanImages', () => {
  images?.rescan();
  return { dir: images?.index.dir, models: images?.index.models.size ?? 0 };
});

// (an open is a change of content too: TextDocuments fires both)
documents.onDidChangeContent((e) => queue(e.document.uri));
documents.onDidClose((e) => {
  idle.forget(e.document.uri);
  cache.delete(e.document.uri);
  unchanged.forget(e.document.uri);
  tokens.forget(e.document.uri);
  topologies.forget(e.document.uri);
  lastMs.delete(e.document.uri);
  clearTimeout(queued.get(e.document.uri)?.timer);
  queued.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

const withDoc = <T>(uri: string, fallback: T, what: string, f: (a: Analysis, doc: TextDocument) => T): T => {
  idle.busy();
  const doc = documents.get(uri);
  return doc ? guard(what, fallback, () => f(analysisOf(doc), doc)) : fallback;
};

connection.onCompletion((p) =>
  withDoc(p.textDocument.uri, [], 'completion', (a, d) => completion(a, d.offsetAt(p.position))),
);
connection.onHover((p) => withDoc(p.textDocument.uri, null, 'hover', (a, d) => hover(a, d.offsetAt(p.position))));
connection.onCodeAction((p) =>
  withDoc(p.textDocument.uri, [], 'codeAction', (a) => codeActions(a, p.textDocument.uri, p.context.diagnostics)),
);
connection.onDocumentSymbol((p) => withDoc(p.textDocument.uri, [], 'documentSymbol', (a) => documentSymbols(a)));
connection.onDefinition((p) =>
  withDoc(p.textDocument.uri, null, 'definition', (a, d) => definition(a, p.textDocument.uri, d.offsetAt(p.position))),
);
connection.onPrepareRename((p) =>
  withDoc(p.textDocument.uri, null, 'prepareRename', (a, d) => prepareRename(a, d.offsetAt(p.position))),
);
connection.onRenameRequest((p) =>
  withDoc(p.textDocument.uri, null, 'rename', (a, d) =>
    rename(a, p.textDocument.uri, d.offsetAt(p.position), p.newName),
  ),
);
connection.onReferences((p) =>
  withDoc(p.textDocument.uri, [], 'references', (a, d) =>
    references(a, p.textDocument.uri, d.offsetAt(p.position), p.context.includeDeclaration),
  ),
);
connection.onDocumentHighlight((p) =>
  withDoc(p.textDocument.uri, [], 'documentHighlight', (a, d) => documentHighlights(a, d.offsetAt(p.position))),
);
connection.onFoldingRanges((p) => withDoc(p.textDocument.uri, [], 'foldingRange', (a) => foldingRanges(a)));
connection.onSelectionRanges((p) =>
  withDoc(p.textDocument.uri, [], 'selectionRange', (a, d) =>
    selectionRanges(
      a,
      p.positions.map((x) => d.offsetAt(x)),
    ),
  ),
);
connection.onDocumentLinks((p) =>
  withDoc(p.textDocument.uri, [], 'documentLink', (a) => documentLinks(a, p.textDocument.uri)),
);
connection.languages.semanticTokens.on((p) =>
  withDoc(p.textDocument.uri, { data: [] }, 'semanticTokens', (a) =>
    tokens.full(p.textDocument.uri, semanticTokens(a)),
  ),
);
connection.languages.semanticTokens.onDelta((p) =>
  withDoc(p.textDocument.uri, { data: [] }, 'semanticTokens', (a) =>
    tokens.delta(p.textDocument.uri, p.previousResultId, semanticTokens(a)),
  ),
);
connection.languages.inlayHint.on((p) => withDoc(p.textDocument.uri, [], 'inlayHint', (a) => inlayHints(a, p.range)));
/** formatting is asynchronous (taplo loads on first use); a failure answers "no edits" and is logged. Each answer
 *  is logged with its size and time: a format the user asked for is rare, and the line tells "no edits" apart
 *  from edits the editor dropped */
const formatting = async (uri: string, what: string, f: (a: Analysis) => Promise<TextEdit[]>): Promise<TextEdit[]> => {
  const doc = documents.get(uri);
  if (!doc) return [];
  try {
    // the version formatted, read now: the document is updated in place while taplo loads
    const { version } = doc;
    const t0 = performance.now();
    const edits = await f(analysisOf(doc));
    const ms = Math.round(performance.now() - t0);
    connection.console.log(`sherpa: ${what} of version ${version}: ${edits.length} edit(s) in ${ms} ms`);
    return edits;
  } catch (e) {
    connection.console.error(`sherpa: ${what} failed: ${(e as Error).stack ?? e}`);
    return [];
  }
};
// (a large document is formatted in pieces, and the editor's cancel is heard between them)
connection.onDocumentFormatting((p, token) =>
  formatting(p.textDocument.uri, 'formatting', (a) =>
    formatDocument(a, format, p.options.tabSize, p.options.insertSpaces, () => token.isCancellationRequested),
  ),
);
connection.onDocumentRangeFormatting((p, token) =>
  formatting(p.textDocument.uri, 'range formatting', (a) =>
    formatRange(a, p.range, format, p.options.tabSize, p.options.insertSpaces, () => token.isCancellationRequested),
  ),
);
connection.onShutdown(() => {
  images?.dispose();
  idle.dispose();
});

documents.listen(connection);
connection.listen();
