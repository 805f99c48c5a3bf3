#!/usr/bin/env bash
# Services the PostgreSQL and Docker test suites need: a throw-away PostgreSQL cluster and a Docker
# engine started by hand (no systemd on these machines). .ci/run sources this file; developers can
# use it directly from the repo root:
#
#   eval "$(bash .ci/services.sh up)"   # start both (reusing an engine already on the socket) and
#                                       # export SCOPS_TEST_DATABASE_URL and DOCKER_HOST
#   bash .ci/services.sh down           # stop only what `up` started
#
# Without these, `pnpm test` still starts its own PostgreSQL cluster when the server binaries are
# installed (test/support/global-setup.ts), and skips the Docker suites when no engine answers.
#
# Functions (when sourced): start_postgres, start_docker, build_test_image, stop_services.
# They record what they started in SCOPS_STARTED_PG_DIR / SCOPS_STARTED_DOCKERD_PID so that
# stop_services never stops a service somebody else owns.

SCOPS_DOCKER_SOCKET="${SCOPS_DOCKER_SOCKET:-/var/run/docker.sock}"
# Kept between runs so the test image survives; the engine itself is stopped after each run.
SCOPS_DOCKER_DATA_ROOT="${SCOPS_DOCKER_DATA_ROOT:-/var/lib/scops-docker}"
SCOPS_DOCKER_EXEC_ROOT="${SCOPS_DOCKER_EXEC_ROOT:-/var/run/scops-docker}"
SCOPS_DOCKERD_PIDFILE="${SCOPS_DOCKERD_PIDFILE:-/var/run/scops-dockerd.pid}"
SCOPS_DOCKERD_LOG="${SCOPS_DOCKERD_LOG:-/var/log/scops-dockerd.log}"
SCOPS_STATE_FILE="${SCOPS_STATE_FILE:-/tmp/scops-services.env}"
SCOPS_STARTED_PG_DIR="${SCOPS_STARTED_PG_DIR:-}"
SCOPS_STARTED_DOCKERD_PID="${SCOPS_STARTED_DOCKERD_PID:-}"

_scops_log() { echo "[services] $*" >&2; }

# Newest installed PostgreSQL server binaries (Debian puts them outside PATH).
_scops_pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$dir" || ! -x "$dir/pg_ctl" ]]; then
    _scops_log "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
    return 1
  fi
  echo "$dir"
}

# The server refuses to run as root: run its tools as the postgres user when we are root.
_scops_as_pg() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_scops_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Starts a fresh cluster on a temporary directory and a free loopback port; exports
# SCOPS_TEST_DATABASE_URL (superuser, trust auth, loopback only).
start_postgres() {
  local bindir dir port
  bindir="$(_scops_pg_bindir)" || return 1
  dir="$(mktemp -d /tmp/scops-pg.XXXXXX)"
  chmod 755 "$dir"
  if [[ "$(id -u)" == "0" ]]; then chown postgres:postgres "$dir"; fi
  port="$(_scops_free_port)"
  if ! _scops_as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1; then
    _scops_log "initdb failed:"; cat "$dir/initdb.log" >&2
    return 1
  fi
  # Durability is worthless for a throw-away cluster; turning it off makes the suites faster.
  if ! _scops_as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null; then
    _scops_log "PostgreSQL failed to start:"; cat "$dir/server.log" >&2
    return 1
  fi
  SCOPS_STARTED_PG_DIR="$dir"
  export SCOPS_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  _scops_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster $dir)"
}

_scops_docker_answers() {
  timeout 5 docker -H "unix://$SCOPS_DOCKER_SOCKET" version >/dev/null 2>&1
}

