// The lab engine: the thin effect layer that carries out a plan on libvirt (pool, volumes, domains),
// waits for readiness, and stops, resumes or destroys labs it finds by their metadata.
import { constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'smol-toml';
import { catalog } from '../../../common/catalog/catalog';
import { scanImages } from '../../../common/images/scan';
import { validateManifest } from '../../../common/manifest/validate';
import { parseManifest, type ManifestView } from '../../../common/manifest/view';
import { isLabId, labId } from '../plan/labId';
import { domainXml, networkXml, poolXml, volumeXml } from '../plan/domainXml';
import { buildPlan, poolName, serialLogPath } from '../plan/plan';
import { allocateLoopback } from '../plan/ports';
import type { LabPlan, NetworkMode, NodePlan } from '../plan/types';
import { isLocalUri, Virsh, VirshError } from '../libvirt/virsh';
import { discoverLabs, forgetDomain, labState, rememberDomain, usedLoopbacks, type DomainInfo, type LabInfo } from './discovery';
import { currentUser, findQboot, hasUefi, hostMachines, resolveDomainType, type DomainTypeSetting } from './hostFacts';
import { LabError } from './errors';
import { LabLock } from './lock';
import { stopDomain } from './powerOff';
import { waitForPort } from './readiness';

export interface EngineSettings {
  uri: string;
  imagesDir: string;
  /** where lab folders go on the libvirt host */
  labsDir: string;
  domainType: DomainTypeSetting;
  virshPath?: string;
  user?: string;
  extraPorts?: Record<string, number[]>;
  /** readiness timeout (s) for manifests without ready_timeout */
  defaultReadyTimeoutSec?: number;
  networkMode?: NetworkMode;
}

export type ProgressFn = (message: string, node?: string) => void;
export interface UpOptions { signal?: AbortSignal; progress?: ProgressFn; waitReady?: boolean }
export interface UpResult { plan: LabPlan; ready: string[]; notReady: { node: string; reason: string }[]; ms: number; resumed: boolean }


interface Created { labDir?: string; pool?: string; volumes: string[]; files: string[]; domains: string[]; networks: string[] }

export class LabEngine {
  readonly virsh: Virsh;
  readonly local: boolean;
  private readonly locks: LabLock;
  /** the host's machine types: they only change with a QEMU upgrade, asked once per engine */
  private machines?: Promise<string[] | undefined>;

  constructor(readonly settings: EngineSettings) {
    this.virsh = new Virsh({ uri: settings.uri, binary: settings.virshPath });
    this.local = isLocalUri(settings.uri);
    this.locks = new LabLock();
  }

  status(): Promise<LabInfo[]> { return discoverLabs(this.virsh) }

  /** the lab id a manifest gets: XXH32 of user + lab name, like Sherpa */
  labIdFor(manifestPath: string): string { return this.labIdOf(parseManifest(readFileSync(manifestPath, 'utf8'))) }

  labIdOf(view: ManifestView): string { return labId(this.user(), view.name?.value ?? '') }

  private user(): string { return this.settings.user ?? currentUser() }

  async up(manifestPath: string, opts: UpOptions = {}): Promise<UpResult> {
    const t0 = Date.now();
    const progress = opts.progress ?? (() => undefined);
    const path = resolve(manifestPath);
    let text: string;
    try { text = readFileSync(path, 'utf8') } catch (e) { throw new LabError(`cannot read ${path}: ${(e as Error).message}`) }
    const images = scanImages(this.settings.imagesDir);
    const validation = validateManifest(text, images);
    const id = this.labIdOf(validation.view);
    return this.locks.with(id, 'up', async () => {
      progress('reading libvirt state');
      // independent questions to libvirt, asked at once
      const [labs, leftover, domainType, machines] = await Promise.all([
        this.status(),
        this.virsh.maybe(['pool-info', poolName(id)]).catch(() => undefined),
        resolveDomainType(this.settings.domainType, this.virsh),
        (this.machines ??= hostMachines(this.virsh)),
      ]);
      const existing = labs.find((l) => l.id === id);
      if (existing) return this.upExisting(existing, path, opts, t0);
      if (leftover !== undefined) {
        progress('removing leftovers of an earlier start of this lab');
        await this.removeLab({ id, name: id, manifest: '', loopback: '', domains: [] });
      }
      const n = allocateLoopback(usedLoopbacks(labs));
      if (n === undefined) throw new LabError('no free loopback /24 left in 127.127.0.0/16');
      const result = buildPlan({
        view: validation.view, problems: validation.problems, manifestPath: path, images, loopbackN: n,
        settings: { uri: this.settings.uri, local: this.local, user: this.user(), domainType, labsDir: this.settings.labsDir, qbootPath: findQboot(this.local), uefiAvailable: hasUefi(this.local), machines, extraPorts: this.settings.extraPorts, defaultReadyTimeoutSec: this.settings.defaultReadyTimeoutSec,
          networkMode: this.settings.networkMode, privileged: /\/system(\?|$)/.test(this.settings.uri) },
      });
      if (!result.ok) {
        // the first problem names its node through LabError, the others in their own lines
        const [first, ...rest] = result.problems;
        throw new LabError([first.message, ...rest.map((p) => (p.node ? `node '${p.node}': ${p.message}` : p.message))].join('\n'), first.node);
      }
      const plan = result.plan;
      const created: Created = { volumes: [], files: [], domains: [], networks: [] };
      try {
        await this.create(plan, created, progress, opts.signal);
        const readiness = opts.waitReady === false ? { ready: [], notReady: [] } : await this.waitReady(plan, progress, opts.signal);
        this.writeLabInfo(plan);
        progress(`lab ${plan.name} (${plan.id}) is up`);
        return { plan, ...readiness, ms: Date.now() - t0, resumed: false };
      } catch (e) {
        progress('start failed: removing what this start created');
        await this.rollback(plan, created);
        if (opts.signal?.aborted) throw new LabError('start cancelled; everything it created was removed');
        throw e instanceof LabError ? e : new LabError((e as Error).message);
      }
    });
  }

  /** `up` on a lab that exists: start what is stopped (idempotent), refuse a different lab */
  private async upExisting(lab: LabInfo, manifest: string, opts: UpOptions, t0: number): Promise<UpResult> {
    if (lab.manifest !== manifest) {
      throw new LabError(`Lab already exists with status '${labState(lab)}' (started from ${lab.manifest}). Destroy it before starting a new one.`);
    }
    await this.resumeLab(lab, opts.progress);
    const status = (await this.status()).find((l) => l.id === lab.id)!;
    return {
      plan: { id: lab.id, name: lab.name } as LabPlan, ready: status.domains.filter((d) => d.state === 'running').map((d) => d.meta.node),
      notReady: status.domains.filter((d) => d.state !== 'running').map((d) => ({ node: d.meta.node, reason: d.state })), ms: Date.now() - t0, resumed: true,
    };
  }

  private async create(plan: LabPlan, created: Created, progress: ProgressFn, signal?: AbortSignal): Promise<void> {
    const check = () => { if (signal?.aborted) throw new LabError('start cancelled') };
    const xmlDir = mkdtempSync(join(tmpdir(), 'sherpa-xml-'));
    try {
      const placed = new Set<string>();
      if (this.local) {
        mkdirSync(plan.labDir, { recursive: true });
        created.labDir = plan.labDir;
        // on this host a kernel is copied into the pool folder before the pool starts, which lists it as
        // a volume: two virsh round trips (vol-create, vol-upload) less on every node's path to start
        mkdirSync(plan.pool.path, { recursive: true });
        for (const v of plan.volumes) {
          if (!('upload' in v.source)) continue;
          const dest = join(plan.pool.path, v.name);
          copyFileSync(v.source.upload, dest, constants.COPYFILE_FICLONE);
          created.files.push(dest);
          placed.add(v.name);
        }
      }
      progress(`creating storage pool ${plan.pool.name}`);
      const poolFile = join(xmlDir, 'pool.xml');
      writeFileSync(poolFile, poolXml(plan));
      // the pool is needed by the volumes, not by `define`: domains are defined while it is made. It is
      // created and started in one call; making it persistent (for a later resume) runs beside the volumes
      let persisted: Promise<unknown> = Promise.resolve();
      const poolReady = (async () => {
        try {
          await this.virsh.run(['pool-create', poolFile, '--build']);
          created.pool = plan.pool.name;
        } catch (e) { throw new LabError(`storage pool ${plan.pool.name}: ${(e as Error).message}`) }
        persisted = this.virsh.run(['pool-define', poolFile]);
        persisted.catch(() => undefined);
        check();
      })();
      poolReady.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
      // bridges and the nat management network: libvirt networks, started before any domain
      const networksReady = Promise.all(plan.networks.map(async (net) => {
        const f = join(xmlDir, `net-${net.name}.xml`);
        writeFileSync(f, networkXml(net));
        try {
          await this.virsh.run(['net-define', f]);
          created.networks.push(net.name);
          await this.virsh.run(['net-start', net.name]);
        } catch (e) { throw new LabError(`network ${net.name}: ${(e as Error).message}`) }
      }));
      networksReady.catch(() => undefined);
      const byName = new Map(plan.volumes.map((v) => [v.name, v]));
      const made = new Map<string, Promise<void>>();
      const volume = (name: string): Promise<void> => {
        let p = made.get(name);
        if (!p) {
          const v = byName.get(name)!;
          p = placed.has(name) ? Promise.resolve() : (async () => {
            await poolReady;
            // an overlay's backing base image (remote hosts) is uploaded first, once for all nodes
            if (!('upload' in v.source) && v.source.backingVolume) await volume(v.source.backingVolume);
            const f = join(xmlDir, `vol-${v.name}.xml`);
            writeFileSync(f, volumeXml(v));
            await this.virsh.run(['vol-create', plan.pool.name, f]);
            created.volumes.push(v.name);
            if ('upload' in v.source) await this.virsh.run(['vol-upload', '--pool', plan.pool.name, v.name, v.source.upload], 600_000);
          })();
          made.set(name, p);
        }
        return p;
      };
      // each node runs its own pipeline (define while its volumes are made, then start); up to eight at
      // once keeps libvirtd busy without starving the first node
      await mapLimit(plan.nodes, Math.max(8, availableParallelism() * 2), async (node) => {
        check();
        progress('starting', node.name);
        const vols = [node.kernel?.volume, node.kernel?.initrd?.volume, node.disk?.volume].filter((v): v is string => !!v);
        const f = join(xmlDir, `${node.domainName}.xml`);
        writeFileSync(f, domainXml(plan, node));
        try {
          const volumes = Promise.all(vols.map(volume));
          volumes.catch(() => undefined); // awaited right after the define
          await this.virsh.run(['define', f]);
          created.domains.push(node.domainName);
          rememberDomain(this.virsh.uri, node.domainName, {
            lab: plan.id, labName: plan.name, node: node.name, index: node.index, manifest: plan.manifestPath, loopback: plan.loopbackNetwork,
            user: plan.user, model: node.model.name, version: node.version, ports: node.forwards.map((x) => x.hostPort), log: node.serialLog,
          });
          await volumes;
          await networksReady;
          check();
          await this.virsh.run(['start', node.domainName]);
        } catch (e) {
          if (e instanceof LabError && !e.node) throw e; // the pool or a cancel, not this node
          throw new LabError(e instanceof VirshError ? e.message : String(e), node.name);
        }
        progress('running', node.name);
      });
      await poolReady;
      await persisted.catch((e) => { throw new LabError(`storage pool ${plan.pool.name}: ${(e as Error).message}`) });
    } finally {
      rmSync(xmlDir, { recursive: true, force: true });
    }
  }

  private async waitReady(plan: LabPlan, progress: ProgressFn, signal?: AbortSignal): Promise<{ ready: string[]; notReady: { node: string; reason: string }[] }> {
    const deadline = Date.now() + plan.readyTimeoutSec * 1000;
    const ready: string[] = [], notReady: { node: string; reason: string }[] = [];
    await Promise.all(plan.nodes.map(async (node) => {
      const reason = await this.nodeReadiness(node, deadline, signal);
      if (signal?.aborted) throw new LabError('start cancelled');
      if (reason) { notReady.push({ node: node.name, reason }); progress(`not ready: ${reason}`, node.name) } else { ready.push(node.name); progress('ready', node.name) }
    }));
    return { ready, notReady };
  }

  /** undefined when ready, else why not. Sherpa: unikernel = running (+ ready_port), VM = SSH answers */
  private async nodeReadiness(node: NodePlan, deadline: number, signal?: AbortSignal): Promise<string | undefined> {
    // `virsh start` returned, so the domain runs; only a port probe is left to do
    if (node.skipReadyCheck || !this.local) return undefined;
    const port = node.model.kind === 'vm' ? 22 : node.readyPort;
    if (port === undefined) return undefined;
    const host = node.management.kind === 'network' ? node.management.ip : node.loopback;
    return (await waitForPort(host, port, deadline, signal)) ? undefined : `did not answer on ${host}:${port} within ready_timeout`;
  }

  private writeLabInfo(plan: LabPlan): void {
    if (!this.local) return;
    writeFileSync(join(plan.labDir, 'lab-info.toml'), stringify({
      id: plan.id, name: plan.name, user: plan.user,
      ipv4_network: '10.0.2.0/24', ipv4_gateway: '10.0.2.2', ipv4_router: '10.0.2.3',
      loopback_network: plan.loopbackNetwork,
    }));
  }

  /** remove exactly what `created` lists, continuing past errors */
  private async rollback(plan: LabPlan, created: Created): Promise<void> {
    await Promise.all(created.domains.map((d) => this.removeDomain(d)));
    for (const v of created.volumes) await this.virsh.maybe(['vol-delete', '--pool', plan.pool.name, v]).catch(() => undefined);
    if (created.pool) await this.removePool(created.pool);
    for (const n of created.networks) await this.removeNetwork(n);
    for (const f of created.files) rmSync(f, { force: true });
    if (created.labDir) {
      for (const n of plan.nodes) rmSync(n.serialLog, { force: true });
      try { rmdirSync(plan.pool.path) } catch { /* not ours to force */ }
      try { rmdirSync(created.labDir) } catch { /* keeps files it did not create */ }
    }
  }

  private async removeDomain(name: string, running = true): Promise<void> {
    // "domain is not running" is fine: it is off either way
    if (running) await this.virsh.maybe(['destroy', name]).catch(() => undefined);
    // --nvram: a UEFI domain's variable store is libvirt's copy made for this domain, and goes with it
    await this.virsh.maybe(['undefine', '--nvram', name]).catch(() => undefined);
    forgetDomain(this.virsh.uri, name);
  }

  private async removeNetwork(name: string): Promise<void> {
    await this.virsh.maybe(['net-destroy', name]).catch(() => undefined);
    await this.virsh.maybe(['net-undefine', name]).catch(() => undefined);
  }

  private async removePool(pool: string): Promise<void> {
    await this.virsh.maybe(['pool-destroy', pool]).catch(() => undefined);
    // pool-delete only removes an empty folder; a local one is removed with the lab folder instead
    if (!this.local) await this.virsh.maybe(['pool-delete', pool]).catch(() => undefined);
    await this.virsh.maybe(['pool-undefine', pool]).catch(() => undefined);
  }

  /** a lab by id or name */
  async lookup(id: string): Promise<LabInfo | undefined> { return (await this.status()).find((l) => l.id === id || l.name === id) }

  private async find(id: string): Promise<LabInfo> {
    const lab = await this.lookup(id);
    if (!lab) throw new LabError(`no lab '${id}' on ${this.settings.uri}`);
    return lab;
  }

  /** Sherpa's down: VMs whose guest agent answers shut down, everything else is powered off (stopDomain) */
  async stop(id: string, progress?: ProgressFn): Promise<LabInfo> {
    const lab = await this.find(id);
    return this.locks.with(lab.id, 'stop', async () => {
      await Promise.all(lab.domains.filter((d) => d.state !== 'shut off').map(async (d) => {
        progress?.('stopping', d.meta.node);
        await stopDomain(this.virsh, d.name, isVm(d), (msg) => progress?.(msg, d.meta.node));
      }));
      return (await this.find(lab.id));
    });
  }

  async resume(id: string, progress?: ProgressFn): Promise<LabInfo> {
    const lab = await this.find(id);
    return this.locks.with(lab.id, 'resume', async () => { await this.resumeLab(lab, progress); return this.find(lab.id) });
  }

  private async resumeLab(lab: LabInfo, progress?: ProgressFn): Promise<void> {
    // the lab's networks may be down (after a host restart): start them first
    const nets = await this.virsh.maybe(['net-list', '--inactive', '--name']).catch(() => undefined);
    for (const net of labNetworks(nets, lab.id)) {
      await this.virsh.run(['net-start', net]).catch((e) => { throw new LabError(`network ${net}: ${(e as Error).message}`) });
    }
    await mapLimit(lab.domains, Math.max(1, availableParallelism()), async (d) => {
      try {
        if (d.state === 'paused' || d.state === 'pmsuspended') { progress?.('resuming', d.meta.node); await this.virsh.run(['resume', d.name]) }
        else if (d.state !== 'running') { progress?.('starting', d.meta.node); await this.virsh.run(['start', d.name]) }
      } catch (e) { throw new LabError((e as Error).message, d.meta.node) }
    });
  }

  /** power-cycle one node (unikernels are never redeployed, only restarted) */
  async restartNode(id: string, node: string): Promise<void> {
    const d = await this.node(id, node);
    await this.locks.with(d.meta.lab, 'restart', async () => {
      if (d.state !== 'shut off') await this.virsh.maybe(['destroy', d.name]);
      try { await this.virsh.run(['start', d.name]) } catch (e) { throw new LabError((e as Error).message, node) }
    });
  }

  async startNode(id: string, node: string): Promise<void> {
    const d = await this.node(id, node);
    try { await this.virsh.run(['start', d.name]) } catch (e) { throw new LabError((e as Error).message, node) }
  }
  async stopNode(id: string, node: string): Promise<void> {
    const d = await this.node(id, node);
    await stopDomain(this.virsh, d.name, isVm(d));
  }

  private async node(id: string, node: string): Promise<DomainInfo> {
    const lab = await this.find(id);
    const d = lab.domains.find((x) => x.meta.node === node);
    if (!d) throw new LabError(`no node '${node}' in lab ${lab.name}`);
    return d;
  }

  /** remove the lab's domains, its volumes, pool and files: only what carries its id, continuing past errors */
  async destroy(id: string, progress?: ProgressFn): Promise<{ removed: string[]; errors: string[] }> {
    const lab = await this.findOrLeftovers(id);
    return this.locks.with(lab.id, 'destroy', () => this.removeLab(lab, progress));
  }

  /** a lab by id or name; for an id whose domains are gone, its leftover pool still counts */
  private async findOrLeftovers(id: string): Promise<LabInfo> {
    const lab = await this.lookup(id);
    if (lab) return lab;
    if (isLabId(id) && await this.virsh.maybe(['pool-info', poolName(id)]).catch(() => undefined) !== undefined) {
      return { id, name: id, manifest: '', loopback: '', domains: [] };
    }
    throw new LabError(`no lab '${id}' on ${this.settings.uri}`);
  }

  private async removeLab(lab: LabInfo, progress?: ProgressFn): Promise<{ removed: string[]; errors: string[] }> {
    const removed: string[] = [], errors: string[] = [];
    const pool = poolName(lab.id);
    let poolPath: string | undefined;
    // domains, storage and networks go at once: deleting a volume only unlinks its file, which a QEMU
    // that is still being destroyed keeps open, so storage need not wait for the domains
    const domains = Promise.all(lab.domains.map(async (d) => {
      progress?.('removing', d.meta.node);
      try { await this.removeDomain(d.name, d.state !== 'shut off'); removed.push(`domain ${d.name}`) } catch (e) { errors.push(`${d.name}: ${(e as Error).message}`) }
    }));
    const storage = (async () => {
      const [vols, poolXmlText] = await Promise.all([
        this.virsh.maybe(['vol-list', '--pool', pool]).catch(() => undefined),
        this.virsh.maybe(['pool-dumpxml', pool]).catch(() => undefined),
      ]);
      if (vols === undefined) return;
      poolPath = poolXmlText?.match(/<path>([^<]*)<\/path>/)?.[1];
      const ownVolumes = parseVolumeList(vols).filter((v) => v.includes(lab.id) || v.startsWith('base-')); // others are not this lab's
      await mapLimit(ownVolumes, 4, async (v) => {
        try { await this.virsh.run(['vol-delete', '--pool', pool, v]); removed.push(`volume ${v}`) } catch (e) { errors.push(`${v}: ${(e as Error).message}`) }
      });
      await this.removePool(pool);
      removed.push(`pool ${pool}`);
    })();
    // the lab's networks: named sherpa-…-<lab id>, nothing else
    const networks = (async () => {
      const nets = await this.virsh.maybe(['net-list', '--all', '--name']).catch(() => undefined);
      await Promise.all(labNetworks(nets, lab.id).map(async (net) => { await this.removeNetwork(net); removed.push(`network ${net}`) }));
    })();
    await Promise.all([domains, storage, networks]);
    if (this.local && poolPath) {
      const labDir = dirname(poolPath);
      for (const d of lab.domains) rmSync(serialLogPath(labDir, d.meta.node), { force: true });
      try { unlinkSync(join(labDir, 'lab-info.toml')) } catch { /* never written */ }
      try { rmdirSync(poolPath) } catch { /* gone, or holds files that are not ours */ }
      try { rmdirSync(labDir); removed.push(`folder ${labDir}`) } catch { /* holds files that are not ours */ }
    }
    return { removed, errors };
  }

}

/** the lab's networks in a `virsh net-list --name` output: named sherpa-…-<lab id>, nothing else */
function labNetworks(out: string | undefined, id: string): string[] {
  return (out ?? '').split('\n').map((x) => x.trim()).filter((x) => x.startsWith('sherpa-') && x.endsWith(`-${id}`));
}

/** volume names from the `virsh vol-list` table (our names never contain spaces) */
export function parseVolumeList(out: string): string[] {
  return out.split('\n').slice(2).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
}

/** run f over items with at most `limit` at once; the first failure wins, the rest still settle */
export async function mapLimit<T>(items: T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++];
      try { await f(item) } catch (e) { failure ??= e }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/** a VM may run a guest agent; unikernels have no agent channel */
function isVm(d: DomainInfo): boolean { return !!d.meta.model && catalog().model(d.meta.model)?.kind === 'vm' }
