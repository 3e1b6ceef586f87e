// "New Lab Manifest": a starter lab written into a workspace folder and opened. It only writes a new file
// (never over one that exists) and reads no setting, so it works in untrusted folders too.
import * as vscode from 'vscode';
import { labNameProblem } from '../../../common/manifest/names';
import { labNameFrom, STARTERS, starterManifest, starterPath } from '../../../common/manifest/starter';
import type { StarterKind } from '../../../common/manifest/starter';

/** what the command may be given instead of asking (tests, other extensions) */
export interface NewManifestArgs {
  folder?: vscode.Uri;
  starter?: StarterKind;
  name?: string;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function pickFolder(given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (given) return given;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1)
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new lab' }))?.uri;
  const open = await vscode.window.showInformationMessage(
    'A lab lives in a folder: open one first, then run New Lab Manifest again.',
    'Open Folder',
  );
  if (open) await vscode.commands.executeCommand('vscode.openFolder');
  return undefined;
}

/** the manifest it wrote or found in the way, opened; undefined when the user stepped back */
export async function newManifest(args: NewManifestArgs = {}): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder(args.folder);
  if (!folder) return undefined;
  // (QuickPickItem's own `kind` is a separator flag: the starter rides as `starter`)
  const kind =
    args.starter ??
    (
      await vscode.window.showQuickPick(
        STARTERS.map((s) => ({ label: s.label, detail: s.detail, starter: s.kind })),
        { title: 'New Lab Manifest', placeHolder: 'What the lab starts with' },
      )
    )?.starter;
  if (!kind) return undefined;
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: 'New Lab Manifest: lab name',
      value: labNameFrom(folder.path.split('/').pop() ?? ''),
      validateInput: labNameProblem,
    }));
  if (!name || labNameProblem(name)) return undefined;
  const target = vscode.Uri.joinPath(
    folder,
    starterPath(await exists(vscode.Uri.joinPath(folder, 'manifest.toml')), name),
  );
  if (await exists(target)) {
    // never written over: the one in the way is opened instead, and said so
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} exists already: opened it.`);
  } else {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.writeFile(target, Buffer.from(starterManifest(kind, name), 'utf8'));
  }
  await vscode.window.showTextDocument(target);
  return target;
}
