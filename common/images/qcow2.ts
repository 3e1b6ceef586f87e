// The virtual size of a qcow2 image, read from its header (big-endian u64 at offset 24 after the
// magic "QFI\xfb"), so boot_disk_size can be checked without running qemu-img.
import { openSync, readSync, closeSync } from 'node:fs';

export function qcow2VirtualSize(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(32);
    if (readSync(fd, b, 0, 32, 0) < 32) return undefined;
    if (b.readUInt32BE(0) !== 0x514649fb) return undefined;
    return Number(b.readBigUInt64BE(24));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
