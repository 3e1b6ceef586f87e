// A lab plan as ordered host effects: each step says what it does, what it waits for and how it is
// undone, as data. The executor (lab/executor.ts) runs them and journals each before it happens, so
// a crash, a cancel or a failure can always be undone from the journal alone.
import { posix } from 'node:path';
import { stringify } from 'smol-toml';
import { domainXml, networkXml, poolXml, volumeXml } from './domainXml';
import { sshEndpoint } from './metadata';
import {
  labInfoPath,
  relayConfigPath,
  relayControlPath,
  relayDirPath,
  relayRecordPath,
  tftpRootPath,
  ztpServerPidPath,
} from './names';
import { sshConfigText, SSH_CONFIG_FILE } from './provision/sshConfig';
import type { LabPlan, ProvisionMedia } from './types';

/** one host effect. In virsh arguments, '@xml' stands for a temporary file holding `xml` */
export type Effect =
  | { kind: 'virsh'; args: string[]; xml?: string; timeoutMs?: number; retry?: 'transient-start' }
  | { kind: 'mkdir'; path: string }
  | { kind: 'copy'; from: string; to: string }
  | { kind: 'write'; path: string; content: string }
  /** `Include <include>` added to (or removed from) `<dir>/sherpa_lab_hosts`, which `<dir>/config` includes */
  | { kind: 'ssh-include'; dir: string; include: string; add: boolean }
  /** the HTTP ZTP server (its own process, recorded in `pidFile`) started / stopped */
  | { kind: 'serve'; dir: string; host: string; port: number; pidFile: string }
  /** stops a supervised process of the lab (ZTP server, impairment relay) recorded in `pidFile` */
  | { kind: 'unserve'; pidFile: string }
  /** the impairment relay (its own process, recorded in `record`) started on `config` */
  | { kind: 'relay'; config: string; control: string; record: string }
  /** an ISO 9660 image (Joliet + Rock Ridge) holding `files` (and empty `dirs`), built without a mount */
  | { kind: 'iso'; path: string; label: string; files: Record<string, string>; dirs?: string[] }
  /** a FAT image holding `files` at its root, made with mtools (no mount) */
  | { kind: 'fat'; path: string; label: string; files: Record<string, string> }
  | { kind: 'rm'; path: string }
  | { kind: 'rmdir'; path: string };

/** undo phases run in this order (last created first): domains, then what they use, then the pool and folders */
export type Phase = 'domain' | 'storage' | 'pool' | 'folder';

export interface Step {
  id: string;
  /** ids of steps that must finish first */
  after: string[];
  do: Effect[];
  undo: Effect[];
  phase: Phase;
  node?: string;
  /** a progress line when the step begins */
  progress?: string;
}

const virsh = (...args: string[]): Effect => ({ kind: 'virsh', args });

export function domainUndo(domain: string, files: string[] = [], local = true): Effect[] {
  // --nvram: a UEFI domain's variable store is libvirt's copy made for this domain, and goes with it
  const undo = [virsh('destroy', '--domain', domain), virsh('undefine', '--domain', domain, '--nvram')];
  // its serial log and private console socket, which libvirt and QEMU leave behind
  if (local) for (const path of files) undo.push({ kind: 'rm', path });
  return undo;
}
export const volumeUndo = (pool: string, vol: string): Effect[] => [virsh('vol-delete', '--pool', pool, '--vol', vol)];
export const networkUndo = (net: string): Effect[] => [
  virsh('net-destroy', '--network', net),
  virsh('net-undefine', '--network', net),
];
export function poolUndo(pool: string, local: boolean): Effect[] {
  // pool-delete only removes an empty folder; a local one is removed with the lab folder instead
  return [
    virsh('pool-destroy', '--pool', pool),
    ...(local ? [] : [virsh('pool-delete', '--pool', pool)]),
    virsh('pool-undefine', '--pool', pool),
  ];
}

