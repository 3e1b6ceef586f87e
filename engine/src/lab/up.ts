// `up`: manifest -> plan -> journaled steps on libvirt -> readiness. A start that fails, is cancelled
// or was interrupted earlier (a journal without "complete") is undone from its journal; an existing
// lab is resumed only when it has every node of the manifest.
import { chmodSync, statSync } from 'node:fs';
import { readManifestFile } from '../../../common/manifest/read';
import { dirname, resolve } from 'node:path';
import { scanImages } from '../../../common/images/scan';
import { validateManifest } from '../../../common/manifest/validate';
import { buildPlan } from '../plan/plan';
import { labId } from '../plan/labId';
import { planMetadata } from '../plan/metadata';
import { poolName } from '../plan/names';
import { labInfoStep, planSteps, sshConfigStep } from '../plan/steps';
import type { LabPlan, NodePlan, PlanProblem } from '../plan/types';
import { catalog } from '../../../common/catalog/catalog';
import { LIBVIRT_CONCURRENCY } from './concurrency';
import { journalPath, readJournal, sshDirOf, type EngineContext, type ProgressFn } from './context';
import { discoverLabs, forgetDomain, labState, rememberDomain, usedLoopbacks, type LabInfo } from './discovery';
import { LabError } from './errors';
import { runSteps, undoSteps } from './executor';
import { currentUser, findQboot, hasUefi, hostMachines, resolveDomainType } from './hostFacts';
import { Journal } from './journal';
import { waitForPort } from './readiness';
import { removeLab, removeLabFolder } from './remove';
import { qemuLogTail } from './startFailure';
import { resumeLab } from './resume';
import { linkImpairment } from '../../../common/manifest/impairment';
import { gatherProvision, provisioned } from './provisionInputs';
import { sherpaKeyPair } from './sshKey';
import { sshLoginWorks } from './sshLogin';

export interface UpOptions {
  signal?: AbortSignal;
  progress?: ProgressFn;
  waitReady?: boolean;
}
export interface UpResult {
  plan: LabPlan;
  ready: string[];
  notReady: { node: string; reason: string }[];
  ms: number;
  resumed: boolean;
}

/** host facts only change with a QEMU or libvirt upgrade: asked once per connection (and setting) */
const hostFacts = new Map<string, Promise<unknown>>();
function once<T>(key: string, ask: () => Promise<T>): Promise<T> {
  let p = hostFacts.get(key) as Promise<T> | undefined;
  if (!p) hostFacts.set(key, (p = ask()));
  return p;
}

