// Runs the extension's mocha suite (a module exporting run()) inside code-server's real Node
// extension host, driven by headless chromium. Exit code 0 iff the suite passed.
// usage: node run-ext-tests.js PORT WORKSPACE EXT_DEV_DIR TESTS_MODULE [timeoutSec]
const { launch, workbenchUrl, remote } = require('./browser');
const [port, folder, devPath, testsPath, timeoutSec = '300'] = process.argv.slice(2);
const t0 = Date.now();
(async () => {
  const ctx = await launch();
  const page = ctx.pages()[0];
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationLog', (level, msg) => {
    if (process.env.VERBOSE) console.log(`[workbench ${level}] ${msg}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  let summary = null;
  // TRACE=FILE: a Chromium trace (all processes, with JS samples) of what the bench marks with "[mocha] [trace]
  // start" and "[mocha] [trace] stop", for chrome://tracing or Perfetto
  const trace = process.env.TRACE && (await ctx.newCDPSession(page));
  const chunks = [];
  if (trace) trace.on('Tracing.dataCollected', (e) => chunks.push(...e.value));
  const traced = new Promise((r) => trace && trace.on('Tracing.tracingComplete', r));
  page.on('console', (m) => {
    const t = m.text();
    if (trace && t.includes('[mocha] [trace] start'))
      void trace.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: {
          includedCategories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'disabled-by-default-devtools.timeline.frame',
            'toplevel',
            'v8.execute',
            'blink.user_timing',
            'disabled-by-default-v8.cpu_profiler',
          ],
        },
      });
    if (trace && t.includes('[mocha] [trace] stop'))
      void trace.send('Tracing.end').then(async () => {
        await traced;
        require('fs').writeFileSync(process.env.TRACE, JSON.stringify({ traceEvents: chunks }));
        console.log(`[vscode-e2e] trace: ${process.env.TRACE} (${chunks.length} events)`);
      });
    const i = t.indexOf('[mocha');
    if (i >= 0) {
      const line = t.slice(i);
      if (line.startsWith('[mocha-summary] ')) summary = JSON.parse(line.slice(16));
      else if (line.startsWith('[mocha] ')) console.log(line.slice(8));
    } else if (process.env.VERBOSE) console.log(`[browser ${m.type()}] ${t}`);
  });
  const payload = [
    ['extensionDevelopmentPath', remote(port, devPath)],
    ['extensionTestsPath', remote(port, testsPath)],
  ];
  await page.goto(workbenchUrl(port, folder, payload));
  let code = await Promise.race([
    exited,
    new Promise((r) => setTimeout(() => r('timeout'), Number(timeoutSec) * 1000)),
  ]);
  console.log(`[vscode-e2e] extension host exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (summary) console.log(`vscode: ${summary.passes} passed, ${summary.failures} failed, ${summary.pending} skipped`);
  else {
    console.log('[vscode-e2e] no test summary received');
    code = 1;
  }
  await ctx.cleanup();
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => {
  console.error('[vscode-e2e] harness error', e);
  process.exit(2);
});
