// The image store watcher sees a file written right after its new folder was made, every time,
// also when the store itself is created after the watcher started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageIndex } from '../../common/images/index';
import { ImageWatcher } from '../../server/src/imageWatcher';

function watcherOn(dir: string) {
  const waiters: { f: (i: ImageIndex) => boolean; done: () => void }[] = [];
  const w = new ImageWatcher(dir, (i) => {
    for (const x of waiters.filter((y) => y.f(i))) {
      waiters.splice(waiters.indexOf(x), 1);
      x.done();
    }
  });
  const until = (what: string, f: (i: ImageIndex) => boolean) =>
    f(w.index)
      ? Promise.resolve()
      : new Promise<void>((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no rescan showed ${what}`)), 5000);
          waiters.push({
            f,
            done: () => {
              clearTimeout(timer);
              res();
            },
          });
        });
  return { w, until };
}

const hasFile = (i: ImageIndex, model: string, version: string, file: string) =>
  !!i.models.get(model)?.versions.get(version)?.files.has(file);

test('a file written at once into a new version folder is seen, 30 times in a row', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sherpa-watch-'));
  const { w, until } = watcherOn(root);
  try {
    for (let n = 0; n < 30; n++) {
      const model = `m${n % 3}`;
      mkdirSync(join(root, model, `v${n}`), { recursive: true });
      writeFileSync(join(root, model, `v${n}`, 'kernel.elf'), 'x');
      await until(`${model}/v${n}/kernel.elf`, (i) => hasFile(i, model, `v${n}`, 'kernel.elf'));
    }
  } finally {
    w.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file written the moment a rescan has reported its new folder is seen too', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sherpa-watch-'));
  let wrote = 0;
  const { w, until } = watcherOn(root);
  try {
    for (let n = 0; n < 10; n++) {
      const dir = join(root, 'm', `v${n}`);
      // the write lands right after the rescan that saw the empty folder, while watches are renewed
      const written = until(`v${n} reported empty`, (i) => {
        if (!i.models.get('m')?.versions.has(`v${n}`)) return false;
        writeFileSync(join(dir, 'kernel.elf'), 'x');
        wrote++;
        return true;
      });
      mkdirSync(dir, { recursive: true });
      await written;
      await until(`m/v${n}/kernel.elf`, (i) => hasFile(i, 'm', `v${n}`, 'kernel.elf'));
    }
    assert.equal(wrote, 10);
  } finally {
    w.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a store created after the watcher started is picked up, then followed', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'sherpa-watch-'));
  const root = join(parent, 'images');
  const { w, until } = watcherOn(root);
  try {
    assert.equal(w.index.exists, false);
    mkdirSync(join(root, 'nanos_unikernel', '1'), { recursive: true });
    writeFileSync(join(root, 'nanos_unikernel', '1', 'disk.qcow2'), 'x');
    await until('the new store with its file', (i) => hasFile(i, 'nanos_unikernel', '1', 'disk.qcow2'));
    rmSync(join(root, 'nanos_unikernel', '1'), { recursive: true });
    await until('the version gone', (i) => !i.models.get('nanos_unikernel')?.versions.has('1'));
  } finally {
    w.dispose();
    rmSync(parent, { recursive: true, force: true });
  }
});
