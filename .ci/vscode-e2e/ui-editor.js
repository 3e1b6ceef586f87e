// The editor features of issue 8 as a user meets them in the real workbench: inlay hints render after a
// model, "Format Document" rewrites a messy manifest, and Ctrl+click on a file reference opens the file.
// usage: node ui-editor.js PORT WORKSPACE EXT_DEV_DIR SCREENSHOT (the workspace holds the messy manifest.toml
// and the day0.cfg it names; see scripts/vscode-e2e.sh)
const { runUi, stepper, workbenchUrl, remote, manifestRow, printExtensionLog } = require('./browser');
const assert = require('assert');
const [port, folder, devPath, shot] = process.argv.slice(2);
const counts = { passed: 0, failed: 0 };
const step = stepper('ui-editor', counts);

/** the visible lines of the active editor as the user reads them (inlay hints included: they are rendered
 *  into the line), in order, with monaco's non-breaking spaces made plain */
const editorLines = (page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
    return rows
      .map((r) => ({ top: parseFloat(r.style.top) || 0, text: r.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.text);
  });

/** wait until the editor's lines satisfy `ok`, or fail with what they were */
async function untilLines(page, ok, what, ms = 30000) {
  let lines = [];
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(100)) {
    lines = await editorLines(page);
    if (ok(lines)) return lines;
  }
  throw new Error(`${what}; the editor showed ${JSON.stringify(lines)}`);
}

/** the active editor's text area (a click there puts the cursor in the document) */
const activeText = (page) => page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

/** "Format Document" run from the command palette on the active editor, which must not change before the click */
async function formatFromPalette(page) {
  await activeText(page).click();
  const before = (await editorLines(page)).join('\n');
  await page.keyboard.press('F1');
  // the query is set on the palette's input, not typed: a key typed before the palette has focus would go
  // into the document, and a format drops its edits when the document changes under it
  const input = page.locator('.quick-input-widget input:focus').first();
  await input.waitFor({ timeout: 10000 });
  await input.fill('>Format Document');
  // click the row named exactly "Format Document": Enter takes whichever row is focused, and while the list
  // still filters that can be "Format Document With...", which opens a second picker and formats nothing
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: /^Format Document$/ }) })
    .first();
  await row.waitFor({ timeout: 10000 });
  assert.equal((await editorLines(page)).join('\n'), before, 'the document changed before the format');
  await row.click();
}

/** what the workbench says when a palette "Format Document" did nothing, for the CI log: where the cursor is, and
 *  whether the editor's context menu offers "Format Document" (only the command that runs a formatter has an entry
 *  there; its twin for languages without one, `editor.action.formatDocument.none`, has the same palette label) */
async function formatDiagnosis(page) {
  const cursor = await page
    .locator('#status\\.editor\\.selection')
    .first()
    .textContent({ timeout: 2000 })
    .catch(() => '?');
  await page.keyboard.press('Escape');
  await activeText(page).click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  const offered = await menu
    .waitFor({ timeout: 5000 })
    .then(() => menu.locator('.action-label', { hasText: /^Format Document$/ }).count())
    .catch(() => 'no menu');
  await page.keyboard.press('Escape');
  console.log(`[ui-editor] cursor: ${cursor}; "Format Document" entries in the editor's context menu: ${offered}`);
  printExtensionLog(8);
}

runUi(shot, counts, async (page) => {
  await page.goto(workbenchUrl(port, folder, [['extensionDevelopmentPath', remote(port, devPath)]]));
  await step('the messy manifest opens in the Sherpa Manifest editor', async () => {
    await manifestRow(page).click({ timeout: 90000 });
    await untilLines(page, (l) => l.some((x) => x.includes('name="vscode-edit"')), 'the manifest did not open');
  });
  await step('an inlay hint after the model shows what the node gets (192 MiB, kernel), whole', async () => {
    await untilLines(
      page,
      (l) => l.some((x) => /model\s*=\s*"generic_unikernel".*192 MiB.*kernel$/.test(x) && !x.includes('…')),
      'no inlay hint after the model',
    );
  });
  await step('"Format Document" from the command palette formats it (taplo, through the server)', async () => {
    const formatted = (l) =>
      l.some((x) => x.startsWith('name = "vscode-edit"')) && l.some((x) => x.startsWith('memory = 192'));
    await formatFromPalette(page);
    let lines;
    try {
      lines = await untilLines(page, formatted, 'the manifest was not formatted', 15000);
    } catch (e) {
      // in two of the twelfth session's four CI runs, the palette closed with the text left as it was and the server
      // was never asked to format (it formats this text in 0.2 s when asked directly); run alone, the step passes. The
      // command is given once more, said here so that it stays visible; the step still fails unless the text gets
      // formatted, and the palette's own checks (the document unchanged before the click) hold both times
      console.log(`[ui-editor] ${String(e.message).split(';')[0]} after 15 s: running Format Document again`);
      await formatDiagnosis(page);
      await formatFromPalette(page);
      lines = await untilLines(page, formatted, 'the manifest was not formatted, twice');
    }
    // the comment is kept, and every key = value line has its spaces
    assert.ok(
      lines.some((x) => x.includes('# the one node')),
      JSON.stringify(lines),
    );
    assert.ok(!lines.some((x) => /^\w+=/.test(x)), JSON.stringify(lines));
  });
  await step('Ctrl+click on the ztp_config file reference opens day0.cfg', async () => {
    // monaco marks a document link with .detected-link once the provider has answered
    const link = page
      .locator('.editor-group-container.active .monaco-editor .detected-link', { hasText: 'day0.cfg' })
      .first();
    await link.waitFor({ timeout: 30000 });
    // the mouse still rests where the palette's row was, over the editor's text: a hover shown there can cover
    // the link and take the click, so move it off the editor and close any hover first
    const offEditor = async () => {
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
    };
    await offEditor();
    // a locator click, not a box read and a mouse click: monaco re-renders the line when the links or inlay
    // hints of the formatted text arrive, and the element found a moment ago may be gone (CI once read a null
    // box); the locator finds the live element and waits until it is attached, visible and still
    try {
      await link.click({ modifiers: ['Control'], timeout: 15000 });
    } catch (e) {
      // CI once had Playwright's own check of what lies under the link answer `<html>` for 30 s, while the
      // screenshot showed nothing over it. Clicked without that check, the browser's hit test decides: the step
      // still fails if the click does not reach the link (no day0.cfg tab below)
      // the call log's last verdict names what took the click ("<div …> intercepts pointer events")
      const why = String(e.message)
        .split('\n')
        .filter((l) => /intercepts|not stable|not visible|not enabled/.test(l))
        .pop();
      const first = String(e.message).split('\n')[0];
      console.log(
        `[ui-editor] the click's hit check failed (${first}${why ? `; ${why.trim()}` : ''}); clicking without it`,
      );
      await offEditor();
      await link.click({ modifiers: ['Control'], force: true, timeout: 15000 });
    }
    await page.locator('.tabs-container .tab.active', { hasText: 'day0.cfg' }).first().waitFor({ timeout: 30000 });
    await untilLines(page, (l) => l.some((x) => x.includes('hostname edit-node')), 'day0.cfg did not open');
  });
});
