// The impairment relay: its own process, one per lab with impaired links. Each impaired link's two
// QEMU tunnels send to the relay instead of to each other; it passes every frame on to the other side
// after netem's treatment (delay, jitter, loss, reorder, corruption), each way. Run as
// `node impairment-relay.js CONFIG CONTROL_SOCKET`: it binds everything, prints "listening", and answers
// `reload` (re-read CONFIG: new impairments without touching the nodes) and `stats` on the control socket.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Impairment } from '../../../common/manifest/impairment';
import { corruptFrame, fateOf } from './impairment';
import type { RelayConfig, RelayLink, RelayLinkStats, UdpAddress } from './config';

interface LiveLink {
  link: RelayLink;
  impairment: Impairment;
  stats: RelayLinkStats;
}

const [configFile, controlPath] = process.argv.slice(2);
const fail = (why: string) => {
  console.error(why);
  process.exit(1);
};
if (!configFile || !controlPath) fail('usage: impairment-relay CONFIG CONTROL_SOCKET');
const readConfig = () => JSON.parse(readFileSync(configFile, 'utf8')) as RelayConfig;
const key = (l: RelayLink) => l.a.endpoint;

const live = new Map<string, LiveLink>();

function bind(at: UdpAddress): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(at.port, at.address, () => {
      s.removeListener('error', reject);
      // a send to a node that is down fails (ICMP unreachable): the frame is lost, as on a cable
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}

/** frames arriving on `from` go out of `out` to `to`, treated by the link's current impairment */
function pass(l: LiveLink, dir: 0 | 1, from: Socket, out: Socket, to: UdpAddress): void {
  from.on('message', (frame) => {
    const fate = fateOf(l.impairment, Math.random);
    if (fate.drop) {
      l.stats.dropped[dir]++;
      return;
    }
    if (fate.corrupt) corruptFrame(frame, Math.random);
    l.stats.forwarded[dir]++;
    const send = () => out.send(frame, to.port, to.address);
    if (fate.delayMs > 0) setTimeout(send, fate.delayMs);
    else send();
  });
}

async function main(): Promise<void> {
  for (const link of readConfig().links) {
    const [sa, sb] = [await bind(link.a.listen), await bind(link.b.listen)];
    const l: LiveLink = {
      link,
      impairment: link.impairment,
      stats: { endpoint: key(link), impairment: link.impairment, forwarded: [0, 0], dropped: [0, 0] },
    };
    pass(l, 0, sa, sb, link.b.node);
    pass(l, 1, sb, sa, link.a.node);
    live.set(key(link), l);
  }
  rmSync(controlPath, { force: true });
  const control = createServer((c) => {
    let buf = '';
    c.on('error', () => undefined);
    c.on('data', (d) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const cmd = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      try {
        if (cmd === 'reload') {
          // the links are fixed at start; their impairments may change
          for (const link of readConfig().links) {
            const l = live.get(key(link));
            if (l) l.impairment = l.stats.impairment = link.impairment;
          }
        } else if (cmd !== 'stats') throw new Error(`unknown command ${JSON.stringify(cmd)}`);
        c.end(JSON.stringify({ links: [...live.values()].map((l) => l.stats) }) + '\n');
      } catch (e) {
        c.end(JSON.stringify({ error: (e as Error).message }) + '\n');
      }
    });
  });
  control.on('error', (e) => fail(`control socket ${controlPath}: ${e.message}`));
  control.listen(controlPath, () => console.log('listening'));
  const stop = () => {
    control.close();
    rmSync(controlPath, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: Error) => fail(`impairment relay: ${e.message}`));
