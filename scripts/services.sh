# Source this: makes sure a PostgreSQL server answers on 127.0.0.1:5432 and Chromium is present,
# installing them with apt-get when missing and allowed (root on Debian/Ubuntu), then exports
#   LIFELINE_TEST_DATABASE_URL  a fresh database for this run
#   LIFELINE_CHROMIUM_PATH      the Chromium binary for browser tests
#   LIFELINE_TEST_REDIS_URL     the Redis the @lifeline/bullmq tests use (default redis://127.0.0.1:6379)
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi; }
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then return 1; fi
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >/dev/null && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if [ -n "${LIFELINE_TEST_DATABASE_URL:-}" ]; then
    echo "==> using PostgreSQL at LIFELINE_TEST_DATABASE_URL"
    return 0
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_isready >/dev/null 2>&1; then
    echo "==> installing PostgreSQL (apt-get install postgresql)"
    apt_install postgresql || { echo "PostgreSQL is missing and could not be installed: install it, or set LIFELINE_TEST_DATABASE_URL" >&2; return 1; }
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "==> starting PostgreSQL"
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || as_root pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  local password=lifeline_test_pw
  as_root runuser -u postgres -- psql -qtAc "do \$\$ begin if not exists (select from pg_roles where rolname = 'lifeline_test') then create role lifeline_test login createdb createrole password '$password'; end if; end \$\$;" >/dev/null
  local db="lifeline_test_$(date +%s)_$$"
  as_root runuser -u postgres -- psql -qtAc "create database $db owner lifeline_test" >/dev/null
  export LIFELINE_TEST_DATABASE_URL="postgres://lifeline_test:$password@127.0.0.1:5432/$db"
  echo "==> PostgreSQL ready: database $db"
}

ensure_chromium() {
  if [ -n "${LIFELINE_CHROMIUM_PATH:-}" ]; then return 0; fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then export LIFELINE_CHROMIUM_PATH="$candidate"; return 0; fi
  done
  echo "==> installing Chromium (apt-get install chromium)"
  apt_install chromium || { echo "Chromium is missing and could not be installed: install it, or set LIFELINE_CHROMIUM_PATH" >&2; return 1; }
  export LIFELINE_CHROMIUM_PATH=/usr/bin/chromium
}

ensure_redis() {
  if [ -n "${LIFELINE_TEST_REDIS_URL:-}" ]; then
    echo "==> using Redis at LIFELINE_TEST_REDIS_URL"
    return 0
  fi
  export LIFELINE_TEST_REDIS_URL=redis://127.0.0.1:6379
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    echo "==> Redis ready on 127.0.0.1:6379"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "==> installing Redis (apt-get install redis-server)"
    apt_install redis-server || { echo "Redis is missing and could not be installed: install it, or set LIFELINE_TEST_REDIS_URL" >&2; return 1; }
  fi
  echo "==> starting Redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG || { echo "Redis did not start on 127.0.0.1:6379" >&2; return 1; }
  echo "==> Redis ready on 127.0.0.1:6379"
}
