// Provisioning as Sherpa does it (provisioning.md): the cloud-init seed, the SSH config and its
// Include management, the seed medium in the domain XML, and the refusals of bad input at `up`.
// Generated artifacts are compared with golden files (UPDATE_GOLDEN=1 rewrites them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateManifest } from '../../common/manifest/validate';
import { domainXml, networkXml } from '../../engine/src/plan/domainXml';
import { parseMetadata, planMetadata } from '../../engine/src/plan/metadata';
import { cloudInitSeed, octal } from '../../engine/src/plan/provision/cloudInit';
import { publicKeyOf } from '../../engine/src/plan/provision/credentials';
import { day0Files, keyForms } from '../../engine/src/plan/provision/day0';
import { ignitionConfig } from '../../engine/src/plan/provision/ignition';
import { cloudbaseSeed } from '../../engine/src/plan/provision/cloudbase';
import { createHash } from 'node:crypto';
import type { ProvisionInput } from '../../engine/src/plan/provision/inputs';
import { editHostsFile, sshConfigText, withHostsInclude } from '../../engine/src/plan/provision/sshConfig';
import { planSteps, sshConfigStep } from '../../engine/src/plan/steps';
import { gatherProvision } from '../../engine/src/lab/provisionInputs';
import { manifestFileProbe } from '../../common/manifest/fileProbe';
import type { PlanSettings, ProvisionMedia, ProvisionPlan } from '../../engine/src/plan/types';
import { fakeImages } from '../helpers/images';
import { PLAN_SETTINGS, planFor } from '../helpers/plan';
import { at } from '../helpers/cursor';
import { hover } from '../../server/src/language/hover';
import type { MarkupContent } from 'vscode-languageserver-types';

const GOLDEN = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'golden', 'provision');
function golden(name: string, actual: string): void {
  const f = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(f)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(f, actual);
  }
  assert.equal(actual, readFileSync(f, 'utf8'), `golden file ${name} (UPDATE_GOLDEN=1 to rewrite)`);
}

const KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDsherpa';
const INPUT: ProvisionInput = {
  keys: [KEY, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIextra'],
  textFiles: [
    { dst: '/etc/motd', content: Buffer.from('hello lab\n'), user: 'root', group: 'root', permissions: 644 },
    {
      dst: '/home/sherpa/notes.txt',
      content: Buffer.from("it's\n"),
      user: 'sherpa',
      group: 'sherpa',
      permissions: 600,
    },
  ],
  startupScripts: [{ name: 'setup.sh', content: Buffer.from('#!/bin/sh\ntouch /root/started\n') }],
  userScripts: [{ name: 'me.sh', content: Buffer.from('#!/bin/sh\nid > ~/whoami\n') }],
  env: [
    ['LAB_ROLE', 'edge'],
    ['GREETING', 'it\'s a "lab"'],
  ],
};
const MGMT = { ip: '10.0.2.15', prefix: 24, gateway: '10.0.2.2', dns: '10.0.2.3' };
const USER_ADDR = {
  mac: '52:54:00:ab:cd:01',
  address: '10.0.2.15',
  prefix: 24,
  gateway: '10.0.2.2',
  dns: ['10.0.2.3'],
};

test('cloud-init seed: user-data, meta-data and network-config as Sherpa writes them (golden)', () => {
  const seed = cloudInitSeed('web1', 'ubuntu_linux', USER_ADDR, INPUT);
  golden('user-data', seed['user-data']);
  golden('meta-data', seed['meta-data']);
  golden('network-config', seed['network-config']);
  assert.ok(seed['user-data'].startsWith('#cloud-config\n'));
  const ud = parseYaml(seed['user-data']);
  assert.equal(ud.hostname, 'web1');
  assert.equal(ud.fqdn, 'web1.sherpa.lab.local');
  const [user] = ud.users;
  assert.deepEqual(
    [user.name, user.plain_text_passwd, user.lock_passwd, user.sudo, user.groups, user.shell],
    ['sherpa', 'Everest1953!', false, 'ALL=(ALL) NOPASSWD:ALL', ['sudo'], '/bin/bash'],
  );
  assert.deepEqual(user.ssh_authorized_keys, INPUT.keys, "Sherpa's key first, then the manifest's");
  const files = Object.fromEntries(ud.write_files.map((f: { path: string }) => [f.path, f]));
  assert.equal(Buffer.from(files['/etc/motd'].content, 'base64').toString(), 'hello lab\n');
  assert.deepEqual([files['/etc/motd'].permissions, files['/etc/motd'].owner], ['0644', 'root:root']);
  assert.equal(files['/home/sherpa/notes.txt'].defer, true, 'written once the sherpa user exists (Sherpa fault §7)');
  assert.equal(files['/opt/sherpa/startup_scripts/setup.sh'].permissions, '0755');
  assert.equal(
    files['/etc/profile.d/sherpa-env.sh'].content,
    "export LAB_ROLE='edge'\nexport GREETING='it'\\''s a \"lab\"'\n",
  );
  assert.equal(files['/etc/environment'].append, true);
  assert.equal(files['/etc/environment'].content, 'LAB_ROLE=edge\nGREETING="it\'s a \\"lab\\""\n');
  assert.deepEqual(ud.runcmd, [
    ['bash', '/opt/sherpa/startup_scripts/setup.sh'],
    ['chown', '-R', 'sherpa:sherpa', '/opt/sherpa/user_scripts'],
    ['su', '-', 'sherpa', '-c', "bash '/opt/sherpa/user_scripts/me.sh'"],
  ]);
  const md = parseYaml(seed['meta-data']);
  assert.deepEqual(md, { 'instance-id': 'iid-web1', 'local-hostname': 'web1.sherpa.lab.local' });
  const nc = parseYaml(seed['network-config']);
  assert.deepEqual(nc.ethernets.id0, {
    match: { macaddress: '52:54:00:ab:cd:01' },
    addresses: ['10.0.2.15/24'],
    routes: [{ to: '0.0.0.0/0', via: '10.0.2.2' }],
    nameservers: { addresses: ['10.0.2.3'], search: ['sherpa.lab.local'] },
  });
});

test('cloud-init seed: BSD and Alpine get wheel, /bin/sh and sh for scripts; empty sections are left out', () => {
  const ud = parseYaml(cloudInitSeed('b', 'free_bsd', USER_ADDR, INPUT)['user-data']);
  assert.deepEqual([ud.users[0].groups, ud.users[0].shell], [['wheel'], '/bin/sh']);
  assert.deepEqual(ud.runcmd[0], ['sh', '/opt/sherpa/startup_scripts/setup.sh']);
  const bare = parseYaml(
    cloudInitSeed('c', 'ubuntu_linux', USER_ADDR, {
      keys: [KEY],
      textFiles: [],
      startupScripts: [],
      userScripts: [],
      env: [],
    })['user-data'],
  );
  assert.equal(bare.write_files, undefined);
  assert.equal(bare.runcmd, undefined);
  assert.equal(octal(644), '0644');
  assert.equal(octal(1777), '1777');
});

test('Windows (cloudbase-init): hostname, Administrators, keys, PowerShell, metadata, network v1 (golden)', () => {
  const seed = cloudbaseSeed('win1', USER_ADDR, INPUT);
  golden('windows__user-data', seed['user-data']);
  golden('windows__meta-data', seed['meta-data']);
  golden('windows__network-config', seed['network-config']);
  const ud = parseYaml(seed['user-data']);
  assert.equal(ud.set_hostname, 'win1');
  assert.equal(ud.users[0].name, 'sherpa');
  assert.equal(ud.users[0].primary_group, 'Administrators');
  const keys = ud.write_files.find((f: { path: string }) => f.path.endsWith('administrators_authorized_keys'));
  assert.equal(keys.content, INPUT.keys.join('\r\n') + '\r\n');
  assert.ok(
    ud.runcmd.some((c: string) => c.includes("SetEnvironmentVariable('GREETING', 'it''s a \"lab\"', 'Machine')")),
  );
  assert.deepEqual(Object.values(parseYaml(seed['meta-data'])['public-keys']), INPUT.keys);
  const nc = parseYaml(seed['network-config']);
  assert.equal(nc.version, 1);
  assert.deepEqual(nc.config[0].subnets[0].netmask, '255.255.255.0');
  // a Windows model's plan renders this seed, not the Linux one
  const images = fakeImages({ windows_server: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } } });
  const r = planFor('name = "w"\nnodes = [{ name = "win1", model = "windows_server" }]\n', images, SETTINGS, {
    provision: new Map([['win1', INPUT]]),
  });
  assert.ok(r.ok);
  assert.match(media(r.plan.nodes[0].provision).files['user-data'], /set_hostname: win1/);
});

