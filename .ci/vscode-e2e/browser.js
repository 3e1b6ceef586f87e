// Shared: launch Debian's chromium through playwright-core (no browser download), and build the
// web workbench URL (code-server must run with --vscode-option enable-smoke-test-driver for payload).
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');
exports.launch = async () => {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  ctx.cleanup = async () => {
    await ctx.close();
    fs.rmSync(udd, { recursive: true, force: true });
  };
  return ctx;
};
exports.workbenchUrl = (port, folder, payload) => {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload && payload.length) url += '&payload=' + encodeURIComponent(JSON.stringify(payload));
  return url;
};
/** the workspace's manifest.toml in the Explorer */
exports.manifestRow = (page) =>
  page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^manifest\.toml$/ }).first();
exports.remote = (port, p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;

/** a UI script's step runner: logs `ok`/`FAIL` with the elapsed time under `tag`, counts, and rethrows a
 *  failure (later steps build on earlier ones) */
exports.stepper = (tag, counts) => {
  const t0 = Date.now();
  const log = (...a) => console.log(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  return async (name, fn) => {
    try {
      await fn();
      counts.passed++;
      log('ok  ', name);
    } catch (e) {
      counts.failed++;
      const [first, ...rest] = e.message.split('\n');
      log('FAIL', name, '-', first);
      // playwright's call log says what an action waited for (hidden, covered by another element, detached)
      for (const line of rest.filter((l) => l.trim()).slice(-12)) log('    ', line.trim());
      throw e;
    }
  };
};

/** after a failure: the end of the newest extension host's "Sherpa Labs" log (the extension's and the language
 *  server's lines), so a CI log says what the extension did; E2E_RUN is the run folder vscode-e2e.sh made */
function printExtensionLog(count = 40) {
  const run = process.env.E2E_RUN;
  if (!run) return;
  const logs = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Sherpa Labs.log') logs.push({ p, t: fs.statSync(p).mtimeMs });
    }
  };
  try {
    walk(run);
  } catch {
    return;
  }
  const newest = logs.sort((a, b) => b.t - a.t)[0];
  if (!newest) return;
  const lines = fs.readFileSync(newest.p, 'utf8').trimEnd().split('\n').slice(-count);
  console.log(`[ui] the last ${lines.length} lines of ${newest.p}:`);
  for (const l of lines) console.log(`[ui]   ${l}`);
}
exports.printExtensionLog = printExtensionLog;

/** a UI script's body with the shared ending: screenshot, browser closed, "ui: N passed, N failed", exit code */
exports.runUi = (shot, counts, body) => {
  (async () => {
    const ctx = await exports.launch();
    const page = ctx.pages()[0];
    try {
      await body(page);
    } catch {
      /* counted by the body */
    } finally {
      await page.screenshot({ path: shot }).catch(() => {});
      await ctx.cleanup();
    }
    if (counts.failed) printExtensionLog();
    console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
    process.exit(counts.failed ? 1 : 0);
  })().catch((e) => {
    console.error('[ui] harness error', e);
    process.exit(2);
  });
};

/**
 * The logical lines of the integrated terminals (xterm buffers), the first terminal only when `first` is set. A row
 * that xterm wrapped (`isWrapped`) is joined to the one before: a long console line must not depend on the width.
 */
exports.terminalLines = (page, first = false) =>
  page.evaluate((first) => {
    const out = [];
    const wrappers = [...document.querySelectorAll('.terminal-wrapper')].slice(0, first ? 1 : undefined);
    for (const w of wrappers) {
      const x = w.xterm;
      if (!x) continue;
      for (let i = 0; i < x.buffer.active.length; i++) {
        const row = x.buffer.active.getLine(i);
        const text = row.translateToString(true);
        if (row.isWrapped && out.length) out[out.length - 1] += text;
        else out.push(text);
      }
    }
    return out;
  }, first);

/** the text of every integrated terminal in the workbench, one logical line per line */
exports.terminalText = async (page) => (await exports.terminalLines(page)).join('\n');
