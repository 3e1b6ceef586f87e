// Starting a stopped lab again: its networks first (down after a host restart), then its domains.
import { isLabNetwork, parseNameList, relayRecordPath, ztpServerPidPath } from '../plan/names';
import { LIBVIRT_CONCURRENCY, mapLimit } from './concurrency';
import { labDirFor, type EngineContext, type ProgressFn } from './context';
import { ensureSupervised } from './supervised';
import type { LabInfo } from './discovery';
import { LabError } from './errors';

export async function resumeLab(ctx: EngineContext, lab: LabInfo, progress?: ProgressFn): Promise<void> {
  const nets = await ctx.virsh.maybe(['net-list', '--inactive', '--name']).catch(() => undefined);
  for (const net of parseNameList(nets).filter((n) => isLabNetwork(n, lab.id))) {
    await ctx.virsh.run(['net-start', '--network', net]).catch((e) => {
      throw new LabError(`network ${net}: ${(e as Error).message}`);
    });
  }
  // the lab's HTTP ZTP server, when it has one and it is gone (a host restart, a kill): on its network again
  if (ctx.local) {
    const labDir = labDirFor(ctx, lab.id);
    if (
      await ensureSupervised('the ZTP HTTP server', ztpServerPidPath(labDir)).catch((e: Error) => {
        throw new LabError(`the ZTP HTTP server: ${e.message}`);
      })
    )
      progress?.('ZTP HTTP server restarted');
    // the impairment relay likewise, before the nodes whose links pass through it
    if (
      await ensureSupervised('the impairment relay', relayRecordPath(labDir)).catch((e: Error) => {
        throw new LabError(`the impairment relay: ${e.message}`);
      })
    )
      progress?.('impairment relay restarted');
  }
  await mapLimit(lab.domains, LIBVIRT_CONCURRENCY, async (d) => {
    try {
      if (d.state === 'paused' || d.state === 'pmsuspended') {
        progress?.('resuming', d.meta.node);
        await ctx.virsh.run(['resume', '--domain', d.name]);
      } else if (d.state !== 'running') {
        progress?.('starting', d.meta.node);
        await ctx.virsh.run(['start', '--domain', d.name]);
      }
    } catch (e) {
      throw new LabError((e as Error).message, d.meta.node);
    }
  });
}
