#!/usr/bin/env bash
# The fleet simulator against a fresh `baton serve` on SQLite: thousands of members
# (HeartbeatAgent, one process) with faults — Primaries killed and restarted, stalled past
# their lease, planned failovers, score drops — reporting heartbeats, latency, role changes,
# failover times and any overlap (exit status 1 if two members of a group were Primary at once,
# other than in a fenced handover, or an epoch repeated).
#
#   Benchmarks/simulate.sh                                        # 2000 members, T = 10 s, 60 s
#   Benchmarks/simulate.sh --sessions 5000 --duration 120 --fault-interval 0.5
#   SERVER=http://10.0.0.5:5590,http://10.0.0.6:5590 Benchmarks/simulate.sh   # a running deployment
#
# Arguments go to `baton-bench simulate` (--help lists them). The server runs on core 0 and
# the simulator on core 1 (PIN=0: no pinning). BATON_BIN / BENCH_BIN take prebuilt binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT_NAME=simulate HOST=127.0.0.1 RUN_ID=simulate REPO_DIR=$PWD
source Benchmarks/lib.sh

SERVER_PID="" WORK_DIR=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_pid baton "$SERVER_PID"
    [[ -n "$WORK_DIR" ]] && rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVER_PIN=() LOAD_PIN=()
if [[ "${PIN:-1}" == 1 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
    SERVER_PIN=(taskset -c 0) LOAD_PIN=(taskset -c 1)
fi
build_bench
if [[ -z "${SERVER:-}" ]]; then
    build_release
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/baton-simulate.XXXXXX")"
    PORT="$(pick_port)" || die "no free port"
    ${SERVER_PIN[@]+"${SERVER_PIN[@]}"} "$BATON" serve --host "$HOST" --port "$PORT" --data-dir "$WORK_DIR/data" \
        --log-level warning >"$WORK_DIR/baton.log" 2>&1 &
    SERVER_PID=$!
    await_health server "$SERVER_PID" "$PORT" "$WORK_DIR/baton.log" || die "baton did not start"
    SERVER="http://$HOST:$PORT"
fi
# Enough file descriptors for thousands of members' connections.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
${LOAD_PIN[@]+"${LOAD_PIN[@]}"} "$BENCH" simulate --server "$SERVER" --sessions 2000 --timeout 10 --duration 60 "$@"
