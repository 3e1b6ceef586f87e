// Keeps an ImageIndex in step with the images folder: rescans after changes (coalesced), and
// notices the folder being created later. Calls back with every new index.
//
// One plain watcher per folder of the store (root, models, versions) instead of a recursive one:
// a recursive watcher adds a new subfolder's watch late, so a file written right after its folder
// was made went unseen. Here every new folder is watched first and scanned after, so nothing
// written into it can fall between the two.
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { scanImages } from '../../common/images/scan';
import type { ImageIndex } from '../../common/images/index';

export class ImageWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private pending = false;
  index: ImageIndex;

  constructor(
    private dir: string,
    private readonly onChange: (i: ImageIndex) => void,
  ) {
    this.index = scanImages(dir);
    while (this.syncWatchers()) this.index = scanImages(dir);
  }

  setDir(dir: string): void {
    if (dir === this.dir) return;
    this.dir = dir;
    this.rescan();
  }

  /** rescan now (also on request from the client, e.g. after an import) */
  rescan(): void {
    this.index = scanImages(this.dir);
    // folders that appeared since the last scan are watched now; scan once more for what was
    // written into them before their watch existed
    while (this.syncWatchers()) this.index = scanImages(this.dir);
    this.onChange(this.index);
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    // coalesce a burst of file events (a copy emits many) into one scan on the next turn
    setImmediate(() => {
      this.pending = false;
      this.rescan();
    });
  }

  /** the folders to watch for this index; true when one was added */
  private syncWatchers(): boolean {
    const wanted = new Set<string>();
    if (this.index.exists) {
      wanted.add(this.dir);
      for (const m of this.index.models.values()) {
        wanted.add(join(this.dir, m.model));
        for (const v of m.versions.values()) wanted.add(v.dir);
      }
    } else {
      wanted.add(dirname(this.dir)); // the store may be created later
    }
    for (const [path, w] of this.watchers)
      if (!wanted.has(path)) {
        w.close();
        this.watchers.delete(path);
      }
    let added = false;
    for (const path of wanted) {
      if (this.watchers.has(path)) continue;
      try {
        const w = watch(path, () => this.schedule());
        w.on('error', () => {
          w.close();
          this.watchers.delete(path);
          this.schedule();
        });
        this.watchers.set(path, w);
        added = true;
      } catch {
        // gone already, or nothing to watch: rescans still happen on request
      }
    }
    return added;
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