test('public keys: the algorithm and blob of an OpenSSH line, nothing else', () => {
  assert.equal(publicKeyOf('ssh-ed25519 AAAAC3Nz me@host'), 'ssh-ed25519 AAAAC3Nz');
  assert.equal(publicKeyOf('ssh-rsa AAAA=='), 'ssh-rsa AAAA==');
  assert.equal(publicKeyOf('-----BEGIN OPENSSH PRIVATE KEY-----'), undefined);
  assert.equal(publicKeyOf('ssh-rsa not base64!'), undefined);
  assert.equal(publicKeyOf(''), undefined);
});

test('ssh config: Sherpa format on the forwarded loopback port; Include lines added once and removed exactly', () => {
  const text = sshConfigText('a1b2c3d4', [{ node: 'web1', endpoint: '127.127.1.1:22' }], '/keys/sherpa_ssh_key');
  golden('sherpa_ssh_config', text);
  assert.match(
    text,
    /^Host web1\.a1b2c3d4 web1\.a1b2c3d4\.sherpa\.lab\.local\n {2}HostName 127\.127\.1\.1\n {2}Port 22\n/,
  );
  const once = editHostsFile(undefined, '/labs/a/sherpa_ssh_config', true);
  assert.equal(once, '# Sherpa lab SSH configs - managed by sherpa CLI\nInclude /labs/a/sherpa_ssh_config\n');
  assert.equal(editHostsFile(once, '/labs/a/sherpa_ssh_config', true), once, 'added once');
  const two = editHostsFile(once, '/labs/b/sherpa_ssh_config', true);
  assert.equal(
    editHostsFile(two, '/labs/a/sherpa_ssh_config', false),
    '# Sherpa lab SSH configs - managed by sherpa CLI\nInclude /labs/b/sherpa_ssh_config\n',
  );
  assert.equal(withHostsInclude('Host x\n', '/h/.ssh/sherpa_lab_hosts'), 'Include /h/.ssh/sherpa_lab_hosts\nHost x\n');
  assert.equal(withHostsInclude('Include /h/.ssh/sherpa_lab_hosts\nHost x\n', '/h/.ssh/sherpa_lab_hosts'), undefined);
});

const IMAGES = fakeImages({
  ubuntu_linux: { versions: { '24.04': { 'virtioa.qcow2': 2 ** 30 } } },
  generic_vm: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  cisco_iosv: { versions: { '15': { 'virtioa.qcow2': 2 ** 30 } } },
  sonic_linux: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  cisco_ise: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  arista_veos: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  unikraft_unikernel: { versions: { '0.18': { 'kernel.elf': undefined } } },
});
const SETTINGS: PlanSettings = PLAN_SETTINGS;
const MANIFEST = `name = "prov"
nodes = [
  { name = "web1", model = "ubuntu_linux" },
  { name = "r1", model = "cisco_iosv" },
  { name = "uk", model = "unikraft_unikernel" },
]
`;

function media(p: ProvisionPlan | undefined): ProvisionMedia {
  assert.ok(p && 'medium' in p, JSON.stringify(p));
  return p;
}

function planOf(text: string, settings: Partial<PlanSettings> = {}) {
  const r = planFor(text, IMAGES, { ...SETTINGS, ...settings }, { provision: new Map([['web1', INPUT]]) });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.plan;
}

