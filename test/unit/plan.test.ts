// The pure lab plan: Sherpa's identifiers, addresses, boot modes, links, refusals and domain XML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import { catalog } from '../../common/catalog/catalog';
import { labId, xxh32 } from '../../engine/src/plan/labId';
import { splitDomainName } from '../../engine/src/plan/names';
import { buildPlan, cpuOf, machineFor } from '../../engine/src/plan/plan';
import { domainXml, networkXml, volumeXml } from '../../engine/src/plan/domainXml';
import { parseMetadata } from '../../engine/src/plan/metadata';
import { allocateLoopback } from '../../engine/src/plan/ports';
import type { LabPlan, PlanSettings } from '../../engine/src/plan/types';
import { fakeImages } from '../helpers/images';
import { PLAN_SETTINGS } from '../helpers/plan';

const IMAGES = fakeImages({
  unikraft_unikernel: { versions: { '0.18': { 'kernel.elf': undefined } } },
  generic_unikernel: { versions: { linux: { 'kernel.elf': undefined, initrd: undefined } } },
  nanos_unikernel: { versions: { '1': { 'disk.qcow2': 2 ** 30 } } },
  generic_vm: { versions: { '1': { 'virtioa.qcow2': 2 * 2 ** 30 } } },
  ubuntu_linux: { versions: { '24.04': { 'virtioa.qcow2': 2 ** 30 } } },
  rocky_linux: { versions: { '9': { 'virtioa.qcow2': 2 ** 30 } } },
  juniper_vrouter: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } },
  arista_ceos: { versions: { '4': { x: undefined } } },
});
const SETTINGS: PlanSettings = { ...PLAN_SETTINGS, qbootPath: '/usr/share/qemu/qboot.rom' };

function plan(text: string, settings: Partial<PlanSettings> = {}, n = 1) {
  const v = validateManifest(text, IMAGES);
  return buildPlan({
    view: v.view,
    problems: v.problems,
    manifestPath: '/w/manifest.toml',
    images: IMAGES,
    settings: { ...SETTINGS, ...settings },
    loopbackN: n,
  });
}
function ok(text: string, settings: Partial<PlanSettings> = {}, n = 1): LabPlan {
  const r = plan(text, settings, n);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.plan;
}

const LAB = `name = "unikraft-lab"
[[nodes]]
name = "uk1"
model = "unikraft_unikernel"
kernel_cmdline = "/usr/bin/nginx <x> & 'y'"
ready_port = 80
data_interface_count = 2
[[nodes]]
name = "disk1"
model = "nanos_unikernel"
boot_disk_size = 4
data_interface_count = 1
[[links]]
src = "uk1::eth2"
dst = "disk1::eth1"
`;

test('lab id is XXH32(user + name) with seed 0xFFFFFFFF, as Sherpa computes it', () => {
  assert.equal(labId('bob', 'my-lab'), '05f076b9');
  assert.equal(labId('sherpa', 'unikraft-lab'), '3f7442dd');
  assert.equal(labId('alice', 'test-lab'), 'ace6d63b');
  assert.equal(labId('', ''), '9061da9d');
  assert.equal(xxh32(new TextEncoder().encode('Nobody inspects the spammish repetition'), 0), 0xe2293b2f);
});

test('names, node index, loopback address and console follow Sherpa', () => {
  const p = ok(LAB, {}, 3);
  assert.equal(p.id, '3f7442dd');
  assert.equal(p.loopbackNetwork, '127.127.3.0/24');
  assert.deepEqual(
    p.nodes.map((n) => [n.domainName, n.index, n.loopback, n.consolePort]),
    [
      ['uk1-3f7442dd', 1, '127.127.3.1', 2323],
      ['disk1-3f7442dd', 2, '127.127.3.2', 2323],
    ],
  );
  assert.equal(p.pool.name, 'sherpa-lab-3f7442dd');
  assert.equal(p.nodes[0].serialLog, '/labs/3f7442dd/uk1.serial.log');
});

