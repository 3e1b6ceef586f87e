// The lab engine: one object per libvirt connection that the CLI and the extension drive. It holds the
// shared context and hands each operation to its own module (up, remove, resume, powerOff).
import type { Impairment } from '../../../common/manifest/impairment';
import { impairLink, relayStatus, type ImpairedLink } from './linkImpair';
import { dataInterfaces, startCapture, type Capture } from './capture';
import { readManifestFile } from '../../../common/manifest/read';
import { parseManifest, type ManifestView } from '../../../common/manifest/view';
import { isLocalUri, Virsh } from '../libvirt/virsh';
import { labId } from '../plan/labId';
import { isLabId, poolName } from '../plan/names';
import { LoopbackAllocator } from './allocator';
import { LIBVIRT_CONCURRENCY, mapLimit } from './concurrency';
import {
  journalByName,
  readJournal,
  sshDirOf,
  type EngineContext,
  type EngineSettings,
  type ProgressFn,
} from './context';
import { discoverLabs, type DomainInfo, type LabInfo } from './discovery';
import { LabError } from './errors';
import { currentUser } from './hostFacts';
import { LabLock } from './lock';
import { stopDomain } from './powerOff';
import { removeLab, type RemoveResult } from './remove';
import { resumeLab } from './resume';
import { isVmModel, up, type UpOptions, type UpResult } from './up';
import { SHERPA_USER } from '../plan/provision/credentials';
import { sshConfigText } from '../plan/provision/sshConfig';
import { cleanStaleIncludes } from './executor';
import { sherpaKeyPair } from './sshKey';
import { previewProvision } from './preview';
import type { ProvisionPlan } from '../plan/types';
import { sshOptions } from './sshLogin';

export interface SshTarget {
  host: string;
  port: number;
  keyPath: string;
  /** `ssh` arguments up to the destination: append a command to run one */
  args: string[];
}

/** the lab id of a manifest for a user (default: the current one) */
export function labIdOf(view: ManifestView, user = currentUser()): string {
  return labId(user, view.name?.value ?? '');
}

export class LabEngine {
  readonly virsh: Virsh;
  readonly local: boolean;
  private readonly ctx: EngineContext;

  constructor(readonly settings: EngineSettings) {
    this.virsh = new Virsh({ uri: settings.uri, binary: settings.virshPath });
    this.local = isLocalUri(settings.uri);
    const locks = new LabLock();
    this.ctx = { virsh: this.virsh, local: this.local, settings, locks, allocator: new LoopbackAllocator(locks) };
  }

  /** the labs libvirt has; `relays`: with each lab's impairment relay (its files and a question to the relay
   *  process each), which the watcher, called on every libvirt event, does not need */
  async status(opts: { relays?: boolean } = {}): Promise<LabInfo[]> {
    const labs = await discoverLabs(this.virsh);
    if (opts.relays)
      await Promise.all(
        labs.map(async (l) => {
          const relay = await relayStatus(this.ctx, l.id);
          if (relay) l.relay = relay;
        }),
      );
    return labs;
  }

  /** packet capture on a running node's data interface, into a pcap file in the lab folder */
  async capture(id: string, node: string, iface: string): Promise<Capture> {
    return startCapture(this.ctx, await this.find(id), node, iface);
  }

  /** the data interfaces of a node's domain (what capture takes) */
  async dataInterfaces(id: string, node: string): Promise<string[]> {
    return dataInterfaces(this.ctx, await this.find(id), node);
  }

  /** a new impairment for an impaired link of a running lab (either endpoint names it); its nodes go on */
  async impairLink(id: string, endpoint: string, impairment: Impairment): Promise<ImpairedLink> {
    const lab = await this.find(id);
    return this.ctx.locks.with(lab.id, 'impair', () => impairLink(this.ctx, lab.id, endpoint, impairment));
  }

  /** the lab id a manifest gets: XXH32 of user + lab name, like Sherpa */
  labIdFor(manifestPath: string): string {
    return this.labIdOf(parseManifest(readManifestFile(manifestPath)));
  }

  labIdOf(view: ManifestView): string {
    return labIdOf(view, this.settings.user);
  }

  up(manifestPath: string, opts: UpOptions = {}): Promise<UpResult> {
    return up(this.ctx, manifestPath, opts);
  }

  /** a lab by id or name */
  async lookup(id: string): Promise<LabInfo | undefined> {
    return (await this.status()).find((l) => l.id === id || l.name === id);
  }

  private async find(id: string): Promise<LabInfo> {
    const lab = await this.lookup(id);
    if (!lab) throw new LabError(`no lab '${id}' on ${this.settings.uri}`);
    return lab;
  }

  /** Sherpa's down: VMs whose guest agent answers shut down, everything else is powered off (stopDomain) */
  async stop(id: string, progress?: ProgressFn): Promise<LabInfo> {
    const lab = await this.find(id);
    return this.ctx.locks.with(lab.id, 'stop', async () => {
      // a graceful stop mostly waits (on the guest, through one event watcher each): more at once than
      // other operations, still bounded so that a 200-node lab does not open 400 virsh processes
      const running = lab.domains.filter((d) => d.state !== 'shut off');
      await mapLimit(running, LIBVIRT_CONCURRENCY * 4, async (d) => {
        progress?.('stopping', d.meta.node);
        await stopDomain(this.virsh, d.name, isVmModel(d.meta.model), (msg) => progress?.(msg, d.meta.node));
      });
      return this.find(lab.id);
    });
  }

