// `npm run bench`: every benchmark, each against a baseline measured in the same run.
import { engineBench } from './engine';
import { lspBench } from './lsp';
import { provisionBench } from './provision';
import { relayBench } from './relay';

// BENCH_ONLY=lsp,relay,...: only those (while working on one)
const BENCHES = { lsp: lspBench, relay: relayBench, engine: engineBench, provision: provisionBench };

async function main(): Promise<void> {
  const misses: string[] = [];
  const only = process.env.BENCH_ONLY?.split(',');
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (only && !only.includes(name)) continue;
    const r = await bench();
    console.log(r.report + '\n');
    misses.push(...r.misses);
  }
  console.log(misses.length ? `targets missed:\n  ${misses.join('\n  ')}` : 'all targets met');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
