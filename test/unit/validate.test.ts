// Rules beyond the corpus: kinds, numbers, images, quick-fix edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import { revalidate } from '../../common/manifest/revalidate';
import { emptyIndex } from '../../common/images/index';
import { fakeImages } from '../helpers/images';
import { apply, applyEdits, codes, problem } from '../helpers/problems';

test('kernel_cmdline on a disk-boot unikernel has no effect, with a quick fix that removes it', () => {
  const text = 'name = "l"\n[[nodes]]\nname = "n"\nmodel = "nanos_unikernel"\nkernel_cmdline = "x"\n';
  const p = problem(text, 'no-effect');
  assert.equal(p.severity, 'warning');
  assert.equal(p.unnecessary, true);
  assert.equal(text.slice(p.start, p.end), 'kernel_cmdline = "x"');
  assert.equal(apply(text, p), 'name = "l"\n[[nodes]]\nname = "n"\nmodel = "nanos_unikernel"\n');
});

test('ready_port on a VM has no effect; in an inline table the fix removes the entry and its comma', () => {
  const text = 'name = "l"\nnodes = [{ name = "n", model = "generic_vm", ready_port = 80 }]\n';
  const p = problem(text, 'no-effect');
  assert.equal(apply(text, p), 'name = "l"\nnodes = [{ name = "n", model = "generic_vm" }]\n');
});

test('kernel_cmdline and ready_port are fine on a direct-kernel unikernel', () => {
  const r = validateManifest(
    'name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\nkernel_cmdline = "/app"\nready_port = 80\n',
  );
  assert.deepEqual(codes(r.problems), []);
});

test('ready_port 0 is a warning, 70000 an error; boot_disk_size on a direct-kernel unikernel has no effect', () => {
  assert.equal(
    problem('name = "l"\nnodes = [{ name = "n", model = "generic_unikernel", ready_port = 0 }]\n', 'ready-port')
      .severity,
    'warning',
  );
  assert.equal(
    problem('name = "l"\nnodes = [{ name = "n", model = "generic_unikernel", ready_port = 70000 }]\n', 'int-range')
      .severity,
    'error',
  );
  problem('name = "l"\nnodes = [{ name = "n", model = "generic_unikernel", boot_disk_size = 4 }]\n', 'no-effect');
});

test('unknown keys and models suggest the closest name and fix it', () => {
  const text = 'name = "l"\nnodes = [{ name = "n", modle = "ubuntu_linx" }]\n';
  const key = problem(text, 'unknown-key');
  assert.match(key.message, /Did you mean `model`/);
  const fixed = apply(text, key);
  const m = problem(fixed, 'unknown-model');
  assert.match(m.message, /Did you mean `ubuntu_linux`/);
  assert.equal(apply(fixed, m), 'name = "l"\nnodes = [{ name = "n", model = "ubuntu_linux" }]\n');
});

test('a link beyond data_interface_count offers to raise the count', () => {
  const text =
    'name = "l"\nnodes = [\n  { name = "a", model = "unikraft_unikernel" },\n  { name = "b", model = ' +
    '"unikraft_unikernel", data_interface_count = 1 },\n]\nlinks = [{ src = "a::eth1", dst = "b::eth1" }]\n';
  const p = problem(text, 'interface-out-of-range');
  const fixed = apply(text, p);
  assert.match(fixed, /\{ name = "a", model = "unikraft_unikernel", data_interface_count = 1 \}/);
  assert.deepEqual(
    validateManifest(fixed).problems.filter((x) => x.severity === 'error'),
    [],
  );
});

test('container models are valid but flagged as not startable locally', () => {
  const p = problem('name = "l"\nnodes = [{ name = "c", model = "frr_linux" }]\n', 'container-model');
  assert.equal(p.severity, 'warning');
});

