// The extension inside a real VS Code extension host: activation, language features on a manifest,
// code lenses, Start Lab on real libvirt, tree items following states (also after an outside
// `virsh destroy`), and a console terminal showing the guest's boot output.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Api } from '../../client/src/extension';
import type { LabsTreeItem } from '../../client/src/views/labsTree';
import type { CaptureSession } from '../../client/src/consoles/captureTerminals';
import type { ToView } from '../../client/src/topology/messages';
import { SERVER_NODE_FLAGS } from '../../common/serverFlags';

const EXT = 'sherpa-labs.sherpa-labs';
let api: Api;
const root = () => vscode.workspace.workspaceFolders![0].uri;
const manifest = () => vscode.Uri.joinPath(root(), 'manifest.toml');

/** resolves once the file on disk holds the document's text (checked now and on each change of the file) */
function diskShows(doc: vscode.TextDocument, ms = 10_000): Promise<void> {
  const same = async () => Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8') === doc.getText();
  return new Promise((resolve, reject) => {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(doc.uri, '..'), '*.toml'),
    );
    const done = (e?: Error) => {
      clearTimeout(timer);
      watcher.dispose();
      if (e) reject(e);
      else resolve();
    };
    const timer = setTimeout(
      () => done(new Error(`the file on disk never showed the editor's text:\n${doc.getText()}`)),
      ms,
    );
    const check = () => void same().then((ok) => ok && done(), done);
    watcher.onDidChange(check);
    watcher.onDidCreate(check);
    check();
  });
}

/** resolves when `check` holds, re-checked on every lab-state change (no sleeps) */
function until<T>(what: string, check: () => T | undefined, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const sub = api.labs.onDidChange(() => {
      const v = check();
      if (v) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
  });
}

function diagnosticsFor(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const now = vscode.languages.getDiagnostics(uri);
    if (now.length) {
      resolve(now);
      return;
    }
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        sub.dispose();
        resolve(vscode.languages.getDiagnostics(uri));
      }
    });
  });
}