test('plan: a cloud-init VM gets its seed ISO as a read-only CD-ROM, SMBIOS ds=nocloud and a fixed MAC', () => {
  const plan = planOf(MANIFEST);
  const web = plan.nodes.find((n) => n.name === 'web1')!;
  const p = media(web.provision);
  assert.ok(p.medium.kind === 'iso');
  assert.equal(p.medium.path, `/labs/${plan.id}/disks/web1-${plan.id}-cidata.iso`);
  assert.deepEqual(Object.keys(p.files).sort(), ['meta-data', 'network-config', 'user-data']);
  const xml = domainXml(plan, web);
  assert.match(xml, /<smbios mode="sysinfo"\/>/);
  assert.match(xml, /<sysinfo type="smbios">\s*<system>\s*<entry name="serial">ds=nocloud<\/entry>/);
  const cdrom = /<disk type="file" device="cdrom">[\s\S]*?<\/disk>/.exec(xml)?.[0] ?? '';
  golden('cdrom.xml', cdrom + '\n');
  assert.match(cdrom, /<source file="[^"]+-cidata\.iso"\/>/);
  assert.match(cdrom, /<target dev="sdb" bus="sata"\/>/, 'q35 has no IDE: SATA');
  assert.match(cdrom, /<readonly\/>/);
  assert.match(xml, new RegExp(`mac=${web.management.mac}`), 'the user-network NIC has the MAC network-config matches');
  // the ISO is built before the domain starts, and removed by the journal's undo
  const steps = planSteps(plan, true);
  const seed = steps.find((s) => s.id === 'seed:web1')!;
  assert.deepEqual(seed.do[0], { kind: 'iso', path: p.medium.path, label: 'cidata', files: p.files });
  assert.deepEqual(seed.undo, [{ kind: 'rm', path: p.medium.path }]);
  assert.ok(steps.find((s) => s.id === 'start:web1')!.after.includes('seed:web1'));
  // SSH: port 22 on the loopback address, in the metadata, the ssh config and its undo
  const meta = parseMetadata(domainXml(plan, web).replace(/[\s\S]*?(<sherpa:lab[^>]*>)[\s\S]*/, '$1'));
  assert.equal(meta?.ssh, `${web.loopback}:22`);
  assert.equal(
    planMetadata(
      plan,
      plan.nodes.find((n) => n.name === 'uk')!,
    ).ssh,
    undefined,
    'unikernels have no SSH',
  );
  const ssh = sshConfigStep(plan, '/k/key', '/home/u/.ssh')!;
  assert.equal(ssh.undo[0].kind, 'ssh-include');
  assert.match((ssh.do[0] as { content: string }).content, /Host r1\./, 'every VM with SSH is listed');
});

test('plan: i440fx VMs take the seed on IDE; nat mode addresses the seed like Sherpa (.10 + index, gateway .1)', () => {
  const pc = planOf(MANIFEST.replace('ubuntu_linux', 'generic_vm'));
  const web = pc.nodes.find((n) => n.name === 'web1')!;
  const m = media(web.provision).medium;
  assert.ok(m.kind === 'iso');
  assert.deepEqual([m.bus, m.target], ['ide', 'hdc']);
  const nat = planOf(MANIFEST, { networkMode: 'nat', privileged: true });
  const w = nat.nodes.find((n) => n.name === 'web1')!;
  assert.ok(w.management.kind === 'network');
  const nc = parseYaml(media(w.provision).files['network-config']);
  assert.deepEqual(nc.ethernets.id0.addresses, ['172.31.1.11/24']);
  assert.deepEqual(nc.ethernets.id0.routes, [{ to: '0.0.0.0/0', via: '172.31.1.1' }]);
  assert.equal(nc.ethernets.id0.match.macaddress, w.management.mac);
});

test('plan: HTTP ZTP in user mode, ISE (an upstream fault) and remote hosts boot unprovisioned and say why', () => {
  const plan = planOf(`name = "p"
nodes = [
  { name = "web1", model = "ubuntu_linux" },
  { name = "s1", model = "sonic_linux", data_interface_count = 2 },
  { name = "ise", model = "cisco_ise" },
  { name = "uk", model = "unikraft_unikernel" },
]
`);
  const by = (n: string) => plan.nodes.find((x) => x.name === n)!.provision;
  assert.deepEqual(by('s1'), {
    method: 'http',
    skipped: "HTTP ZTP is served on the nat network mode's management network; user mode has none",
  });
  assert.match((by('ise') as { skipped: string }).skipped, /ISE-ZTP/);
  assert.equal(by('uk'), undefined, 'unikernels are not provisioned');
  const remote = planOf(MANIFEST, { local: false, uri: 'qemu+ssh://h/system' });
  assert.match((remote.nodes[0].provision as { skipped: string }).skipped, /remote/);
  assert.doesNotMatch(domainXml(remote, remote.nodes[0]), /cdrom/);
  const nat = planOf('name = "p"\nnodes = [{ name = "e1", model = "arista_veos", data_interface_count = 2 }]\n', {
    networkMode: 'nat',
    privileged: true,
  });
  assert.match((nat.nodes[0].provision as { skipped: string }).skipped, /no provisioning input/);
});