/** the steps that create `plan` on its host; `local`: the lab folder is on this machine */
export function planSteps(plan: LabPlan, local: boolean): Step[] {
  const steps: Step[] = [];
  const pool = plan.pool.name;
  const copied = new Set<string>();
  const poolAfter: string[] = [];
  if (local) {
    steps.push({
      id: 'pool-folder',
      after: [],
      phase: 'folder',
      do: [{ kind: 'mkdir', path: plan.pool.path }],
      undo: [{ kind: 'rmdir', path: plan.pool.path }],
    });
    // on this host a kernel is copied into the pool folder before the pool starts, which lists it as a
    // volume: two virsh round trips (vol-create, vol-upload) less on every node's path to start
    for (const v of plan.volumes) {
      if (!('upload' in v.source)) continue;
      const to = posix.join(plan.pool.path, v.name);
      steps.push({
        id: `copy:${v.name}`,
        after: ['pool-folder'],
        phase: 'storage',
        do: [{ kind: 'copy', from: v.source.upload, to }],
        undo: [{ kind: 'rm', path: to }],
      });
      copied.add(v.name);
      poolAfter.push(`copy:${v.name}`);
    }
  }
  const poolDoc = poolXml(plan);
  steps.push({
    id: 'pool',
    after: poolAfter,
    phase: 'pool',
    progress: `creating storage pool ${pool}`,
    do: [{ kind: 'virsh', args: ['pool-create', '--file', '@xml', '--build'], xml: poolDoc }],
    undo: poolUndo(pool, local),
  });
  // persistent, so that a later resume finds it; runs beside the volumes
  // (undone by the pool step: an active pool cannot be undefined before it is destroyed)
  steps.push({
    id: 'pool-define',
    after: ['pool'],
    phase: 'pool',
    do: [{ kind: 'virsh', args: ['pool-define', '--file', '@xml'], xml: poolDoc }],
    undo: [],
  });
  // the lab's TFTP folder, before the nodes' files and the network whose dnsmasq serves it (libvirt's
  // dnsmasq refuses to start without its TFTP root); its HTTP folder likewise, before the server
  const served = (kind: string) =>
    plan.nodes.some((n) => n.provision && 'medium' in n.provision && n.provision.medium.kind === kind);
  if (local && served('tftp')) steps.push(ztpFolderStep('tftp-folder', tftpRootPath(plan.labDir)));
  const mgmtNet = plan.networks.find((n) => n.nat?.http);
  const http = mgmtNet?.nat?.http;
  if (mgmtNet && http && local) {
    steps.push(ztpFolderStep('http-folder', http.dir));
    // the server listens on the gateway address, which exists once the network has started
    const pidFile = ztpServerPidPath(plan.labDir);
    steps.push({
      id: 'ztp-http',
      after: ['http-folder', `network:${mgmtNet.name}`],
      phase: 'storage',
      do: [{ kind: 'serve', dir: http.dir, host: mgmtNet.nat!.gateway, port: http.port, pidFile }],
      undo: [{ kind: 'unserve', pidFile }],
    });
  }
  // the impairment relay, before the nodes whose impaired links pass through it
  if (plan.relay.length && local) steps.push(relayStep(plan));
  for (const net of plan.networks) {
    steps.push({
      id: `network:${net.name}`,
      after: net.nat?.tftp && local ? ['tftp-folder'] : [],
      phase: 'storage',
      do: [
        { kind: 'virsh', args: ['net-define', '--file', '@xml'], xml: networkXml(net) },
        virsh('net-start', '--network', net.name),
      ],
      undo: networkUndo(net.name),
    });
  }
  for (const v of plan.volumes) {
    if (copied.has(v.name)) continue;
    const after = ['pool'];
    if (!('upload' in v.source) && v.source.backingVolume) after.push(`volume:${v.source.backingVolume}`);
    const make: Effect[] = [
      { kind: 'virsh', args: ['vol-create', '--pool', pool, '--file', '@xml'], xml: volumeXml(v) },
    ];
    if ('upload' in v.source)
      make.push({
        kind: 'virsh',
        args: ['vol-upload', '--pool', pool, '--vol', v.name, '--file', v.source.upload],
        timeoutMs: 600_000,
      });
    steps.push({ id: `volume:${v.name}`, after, phase: 'storage', do: make, undo: volumeUndo(pool, v.name) });
  }
  const volumeStep = (name: string) => (copied.has(name) ? 'pool' : `volume:${name}`);
  for (const node of plan.nodes) {
    const media =
      node.provision && 'medium' in node.provision && local ? provisionStep(node.name, node.provision) : undefined;
    if (media) steps.push(media);
    steps.push({
      id: `domain:${node.name}`,
      after: local ? ['pool-folder'] : [],
      phase: 'domain',
      node: node.name,
      progress: 'starting',
      do: [{ kind: 'virsh', args: ['define', '--file', '@xml'], xml: domainXml(plan, node) }],
      undo: domainUndo(node.domainName, [node.serialLog, ...(node.consoleSocket ? [node.consoleSocket] : [])], local),
    });
    const vols = [node.kernel?.volume, node.kernel?.initrd?.volume, node.disk?.volume].filter((v): v is string => !!v);
    steps.push({
      id: `start:${node.name}`,
      phase: 'domain',
      node: node.name,
      after: [
        `domain:${node.name}`,
        'pool',
        ...new Set(vols.map(volumeStep)),
        ...plan.networks.map((n) => `network:${n.name}`),
        ...(media ? [media.id] : []),
        ...(node.nics.some((n) => n.peer?.relay) && local ? ['relay'] : []),
      ],
      // undone by its domain step, which powers the domain off before undefining it
      do: [{ kind: 'virsh', args: ['start', '--domain', node.domainName], retry: 'transient-start' }],
      undo: [],
    });
  }
  return steps;
}

