// Closed key sets and value types (common/manifest/rules/structure.ts): the words a type error uses, a float key
// given an integer, and the unknown key's message and fixes. Written for the behaviours that mutations of the rule
// showed no test held (each case fails with its mutant: tried).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyIndex } from '../../common/images/index';
import { revalidate } from '../../common/manifest/revalidate';
import { validateManifest } from '../../common/manifest/validate';
import { fixTitles, problem } from '../helpers/problems';

const lab = (more: string, root = 'name = "l"') =>
  `${root}\nnodes = [{ name = "a", model = "generic_vm"${more} }, { name = "b", model = "generic_vm" }]\n`;
const impaired = (imp: string) =>
  lab('', `name = "l"\nlinks = [{ src = "a::eth1", dst = "b::eth1", p2p = true, ${imp} }]`);
const messages = (text: string) => validateManifest(text).problems.map((p) => p.message);

test('a type error names what the key wants and what it got, in words', () => {
  assert.deepEqual(messages(lab(', memory = 1.5')), ['`memory` must be an integer (MiB), not a number.']);
  assert.deepEqual(messages(lab('', 'name = 1979-05-27')), ['`name` must be a string, not a date-time.']);
  assert.deepEqual(messages(impaired('impairment = { loss_percent = "5" }')), [
    '`loss_percent` must be a number, not a string.',
  ]);
});

test('a float key takes an integer, as Sherpa reads it (5 is 5.0)', () => {
  assert.deepEqual(messages(impaired('impairment = { loss_percent = 5, corrupt_percent = 0.5 }')), []);
});

test('an unknown key: the close names as fixes, the first preferred; none close, the keys allowed', () => {
  const p = problem(lab(', ipv_address = "10.0.0.1"'), 'unknown-key');
  assert.deepEqual(fixTitles(p), ['* Change to `ipv4_address`', 'Change to `ipv6_address`']);
  const far = problem(lab(', zzzzzzzzzz = 1'), 'unknown-key');
  assert.match(far.message, /^Unknown node key `zzzzzzzzzz`\. Allowed keys: `name`, `model`, `image`, `version`, /);
  assert.deepEqual(far.fixes, []);
});

test('a value that could not be read is its syntax error alone, in a key, a string array or a table array', () => {
  const syntax = ['TOML syntax error: Invalid value `12abc` (strings need quotes)'];
  assert.deepEqual(messages(lab(', memory = 12abc')), syntax);
  assert.deepEqual(messages(lab(', startup_scripts = ["a.sh", 12abc]')), syntax);
  assert.deepEqual(messages(lab(', text_files = [12abc]')), syntax);
});

test("an integer range includes both of its ends (memory is a u16: 0 to 65535, as Sherpa's serde reads it)", () => {
  assert.deepEqual(messages(lab(', memory = 65535')), []);
  assert.deepEqual(messages(lab(', memory = 65536')), [
    '`memory` must be an integer from 0 to 65535 (u16); 65536 is out of range.',
  ]);
  assert.deepEqual(messages(lab(', cpu_count = 255')), []);
  // past what a JavaScript number holds exactly, the value is said as written
  assert.deepEqual(messages(lab(', memory = 99999999999999999999')), [
    '`memory` must be an integer from 0 to 65535 (u16); 99999999999999999999 is out of range.',
  ]);
});

test("a keystroke in a root key's value is re-checked there: its range, as a whole validation gives it", () => {
  const store = emptyIndex('/opt/sherpa/images');
  const text = lab('', 'name = "l"\nready_timeout = 120');
  const at = text.indexOf('120');
  const inc = revalidate(validateManifest(text, store), { start: at, end: at, text: '-' }, store);
  assert.ok(inc, 'taken incrementally');
  const want = '`ready_timeout` must be an integer from 0 to 18446744073709551615 (u64); -120 is out of range.';
  assert.deepEqual(
    inc.problems.map((p) => p.message),
    [want],
  );
  assert.deepEqual(messages(text.slice(0, at) + '-' + text.slice(at)), [want]);
});