// every vendor model: its day-0 files (golden), the medium, and how the domain XML attaches it
const VENDORS: [string, string, string][] = [
  ['cisco_iosv', 'disk', 'fat'],
  ['cisco_iosvl2', 'disk', 'fat'],
  ['cisco_csr1000v', 'cdrom', 'iso'],
  ['cisco_cat8000v', 'cdrom', 'iso'],
  ['cisco_cat9000v', 'cdrom', 'iso'],
  ['cisco_asav', 'cdrom', 'iso'],
  ['cisco_nexus9300v', 'cdrom', 'iso'],
  ['cisco_iosxrv9000', 'cdrom', 'iso'],
  ['cisco_ftdv', 'cdrom', 'iso'],
  ['juniper_vrouter', 'cdrom', 'iso'],
  ['juniper_vswitch', 'cdrom', 'iso'],
  ['juniper_vevolved', 'tftp', 'tftp'],
  ['juniper_vsrxv3', 'tftp', 'tftp'],
  ['arista_veos', 'tftp', 'tftp'],
  ['aruba_aoscx', 'tftp', 'tftp'],
  ['paloalto_panos', 'cdrom', 'iso'],
  ['mikrotik_chr', 'disk', 'fat'],
  ['cumulus_linux', 'usb', 'fat'],
  ['flatcar_linux', 'ignition', 'fwcfg'],
];
const VENDOR_IMAGES = fakeImages(
  Object.fromEntries(VENDORS.map(([m]) => [m, { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } }])),
);

test('plan: vendor day-0 files for every cdrom, disk, usb, tftp and ignition model (golden), on their media', () => {
  for (const [model, method, kind] of VENDORS) {
    const text =
      `name = "v"\nnodes = [{ name = "r1", model = "${model}", data_interface_count = 2, ` +
      `ssh_authorized_keys = ["ssh-ed25519 AAAAC3Nzextra"] }]\n`;
    const input: ProvisionInput = { ...INPUT, keys: [KEY, 'ssh-ed25519 AAAAC3Nzextra'] };
    const r = planFor(
      text,
      VENDOR_IMAGES,
      { ...SETTINGS, uefiAvailable: true },
      { provision: new Map([['r1', input]]) },
    );
    assert.ok(r.ok, `${model}: ${JSON.stringify(!r.ok && r.problems)}`);
    const node = r.plan.nodes[0];
    const p = media(node.provision);
    assert.equal(p.method, method, model);
    assert.equal(p.medium.kind, kind, model);
    for (const [name, content] of Object.entries(p.files)) {
      golden(`${model}__${name.replace(/\//g, '_')}`, content);
      if (name === 'sherpa_ssh_key.pub') continue; // MikroTik's key beside its config
      // Ignition carries its files as base64 data URLs: read them decoded
      const text = content.replace(/data:;base64,([A-Za-z0-9+/=]+)/g, (_, b: string) =>
        Buffer.from(b, 'base64').toString(),
      );
      assert.match(text, /r1/, `${model} ${name}: the hostname`);
      assert.match(text, /10\.0\.2\.15/, `${model} ${name}: the address`);
      assert.match(text, /10\.0\.2\.2\b/, `${model} ${name}: the gateway`);
    }
    const xml = domainXml(r.plan, node);
    if (kind === 'iso') assert.match(xml, /device="cdrom"[\s\S]*?<readonly\/>/, model);
    if (kind === 'fwcfg')
      assert.match(
        xml,
        /<sysinfo type="fwcfg">\s*<entry name="opt\/org\.flatcar-linux\/config" file="[^"]+-cfg\.ign"\/>/,
      );
    if (kind === 'tftp') assert.match(xml, new RegExp(`tftp=/labs/${r.plan.id}/ztp/tftp,bootfile=r1\\.conf`), model);
    const disk = /<disk type="file" device="disk">[\s\S]*?<\/disk>/.exec(xml)?.[0];
    if (kind === 'fat') golden(`${model}__disk.xml`, disk + '\n');
    if (method === 'usb') {
      assert.match(disk!, /<target dev="sdc" bus="usb" removable="on"\/>/);
      assert.match(xml, /<controller type="usb" index="0" model="qemu-xhci">\s*<address type="pci"/);
    } else assert.match(xml, /<controller type="usb" model="none"\/>/, model);
  }
});

