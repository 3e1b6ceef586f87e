// The lab's impairment relay as a supervised process (./supervised.ts) and its control socket: `reload`
// after the engine rewrote its config, `stats` for status.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { RelayLinkStats } from '../relay/config';
import { startSupervised } from './supervised';

/** the relay's script: beside the bundle (esbuild builds it as impairment-relay.js), or compiled by tsc */
export function relayScript(): string {
  const candidates = [join(__dirname, 'impairment-relay.js'), join(__dirname, '..', 'relay', 'main.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the impairment relay is not installed (looked for ${candidates.join(', ')})`);
  return found;
}

export function startRelay(config: string, control: string, recordFile: string): Promise<unknown> {
  return startSupervised('the impairment relay', [relayScript(), config, control], recordFile, {});
}

/** one request on the control socket; rejects when nothing answers within `timeoutMs` */
export function relayRequest(
  control: string,
  command: 'reload' | 'stats',
  timeoutMs = 5000,
): Promise<RelayLinkStats[]> {
  return new Promise((resolve, reject) => {
    const c = connect(control);
    let buf = '';
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`the impairment relay did not answer \`${command}\` within ${timeoutMs} ms`));
    }, timeoutMs);
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`the impairment relay: ${e.message}`));
    });
    c.on('data', (d) => (buf += d.toString()));
    c.on('end', () => {
      clearTimeout(timer);
      try {
        const r = JSON.parse(buf) as { links?: RelayLinkStats[]; error?: string };
        if (r.error || !r.links) reject(new Error(`the impairment relay: ${r.error ?? 'no answer'}`));
        else resolve(r.links);
      } catch {
        reject(new Error(`the impairment relay answered ${JSON.stringify(buf.slice(0, 200))}`));
      }
    });
    c.write(command + '\n');
  });
}
