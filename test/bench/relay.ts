// The impairment relay's cost on an unimpaired path against a direct UDP tunnel, both on loopback in
// this run: the round trip of one frame, and frames per second with 64 in flight (1,400-byte frames, as a
// guest's MTU-sized traffic). Two sockets stand for the two QEMU ends.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_IMPAIRMENT } from '../../common/manifest/impairment';
import { relayRequest, startRelay } from '../../engine/src/lab/impairmentRelay';
import { stopSupervised } from '../../engine/src/lab/supervised';
import type { RelayConfig } from '../../engine/src/relay/config';
import { fmt, ratio, stats, table } from './stats';

const bound = async (): Promise<Socket> => {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
};
const port = (s: Socket) => s.address().port;

/** round trips of one frame (A sends, B echoes), and the rate with 64 frames in flight */
async function measure(a: Socket, b: Socket, aSendsTo: number, bSendsTo: number) {
  const frame = Buffer.alloc(1400, 7);
  b.removeAllListeners('message');
  b.on('message', (m) => b.send(m, bSendsTo, '127.0.0.1'));
  const once = () =>
    new Promise<number>((res) => {
      const t = performance.now();
      a.once('message', () => res(performance.now() - t));
      a.send(frame, aSendsTo, '127.0.0.1');
    });
  for (let i = 0; i < 200; i++) await once(); // warm
  const rtts: number[] = [];
  for (let i = 0; i < 2000; i++) rtts.push(await once());
  const total = 50_000;
  const rate = await new Promise<number>((res) => {
    let sent = 0;
    let got = 0;
    const t = performance.now();
    const send = () => {
      sent++;
      a.send(frame, aSendsTo, '127.0.0.1');
    };
    // a frame lost in a full socket buffer is replaced after a quiet 50 ms, so the count always completes
    let quiet: NodeJS.Timeout | undefined;
    const rearm = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        for (let i = got; i < sent && sent < total + 64; i++) send();
        rearm();
      }, 50);
    };
    a.on('message', () => {
      got++;
      rearm();
      if (got >= total) {
        clearTimeout(quiet);
        a.removeAllListeners('message');
        res((got / (performance.now() - t)) * 1000);
      } else if (sent < total) send();
    });
    for (let i = 0; i < 64; i++) send();
    rearm();
  });
  return { rtt: stats(rtts), rate };
}

export async function relayBench(): Promise<{ report: string; misses: string[] }> {
  const [a, b] = [await bound(), await bound()];
  const direct = await measure(a, b, port(b), port(a));
  const [ra, rb] = [await bound(), await bound()];
  const [pa, pb] = [port(ra), port(rb)];
  ra.close();
  rb.close();
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-bench-relay-'));
  const config: RelayConfig = {
    links: [
      {
        a: {
          endpoint: 'a::eth1',
          listen: { address: '127.0.0.1', port: pa },
          node: { address: '127.0.0.1', port: port(a) },
        },
        b: {
          endpoint: 'b::eth1',
          listen: { address: '127.0.0.1', port: pb },
          node: { address: '127.0.0.1', port: port(b) },
        },
        impairment: NO_IMPAIRMENT,
      },
    ],
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const record = join(dir, 'process.json');
  await startRelay(join(dir, 'config.json'), join(dir, 'control.sock'), record);
  try {
    const relayed = await measure(a, b, pa, pb);
    const [s] = await relayRequest(join(dir, 'control.sock'), 'stats');
    const report = [
      'Impairment relay, unimpaired, on loopback (1,400-byte frames); ratio = relay ÷ direct UDP tunnel in this run',
      table(
        ['path', 'round trip median / p95 ms', 'frames/s (64 in flight)', 'frames passed a→b / b→a'],
        [
          ['direct', `${fmt(direct.rtt.median)} / ${fmt(direct.rtt.p95)}`, direct.rate.toFixed(0), '-'],
          [
            'through the relay',
            `${fmt(relayed.rtt.median)} / ${fmt(relayed.rtt.p95)} (${ratio(relayed.rtt.median, direct.rtt.median)})`,
            `${relayed.rate.toFixed(0)} (${ratio(relayed.rate, direct.rate)})`,
            `${s.forwarded[0]} / ${s.forwarded[1]}`,
          ],
        ],
      ),
    ].join('\n');
    return { report, misses: [] };
  } finally {
    await stopSupervised(record);
    a.close();
    b.close();
  }
}
