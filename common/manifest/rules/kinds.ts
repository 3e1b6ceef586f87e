// Rules that depend on the node's model and kind: unknown models, keys that do nothing for this
// kind, sane numbers, address syntax, and what the local libvirt backend can run.
import { isIPv6 } from 'node:net';
import { Catalog, type ModelInfo } from '../../catalog/catalog';
import { removeKeyEdit, replaceEdit } from '../edits';
import { closest, didYouMean } from '../suggest';
import type { NodeView } from '../view';
import { quote, type RuleContext } from './context';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** the methods whose generated config a `ztp_config` file replaces (Sherpa's rule; `up` applies it too) */
export const ZTP_CONFIG_METHODS = new Set(['tftp', 'cdrom', 'disk', 'usb', 'volume']);
const ZTP_DEBUG_NAMES: Record<string, string> = {
  'cloud-init': 'CloudInit',
  ignition: 'Ignition',
  http: 'Http',
  none: 'None',
};

export function describeKind(m: ModelInfo): string {
  if (m.kind === 'unikernel') return m.bootMode === 'disk_boot' ? 'a disk-boot unikernel' : 'a direct-kernel unikernel';
  return m.kind === 'vm' ? 'a VM' : 'a container';
}
const APPLIES_WORDS: Record<string, string> = {
  vm: 'VMs',
  unikernel: 'unikernels',
  container: 'containers',
  direct_kernel: 'direct-kernel unikernels',
  disk_boot: 'disk-boot unikernels',
  'ztp:cloud-init': 'cloud-init VMs',
  'ztp:ignition': 'Ignition VMs',
  'ztp:cdrom': 'VMs with a day-0 CD-ROM',
  'ztp:disk': 'VMs with a day-0 disk',
  'ztp:usb': 'VMs with a day-0 USB disk',
  'ztp:tftp': 'VMs provisioned over TFTP',
};
export function describeAppliesTo(tags: string[]): string {
  const words = tags.map((t) => APPLIES_WORDS[t] ?? t);
  return words.length > 2 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words.join(' and ');
}

export function checkKinds(ctx: RuleContext): void {
  const nodeSpec = ctx.catalog.table('node');
  const timeout = ctx.view.doc.root.entries.get('ready_timeout')?.value;
  if (timeout?.kind === 'integer' && timeout.value === 0)
    ctx.out.warn(timeout, 'ready-timeout', '`ready_timeout = 0` gives nodes no time to become ready.');
  for (const node of ctx.view.nodes) {
    checkModel(ctx, node);
    checkAddresses(ctx, node);
    const m = node.modelInfo;
    if (!m) continue;
    const tags = Catalog.kindTags(m);
    for (const e of node.table.entries.values()) {
      const key = e.key;
      const ks = nodeSpec.keys.get(key);
      if (!ks) continue;
      if (ks.internal) {
        ctx.out.warn(
          e.keySpan,
          'internal-key',
          `${quote(key)} is internal: the Sherpa CLI fills it in. Remove it from the manifest.`,
          { fixes: removeFixes(ctx, node, key) },
        );
      } else if (ks.except?.models.includes(m.name)) {
        ctx.out.warn(
          { start: e.keySpan.start, end: e.value.end },
          'no-effect',
          `${quote(key)} has no effect on ${m.name}: ${ks.except.why}.`,
          { fixes: removeFixes(ctx, node, key), unnecessary: true },
        );
      } else if (ks.appliesTo && !ks.appliesTo.some((t) => tags.includes(t))) {
        ctx.out.warn(
          { start: e.keySpan.start, end: e.value.end },
          'no-effect',
          `${quote(key)} has no effect on ${m.name} (${describeKind(m)}): it applies only to ` +
            `${describeAppliesTo(ks.appliesTo)}.`,
          { fixes: removeFixes(ctx, node, key), unnecessary: true },
        );
      }
    }
    checkNumbers(ctx, node, m);
    checkZtp(ctx, node, m);
  }
}

/** the quick fix that deletes a node's key (a function, not a closure per key: this loop sees every key) */
function removeFixes(ctx: RuleContext, node: NodeView, key: string) {
  const remove = removeKeyEdit(ctx.text, node.table, key);
  return remove ? [{ title: `Remove \`${key}\``, edits: [remove], preferred: true }] : [];
}

function checkModel(ctx: RuleContext, node: NodeView): void {
  const model = node.model;
  if (!model) return;
  const m = node.modelInfo;
  if (!m) {
    const s = closest(
      model.value,
      ctx.catalog.models.map((x) => x.name),
    );
    ctx.out.error(
      model,
      'unknown-model',
      `Unknown model ${quote(model.value)}.${didYouMean(s)}` +
        (s.length ? '' : ` See the completion list for the ${ctx.catalog.models.length} models.`),
      {
        fixes: s.map((c, i) => ({
          title: `Change to \`${c}\``,
          edits: [replaceEdit({ start: model.contentStart, end: model.end - 1 }, c)],
          preferred: i === 0,
        })),
      },
    );
    return;
  }
  if (m.kind === 'container') {
    ctx.out.warn(
      model,
      'container-model',
      `${m.name} is a container model: Sherpa runs it on Docker, and this extension's local libvirt backend cannot ` +
        `start it. The manifest stays valid for Sherpa.`,
    );
  }
}

function checkNumbers(ctx: RuleContext, node: NodeView, m: ModelInfo): void {
  const e = (k: string) => node.table.entries.get(k)?.value;
  const port = e('ready_port');
  if (port?.kind === 'integer' && port.value === 0 && m.kind === 'unikernel') {
    ctx.out.warn(
      port,
      'ready-port',
      '`ready_port` must be a TCP port from 1 to 65535: nothing can answer on port 0, so the node would never ' +
        'become ready.',
    );
  }
  const cpu = e('cpu_count');
  if (cpu?.kind === 'integer' && cpu.value === 0 && m.kind !== 'container')
    ctx.out.warn(cpu, 'cpu-count', '`cpu_count = 0`: a node needs at least 1 vCPU.');
  const mem = e('memory');
  if (mem?.kind === 'integer' && mem.value >= 0 && mem.value < 16 && m.kind !== 'container') {
    ctx.out.warn(
      mem,
      'memory',
      `\`memory = ${mem.value}\` MiB is too little for any guest to boot (the model default is ${m.memory} MiB).`,
    );
  }
  const disk = e('boot_disk_size');
  if (disk?.kind === 'integer' && disk.value === 0 && (m.kind === 'vm' || m.bootMode === 'disk_boot'))
    ctx.out.warn(disk, 'boot-disk-size', '`boot_disk_size = 0` cannot hold any image.');
}

function checkZtp(ctx: RuleContext, node: NodeView, m: ModelInfo): void {
  const z = node.table.entries.get('ztp_config');
  if (!z || m.kind !== 'vm' || ZTP_CONFIG_METHODS.has(m.ztp)) return;
  const method = ZTP_DEBUG_NAMES[m.ztp] ?? m.ztp;
  ctx.out.error(
    z.keySpan,
    'ztp-config',
    `Custom ZTP config is not supported for node '${node.name?.value ?? ''}' with ZTP method '${method}'. Only ` +
      `Tftp, Cdrom, Disk, Usb, and Volume methods support custom ZTP config files.`,
  );
}

function checkAddresses(ctx: RuleContext, node: NodeView): void {
  const v4 = node.table.entries.get('ipv4_address')?.value;
  if (v4?.kind === 'string' && !IPV4.test(v4.value))
    ctx.out.error(
      v4,
      'ipv4-address',
      `invalid IPv4 address syntax: ${quote(v4.value)} (expected four numbers 0-255, e.g. 10.0.0.1)`,
    );
  const v6 = node.table.entries.get('ipv6_address')?.value;
  if (v6?.kind === 'string' && (v6.value.includes('%') || !isIPv6(v6.value)))
    ctx.out.error(v6, 'ipv6-address', `invalid IPv6 address syntax: ${quote(v6.value)}`);
}
