// Activation time, and how long an outside state change takes to reach the tree, against the
// baseline of the same change reaching a bare `virsh event` watcher in this run.
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Api } from '../../../client/src/extension';
import type { LabsTreeItem } from '../../../client/src/views/labsTree';

const run = promisify(execFile);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

suite('bench', () => {
  test('topology view: open to first paint (100 nodes), keystroke to paint (1,000 nodes)', async () => {
    const api = await vscode.extensions.getExtension<Api>('sherpa-labs.sherpa-labs')!.activate();
    const dir = vscode.workspace.workspaceFolders![0].uri;
    // a valid manifest: without `version`, the demo store's two generic_unikernel versions give every node a
    // warning, and 1,000 diagnostics (600 KB) reach the workbench on every keystroke
    const manifest = (n: number) => {
      const out = [`name = "bench-topo-${n}"`];
      for (let i = 1; i <= n; i++)
        out.push(
          '[[nodes]]',
          `name = "n${i}"`,
          'model = "generic_unikernel"',
          'version = "linux"',
          'data_interface_count = 2',
          '',
        );
      for (let i = 1; i < n; i++) out.push('[[links]]', `src = "n${i}::eth1"`, `dst = "n${i + 1}::eth2"`, '');
      return out.join('\n');
    };
    // resolves with when the view painted (epoch ms: the webview tells it, on this machine's clock)
    // (and keeps when the picture arrived in the view, and was drawn)
    let arrived = { got: 0, drawn: 0 };
    const painted = (uri: vscode.Uri, nodes: number) =>
      new Promise<number>((resolve) => {
        const sub = api.topology.onDidPaint((e) => {
          if (e.uri.toString() !== uri.toString() || e.nodes !== nodes) return;
          sub.dispose();
          arrived = { got: e.got ?? e.at, drawn: e.drawn ?? e.at };
          resolve(e.at);
        });
      });
    const opens: number[] = [];
    const openPosted: number[] = [];
    const openArrived: number[] = [];
    const openDrawn: number[] = [];
    for (let round = 0; round < 3; round++) {
      const uri = vscode.Uri.joinPath(dir, `bench-topo-${round}`, 'manifest.toml');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(manifest(100)));
      await vscode.window.showTextDocument(uri);
      const paint = painted(uri, 100);
      const t0 = Date.now();
      let posted = 0;
      const sub = api.topology.onDidPost((e) => {
        if (!posted && e.uri.toString() === uri.toString() && e.message.type === 'model') posted = Date.now();
      });
      await vscode.commands.executeCommand('sherpa.showTopology', uri);
      const at = await paint;
      sub.dispose();
      openPosted.push(posted - t0);
      opens.push(at - t0);
      openArrived.push(arrived.got - t0);
      openDrawn.push(arrived.drawn - arrived.got);
    }
    const big = vscode.Uri.joinPath(dir, 'bench-topo-1000', 'manifest.toml');
    await vscode.workspace.fs.writeFile(big, Buffer.from(manifest(1000)));
    const editor = await vscode.window.showTextDocument(big);
    const tBig = Date.now();
    const first = painted(big, 1000);
    await vscode.commands.executeCommand('sherpa.showTopology', big);
    const bigFirst = (await first) - tBig;
    await api.topology.settled(big); // ELK's layout drawn
    const bigLaidOut = Date.now() - tBig;
    // a keystroke inside a node (its model's value): the view is redrawn without a new layout
    const keys: number[] = [];
    const posts: number[] = [];
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('model = '));
    // timed from the change event (the keystroke reaching the extension host) to the view's paint of the update it
    // caused; the edit's own round trip through the workbench (the browser, in code-server) is reported beside it
    const changed: number[] = [];
    // the time from the post to the paint, split: the message's way to the webview, its drawing, the frame
    const transit: number[] = [];
    const drawing: number[] = [];
    const frame: number[] = [];
    console.log('[mocha] [trace] start'); // TRACE=FILE scripts/vscode-e2e.sh traces the keystrokes
    for (let i = 0; i < 21; i++) {
      let tChange = 0;
      let tPost = 0;
      let seq = -1;
      const t0 = Date.now();
      const paint = new Promise<number>((resolve) => {
        const sub = api.topology.onDidPaint((e) => {
          if (e.uri.toString() !== big.toString() || e.seq !== seq) return;
          sub.dispose();
          if (e.got !== undefined && e.drawn !== undefined) {
            transit.push(e.got - tPost);
            drawing.push(e.drawn - e.got);
            frame.push(e.at - e.drawn);
          }
          resolve(e.at);
        });
      });
      const subs = [
        vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document.uri.toString() === big.toString() && !tChange) tChange = Date.now();
        }),
        api.topology.onDidPost((e) => {
          if ((e.message.type === 'model' || e.message.type === 'patch') && tChange && seq < 0) {
            seq = e.message.seq;
            tPost = Date.now();
            posts.push(tPost - tChange);
          }
        }),
      ];
      await editor.edit((e) =>
        i % 2 ? e.delete(new vscode.Range(line, 9, line, 10)) : e.insert(new vscode.Position(line, 9), 'x'),
      );
      const at = await paint;
      for (const s of subs) s.dispose();
      keys.push(at - tChange);
      changed.push(tChange - t0);
      await api.topology.settled(big);
    }
    console.log('[mocha] [trace] stop');
    console.log(
      `[mocha] [bench] topology open to first paint, 100 nodes: ${median(opens).toFixed(0)} ms median ` +
        `(target < 1000 ms; the picture was posted after ${median(openPosted).toFixed(0)} ms, reached the view ` +
        `after ${median(openArrived).toFixed(0)} ms and took ` +
        `${median(openDrawn).toFixed(0)} ms to draw); ` +
        `keystroke to paint, 1,000 nodes: ${median(keys).toFixed(0)} ms median from the change event ` +
        `(target < 100 ms; ${median(posts).toFixed(0)} ms of it to the update's post, then ` +
        `${median(transit).toFixed(0)} ms to the webview, ${median(drawing).toFixed(0)} ms drawing, ` +
        `${median(frame).toFixed(0)} ms to the painted frame; the edit took ` +
        `${median(changed).toFixed(0)} ms to reach the extension host); 1,000 nodes: first paint ${bigFirst} ms, ` +
        `ELK's layout painted after ${bigLaidOut} ms`,
    );
    assert.ok(opens.length && keys.length);
  });

  test('activation and outside-change-to-tree latency', async () => {
    const api = await vscode.extensions.getExtension<Api>('sherpa-labs.sherpa-labs')!.activate();
    console.log(`[mocha] [bench] activation ${api.activationMs.toFixed(0)} ms (target < 500 ms)`);
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'manifest.toml');
    await vscode.commands.executeCommand('sherpa.startLab', uri);
    const id = api.labs.labIdOf(uri)!;
    const virshUri = api.labs.engine.settings.uri;
    const lab = api.labs.lab(id)!;
    const dom = lab.domains[0];
    const nodeState = () => {
      const root = api.tree.getChildren().find((i) => i.lab.id === id);
      const n =
        root &&
        api.tree
          .getChildren(root)
          .find((x) => (x as Extract<LabsTreeItem, { kind: 'node' }>).domain.meta.node === dom.meta.node);
      return n ? api.tree.getTreeItem(n).contextValue : undefined;
    };
    const whenTree = (want: string) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const sub = api.labs.onDidChange(() => {
          if (nodeState() === want) {
            sub.dispose();
            resolve(performance.now() - t0);
          }
        });
      });
    const watcher = spawn('virsh', ['-c', virshUri, 'event', '--loop', '--all']);
    let onLine: ((l: string) => void) | undefined;
    watcher.stdout.on('data', (d: Buffer) => {
      for (const l of d.toString().split('\n')) if (l) onLine?.(l);
    });
    const whenEvent = (detail: string) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        onLine = (l) => {
          if (l.includes(dom.name) && l.includes(detail)) resolve(performance.now() - t0);
        };
      });
    // let the bare watcher register: one round trip that must produce an event
    const warm = whenEvent('Suspended');
    await run('virsh', ['-c', virshUri, 'suspend', dom.name]);
    await warm;
    await run('virsh', ['-c', virshUri, 'resume', dom.name]);
    const tree: number[] = [],
      events: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const stop = i % 2 === 0;
        const want = stop ? 'sherpaNode.stopped' : 'sherpaNode.running';
        const [t, e] = await Promise.all([
          whenTree(want),
          whenEvent(stop ? 'Stopped' : 'Started'),
          run('virsh', ['-c', virshUri, stop ? 'destroy' : 'start', dom.name]),
        ]);
        tree.push(t);
        events.push(e);
      }
    } finally {
      watcher.kill();
      await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
    }
    console.log(
      `[mocha] [bench] outside change -> tree: median ${median(tree).toFixed(0)} ms, max ` +
        `${Math.max(...tree).toFixed(0)} ms; bare virsh event: median ${median(events).toFixed(0)} ms; ratio ` +
        `${(median(tree) / median(events)).toFixed(2)}x (target: tree within 500 ms)`,
    );
    assert.ok(tree.length === 6);
  });

  test('Start Lab in the extension host against the CLI up of the same lab', async () => {
    const api = await vscode.extensions.getExtension<Api>('sherpa-labs.sherpa-labs')!.activate();
    const ext = vscode.extensions.getExtension('sherpa-labs.sherpa-labs')!.extensionPath;
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'manifest.toml');
    const id = api.labs.labIdOf(uri)!;
    const c = vscode.workspace.getConfiguration('sherpa');
    const cli = (...args: string[]) =>
      run(
        process.execPath,
        [
          `${ext}/engine/dist/cli.js`,
          ...args,
          '--manifest',
          uri.fsPath,
          '--images-dir',
          c.get<string>('imagesDir')!,
          '--labs-dir',
          c.get<string>('labsDir')!,
          '--uri',
          api.labs.engine.settings.uri,
          '--domain-type',
          c.get<string>('domainType')!,
        ],
        { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      );
    const ours: number[] = [],
      theirs: number[] = [];
    // alternate, and take medians: one run on a shared 2-core machine varies by tens of percent
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      await cli('up');
      theirs.push(performance.now() - t0);
      await cli('destroy');
      await api.labs.refresh();
      t0 = performance.now();
      const r = await vscode.commands.executeCommand<{ ready: string[] } | undefined>('sherpa.startLab', uri);
      ours.push(performance.now() - t0);
      assert.ok(r && r.ready.length === 2, 'both nodes ready');
      await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
    }
    const ratio = median(ours) / median(theirs);
    console.log(
      `[mocha] [bench] Start Lab -> all nodes ready: extension median ${median(ours).toFixed(0)} ms, CLI up ` +
        `${median(theirs).toFixed(0)} ms; ratio ${ratio.toFixed(2)}x (target <= 1.2x the CLI; the plain-virsh floor ` +
        'is in the lab engine table of npm run bench)',
    );
  });
});