export async function up(ctx: EngineContext, manifestPath: string, opts: UpOptions = {}): Promise<UpResult> {
  const t0 = Date.now();
  const progress = opts.progress ?? (() => undefined);
  const path = resolve(manifestPath);
  let text: string;
  try {
    text = readManifestFile(path);
  } catch (e) {
    throw new LabError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const images = scanImages(ctx.settings.imagesDir);
  const validation = validateManifest(text, images);
  const user = ctx.settings.user ?? currentUser();
  const id = labId(user, validation.view.name?.value ?? '');
  return ctx.locks.with(id, 'up', async () => {
    progress('reading libvirt state');
    // independent questions to libvirt, asked at once
    const [labs, leftoverPool, domainType, hostMachineTypes] = await Promise.all([
      discoverLabs(ctx.virsh),
      ctx.virsh.maybe(['pool-info', '--pool', poolName(id)]).catch(() => undefined),
      once(`type ${ctx.settings.domainType} ${ctx.virsh.uri}`, () =>
        resolveDomainType(ctx.settings.domainType, ctx.virsh),
      ),
      once(`machines ${ctx.virsh.uri}`, () => hostMachines(ctx.virsh)),
    ]);
    const journal = readJournal(ctx, id);
    const existing = labs.find((l) => l.id === id);
    if (journal && !journal.complete) {
      // a start that never finished (killed, or the editor reloaded): its partial lab is removed, then started anew
      if (journal.begin.manifest !== path)
        throw new LabError(
          `incomplete lab ${id} (started from ${journal.begin.manifest}): destroy it before starting another lab of ` +
            `that name`,
        );
      progress('an earlier start of this lab was interrupted: removing what it created');
      const r = await removeLab(ctx, id, progress);
      if (r.errors.length)
        throw new LabError(
          `incomplete lab ${id}: destroy it (its partial start could not be removed: ${r.errors.join('; ')})`,
        );
    } else if (existing) {
      return upExisting(
        ctx,
        existing,
        path,
        validation.view.nodes.filter((n) => n.modelInfo?.kind !== 'container').map((n) => n.name?.value ?? ''),
        opts,
        t0,
      );
    } else if (leftoverPool !== undefined) {
      progress('removing leftovers of an earlier start of this lab');
      const r = await removeLab(ctx, id, progress);
      if (r.errors.length) throw new LabError(`leftovers of lab ${id} could not be removed: ${r.errors.join('; ')}`);
    }
    // the lab key, asked for once: provisioning input, SSH readiness and the ssh config use it
    const key =
      ctx.local && validation.view.nodes.some((n) => n.modelInfo?.kind === 'vm')
        ? await sherpaKeyPair(ctx.settings.sshKeyPath)
        : undefined;
    // provisioning input (keys, files, scripts) is read before anything is created: a bad one refuses `up`
    let provision: ReturnType<typeof gatherProvision> | undefined;
    if (key && validation.view.nodes.some(provisioned)) {
      provision = gatherProvision(validation.view, path, key.publicKey);
      if (provision.problems.length) throw refusal(provision.problems);
    }
    const reservation = await ctx.allocator.reserve(id, async () => usedLoopbacks(await discoverLabs(ctx.virsh)));
    try {
      const result = buildPlan({
        view: validation.view,
        problems: validation.problems,
        manifestPath: path,
        images,
        loopbackN: reservation.n,
        provision: provision?.inputs,
        settings: {
          uri: ctx.settings.uri,
          local: ctx.local,
          user,
          domainType,
          labsDir: ctx.settings.labsDir,
          qbootPath: findQboot(ctx.local),
          uefiAvailable: hasUefi(ctx.local),
          machines: hostMachineTypes,
          extraPorts: ctx.settings.extraPorts,
          defaultReadyTimeoutSec: ctx.settings.defaultReadyTimeoutSec,
          networkMode: ctx.settings.networkMode,
          consoleAccess: ctx.settings.consoleAccess,
          tftpUnreadable:
            ctx.settings.networkMode === 'nat' && ctx.local ? unreadableByOthers(ctx.settings.labsDir) : undefined,
          privileged: /\/system(\?|$)/.test(ctx.settings.uri),
        },
      });
      if (!result.ok) throw refusal(result.problems);
      for (const n of result.plan.nodes)
        if (n.provision && 'skipped' in n.provision) progress(`not provisioned: ${n.provision.skipped}`, n.name);
      // said, not silently dropped: like Sherpa, impairments apply to p2p links only
      for (const l of validation.view.links) {
        const imp = linkImpairment(l);
        if (imp?.p2p === false)
          progress(`link ${l.src?.value.value ?? '?'}: impairment not applied (not a p2p = true link, as in Sherpa)`);
        else if (imp && !ctx.local)
          progress(
            `link ${l.src?.value.value ?? '?'}: impairment not applied (the relay runs beside a local libvirt only)`,
          );
      }
      return await create(ctx, result.plan, reservation.n, opts, t0, key?.path);
    } finally {
      reservation.release();
    }
  });
}

/** libvirt's dnsmasq serves TFTP as an unprivileged user: every folder on the way to the lab's must let
 *  others through (a home folder that is 0700, such as root's, does not); undefined when they all do */
function unreadableByOthers(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      if (!(statSync(d).mode & 0o001))
        return `libvirt's dnsmasq cannot enter ${d} (not searchable by other users); choose a labs folder it can reach`;
    } catch {
      /* not made yet: `up` creates it 0755 */
    }
    if (d === dirname(d)) return undefined;
  }
}

/** the first problem names its node through LabError, the others in their own lines */
function refusal(problems: PlanProblem[]): LabError {
  const [first, ...rest] = problems;
  return new LabError(
    [first.message, ...rest.map((p) => (p.node ? `node '${p.node}': ${p.message}` : p.message))].join('\n'),
    first.node,
  );
}

async function create(
  ctx: EngineContext,
  plan: LabPlan,
  loopbackN: number,
  opts: UpOptions,
  t0: number,
  /** the lab key's private half (local labs with VMs) */
  keyPath?: string,
): Promise<UpResult> {
  const progress = opts.progress ?? (() => undefined);
  const journal = Journal.create(journalPath(ctx, plan.id), {
    lab: plan.id,
    name: plan.name,
    manifest: plan.manifestPath,
    uri: plan.uri,
    labDir: plan.labDir,
    loopbackN,
  });
  // private consoles: the lab folder (which holds the console sockets) is this user's alone
  if (ctx.local && plan.privateDir) chmodSync(plan.labDir, 0o700);
  // the engine knows the metadata of the domains it defines: discovery need not read it back
  for (const node of plan.nodes) rememberDomain(ctx.virsh, node.domainName, planMetadata(plan, node));
  try {
    await runSteps(planSteps(plan, ctx.local), ctx.virsh, journal, {
      limit: LIBVIRT_CONCURRENCY,
      signal: opts.signal,
      progress,
      // a failed start: libvirt's message is often only QEMU's last words; its log says more
      explain: (step) => {
        const node = step.id.startsWith('start:') ? plan.nodes.find((n) => n.name === step.node) : undefined;
        const tail = node && ctx.local ? qemuLogTail(ctx.settings.uri, node.domainName) : undefined;
        return tail && `QEMU log of ${node!.domainName} (last lines):\n${tail}`;
      },
    });
    const readiness =
      opts.waitReady === false
        ? { ready: [], notReady: [] }
        : await waitReady(ctx, plan, progress, opts.signal, keyPath);
    if (ctx.local) {
      const ssh = keyPath ? sshConfigStep(plan, keyPath, sshDirOf(ctx.settings)) : undefined;
      await runSteps([labInfoStep(plan), ...(ssh ? [ssh] : [])], ctx.virsh, journal, { limit: 1 });
    }
    journal.append({ t: 'complete' });
    progress(`lab ${plan.name} (${plan.id}) is up`);
    return { plan, ...readiness, ms: Date.now() - t0, resumed: false };
  } catch (e) {
    progress('start failed: removing what this start created');
    for (const node of plan.nodes) forgetDomain(ctx.virsh, node.domainName);
    const state = Journal.read(journal.path);
    const undo = await undoSteps(state?.steps ?? [], ctx.virsh, LIBVIRT_CONCURRENCY, journal);
    if (!undo.errors.length) {
      journal.remove();
      // everything the journal listed is gone: only the lab folder (which held the journal) is left
      if (ctx.local) removeLabFolder(plan.labDir, { removed: [], errors: [], kept: [] });
    }
    const first = opts.signal?.aborted
      ? new LabError('start cancelled; everything it created was removed')
      : e instanceof LabError
        ? e
        : new LabError((e as Error).message);
    if (undo.errors.length) {
      throw new LabError(
        `${first.message}\nthe rollback could not remove: ${undo.errors.join('; ')} (run destroy to finish it)`,
      );
    }
    throw first;
  }
}