  async resume(id: string, progress?: ProgressFn): Promise<LabInfo> {
    const lab = await this.find(id);
    return this.ctx.locks.with(lab.id, 'resume', async () => {
      await resumeLab(this.ctx, lab, progress);
      return this.find(lab.id);
    });
  }

  /** power-cycle one node (unikernels are never redeployed, only restarted) */
  restartNode(id: string, node: string): Promise<void> {
    return this.nodeOp(id, node, 'restart', async (d) => {
      if (d.state !== 'shut off') await this.virsh.maybe(['destroy', '--domain', d.name]);
      await this.startDomain(d);
    });
  }

  startNode(id: string, node: string): Promise<void> {
    return this.nodeOp(id, node, 'start node', (d) => this.startDomain(d));
  }

  stopNode(id: string, node: string): Promise<void> {
    return this.nodeOp(id, node, 'stop node', (d) => stopDomain(this.virsh, d.name, isVmModel(d.meta.model)));
  }

  // A node's power actions take the lab's lock, as every lab operation does: during a Start Lab the tree
  // already lists the nodes, and a stop then (a `virsh destroy` while libvirt starts the domain) made that
  // start fail with "qemu unexpectedly closed the monitor … terminating on signal 15 from pid … (libvirtd)"
  // and the whole lab roll back; a start raced the lab's own start of the node. Now they are refused at once.
  private async nodeOp(id: string, node: string, op: string, f: (d: DomainInfo) => Promise<void>): Promise<void> {
    const d = await this.node(id, node);
    await this.ctx.locks.with(d.meta.lab, op, () => f(d));
  }

  /** `virsh start`, its failure naming the node */
  private async startDomain(d: DomainInfo): Promise<void> {
    try {
      await this.virsh.run(['start', '--domain', d.name]);
    } catch (e) {
      throw new LabError((e as Error).message, d.meta.node);
    }
  }

  /** the node's domain XML as libvirt has it now */
  async domainXml(id: string, node: string): Promise<string> {
    const d = await this.node(id, node);
    return this.virsh.run(['dumpxml', '--domain', d.name]);
  }

  /** how to SSH to a node as `sherpa`: its endpoint, the lab key, and the arguments `ssh` takes for it */
  async sshTarget(id: string, node: string): Promise<SshTarget> {
    const d = await this.node(id, node);
    if (!d.meta.ssh) throw new LabError(`node '${node}' has no SSH (${d.meta.model ?? 'its model'} is not a VM)`, node);
    const cut = d.meta.ssh.lastIndexOf(':');
    const host = d.meta.ssh.slice(0, cut);
    const port = Number(d.meta.ssh.slice(cut + 1));
    const key = await sherpaKeyPair(this.settings.sshKeyPath);
    return { host, port, keyPath: key.path, args: [...sshOptions(key.path, port), '-l', SHERPA_USER, '--', host] };
  }

  /** a node's provisioning as `up` renders it (its day-0 files), or why it gets none; creates nothing */
  generatedConfig(manifestPath: string, node: string): Promise<ProvisionPlan> {
    return previewProvision(this.ctx, manifestPath, node);
  }

  /** the lab's sherpa_ssh_config text (what `up` writes into its folder) */
  async sshConfig(id: string): Promise<string> {
    const lab = await this.find(id);
    const key = await sherpaKeyPair(this.settings.sshKeyPath);
    const hosts = lab.domains.flatMap((d) => (d.meta.ssh ? [{ node: d.meta.node, endpoint: d.meta.ssh }] : []));
    return sshConfigText(lab.id, hosts, key.path);
  }

  /** remove Include lines of sherpa_lab_hosts whose file is gone (labs destroyed elsewhere); returns them */
  cleanSshIncludes(): string[] {
    return cleanStaleIncludes(sshDirOf(this.settings));
  }

  async node(id: string, node: string): Promise<DomainInfo> {
    const lab = await this.find(id);
    const d = lab.domains.find((x) => x.meta.node === node);
    if (!d) throw new LabError(`no node '${node}' in lab ${lab.name}`);
    return d;
  }

  /**
   * Remove the lab's domains, then (when none is left) its volumes, networks, pool and files: only what
   * carries its id, from libvirt and its journal. A lab whose domains are gone is still found by its id,
   * or by name through its journal, so a destroy can always finish what an earlier one left.
   */
  async destroy(idOrName: string, progress?: ProgressFn): Promise<RemoveResult> {
    const lab = await this.lookup(idOrName);
    const id = lab?.id ?? (isLabId(idOrName) ? idOrName : journalByName(this.ctx, idOrName)?.begin.lab);
    const known =
      id &&
      (lab ||
        readJournal(this.ctx, id) ||
        (await this.virsh.maybe(['pool-info', '--pool', poolName(id)]).catch(() => undefined)) !== undefined);
    if (!id || !known) throw new LabError(`no lab '${idOrName}' on ${this.settings.uri}`);
    return this.ctx.locks.with(id, 'destroy', () => removeLab(this.ctx, id, progress));
  }
}
