// `npm run bench`: every benchmark, each against a baseline measured in the same run.
import { engineBench } from './engine';
import { lspBench } from './lsp';
import { provisionBench } from './provision';
import { relayBench } from './relay';

async function main(): Promise<void> {
  const misses: string[] = [];
  const lsp = await lspBench();
  console.log(lsp.report + '\n');
  misses.push(...lsp.misses);
  const relay = await relayBench();
  console.log(relay.report + '\n');
  misses.push(...relay.misses);
  const engine = await engineBench();
  console.log(engine.report + '\n');
  misses.push(...engine.misses);
  const prov = await provisionBench();
  console.log(prov.report + '\n');
  misses.push(...prov.misses);
  console.log(misses.length ? `targets missed:\n  ${misses.join('\n  ')}` : 'all targets met');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
