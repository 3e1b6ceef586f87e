// Starting a stopped lab again: its networks first (down after a host restart), then its domains.
import { isLabNetwork, parseNameList } from '../plan/names';
import { LIBVIRT_CONCURRENCY, mapLimit } from './concurrency';
import type { EngineContext, ProgressFn } from './context';
import type { LabInfo } from './discovery';
import { LabError } from './errors';

export async function resumeLab(ctx: EngineContext, lab: LabInfo, progress?: ProgressFn): Promise<void> {
  const nets = await ctx.virsh.maybe(['net-list', '--inactive', '--name']).catch(() => undefined);
  for (const net of parseNameList(nets).filter((n) => isLabNetwork(n, lab.id))) {
    await ctx.virsh.run(['net-start', '--network', net]).catch((e) => {
      throw new LabError(`network ${net}: ${(e as Error).message}`);
    });
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
