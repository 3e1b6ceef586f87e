// A running lab's impaired links: what the relay does to each (status) and a new impairment for one of
// them without touching its nodes (`sherpa-lab link impair`). The relay's config file is the record: it
// is replaced whole (rename), then the relay re-reads it and answers with what it now applies, so a
// change is reported only once the relay runs it, and a restarted relay starts with it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { describeImpairment, type Impairment } from '../../../common/manifest/impairment';
import { relayConfigPath, relayControlPath, relayRecordPath } from '../plan/names';
import type { RelayConfig, RelayLink } from '../relay/config';
import { labDirFor, type EngineContext } from './context';
import { LabError } from './errors';
import { relayRequest } from './impairmentRelay';
import { ensureSupervised, readSupervised, supervisedAlive } from './supervised';

export interface ImpairedLink {
  /** the link's `src` and `dst` endpoints */
  src: string;
  dst: string;
  impairment: Impairment;
  /** the relay's UDP ports (on each node's loopback address) that the two ends send to */
  relayPorts: [number, number];
  /** frames passed on and dropped, src→dst and dst→src, while the relay runs */
  forwarded?: [number, number];
  dropped?: [number, number];
}
export interface RelayStatus {
  pid?: number;
  running: boolean;
  links: ImpairedLink[];
}

function readConfig(labDir: string): RelayConfig | undefined {
  try {
    return JSON.parse(readFileSync(relayConfigPath(labDir), 'utf8')) as RelayConfig;
  } catch {
    return undefined;
  }
}

const view = (l: RelayLink): ImpairedLink => ({
  src: l.a.endpoint,
  dst: l.b.endpoint,
  impairment: l.impairment,
  relayPorts: [l.a.listen.port, l.b.listen.port],
});

/** the lab's relay and its links, with live counters when it runs; undefined for a lab without one */
export async function relayStatus(ctx: EngineContext, lab: string): Promise<RelayStatus | undefined> {
  if (!ctx.local) return undefined;
  const labDir = labDirFor(ctx, lab);
  const config = readConfig(labDir);
  if (!config) return undefined;
  const record = readSupervised(relayRecordPath(labDir));
  const running = !!record && supervisedAlive(record);
  const links = config.links.map(view);
  if (running) {
    const stats = await relayRequest(relayControlPath(labDir), 'stats').catch(() => []);
    for (const l of links) {
      const s = stats.find((x) => x.endpoint === l.src);
      if (s) Object.assign(l, { forwarded: s.forwarded, dropped: s.dropped });
    }
  }
  return { pid: record?.pid, running, links };
}

/** gives the link with the endpoint `endpoint` (either end) a new impairment, on the running relay */
export async function impairLink(
  ctx: EngineContext,
  lab: string,
  endpoint: string,
  impairment: Impairment,
): Promise<ImpairedLink> {
  if (!ctx.local) throw new LabError('link impairments are applied on this machine only (the relay runs here)');
  const labDir = labDirFor(ctx, lab);
  const config = readConfig(labDir);
  const link = config?.links.find((l) => l.a.endpoint === endpoint || l.b.endpoint === endpoint);
  if (!config || !link) {
    const known = config?.links.map((l) => l.a.endpoint).join(', ');
    throw new LabError(
      `${endpoint} is not an impaired link of lab ${lab}${known ? ` (its impaired links: ${known})` : ''}. A link ` +
        'is impaired when the lab starts with `p2p = true` and an `impairment` table on it (`impairment = {}` ' +
        'will do); others are direct tunnels, changed only by starting the lab again.',
    );
  }
  link.impairment = impairment;
  const file = relayConfigPath(labDir);
  writeFileSync(`${file}.new`, JSON.stringify(config, null, 1));
  renameSync(`${file}.new`, file);
  // a relay that is gone starts again on the new config; a running one re-reads it
  const record = relayRecordPath(labDir);
  if (!existsSync(record)) throw new LabError(`lab ${lab} has no impairment relay running: start the lab (up)`);
  await ensureSupervised('the impairment relay', record);
  const applied = (await relayRequest(relayControlPath(labDir), 'reload')).find((s) => s.endpoint === link.a.endpoint);
  if (!applied || describeImpairment(applied.impairment) !== describeImpairment(impairment))
    throw new LabError(`the impairment relay did not take the new impairment of ${link.a.endpoint}`);
  return view(link);
}
