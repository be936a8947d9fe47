#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the CRM's storage and protocol tests.
#   scripts/pg-test-cluster.sh start   -> initdb + start, prints TEST_DATABASE_URL=postgres://...
#   scripts/pg-test-cluster.sh stop    -> stop and delete the cluster
# PGDIR, PGPORT and PGBIN override the defaults. Runs initdb/postgres as the 'postgres' user when run as root.
set -euo pipefail
PGDIR="${PGDIR:-/tmp/crm-pgtest}"
PGPORT="${PGPORT:-55432}"
if [ -z "${PGBIN:-}" ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
if [ ! -x "$PGBIN/pg_ctl" ]; then
  echo "PostgreSQL binaries not found (apt-get install postgresql, or set PGBIN)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
      mkdir -p "$PGDIR"
      [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
      as_pg "'$PGBIN/initdb' -D '$PGDIR' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_pg "'$PGBIN/pg_ctl' -D '$PGDIR' status" >/dev/null 2>&1; then
      as_pg "'$PGBIN/pg_ctl' -D '$PGDIR' -o \"-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c autovacuum=off\" -l '$PGDIR/log' -w start" >/dev/null
    fi
    echo "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    as_pg "'$PGBIN/pg_ctl' -D '$PGDIR' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
