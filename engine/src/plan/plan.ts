// Manifest + image store + settings -> lab plan. Pure: every refusal happens here, before anything
// is created, and names the node and the reason. Nodes come from the shared resolver (common/manifest/
// resolve.ts), their wiring from wiring.ts, each node's details from nodePlan.ts.
import { catalog } from '../../../common/catalog/catalog';
import type { ImageIndex } from '../../../common/images/index';
import type { Problem } from '../../../common/manifest/problem';
import { resolvedNode } from '../../../common/manifest/resolve';
import { int, type ManifestView } from '../../../common/manifest/view';
import { labId } from './labId';
import { labDirOf, poolName, poolPathOf } from './names';
import { planNode } from './nodePlan';
import { loopbackNetwork, MAX_NODES } from './ports';
import type { ProvisionInput } from './provision/inputs';
import type { LabPlan, NodePlan, PlanProblem, PlanResult, PlanSettings, VolumePlan } from './types';
import { wire } from './wiring';

export { cpuOf, machineFor } from './nodePlan';

export interface PlanInput {
  view: ManifestView;
  problems: Problem[];
  manifestPath: string;
  images: ImageIndex;
  settings: PlanSettings;
  /** the loopback /24 this lab gets (127.127.<n>.0/24) */
  loopbackN: number;
  /** what each node is provisioned with (read by `up` from the files the manifest names), by node name */
  provision?: Map<string, ProvisionInput>;
}

const READY_TIMEOUT_DEFAULT = 600;

export function buildPlan(input: PlanInput): PlanResult {
  const { view, images, settings } = input;
  const cat = catalog();
  const problems: PlanProblem[] = [];
  const refuse = (message: string, node?: string) => problems.push({ node, message });

  for (const p of input.problems) if (p.severity === 'error') refuse(`manifest error: ${p.message}`);
  if (problems.length) return { ok: false, problems };

  const name = view.name?.value ?? '';
  const id = labId(settings.user, name);
  const mode = settings.networkMode ?? 'user';
  if (!view.nodes.length) refuse('the manifest has no nodes');
  if (view.nodes.length > MAX_NODES) {
    refuse(`a lab holds at most ${MAX_NODES} nodes (one loopback address each); this one has ${view.nodes.length}`);
  }
  if (view.bridges.length && !settings.privileged) {
    refuse(
      'bridges are shared L2 segments (libvirt networks): they need a privileged connection such as ' +
        'qemu:///system; use links otherwise',
    );
  }
  if (settings.consoleAccess === 'private' && !settings.local) {
    refuse('private consoles are UNIX sockets in the lab folder: they need a libvirt on this machine');
  }
  if (mode === 'nat' && !settings.privileged) {
    refuse(
      'the nat network mode creates a libvirt NAT network: it needs a privileged connection such as qemu:///system',
    );
  }

  const labDir = labDirOf(settings.labsDir, id);
  const pool = { name: poolName(id), path: poolPathOf(labDir) };
  const volumes: VolumePlan[] = [];
  const wiring = wire(view, cat, id, mode, input.loopbackN, settings.local);
  const nodes: NodePlan[] = [];
  const ctx = {
    lab: id,
    labDir,
    poolPath: pool.path,
    loopbackN: input.loopbackN,
    settings,
    view,
    catalog: cat,
    wiring,
    provision: input.provision,
    uploadOnce: (vol: string, file: { path: string; size: number }) => {
      if (!volumes.some((v) => v.name === vol))
        volumes.push({ name: vol, source: { upload: file.path, size: file.size } });
      return vol;
    },
    addVolume: (v: VolumePlan) => volumes.push(v),
  };
  for (const n of view.nodes) {
    const r = resolvedNode(n, cat, images);
    if (!r.model) continue; // reported by validation
    const node = planNode(r, ctx);
    if ('refused' in node) refuse(node.refused, r.name);
    else nodes.push(node);
  }
  if (problems.length) return { ok: false, problems };

  const plan: LabPlan = {
    id,
    name,
    user: settings.user,
    manifestPath: input.manifestPath,
    uri: settings.uri,
    domainType: settings.domainType,
    loopbackNetwork: loopbackNetwork(input.loopbackN),
    labDir,
    pool,
    volumes,
    networks: wiring.networks,
    networkMode: mode,
    nodes,
    qbootPath: settings.qbootPath,
    privateDir: settings.consoleAccess === 'private',
    relay: wiring.relayed,
    readyTimeoutSec: int(view.doc.root, 'ready_timeout') ?? settings.defaultReadyTimeoutSec ?? READY_TIMEOUT_DEFAULT,
  };
  return { ok: true, plan };
}