suite('Sherpa Labs in VS Code', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXT);
    assert.ok(ext, 'extension installed');
    api = await ext!.activate();
  });

  test('activates and registers every command it contributes and every command its welcome views link to', async () => {
    const cmds = new Set(await vscode.commands.getCommands(true));
    const pkg = vscode.extensions.getExtension(EXT)!.packageJSON as {
      contributes: { commands: { command: string }[]; viewsWelcome: { contents: string }[] };
    };
    const contributed = pkg.contributes.commands.map((c) => c.command);
    const linked = pkg.contributes.viewsWelcome.flatMap((w) =>
      [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]),
    );
    assert.ok(linked.includes('sherpa.newManifest'), JSON.stringify(linked));
    for (const c of [...contributed, ...linked]) assert.ok(cmds.has(c), c);
  });

  test('the language server runs with the flags and the transport the benchmarks measure it with', async () => {
    const s = await api.language.stats();
    assert.deepEqual(
      s?.execArgv.filter((a) => !a.startsWith('--inspect')),
      [...SERVER_NODE_FLAGS],
      JSON.stringify(s),
    );
    assert.ok(s?.argv.includes('--stdio'), JSON.stringify(s));
  });

  test('a broken manifest gets a diagnostic with a quick fix', async () => {
    const uri = vscode.Uri.joinPath(root(), 'broken', 'manifest.toml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'sherpa-manifest');
    const diags = await diagnosticsFor(uri);
    const d = diags.find((x) => x.code === 'unknown-model');
    assert.ok(d, JSON.stringify(diags));
    assert.match(d!.message, /Did you mean `unikraft_unikernel`/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d!.range,
    );
    assert.ok(actions.some((a) => a.title === 'Change to `unikraft_unikernel`'));
  });

  test('other TOML files get no diagnostics from us', async () => {
    const other = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'other.toml'));
    assert.equal(other.languageId, 'toml');
    // a manifest opened after it, answered: the server has seen everything the client sent before it
    const later = vscode.Uri.joinPath(root(), `later-${Date.now()}.lab.toml`);
    await vscode.workspace.fs.writeFile(
      later,
      Buffer.from('name = "later"\nnodes = [{ name = "a", model = "nope" }]\n'),
    );
    await vscode.workspace.openTextDocument(later);
    assert.ok((await diagnosticsFor(later)).length > 0);
    assert.deepEqual(
      vscode.languages.getDiagnostics(other.uri).filter((d) => d.source === 'sherpa'),
      [],
    );
  });

  test('format a messy manifest through the formatting provider; document links resolve next to it', async () => {
    const uri = vscode.Uri.joinPath(root(), `messy-${Date.now()}.lab.toml`);
    const messy = 'name="messy"\n[[nodes]]\nname =   "a"\nmodel="generic_vm"\nztp_config = "cfg/a.cfg"\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(messy));
    const doc = await vscode.workspace.openTextDocument(uri);
    await diagnosticsFor(uri);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(edits?.length, 'the formatter answered');
    const we = new vscode.WorkspaceEdit();
    we.set(uri, edits);
    await vscode.workspace.applyEdit(we);
    assert.equal(
      doc.getText(),
      'name = "messy"\n[[nodes]]\nname = "a"\nmodel = "generic_vm"\nztp_config = "cfg/a.cfg"\n',
    );
    // the #:schema directive for Even Better TOML: our schema, shipped with the extension; still a valid manifest
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('sherpa.insertSchemaDirective');
    assert.match(doc.lineAt(0).text, /^#:schema .*\/schemas\/manifest\.schema\.json$/);
    const schema = JSON.parse(
      Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(doc.lineAt(0).text.slice(9)))).toString(),
    );
    assert.equal(schema.title, 'Sherpa lab manifest');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    // (the editor also links the directive's file URI)
    assert.ok(
      links.some((l) => l.target?.fsPath === vscode.Uri.joinPath(root(), 'cfg', 'a.cfg').fsPath),
      JSON.stringify(links.map((l) => l.target?.fsPath)),
    );
  });

  test('format on save: with editor.formatOnSave set for manifests, saving writes the manifest formatted', async () => {
    const dir = vscode.Uri.joinPath(root(), `fos-${Date.now()}`);
    const uri = vscode.Uri.joinPath(dir, 'manifest.toml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('name = "fos"\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'sherpa-manifest');
    const editorConfig = vscode.workspace.getConfiguration('editor', doc);
    const filesConfig = vscode.workspace.getConfiguration('files');
    // what the workspace had, put back afterwards
    const hadFormatOnSave = editorConfig.inspect('formatOnSave')?.workspaceLanguageValue;
    const hadAutoSave = filesConfig.inspect('autoSave')?.workspaceValue;
    // as a user sets it: for the manifest language only; auto-save off, so that this save is the one that writes
    await editorConfig.update('formatOnSave', true, vscode.ConfigurationTarget.Workspace, true);
    await filesConfig.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await vscode.window.showTextDocument(doc);
      const messy = 'name="fos"\n[[nodes]]\nname =   "a"\nmodel="generic_vm"  # kept\n';
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), messy));
      assert.ok(await doc.save(), 'saved');
      const formatted = 'name = "fos"\n[[nodes]]\nname = "a"\nmodel = "generic_vm" # kept\n';
      assert.equal(doc.getText(), formatted);
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), formatted);
    } finally {
      await editorConfig.update('formatOnSave', hadFormatOnSave, vscode.ConfigurationTarget.Workspace, true);
      await filesConfig.update('autoSave', hadAutoSave, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  test('TOML files matching sherpa.manifestGlobs are manifests too', async () => {
    const uri = vscode.Uri.joinPath(root(), 'extra.lab.toml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'toml');
    const diags = await diagnosticsFor(uri);
    assert.ok(
      diags.some((d) => d.code === 'unknown-model' && /nanos_unikernel/.test(d.message)),
      JSON.stringify(diags),
    );
  });

  test('new sherpa.manifestGlobs: one server restart, the lenses follow; an unchanged value: none', async () => {
    const config = () => vscode.workspace.getConfiguration('sherpa');
    const folderGlobs = config().inspect<string[]>('manifestGlobs')!.workspaceValue;
    assert.ok(folderGlobs?.length, 'the test workspace sets sherpa.manifestGlobs');
    const r0 = api.language.restarts;
    const uri = vscode.Uri.joinPath(root(), 'globs.more.toml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('name = "more"\n[[nodes]]\nname = "m1"\nmodel = "no_such"\n'));
    try {
      // a user value under the folder's: the event names the key, the effective value stays
      await config().update('manifestGlobs', ['**/*.user.toml'], vscode.ConfigurationTarget.Global);
      // the folder's value gains a glob: the server restarts with it
      await config().update('manifestGlobs', [...folderGlobs, '**/*.more.toml'], vscode.ConfigurationTarget.Workspace);
      await api.language.restarted;
      assert.equal(api.language.restarts, r0 + 1, "one restart: the user value under the folder's changed nothing");
      await vscode.workspace.openTextDocument(uri);
      const diags = await diagnosticsFor(uri);
      assert.ok(
        diags.some((d) => d.code === 'unknown-model'),
        JSON.stringify(diags),
      );
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 5);
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.ok(
        titles.some((t) => t.includes('Start Lab')),
        JSON.stringify(titles),
      );
    } finally {
      await config().update('manifestGlobs', undefined, vscode.ConfigurationTarget.Global);
      await config().update('manifestGlobs', folderGlobs, vscode.ConfigurationTarget.Workspace);
      await api.language.restarted;
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('New Lab Manifest: a starter lab in a folder of its own, opened, no error; never written over', async () => {
    const dir = vscode.Uri.joinPath(root(), 't-new-lab');
    const uri = vscode.Uri.joinPath(dir, 'manifest.toml');
    try {
      const made = await vscode.commands.executeCommand<vscode.Uri>('sherpa.newManifest', {
        starter: 'unikernels',
        name: 't-new-lab',
      });
      // the workspace folder has a manifest.toml: Sherpa reads one per directory, so the lab gets its own
      assert.equal(made?.toString(), uri.toString());
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.toString(), uri.toString());
      assert.equal(editor.document.languageId, 'sherpa-manifest');
      // the server's answer comes after its analysis of the document, whose diagnostics it sends first: only what
      // this store lacks for the starter (two generic_unikernel versions and no default: which one is the user's
      // choice, offered as quick fixes)
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
      const IMAGE_STORE = ['no-image', 'unknown-version', 'ambiguous-version', 'missing-image-file'];
      assert.deepEqual(
        vscode.languages.getDiagnostics(uri).filter((d) => !IMAGE_STORE.includes(String(d.code))),
        [],
      );
      assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.code === 'ambiguous-version'));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 5);
      assert.ok(
        lenses.some((l) => l.command?.title.includes('Start Lab')),
        JSON.stringify(lenses.map((l) => l.command?.title)),
      );
      // the same name again: the file in the way is opened as it is, not replaced
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# mine\n'));
      await editor.document.save();
      await vscode.commands.executeCommand('sherpa.newManifest', { starter: 'vms', name: 't-new-lab' });
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      assert.ok(text.startsWith('# mine\n') && text.includes('generic_unikernel'), text);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  test('completion offers models and hover documents them', async () => {
    const doc = await vscode.workspace.openTextDocument(manifest());
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('model = "generic_unikernel"'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(line, 9),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('unikraft_unikernel') && labels.includes('nanos_unikernel'), labels.join(','));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 12),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /direct-kernel unikernel/);
  });

  test('Start Lab lens, real domains, tree and lens follow the states, a console shows the boot output', async () => {
    await until('libvirt', () => (api.labs.backend.state !== 'unknown' ? true : undefined));
    assert.equal(api.labs.backend.state, 'ok', JSON.stringify(api.labs.backend));
    const doc = await vscode.workspace.openTextDocument(manifest());
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const start = lenses.find((l) => l.command?.title.includes('Start Lab'));
    assert.ok(start, JSON.stringify(lenses.map((l) => l.command?.title)));

    await vscode.commands.executeCommand(start!.command!.command, ...(start!.command!.arguments ?? []));
    const id = api.labs.labIdOf(doc.uri)!;
    try {
      const lab = await until('lab running', () => {
        const l = api.labs.lab(id);
        return l && l.domains.every((d) => d.state === 'running') && l.domains.length === 2 ? l : undefined;
      });
      const running = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        doc.uri,
      );
      const titles = running.map((l) => l.command?.title ?? '');
      assert.ok(
        titles.some((t) => t.includes('2/2 running')),
        titles.join(' | '),
      );
      assert.ok(titles.some((t) => t.includes('Console')));
      // inlay hints: the model's defaults from the server, the console address from the running lab
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      assert.ok(
        labels.some((l) => /^console: telnet 127\.127\.\d+\.1 2323$/.test(l)),
        labels.join(' | '),
      );
      assert.ok(
        labels.some((l) => /vCPU · 64 MiB/.test(l)),
        labels.join(' | '),
      );

      // tree: lab -> nodes, stable ids, states
      const [labItem] = api.tree.getChildren().filter((i) => i.lab.id === id);
      const nodes = api.tree.getChildren(labItem);
      assert.deepEqual(
        nodes.map((n) => api.tree.getTreeItem(n).id),
        [`node:${id}:uk1`, `node:${id}:disk1`],
      );
      assert.ok(nodes.every((n) => api.tree.getTreeItem(n).contextValue === 'sherpaNode.running'));

      // console: the guest's boot output, replayed from its first byte
      await vscode.commands.executeCommand('sherpa.openConsole', { lab: id, node: 'uk1' }, { preserveFocus: true });
      await new Promise<void>((resolve, reject) => {
        const ready = () => /READY/.test(api.consoles.output(id, 'uk1'));
        if (ready()) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`no READY in console: ${JSON.stringify(api.consoles.output(id, 'uk1'))}`));
        }, 20_000);
        const sub = api.consoles.onDidOutput(() => {
          if (ready()) {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      });
      assert.match(api.consoles.output(id, 'uk1'), /cmdline: \S+ hello from VS Code/);

      // restart the node: the same terminal reconnects and shows the second boot
      await vscode.commands.executeCommand('sherpa.restartNode', { lab: id, node: 'uk1' });
      await new Promise<void>((resolve, reject) => {
        const twice = () => (api.consoles.output(id, 'uk1').match(/READY/g) ?? []).length >= 2;
        if (twice()) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`no second boot in console: ${JSON.stringify(api.consoles.output(id, 'uk1'))}`));
        }, 20_000);
        const sub = api.consoles.onDidOutput(() => {
          if (twice()) {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      });
      assert.match(api.consoles.output(id, 'uk1'), /uk1 stopped; this console reconnects when it starts/);

      // a change made outside VS Code reaches the tree through the event stream
      const domain = lab.domains.find((d) => d.meta.node === 'disk1')!.name;
      const t0 = Date.now();
      execFileSync('virsh', ['-c', api.labs.engine.settings.uri, 'destroy', domain]);
      await until(
        'disk1 stopped in the tree',
        () => {
          const n = api.tree
            .getChildren(labItem)
            .find((x) => (x as Extract<LabsTreeItem, { kind: 'node' }>).domain?.meta.node === 'disk1');
          return n && api.tree.getTreeItem(n).contextValue === 'sherpaNode.stopped' ? true : undefined;
        },
        10_000,
      );
      console.log(`[mocha] tree updated ${Date.now() - t0} ms after virsh destroy`);
    } finally {
      await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
      await until('lab gone', () => (api.labs.lab(id) ? undefined : true));
    }
  });

  test('Start Lab five times in a row: every start comes up, none is rolled back', async function () {
    this.timeout(240_000); // five starts and destroys of real domains; a loaded machine takes a while
    const uri = manifest();
    const id = api.labs.labIdOf(uri)!;
    // while a start runs, the tree offers no power action on the lab's nodes (the engine would refuse it: a stop
    // then killed the node's start and rolled the lab back, issue 11): every node the tree shows is `busy`
    const whileBusy = new Set<string>();
    const watch = api.tree.onDidChangeTreeData(() => {
      if (!api.labs.busy.get(id)) return;
      const [labItem] = api.tree.getChildren().filter((i) => i.lab.id === id);
      for (const n of labItem ? api.tree.getChildren(labItem) : [])
        whileBusy.add(String(api.tree.getTreeItem(n).contextValue));
    });
    for (let i = 0; i < 5; i++) {
      const r = await vscode.commands.executeCommand<{ ready: string[]; notReady: unknown[] } | undefined>(
        'sherpa.startLab',
        uri,
      );
      try {
        assert.ok(r, `start ${i + 1} failed (see the Sherpa Labs log)`);
        assert.deepEqual([...r.ready].sort(), ['disk1', 'uk1'], `start ${i + 1}`);
      } finally {
        await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
        await until('lab gone', () => (api.labs.lab(id) ? undefined : true));
      }
    }
    watch.dispose();
    assert.ok(whileBusy.size, 'the tree showed the nodes while a start or destroy ran');
    assert.deepEqual(
      [...whileBusy].filter((c) => !c.startsWith('sherpaNode.busy')),
      [],
    );
  });

  test('Impair Link and Capture Packets on a running lab: the relay takes it, the capture decodes', async function () {
    this.timeout(180_000);
    const dir = vscode.Uri.joinPath(root(), 'impaired');
    const m = vscode.Uri.joinPath(dir, 'manifest.toml');
    const guest = (name: string, ping: string) =>
      `[[nodes]]\nname = "${name}"\nmodel = "generic_unikernel"\nversion = "linux"\n` +
      `kernel_cmdline = "console=ttyS0 quiet panic=-1${ping}"\nmemory = 192\ndata_interface_count = 1\n`;
    await vscode.workspace.fs.writeFile(
      m,
      Buffer.from(
        `name = "vs-impair"\n${guest('pa', ' sherpa.ping')}${guest('pb', '')}` +
          '[[links]]\nsrc = "pa::eth1"\ndst = "pb::eth1"\np2p = true\nimpairment = { delay = 50 }\n',
      ),
    );
    const id = api.labs.labIdOf(m)!;
    const r = await vscode.commands.executeCommand<{ ready: string[] } | undefined>('sherpa.startLab', m);
    try {
      assert.ok(r, 'the lab started (see the Sherpa Labs log)');
      const l = await vscode.commands.executeCommand<{ src: string; impairment: { loss_percent: number } }>(
        'sherpa.impairLink',
        {
          lab: id,
          endpoint: 'pb::eth1',
          impairment: { delay: 0, jitter: 0, loss_percent: 10, reorder_percent: 0, corrupt_percent: 0 },
        },
      );
      assert.equal(l?.src, 'pa::eth1');
      const relay = (await api.labs.engine.status({ relays: true })).find((x) => x.id === id)?.relay;
      assert.equal(relay?.links[0].impairment.loss_percent, 10, JSON.stringify(relay));
      // the capture terminal: a line per frame; the guests' pings show as ICMPv6 echoes
      const session = await vscode.commands.executeCommand<CaptureSession>('sherpa.captureInterface', {
        lab: id,
        node: 'pa',
        iface: 'eth1',
      });
      assert.ok(session, 'a capture started (see the Sherpa Labs log)');
      await new Promise<void>((resolve, reject) => {
        // the built-in summary (`ICMPv6 echo reply`) or tshark's (`ICMPv6 … Echo (ping) reply`) when installed
        const done = () => session.lines.some((x) => /ICMPv6 echo reply|ICMPv6 .*Echo \(ping\) reply/.test(x));
        if (done()) return resolve();
        const timer = setTimeout(() => reject(new Error(`no echo in ${JSON.stringify(session.lines)}`)), 120_000);
        const sub = session.onLine(() => {
          if (!done()) return;
          clearTimeout(timer);
          sub.dispose();
          resolve();
        });
      });
      // closing the terminal stops the capture
      const closed = new Promise<void>((res) => {
        const sub = vscode.window.onDidCloseTerminal((t) => t === session.terminal && (sub.dispose(), res()));
      });
      session.terminal.dispose();
      await closed;
      assert.equal(api.captures.session(id, 'pa', 'eth1'), undefined);
    } finally {
      await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
      await until('lab gone', () => (api.labs.lab(id) ? undefined : true));
    }
  });

  test('Topology view follows the document as it is typed and the lab state from libvirt events', async function () {
    this.timeout(180_000);
    const m = vscode.Uri.joinPath(root(), 'topo', 'manifest.toml');
    const guest = (name: string) =>
      `[[nodes]]\nname = "${name}"\nmodel = "generic_unikernel"\nversion = "linux"\n` +
      'kernel_cmdline = "console=ttyS0 quiet panic=-1"\nmemory = 192\ndata_interface_count = 2\n';
    await vscode.workspace.fs.writeFile(
      m,
      Buffer.from(
        `name = "vs-topo"\n${['t1', 't2', 't3'].map(guest).join('')}` +
          '[[links]]\nsrc = "t1::eth1"\ndst = "t2::eth1"\n[[links]]\nsrc = "t2::eth2"\ndst = "t3::eth1"\n',
      ),
    );
    /** the next message of `type` for this manifest that satisfies `ok` */
    const posted = <T extends ToView['type']>(type: T, ok: (x: Extract<ToView, { type: T }>) => boolean) =>
      new Promise<Extract<ToView, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(() => (sub.dispose(), reject(new Error(`no ${type} message`))), 120_000);
        const sub = api.topology.onDidPost((e) => {
          const x = e.message as Extract<ToView, { type: T }>;
          if (e.uri.toString() !== m.toString() || x.type !== type || !ok(x)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(x);
        });
      });
    const first = posted('model', (x) => x.nodes.length === 3);
    const editor = await vscode.window.showTextDocument(m);
    await vscode.commands.executeCommand('sherpa.showTopology', m);
    const model = await first;
    assert.deepEqual(
      model.nodes.map((n) => [n.label, n.kind]),
      [
        ['t1', 'unikernel'],
        ['t2', 'unikernel'],
        ['t3', 'unikernel'],
      ],
    );
    assert.deepEqual(
      model.links.map((l) => `${l.a}::${l.aLabel} - ${l.b}::${l.bLabel}`),
      ['t1::eth1 - t2::eth1', 't2::eth2 - t3::eth1'],
    );
    // typing: a fourth node and its link appear; a node with an error is marked
    const grown = posted('model', (x) => x.nodes.length === 4 && x.links.length === 3);
    await editor.edit((e) =>
      e.insert(
        new vscode.Position(editor.document.lineCount, 0),
        '[[nodes]]\nname = "t4"\nmodel = "no_such_model"\n[[links]]\nsrc = "t3::eth2"\ndst = "t4::eth1"\n',
      ),
    );
    const after = await grown;
    assert.match(after.nodes[3].problems.join('\n'), /no_such_model/);
    const shrunk = posted('model', (x) => x.nodes.length === 3);
    // `undo` goes to whatever has focus: the manifest's editor, never the view beside it
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    await shrunk;
    // a value edit inside one node sends only that node (a patch, by index), and the view paints it
    const t2model = editor.document.getText().indexOf('generic_unikernel', editor.document.getText().indexOf('"t2"'));
    const modelRange = new vscode.Range(
      editor.document.positionAt(t2model),
      editor.document.positionAt(t2model + 'generic_unikernel'.length),
    );
    const patched = posted('patch', (x) => x.nodes.length === 1 && x.links.length === 0);
    const deltas = api.language.topologyAnswers.delta;
    await editor.edit((e) => e.replace(modelRange, 'no_such_model'));
    const patch = await patched;
    // and the server sent only the changes too, not the whole topology
    assert.ok(api.language.topologyAnswers.delta > deltas, JSON.stringify(api.language.topologyAnswers));
    assert.equal(patch.nodes[0][0], 1, 't2 is the second node');
    assert.equal(patch.nodes[0][1].kind, 'unknown');
    assert.match(patch.nodes[0][1].problems.join('\n'), /no_such_model/);
    await api.topology.settled(m);
    const restored = posted('patch', (x) => x.nodes.length === 1 && x.nodes[0][1].problems.length === 0);
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    await restored;
    // once (one CI run in three) Start Lab below found `no_such_model` still in the saved manifest: say so here
    assert.ok(!editor.document.getText().includes('no_such_model'), `undo restored t2: ${editor.document.getText()}`);
    await editor.document.save();
    // Export SVG / PNG, to a file given (the save dialog is skipped): the picture with its names, a real PNG
    const svgFile = vscode.Uri.joinPath(root(), 'topo', 'topology.svg');
    const pngFile = vscode.Uri.joinPath(root(), 'topo', 'topology.png');
    assert.equal(
      (await vscode.commands.executeCommand<vscode.Uri>('sherpa.exportTopologySvg', m, svgFile))?.toString(),
      svgFile.toString(),
    );
    const svgText = Buffer.from(await vscode.workspace.fs.readFile(svgFile)).toString('utf8');
    assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const name of ['t1', 't2', 't3', 'eth1', 'eth2']) assert.ok(svgText.includes(`>${name}<`), name);
    await vscode.commands.executeCommand('sherpa.exportTopologyPng', m, pngFile);
    const png = Buffer.from(await vscode.workspace.fs.readFile(pngFile));
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
    assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, 'a picture, not an empty image');
    // the lab starts: the view's states turn running, from the same events as the tree
    const id = api.labs.labIdOf(m)!;
    const running = posted('state', (x) => ['t1', 't2', 't3'].every((n) => x.states[n]?.state === 'running'));
    const r = await vscode.commands.executeCommand('sherpa.startLab', m);
    try {
      assert.ok(r, 'the lab started (see the Sherpa Labs log)');
      // Start Lab leaves the file as the editor shows it (code-server auto-saves after 1 s by default, and after the
      // edits and undos above the file once kept `no_such_model`)
      await diskShows(editor.document);
      const st = await running;
      assert.match(st.states.t1.console ?? '', /127\.127\.\d+\.1:2323|telnet/);
    } finally {
      // a lab that failed to start is gone already (and Destroy's error notification would wait for a click)
      if (api.labs.lab(id)) await vscode.commands.executeCommand('sherpa.destroyLab', id, { confirm: false });
      await until('lab gone', () => (api.labs.lab(id) ? undefined : true));
    }
  });

  test('Show Generated Config opens the cloud-init seed of a node, read-only, before the lab exists', async () => {
    const dir = vscode.Uri.joinPath(root(), 'provisioned');
    const m = vscode.Uri.joinPath(dir, 'manifest.toml');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'motd'), Buffer.from('hello\n'));
    await vscode.workspace.fs.writeFile(
      m,
      Buffer.from(
        'name = "gen"\n[[nodes]]\nname = "web1"\nmodel = "ubuntu_linux"\nversion = "mbr"\n' +
          'environment_variables = ["ROLE=edge"]\n' +
          'text_files = [{ src = "motd", dst = "/etc/motd", user = "root", group = "root", permissions = 644 }]\n',
      ),
    );
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('sherpa.showGeneratedConfig', {
      manifest: m.fsPath,
      node: 'web1',
    });
    assert.ok(editor, 'an editor opened (see the Sherpa Labs log)');
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'sherpa-generated', 'a virtual, read-only document');
    const text = doc.getText();
    for (const part of ['# ---- user-data', '#cloud-config', 'hostname: web1', 'name: sherpa', '/etc/motd', 'ROLE']) {
      assert.ok(text.includes(part), `${part} in:\n${text}`);
    }
    assert.match(text, /# ---- network-config[\s\S]*10\.0\.2\.15\/24/);
    assert.equal(vscode.workspace.fs.isWritableFileSystem('sherpa-generated'), false, 'a read-only file system');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, Buffer.from('x'))));
  });
});
