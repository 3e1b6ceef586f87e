// A real Linux VM provisioned as Sherpa provisions it: the Debian 12 guest built from Debian's packages
// (test/fixtures/guests/debian-vm.sh) boots as a cloud-init model under TCG with our NoCloud seed; the
// test logs in over SSH as `sherpa` with the lab key and checks what the manifest asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { FIXTURE_IMAGES, labFolder, needLibvirt, testEngine, URI } from '../helpers/libvirt';

const IMAGE = join(FIXTURE_IMAGES, 'ubuntu_linux/debian12/virtioa.qcow2');
const CLI = resolve(__dirname, '../../../engine/dist/cli.js');

test(
  'a cloud-init VM comes up configured: SSH as sherpa, hostname, sudo, files, scripts, env, address',
  { timeout: 900_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    if (!existsSync(IMAGE)) {
      const why = `no Debian guest at ${IMAGE} (run test/fixtures/guests/debian-vm.sh; npm test does)`;
      if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(why);
      t.skip(why);
      return;
    }
    const home = mkdtempSync(join(tmpdir(), 'sherpa-it-ssh-'));
    const key = join(home, 'lab_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', key]);
    const sshDir = join(home, '.ssh');
    const engine = testEngine({ sshKeyPath: key, sshDir });
    const manifest = labFolder(`name = "it-provision"
ready_timeout = 840

[[nodes]]
name = "web1"
model = "ubuntu_linux"
version = "debian12"
memory = 1024
startup_scripts = ["start.sh"]
user_scripts = ["mine.sh"]
environment_variables = ["LAB_ROLE=edge", "GREETING=hello lab"]

[[nodes.text_files]]
src = "notes.txt"
dst = "/home/sherpa/notes.txt"
user = "sherpa"
group = "sherpa"
permissions = 640
`);
    const dir = dirname(manifest);
    writeFileSync(join(dir, 'start.sh'), '#!/bin/bash\necho started > /root/started\n');
    writeFileSync(join(dir, 'mine.sh'), '#!/bin/bash\nid -un > ~/whoami\n');
    writeFileSync(join(dir, 'notes.txt'), 'provisioned by sherpa-labs\n');

    const t0 = Date.now();
    const r = await engine.up(manifest, { progress: (m, n) => n && console.log(`  ${n}: ${m}`) });
    const bootToSsh = (Date.now() - t0) / 1000;
    try {
      assert.deepEqual(r.ready, ['web1'], JSON.stringify(r.notReady));
      console.log(`[provision] up to SSH login as sherpa: ${bootToSsh.toFixed(1)} s (TCG)`);
      const target = await engine.sshTarget(r.plan.id, 'web1');
      const sh = async (cmd: string) => {
        const x = await execa('ssh', [...target.args, cmd], { reject: false, stdin: 'ignore' });
        assert.equal(x.exitCode, 0, `${cmd}: ${x.stderr}`);
        return String(x.stdout).trim();
      };
      assert.equal(await sh('hostname'), 'web1');
      assert.equal(await sh('id -un'), 'sherpa');
      await sh('sudo -n true');
      assert.equal(await sh('stat -c "%U:%G %a" /home/sherpa/notes.txt'), 'sherpa:sherpa 640');
      assert.equal(await sh('cat /home/sherpa/notes.txt'), 'provisioned by sherpa-labs');
      // runcmd runs late in cloud-init's final stage: wait for it to finish before reading its results
      await sh('cloud-init status --wait >/dev/null || true');
      assert.equal(await sh('sudo -n cat /root/started'), 'started');
      assert.equal(await sh('cat ~/whoami'), 'sherpa');
      assert.equal(await sh('bash -lc \'echo "$LAB_ROLE|$GREETING"\''), 'edge|hello lab');
      assert.match(await sh('cat /etc/environment'), /^LAB_ROLE=edge\nGREETING="hello lab"$/m);
      assert.match(await sh('ip -4 -o addr show'), /\b10\.0\.2\.15\/24\b/);
      assert.match(await sh('ip route show default'), /via 10\.0\.2\.2/);

      // the CLI's ssh runs a command on the node; ssh-config prints Sherpa's format, included from ~/.ssh
      const cli = await execa(
        'node',
        [CLI, 'ssh', 'web1', '--lab', r.plan.id, '--labs-dir', engine.settings.labsDir, '--', 'hostname'],
        { env: { SHERPA_SSH_KEY: key, SHERPA_SSH_DIR: sshDir }, reject: false, stdin: 'ignore' },
      );
      assert.equal(String(cli.stdout).trim(), 'web1', String(cli.stderr));
      const config = join(engine.settings.labsDir, r.plan.id, 'sherpa_ssh_config');
      assert.match(readFileSync(config, 'utf8'), new RegExp(`^Host web1\\.${r.plan.id} `, 'm'));
      assert.equal(readFileSync(join(sshDir, 'config'), 'utf8'), `Include ${join(sshDir, 'sherpa_lab_hosts')}\n`);
      assert.match(readFileSync(join(sshDir, 'sherpa_lab_hosts'), 'utf8'), new RegExp(`^Include ${config}$`, 'm'));
      const viaConfig = await execa('ssh', ['-F', config, '-o', 'BatchMode=yes', `web1.${r.plan.id}`, 'hostname'], {
        reject: false,
        stdin: 'ignore',
      });
      assert.equal(String(viaConfig.stdout).trim(), 'web1', String(viaConfig.stderr));
    } finally {
      const d = await engine.destroy(r.plan.id);
      assert.deepEqual(d.errors, []);
    }
    // destroy: the seed and the ssh config are gone, the Include line removed, ~/.ssh/config left alone
    assert.ok(!existsSync(join(engine.settings.labsDir, r.plan.id)));
    assert.doesNotMatch(readFileSync(join(sshDir, 'sherpa_lab_hosts'), 'utf8'), /Include /);
    assert.ok(readFileSync(join(sshDir, 'config'), 'utf8').startsWith('Include '));
  },
);

test('bad provisioning input refuses up before anything exists, naming the node and the key', async (t) => {
  if (!needLibvirt(t)) return;
  const engine = testEngine();
  const manifest = labFolder(`name = "it-provision-bad"
[[nodes]]
name = "vm1"
model = "ubuntu_linux"
version = "mbr"
memory = 64
startup_scripts = ["missing.sh"]
ssh_authorized_keys = ["not a key"]
`);
  const id = engine.labIdFor(manifest);
  await assert.rejects(engine.up(manifest), (e: Error & { node?: string }) => {
    assert.equal(e.node, 'vm1');
    assert.match(e.message, /ssh_authorized_keys\[0\] is not an OpenSSH public key/);
    assert.match(e.message, /node 'vm1': startup_scripts: missing\.sh cannot be read \(ENOENT\)/);
    return true;
  });
  assert.ok(!existsSync(join(engine.settings.labsDir, id)), 'no lab folder');
  assert.doesNotMatch(
    execFileSync('virsh', ['-c', URI, 'pool-list', '--all', '--name'], { encoding: 'utf8' }),
    new RegExp(id),
  );
  assert.doesNotMatch(
    execFileSync('virsh', ['-c', URI, 'list', '--all', '--name'], { encoding: 'utf8' }),
    new RegExp(id),
  );
});
