// Real libvirt for integration tests: availability, fixture images, throwaway labs and engines.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { LabEngine, type EngineSettings } from '../../engine/src/index';

export const URI = process.env.LIBVIRT_TEST_URI || 'qemu:///system';
export const FIXTURE_IMAGES = resolve(__dirname, '../../../test/fixtures/build/images');

let available: boolean | undefined;
export function libvirtAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('virsh', ['-c', URI, 'version'], { stdio: 'ignore', timeout: 20_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** skips visibly without libvirt, unless REQUIRE_LIBVIRT=1 (CI), where a missing backend fails */
export function needLibvirt(t: TestContext): boolean {
  if (libvirtAvailable() && existsSync(join(FIXTURE_IMAGES, 'generic_unikernel/hello/kernel.elf'))) return true;
  const why = libvirtAvailable()
    ? `no fixture images in ${FIXTURE_IMAGES} (run test/fixtures/guests/build.sh)`
    : `no libvirt at ${URI} (run .ci/setup-libvirt.sh)`;
  if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(why);
  t.skip(why);
  return false;
}

export function labFolder(manifest: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sherpa-it-'));
  writeFileSync(join(dir, 'manifest.toml'), manifest);
  return join(dir, 'manifest.toml');
}

let testKey: string | undefined;
/** a lab key for this test process, so that no test makes one in the home folder */
function testKeyPath(): string {
  if (!testKey) {
    testKey = join(mkdtempSync(join(tmpdir(), 'sherpa-it-key-')), 'sherpa_ssh_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', testKey]);
  }
  return testKey;
}

export function testEngine(over: Partial<EngineSettings> = {}): LabEngine {
  return new LabEngine({
    uri: URI,
    imagesDir: FIXTURE_IMAGES,
    labsDir: mkdtempSync(join(tmpdir(), 'sherpa-it-labs-')),
    domainType: 'qemu',
    user: 'sherpa-it',
    sshKeyPath: testKeyPath(),
    sshDir: mkdtempSync(join(tmpdir(), 'sherpa-it-ssh-')),
    ...over,
  });
}

/** virsh on the test URI; a leading '-c', URI pair picks another one */
export function virsh(...args: string[]): string {
  const full = args[0] === '-c' ? args : ['-c', URI, ...args];
  return execFileSync('virsh', full, { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** true when something accepts TCP connections on host:port */
export function listening(host: string, port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      r(true);
    });
    s.once('error', () => r(false));
  });
}
