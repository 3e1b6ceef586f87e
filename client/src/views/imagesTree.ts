// The Images view: models -> versions in the image store, the default version marked.
import * as vscode from 'vscode';
import { catalog } from '../../../common/catalog/catalog';
import { resolveVersion, sortVersions, type ImageIndex } from '../../../common/images/index';
import { scanImages } from '../../../common/images/scan';
import { settings } from '../config';

type Item = { kind: 'model'; model: string } | { kind: 'version'; model: string; version: string; isDefault: boolean };

export class ImagesTree implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: ImageIndex = scanImages(settings().imagesDir);
  private watcher?: vscode.Disposable;
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.watch();
    this.subs.push(
      this.changed,
      vscode.window.registerTreeDataProvider('sherpa.images', this),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sherpa.imagesDir')) this.reload();
      }),
    );
  }

  /** follow the store on disk: a copy into it shows up without a manual refresh */
  private watch(): void {
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(this.index.dir), '**'),
    );
    const refresh = () => this.refresh();
    this.watcher = vscode.Disposable.from(w, w.onDidCreate(refresh), w.onDidDelete(refresh), w.onDidChange(refresh));
  }

  /** the images folder may have changed (settings, or trust granted): read and watch it anew */
  reload(): void {
    this.refresh();
    this.watch();
  }

  refresh(): void {
    this.index = scanImages(settings().imagesDir);
    this.changed.fire();
  }

  getChildren(e?: Item): Item[] {
    if (!e)
      return [...this.index.models.keys()]
        .filter((m) => catalog().model(m))
        .sort()
        .map((model) => ({ kind: 'model', model }));
    if (e.kind !== 'model') return [];
    const def = resolveVersion(this.index, e.model);
    return sortVersions([...this.index.models.get(e.model)!.versions.keys()]).map((version) => ({
      kind: 'version',
      model: e.model,
      version,
      isDefault: def.ok && def.version === version,
    }));
  }

  getTreeItem(e: Item): vscode.TreeItem {
    if (e.kind === 'model') {
      const item = new vscode.TreeItem(e.model, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `model:${e.model}`;
      item.description = catalog().model(e.model)?.title;
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    const item = new vscode.TreeItem(e.version, vscode.TreeItemCollapsibleState.None);
    item.id = `version:${e.model}:${e.version}`;
    item.description = e.isDefault ? 'default' : undefined;
    item.iconPath = new vscode.ThemeIcon(e.isDefault ? 'star-full' : 'tag');
    item.tooltip = this.index.models.get(e.model)?.versions.get(e.version)?.dir;
    item.contextValue = 'sherpaImageVersion';
    return item;
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
