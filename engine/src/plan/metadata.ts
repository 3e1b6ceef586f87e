// The metadata every domain of ours carries: how labs are found again after a restart, and the
// guarantee that nothing without it is ever touched.
import { isLabId } from './labId';
import { CONSOLE_PORT } from './ports';
import type { LabPlan, NodePlan } from './types';
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
  /** `unix:<path>` when the console is private; else telnet on the node's loopback address */
  console?: string;
  /** `host:port` where the node's SSH answers (VMs): its forwarded loopback port, or its management address */
  ssh?: string;
}

/** the metadata a planned node's domain carries (written into its XML; remembered by the engine) */
export function planMetadata(lab: LabPlan, node: NodePlan): DomainMetadata {
  const ssh = sshEndpoint(node);
  return {
    lab: lab.id,
    labName: lab.name,
    node: node.name,
    index: node.index,
    manifest: lab.manifestPath,
    loopback: lab.loopbackNetwork,
    user: lab.user,
    model: node.model.name,
    version: node.version,
    ports: node.forwards.map((f) => f.hostPort),
    log: node.serialLog,
    ...(node.consoleSocket ? { console: `unix:${node.consoleSocket}` } : {}),
    ...(ssh ? { ssh } : {}),
  };
}

/** a VM's SSH: its management address in nat mode, else port 22 forwarded to its loopback address */
export function sshEndpoint(node: NodePlan): string | undefined {
  if (node.model.kind !== 'vm') return undefined;
  if (node.management.kind === 'network') return `${node.management.ip}:22`;
  const f = node.forwards.find((x) => x.guestPort === 22);
  return f && `${f.host}:${f.hostPort}`;
}

/** the metadata as the XML attributes parseMetadata reads back */
export function metadataAttributes(m: DomainMetadata): Record<string, string> {
  const a: Record<string, string> = {
    id: m.lab,
    name: m.labName,
    node: m.node,
    index: String(m.index),
    manifest: m.manifest,
    loopback: m.loopback,
    user: m.user,
  };
  if (m.model !== undefined) a.model = m.model;
  if (m.version !== undefined) a.version = m.version;
  a.ports = (m.ports ?? []).join(',');
  if (m.log !== undefined) a.log = m.log;
  if (m.console !== undefined) a.console = m.console;
  if (m.ssh !== undefined) a.ssh = m.ssh;
  return a;
}

/** the node's loopback address: its index in the lab's 127.127.<n>.0/24 */
export function nodeAddress(m: DomainMetadata): string {
  return m.loopback.replace(/0\/24$/, String(m.index));
}

export type ConsoleEndpoint = { kind: 'telnet'; host: string; port: number } | { kind: 'unix'; path: string };

/** where a node's console answers: telnet on its loopback address, or its private UNIX socket */
export function consoleEndpoint(m: DomainMetadata): ConsoleEndpoint {
  if (m.console?.startsWith('unix:')) return { kind: 'unix', path: m.console.slice(5) };
  return { kind: 'telnet', host: nodeAddress(m), port: CONSOLE_PORT };
}

/** the console as a user would reach it by hand */
export function describeConsole(e: ConsoleEndpoint): string {
  return e.kind === 'unix' ? `socat - UNIX-CONNECT:${e.path} (private)` : `telnet ${e.host} ${e.port}`;
}

/** parse the element `virsh metadata <dom> <ns>` prints; undefined when it is not ours */
export function parseMetadata(xml: string): DomainMetadata | undefined {
  const m = /<(?:[\w-]+:)?lab\b([^>]*)\/?>/.exec(xml);
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
    ...(attrs.has('console') ? { console: attrs.get('console') } : {}),
    ...(attrs.has('ssh') ? { ssh: attrs.get('ssh') } : {}),
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