test("nat mode: libvirt's dnsmasq serves the TFTP folder, each node's boot file chosen by its MAC", () => {
  const text =
    `name = "t"\nnodes = [\n  { name = "e1", model = "arista_veos", data_interface_count = 1 },\n` +
    `  { name = "j1", model = "juniper_vsrxv3", data_interface_count = 1 },\n` +
    `  { name = "s1", model = "sonic_linux", data_interface_count = 1 },\n]\n`;
  const images = fakeImages({
    arista_veos: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
    juniper_vsrxv3: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
    sonic_linux: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  });
  const r = planFor(
    text,
    images,
    { ...SETTINGS, networkMode: 'nat', privileged: true },
    {
      loopbackN: 3,
      provision: new Map([
        ['e1', INPUT],
        ['j1', INPUT],
        ['s1', INPUT],
      ]),
    },
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const net = r.plan.networks.find((n) => n.nat)!;
  // SONiC: HTTP ZTP from the engine's server on the gateway; its three files (golden)
  const sonic = media(r.plan.nodes[2].provision);
  assert.deepEqual(sonic.medium, {
    kind: 'http',
    dir: `/labs/${r.plan.id}/ztp/configs`,
    url: 'http://172.31.3.1:8080/configs/s1.conf',
  });
  for (const [f, content] of Object.entries(sonic.files)) golden(`sonic_linux__${f}`, content);
  assert.match(sonic.files['s1.conf'], /"source": "http:\/\/172\.31\.3\.1:8080\/configs\/s1_config_db\.json"/);
  const http = planSteps(r.plan, true).find((s) => s.id === 'ztp-http')!;
  assert.deepEqual(http.after, ['http-folder', `network:${net.name}`]);
  assert.equal(http.undo[0].kind, 'unserve');
  const xml = networkXml(net);
  golden('nat-tftp-network.xml', xml.replace(new RegExp(r.plan.id, 'g'), 'LABID') + '\n');
  assert.match(xml, new RegExp(`<tftp root="/labs/${r.plan.id}/ztp/tftp"/>`));
  const macs = r.plan.nodes.map((n) => n.management.mac);
  assert.match(xml, new RegExp(`<dnsmasq:option value="dhcp-mac=set:n1,${macs[0]}"/>`));
  assert.match(xml, /<dnsmasq:option value="dhcp-boot=tag:n2,j1\.conf"\/>/);
  assert.match(xml, /<dnsmasq:option value="dhcp-option=tag:n1,66,172\.31\.3\.1"\/>/);
  assert.match(xml, /<dnsmasq:option value="dhcp-boot=tag:n3,http:\/\/172\.31\.3\.1:8080\/configs\/s1\.conf"\/>/);
  assert.ok(
    xml.includes(
      '<dnsmasq:option value="dhcp-option-force=tag:n3,239,&quot;http://172.31.3.1:8080/configs/s1.conf&quot;"/>',
    ),
    xml,
  );
  const steps = planSteps(r.plan, true);
  assert.deepEqual(steps.find((s) => s.id === `network:${net.name}`)!.after, ['tftp-folder']);
  assert.deepEqual(steps.find((s) => s.id === 'seed:j1')!.do, [
    {
      kind: 'write',
      path: `/labs/${r.plan.id}/ztp/tftp/j1.conf`,
      content: media(r.plan.nodes[1].provision).files['j1.conf'],
    },
  ]);
  assert.doesNotMatch(domainXml(r.plan, r.plan.nodes[0]), /tftp=/, 'nat mode: no QEMU TFTP');
});

test('day-0 key forms: IOS gets the MD5 key-hash of RSA keys only, ASA the SHA-256; FTDv and MikroTik none', () => {
  const file = (model: string) => Object.values(day0Files(model, 'r1', MGMT, [KEY, 'ssh-ed25519 AAAAC3Nzextra']))[0];
  const md5 = createHash('md5')
    .update(Buffer.from(KEY.split(' ')[1], 'base64'))
    .digest('hex')
    .toUpperCase();
  assert.match(file('cisco_iosv'), new RegExp(`key-hash ssh-rsa ${md5}`));
  assert.equal(file('cisco_iosv').match(/key-hash/g)!.length, 1, 'IOS takes RSA keys only');
  assert.match(file('cisco_asav'), /ssh authentication publickey ([0-9a-f]{2}:){31}[0-9a-f]{2} hashed/);
  assert.doesNotMatch(file('cisco_ftdv'), /ssh-/);
  assert.doesNotMatch(file('mikrotik_chr'), /ssh-/);
  assert.equal(day0Files('mikrotik_chr', 'r1', MGMT, [KEY])['sherpa_ssh_key.pub'], `${KEY}\n`);
  assert.doesNotMatch(file('cisco_iosv'), /license boot level/, 'only models with a license line');
  assert.match(file('cisco_cat8000v'), /license boot level network-advantage/);
  assert.equal(keyForms(KEY).line, KEY);
  // ztp_config replaces the generated file under its own name (Sherpa's rule)
  assert.deepEqual(day0Files('cisco_iosv', 'r1', MGMT, [KEY], 'hostname custom\n'), {
    'ios_config.txt': 'hostname custom\n',
  });
  const pan = day0Files('paloalto_panos', 'p1', MGMT, [KEY], 'type=dhcp-client\n');
  assert.equal(pan['config/init-cfg.txt'], 'type=dhcp-client\n');
  assert.match(pan['config/bootstrap.xml'], /<hostname>p1<\/hostname>/);
  const ign = JSON.parse(ignitionConfig('f1', MGMT, INPUT));
  assert.equal(ign.ignition.version, '3.3.0');
  assert.deepEqual(ign.passwd.users[0].sshAuthorizedKeys, INPUT.keys);
  const motd = ign.storage.files.find((f: { path: string }) => f.path === '/etc/motd');
  assert.equal(motd.mode, 420, '644 octal digits = 420 decimal, converted once');
});

test('up refuses bad provisioning input before creating anything, naming the node and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prov-'));
  writeFileSync(join(dir, 'ok.sh'), '#!/bin/sh\necho hi\n');
  writeFileSync(join(dir, 'empty.sh'), '');
  writeFileSync(join(dir, 'notakey.pub'), 'hello\n');
  writeFileSync(join(dir, 'motd'), 'hi\n');
  mkdirSync(join(dir, 'adir'));
  const manifest = join(dir, 'manifest.toml');
  const text = `name = "p"
[[nodes]]
name = "v1"
model = "ubuntu_linux"
startup_scripts = ["ok.sh", "adir", "missing.sh", "empty.sh"]
ssh_authorized_keys = ["not a key", "ssh-ed25519 AAAAC3Nz extra"]
ssh_authorized_key_files = [{ source = "notakey.pub" }]
environment_variables = ["A=1", "HOME_FROM=$SHERPA_TEST_UNSET_VAR", "B=$SHERPA_TEST_SET"]
text_files = [{ src = "motd", dst = "/etc/motd", user = "root", group = "root", permissions = 644 }]
`;
  const v = validateManifest(text, IMAGES);
  const { inputs, problems } = gatherProvision(v.view, manifest, KEY, { SHERPA_TEST_SET: 'yes' });
  const msgs = problems.map((p) => `${p.node}: ${p.message}`);
  assert.deepEqual(msgs, [
    'v1: ssh_authorized_keys[0] is not an OpenSSH public key ("<type> <base64> [comment]")',
    'v1: ssh_authorized_key_files: notakey.pub does not hold an OpenSSH public key',
    'v1: startup_scripts: adir is not a file',
    'v1: startup_scripts: missing.sh cannot be read (ENOENT)',
    'v1: startup_scripts: empty.sh is empty',
    'v1: environment_variables: HOME_FROM takes $SHERPA_TEST_UNSET_VAR, which is not set',
  ]);
  const input = inputs.get('v1')!;
  assert.deepEqual(input.keys, [KEY, 'ssh-ed25519 AAAAC3Nz']);
  assert.deepEqual(input.env, [
    ['A', '1'],
    ['B', 'yes'],
  ]);
  assert.equal(input.textFiles[0].content.toString(), 'hi\n');
  assert.deepEqual(
    input.startupScripts.map((s) => s.name),
    ['ok.sh'],
  );
});

