// Restricted Mode in the real workbench, on a hostile folder whose settings name a program to run (as
// sherpa.virshPath and inside a qemu+ext:// URI; the program leaves a marker file). Untrusted: the
// manifest keeps its language features, shows a trust lens instead of lab actions, and nothing runs.
// Trusted: lab actions appear (libvirt answered through the user's virsh and URI) and still nothing ran.
// usage: node ui-trust.js PORT WORKSPACE EXT_DEV_DIR SCREENSHOT MARKER (code-server with workspace trust on)
const { runUi, workbenchUrl, remote, manifestRow } = require('./browser');
const assert = require('assert');
const fs = require('fs');
const [port, folder, devPath, shot, marker] = process.argv.slice(2);
const counts = { passed: 0, failed: 0 };
const ran = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : '');
async function check(name, f) {
  try {
    await f();
    counts.passed++;
    console.log(`[ui] ok   ${name}`);
  } catch (e) {
    counts.failed++;
    console.log(`[ui] FAIL ${name} - ${e.message.split('\n')[0]}`);
  }
}
runUi(shot, counts, async (page) => {
  const lenses = () => page.locator('.monaco-editor .codelens-decoration').allTextContents();
  await page.goto(workbenchUrl(port, folder, [['extensionDevelopmentPath', remote(port, devPath)]]));
  await check('untrusted folder: language mode on, a trust lens instead of "Start Lab", nothing run', async () => {
    await manifestRow(page).waitFor({ timeout: 90000 });
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30000 });
    await manifestRow(page).click();
    await page
      .locator('.monaco-editor .codelens-decoration a', { hasText: 'Trust this folder to run labs' })
      .first()
      .waitFor({ timeout: 60000 });
    assert.ok(!(await lenses()).some((l) => l.includes('Start Lab')), JSON.stringify(await lenses()));
    await page.locator('.statusbar-item', { hasText: 'Sherpa Manifest' }).first().waitFor({ timeout: 10000 });
    assert.equal(ran(), '', "the folder's program ran");
  });
  await check("trusting the folder enables lab actions, and the folder's program still never runs", async () => {
    await page
      .locator('.monaco-editor .codelens-decoration a', { hasText: 'Trust this folder to run labs' })
      .first()
      .click();
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ }).first();
    await trust.waitFor({ timeout: 30000 });
    await trust.click();
    await page
      .locator('.statusbar-item', { hasText: 'Restricted Mode' })
      .first()
      .waitFor({ state: 'detached', timeout: 30000 });
    // the trust editor opens as a modal over the workbench: close it, the manifest is open behind it
    await page.getByText('You trust this folder').first().waitFor({ timeout: 30000 });
    // its close action is the right-most "Close…" button of the modal's title row (the editor tab's sits lower)
    const closers = await page.locator('[aria-label^="Close"]').all();
    let best,
      bestX = -1;
    for (const c of closers) {
      const box = await c.boundingBox().catch(() => null);
      if (box && box.y < 140 && box.x > bestX) {
        best = c;
        bestX = box.x;
      }
    }
    assert.ok(best, 'no close action on the Workspace Trust editor');
    await best.click();
    await page.getByText('You trust this folder').first().waitFor({ state: 'hidden', timeout: 30000 });
    // a lab lens ("Start Lab", or the summary of a lab of that name already running) shows only once the
    // lab watcher has asked libvirt, through the user's virsh and URI
    await page
      .locator('.monaco-editor .codelens-decoration a', { hasText: /Start Lab|\d+\/\d+ running/ })
      .first()
      .waitFor({ timeout: 60000 });
    assert.equal(ran(), '', "the folder's program ran");
  });
});
