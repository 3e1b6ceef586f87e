// Composition root: builds every part of the extension once and hands each the parts it needs.
// Host problems (no libvirt) never fail activation: language features always work.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { settings } from './config';
import { ConsoleTerminals } from './consoles/consoleTerminals';
import { SshTerminals } from './consoles/sshTerminals';
import { CaptureTerminals } from './consoles/captureTerminals';
import { TopologyPanels } from './topology/topologyPanels';
import { GeneratedConfigs } from './editor/generatedConfig';
import { ConsoleHints } from './editor/consoleHints';
import { LabCodeLens } from './editor/labCodeLens';
import { ManifestLanguageClient, manifestFilters } from './language/languageClient';
import { LabService } from './labs/labService';
import { ImagesTree } from './views/imagesTree';
import { LabsTree } from './views/labsTree';

export interface Api {
  language: ManifestLanguageClient;
  labs: LabService;
  consoles: ConsoleTerminals;
  tree: LabsTree;
  captures: CaptureTerminals;
  topology: TopologyPanels;
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Sherpa Labs', { log: true });
  const language = new ManifestLanguageClient(context, log);
  const labs = new LabService(log);
  const tree = new LabsTree(labs);
  const images = new ImagesTree();
  const consoles = new ConsoleTerminals(labs);
  const ssh = new SshTerminals(labs);
  const captures = new CaptureTerminals(labs, log);
  const topology = new TopologyPanels(context, language, labs, tree);
  const generated = new GeneratedConfigs();
  const lenses = new LabCodeLens(labs);
  const hints = new ConsoleHints(labs);
  // the lenses and console hints go where the language server goes: registered again when the globs change
  const register = (globs: string[]) => {
    const manifests = manifestFilters(globs);
    return vscode.Disposable.from(
      vscode.languages.registerCodeLensProvider(manifests, lenses),
      vscode.languages.registerInlayHintsProvider(manifests, hints),
    );
  };
  let providers = register(settings().manifestGlobs);
  context.subscriptions.push(
    log,
    language,
    labs,
    tree,
    images,
    consoles,
    ssh,
    captures,
    topology,
    generated,
    lenses,
    hints,
    language.onDidChangeGlobs((globs) => {
      providers.dispose();
      providers = register(globs);
    }),
    { dispose: () => providers.dispose() },
  );
  const schemaUri = vscode.Uri.joinPath(context.extensionUri, 'schemas', 'manifest.schema.json').toString();
  registerCommands(context, {
    language,
    log,
    labs,
    consoles,
    ssh,
    captures,
    topology,
    generated,
    tree,
    images,
    schemaUri,
  });
  // an untrusted folder is inert: no libvirt process until it is trusted, and then its own settings apply
  labs.start();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: lab actions enabled');
      labs.start();
      images.reload();
      language.configure();
    }),
  );
  warnOnceIfNoBackend(labs, log);
  // the server starts in the background: activation (and every other extension's) does not wait for it
  language.start().catch((e: Error) => log.error(`language server failed to start: ${e.message}`));
  return { language, labs, consoles, captures, topology, tree, activationMs: performance.now() - t0 };
}

/** one actionable notice per session when libvirt is unreachable, with a way to silence it */
function warnOnceIfNoBackend(labs: LabService, log: vscode.LogOutputChannel): void {
  const sub = labs.onDidChange(() => {
    if (labs.backend.state === 'unknown') return;
    sub.dispose();
    if (labs.backend.state !== 'unreachable') return;
    log.warn(`libvirt unreachable: ${labs.backend.reason}`);
    if (!settings().warnWhenLibvirtMissing) return;
    void vscode.window
      .showWarningMessage(
        'Sherpa Labs: libvirt is not reachable, so labs cannot run here. Manifest editing works as usual.',
        'Show Details',
        "Don't Show Again",
      )
      .then((pick) => {
        if (pick === 'Show Details') void vscode.commands.executeCommand('sherpa.checkHost');
        if (pick === "Don't Show Again") void vscode.commands.executeCommand('sherpa.silenceLibvirtWarning');
      });
  });
}

export function deactivate(): void {
  // everything is in context.subscriptions and is disposed by VS Code
}