test('loopback /24s never collide between labs', () => {
  assert.equal(allocateLoopback([]), 1);
  assert.equal(allocateLoopback([1, 2, 4]), 3);
  assert.equal(allocateLoopback(Array.from({ length: 255 }, (_, i) => i + 1)), undefined);
});

test(
  'direct kernel: kernel volume uploaded, cmdline escaped in the XML, qboot firmware, ready_port forwarded to ' +
    'loopback',
  () => {
    const p = ok(LAB);
    const uk = p.nodes[0];
    assert.deepEqual(p.volumes[0], {
      name: 'kernel-unikraft_unikernel-0.18-3f7442dd.elf',
      source: { upload: '/images/unikraft_unikernel/0.18/kernel.elf', size: 1000 },
    });
    const xml = domainXml(p, uk);
    assert.match(xml, /<kernel>\/labs\/3f7442dd\/disks\/kernel-unikraft_unikernel-0\.18-3f7442dd\.elf<\/kernel>/);
    assert.match(xml, /<cmdline>\/usr\/bin\/nginx &lt;x&gt; &amp; 'y'<\/cmdline>/);
    assert.match(xml, /<loader readonly="yes" type="rom">\/usr\/share\/qemu\/qboot\.rom<\/loader>/);
    assert.match(xml, /hostfwd=tcp:127\.127\.1\.1:80-:80/);
    assert.doesNotMatch(xml, /hostfwd=tcp:0\.0\.0\.0|hostfwd=tcp::/, 'forwards bind to loopback only');
    assert.match(xml, /<source mode="bind" host="127\.127\.1\.1" service="2323"\/>/);
    assert.match(
      xml,
      /<on_poweroff>destroy<\/on_poweroff>\s*<on_reboot>restart<\/on_reboot>\s*<on_crash>destroy<\/on_crash>/,
    );
    assert.match(xml, /<log file="\/labs\/3f7442dd\/uk1\.serial\.log" append="on"\/>/);
  },
);

test('an initrd next to kernel.elf is passed along', () => {
  const p = ok('name = "l"\nnodes = [{ name = "lx", model = "generic_unikernel", version = "linux" }]\n');
  assert.match(
    domainXml(p, p.nodes[0]),
    /<initrd>\/labs\/[0-9a-f]{8}\/disks\/kernel-generic_unikernel-linux-[0-9a-f]{8}\.initrd<\/initrd>/,
  );
});

test('nodes of one model and version share one kernel volume; another version gets its own', () => {
  const p = ok(
    'name = "k"\nnodes = [{ name = "a", model = "generic_unikernel", version = "linux" }, { name = "b", model = ' +
      '"generic_unikernel", version = "linux" }, { name = "c", model = "unikraft_unikernel", version = "0.18" }]\n',
  );
  assert.deepEqual(
    p.volumes.map((v) => v.name),
    [
      `kernel-generic_unikernel-linux-${p.id}.elf`,
      `kernel-generic_unikernel-linux-${p.id}.initrd`,
      `kernel-unikraft_unikernel-0.18-${p.id}.elf`,
    ],
  );
  assert.equal(p.nodes[0].kernel!.path, p.nodes[1].kernel!.path);
  assert.notEqual(p.nodes[0].kernel!.path, p.nodes[2].kernel!.path);
});

test('a versioned machine is used where the host offers it, else its family', () => {
  assert.equal(machineFor('pc-i440fx-8.0', ['pc', 'pc-i440fx-8.0']), 'pc-i440fx-8.0');
  assert.equal(machineFor('pc-i440fx-8.0', ['pc', 'pc-i440fx-7.2']), 'pc');
  assert.equal(machineFor('pc-q35-9.0', undefined), 'q35');
  assert.equal(machineFor(undefined, ['pc']), 'pc');
  assert.equal(machineFor('q35', []), 'q35');
  const images = fakeImages({ juniper_vsrxv3: { versions: { '1': { 'virtioa.qcow2': 2 ** 30 } } } });
  const text = 'name = "m"\nnodes = [{ name = "s", model = "juniper_vsrxv3" }]\n';
  const build = (machines: string[]) => {
    const v = validateManifest(text, images);
    const r = buildPlan({
      view: v.view,
      problems: v.problems,
      manifestPath: '/w/manifest.toml',
      images,
      settings: { ...SETTINGS, machines },
      loopbackN: 1,
    });
    assert.ok(r.ok);
    return domainXml(r.plan, r.plan.nodes[0]);
  };
  assert.match(build(['pc', 'pc-i440fx-8.0']), /machine="pc-i440fx-8\.0"/);
  assert.match(build(['pc']), /machine="pc"/);
});