test('versions are checked against the image store and list what exists', () => {
  const images = fakeImages({
    unikraft_unikernel: { versions: { '0.17': { 'kernel.elf': undefined }, '0.18': { 'kernel.elf': undefined } } },
  });
  const text = 'name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\nversion = "0.19"\n';
  const p = problem(text, 'unknown-version', images);
  assert.match(p.message, /Version '0\.19' not found for model: unikraft_unikernel\. Available versions: 0\.17, 0\.18/);
  assert.equal(text.slice(p.start, p.end), '"0.19"', 'on the version asked for');
  assert.equal(apply(text, p, 1), text.replace('"0.19"', '"0.18"'));
  assert.deepEqual(
    p.fixes?.map((f) => !!f.preferred),
    [false, true],
    'the latest version is the preferred fix',
  );
  // a version `up` refuses is the names rule's error alone, not also an unknown version
  assert.deepEqual(codes(validateManifest(text.replace('"0.19"', '".."'), images).problems), [
    'error:unusable-version',
  ]);
  const amb = problem('name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\n', 'ambiguous-version', images);
  assert.equal(amb.end - amb.start, '"unikraft_unikernel"'.length, 'on the model: no version was asked for');
  assert.equal(
    apply('name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\n', amb, 0),
    'name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\nversion = "0.17"\n',
  );
  const marked = fakeImages({
    unikraft_unikernel: {
      versions: { '0.17': { 'kernel.elf': undefined }, '0.18': { 'kernel.elf': undefined } },
      marked: '0.17',
    },
  });
  assert.deepEqual(
    codes(validateManifest('name = "l"\n[[nodes]]\nname = "n"\nmodel = "unikraft_unikernel"\n', marked).problems),
    [],
  );
});

test('a version folder without the image file names the expected path', () => {
  const images = fakeImages({ nanos_unikernel: { versions: { '1': { 'kernel.elf': undefined } } } });
  const p = problem(
    'name = "l"\nnodes = [{ name = "n", model = "nanos_unikernel", version = "1" }]\n',
    'missing-image-file',
    images,
  );
  assert.match(p.message, /Expected path: \/images\/nanos_unikernel\/1\/disk\.qcow2/);
});

test('boot_disk_size must exceed the image virtual size (read from qcow2)', () => {
  const images = fakeImages({ generic_vm: { versions: { '1': { 'virtioa.qcow2': 5 * 2 ** 30 } } } });
  const text = 'name = "l"\nnodes = [{ name = "n", model = "generic_vm", boot_disk_size = 5 }]\n';
  const p = problem(text, 'boot-disk-too-small', images);
  assert.equal(p.severity, 'error');
  assert.match(
    p.message,
    new RegExp(
      '^Requested size 5G \\(5368709120 bytes\\) must be larger than current size \\(5368709120 bytes\\) ' +
        'for: /images/generic_vm/1/virtioa\\.qcow2',
    ),
  );
  assert.equal(apply(text, p), text.replace('= 5 }', '= 6 }'));
  assert.deepEqual(codes(validateManifest(text.replace('= 5 }', '= 6 }'), images).problems), []);
  // an image of 65,535 GiB or more: no size fits boot_disk_size (a u16 of GiB), so no fix
  const huge = fakeImages({ generic_vm: { versions: { '1': { 'virtioa.qcow2': 65535 * 2 ** 30 } } } });
  assert.deepEqual(problem(text, 'boot-disk-too-small', huge).fixes, []);
  const big = fakeImages({ generic_vm: { versions: { '1': { 'virtioa.qcow2': 65534 * 2 ** 30 } } } });
  assert.equal(problem(text, 'boot-disk-too-small', big).fixes?.[0].title, 'Change to 65535');
});

test('no image diagnostics when the images folder does not exist', () => {
  assert.deepEqual(
    codes(validateManifest('name = "l"\nnodes = [{ name = "n", model = "generic_vm", version = "9" }]\n').problems),
    [],
  );
});

test('type errors name the key and the expected type', () => {
  const p = problem('name = "l"\nnodes = [{ name = "n", model = "generic_vm", memory = "lots" }]\n', 'type');
  assert.equal(p.message, '`memory` must be an integer (MiB), not a string.');
});

test('a syntax error is placed on its line and does not hide the other local problems', () => {
  const r = validateManifest('name = "l"\nnodes = [{ name = "n", model = "generic_vmm" }]\nbroken = = 1\n');
  assert.ok(r.problems.some((p) => p.code === 'toml-syntax' && r.lines.position(p.start).line === 2));
  assert.ok(r.problems.some((p) => p.code === 'unknown-model'));
  assert.ok(!r.problems.some((p) => p.code === 'missing-key'), 'no "missing key" noise while the document is broken');
});

