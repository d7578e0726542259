#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs pnpm and dependencies, makes sure PostgreSQL and
# Chromium are there, builds the packages, and runs every test. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/services.sh
[ "${LIFELINE_SKIP_INSTALL:-}" = 1 ] || install_dependencies
ensure_postgres
ensure_chromium
ensure_redis
if [ "${LIFELINE_SKIP_BUILD:-}" != 1 ]; then
  echo "==> building packages"
  pnpm_cmd run build >/dev/null
fi
echo "==> running tests"
mkdir -p test-artifacts
status=0
pnpm_cmd exec vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json || status=$?
node scripts/summary.mjs test-artifacts/vitest.json || status=1
exit "$status"
