import { type ManifestView } from '../../../common/manifest/view';
import { Virsh } from '../libvirt/virsh';
import { type EngineSettings, type ProgressFn } from './context';
import { type DomainInfo, type LabInfo } from './discovery';
import { type RemoveResult } from './remove';
import { type UpOptions, type UpResult } from './up';
/** the lab id of a manifest for a user (default: the current one) */
export declare function labIdOf(view: ManifestView, user?: string): string;
export declare class LabEngine {
  readonly settings: EngineSettings;
  readonly virsh: Virsh;
  readonly local: boolean;
  private readonly ctx;
  constructor(settings: EngineSettings);
  status(): Promise<LabInfo[]>;
  /** the lab id a manifest gets: XXH32 of user + lab name, like Sherpa */
  labIdFor(manifestPath: string): string;
  labIdOf(view: ManifestView): string;
  up(manifestPath: string, opts?: UpOptions): Promise<UpResult>;
  /** a lab by id or name */
  lookup(id: string): Promise<LabInfo | undefined>;
  private find;
  /** Sherpa's down: VMs whose guest agent answers shut down, everything else is powered off (stopDomain) */
  stop(id: string, progress?: ProgressFn): Promise<LabInfo>;
  resume(id: string, progress?: ProgressFn): Promise<LabInfo>;
  /** power-cycle one node (unikernels are never redeployed, only restarted) */
  restartNode(id: string, node: string): Promise<void>;
  startNode(id: string, node: string): Promise<void>;
  stopNode(id: string, node: string): Promise<void>;
  /** the node's domain XML as libvirt has it now */
  domainXml(id: string, node: string): Promise<string>;
  node(id: string, node: string): Promise<DomainInfo>;
  /**
   * Remove the lab's domains, then (when none is left) its volumes, networks, pool and files: only what
   * carries its id, from libvirt and its journal. A lab whose domains are gone is still found by its id,
   * or by name through its journal, so a destroy can always finish what an earlier one left.
   */
  destroy(idOrName: string, progress?: ProgressFn): Promise<RemoveResult>;
}
