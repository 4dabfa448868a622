#!/usr/bin/env bash
# What authentication costs a heartbeat: one session heartbeated by wrk (32 connections, 8 s
# after 2 s of warm-up) on a server with authentication off, then on one that requires it, with
# HTTP Basic credentials (verified at the first request, then recognised) and with a bearer
# token from the token endpoint. Each mode runs on a fresh server and data directory; the rounds
# alternate the modes so that a slow spell on a shared machine hits each of them.
#
#   Benchmarks/auth-heartbeat.sh                # the release build (built if missing), 2 rounds
#   ROUNDS=3 BATON_BIN=/path/to/baton Benchmarks/auth-heartbeat.sh
#
# Pinned as heartbeat.sh: the server on core 0, wrk on core 1. Prints requests/s and the
# server's CPU per heartbeat (user + system time over heartbeats answered).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BATON_BIN:-$PWD/.build/release/baton}
[[ -x "$BIN" ]] || swift build -c release --product baton >&2
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || { echo "auth-heartbeat.sh: wrk is needed" >&2; exit 1; }
ROUNDS=${ROUNDS:-2}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "auth-heartbeat.sh: ROUNDS must be a positive number" >&2; exit 1; }
TICKS=$(getconf CLK_TCK)
WORK=""; PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null; [[ -n "$WORK" ]] && rm -rf "$WORK"; }
trap cleanup EXIT

run() {
    local mode=$1 port auth=disabled header="" secret token
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-auth-heartbeat.XXXXXX")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf 'bench-password\n' | "$BIN" users add --username bench --role admin --password-stdin --data-dir "$WORK" >/dev/null
    secret=$("$BIN" clients add --client-id bench-client --role admin --data-dir "$WORK" | awk '/ClientSecret/ { print $2 }')
    [[ "$mode" != open ]] && auth=required
    taskset -c 0 "$BIN" serve --host 127.0.0.1 --port "$port" --data-dir "$WORK" --auth "$auth" --log-level error \
        --heartbeat-rate 0 --request-rate 0 >"$WORK/baton.log" 2>&1 &
    PID=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
    case $mode in
        basic) header="Basic $(printf bench:bench-password | base64)" ;;
        bearer)
            token=$(curl -sf -d "grant_type=client_credentials&client_id=bench-client&client_secret=$secret" \
                "http://127.0.0.1:$port/identity/connect/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
            header="Bearer $token" ;;
    esac
    local api="http://127.0.0.1:$port/api/v1/clientfailover"
    local -a auth_header=()
    [[ -n "$header" ]] && auth_header=(-H "Authorization: $header")
    curl -sf -o /dev/null "${auth_header[@]}" -H 'Content-Type: application/json' \
        -d '{"Id":"g","FailoverTimeout":"00:05:00"}' "$api/groups"
    curl -sf -o /dev/null "${auth_header[@]}" -H 'Content-Type: application/json' -d '{"Id":"s"}' "$api/groups/g/clientsessions"
    {
        echo 'wrk.method = "POST"'
        echo 'wrk.body = "{\"FailoverScore\": 80}"'
        echo 'wrk.headers["Content-Type"] = "application/json"'
        [[ -n "$header" ]] && echo "wrk.headers[\"Authorization\"] = \"$header\""
    } >"$WORK/heartbeat.lua"
    local url="$api/groups/g/clientsessions/s/heartbeat" before after out requests
    taskset -c 1 wrk -t1 -c32 -d2s -s "$WORK/heartbeat.lua" "$url" >/dev/null
    before=$(awk '{ print $14 + $15 }' "/proc/$PID/stat")
    out=$(taskset -c 1 wrk -t1 -c32 -d8s -s "$WORK/heartbeat.lua" "$url")
    after=$(awk '{ print $14 + $15 }' "/proc/$PID/stat")
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    grep -q "Non-2xx" <<<"$out" && { echo "auth-heartbeat.sh: $mode: some heartbeats were not answered 200" >&2; exit 1; }
    printf '  %-7s %8.0f heartbeats/s   %6.1f µs CPU per heartbeat\n' "$mode" \
        "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" "$(python3 -c "print(($after - $before) / $TICKS * 1e6 / $requests)")"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    rm -rf "$WORK"; WORK=""
}

echo "Baton heartbeats with and without authentication ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)), server $BIN"
for ((round = 1; round <= ROUNDS; round++)); do
    echo " round $round:"
    for mode in open basic bearer; do run "$mode"; done
done
