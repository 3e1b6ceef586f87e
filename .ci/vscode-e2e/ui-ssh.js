// A provisioned VM through the workbench: Start Lab on a manifest with one cloud-init VM (the Debian
// guest), then the node's SSH action in the Sherpa Labs view opens a terminal logged in as sherpa, where
// `hostname` prints the node's name. usage: node ui-ssh.js PORT WORKSPACE EXT_DEV_DIR SCREENSHOT
const { runUi, stepper, workbenchUrl, remote, terminalText, manifestRow } = require('./browser');
const assert = require('assert');
const [port, folder, devPath, shot] = process.argv.slice(2);
const counts = { passed: 0, failed: 0 };
const step = stepper('ui-ssh', counts);
runUi(shot, counts, async (page) => {
  await page.goto(workbenchUrl(port, folder, [['extensionDevelopmentPath', remote(port, devPath)]]));
  const lens = (text) => page.locator('.monaco-editor .codelens-decoration a', { hasText: text }).first();
  await step('Start Lab on a cloud-init VM: the node becomes ready (SSH login as sherpa)', async () => {
    await manifestRow(page).click({ timeout: 90000 });
    // the view first: once a lab runs, the activity bar item carries a badge and another label
    await page.locator('.activitybar .action-item .action-label[aria-label*="Sherpa Labs"]').first().click();
    await lens('Start Lab').click({ timeout: 60000 });
    // the lens turns to the running summary when `up` has finished, readiness (an SSH login) included
    await lens('1/1 running').waitFor({ timeout: 600000 });
  });
  await step("the node's SSH action opens a terminal where `hostname` prints the node's name", async () => {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: 'web1' }).first();
    await row.hover();
    await row.locator('.action-label[aria-label="SSH"]').first().click();
    await page.locator('.terminal-wrapper .xterm').first().waitFor({ timeout: 30000 });
    // the login prompt of the shell first, then the command
    for (const end = Date.now() + 60000; Date.now() < end; await page.waitForTimeout(200))
      if (/sherpa@web1/.test(await terminalText(page))) break;
    await page.locator('.terminal-wrapper .xterm').first().click();
    await page.keyboard.type('hostname; echo done-$((40+2))\n');
    let text = '';
    for (const end = Date.now() + 30000; Date.now() < end; await page.waitForTimeout(200)) {
      text = await terminalText(page);
      if (text.includes('done-42')) break;
    }
    assert.match(text, /^web1$/m, text);
    assert.match(text, /done-42/, text);
  });
  await step('Destroy removes the lab', async () => {
    await lens('Destroy').click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Destroy' }).first().click();
    await lens('Start Lab').waitFor({ timeout: 120000 });
  });
});
