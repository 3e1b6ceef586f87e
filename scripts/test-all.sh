#!/usr/bin/env bash
# Runs every test: type check, lint, bundles; one node:test run over the unit, protocol and
# integration suites; then the real-VS-Code suites (extension host + UI, via code-server).
# Integration needs libvirt + QEMU + the guest fixtures, set up here when missing (as root).
# REQUIRE_LIBVIRT=1 / REQUIRE_VSCODE=1 (CI) turn "cannot run here" from a visible skip into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
T0=$SECONDS; stamp() { echo "[test +$((SECONDS-T0))s] $*"; }
set -e
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
npm run --silent build
npx tsc -p tsconfig.json
stamp "built"
# without systemd nothing restarts libvirtd or virtlogd: the (idempotent) setup checks both each run
if [ "$(id -u)" = 0 ] && { [ ! -d /run/systemd/system ] || ! virsh -c qemu:///system version >/dev/null 2>&1; }; then
  bash .ci/setup-libvirt.sh >/dev/null && stamp "libvirt ready"
fi
# the guests this machine can build and does not have yet
fixtures_missing() {
  local f=test/fixtures/build/images
  [ -e $f/generic_unikernel/linux/initrd ] || return 0
  # a changed guest /init (test/fixtures/guests/init.sh) is built again
  [ test/fixtures/guests/init.sh -nt $f/generic_unikernel/linux/initrd ] && return 0
  command -v mformat >/dev/null && [ ! -e $f/rocky_linux/uefi/virtioa.qcow2 ] && return 0
  command -v syslinux >/dev/null && [ ! -e $f/sonic_linux/agent/virtioa.qcow2 ] && return 0
  return 1
}
if fixtures_missing && command -v qemu-img >/dev/null; then
  LINUX=1 bash test/fixtures/guests/build.sh >/dev/null && stamp "guest fixtures built"
fi
# the Debian cloud-init VM (provisioning tests): built once and cached under ~/.cache (~3 min), linked here
DEB=test/fixtures/build/images/ubuntu_linux/debian12/virtioa.qcow2
if [ ! -e "$DEB" ] && [ "$(id -u)" = 0 ] && command -v qemu-img >/dev/null; then
  img=$(bash test/fixtures/guests/debian-vm.sh) && mkdir -p "$(dirname "$DEB")" && ln -sf "$img" "$DEB" &&
    stamp "Debian cloud-init guest ready"
fi
set +e
# tests never touch this user's ~/.ssh (Sherpa's Include lines) or make a key in its home
export SHERPA_SSH_DIR=${SHERPA_SSH_DIR:-$(mktemp -d -t sherpa-test-ssh.XXXXXX)}
# an interrupted earlier run may have left its labs; fixed test lab names would then collide
virsh -c "${LIBVIRT_DEFAULT_URI:-qemu:///system}" version >/dev/null 2>&1 && node out/test/helpers/reapTestLabs.js
TAP=$(mktemp)
# one run, files one at a time: the integration suites share libvirt
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP" out/test/unit/ out/test/protocol/ out/test/integration/
node_rc=$?
# a test that times out is "cancelled", not "fail", in node:test's counts: both are failures here
pass=$(awk '/^# pass /{print $3}' "$TAP"); skip=$(awk '/^# skipped /{print $3}' "$TAP")
fail=$(awk '/^# (fail|cancelled) /{n += $3} END {print n + 0}' "$TAP")
stamp "node suites: $pass passed, $fail failed, $skip skipped"

vs_rc=0
if [ "$(id -u)" = 0 ] || command -v chromium >/dev/null; then
  OUT=$(mktemp)
  bash scripts/vscode-e2e.sh 2>&1 | tee "$OUT"
  vs_rc=${PIPESTATUS[0]}
  while read -r line; do
    pass=$((pass + $(echo "$line" | sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/')))
    fail=$((fail + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
  done < <(grep -E "^(vscode|ui): [0-9]+ passed, [0-9]+ failed" "$OUT")
  [ $vs_rc = 0 ] || [ -n "$(grep -E '^(vscode|ui): ' "$OUT")" ] || fail=$((fail + 1))
elif [ "${REQUIRE_VSCODE:-0}" = 1 ]; then
  echo "real-VS-Code tests need root (apt) or chromium"; vs_rc=1; fail=$((fail + 1))
else
  echo "SKIPPED: real-VS-Code tests (need root for apt, or chromium installed)"; skip=$((skip + 1))
fi
stamp "done in $((SECONDS-T0)) s"
echo "total: $pass passed, $fail failed, $skip skipped"
[ $node_rc = 0 ] && [ $vs_rc = 0 ]
