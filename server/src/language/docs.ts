// Markdown for models and keys, shared by hover and completion.
import { Catalog, type KeySpec, type ModelInfo } from '../../../common/catalog/catalog';
import { resolveVersion, sortVersions } from '../../../common/images/index';
import { describeAppliesTo, describeKind } from '../../../common/manifest/rules/kinds';
import provisioning from '../../../common/catalog/provisioning.json';
import type { Analysis } from './service';

/** what a node of model `m` is given at `up`: Sherpa's method, its medium and files, and what we build */
export function provisioningMarkdown(m: ModelInfo, node?: string): string {
  const p = (provisioning.methods as Record<string, { medium: string; files: string[]; built: boolean }>)[m.ztp];
  if (!p || m.kind !== 'vm') return '';
  const model = (provisioning.models as Record<string, { files?: Record<string, string>; skipped?: string }>)[m.name];
  if (model?.skipped) return `Provisioning: **${m.ztp}** — not built: ${model.skipped}.`;
  const names = model?.files ? Object.keys(model.files) : p.files;
  const files = names.map((f) => `\`${f.replace('<node>', node ?? '<node>')}\``).join(', ');
  const who = m.ztp === 'none' ? '' : ' User `sherpa` (sudo) with the lab key, hostname, management address.';
  return (
    `Provisioning: **${m.ztp}** — ${p.medium}${files ? ` (${files})` : ''}.${p.built ? who : ''}` +
    (p.built ? '' : ' Not built by the local backend yet: the node boots unconfigured.')
  );
}

export function modelMarkdown(a: Analysis, m: ModelInfo): string {
  const t = a.catalog.interfaces(m);
  const data = t.names.slice(t.reserved + 1);
  const lines = [
    `**${m.name}** — ${m.title}`,
    '',
    `${describeKind(m)[0].toUpperCase()}${describeKind(m).slice(1)}` +
      (m.kind === 'container' ? ' (runs on Docker in Sherpa; not startable by the local libvirt backend)' : '') +
      '.',
    '',
    '| | |',
    '|---|---|',
    `| defaults | ${m.vcpu} vCPU, ${m.memory} MiB, ${m.dataInterfaces} data interfaces |`,
    `| management | \`${t.names[0]}\`${m.dedicatedMgmt ? ' (dedicated port)' : ''} |`,
    ...(t.reserved
      ? [
          `| reserved | ${t.names
            .slice(1, t.reserved + 1)
            .map((n) => `\`${n}\``)
            .join(', ')} |`,
        ]
      : []),
    `| data interfaces | \`${data[0]}\` … \`${data[data.length - 1]}\` (${t.name}) |`,
  ];
  if (m.kind !== 'container') {
    lines.push(`| hardware | ${m.nic} NIC, MTU ${m.mtu}, machine ${m.machine ?? 'pc'}, ${m.firmware ?? 'seabios'} |`);
    const file = a.catalog.imageFile(m);
    lines.push(`| image | \`${a.images.dir}/${m.name}/<version>/${file}\` |`);
    lines.push('', versionsLine(a, m));
    const prov = provisioningMarkdown(m);
    if (prov) lines.push('', prov);
  }
  return lines.join('\n');
}

export function versionsLine(a: Analysis, m: ModelInfo): string {
  if (!a.images.exists) return `Images folder \`${a.images.dir}\` does not exist.`;
  const versions = sortVersions([...(a.images.models.get(m.name)?.versions.keys() ?? [])]);
  if (!versions.length) return `No version installed in \`${a.images.dir}\`.`;
  const def = resolveVersion(a.images, m.name);
  const shown = versions.map((v) => (def.ok && def.version === v ? `**${v}** (default)` : v));
  return `Installed versions: ${shown.join(', ')}`;
}

export function keyMarkdown(ks: KeySpec, model?: ModelInfo): string {
  const type =
    ks.type === 'integer'
      ? `integer (${ks.int})`
      : ks.type === 'array'
        ? `array of ${ks.of === 'string' ? 'strings' : `${ks.of} tables`}`
        : ks.type;
  const def =
    ks.defaultFrom && model
      ? `${model[ks.defaultFrom]} (${model.name} default)`
      : ks.default !== undefined
        ? String(ks.default)
        : undefined;
  const lines = [
    `**${ks.name}**: ${type}${ks.unit ? `, ${ks.unit}` : ''}${ks.required ? ' — required' : ''}`,
    '',
    ks.doc,
    '',
  ];
  if (def !== undefined) lines.push(`Default: \`${def}\``);
  if (ks.appliesTo) {
    lines.push(`Applies to: ${describeAppliesTo(ks.appliesTo)}`);
    if (model && !ks.appliesTo.some((t) => Catalog.kindTags(model).includes(t)))
      lines.push('', `⚠ No effect on ${model.name} (${describeKind(model)}).`);
    else if (model && ks.except?.models.includes(model.name))
      lines.push('', `⚠ No effect on ${model.name}: ${ks.except.why}.`);
  }
  if (ks.internal) lines.push('Internal: filled in by the Sherpa CLI.');
  return lines.join('\n').trim();
}
