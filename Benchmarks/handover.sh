#!/usr/bin/env bash
# Planned failover with member hints against the same without, and the unplanned overshoot
# (issue 11's measurements): one `baton serve` on a fresh SQLite directory, members in Python
# following docs/lease-contract.md (hints per §8).
#
#   Benchmarks/handover.sh                       # 100 planned handovers each way, T = 10 s
#   ROUNDS=20 UNPLANNED=20 Benchmarks/handover.sh
#
# Without hints a handover waits for the members' next heartbeats (up to T/2 each); with
# hints it takes about two round trips. Every round is printed, then p50 and p99.
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
"$BATON_BIN" serve --host "$HOST" --port "$PORT" --data-dir "$WORK_DIR/data" --log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$WORK_DIR"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$HOST:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
PORT=$PORT python3 Benchmarks/handover.py