test('editor: a key file whose first line is not a public key is an error; a missing one a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prov-keys-'));
  writeFileSync(join(dir, 'good.pub'), 'ssh-ed25519 AAAAC3Nzgood me@host\n');
  writeFileSync(join(dir, 'bad.pub'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  const text = `name = "p"
[[nodes]]
name = "v1"
model = "ubuntu_linux"
ssh_authorized_key_files = [{ source = "good.pub" }, { source = "bad.pub" }, { source = "gone.pub" }]
`;
  const v = validateManifest(text, IMAGES, undefined, manifestFileProbe(join(dir, 'manifest.toml')));
  const got = v.problems
    .filter((p) => p.code === 'ssh-key' || p.code === 'missing-file')
    .map((p) => [p.severity, p.code, text.slice(p.start, p.end)]);
  assert.deepEqual(got, [
    ['error', 'ssh-key', '"bad.pub"'],
    ['warning', 'missing-file', '"gone.pub"'],
  ]);
});

test('editor: a key that is not an OpenSSH public key is an error; an unserved method is a note', () => {
  const v = validateManifest(
    `name = "p"
nodes = [
  { name = "v1", model = "ubuntu_linux", ssh_authorized_keys = ["ssh-ed25519 AAAAC3Nz me", "hello"] },
  { name = "s1", model = "sonic_linux" },
  { name = "i1", model = "cisco_ise" },
]
`,
    IMAGES,
  );
  const by = (code: string) => v.problems.filter((p) => p.code === code);
  assert.deepEqual(
    by('ssh-key').map((p) => [p.severity, v.view.doc.text.slice(p.start, p.end)]),
    [['error', '"hello"']],
  );
  const notes = [...by('provisioning-mode'), ...by('not-provisioned')];
  assert.deepEqual(
    notes.map((p) => p.severity),
    ['information', 'information'],
  );
  assert.match(
    notes[0].message,
    /sonic_linux: its HTTP ZTP is served in the nat network mode only .*in the user mode it boots unconfigured/,
  );
  assert.match(notes[1].message, /cisco_ise .*ISE-ZTP/);
});