# Reuses an engine already answering on the socket; otherwise starts dockerd by hand with no bridge
# network (tests use host networking on loopback) and waits until it answers. Exports DOCKER_HOST.
start_docker() {
  export DOCKER_HOST="unix://$SCOPS_DOCKER_SOCKET"
  if _scops_docker_answers; then
    _scops_log "reusing the Docker engine already answering on $SCOPS_DOCKER_SOCKET"
    return 0
  fi
  command -v dockerd >/dev/null || { _scops_log "dockerd not found (apt-get install docker.io)"; return 1; }
  # A killed session leaves its pid file and socket behind; they block or confuse a new daemon.
  local oldpid=""
  [[ -f "$SCOPS_DOCKERD_PIDFILE" ]] && oldpid="$(cat "$SCOPS_DOCKERD_PIDFILE" 2>/dev/null || true)"
  if [[ -n "$oldpid" ]] && kill -0 "$oldpid" 2>/dev/null && grep -q dockerd "/proc/$oldpid/comm" 2>/dev/null; then
    _scops_log "dockerd (pid $oldpid) is running but does not answer on $SCOPS_DOCKER_SOCKET; see $SCOPS_DOCKERD_LOG"
    return 1
  fi
  rm -f "$SCOPS_DOCKERD_PIDFILE" "$SCOPS_DOCKER_SOCKET"
  # A stopped engine can leave its network namespace mounted, which makes the exec root undeletable.
  if [[ -d "$SCOPS_DOCKER_EXEC_ROOT/netns" ]]; then
    local ns
    for ns in "$SCOPS_DOCKER_EXEC_ROOT"/netns/*; do
      [[ -e "$ns" ]] && umount "$ns" 2>/dev/null
    done
  fi
  rm -rf "$SCOPS_DOCKER_EXEC_ROOT"
  mkdir -p "$SCOPS_DOCKER_DATA_ROOT" "$(dirname "$SCOPS_DOCKERD_LOG")"
  # setsid: the engine must not get the terminal's signals; it is stopped by pid in stop_services.
  setsid dockerd \
    --data-root "$SCOPS_DOCKER_DATA_ROOT" \
    --exec-root "$SCOPS_DOCKER_EXEC_ROOT" \
    --pidfile "$SCOPS_DOCKERD_PIDFILE" \
    -H "unix://$SCOPS_DOCKER_SOCKET" \
    --bridge=none --iptables=false --ip-forward=false \
    >"$SCOPS_DOCKERD_LOG" 2>&1 </dev/null &
  local pid=$! waited=0
  SCOPS_STARTED_DOCKERD_PID="$pid"
  until _scops_docker_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      _scops_log "dockerd exited during start-up:"; tail -n 30 "$SCOPS_DOCKERD_LOG" >&2
      SCOPS_STARTED_DOCKERD_PID=""
      return 1
    fi
    if (( waited >= 60 )); then
      _scops_log "dockerd did not answer within 30 s:"; tail -n 30 "$SCOPS_DOCKERD_LOG" >&2
      return 1
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  _scops_log "dockerd $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') started, pid $pid, log $SCOPS_DOCKERD_LOG"
}

# The local busybox image the Docker suites run (no registry is reachable). Built by the same code
# the test run uses (test/support/test-image.ts), so there is one definition of its contents.
build_test_image() {
  node_modules/.bin/tsx test/support/cli/ensure-test-image.ts
}

stop_services() {
  local bindir
  if [[ -n "$SCOPS_STARTED_PG_DIR" ]]; then
    if bindir="$(_scops_pg_bindir)"; then
      _scops_as_pg "$bindir/pg_ctl" -D "$SCOPS_STARTED_PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
        || _scops_log "pg_ctl stop failed (cluster $SCOPS_STARTED_PG_DIR)"
    fi
    rm -rf "$SCOPS_STARTED_PG_DIR"
    _scops_log "PostgreSQL stopped"
    SCOPS_STARTED_PG_DIR=""
  fi
  if [[ -n "$SCOPS_STARTED_DOCKERD_PID" ]]; then
    local pid="$SCOPS_STARTED_DOCKERD_PID" waited=0
    kill "$pid" 2>/dev/null || true
    # dockerd stops its containers and its containerd first; give it a bounded time.
    while kill -0 "$pid" 2>/dev/null && (( waited < 60 )); do sleep 0.5; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      _scops_log "dockerd did not stop within 30 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
    _scops_log "dockerd stopped"
    SCOPS_STARTED_DOCKERD_PID=""
  fi
}

# Run as a command: `up` prints export lines for eval and remembers what it started; `down` stops it.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    up)
      if ! { start_postgres && start_docker && build_test_image >&2; }; then
        _scops_log "not every service started; stopping the ones that did"
        stop_services
        exit 1
      fi
      {
        echo "SCOPS_STARTED_PG_DIR=$SCOPS_STARTED_PG_DIR"
        echo "SCOPS_STARTED_DOCKERD_PID=$SCOPS_STARTED_DOCKERD_PID"
      } >"$SCOPS_STATE_FILE"
      echo "export SCOPS_TEST_DATABASE_URL='$SCOPS_TEST_DATABASE_URL'"
      echo "export DOCKER_HOST='$DOCKER_HOST'"
      ;;
    down)
      if [[ -f "$SCOPS_STATE_FILE" ]]; then
        # shellcheck disable=SC1090
        source "$SCOPS_STATE_FILE"
        stop_services
        rm -f "$SCOPS_STATE_FILE"
      else
        _scops_log "nothing recorded in $SCOPS_STATE_FILE; nothing to stop"
      fi
      ;;
    *)
      echo "usage: bash .ci/services.sh up|down" >&2
      exit 2
      ;;
  esac
fi
