#!/usr/bin/env bash
# Baton beside etcd, in one run on this machine (issue 13): (b) unplanned failover — the
# Primary's last heartbeat (keep-alive) to the successor acting, Baton's HeartbeatAgent
# against etcd's election at the same TTL; (c) planned handover — Baton's agent stepping down
# and an operator's failover task, both with hints, against etcd resign + campaign; and, with
# KEEPALIVE=1, (a) keep-alive throughput through Benchmarks/heartbeat.sh.
#
#   Benchmarks/compare-etcd.sh                          # TTL = 3 s, 10 rounds of each
#   TTL=5 ROUNDS=30 Benchmarks/compare-etcd.sh
#   BATON_BIN=.build/release/baton BENCH_BIN=.build/release/baton-bench Benchmarks/compare-etcd.sh
#   KEEPALIVE=1 Benchmarks/compare-etcd.sh              # also (a): heartbeat.sh, KEEPALIVE_ROUNDS=3 rounds
#
# Baton (SQLite, a fresh directory) and etcd (a fresh data directory) run on core 0, the
# members of both (baton-bench) on core 1 (PIN=0: no pinning). Every round is printed, then
# p50/p99/max and the ratio etcd/Baton. etcd-server is installed from the distribution's
# packages when missing (as root). Members are in one process on one monotonic clock, so the
# times compare; baton-bench fails the run if two Baton members were Primary at once.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT_NAME=compare-etcd HOST=127.0.0.1 RUN_ID=compare REPO_DIR=$PWD
source Benchmarks/lib.sh

TTL="${TTL:-3}" ROUNDS="${ROUNDS:-10}"
is_count "$TTL" || die "TTL must be a whole number of seconds, not '$TTL'"
is_count "$ROUNDS" || die "ROUNDS must be a positive count, not '$ROUNDS'"

SERVER_PID="" ETCD_PID="" WORK_DIR=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_pid baton "$SERVER_PID"
    stop_pid etcd "$ETCD_PID"
    [[ -n "$WORK_DIR" ]] && rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/baton-compare-etcd.XXXXXX")"

SERVER_PIN=() LOAD_PIN=()
if [[ "${PIN:-1}" == 1 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
    SERVER_PIN=(taskset -c 0) LOAD_PIN=(taskset -c 1)
    log "Baton and etcd pinned to core 0, the members to core 1"
fi

build_release
build_bench
PORT="$(pick_port)" || die "no free port"
${SERVER_PIN[@]+"${SERVER_PIN[@]}"} "$BATON" serve --host "$HOST" --port "$PORT" --data-dir "$WORK_DIR/data" \
    --log-level warning >"$WORK_DIR/baton.log" 2>&1 &
SERVER_PID=$!
await_health server "$SERVER_PID" "$PORT" "$WORK_DIR/baton.log" || die "baton did not start"
start_etcd "$WORK_DIR" ${SERVER_PIN[@]+"${SERVER_PIN[@]}"}
log "baton on http://$HOST:$PORT, etcd $(etcd --version | head -n 1 | awk '{ print $3 }') on $ETCD_URL; TTL $TTL s, $ROUNDS rounds"

common=(--server "http://$HOST:$PORT" --etcd "$ETCD_URL" --ttl "$TTL" --rounds "$ROUNDS")
echo "== (b) unplanned failover: the Primary's last beat to the successor acting"
${LOAD_PIN[@]+"${LOAD_PIN[@]}"} "$BENCH" unplanned "${common[@]}"
echo "== (c) planned handover: the request to the successor acting"
${LOAD_PIN[@]+"${LOAD_PIN[@]}"} "$BENCH" handover "${common[@]}"

if [[ "${KEEPALIVE:-0}" == 1 ]]; then
    stop_pid baton "$SERVER_PID" && SERVER_PID=""
    stop_pid etcd "$ETCD_PID" && ETCD_PID=""
    echo "== (a) keep-alive throughput: Benchmarks/heartbeat.sh (ETCD=1)"
    # heartbeat.sh's own rounds (its ROUNDS means something else there).
    BATON_BIN="$BATON" ETCD=1 ROUNDS="${KEEPALIVE_ROUNDS:-3}" Benchmarks/heartbeat.sh
fi
