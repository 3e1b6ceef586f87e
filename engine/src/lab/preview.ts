// "Show Generated Config": a node's provisioning files as `up` renders them (or rendered them), without
// creating anything. The same pipeline as `up` (validation, provisioning input, plan), so what is shown
// is what the node gets.
import { resolve } from 'node:path';
import { scanImages } from '../../../common/images/scan';
import { readManifestFile } from '../../../common/manifest/read';
import { validateManifest } from '../../../common/manifest/validate';
import { labId } from '../plan/labId';
import { buildPlan } from '../plan/plan';
import type { ProvisionPlan } from '../plan/types';
import { readJournal, type EngineContext } from './context';
import { LabError } from './errors';
import { currentUser } from './hostFacts';
import { gatherProvision, provisioned } from './provisionInputs';
import { sherpaKeyPair } from './sshKey';

export async function previewProvision(ctx: EngineContext, manifestPath: string, node: string): Promise<ProvisionPlan> {
  const path = resolve(manifestPath);
  const images = scanImages(ctx.settings.imagesDir);
  const v = validateManifest(readManifestFile(path), images);
  const n = v.view.nodes.find((x) => x.name?.value === node);
  if (!n) throw new LabError(`no node '${node}' in ${path}`);
  const user = ctx.settings.user ?? currentUser();
  const id = labId(user, v.view.name?.value ?? '');
  let inputs;
  if (provisioned(n) && ctx.local) {
    const g = gatherProvision(v.view, path, (await sherpaKeyPair(ctx.settings.sshKeyPath)).publicKey);
    const mine = g.problems.filter((p) => p.node === node);
    if (mine.length) throw new LabError(mine.map((p) => p.message).join('\n'), node);
    inputs = g.inputs;
  }
  const r = buildPlan({
    view: v.view,
    problems: v.problems,
    manifestPath: path,
    images,
    // the lab's own loopback block once it exists (nat mode addresses depend on it)
    loopbackN: readJournal(ctx, id)?.begin.loopbackN ?? 1,
    provision: inputs,
    settings: {
      uri: ctx.settings.uri,
      local: ctx.local,
      user,
      domainType: 'qemu',
      labsDir: ctx.settings.labsDir,
      uefiAvailable: true,
      networkMode: ctx.settings.networkMode,
      privileged: true,
    },
  });
  if (!r.ok) throw new LabError(`the lab cannot be planned: ${r.problems.map((p) => p.message).join('; ')}`);
  const p = r.plan.nodes.find((x) => x.name === node)?.provision;
  if (!p) throw new LabError(`node '${node}' (${n.modelInfo?.name ?? 'no model'}) is not provisioned at up`, node);
  return p;
}
