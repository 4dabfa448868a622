#!/usr/bin/env bash
# A throwaway PostgreSQL server for the shared-store tests.
#
#   eval "$(scripts/postgres.sh start)"   # new cluster in a temp dir; prints export lines
#   scripts/postgres.sh stop-server        # stop it (fast), keep the data
#   scripts/postgres.sh start-server       # start it again on the same port
#   scripts/postgres.sh stop               # stop it and remove the temp dir
#
# `start` prints BATON_TEST_POSTGRES_URL (the maintenance database `postgres`, user `baton`,
# trust authentication on 127.0.0.1 only), BATON_TEST_PGDATA, BATON_TEST_PGPORT and
# BATON_TEST_PGROOT; the other commands read them from the environment. Everything but the
# export lines goes to standard error, and the server logs to $BATON_TEST_PGROOT/postgres.log.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

find_bin_dir() {
    local candidate
    if candidate=$(command -v initdb 2>/dev/null); then
        dirname "$(readlink -f "$candidate")"
        return 0
    fi
    for candidate in /usr/lib/postgresql/*/bin; do
        if [[ -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

bin_dir() {
    local dir
    if dir=$(find_bin_dir); then
        echo "$dir"
        return 0
    fi
    log "no initdb found: installing PostgreSQL"
    {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq postgresql
    } >&2 || die "could not install PostgreSQL (apt-get install postgresql)"
    find_bin_dir || die "PostgreSQL is installed but initdb is still not found"
}

# Runs a server command, as the postgres user when we are root.
as_server_user() {
    if [[ "$(id -u)" == 0 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres >&2
        fi
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 "$(dirname "${BASH_SOURCE[0]}")/free_port.py"
}

require_env() {
    [[ -n "${BATON_TEST_PGDATA:-}" && -n "${BATON_TEST_PGPORT:-}" && -n "${BATON_TEST_PGROOT:-}" ]] ||
        die "BATON_TEST_PGDATA, BATON_TEST_PGPORT and BATON_TEST_PGROOT are not set; run: eval \"\$(scripts/postgres.sh start)\""
}

# Closes every descriptor above 2 this shell inherited. The server outlives this script: were it
# to keep one open, a parent waiting for that descriptor to close would wait for the server
# (Foundation's Process on Linux learns that its child exited from such a socket).
close_inherited_descriptors() {
    local path fd
    for path in /proc/$BASHPID/fd/*; do
        fd=${path##*/}
        if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then
            eval "exec $fd>&-" 2>/dev/null || true
        fi
    done
}

start_server() {
    local bin=$1 root=$2 port=$3
    (
        close_inherited_descriptors
        as_server_user "$bin/pg_ctl" start --silent --wait --timeout=60 -D "$root/data" -l "$root/postgres.log" \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $root/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            </dev/null >&2
    ) ||
        { tail -n 20 "$root/postgres.log" >&2 || true; die "the server did not start (log: $root/postgres.log)"; }
    local attempt
    for attempt in $(seq 1 100); do
        if pg_ready "$bin" "$port"; then return 0; fi
        sleep 0.1
    done
    die "the server does not accept connections on 127.0.0.1:$port (log: $root/postgres.log)"
}

pg_ready() {
    local bin=$1 port=$2
    if [[ -x "$bin/pg_isready" ]]; then
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U baton -d postgres
    elif command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p "$port" -U baton -d postgres
    else
        psql -h 127.0.0.1 -p "$port" -U baton -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1
    fi
}

command=${1:-}
case "$command" in
start)
    bin=$(bin_dir)
    root=$(mktemp -d "${TMPDIR:-/tmp}/baton-postgres.XXXXXX")
    mkdir -p "$root/socket"
    chmod 755 "$root"
    if [[ "$(id -u)" == 0 ]]; then
        as_server_user true
        chown -R postgres:postgres "$root"
    fi
    as_server_user "$bin/initdb" -D "$root/data" -A trust -U baton --no-sync -E UTF8 --locale=C >"$root/initdb.log" 2>&1 ||
        { cat "$root/initdb.log" >&2; die "initdb failed"; }
    port=$(free_port)
    start_server "$bin" "$root" "$port"
    log "PostgreSQL on 127.0.0.1:$port, data in $root/data"
    echo "export BATON_TEST_POSTGRES_URL=postgres://baton@127.0.0.1:$port/postgres"
    echo "export BATON_TEST_PGDATA=$root/data"
    echo "export BATON_TEST_PGPORT=$port"
    echo "export BATON_TEST_PGROOT=$root"
    ;;
stop-server)
    require_env
    bin=$(bin_dir)
    as_server_user "$bin/pg_ctl" stop --silent --wait -m fast -D "$BATON_TEST_PGDATA" >&2
    ;;
start-server)
    require_env
    bin=$(bin_dir)
    start_server "$bin" "$BATON_TEST_PGROOT" "$BATON_TEST_PGPORT"
    ;;
stop)
    require_env
    bin=$(bin_dir)
    if [[ -f "$BATON_TEST_PGDATA/postmaster.pid" ]]; then
        as_server_user "$bin/pg_ctl" stop --silent --wait -m immediate -D "$BATON_TEST_PGDATA" >&2 || true
    fi
    case "$BATON_TEST_PGROOT" in
    */baton-postgres.*) rm -rf "$BATON_TEST_PGROOT" ;;
    *) die "refusing to remove $BATON_TEST_PGROOT: not a directory this script made" ;;
    esac
    ;;
*)
    die "usage: scripts/postgres.sh start|stop-server|start-server|stop"
    ;;
esac
