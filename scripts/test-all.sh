#!/usr/bin/env bash
# Runs every test: type check, lint, bundles, then one node:test run over the unit, protocol and
# integration suites (integration needs libvirt + QEMU + the guest fixtures: set up here when
# missing, as root). REQUIRE_LIBVIRT=1 turns "libvirt missing" from a visible skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$SECONDS; stamp() { echo "[test +$((SECONDS-T0))s] $*"; }
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
npm run --silent build
npx tsc -p tsconfig.json
stamp "built"
if [ "$(id -u)" = 0 ] && ! virsh -c qemu:///system version >/dev/null 2>&1; then
  bash .ci/setup-libvirt.sh >/dev/null && stamp "libvirt ready"
fi
if [ ! -e test/fixtures/build/images/generic_unikernel/linux/initrd ] && command -v qemu-img >/dev/null; then
  LINUX=1 bash test/fixtures/guests/build.sh >/dev/null && stamp "guest fixtures built"
fi
# one run, one summary; files one at a time because the integration suites share libvirt
node --test --test-concurrency=1 --test-reporter=spec out/test/unit/ out/test/protocol/ out/test/integration/
