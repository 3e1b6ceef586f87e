// Finds our labs in libvirt: domains that carry our metadata, grouped by lab id. libvirt is the
// source of truth; a domain without our metadata is never listed, so never touched.
import type { DomainMetadata } from '../plan/metadata';
import { METADATA_NS, parseMetadata } from '../plan/metadata';
import type { Virsh } from '../libvirt/virsh';
import { splitDomainName } from '../plan/labId';

export type NodeState = 'running' | 'paused' | 'shut off' | 'crashed' | 'in shutdown' | 'pmsuspended' | 'blocked' | 'idle' | 'missing' | 'unknown';

export interface DomainInfo { name: string; state: NodeState; meta: DomainMetadata }
export interface LabInfo {
  id: string;
  name: string;
  manifest: string;
  loopback: string;
  domains: DomainInfo[];
}

/** `virsh list --all`: one call for every domain's state */
export function parseDomainList(out: string): Map<string, NodeState> {
  const states = new Map<string, NodeState>();
  for (const line of out.split('\n').slice(2)) {
    const m = /^\s*(\S+)\s+(.+?)\s{2,}(\S.*?)\s*$/.exec(line);
    if (m) states.set(m[2], m[3] as NodeState);
  }
  return states;
}

/** metadata by connection URI and domain name: it never changes for a defined domain */
const metaCaches = new Map<string, Map<string, DomainMetadata | null>>();
const cacheFor = (uri: string) => { let c = metaCaches.get(uri); if (!c) metaCaches.set(uri, (c = new Map())); return c };

export async function discoverLabs(virsh: Virsh): Promise<LabInfo[]> {
  const states = parseDomainList(await virsh.run(['list', '--all']));
  const candidates = [...states.keys()].filter((n) => splitDomainName(n));
  const domains: DomainInfo[] = [];
  const metaCache = cacheFor(virsh.uri);
  await Promise.all(candidates.map(async (name) => {
    let meta = metaCache.get(name);
    if (meta === undefined) {
      const xml = await virsh.maybe(['metadata', name, METADATA_NS]).catch(() => undefined);
      meta = (xml && parseMetadata(xml)) || null;
      // a name is only cached while its metadata says it is ours; others are re-read next time
      if (meta) metaCache.set(name, meta);
    }
    if (meta && name === `${meta.node}-${meta.lab}`) domains.push({ name, state: states.get(name) ?? 'unknown', meta });
  }));
  const labs = new Map<string, LabInfo>();
  for (const d of domains.sort((a, b) => a.meta.index - b.meta.index)) {
    const lab = labs.get(d.meta.lab) ?? { id: d.meta.lab, name: d.meta.labName, manifest: d.meta.manifest, loopback: d.meta.loopback, domains: [] };
    lab.domains.push(d);
    labs.set(d.meta.lab, lab);
  }
  return [...labs.values()];
}

export function forgetDomain(uri: string, name: string): void { cacheFor(uri).delete(name) }
/** the engine knows the metadata of the domains it defines: no need to read it back */
export function rememberDomain(uri: string, name: string, meta: DomainMetadata): void { cacheFor(uri).set(name, meta) }

/** the third octet of every loopback /24 in use */
export function usedLoopbacks(labs: LabInfo[]): number[] {
  return labs.map((l) => Number(/^127\.127\.(\d+)\.0\/24$/.exec(l.loopback)?.[1])).filter((n) => Number.isInteger(n));
}

export function labState(lab: LabInfo): 'running' | 'stopped' | 'partial' {
  const running = lab.domains.filter((d) => d.state === 'running').length;
  return running === lab.domains.length ? 'running' : running === 0 ? 'stopped' : 'partial';
}
