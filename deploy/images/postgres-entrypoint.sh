#!/bin/sh
# First start: initdb with POSTGRES_PASSWORD for the `postgres` user (scram-sha-256 over TCP) and
# create POSTGRES_DB; every start: run the server in the foreground on POSTGRES_LISTEN:POSTGRES_PORT.
set -eu
: "${PGDATA:?}" "${POSTGRES_PORT:?}" "${POSTGRES_LISTEN:?}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "postgres-entrypoint: POSTGRES_PASSWORD is required on first start" >&2; exit 2; }
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=peer >/dev/null
  rm -f "$pwfile"
  if [ -n "${POSTGRES_DB:-}" ]; then
    # A private socket directory and no TCP while the database is created.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /tmp" -w start >/dev/null
    createdb -h /tmp -U postgres "$POSTGRES_DB"
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres-entrypoint: initialised $PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses="$POSTGRES_LISTEN" -p "$POSTGRES_PORT" -k /tmp
