// Finds our labs in libvirt: domains that carry our metadata, grouped by lab id. libvirt is the
// source of truth; a domain without our metadata is never listed, so never touched. A domain named
// like ours whose metadata cannot be read (after retries) is "unverified": listed, never touched,
// and it keeps destroy from deleting storage it may use.
import { METADATA_NS, parseMetadata, type DomainMetadata } from '../plan/metadata';
import { VirshError, type Virsh } from '../libvirt/virsh';
import { parseDomainList, splitDomainName, type DomainState } from '../plan/names';
import { LIBVIRT_CONCURRENCY, mapLimit, retry } from './concurrency';
import type { RelayStatus } from './linkImpair';

export type NodeState = DomainState | 'missing' | 'unknown';

export interface DomainInfo {
  name: string;
  state: NodeState;
  meta: DomainMetadata;
}
export interface LabInfo {
  id: string;
  name: string;
  manifest: string;
  loopback: string;
  domains: DomainInfo[];
  /** domains named `<node>-<id>` whose metadata could not be read: maybe ours, so left alone */
  unverified?: { name: string; reason: string }[];
  /** the impairment relay of its impaired links (`status({ relays: true })`; local labs that have one) */
  relay?: RelayStatus;
}

/** metadata by connection URI and domain name: it never changes for a defined domain */
const metaCaches = new Map<string, Map<string, DomainMetadata>>();
const cacheFor = (key: string) => {
  let c = metaCaches.get(key);
  if (!c) metaCaches.set(key, (c = new Map()));
  return c;
};
/** per connection and virsh binary: a cache never answers for a lookup that another virsh would make */
const cacheKey = (virsh: Virsh) => `${virsh.opts.binary ?? 'virsh'} ${virsh.uri}`;

/** a lookup that failed for another reason than "no such object" may pass: ask again */
export const transientLookup = (e: unknown) => !(e instanceof VirshError && e.notFound);

/** our metadata of one domain: the metadata, null when the domain is not ours, or the error that stopped the lookup */
export async function readMetadata(virsh: Virsh, name: string): Promise<DomainMetadata | null> {
  try {
    const xml = await retry(() => virsh.run(['metadata', '--domain', name, '--uri', METADATA_NS]), transientLookup);
    const meta = parseMetadata(xml);
    return meta && name === `${meta.node}-${meta.lab}` ? meta : null;
  } catch (e) {
    if (e instanceof VirshError && e.notFound) return null; // no metadata of ours, or the domain is gone
    throw e;
  }
}

export async function discoverLabs(virsh: Virsh): Promise<LabInfo[]> {
  const states = parseDomainList(await virsh.run(['list', '--all']));
  const candidates = [...states.keys()].filter((n) => splitDomainName(n));
  const domains: DomainInfo[] = [];
  const unverified = new Map<string, { name: string; reason: string }[]>();
  const metaCache = cacheFor(cacheKey(virsh));
  // a domain that is gone may come back with other metadata (the lab destroyed and started elsewhere)
  for (const name of metaCache.keys()) if (!states.has(name)) metaCache.delete(name);
  await mapLimit(candidates, LIBVIRT_CONCURRENCY, async (name) => {
    let meta: DomainMetadata | null | undefined = metaCache.get(name);
    if (meta === undefined) {
      try {
        meta = await readMetadata(virsh, name);
      } catch (e) {
        const lab = splitDomainName(name)!.lab;
        unverified.set(lab, [...(unverified.get(lab) ?? []), { name, reason: (e as Error).message }]);
        return;
      }
      // a name is only cached while its metadata says it is ours; others are re-read next time
      if (meta) metaCache.set(name, meta);
    }
    if (meta) domains.push({ name, state: states.get(name) ?? 'unknown', meta });
  });
  const labs = new Map<string, LabInfo>();
  for (const d of domains.sort((a, b) => a.meta.index - b.meta.index)) {
    const lab = labs.get(d.meta.lab) ?? {
      id: d.meta.lab,
      name: d.meta.labName,
      manifest: d.meta.manifest,
      loopback: d.meta.loopback,
      domains: [],
    };
    lab.domains.push(d);
    labs.set(d.meta.lab, lab);
  }
  for (const [id, list] of unverified) {
    const lab = labs.get(id) ?? { id, name: id, manifest: '', loopback: '', domains: [] };
    lab.unverified = list;
    labs.set(id, lab);
  }
  return [...labs.values()];
}

export function forgetDomain(virsh: Virsh, name: string): void {
  cacheFor(cacheKey(virsh)).delete(name);
}
/** the engine knows the metadata of the domains it defines: no need to read it back */
export function rememberDomain(virsh: Virsh, name: string, meta: DomainMetadata): void {
  cacheFor(cacheKey(virsh)).set(name, meta);
}

/** the third octet of every loopback /24 in use */
export function usedLoopbacks(labs: LabInfo[]): number[] {
  return labs.map((l) => Number(/^127\.127\.(\d+)\.0\/24$/.exec(l.loopback)?.[1])).filter((n) => Number.isInteger(n));
}

export function labState(lab: LabInfo): 'running' | 'stopped' | 'partial' {
  const running = lab.domains.filter((d) => d.state === 'running').length;
  return running === lab.domains.length ? 'running' : running === 0 ? 'stopped' : 'partial';
}
