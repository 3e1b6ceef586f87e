// Removes labs left behind by an interrupted earlier test run (a killed CI job, a machine restored
// from a snapshot), so that fixed test lab names do not meet "lab already exists". Only labs whose
// manifest lives in the temporary folders the tests create are touched, through the engine's own
// destroy, which in turn only removes what carries that lab's metadata.
import { tmpdir } from 'node:os';
import { relative, sep } from 'node:path';
import { testEngine, URI } from './libvirt';

const TEST_FOLDERS = /^(sherpa-it-|sherpa-vscode-ws-|vscode-e2e-run\.)/;

export function isTestManifest(manifest: string, tmp = tmpdir()): boolean {
  const rel = relative(tmp, manifest);
  return !rel.startsWith('..') && !rel.startsWith(sep) && TEST_FOLDERS.test(rel.split(sep)[0] ?? '');
}

async function main(): Promise<void> {
  const engine = testEngine();
  for (const lab of await engine.status()) {
    if (!isTestManifest(lab.manifest)) continue;
    const r = await engine.destroy(lab.id);
    console.log(
      `reaped leftover test lab ${lab.name} (${lab.id}) on ${URI}: ${r.removed.length} removed` +
        (r.errors.length ? `, errors: ${r.errors.join('; ')}` : ''),
    );
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(`reaping leftover test labs failed: ${(e as Error).message}`);
    process.exitCode = 1;
  });
