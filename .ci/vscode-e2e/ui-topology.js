// The topology view through the workbench: the "Topology" lens opens it beside a 3-node manifest, it shows
// the three nodes and the links labelled with both interface names; Start Lab turns the nodes running in
// the view; a double-click on a node opens its console, which shows the boot output.
// usage: node ui-topology.js PORT WORKSPACE EXT_DEV_DIR SCREENSHOT
const { runUi, stepper, workbenchUrl, remote, terminalText, manifestRow } = require('./browser');
const assert = require('assert');
const [port, folder, devPath, shot] = process.argv.slice(2);
const counts = { passed: 0, failed: 0 };
const step = stepper('ui-topology', counts);
runUi(shot, counts, async (page) => {
  await page.goto(workbenchUrl(port, folder, [['extensionDevelopmentPath', remote(port, devPath)]]));
  const lens = (text) => page.locator('.monaco-editor .codelens-decoration a', { hasText: text }).first();
  // the webview: VS Code's outer frame, then the page's own document in it
  const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  await step('the Topology lens opens the view: three nodes, links with both interface names', async () => {
    await manifestRow(page).click({ timeout: 90000 });
    await lens('Topology').click({ timeout: 60000 });
    await view.locator('#node-list li').nth(2).waitFor({ timeout: 60000 });
    assert.deepEqual(await view.locator('#node-list li').allTextContents(), ['t1', 't2', 't3']);
    assert.deepEqual(await view.locator('#link-list li').allTextContents(), [
      't1::eth1 — t2::eth1',
      't2::eth2 — t3::eth1',
    ]);
    assert.deepEqual(await view.locator('svg g.node text.label').allTextContents(), ['t1', 't2', 't3']);
    assert.ok((await view.locator('svg g.link text.end-a').allTextContents()).includes('eth1'));
  });
  await step('Start Lab: the nodes turn running in the view', async () => {
    await lens('Start Lab').click({ timeout: 60000 });
    await lens('3/3 running').waitFor({ timeout: 300000 });
    await view.locator('svg g.node.state-running').nth(2).waitFor({ timeout: 60000 });
    assert.deepEqual(await view.locator('#node-list li').allTextContents(), [
      't1: running',
      't2: running',
      't3: running',
    ]);
  });
  await step("a double-click on a node opens its console, with the node's boot output", async () => {
    await view.locator('svg g.node[data-id="t2"] rect').dblclick();
    await page.locator('.terminal-wrapper .xterm').first().waitFor({ timeout: 30000 });
    let text = '';
    for (const end = Date.now() + 60000; Date.now() < end; await page.waitForTimeout(200)) {
      text = await terminalText(page);
      if (text.includes('READY')) break;
    }
    assert.match(text, /READY/, text);
  });
  await step('Destroy removes the lab; the view stays, its nodes no longer running', async () => {
    await page.screenshot({ path: shot.replace(/\.png$/, '-running.png') });
    await lens('Destroy').click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Destroy' }).first().click();
    await lens('Start Lab').waitFor({ timeout: 120000 });
    await view.locator('#node-list li', { hasText: /^t1$/ }).waitFor({ timeout: 30000 });
  });
  await step("typing in t3's model redraws t3 in the view, marked with its error; undo restores it", async () => {
    // the manifest (scripts/vscode-e2e.sh): t3's model is line 21; column 10 is just inside its quotes
    await page.locator('.editor-group-container').first().locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10000 });
    await page.keyboard.type('21:10');
    await page.keyboard.press('Enter');
    await page.keyboard.type('x');
    const t3 = view.locator('svg g.node[data-id="t3"]');
    await t3.locator('text.model', { hasText: /^xgeneric_unikernel$/ }).waitFor({ timeout: 30000 });
    await view.locator('svg g.node.has-problems[data-id="t3"]').waitFor({ timeout: 30000 });
    assert.equal(await view.locator('svg g.node.has-problems').count(), 1);
    await page.keyboard.press('Control+Z');
    await t3.locator('text.model', { hasText: /^generic_unikernel$/ }).waitFor({ timeout: 30000 });
    await view.locator('svg g.node.has-problems').first().waitFor({ state: 'detached', timeout: 30000 });
  });
});
