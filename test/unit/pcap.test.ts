// The built-in capture decode: a pcap stream read in arbitrary pieces, one line per frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followCapture, onPath } from '../../engine/src/capture/live';
import { PcapReader, summarizeFrame } from '../../engine/src/capture/pcap';

const bytes = (...parts: (ArrayLike<number> | string)[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? p.split(/[: ]/).map((h) => parseInt(h, 16)) : Array.from(p))),
  );
const ETH = (type: string) => bytes('52:54:00:00:00:02', '52:54:00:00:00:01', type);

const ICMP6_ECHO = bytes(
  ETH('86 dd'),
  '60 00 00 00 00 10 3a 40', // version 6, payload 16, next header 58 (ICMPv6), hop limit 64
  'fe 80 00 00 00 00 00 00 50 54 00 ff fe 00 00 01',
  'fe 80 00 00 00 00 00 00 50 54 00 ff fe 00 00 02',
  '80 00 00 00 00 07 00 03', // echo request, id 7, seq 3
  [0, 0, 0, 0, 0, 0, 0, 0],
);
const ARP = bytes(
  ETH('08 06'),
  '00 01 08 00 06 04 00 01',
  '52:54:00:00:00:01',
  [10, 0, 0, 1],
  '00:00:00:00:00:00',
  [10, 0, 0, 2],
);
const UDP4 = bytes(
  ETH('08 00'),
  '45 00 00 1e 00 00 00 00 40 11 00 00',
  [10, 0, 0, 1],
  [10, 0, 0, 2],
  '30 39 00 35 00 0a 00 00',
  [1, 2],
);
const TCP_SYN = bytes(
  ETH('08 00'),
  '45 00 00 28 00 00 00 00 40 06 00 00',
  [10, 0, 0, 1],
  [10, 0, 0, 2],
  '9c 40 00 16 00 00 00 00 00 00 00 00 50 02 00 00 00 00 00 00',
);

test('frames: one line each, tcpdump-like', () => {
  assert.equal(
    summarizeFrame(ICMP6_ECHO),
    'fe80::5054:ff:fe00:1 > fe80::5054:ff:fe00:2 ICMPv6 echo request id 7 seq 3',
  );
  assert.equal(summarizeFrame(ARP), '52:54:00:00:00:01 > 52:54:00:00:00:02 ARP who-has 10.0.0.2 tell 10.0.0.1');
  assert.equal(summarizeFrame(UDP4), '10.0.0.1 > 10.0.0.2 UDP 12345 > 53 len 2');
  assert.equal(summarizeFrame(TCP_SYN), '10.0.0.1 > 10.0.0.2 TCP 40000 > 22 [SYN]');
  assert.match(summarizeFrame(bytes(ETH('88 cc'), [1, 2, 3])), /ethertype 0x88cc \(17 bytes\)/);
  assert.equal(summarizeFrame(bytes([1, 2, 3])), 'short frame (3 bytes)');
});

test('a pcap file read as it grows: records complete only once all their bytes are in', () => {
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b2c3d4, true);
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65535, true);
  header.setUint32(20, 1, true);
  const record = (t: number, f: Uint8Array) => {
    const h = new DataView(new ArrayBuffer(16));
    h.setUint32(0, t, true);
    h.setUint32(4, 500000, true);
    h.setUint32(8, f.length, true);
    h.setUint32(12, f.length, true);
    return bytes([...new Uint8Array(h.buffer)], [...f]);
  };
  const file = bytes([...new Uint8Array(header.buffer)], [...record(1, ARP)], [...record(2, ICMP6_ECHO)]);
  // an empty capture is a valid pcap: the header alone, no records
  const empty = new PcapReader();
  assert.deepEqual(empty.feed(file.subarray(0, 24)), []);
  assert.equal(empty.linkType, 1);
  for (const step of [1, 7, 16, 1000]) {
    const r = new PcapReader();
    const got = [];
    for (let i = 0; i < file.length; i += step) got.push(...r.feed(file.subarray(i, i + step)));
    assert.deepEqual(
      got.map((x) => [x.time, x.length, summarizeFrame(x.data).split(' ')[3]]),
      [
        [1.5, ARP.length, 'ARP'],
        [2.5, ICMP6_ECHO.length, 'ICMPv6'],
      ],
      `pieces of ${step}`,
    );
  }
  assert.throws(() => new PcapReader().feed(new Uint8Array(24)), /not a pcap file/);
});

