import { isLabId } from './labId';
export { MAX_NODE_NAME, nodeNameProblem, versionProblem } from '../../../common/manifest/names';
/** `<node>-<lab_id>`, Sherpa's domain name */
export declare const domainName: (node: string, lab: string) => string;
/** a domain name taken apart; undefined for any other name */
export declare function splitDomainName(name: string):
  | {
      node: string;
      lab: string;
    }
  | undefined;
/** a lab's storage pool, also found by this name when only leftovers of the lab remain */
export declare const poolName: (lab: string) => string;
export declare const managementNetworkName: (lab: string) => string;
export declare const managementBridgeName: (lab: string) => string;
export declare const bridgeNetworkName: (lab: string, index: number) => string;
export declare const bridgeDeviceName: (lab: string, index: number) => string;
/** the lab's libvirt networks: named sherpa-…-<lab id>, nothing else */
export declare const isLabNetwork: (name: string, lab: string) => boolean;
/** a kernel (or initrd) shared by the lab's nodes of one model and version */
export declare const kernelVolumeName: (lab: string, model: string, version: string, ext: 'elf' | 'initrd') => string;
export declare const diskVolumeName: (domain: string, vm: boolean) => string;
/** a base image uploaded once per lab to a remote host */
export declare const baseVolumeName: (model: string, version: string, file: string) => string;
/** the volumes of a pool that belong to a lab: its id in the name, or a base image (the pool is the lab's) */
export declare const isLabVolume: (name: string, lab: string) => boolean;
export declare const labDirOf: (labsDir: string, lab: string) => string;
export declare const poolPathOf: (labDir: string) => string;
/** where virtlogd keeps a node's console output, in the lab folder */
export declare const serialLogPath: (labDir: string, node: string) => string;
export declare const labInfoPath: (labDir: string) => string;
export declare const JOURNAL_FILE = 'journal.jsonl';
/** a private console's UNIX socket (consoleAccess = private) */
export declare const consoleSocketPath: (labDir: string, node: string) => string;
export type DomainState =
  'running' | 'paused' | 'shut off' | 'crashed' | 'in shutdown' | 'pmsuspended' | 'blocked' | 'idle';
/** `virsh list --all`: name -> state. A name may hold spaces: the state is matched at the line's end */
export declare function parseDomainList(out: string): Map<string, DomainState>;
/** `virsh vol-list --pool P`: volume names. The path column starts with the pool's folder, which ends
 *  the name (names may hold spaces); without a known folder, the path is the last absolute path */
export declare function parseVolumeList(out: string, poolPath?: string): string[];
/** `virsh net-list --name` / `pool-list --name`: one name per line, kept whole */
export declare const parseNameList: (out: string | undefined) => string[];
export { isLabId };
