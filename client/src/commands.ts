// The command table: every command id and its handler in one place.
import * as vscode from 'vscode';
import type { ManifestLanguageClient } from './language/languageClient';

export interface CommandDeps { language: ManifestLanguageClient; log: vscode.LogOutputChannel }

type Handler = (deps: CommandDeps, ...args: unknown[]) => unknown;

export const COMMANDS: Record<string, Handler> = {
  'sherpa.showLogs': ({ log }) => log.show(),
  'sherpa.rescanImages': ({ language }) => language.rescanImages(),
  'sherpa.restartLanguageServer': ({ language }) => language.restart(),
};

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(deps, ...args)));
  }
}
