// The day-0 media as the executor builds them with the real tools (xorriso, mtools), read back with
// the same tools: volume labels, file names and folders, contents. A failing tool leaves no file.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { applyEffect } from '../../engine/src/lab/executor';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { qemuLogTail } from '../../engine/src/lab/startFailure';
import { ztpServerAlive } from '../../engine/src/lab/ztpHttp';
import { FIXTURE_IMAGES, labFolder, needLibvirt, testEngine } from '../helpers/libvirt';
import type { EngineSettings, LabEngine, ProgressFn } from '../../engine/src/index';

const tools = (...names: string[]) =>
  names.every((n) => {
    try {
      execFileSync('sh', ['-c', `command -v ${n}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
const run = (cmd: string, ...args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
const noVirsh = { run: async () => '' } as never;

test('a cidata ISO (NoCloud) and a PAN-OS bootstrap ISO read back with their labels, files and folders', async (t) => {
  if (!tools('xorriso')) return t.skip('xorriso is not installed (.ci/setup-libvirt.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'media-'));
  const seed = join(dir, 'seed.iso');
  const files = {
    'user-data': '#cloud-config\nhostname: a\n',
    'meta-data': 'instance-id: iid-a\n',
    'network-config': 'version: 2\n',
  };
  await applyEffect({ kind: 'iso', path: seed, label: 'cidata', files }, noVirsh, dir);
  const info = run('xorriso', '-indev', seed, '-pvd_info');
  assert.match(info, /Volume Id\s*:\s*cidata/);
  const ls = run('xorriso', '-indev', seed, '-ls', '/');
  for (const f of Object.keys(files)) assert.match(ls, new RegExp(`'/?${f}'`), ls);
  run('xorriso', '-osirrox', 'on', '-indev', seed, '-extract', '/user-data', join(dir, 'out-user-data'));
  assert.equal(readFileSync(join(dir, 'out-user-data'), 'utf8'), files['user-data']);
  const pan = join(dir, 'pan.iso');
  await applyEffect(
    {
      kind: 'iso',
      path: pan,
      label: 'bootstrap',
      files: { 'config/init-cfg.txt': 'type=static\n', 'config/bootstrap.xml': '<config/>\n' },
      dirs: ['content', 'license', 'software'],
    },
    noVirsh,
    dir,
  );
  assert.match(run('xorriso', '-indev', pan, '-pvd_info'), /Volume Id\s*:\s*bootstrap/);
  const root = run('xorriso', '-indev', pan, '-ls', '/');
  for (const d of ['config', 'content', 'license', 'software']) assert.match(root, new RegExp(`'/?${d}'`));
  assert.match(
    run('xorriso', '-indev', pan, '-ls', '/config'),
    /init-cfg\.txt[\s\S]*bootstrap\.xml|bootstrap\.xml[\s\S]*init-cfg\.txt/,
  );
});

test('a FAT config disk reads back with mtools: label, files (in folders too), contents', async (t) => {
  if (!tools('mformat', 'mcopy', 'mdir')) return t.skip('mtools is not installed (.ci/setup-libvirt.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'media-'));
  const img = join(dir, 'cfg.img');
  await applyEffect(
    { kind: 'fat', path: img, label: 'CONFIG', files: { 'ios_config.txt': 'hostname r1\n', 'a/b.txt': 'x\n' } },
    noVirsh,
    dir,
  );
  assert.match(run('mlabel', '-s', '-i', img, '::'), /CONFIG/);
  const listing = run('mdir', '-b', '-i', img, '::/');
  assert.match(listing, /ios_config\.txt/i);
  assert.equal(run('mtype', '-i', img, '::/ios_config.txt').replace(/\r/g, ''), 'hostname r1\n');
  assert.equal(run('mtype', '-i', img, '::/a/b.txt').replace(/\r/g, ''), 'x\n');
});

test('a medium whose tool fails leaves no half-made file, and the error names the tool output', async (t) => {
  if (!tools('xorriso')) return t.skip('xorriso is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'media-'));
  const out = join(dir, 'no-such-folder', 'x.iso');
  await assert.rejects(
    applyEffect({ kind: 'iso', path: out, label: 'cidata', files: { a: 'b' } }, noVirsh, dir),
    /building .*x\.iso: /,
  );
  assert.ok(!existsSync(out));
});

/** a one-node lab of the busybox ZTP guest booted as `model` (its /init fetches the DHCP boot file), or
 *  undefined when it cannot run here (a visible skip, a failure under REQUIRE_LIBVIRT=1) */
async function ztpGuest(
  t: TestContext,
  lab: string,
  node: string,
  model: string,
  over: Partial<EngineSettings> & { openLabsDir?: boolean } = {},
  progress?: ProgressFn,
) {
  if (!needLibvirt(t)) return undefined;
  const image = join(FIXTURE_IMAGES, `${model}/agent/virtioa.qcow2`);
  if (!existsSync(image)) {
    const why = `no ZTP test guest at ${image} (run LINUX=1 test/fixtures/guests/build.sh)`;
    if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(why);
    t.skip(why);
    return undefined;
  }
  const { openLabsDir, ...settings } = over;
  const engine = testEngine(settings);
  // libvirt's dnsmasq serves TFTP as an unprivileged user: the labs folder must let it through
  if (openLabsDir) chmodSync(engine.settings.labsDir, 0o755);
  const m = labFolder(
    `name = "${lab}"\n[[nodes]]\nname = "${node}"\nmodel = "${model}"\nversion = "agent"\nmemory = 256\n` +
      'data_interface_count = 1\nskip_ready_check = true\n',
  );
  const r = await engine.up(m, { progress });
  return { t, engine, r, m, labDir: join(engine.settings.labsDir, r.plan.id), log: r.plan.nodes[0].serialLog };
}

/** the guest's ZTP line on its serial console. A guest whose /init has not spoken after a minute (a boot takes
 *  seconds; seen in two CI runs of ~50, with an empty serial log) is stuck before it: what the log holds (empty: the
 *  firmware; syslinux's banner alone: the boot loader or the kernel) and where each vCPU is go to the test's log,
 *  and the guest is reset once. When the line does not come, the error adds the domain's state, the end of its QEMU
 *  log and where each vCPU is */
async function ztpLine(g: NonNullable<Awaited<ReturnType<typeof ztpGuest>>>): Promise<string> {
  const { uri } = g.engine.settings;
  const domain = g.r.plan.nodes[0].domainName;
  const where = async () =>
    'where each vCPU is, twice 1 s apart (real mode: firmware or boot loader; a kernel address: Linux):\n' +
    `${cpuState(uri, domain)}\n${await delay(1000).then(() => cpuState(uri, domain))}`;
  try {
    const init = await waitForSerial(g.log, INIT_LINE, 60_000).catch(() => '');
    if (!init) {
      const held = existsSync(g.log) ? readFileSync(g.log, 'utf8') : '';
      g.t.diagnostic(
        `${domain}'s /init did not speak in 60 s: reset once. Its serial log held ${JSON.stringify(held)}\n` +
          (await where()),
      );
      run('virsh', '-c', uri, 'reset', '--domain', domain);
    }
    return await waitForSerial(g.log, ZTP_LINE, 120_000);
  } catch (e) {
    let state: string;
    try {
      state = run('virsh', '-c', uri, 'domstate', '--reason', '--domain', domain).trim();
    } catch (err) {
      state = `virsh domstate failed: ${(err as Error).message}`;
    }
    throw new Error(
      `${(e as Error).message}\ndomain ${domain}: ${state}\nQEMU log: ${qemuLogTail(uri, domain, 12)}\n` +
        (await where()),
    );
  }
}

/** each vCPU's instruction pointer and mode, from QEMU's monitor: where a silent guest is stuck */
function cpuState(uri: string, domain: string): string {
  try {
    const regs = run(
      'virsh',
      '-c',
      uri,
      'qemu-monitor-command',
      '--hmp',
      '--domain',
      domain,
      '--cmd',
      'info registers -a',
    );
    return regs
      .split(/\r?\n/)
      .filter((l) => /^(CPU#|RAX|RIP|EIP|CS |CR0)/.test(l))
      .join('\n');
  } catch (err) {
    return `info registers failed: ${(err as Error).message}`;
  }
}

/** destroy leaves no error and no lab folder (the ZTP folders, files and pid file included) */
async function destroyed(g: { engine: LabEngine; r: { plan: { id: string } }; labDir: string }): Promise<void> {
  const d = await g.engine.destroy(g.r.plan.id);
  assert.deepEqual(d.errors, []);
  assert.ok(!existsSync(g.labDir), 'the ZTP folders go with the lab');
}

const ZTP_LINE = /ZTP-CONFIG [^\n]*\n/;
/** the first line of the test guest's /init (test/fixtures/guests/init.sh); looked for as text (the serial log's
 *  lines end in \r\n: a pattern ending in \n alone never matched, and every guest was reset after a minute) */
const INIT_LINE = 'hello from linux guest';

test(
  "a TFTP-provisioned node fetches its day-0 config from QEMU's TFTP server at boot",
  { timeout: 240_000 },
  async (t) => {
    const g = await ztpGuest(t, 'it-tftp', 'vr1', 'juniper_vsrxv3');
    if (!g) return;
    try {
      // the guest asks DHCP for a boot file and fetches it: the first line of our Junos config
      assert.match(await ztpLine(g), /ZTP-CONFIG vr1\.conf: system \{/);
      assert.match(readFileSync(join(g.labDir, 'ztp', 'tftp', 'vr1.conf'), 'utf8'), /host-name vr1;/);
    } finally {
      await destroyed(g);
    }
  },
);

test(
  "nat mode: libvirt's dnsmasq hands the node its boot file and serves it over TFTP",
  { timeout: 240_000 },
  async (t) => {
    const g = await ztpGuest(t, 'it-tftp-nat', 'vn1', 'juniper_vsrxv3', { networkMode: 'nat', openLabsDir: true });
    if (!g) return;
    try {
      const seen = await ztpLine(g);
      assert.match(seen, /ZTP-CONFIG vn1\.conf: system \{/);
      assert.match(seen, /lease of 172\.31\.\d+\.11 obtained/, 'the address Sherpa gives node 1 (.10 + index)');
    } finally {
      await destroyed(g);
    }
  },
);

test(
  "nat mode with a labs folder libvirt's dnsmasq cannot enter: the node boots unprovisioned, and up says why",
  { timeout: 120_000 },
  async (t) => {
    const said: string[] = [];
    // its labs folder is a 0700 temporary folder
    const g = await ztpGuest(t, 'it-tftp-closed', 'vc1', 'juniper_vsrxv3', { networkMode: 'nat' }, (msg, node) => {
      if (node) said.push(`${node}: ${msg}`);
    });
    if (!g) return;
    try {
      const why = /^vc1: not provisioned: its TFTP config cannot be served: libvirt's dnsmasq cannot enter /;
      assert.ok(
        said.some((s) => why.test(s)),
        said.join('\n'),
      );
    } finally {
      await destroyed(g);
    }
  },
);

test(
  'nat mode: HTTP ZTP (SONiC): configs served on the gateway, DHCP hands out the URL, destroy stops it',
  { timeout: 240_000 },
  async (t) => {
    const g = await ztpGuest(t, 'it-http-ztp', 's1', 'sonic_linux', { networkMode: 'nat' });
    if (!g) return;
    const pidFile = join(g.labDir, 'ztp', 'http-server.json');
    const server = JSON.parse(readFileSync(pidFile, 'utf8'));
    try {
      // the guest: DHCP's boot file is the ZTP JSON's URL; it fetches it over HTTP
      assert.match(await ztpLine(g), /ZTP-CONFIG s1\.conf: \{/);
      // the host: the server answers GET /configs/<file> on the gateway, and nothing outside that folder
      const base = `http://${server.host}:${server.port}`;
      const db = await fetch(`${base}/configs/s1_config_db.json`);
      assert.equal(db.status, 200);
      assert.equal(JSON.parse(await db.text()).DEVICE_METADATA.localhost.hostname, 's1');
      for (const bad of [
        '/configs/../http-server.json',
        '/configs/%2e%2e/http-server.json',
        '/etc/passwd',
        '/configs/',
      ])
        assert.equal((await fetch(base + bad)).status, 404, bad);
      // supervised: killed from outside, `up` (a resume) starts it again
      process.kill(server.pid, 'SIGKILL');
      // the kill lands asynchronously: wait until the process is no longer our server (bounded)
      for (let i = 0; i < 500 && ztpServerAlive(server); i++) await new Promise((res) => setTimeout(res, 10));
      await g.engine.up(g.m);
      const again = JSON.parse(readFileSync(pidFile, 'utf8'));
      assert.notEqual(again.pid, server.pid);
      assert.equal((await fetch(`${base}/configs/s1.conf`)).status, 200);
      server.pid = again.pid;
    } finally {
      await destroyed(g);
    }
    assert.throws(() => process.kill(server.pid, 0), 'the server process is gone');
  },
);
