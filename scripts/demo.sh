#!/usr/bin/env bash
# The demo from a fresh clone: installs pnpm and dependencies, builds, and runs the offline demo.
# Usage: bash scripts/demo.sh [demo options]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_dependencies
echo "==> building packages"
pnpm_cmd run build >/dev/null
pnpm_cmd run demo "$@"
