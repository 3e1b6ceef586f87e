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
      log('FAIL', name, '-', e.message.split('\n')[0]);
      throw e;
    }
  };
};

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
    console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
    process.exit(counts.failed ? 1 : 0);
  })().catch((e) => {
    console.error('[ui] harness error', e);
    process.exit(2);
  });
};

/** the text of every integrated terminal in the workbench (xterm buffers) */
exports.terminalText = (page) =>
  page.evaluate(() => {
    const out = [];
    for (const w of document.querySelectorAll('.terminal-wrapper')) {
      const x = w.xterm;
      if (!x) continue;
      for (let i = 0; i < x.buffer.active.length; i++) out.push(x.buffer.active.getLine(i).translateToString(true));
    }
    return out.join('\n');
  });
