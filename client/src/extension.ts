// Composition root: builds every part of the extension once and hands each the parts it needs.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ManifestLanguageClient } from './language/languageClient';

export interface Api { language: ManifestLanguageClient }

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  const log = vscode.window.createOutputChannel('Sherpa Labs', { log: true });
  context.subscriptions.push(log);
  const language = new ManifestLanguageClient(context, log);
  context.subscriptions.push(language);
  registerCommands(context, { language, log });
  await language.start();
  return { language };
}

export function deactivate(): void {
  // everything is in context.subscriptions and is disposed by VS Code
}
