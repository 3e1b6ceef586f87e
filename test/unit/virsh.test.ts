// virsh's failures: libvirt's own text first, then what to do when the host is not set up.
import assert from 'node:assert/strict';
import test from 'node:test';
import { VirshError } from '../../engine/src/libvirt/virsh';

test("a dead virtlogd gets a hint on how to start it, after libvirt's message", () => {
  const e = new VirshError(
    ['start', 'a-1'],
    "error: Failed to start domain 'a-1'\nerror: Failed to connect socket to '/run/libvirt/virtlogd-sock': " +
      'Connection refused\n',
  );
  const [first, ...rest] = e.message.split('\n');
  assert.equal(first, "Failed to start domain 'a-1'");
  assert.match(rest.join('\n'), /virtlogd is not running.*virtlogd -d/);
});

test('an unusable /dev/kvm points at software emulation', () => {
  const e = new VirshError(
    ['start', 'a-1'],
    'error: internal error: process exited while connecting to monitor: Could not access KVM kernel module: ' +
      'Permission denied',
  );
  assert.match(e.message, /set sherpa\.domainType .* "qemu"/);
});

test("other failures keep libvirt's message alone; missing objects are recognised", () => {
  const e = new VirshError(['dominfo', 'x'], "error: failed to get domain 'x'\n");
  assert.equal(e.message, "failed to get domain 'x'");
  assert.ok(e.notFound);
  assert.equal(new VirshError(['start'], '').message, 'virsh start failed');
});