test("the catalog's CPU: host-model by default, a named model with its features otherwise", () => {
  assert.deepEqual(cpuOf(undefined), { mode: 'host-model' });
  assert.deepEqual(cpuOf('SandyBridge+vmx'), { mode: 'custom', model: 'SandyBridge', features: ['vmx'] });
  const p = ok(
    'name = "c"\nnodes = [{ name = "j", model = "juniper_vrouter" }, { name = "u", model = "unikraft_unikernel", ' +
      'version = "0.18" }]\n',
  );
  assert.match(
    domainXml(p, p.nodes[0]),
    new RegExp(
      '<cpu mode="custom" match="exact" check="none">\\s*<model fallback="allow">IvyBridge</model>\\s*' +
        '<feature policy="require" name="vmx"/>',
    ),
  );
  assert.match(domainXml(p, p.nodes[1]), /<cpu mode="host-model" check="none"\/>/);
  // the guest agent channel: VMs only, its controller on the first slot after the data NICs
  const vm = domainXml(p, p.nodes[0]);
  const lastNic = Math.max(...p.nodes[0].nics.map((n) => n.pciSlot));
  assert.match(
    vm,
    new RegExp(
      `<controller type="virtio-serial" index="0">\\s*<address type="pci" domain="0x0000" bus="0x00" ` +
        `slot="0x${(lastNic + 1).toString(16).padStart(2, '0')}"`,
    ),
  );
  assert.match(vm, /<channel type="unix">\s*<target type="virtio" name="org\.qemu\.guest_agent\.0"\/>/);
  assert.doesNotMatch(domainXml(p, p.nodes[1]), /guest_agent|virtio-serial/);
});

test('domain names taken apart: node and lab id, nothing else', () => {
  assert.deepEqual(splitDomainName('edge-1-3f7442dd'), { node: 'edge-1', lab: '3f7442dd' });
  for (const n of ['edge', 'edge-3F7442DD', 'edge-3f7442d', '-3f7442dd'])
    assert.equal(splitDomainName(n), undefined, n);
});

test('disk boot: a qcow2 overlay sized by boot_disk_size, SeaBIOS, boot from disk', () => {
  const p = ok(LAB);
  const disk = p.nodes[1];
  assert.deepEqual(p.volumes[1], {
    name: 'disk1-3f7442dd.qcow2',
    source: { backingPath: '/images/nanos_unikernel/1/disk.qcow2', capacity: 4 * 2 ** 30 },
  });
  const xml = domainXml(p, disk);
  assert.match(xml, /<boot dev="hd"\/>/);
  assert.doesNotMatch(xml, /<loader/);
  assert.match(xml, /<source pool="sherpa-lab-3f7442dd" volume="disk1-3f7442dd\.qcow2"\/>/);
  assert.match(volumeXml(p.volumes[1]), /<backingStore>\s*<path>\/images\/nanos_unikernel\/1\/disk\.qcow2<\/path>/);
});

test('VMs boot a per-lab overlay of virtioa.qcow2 and forward SSH for readiness', () => {
  const p = ok('name = "l"\nnodes = [{ name = "vm1", model = "generic_vm" }]\n');
  assert.equal(p.volumes[0].name, `vm1-${p.id}-hdd.qcow2`);
  assert.deepEqual(p.nodes[0].forwards, [{ host: '127.127.1.1', hostPort: 22, guestPort: 22 }]);
});