/** `up` on a lab that exists: start what is stopped (idempotent) when it has all its nodes; refuse a
 *  different or partial lab */
async function upExisting(
  ctx: EngineContext,
  lab: LabInfo,
  manifest: string,
  nodes: string[],
  opts: UpOptions,
  t0: number,
): Promise<UpResult> {
  if (lab.manifest !== manifest) {
    throw new LabError(
      `Lab already exists with status '${labState(lab)}' (started from ${lab.manifest}). Destroy it before starting ` +
        `a new one.`,
    );
  }
  const have = new Set(lab.domains.map((d) => d.meta.node));
  const missing = nodes.filter((n) => !have.has(n));
  if (missing.length)
    throw new LabError(`incomplete lab: node(s) ${missing.join(', ')} have no domain. Destroy it and start it again.`);
  await resumeLab(ctx, lab, opts.progress);
  const status = (await discoverLabs(ctx.virsh)).find((l) => l.id === lab.id)!;
  return {
    plan: { id: lab.id, name: lab.name } as LabPlan,
    ready: status.domains.filter((d) => d.state === 'running').map((d) => d.meta.node),
    notReady: status.domains.filter((d) => d.state !== 'running').map((d) => ({ node: d.meta.node, reason: d.state })),
    ms: Date.now() - t0,
    resumed: true,
  };
}

async function waitReady(
  ctx: EngineContext,
  plan: LabPlan,
  progress: ProgressFn,
  signal?: AbortSignal,
  keyPath?: string,
): Promise<{ ready: string[]; notReady: { node: string; reason: string }[] }> {
  const deadline = Date.now() + plan.readyTimeoutSec * 1000;
  const ready: string[] = [],
    notReady: { node: string; reason: string }[] = [];
  await Promise.all(
    plan.nodes.map(async (node) => {
      const reason = await nodeReadiness(ctx, node, deadline, signal, keyPath);
      if (signal?.aborted) throw new LabError('start cancelled');
      if (reason) {
        notReady.push({ node: node.name, reason });
        progress(`not ready: ${reason}`, node.name);
      } else {
        ready.push(node.name);
        progress('ready', node.name);
      }
    }),
  );
  return { ready, notReady };
}

/** undefined when ready, else why not. Sherpa: unikernel = running (+ ready_port), VM = SSH answers */
async function nodeReadiness(
  ctx: EngineContext,
  node: NodePlan,
  deadline: number,
  signal?: AbortSignal,
  keyPath?: string,
): Promise<string | undefined> {
  // `virsh start` returned, so the domain runs; only a port probe is left to do
  if (node.skipReadyCheck || !ctx.local) return undefined;
  const port = node.model.kind === 'vm' ? 22 : node.readyPort;
  if (port === undefined) return undefined;
  const host = node.management.kind === 'network' ? node.management.ip : node.loopback;
  if (!(await waitForPort(host, port, deadline, signal)))
    return `did not answer on ${host}:${port} within ready_timeout`;
  // a provisioned VM is ready when `sherpa` can log in: sshd answers before cloud-init has made the user
  if (node.provision?.method === 'cloud-init' && 'medium' in node.provision && keyPath) {
    if (!(await sshLoginWorks(host, port, keyPath, deadline, signal)))
      return `SSH login as sherpa on ${host}:${port} did not succeed within ready_timeout`;
  }
  return undefined;
}

/** a VM may run a guest agent; unikernels have no agent channel */
export const isVmModel = (model?: string) => !!model && catalog().model(model)?.kind === 'vm';