test("editor: provisioning keys warn where the node's method cannot use them", () => {
  const v = validateManifest(
    `name = "p"
nodes = [
  { name = "r1", model = "cisco_iosv",
    text_files = [{ src = "a", dst = "/b", user = "u", group = "g", permissions = 644 }] },
  { name = "v1", model = "ubuntu_linux", environment_variables = ["A=1"], startup_scripts = ["s.sh"] },
]
`,
    IMAGES,
  );
  const noEffect = v.problems.filter((p) => p.code === 'no-effect').map((p) => p.message);
  assert.equal(noEffect.length, 1, JSON.stringify(noEffect));
  assert.match(
    noEffect[0],
    /`text_files` has no effect on cisco_iosv .*: it applies only to cloud-init VMs and Ignition VMs\./,
  );
  // keys go into every day-0 format that takes them; where one has no place for them, the editor says so
  const keys = validateManifest(
    `name = "p"
nodes = [
  { name = "m1", model = "mikrotik_chr", ssh_authorized_keys = ["ssh-ed25519 AAAAC3Nz"] },
  { name = "r1", model = "cisco_iosv", ssh_authorized_keys = ["ssh-ed25519 AAAAC3Nz"] },
]
`,
    IMAGES,
  ).problems.filter((p) => p.code === 'no-effect');
  assert.deepEqual(
    keys.map((p) => p.message),
    ['`ssh_authorized_keys` has no effect on mikrotik_chr: its day-0 configuration has no place for SSH keys.'],
  );
});

test('hover on a node says what it is provisioned with: method, medium, file names; or that it is not yet', () => {
  const md = (h: ReturnType<typeof hover>) => (h!.contents as MarkupContent).value;
  const { a, offset } = at('name = "l"\nnodes = [{ name = "we$0b1", model = "ubuntu_linux" }]\n');
  const text = md(hover(a, offset));
  assert.match(text, /Node \*\*web1\*\* \(node index 1\) — `ubuntu_linux`/);
  assert.match(text, /Provisioning: \*\*cloud-init\*\* — NoCloud seed on a read-only CD-ROM labelled `cidata`/);
  assert.match(text, /`user-data`, `meta-data`, `network-config`/);
  assert.match(text, /User `sherpa` \(sudo\) with the lab key/);
  const r = at('name = "l"\nnodes = [{ name = "r$01", model = "arista_veos" }]\n');
  assert.match(md(hover(r.a, r.offset)), /\*\*tftp\*\* — config served by TFTP .*\(`r1\.conf`\)/);
  const s1 = at('name = "l"\nnodes = [{ name = "s$01", model = "sonic_linux" }]\n');
  assert.match(
    md(hover(s1.a, s1.offset)),
    /\*\*http\*\* — .*the nat network mode only \(`s1\.conf`, `s1_config_db\.json`/,
  );
  const u = at('name = "l"\nnodes = [{ name = "u$01", model = "unikraft_unikernel" }]\n');
  assert.doesNotMatch(md(hover(u.a, u.offset)), /Provisioning/, 'unikernels are not provisioned');
});