test('IPv4 syntax follows Rust: four decimal octets from 0 to 255, no leading zeros', () => {
  const v4 = (a: string) =>
    codes(
      validateManifest(`name = "l"\nnodes = [{ name = "n", model = "generic_vm", ipv4_address = "${a}" }]\n`).problems,
    );
  for (const ok of ['10.0.0.1', '255.255.255.255', '0.0.0.0', '249.199.99.9']) assert.deepEqual(v4(ok), [], ok);
  for (const bad of ['10.0.0.01', '256.0.0.1', '1.2.3.256', '260.0.0.1', '1.2.3', '1.2.3.4.5', '1.2.3.x'])
    assert.deepEqual(v4(bad), ['error:ipv4-address'], bad);
});

test('values Sherpa accepts that cannot work are warnings, at their boundaries, for the kinds they concern', () => {
  const n = (model: string, kv: string) => `name = "l"\nnodes = [{ name = "n", model = "${model}", ${kv} }]\n`;
  const has = (text: string) => codes(validateManifest(text).problems);
  assert.deepEqual(has('name = "l"\nready_timeout = 0\nnodes = []\n'), ['warning:ready-timeout']);
  assert.deepEqual(has('name = "l"\nready_timeout = 1\nnodes = []\n'), []);
  assert.deepEqual(has(n('generic_vm', 'cpu_count = 0')), ['warning:cpu-count']);
  assert.deepEqual(has(n('generic_vm', 'cpu_count = 1')), []);
  assert.deepEqual(has(n('generic_vm', 'memory = 15')), ['warning:memory']);
  assert.deepEqual(has(n('generic_vm', 'memory = 16')), []);
  // ready_port waits on unikernels only: on a VM the key has no effect, and that is what is said
  assert.deepEqual(has(n('unikraft_unikernel', 'ready_port = 0')), ['warning:ready-port']);
  assert.deepEqual(has(n('generic_vm', 'ready_port = 0')), ['warning:no-effect']);
});

test('files the manifest points at are checked when a file probe is given (Sherpa CLI stage C1)', () => {
  const text =
    'name = "l"\n[[nodes]]\nname = "r1"\nmodel = "cisco_cat8000v"\nztp_config = "configs/r1.txt"\nstartup_scripts = ' +
    '["init.sh", "empty.sh"]\ntext_files = [{ src = "gone.txt", dst = "/a" }, { src = "empty.txt", dst = "/b" }]\n';
  // (an empty text file is a file to copy: only scripts and configs must hold something)
  const probe = (p: string) =>
    p === 'init.sh' ? ('file' as const) : p.startsWith('empty.') ? ('empty' as const) : ('missing' as const);
  const ps = validateManifest(text, undefined, undefined, probe).problems.filter((p) => p.code === 'missing-file');
  assert.deepEqual(
    ps.map((p) => [p.severity, p.message]),
    [
      ['warning', "Failed to read ztp_config for node 'r1': configs/r1.txt (sherpa up needs it)"],
      ['warning', "startup_script for node 'r1' is empty: empty.sh"],
      ['warning', "Failed to read text_file for node 'r1': gone.txt"],
    ],
  );
  assert.deepEqual(
    validateManifest(text).problems.filter((p) => p.code === 'missing-file'),
    [],
    'no probe, no file checks',
  );
  // only an SSH key file is read as a public key: a probe that finds no key in any file it is asked to read as
  // one leaves the configs, scripts and text files alone
  const noKeys = (_: string, as?: 'public-key') => (as === 'public-key' ? ('not-a-key' as const) : ('file' as const));
  assert.deepEqual(
    validateManifest(text, undefined, undefined, noKeys).problems.filter((p) => p.code === 'ssh-key'),
    [],
  );
});

