// Restricted Mode in the real workbench: in a folder that is not trusted, the manifest keeps its
// language features and shows a trust lens instead of lab actions.
// usage: node ui-trust.js PORT WORKSPACE EXT_DEV_DIR SCREENSHOT (code-server with workspace trust on)
const { launch, workbenchUrl, remote } = require('./browser');
const assert = require('assert');
const [port, folder, devPath, shot] = process.argv.slice(2);
let passed = 0, failed = 0;
(async () => {
  const ctx = await launch(); const page = ctx.pages()[0];
  try {
    await page.goto(workbenchUrl(port, folder, [['extensionDevelopmentPath', remote(port, devPath)]]));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^manifest\.toml$/ }).first().waitFor({ timeout: 90000 });
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^manifest\.toml$/ }).first().click();
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Trust this folder to run labs' }).first().waitFor({ timeout: 60000 });
    const lenses = await page.locator('.monaco-editor .codelens-decoration').allTextContents();
    assert.ok(!lenses.some((l) => l.includes('Start Lab')), JSON.stringify(lenses));
    await page.locator('.statusbar-item', { hasText: 'Sherpa Manifest' }).first().waitFor({ timeout: 10000 });
    passed++; console.log('[ui] ok   untrusted folder: language mode on, a trust lens instead of "Start Lab"');
  } catch (e) {
    failed++; console.log('[ui] FAIL untrusted folder -', e.message.split('\n')[0]);
  } finally {
    await page.screenshot({ path: shot }).catch(() => {});
    await ctx.cleanup();
  }
  console.log(`ui: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error('[ui] harness error', e); process.exit(2); });
