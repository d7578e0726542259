# Shared by scripts/*.sh and .ci/run: finds or fetches pnpm 12.4.2 and installs dependencies.
# Source it; it defines `pnpm_cmd` and `install_dependencies`.
set -euo pipefail
PNPM_VERSION=12.4.2

pnpm_cmd() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    pnpm "$@"
  else
    npx --yes "pnpm@$PNPM_VERSION" "$@"
  fi
}

install_dependencies() {
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "Lifeline needs Node.js 20 or newer; this is $(node --version)." >&2
    exit 1
  fi
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "==> installing pnpm $PNPM_VERSION"
    npm install --global "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || echo "    (global install not permitted; using npx pnpm@$PNPM_VERSION)"
  fi
  echo "==> installing dependencies (frozen lockfile)"
  pnpm_cmd install --frozen-lockfile
}
