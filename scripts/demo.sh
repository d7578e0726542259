#!/usr/bin/env bash
# The demo from a fresh clone: installs pnpm and dependencies and runs the offline checkout simulation
# (it runs from the packages' sources through tsx, so no build is needed).
# Usage: bash scripts/demo.sh [demo options]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_dependencies
pnpm_cmd run demo "$@"
