#!/usr/bin/env bash
# A wrong-password flood against `baton serve --auth required` (docs/security.md, "Password and
# secret checks"): what it costs the server, what a reader with verified credentials sees
# meanwhile, and how long another address's first sign-in (a bcrypt check) waits in the middle.
#
#   Benchmarks/secret-flood.sh                    # the release build (built if missing)
#   BATON_BIN=/path/to/baton Benchmarks/secret-flood.sh
#
# The server is pinned to core 0 and wrk to core 1 (taskset) as in heartbeat.sh. Users are
# stored with the default bcrypt cost (12). The flood is wrk with 32 connections sending
# `alice:guess` for 10 s from 127.0.0.1; the reader sends alice's right password (verified
# once before, so never checked again) on 2 connections; 4 s in, bob signs in for the first
# time from 127.0.0.2.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BATON_BIN:-$PWD/.build/release/baton}
if [[ ! -x "$BIN" ]]; then swift build -c release --product baton >&2; fi
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { echo "secret-flood.sh: wrk is needed" >&2; exit 1; }; }
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-secret-flood.XXXXXX")
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

printf 'alice-pw-1\n' | "$BIN" users add --username alice --role reader --password-stdin --data-dir "$WORK" >/dev/null
printf 'bob-pw-123\n' | "$BIN" users add --username bob --role reader --password-stdin --data-dir "$WORK" >/dev/null
taskset -c 0 "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK" --auth required --log-level error \
    >"$WORK/baton.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/api/v1/clientfailover/groups"
curl -sf -o /dev/null -u alice:alice-pw-1 "$URL"   # alice's right password, verified once
printf 'wrk.headers["Authorization"] = "Basic %s"\n' "$(printf alice:guess | base64)" >"$WORK/wrong.lua"

cpu() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }   # clock ticks of user + system time
ticks=$(getconf CLK_TCK)
before=$(cpu)
taskset -c 1 wrk -t1 -c32 -d10s --timeout 30s -s "$WORK/wrong.lua" "$URL" >"$WORK/flood.txt" &
flood=$!
sleep 0.5
taskset -c 1 wrk -t1 -c2 -d8s --latency -H "Authorization: Basic $(printf alice:alice-pw-1 | base64)" "$URL" \
    >"$WORK/reader.txt" &
reader=$!
sleep 4
first=$(curl -s --interface 127.0.0.2 -o /dev/null -w '%{http_code} after %{time_total} s' -u bob:bob-pw-123 "$URL")
wait "$flood" "$reader"
after=$(cpu)

echo "Baton wrong-password flood ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)), server $BIN"
echo "  flood (alice:guess, 32 connections, 10 s): $(grep -E 'requests in' "$WORK/flood.txt" | xargs)"
echo "  server CPU: $(python3 -c "print(f'{($after - $before) / $ticks:.1f}')") s in about 11 s"
echo "  reader (verified password, 2 connections, 8 s): $(grep -E 'requests in' "$WORK/reader.txt" | awk '{ print $1 }') requests," \
     "p50 $(grep -E '^ +50%' "$WORK/reader.txt" | awk '{ print $2 }'), p99 $(grep -E '^ +99%' "$WORK/reader.txt" | awk '{ print $2 }')"
echo "  bob's first sign-in from 127.0.0.2, 4 s into the flood: $first"