test('each key that names files is checked on a node that has no other (nodes without one are passed over)', () => {
  const missing = () => 'missing' as const;
  const one = (kv: string) =>
    validateManifest(
      `name = "l"\n[[nodes]]\nname = "r1"\nmodel = "ubuntu_linux"\n${kv}\n`,
      undefined,
      undefined,
      missing,
    )
      .problems.filter((p) => p.code === 'missing-file' || p.code === 'ssh-key')
      .map((p) => p.message.split(' for node')[0]);
  assert.deepEqual(one('ztp_config = "a.cfg"'), ['Failed to read ztp_config']);
  assert.deepEqual(one('startup_scripts = ["a.sh"]'), ['Failed to read startup_script']);
  assert.deepEqual(one('user_scripts = ["a.sh"]'), ['Failed to read user_script']);
  assert.deepEqual(one('text_files = [{ src = "a.txt", dst = "/a" }]'), ['Failed to read text_file']);
  assert.deepEqual(one('ssh_authorized_key_files = [{ source = "k.pub" }]'), ['Failed to read ssh_key_file']);
  assert.deepEqual(one('cpu_count = 2'), []);
});

test("Sherpa's data model: the *_data keys are arrays of tables with their required fields", () => {
  const node = (extra: string) =>
    validateManifest(`name = "l"\n[[nodes]]\nname = "v"\nmodel = "ubuntu_linux"\n${extra}\n`).problems.filter(
      (p) => p.code !== 'no-image',
    );
  const codes = (extra: string) => node(extra).map((p) => p.code);
  assert.deepEqual(codes('startup_scripts_data = [{ filename = "a.sh", content = "echo hi" }]'), ['internal-key']);
  assert.deepEqual(codes('user_scripts_data = [{ filename = "a.sh", content = "" }]'), ['internal-key']);
  assert.deepEqual(
    codes('text_files_data = [{ content = "x", dst = "/etc/x", user = "root", group = "root", permissions = 644 }]'),
    ['internal-key'],
  );
  assert.ok(codes('startup_scripts_data = ["echo hi"]').includes('type'), 'a string is not a script');
  assert.ok(
    node('startup_scripts_data = [{ filename = "a.sh" }]').some(
      (p) => p.code === 'missing-key' && /content/.test(p.message),
    ),
  );
  assert.ok(
    node('text_files_data = [{ content = "x", dst = "/x", user = "u", group = "g" }]').some(
      (p) => p.code === 'missing-key' && /permissions/.test(p.message),
    ),
  );
});

test('ztp_config applies to VMs and to the four container models whose configuration Sherpa replaces with it', () => {
  for (const model of ['arista_ceos', 'nokia_srlinux', 'frr_linux', 'hashicorp_vault']) {
    const v = validateManifest(`name = "l"\n[[nodes]]\nname = "c"\nmodel = "${model}"\nztp_config = "c.cfg"\n`);
    assert.ok(!v.problems.some((p) => p.code === 'no-effect'), `${model}: ${JSON.stringify(v.problems)}`);
  }
  const other = validateManifest('name = "l"\n[[nodes]]\nname = "c"\nmodel = "mysql_db"\nztp_config = "c.cfg"\n');
  assert.ok(
    other.problems.some((p) => p.code === 'no-effect'),
    'other containers: no effect',
  );
  const uk = validateManifest(
    'name = "l"\n[[nodes]]\nname = "u"\nmodel = "unikraft_unikernel"\nztp_config = "c.cfg"\n',
  );
  const noEffect = uk.problems.find((p) => p.code === 'no-effect');
  assert.match(noEffect!.message, /applies only to VMs, arista_ceos, nokia_srlinux, frr_linux and hashicorp_vault/);
});

