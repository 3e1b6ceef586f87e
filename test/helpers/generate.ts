// Generated manifests for fuzzing and benchmarks: a mix of unikernel and VM nodes, each linked to the next.
import { catalog } from '../../common/catalog/catalog';

const MODELS = [
  'unikraft_unikernel',
  'generic_unikernel',
  'nanos_unikernel',
  'ubuntu_linux',
  'generic_vm',
  'cisco_iosv',
  'arista_veos',
];

/** a reproducible random sequence (a linear congruential generator): each call gives a number in [0, 1], or,
 *  given `n`, an integer below `n` */
export function seeded(seed: number): (n?: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return n === undefined ? s / 0x7fffffff : s % n;
  };
}

export function generateManifest(n: number, style: 'tables' | 'inline' = 'tables', seed = 1): string {
  const cat = catalog();
  const rand = seeded(seed);
  const nodes: { name: string; model: string }[] = [];
  for (let i = 0; i < n; i++) nodes.push({ name: `n${i + 1}`, model: MODELS[Math.floor(rand() * MODELS.length)] });
  const ifname = (model: string, k: number) => {
    const t = cat.interfaces(cat.model(model)!);
    return t.names[t.reserved + k];
  };
  const out = [`name = "bench-${n}"`, 'ready_timeout = 120', ''];
  const extra = (m: string) =>
    m.endsWith('_unikernel')
      ? {
          data_interface_count: 2,
          ...(m === 'nanos_unikernel' ? {} : { kernel_cmdline: '/usr/bin/app --port 80' }),
          ready_port: 80,
        }
      : { cpu_count: 2, memory: 2048, data_interface_count: 2 };
  const kv = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  if (style === 'inline') {
    out.push('nodes = [');
    for (const x of nodes) out.push(`  { ${kv({ name: x.name, model: x.model, ...extra(x.model) }).join(', ')} },`);
    out.push(']', '', 'links = [');
    for (let i = 0; i + 1 < n; i++)
      out.push(
        `  { src = "${nodes[i].name}::${ifname(nodes[i].model, 1)}", dst = ` +
          `"${nodes[i + 1].name}::${ifname(nodes[i + 1].model, 2)}" },`,
      );
    out.push(']');
  } else {
    for (const x of nodes) out.push('[[nodes]]', ...kv({ name: x.name, model: x.model, ...extra(x.model) }), '');
    for (let i = 0; i + 1 < n; i++)
      out.push(
        '[[links]]',
        `src = "${nodes[i].name}::${ifname(nodes[i].model, 1)}"`,
        `dst = "${nodes[i + 1].name}::${ifname(nodes[i + 1].model, 2)}"`,
        '',
      );
  }
  return out.join('\n') + '\n';
}
