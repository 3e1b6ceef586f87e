// Every name the engine gives a host resource, and the parsers that read them back from libvirt's
// listings. One module so that what `up` creates and what `destroy` looks for can never disagree.
import { posix } from 'node:path';
import { isLabId } from './labId';
export { MAX_NODE_NAME, nodeNameProblem, versionProblem } from '../../../common/manifest/names';

/** `<node>-<lab_id>`, Sherpa's domain name */
export const domainName = (node: string, lab: string) => `${node}-${lab}`;

/** a domain name taken apart; undefined for any other name */
export function splitDomainName(name: string): { node: string; lab: string } | undefined {
  const m = /^(.+)-([0-9a-f]{8})$/.exec(name);
  return m ? { node: m[1], lab: m[2] } : undefined;
}

/** a lab's storage pool, also found by this name when only leftovers of the lab remain */
export const poolName = (lab: string) => `sherpa-lab-${lab}`;
export const managementNetworkName = (lab: string) => `sherpa-management-${lab}`;
export const managementBridgeName = (lab: string) => `brm-${lab}`;
export const bridgeNetworkName = (lab: string, index: number) => `sherpa-bridge${index}-${lab}`;
export const bridgeDeviceName = (lab: string, index: number) => `brs${index}-${lab}`;
/** the lab's libvirt networks: named sherpa-…-<lab id>, nothing else */
export const isLabNetwork = (name: string, lab: string) => name.startsWith('sherpa-') && name.endsWith(`-${lab}`);

/** a kernel (or initrd) shared by the lab's nodes of one model and version */
export const kernelVolumeName = (lab: string, model: string, version: string, ext: 'elf' | 'initrd') =>
  `kernel-${model}-${version}-${lab}.${ext}`;
export const diskVolumeName = (domain: string, vm: boolean) => (vm ? `${domain}-hdd.qcow2` : `${domain}.qcow2`);
/** a cloud-init node's NoCloud seed, in the pool folder (the lab id in its name: destroy finds it) */
export const seedVolumeName = (domain: string) => `${domain}-cidata.iso`;
/** a base image uploaded once per lab to a remote host */
export const baseVolumeName = (model: string, version: string, file: string) => `base-${model}-${version}-${file}`;
/** the volumes of a pool that belong to a lab: its id in the name, or a base image (the pool is the lab's) */
export const isLabVolume = (name: string, lab: string) => name.includes(lab) || name.startsWith('base-');

export const labDirOf = (labsDir: string, lab: string) => posix.join(labsDir, lab);
export const poolPathOf = (labDir: string) => posix.join(labDir, 'disks');
/** where virtlogd keeps a node's console output, in the lab folder */
export const serialLogPath = (labDir: string, node: string) => posix.join(labDir, `${node}.serial.log`);
export const labInfoPath = (labDir: string) => posix.join(labDir, 'lab-info.toml');
/** Sherpa's `<lab>/ztp/tftp`: every TFTP-provisioned node's `<node>.conf` */
export const tftpRootPath = (labDir: string) => posix.join(labDir, 'ztp', 'tftp');
/** Sherpa's `<lab>/ztp/configs`, served over HTTP at /configs/, and the server's pid file beside it */
export const httpConfigsPath = (labDir: string) => posix.join(labDir, 'ztp', 'configs');
export const ztpServerPidPath = (labDir: string) => posix.join(labDir, 'ztp', 'http-server.json');
/** Sherpa's ZTP HTTP port */
export const ZTP_HTTP_PORT = 8080;
export const JOURNAL_FILE = 'journal.jsonl';
/** a private console's UNIX socket (consoleAccess = private) */
export const consoleSocketPath = (labDir: string, node: string) => posix.join(labDir, `${node}.console.sock`);

export type DomainState =
  'running' | 'paused' | 'shut off' | 'crashed' | 'in shutdown' | 'pmsuspended' | 'blocked' | 'idle';
const STATES = ['running', 'paused', 'shut off', 'crashed', 'in shutdown', 'pmsuspended', 'blocked', 'idle', 'dying'];

/** `virsh list --all`: name -> state. A name may hold spaces: the state is matched at the line's end */
export function parseDomainList(out: string): Map<string, DomainState> {
  const states = new Map<string, DomainState>();
  const re = new RegExp(`^\\s*(?:\\d+|-)\\s+(.+?)\\s+(${STATES.join('|')})\\s*$`);
  for (const line of out.split('\n').slice(2)) {
    const m = re.exec(line);
    if (m) states.set(m[1], m[2] as DomainState);
  }
  return states;
}

/** `virsh vol-list --pool P`: volume names. The path column starts with the pool's folder, which ends
 *  the name (names may hold spaces); without a known folder, the path is the last absolute path */
export function parseVolumeList(out: string, poolPath?: string): string[] {
  const names: string[] = [];
  for (const raw of out.split('\n').slice(2)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line) continue;
    const at = poolPath ? line.lastIndexOf(` ${poolPath.replace(/\/$/, '')}/`) : line.search(/\s+\/[^ ]*$/);
    names.push((at > 0 ? line.slice(0, at) : line.split(/\s+/)[0]).trimEnd());
  }
  return names;
}

/** `virsh net-list --name` / `pool-list --name`: one name per line, kept whole */
export const parseNameList = (out: string | undefined) =>
  (out ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

export { isLabId };
/** the lab's impairment relay: its config (written by the engine), control socket and process record */
export const relayDirPath = (labDir: string) => posix.join(labDir, 'relay');
export const relayConfigPath = (labDir: string) => posix.join(labDir, 'relay', 'config.json');
export const relayControlPath = (labDir: string) => posix.join(labDir, 'relay', 'control.sock');
export const relayRecordPath = (labDir: string) => posix.join(labDir, 'relay', 'process.json');
/** the relay's UDP port for a tunnel port (linkPort): interface indexes stay below 50 (PCI slots run out first) */
export const relayPortOf = (tunnelPort: number) => tunnelPort + 50;
/** packet captures of the lab's interfaces: `<node>-<iface>-<time>.pcap`, removed with the lab */
export const capturesDirPath = (labDir: string) => posix.join(labDir, 'captures');
export const CAPTURE_FILE = /^[A-Za-z0-9_.-]+-\d{8}T\d{6}Z?\.pcap$/;
/** libvirt's alias of a data NIC (domainXml.ts), and QEMU's id of its netdev (libvirt: "host" + alias) */
export const nicAlias = (iface: string) => `ua-${iface.replace(/[^A-Za-z0-9]/g, '-')}`;