test('remote URIs upload each base image once into the pool', () => {
  const p = ok(
    'name = "l"\nnodes = [{ name = "a", model = "nanos_unikernel" }, { name = "b", model = "nanos_unikernel" }]\n',
    { local: false, uri: 'qemu+tcp://127.0.0.1/system' },
  );
  assert.deepEqual(
    p.volumes.map((v) => v.name),
    ['base-nanos_unikernel-1-disk.qcow2', `a-${p.id}.qcow2`, `b-${p.id}.qcow2`],
  );
});

test('links become UDP tunnels between loopback addresses, in interface order', () => {
  const p = ok(LAB);
  const [uk, disk] = p.nodes;
  assert.deepEqual(
    uk.nics.map((n) => [n.name, n.localPort, n.peer?.address, n.peer?.port]),
    [
      ['eth1', 10101, undefined, undefined],
      ['eth2', 10102, '127.127.1.2', 10201],
    ],
  );
  assert.deepEqual(disk.nics[0].peer, { node: 'uk1', iface: 'eth2', address: '127.127.1.1', port: 10102 });
  const xml = domainXml(p, uk);
  assert.match(
    xml,
    /<source address="127\.127\.1\.1" port="9">\s*<local address="127\.127\.1\.1" port="10101"\/>/,
    'unlinked: frames go to discard',
  );
  assert.match(xml, /<source address="127\.127\.1\.2" port="10201">\s*<local address="127\.127\.1\.1" port="10102"\/>/);
});

test('the domain carries metadata that reads back', () => {
  const p = ok(LAB);
  const xml = domainXml(p, p.nodes[0]);
  const meta = /<sherpa:lab [^>]*\/>/.exec(xml)![0];
  assert.deepEqual(parseMetadata(meta.replace('sherpa:lab', 'lab')), {
    lab: '3f7442dd',
    labName: 'unikraft-lab',
    node: 'uk1',
    index: 1,
    manifest: '/w/manifest.toml',
    loopback: '127.127.1.0/24',
    user: 'sherpa',
    model: 'unikraft_unikernel',
    version: '0.18',
    ports: [80],
    log: '/labs/3f7442dd/uk1.serial.log',
  });
  assert.equal(parseMetadata('<lab id="../x" node="a"/>'), undefined, 'only well-formed ids are ours');
});

test('refusals name the node and the reason, before anything is created', () => {
  const r = plan(
    'name = "l"\nnodes = [{ name = "c1", model = "arista_ceos" }, { name = "u", model = "unikraft_unikernel", ' +
      'version = "9" }]\n',
  );
  assert.ok(!r.ok);
  assert.deepEqual(
    r.problems.map((p) => p.node),
    ['c1', 'u'],
  );
  assert.match(r.problems[0].message, /container model/);
  assert.match(
    r.problems[1].message,
    /Version '9' not found for model: unikraft_unikernel\. Available versions: 0\.18/,
  );
  const bad = plan('name = "l"\nnodes = [{ name = "../x", model = "unikraft_unikernel" }]\n');
  assert.ok(!bad.ok && /cannot become a domain or file name/.test(bad.problems[0].message));
  const slash = plan('name = "l"\nnodes = [{ name = "a/b", model = "unikraft_unikernel" }]\n');
  assert.ok(!slash.ok);
  const small = plan('name = "l"\nnodes = [{ name = "v", model = "generic_vm", boot_disk_size = 2 }]\n');
  assert.ok(!small.ok && /must be larger than current size/.test(small.problems[0].message));
  const invalid = plan('name = "l"\nnodes = [{ name = "v", model = "nope" }]\n');
  assert.ok(!invalid.ok && /manifest error: Unknown model/.test(invalid.problems[0].message));
  const bridges = plan(
    'name = "l"\nnodes = [{ name = "a", model = "generic_vm" }]\n[[bridges]]\nname = "b"\nlinks = ["a::eth1"]\n',
    { uri: 'qemu:///session' },
  );
  assert.ok(
    !bridges.ok && /bridges are shared L2 segments .* need a privileged connection/.test(bridges.problems[0].message),
  );
  const nat = plan('name = "l"\nnodes = [{ name = "a", model = "generic_vm" }]\n', { networkMode: 'nat' });
  assert.ok(!nat.ok && /nat network mode .* needs a privileged connection/.test(nat.problems[0].message));
});

