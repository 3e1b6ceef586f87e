// Packet capture on a running node's data interface, rootless, through QEMU: a filter-dump object on
// the interface's netdev (added and removed through libvirt's monitor passthrough) writes every frame,
// both ways, into a pcap file in the lab folder, which destroy removes with the lab. QEMU writes each
// frame as it passes (no buffering), so following the file is following the wire.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../../common/catalog/catalog';
import { capturesDirPath, nicAlias } from '../plan/names';
import { labDirFor, type EngineContext } from './context';
import type { LabInfo } from './discovery';
import { LabError } from './errors';

export interface Capture {
  node: string;
  iface: string;
  /** the pcap file QEMU writes, in the lab folder */
  file: string;
  /** removes the filter from QEMU: the file then holds every frame of the capture */
  stop(): Promise<void>;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const qmp = (execute: string, args: Record<string, string>) => JSON.stringify({ execute, arguments: args });

/** the data interfaces a node's domain has (by the names of its model), for a capture to pick from */
export async function dataInterfaces(ctx: EngineContext, lab: LabInfo, node: string): Promise<string[]> {
  const d = lab.domains.find((x) => x.meta.node === node);
  const model = d?.meta.model && catalog().model(d.meta.model);
  if (!d || !model) return [];
  const xml = await ctx.virsh.run(['dumpxml', '--domain', d.name]);
  return catalog()
    .interfaces(model)
    .names.filter((n) => hasAlias(xml, nicAlias(n)));
}
const hasAlias = (xml: string, alias: string) =>
  xml.includes(`<alias name='${alias}'/>`) || xml.includes(`<alias name="${alias}"/>`);

export async function startCapture(ctx: EngineContext, lab: LabInfo, node: string, iface: string): Promise<Capture> {
  if (!ctx.local) throw new LabError('capture writes its file in the lab folder: on this machine only');
  const d = lab.domains.find((x) => x.meta.node === node);
  if (!d) throw new LabError(`lab ${lab.id} has no node '${node}'`);
  if (d.state !== 'running') throw new LabError(`node ${node} is ${d.state}: capture needs it running`, node);
  const alias = nicAlias(iface);
  const xml = await ctx.virsh.run(['dumpxml', '--domain', d.name]);
  if (!hasAlias(xml, alias))
    throw new LabError(`${node} has no data interface '${iface}' (capture takes a node's data interfaces)`, node);
  const dir = capturesDirPath(labDirFor(ctx, lab.id));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${node}-${iface.replace(/[^A-Za-z0-9_.]/g, '-')}-${stamp(new Date())}.pcap`);
  const id = `sherpa-capture-${alias}`;
  const monitor = (cmd: string) => ctx.virsh.run(['qemu-monitor-command', '--domain', d.name, cmd]);
  // a capture that was not stopped (its process killed) still has its filter: one per interface
  await monitor(qmp('object-del', { id })).catch(() => undefined);
  try {
    await monitor(qmp('object-add', { 'qom-type': 'filter-dump', id, netdev: `host${alias}`, queue: 'all', file }));
  } catch (e) {
    throw new LabError(`capture on ${node}::${iface}: ${(e as Error).message}`, node);
  }
  let stopped = false;
  return {
    node,
    iface,
    file,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // a domain that stopped meanwhile took the filter with it
      await monitor(qmp('object-del', { id })).catch(() => undefined);
    },
  };
}
