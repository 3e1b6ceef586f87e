// Keeps an ImageIndex in step with the images folder: rescans after changes (coalesced), and
// notices the folder being created later. Calls back with every new index.
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { scanImages } from '../../common/images/scan';
import type { ImageIndex } from '../../common/images/index';

export class ImageWatcher {
  private watcher?: FSWatcher;
  private pending = false;
  index: ImageIndex;

  constructor(private dir: string, private readonly onChange: (i: ImageIndex) => void) {
    this.index = scanImages(dir);
    this.watch();
  }

  setDir(dir: string): void {
    if (dir === this.dir) return;
    this.dir = dir;
    this.rescan();
  }

  /** rescan now (also on request from the client, e.g. after an import) */
  rescan(): void {
    this.index = scanImages(this.dir);
    this.watch();
    this.onChange(this.index);
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    // coalesce a burst of file events (a copy emits many) into one scan on the next turn
    setImmediate(() => { this.pending = false; this.rescan(); });
  }

  private watch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    const target = this.index.exists ? this.dir : dirname(this.dir);
    try {
      this.watcher = watch(target, { recursive: this.index.exists }, () => this.schedule());
      this.watcher.on('error', () => { this.watcher?.close(); this.watcher = undefined; });
    } catch {
      // nothing to watch (no parent folder either): rescans still happen on request
    }
  }

  dispose(): void { this.watcher?.close() }
}
