#!/usr/bin/env bash
# Starts a PostgreSQL server for the receiver's tests and benchmarks and
# prints its DSN (the only line on stdout; progress goes to stderr). It
# installs Debian's postgresql package when missing (root only), creates a
# cluster in a directory of its own (default /tmp/whatsapp-receiver-postgres:
# the postgres user must be able to reach it, which a checkout under /root is
# not), and starts it on 127.0.0.1 only, as the postgres user when run as
# root (PostgreSQL refuses to run as root). Idempotent: a running server is
# reused. Trust authentication on loopback: for tests, never for production.
#
#   WHATSAPP_RECEIVER_PG_DIR   where the cluster lives (default /tmp/whatsapp-receiver-postgres)
#   WHATSAPP_RECEIVER_PG_PORT  its port (default 55432)
#   scripts/postgres.sh stop   stops it
set -euo pipefail
dir=${WHATSAPP_RECEIVER_PG_DIR:-/tmp/whatsapp-receiver-postgres}
port=${WHATSAPP_RECEIVER_PG_PORT:-55432}
data="$dir/data"
log() { echo "postgres.sh: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed: run as root, or sudo apt-get install postgresql"
    exit 1
  fi
  log "installing Debian's postgresql package (once)"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi
bin=$(bindir)

# as_owner runs a command as the cluster's owner: postgres when we are root.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

if [ "${1:-}" = stop ]; then
  if [ -f "$data/PG_VERSION" ]; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true; fi
  exit 0
fi

mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"
if [ ! -f "$data/PG_VERSION" ]; then
  log "creating a cluster in $data"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
fi
if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "starting it on 127.0.0.1:$port"
  # fsync stays on: the receiver's tests check what a commit promises.
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" start >&2 || {
      log "the server did not start:"; tail -20 "$dir/server.log" >&2; exit 1; }
fi
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
