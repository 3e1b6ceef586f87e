// Provisioned VM benchmark on real libvirt: the Debian cloud-init guest from `up` to "SSH login as sherpa
// works and cloud-init has finished", against a floor timed in the same run: the same image booted by
// plain virsh with a hand-made NoCloud seed (one user and key) and probed the same way.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { create } from 'xmlbuilder2';
import { sshLoginWorks } from '../../engine/src/lab/sshLogin';
import { FIXTURE_IMAGES, labFolder, libvirtAvailable, testEngine, URI } from '../helpers/libvirt';
import { fmt, ratio, table } from './stats';

const run = promisify(execFile);
const IMAGE = join(FIXTURE_IMAGES, 'ubuntu_linux/debian12/virtioa.qcow2');
const HOST = '127.127.249.1';

function floorXml(name: string, disk: string, seed: string): string {
  const d = create().ele('domain', { type: 'qemu', 'xmlns:qemu': 'http://libvirt.org/schemas/domain/qemu/1.0' });
  d.ele('name').txt(name);
  d.ele('memory', { unit: 'MiB' }).txt('1024');
  d.ele('vcpu').txt('1');
  const os = d.ele('os');
  os.ele('type', { arch: 'x86_64', machine: 'q35' }).txt('hvm');
  os.ele('boot', { dev: 'hd' });
  d.ele('features').ele('acpi');
  const dev = d.ele('devices');
  const hd = dev.ele('disk', { type: 'file', device: 'disk' });
  hd.ele('driver', { name: 'qemu', type: 'qcow2' });
  hd.ele('source', { file: disk });
  hd.ele('target', { dev: 'vda', bus: 'virtio' });
  const cd = dev.ele('disk', { type: 'file', device: 'cdrom' });
  cd.ele('driver', { name: 'qemu', type: 'raw' });
  cd.ele('source', { file: seed });
  cd.ele('target', { dev: 'sdb', bus: 'sata' });
  cd.ele('readonly');
  const cmd = d.ele('qemu:commandline');
  for (const v of [
    '-netdev',
    `user,id=n0,hostfwd=tcp:${HOST}:22-:22`,
    '-device',
    'virtio-net-pci,netdev=n0,bus=pcie.0,addr=0x03',
  ])
    cmd.ele('qemu:arg', { value: v });
  return d.end();
}

async function floor(key: { path: string; pub: string }): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prov-floor-'));
  const name = 'provfloor-bench';
  const disk = join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', IMAGE, disk]);
  const seedDir = join(dir, 'seed');
  execFileSync('mkdir', ['-p', seedDir]);
  writeFileSync(
    join(seedDir, 'user-data'),
    `#cloud-config\nusers:\n  - name: sherpa\n    ssh_authorized_keys: ["${key.pub}"]\n` +
      '    sudo: ALL=(ALL) NOPASSWD:ALL\n',
  );
  writeFileSync(join(seedDir, 'meta-data'), 'instance-id: iid-floor\n');
  const seed = join(dir, 'seed.iso');
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'cidata', '-J', '-r', '-o', seed, seedDir]);
  writeFileSync(join(dir, 'd.xml'), floorXml(name, disk, seed));
  const t0 = performance.now();
  await run('virsh', ['-c', URI, 'define', join(dir, 'd.xml')]);
  await run('virsh', ['-c', URI, 'start', name]);
  const ok = await sshLoginWorks(HOST, 22, key.path, Date.now() + 900_000);
  const ms = performance.now() - t0;
  await run('virsh', ['-c', URI, 'destroy', name]).catch(() => undefined);
  await run('virsh', ['-c', URI, 'undefine', name]);
  rmSync(dir, { recursive: true, force: true });
  if (!ok) throw new Error('the floor VM never let sherpa log in');
  return ms;
}

async function ours(keyPath: string): Promise<number> {
  const engine = testEngine({ sshKeyPath: keyPath });
  const m = labFolder(
    'name = "bench-prov"\nready_timeout = 900\n[[nodes]]\nname = "web1"\nmodel = "ubuntu_linux"\n' +
      'version = "debian12"\nmemory = 1024\n',
  );
  const t0 = performance.now();
  const r = await engine.up(m);
  const ms = performance.now() - t0;
  await engine.destroy(r.plan.id);
  if (r.ready.length !== 1) throw new Error(`not ready: ${JSON.stringify(r.notReady)}`);
  return ms;
}

export async function provisionBench(): Promise<{ report: string; misses: string[] }> {
  if (!libvirtAvailable() || !existsSync(IMAGE))
    return { report: `Provisioned VM: skipped (no libvirt or no ${IMAGE})`, misses: [] };
  const dir = mkdtempSync(join(tmpdir(), 'bench-prov-key-'));
  const key = join(dir, 'k');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', key]);
  const pub = execFileSync('cat', [`${key}.pub`], { encoding: 'utf8' }).trim();
  const f = await floor({ path: key, pub });
  const o = await ours(key);
  return {
    report: [
      'Provisioned VM (Debian 12 + cloud-init under TCG): up to "SSH login as sherpa works, cloud-init done", ms;',
      'floor = the same image by plain virsh with a hand-made seed, probed the same way, in this run (one run each)',
      table(['', 'floor', 'ours', 'ratio'], [['boot to SSH', fmt(f), fmt(o), ratio(o, f)]]),
    ].join('\n'),
    misses: [],
  };
}

if (require.main === module)
  provisionBench().then(
    (r) => console.log(r.report),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