test('versions with .. or / never reach a path: refused with the reason, in the editor and by the plan', () => {
  for (const version of ['..', 'a/../../etc']) {
    const images = fakeImages({ unikraft_unikernel: { versions: { [version]: { 'kernel.elf': undefined } } } });
    const text =
      `name = "l"\nnodes = [{ name = "a", model = "unikraft_unikernel", version = ` + `${JSON.stringify(version)} }]\n`;
    const v = validateManifest(text, images);
    const editor = v.problems.find((p) => p.code === 'unusable-version');
    assert.equal(editor?.severity, 'error', version);
    const r = buildPlan({
      view: v.view,
      problems: v.problems,
      manifestPath: '/m',
      images,
      settings: SETTINGS,
      loopbackN: 1,
    });
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /version '.*' cannot be a folder name of the image store/, version);
  }
});

test('node names up refuses are errors in the editor, in the words of the plan', () => {
  for (const name of ['n/2', '--help', 'x'.repeat(64), 'a b']) {
    const text = `name = "l"\nnodes = [{ name = ${JSON.stringify(name)}, model = "unikraft_unikernel" }]\n`;
    const v = validateManifest(text, IMAGES);
    const editor = v.problems.find((p) => p.code === 'unusable-node-name');
    assert.equal(editor?.severity, 'error', name);
    const r = plan(text);
    assert.ok(!r.ok && r.problems[0].message.includes(editor.message), name);
  }
  assert.ok(
    !validateManifest(
      'name = "l"\nnodes = [{ name = "n-1.a_b", model = "unikraft_unikernel" }]\n',
      IMAGES,
    ).problems.some((p) => p.code === 'unusable-node-name'),
  );
  // a container runs on Docker in Sherpa, never as a domain here, and a node of an unknown model is reported as
  // that: neither is held to the names and versions a domain needs
  assert.equal(catalog().model('arista_ceos')?.kind, 'container');
  for (const model of ['arista_ceos', 'no_such_model']) {
    const codes = validateManifest(
      `name = "l"\nnodes = [{ name = "a b", model = "${model}", version = "../x" }]\n`,
      IMAGES,
    ).problems.map((p) => p.code);
    assert.ok(!codes.some((c) => c.startsWith('unusable-')), `${model}: ${codes.join(' ')}`);
  }
});

test('bridges become L2-only libvirt networks on a privileged connection; members join them at their interface', () => {
  const p = ok(
    'name = "l"\nnodes = [\n  { name = "a", model = "unikraft_unikernel", data_interface_count = 2 },\n  { name = ' +
      '"b", model = "generic_vm" },\n]\n[[bridges]]\nname = "seg"\nlinks = ["a::eth2", "b::eth1", "ghost::eth1"]\n',
    { privileged: true },
  );
  assert.deepEqual(p.networks, [{ name: `sherpa-bridge0-${p.id}`, bridge: `brs0-${p.id}` }]);
  assert.deepEqual(
    p.nodes[0].nics.map((n) => n.network),
    [undefined, `sherpa-bridge0-${p.id}`],
  );
  const xml = networkXml(p.networks[0]);
  assert.match(xml, /<bridge name="brs0-[0-9a-f]{8}" stp="off" delay="0"\/>/);
  assert.doesNotMatch(xml, /<ip|<forward/, 'no host address on a bridge: the host takes no part');
  assert.match(
    domainXml(p, p.nodes[1]),
    new RegExp(`<interface type="network">\\s*<source network="sherpa-bridge0-${p.id}"/>`),
  );
});

