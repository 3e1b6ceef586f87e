// The metadata every domain of ours carries: how labs are found again after a restart, and the
// guarantee that nothing without it is ever touched.
import { isLabId } from './labId';
export const METADATA_NS = 'urn:x-sherpa-labs:lab:1';
export const METADATA_PREFIX = 'sherpa';

export interface DomainMetadata {
  lab: string;
  labName: string;
  node: string;
  index: number;
  manifest: string;
  loopback: string;
  user: string;
  model?: string;
  version?: string;
  /** TCP ports forwarded to the node's loopback address */
  ports?: number[];
  /** the serial log on the libvirt host */
  log?: string;
}

/** the node's loopback address: its index in the lab's 127.127.<n>.0/24 */
export function nodeAddress(m: DomainMetadata): string {
  return m.loopback.replace(/0\/24$/, String(m.index));
}

/** parse the element `virsh metadata <dom> <ns>` prints; undefined when it is not ours */
export function parseMetadata(xml: string): DomainMetadata | undefined {
  const m = /<lab\b([^>]*)\/?>/.exec(xml);
  if (!m) return undefined;
  const attrs = new Map<string, string>();
  for (const a of m[1].matchAll(/([\w:-]+)=(?:"([^"]*)"|'([^']*)')/g)) attrs.set(a[1], unescapeXml(a[2] ?? a[3]));
  const lab = attrs.get('id'),
    node = attrs.get('node');
  if (!lab || !isLabId(lab) || !node) return undefined;
  return {
    lab,
    node,
    labName: attrs.get('name') ?? '',
    index: Number(attrs.get('index') ?? 0),
    manifest: attrs.get('manifest') ?? '',
    loopback: attrs.get('loopback') ?? '',
    user: attrs.get('user') ?? '',
    model: attrs.get('model'),
    version: attrs.get('version'),
    log: attrs.get('log'),
    ports: (attrs.get('ports') ?? '').split(',').filter(Boolean).map(Number),
  };
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, e: string, d?: string, h?: string) =>
    d
      ? String.fromCodePoint(Number(d))
      : h
        ? String.fromCodePoint(parseInt(h, 16))
        : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e],
  );
}