/** a pcap file (microsecond, Ethernet) holding the frames */
function pcapFile(frames: Uint8Array[]): string {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const recs = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(i + 1, 0);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  const file = join(mkdtempSync(join(tmpdir(), 'sherpa-pcap-')), 'x.pcap');
  writeFileSync(file, Buffer.concat([head, ...recs]));
  return file;
}

test('live decode: tshark through a FIFO when installed (a line a frame); a tshark that fails ends it', async () => {
  const file = pcapFile([ICMP6_ECHO, ARP, UDP4]);
  const tshark = onPath('tshark');
  if (tshark) {
    const lines: string[] = [];
    const live = followCapture(file, (l) => lines.push(l), { tshark });
    assert.equal(live.decoder, 'tshark');
    await live.stop();
    assert.equal(live.frames, 3);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0], /ICMPv6 .*Echo \(ping\) request/);
    assert.match(lines[1], /ARP/);
  } else assert.ok(!process.env.REQUIRE_LIBVIRT, 'CI installs tshark (.ci/setup-libvirt.sh)');
  // a decoder that exits at once: stop still returns (the FIFO's writer is let go), no folder is left
  const before = readdirSync(tmpdir()).filter((f) => f.startsWith('sherpa-tshark-')).length;
  const dead = followCapture(file, () => undefined, { tshark: '/bin/false' });
  await dead.stop();
  assert.equal(dead.frames, 3);
  assert.equal(readdirSync(tmpdir()).filter((f) => f.startsWith('sherpa-tshark-')).length, before);
  // without tshark: the built-in summary, a line a frame
  const own: string[] = [];
  const builtIn = followCapture(file, (l) => own.push(l));
  await builtIn.stop();
  assert.equal(builtIn.decoder, 'built-in');
  assert.equal(own.length, 3);
});

test('a FIFO writer whose open is still queued when tshark dies is let go (the process can exit)', async () => {
  // One libuv thread, held by another FIFO's open: the writer's open is queued behind it when the reader comes.
  // A reader opened and closed at once would come before that open waits, and the child would never exit.
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-fifo-'));
  const script = `
    const fs = require('fs');
    const { execFileSync } = require('child_process');
    const { letWriterGo } = require(${JSON.stringify(require.resolve('../../engine/src/capture/live'))});
    const [blocker, fifo] = ['blocker', 'frames'].map((n) => require('path').join(${JSON.stringify(dir)}, n));
    for (const p of [blocker, fifo]) execFileSync('mkfifo', ['-m', '600', p]);
    let held;
    fs.open(blocker, 'w', (e, fd) => { fs.closeSync(fd); fs.closeSync(held); });
    const out = fs.createWriteStream(fifo).on('error', () => undefined);
    out.on('ready', () => { console.log('ready'); out.destroy(); });
    letWriterGo(fifo, out);
    // then the thread is let go: the blocker's reader is held until its open returns, whenever the thread gets to it
    held = fs.openSync(blocker, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);`;
  const child = execFile(process.execPath, ['-e', script], { env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
  let stdout = '';
  child.stdout!.on('data', (b) => (stdout += b));
  const exited = new Promise<number | null>((res) => child.on('exit', res));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(deadline);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, `the child did not exit by itself (its writer's open still waits); stdout: ${stdout}`);
  assert.equal(stdout.trim(), 'ready');
});
