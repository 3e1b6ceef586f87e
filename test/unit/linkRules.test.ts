// Sherpa's link, bridge and interface-count rules (common/manifest/rules/sherpa.ts): what each reports, where, and
// what its fix writes. Models with reserved interfaces (cisco_iosxrv9000: a management interface, then two
// reserved ones, then data) tell an interface's index from its data index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import { apply, codes, problem } from '../helpers/problems';

const lab = (nodes: string, rest = '') => `name = "l"\nnodes = [\n${nodes}]\n${rest}`;
const node = (name: string, model: string, more = '') => `  { name = "${name}", model = "${model}"${more} },\n`;
const errors = (text: string) => validateManifest(text).problems.filter((p) => p.severity === 'error');

test('a link from a node to itself is reported at its second end', () => {
  const text = lab(node('a', 'generic_vm'), 'links = [{ src = "a::eth1", dst = "a::eth2" }]\n');
  const p = problem(text, 'self-link');
  assert.equal(text.slice(p.start, p.end), 'a', 'on the destination node');
  assert.ok(p.start > text.indexOf('dst'));
  assert.match(p.message, /cannot connect 'a' to itself/);
});

test('a link end naming no node offers the closest names, the first preferred, and the fix makes it valid', () => {
  const nodes = node('router1', 'generic_vm') + node('router2', 'generic_vm');
  // both ends unknown, then one
  for (const links of [
    '{ src = "routr1::eth1", dst = "routr2::eth1" }',
    '{ src = "router1::eth1", dst = "routr2::eth1" }',
  ]) {
    const text = lab(nodes, `links = [${links}]\n`);
    const ps = validateManifest(text).problems.filter((x) => x.code === 'undefined-node');
    assert.equal(ps.length, links.includes('src = "routr1') ? 2 : 1, links);
    const last = ps[ps.length - 1];
    assert.equal(text.slice(last.start, last.end), 'routr2');
    assert.equal(last.fixes?.[0].title, "Change to 'router2'");
    assert.equal(last.fixes?.[0].preferred, true);
    assert.ok(
      last.fixes!.slice(1).every((f) => !f.preferred),
      'one preferred fix',
    );
    let fixed = text;
    for (const p of ps.reverse()) fixed = apply(fixed, p); // (from the last: earlier offsets stay put)
    assert.deepEqual(errors(fixed), [], fixed);
  }
});

test('a bridge member naming no node is a warning with a fix (Sherpa drops it silently)', () => {
  const text = lab(
    node('sw1', 'generic_vm', ', data_interface_count = 2') + node('sw2', 'generic_vm'),
    '[[bridges]]\nname = "br0"\nlinks = ["sw1::eth1", "sw3::eth1"]\n',
  );
  const p = problem(text, 'bridge-unknown-node');
  assert.equal(p.severity, 'warning');
  assert.equal(text.slice(p.start, p.end), 'sw3');
  assert.match(apply(text, p), /links = \["sw1::eth1", "sw(1|2)::eth1"\]/);
  assert.deepEqual(codes(validateManifest(text.replace('sw3', 'sw2')).problems), []);
});

test('an unknown interface names the data interfaces and suggests only those (not management, not reserved)', () => {
  const text = lab(node('xr', 'cisco_iosxrv9000'), '[[bridges]]\nname = "br0"\nlinks = ["xr::reserved"]\n');
  const p = problem(text, 'unknown-interface');
  assert.match(p.message, /names its data interfaces gig0\/0\/0\/0 … gig0\/0\/0\/31\./);
  const titles = p.fixes?.map((f) => f.title) ?? [];
  assert.ok(!titles.some((t) => /reserved|Mgmt/.test(t)), JSON.stringify(titles));
});

test('past data_interface_count: the fix sets the count the interface needs (its index less reserved ones)', () => {
  // gig0/0/0/5 is interface index 8 (management 0, reserved 1-2, data from 3): it needs 6 data interfaces
  const text = lab(
    node('xr', 'cisco_iosxrv9000', ', data_interface_count = 2') + node('b', 'generic_vm'),
    'links = [{ src = "xr::gig0/0/0/5", dst = "b::eth1" }]\n',
  );
  const p = problem(text, 'interface-out-of-range');
  assert.equal(p.fixes?.[0].title, "Set data_interface_count = 6 on 'xr'");
  const fixed = apply(text, p);
  assert.match(fixed, /data_interface_count = 6 \}/);
  assert.deepEqual(errors(fixed), []);
  // a count of 0 is a count: no data interface at all (not the model's default)
  const none = lab(
    node('u', 'ubuntu_linux', ', data_interface_count = 0') + node('b', 'generic_vm'),
    'links = [{ src = "u::eth1", dst = "b::eth1" }]\n',
  );
  assert.equal(problem(none, 'interface-out-of-range').fixes?.[0].title, "Set data_interface_count = 1 on 'u'");
  assert.deepEqual(errors(none.replace(', data_interface_count = 0', '')), [], "ubuntu_linux's default of 1");
  // without a count of its own: the default of 31 reaches gig0/0/0/30; past it, the fix adds a count after the model
  const bare = (iface: string) => text.replace(', data_interface_count = 2', '').replace('gig0/0/0/5', iface);
  assert.deepEqual(errors(bare('gig0/0/0/30')), []);
  const past = problem(bare('gig0/0/0/31'), 'interface-out-of-range');
  assert.match(apply(bare('gig0/0/0/31'), past), /model = "cisco_iosxrv9000", data_interface_count = 32 \}/);
});

test('a model whose default interface count exceeds its names is warned, and the fix sets the most it has', () => {
  const text = lab(node('csr', 'cisco_csr1000v'));
  const p = problem(text, 'default-count-overflow');
  assert.equal(text.slice(p.start, p.end), '"cisco_csr1000v"');
  assert.match(p.message, /default of 16 data interfaces for cisco_csr1000v exceeds its 15 interface names/);
  const fixed = apply(text, p);
  assert.match(fixed, /model = "cisco_csr1000v", data_interface_count = 15 \}/);
  assert.deepEqual(codes(validateManifest(fixed).problems), []);
  assert.deepEqual(codes(validateManifest(lab(node('v', 'cisco_iosv'))).problems), [], 'a default that fits');
});

test('data_interface_count past the names is an error with a fix; past u8 with the reserved ones, an overflow', () => {
  const count = (n: number) => lab(node('xr', 'cisco_iosxrv9000', `, data_interface_count = ${n}`));
  assert.deepEqual(codes(validateManifest(count(32)).problems), [], '32 data interfaces: the most it names');
  const p = problem(count(33), 'interface-count');
  assert.match(p.message, /only 0\.\.=32 data interfaces are supported \(reserved: 2, max interface index: 34\)/);
  assert.equal(apply(count(33), p), count(32));
  // 253 + 2 reserved = 255 fits a u8 (but not the names); 254 + 2 overflows
  assert.match(problem(count(253), 'interface-count').message, /only 0\.\.=32/);
  assert.match(problem(count(254), 'interface-count').message, /reserved interface count 2 causes interface index/);
  // past u8 itself: the range error alone
  assert.deepEqual(codes(validateManifest(count(256)).problems), ['error:int-range']);
});

test('with a syntax error, links are not checked against nodes (a broken node table would name none)', () => {
  // an unclosed quote: the second node's name reads `b, model = ` and no node is named b
  const text = lab(
    node('a', 'generic_vm') + '  { name = "b, model = "generic_vm" },\n',
    'links = [{ src = "a::eth1", dst = "b::eth1" }]\n',
  );
  assert.deepEqual(codes(validateManifest(text).problems), ['error:toml-syntax']);
});
