#!/usr/bin/env bash
# Planned failover with member hints against the same without, and the unplanned overshoot
# (issue 11's measurements): one `baton serve` on a fresh SQLite directory, members in Python
# following docs/lease-contract.md (hints per §8).
#
#   Benchmarks/handover.sh                       # 100 planned handovers each way, T = 10 s
#   ROUNDS=20 UNPLANNED=20 Benchmarks/handover.sh
#   PLAIN_ROUNDS=20 Benchmarks/handover.sh         # fewer rounds without hints (each takes up to T)
#   PIN=0 Benchmarks/handover.sh                 # do not pin (default: server on core 0, members on 1)
#
# Without hints a handover waits for the members' next heartbeats (up to T/2 each); with
# hints it takes about two round trips. Every round is printed, then p50 and p99. The server
# runs without the heartbeat rate limit: with the default 20 per second per session, rounds
# back to back got 429s, and a member that backs off waits T/2 (4 rounds in 100 took 5 s).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT_NAME=handover HOST=127.0.0.1 RUN_ID=handover REPO_DIR=$PWD
source Benchmarks/lib.sh

BATON_BIN=${BATON_BIN:-}
if [[ -z "$BATON_BIN" ]]; then
    swift build --product baton >&2
    BATON_BIN="$(swift build --show-bin-path)/baton"
fi
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/baton-handover.XXXXXX")
PORT=$(pick_port) || die "no free port"
server_pin=() members_pin=()
if [[ "${PIN:-1}" == 1 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
    server_pin=(taskset -c 0) members_pin=(taskset -c 1)
    log "server pinned to core 0, members to core 1"
fi
"${server_pin[@]}" "$BATON_BIN" serve --host "$HOST" --port "$PORT" --data-dir "$WORK_DIR/data" --log-level warning \
    --heartbeat-rate 0 &   # rounds run back to back: hundreds of heartbeats a second per member
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$WORK_DIR"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$HOST:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
PORT=$PORT "${members_pin[@]}" python3 Benchmarks/handover.py
