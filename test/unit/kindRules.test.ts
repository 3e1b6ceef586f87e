// The rules that depend on a node's model and kind (common/manifest/rules/kinds.ts): which kinds a warning concerns,
// what the no-effect and ZTP messages name, and the unknown model's message and fixes. Written for the behaviours
// that mutations of the rules showed no test held (each case fails with its mutant: tried).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import { codes, fixTitles, problem } from '../helpers/problems';

const lab = (model: string, more = '') => `name = "l"\nnodes = [{ name = "n", model = "${model}"${more} }]\n`;
const has = (text: string) => codes(validateManifest(text).problems);

test('numbers that cannot work on a VM say nothing more on a container, where the key has no effect at all', () => {
  const container = ['warning:container-model', 'warning:no-effect'];
  assert.deepEqual(has(lab('arista_ceos', ', cpu_count = 0')), container);
  assert.deepEqual(has(lab('arista_ceos', ', memory = 8')), container);
  // a negative memory is out of the key's range; that is the one thing said
  assert.deepEqual(has(lab('generic_vm', ', memory = -1')), ['error:int-range']);
});

test('boot_disk_size = 0 is a warning where a disk is booted: VMs and disk-boot unikernels', () => {
  assert.deepEqual(has(lab('generic_vm', ', boot_disk_size = 0')), ['warning:boot-disk-size']);
  assert.deepEqual(has(lab('nanos_unikernel', ', boot_disk_size = 0')), ['warning:boot-disk-size']);
  assert.deepEqual(has(lab('unikraft_unikernel', ', boot_disk_size = 0')), ['warning:no-effect']);
});

test('a no-effect warning names the kind of the node, a disk-boot unikernel among them', () => {
  assert.equal(
    problem(lab('nanos_unikernel', ', ztp_config = "r1.cfg"'), 'no-effect').message,
    '`ztp_config` has no effect on nanos_unikernel (a disk-boot unikernel): it applies only to VMs, arista_ceos, ' +
      'nokia_srlinux, frr_linux and hashicorp_vault.',
  );
  assert.match(problem(lab('unikraft_unikernel', ', boot_disk_size = 0'), 'no-effect').message, /a direct-kernel/);
});

test("ztp_config: a container that uses it gets no ZTP error; a VM whose method cannot, Sherpa's, naming it", () => {
  assert.deepEqual(has(lab('arista_ceos', ', ztp_config = "r1.cfg"')), ['warning:container-model']);
  const only = 'Only Tftp, Cdrom, Disk, Usb, and Volume methods support custom ZTP config files.';
  for (const [model, method] of [
    ['alpine_linux', 'CloudInit'],
    ['flatcar_linux', 'Ignition'],
    ['sonic_linux', 'Http'],
  ])
    assert.equal(
      problem(lab(model, ', ztp_config = "r1.cfg"'), 'ztp-config').message,
      `Custom ZTP config is not supported for node 'n' with ZTP method '${method}'. ${only}`,
    );
});

test('an IPv6 address with a zone is not an address Sherpa can give a node', () => {
  assert.deepEqual(has(lab('generic_vm', ', ipv6_address = "fe80::1%eth0"')), ['error:ipv6-address']);
  assert.deepEqual(has(lab('generic_vm', ', ipv6_address = "fe80::1"')), []);
});

test('an unknown model: the close names as fixes, the first preferred; none close, the way to the list', () => {
  const p = problem(lab('generic'), 'unknown-model');
  assert.deepEqual(fixTitles(p), [
    '* Change to `generic_container`',
    'Change to `generic_unikernel`',
    'Change to `generic_vm`',
  ]);
  const far = problem(lab('zzzzzzzz'), 'unknown-model');
  assert.equal(far.message, 'Unknown model `zzzzzzzz`. See the completion list for the 58 models.');
  assert.deepEqual(far.fixes, []);
});
