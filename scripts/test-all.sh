#!/usr/bin/env bash
# Runs every test: type check, lint, bundles, then the node:test suites (unit, protocol).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
npm run --silent build
npx tsc -p tsconfig.json
node --test --test-reporter=spec out/test/unit/ out/test/protocol/