test("nat mode: Sherpa's management network, 172.31.<n>.(10 + index) by DHCP, no forwarded ports", () => {
  const p = ok(LAB, { privileged: true, networkMode: 'nat' }, 4);
  const mgmt = p.networks.find((n) => n.nat)!;
  assert.equal(mgmt.name, 'sherpa-management-3f7442dd');
  assert.equal(mgmt.bridge, 'brm-3f7442dd');
  assert.deepEqual(
    p.nodes.map((n) => n.management),
    [
      { kind: 'network', network: 'sherpa-management-3f7442dd', mac: '52:54:00:3f:74:01', ip: '172.31.4.11' },
      { kind: 'network', network: 'sherpa-management-3f7442dd', mac: '52:54:00:3f:74:02', ip: '172.31.4.12' },
    ],
  );
  assert.deepEqual(p.nodes[0].forwards, []);
  const net = networkXml(mgmt);
  assert.match(net, /<forward mode="nat"\/>/);
  assert.match(net, /<ip address="172\.31\.4\.1" netmask="255\.255\.255\.0">/);
  assert.match(net, /<host mac="52:54:00:3f:74:01" name="uk1" ip="172\.31\.4\.11"\/>/);
  const xml = domainXml(p, p.nodes[0]);
  assert.doesNotMatch(xml, /qemu:commandline/);
  assert.match(xml, /<mac address="52:54:00:3f:74:01"\/>\s*<source network="sherpa-management-3f7442dd"\/>/);
});

test("VMs get the catalog's machine; UEFI models need UEFI firmware on the host", () => {
  const p = ok('name = "l"\nnodes = [{ name = "u", model = "ubuntu_linux" }, { name = "g", model = "generic_vm" }]\n');
  assert.deepEqual(
    p.nodes.map((n) => n.machine),
    ['q35', 'pc'],
  );
  const xml = domainXml(p, p.nodes[0]);
  assert.match(xml, /machine="q35"/);
  assert.match(xml, /virtio-net-pci,netdev=mgmt0,mac=52:54:00:[0-9a-f:]+,bus=pcie\.0,addr=0x03/);
  const refused = plan('name = "l"\nnodes = [{ name = "r", model = "rocky_linux" }]\n');
  assert.ok(!refused.ok && /UEFI firmware, which this host does not have/.test(refused.problems[0].message));
  const efi = ok('name = "l"\nnodes = [{ name = "r", model = "rocky_linux" }]\n', { uefiAvailable: true });
  assert.match(domainXml(efi, efi.nodes[0]), /<os firmware="efi">/);
  assert.match(
    domainXml(efi, efi.nodes[0]),
    new RegExp(
      '<firmware>\\s*<feature enabled="no" name="secure-boot"/>\\s*' +
        '<feature enabled="no" name="enrolled-keys"/>\\s*</firmware>',
    ),
  );
});

test('private consoles: a UNIX socket in the lab folder instead of telnet on the loopback address', () => {
  const p = ok('name = "l"\nnodes = [{ name = "a", model = "unikraft_unikernel" }]\n', { consoleAccess: 'private' });
  assert.equal(p.privateDir, true);
  assert.equal(p.nodes[0].consoleSocket, `${p.labDir}/a.console.sock`);
  const xml = domainXml(p, p.nodes[0]);
  assert.match(xml, new RegExp(`<serial type="unix">\\s*<source mode="bind" path="${p.labDir}/a.console.sock"/>`));
  assert.doesNotMatch(xml, /service="2323"|protocol type="telnet"/);
  assert.match(xml, /console="unix:\/labs\/[0-9a-f]{8}\/a\.console\.sock"/);
  assert.equal(parseMetadata(xml)?.console, `unix:${p.labDir}/a.console.sock`);
  const loop = ok('name = "l"\nnodes = [{ name = "a", model = "unikraft_unikernel" }]\n');
  assert.match(domainXml(loop, loop.nodes[0]), /<source mode="bind" host="127\.127\.1\.1" service="2323"\/>/);
  const remote = plan('name = "l"\nnodes = [{ name = "a", model = "unikraft_unikernel" }]\n', {
    consoleAccess: 'private',
    local: false,
  });
  assert.ok(!remote.ok && /private consoles .* need a libvirt on this machine/.test(remote.problems[0].message));
});