/** the relay's folder, its config (which `link impair` rewrites) and the relay process */
function relayStep(plan: LabPlan): Step {
  const dir = relayDirPath(plan.labDir);
  const config = relayConfigPath(plan.labDir);
  const record = relayRecordPath(plan.labDir);
  return {
    id: 'relay',
    after: [],
    phase: 'storage',
    progress: `starting the impairment relay (${plan.relay.length} link${plan.relay.length === 1 ? '' : 's'})`,
    do: [
      { kind: 'mkdir', path: dir },
      { kind: 'write', path: config, content: JSON.stringify({ links: plan.relay }, null, 1) },
      { kind: 'relay', config, control: relayControlPath(plan.labDir), record },
    ],
    undo: relayUndo(plan.labDir),
  };
}
export const relayUndo = (labDir: string): Effect[] => [
  { kind: 'unserve', pidFile: relayRecordPath(labDir) },
  { kind: 'rm', path: relayControlPath(labDir) },
  { kind: 'rm', path: relayConfigPath(labDir) },
  // a `link impair` interrupted between its write and its rename leaves the new config beside the old
  { kind: 'rm', path: `${relayConfigPath(labDir)}.new` },
  { kind: 'rmdir', path: relayDirPath(labDir) },
];

/** a folder of the lab's `ztp/` (TFTP root, HTTP configs), made before what it serves; removed, with `ztp/`
 *  itself, once the nodes' files in it are gone */
function ztpFolderStep(id: string, dir: string): Step {
  return { id, after: [], phase: 'folder', do: [{ kind: 'mkdir', path: dir }], undo: ztpFolderUndo(dir) };
}
export const ztpFolderUndo = (dir: string): Effect[] => [
  { kind: 'rmdir', path: dir },
  { kind: 'rmdir', path: posix.dirname(dir) },
];

/** the node's day-0 medium, made before its domain starts and removed with the lab */
function provisionStep(node: string, p: ProvisionMedia): Step {
  const m = p.medium;
  const base = { id: `seed:${node}`, after: ['pool-folder'], phase: 'storage' as const, node };
  switch (m.kind) {
    case 'iso':
      return {
        ...base,
        do: [{ kind: 'iso', path: m.path, label: m.label, files: p.files, ...(m.dirs ? { dirs: m.dirs } : {}) }],
        undo: [{ kind: 'rm', path: m.path }],
      };
    case 'fat':
      return {
        ...base,
        do: [{ kind: 'fat', path: m.path, label: m.label, files: p.files }],
        undo: [{ kind: 'rm', path: m.path }],
      };
    case 'fwcfg':
      return {
        ...base,
        do: [{ kind: 'write', path: m.path, content: p.files['ztp.json'] }],
        undo: [{ kind: 'rm', path: m.path }],
      };
    case 'http': {
      const names = Object.keys(p.files);
      return {
        ...base,
        after: ['http-folder'],
        do: names.map((f): Effect => ({ kind: 'write', path: posix.join(m.dir, f), content: p.files[f] })),
        undo: names.map((f): Effect => ({ kind: 'rm', path: posix.join(m.dir, f) })),
      };
    }
    case 'tftp': {
      const path = posix.join(m.dir, m.bootfile);
      return {
        ...base,
        after: ['tftp-folder'],
        do: [{ kind: 'write', path, content: p.files[m.bootfile] }],
        undo: [{ kind: 'rm', path }],
      };
    }
  }
}

/** written once the lab is ready: Sherpa's lab-info.toml */
export function labInfoStep(plan: LabPlan): Step {
  const path = labInfoPath(plan.labDir);
  const content = stringify({
    id: plan.id,
    name: plan.name,
    user: plan.user,
    ipv4_network: '10.0.2.0/24',
    ipv4_gateway: '10.0.2.2',
    ipv4_router: '10.0.2.3',
    loopback_network: plan.loopbackNetwork,
  });
  return {
    id: 'lab-info',
    after: [],
    phase: 'storage',
    do: [{ kind: 'write', path, content }],
    undo: [{ kind: 'rm', path }],
  };
}

/** written once the lab is ready: the lab's sherpa_ssh_config, included from `<sshDir>` as Sherpa's CLI does */
export function sshConfigStep(plan: LabPlan, keyPath: string, sshDir: string): Step | undefined {
  const hosts = plan.nodes.flatMap((n) => {
    const endpoint = sshEndpoint(n);
    return endpoint ? [{ node: n.name, endpoint }] : [];
  });
  if (!hosts.length) return undefined;
  const path = sshConfigPath(plan.labDir);
  return {
    id: 'ssh-config',
    after: [],
    phase: 'storage',
    do: [
      { kind: 'write', path, content: sshConfigText(plan.id, hosts, keyPath) },
      { kind: 'ssh-include', dir: sshDir, include: path, add: true },
    ],
    undo: sshConfigUndo(plan.labDir, sshDir),
  };
}
export const sshConfigPath = (labDir: string) => posix.join(labDir, SSH_CONFIG_FILE);
export const sshConfigUndo = (labDir: string, sshDir: string): Effect[] => [
  { kind: 'ssh-include', dir: sshDir, include: sshConfigPath(labDir), add: false },
  { kind: 'rm', path: sshConfigPath(labDir) },
];
