// The demo workspace (npm run demo) and the one the real-VS-Code tests open: a demo manifest, a broken one,
// and settings that point the extension at the guest fixtures, a throwaway labs folder and software emulation.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEMO_MANIFEST = `# A two-node demo lab: a direct-kernel unikernel and a disk-boot one,
# built from test/fixtures/guests.
name = "vscode-demo"

[[nodes]]
name = "uk1"
model = "generic_unikernel"
version = "hello"
kernel_cmdline = "hello from VS Code"
memory = 64

[[nodes]]
name = "disk1"
model = "nanos_unikernel"
version = "mbr"
memory = 64
`;

export function prepareWorkspace(root: string, dir = mkdtempSync(join(tmpdir(), 'sherpa-vscode-ws-'))): string {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'manifest.toml'), DEMO_MANIFEST);
  writeFileSync(join(dir, 'extra.lab.toml'), 'name = "extra"\nnodes = [{ name = "a", model = "nanos_unikernl" }]\n');
  writeFileSync(
    join(dir, 'other.toml'),
    '# not a manifest: other TOML files are left to other extensions\n[package]\nname = 12\nbogus = = =\n',
  );
  writeFileSync(
    join(dir, 'broken', 'manifest.toml'),
    'name = "broken"\nnodes = [{ name = "a", model = "unikraft_unikernl" }]\n',
  );
  writeFileSync(
    join(dir, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'sherpa.imagesDir': join(root, 'test/fixtures/build/images'),
        'sherpa.labsDir': join(dir, '.labs'),
        'sherpa.domainType': 'qemu',
        'sherpa.manifestGlobs': ['**/*.lab.toml'],
        'sherpa.libvirt.uri': process.env.LIBVIRT_DEFAULT_URI || 'qemu:///system',
        'files.exclude': { '.labs': true },
      },
      null,
      2,
    ),
  );
  return dir;
}

if (require.main === module) console.log(prepareWorkspace(process.argv[2]!, process.argv[3]));