test('link impairments: percentages from 0 to 100; no effect without p2p, with a fix that sets it', () => {
  const text = (imp: string, p2p = 'p2p = true\n') =>
    `name = "l"\nnodes = [{ name = "a", model = "generic_vm" }, { name = "b", model = "generic_vm" }]\n` +
    `[[links]]\nsrc = "a::eth1"\ndst = "b::eth1"\n${p2p}impairment = { ${imp} }\n`;
  const lab = (imp: string, p2p?: string) =>
    validateManifest(text(imp, p2p)).problems.filter((p) => p.code.startsWith('impairment'));
  assert.deepEqual(lab('delay = 100, loss_percent = 50.0'), []);
  const bad = lab('loss_percent = 150.0, corrupt_percent = -1.0');
  assert.deepEqual(
    bad.filter((p) => p.code === 'impairment-range').map((p) => p.message),
    [
      '`loss_percent` is a percentage from 0 to 100, not 150.',
      '`corrupt_percent` is a percentage from 0 to 100, not -1.',
    ],
  );
  // not a table: the structure rule's type error, and nothing of this rule
  const notTable = validateManifest(text('').replace('impairment = {  }', 'impairment = "lossy"')).problems;
  assert.deepEqual(
    notTable.map((p) => p.code),
    ['type'],
  );
  // (a percentage written as an integer is one too)
  assert.deepEqual(
    lab('loss_percent = 150').map((p) => p.message),
    ['`loss_percent` is a percentage from 0 to 100, not 150.'],
  );
  // without p2p (absent or false) Sherpa ignores it: a warning whose fix makes the link p2p, then no warning
  for (const p2p of ['', 'p2p = false\n']) {
    const src = text('delay = 100', p2p);
    const [w] = lab('delay = 100', p2p);
    assert.equal(w.code, 'impairment-no-p2p');
    assert.equal(w.severity, 'warning');
    const fixed = applyEdits(src, w.fixes![0].edits);
    // `p2p = false` made true where it stands; an absent one written after `dst`
    assert.equal(fixed, text('delay = 100'));
    assert.deepEqual(
      validateManifest(fixed).problems.filter((p) => p.code.startsWith('impairment')),
      [],
    );
  }
  const negative = validateManifest(
    'name = "l"\nnodes = [{ name = "a", model = "generic_vm" }, { name = "b", model = "generic_vm" }]\n' +
      '[[links]]\nsrc = "a::eth1"\ndst = "b::eth1"\nimpairment = { delay = -5 }\n',
  ).problems;
  assert.ok(
    negative.some((p) => p.code === 'int-range' && /`delay`/.test(p.message)),
    JSON.stringify(negative),
  );
});

test('an interface used twice is reported at each later use, naming the first; a duplicate name at later nodes', () => {
  const text =
    'name = "l"\n' +
    'nodes = [\n' +
    '  { name = "a", model = "generic_vm", data_interface_count = 2 },\n' +
    '  { name = "b", model = "generic_vm", data_interface_count = 2, memory = 1024 },\n' +
    '  { name = "a", model = "generic_vm" },\n' +
    '  { name = "a", model = "generic_vm" },\n' +
    ']\n' +
    'links = [\n' +
    '  { src = "a::eth1", dst = "b::eth1" },\n' +
    '  { src = "b::eth2", dst = "a::eth1" },\n' +
    '  { src = "b::eth1", dst = "a::eth2" },\n' +
    ']\n' +
    'bridges = [{ name = "br", links = ["a::eth2", "b::eth2"] }]\n';
  const store = emptyIndex('/nowhere');
  const v = validateManifest(text, store);
  const inUse = v.problems.filter((p) => p.code === 'interface-in-use');
  assert.deepEqual(
    inUse.map((p) => [text.slice(p.start, p.end), p.message]),
    [
      ['"a::eth1"', "Manifest link - device 'a' interface index '1' is already in use (eth1, first used by link 1)"],
      ['"b::eth1"', "Manifest link - device 'b' interface index '1' is already in use (eth1, first used by link 1)"],
      [
        '"a::eth2"',
        "Manifest bridge 'br' - device 'a' interface index '2' is already in use (eth2, first used by link 3)",
      ],
      [
        '"b::eth2"',
        "Manifest bridge 'br' - device 'b' interface index '2' is already in use (eth2, first used by link 2)",
      ],
    ],
  );
  const dups = v.problems.filter((p) => p.code === 'duplicate-node');
  assert.deepEqual(
    dups.map((p) => p.start),
    [text.indexOf('"a"', text.indexOf('"b"')), text.lastIndexOf('"a"')],
  );
  // a keystroke in b (its memory): the incremental path re-checks b's ends and says what a full check says
  const at = text.indexOf('1024') + 4;
  const next = text.slice(0, at) + '0' + text.slice(at);
  const inc = revalidate(v, { start: at, end: at, text: '0' }, store);
  assert.ok(inc, 'a keystroke in a node value is re-checked incrementally');
  assert.deepEqual(
    inc.problems.map((p) => [p.code, p.start, p.message]),
    validateManifest(next, store).problems.map((p) => [p.code, p.start, p.message]),
  );
});
