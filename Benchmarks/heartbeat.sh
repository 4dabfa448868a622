#!/usr/bin/env bash
# Heartbeat throughput benchmark: how many Client Failover heartbeats per second a release
# build of `baton serve` answers, next to the trivial route GET /health measured the same
# way in the same run. The ratio heartbeat/trivial is the figure of merit (target ≥ 0.70);
# absolute numbers depend on the machine and on whatever else runs on it.
#
# See Benchmarks/README.md. Environment (all optional):
#   SESSIONS=1000          sessions registered (and heartbeated round-robin)
#   GROUP_SIZE=10          sessions per group (SESSIONS/GROUP_SIZE groups, rounded up)
#   THREADS=2 CONNECTIONS=64 DURATION=10s   wrk settings, identical for both routes
#   WARMUP=3s              one unmeasured wrk run of each route before the rounds
#   ROUNDS=2               measured rounds, each "heartbeat then trivial"; best of each kept
#   WRK_TIMEOUT=5s         wrk's per-request timeout
#   BATON_BENCH_PORT=      port to serve on (default: a free port picked on 127.0.0.1)
#   BATON_SCRATCH_PATH=    passed to `swift build` as --scratch-path
#   BATON_BIN=             a baton binary to measure instead of a fresh release build
#   BATON_BENCH_LOG_DIR=   if set, raw wrk outputs and the server log are copied there
#   TARGET_RATIO=0.70      the target printed as PASS/FAIL (the exit status ignores it)
#   ETCD=1                 also measure etcd's lease keep-alives through its HTTP gateway, on
#                          the same core with the same wrk settings (installs etcd-server with
#                          apt-get when etcd is missing); ETCD=0 skips it
#   TARGET_ETCD_RATIO=4    the heartbeat/etcd target printed as PASS/FAIL
#   PIN=1                  server on core 0 and wrk on core 1 (taskset), so that a ratio means
#                          the same on every run; PIN=0 lets the scheduler place them
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
LUA_SCRIPT="$SCRIPT_DIR/wrk/heartbeat.lua"

TARGET_RATIO="${TARGET_RATIO:-0.70}"
RUN_ID="bench"
HOST="127.0.0.1"
SCRIPT_NAME="heartbeat.sh"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------------------------------
# Arguments

read_load 2
[[ "$TARGET_RATIO" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "TARGET_RATIO must be a number, not '$TARGET_RATIO'"

# ---------------------------------------------------------------------------------------
# Cleanup: whatever happens, stop what we started and remove the temporary directory.

WORK_DIR=""
SERVER_PID=""
ETCD_PID=""
WRK_PID=""

stop_server() {
    stop_pid baton "$SERVER_PID"
    SERVER_PID=""
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then
        kill -TERM "$WRK_PID" 2>/dev/null || true   # `timeout` passes it on to wrk
        wait "$WRK_PID" 2>/dev/null || true
    fi
    stop_server
    stop_pid etcd "$ETCD_PID"
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
        if [[ -n "${BATON_BENCH_LOG_DIR:-}" ]]; then
            mkdir -p "$BATON_BENCH_LOG_DIR" && cp -f "$WORK_DIR"/*.log "$BATON_BENCH_LOG_DIR"/ 2>/dev/null || true
        fi
        rm -rf "$WORK_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/baton-heartbeat-bench.XXXXXX")"

# ---------------------------------------------------------------------------------------
# 1. wrk

ensure_wrk

# ---------------------------------------------------------------------------------------
# 2. Release build (or BATON_BIN)

build_release

# ---------------------------------------------------------------------------------------
# 3. Server

SERVER_PIN=() LOAD_PIN=()
if [[ "${PIN:-1}" == 1 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
    SERVER_PIN=(taskset -c 0) LOAD_PIN=(taskset -c 1)
    log "server pinned to core 0, wrk to core 1"
fi

# Starts baton on $PORT; returns 1 if it exits before /health answers (e.g. the port was
# taken in the meantime), dies if it neither answers nor exits within 60 s.
start_server() {
    local data_dir="$WORK_DIR/data-$PORT"
    # Rate limits off: this measures what the server can do, not what it allows one client.
    "${SERVER_PIN[@]}" "$BATON" serve --host "$HOST" --port "$PORT" --data-dir "$data_dir" --log-level warning \
        --heartbeat-rate 0 --request-rate 0 \
        >"$WORK_DIR/baton.log" 2>&1 &
    SERVER_PID=$!
    await_health baton "$SERVER_PID" "$PORT" "$WORK_DIR/baton.log" || { SERVER_PID=""; return 1; }
}

if [[ -n "${BATON_BENCH_PORT:-}" ]]; then
    [[ "$BATON_BENCH_PORT" =~ ^[1-9][0-9]*$ ]] && ((BATON_BENCH_PORT <= 65535)) ||
        die "BATON_BENCH_PORT must be a port number, not '$BATON_BENCH_PORT'"
    port_in_use "$BATON_BENCH_PORT" && die "port $BATON_BENCH_PORT is already in use on $HOST"
    PORT="$BATON_BENCH_PORT"
    start_server || die "baton did not start"
else
    started=false
    for ((try = 0; try < 5; try++)); do
        PORT="$(pick_port)" || die "found no free port"
        if start_server; then started=true; break; fi
    done
    $started || die "baton did not start"
fi
BASE_URL="http://$HOST:$PORT"
log "baton (pid $SERVER_PID) serving on $BASE_URL, data in a fresh temporary directory"

# ---------------------------------------------------------------------------------------
# 4. Groups and sessions

API="$BASE_URL/api/v1/clientfailover"

log "creating $GROUPS_COUNT groups (FailoverTimeout 00:05:00) and $SESSIONS sessions"
{
    for ((g = 0; g < GROUPS_COUNT; g++)); do
        curl_entry "$API/groups" "{\"Id\":\"$(group_id "$g")\",\"FailoverTimeout\":\"00:05:00\"}"
    done
} >"$WORK_DIR/groups.curl"
curl_batch groups "$WORK_DIR/groups.curl" 201 "$GROUPS_COUNT"

{
    for ((s = 0; s < SESSIONS; s++)); do
        curl_entry "$API/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions" "{\"Id\":\"$(session_id "$s")\"}"
    done
} >"$WORK_DIR/sessions.curl"
curl_batch sessions "$WORK_DIR/sessions.curl" 201 "$SESSIONS"

# One heartbeat per session before anything is timed: every session must answer exactly
# 200, and each group elects its Primary now (an election is a durable write), so the
# timed runs see steady-state heartbeats only.
{
    for ((s = 0; s < SESSIONS; s++)); do
        curl_entry "$API/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions/$(session_id "$s")/heartbeat" \
            "{\"FailoverScore\": $((50 + (s * 7) % 51))}"
    done
} >"$WORK_DIR/first-heartbeats.curl"
curl_batch first-heartbeats "$WORK_DIR/first-heartbeats.curl" 200 "$SESSIONS"

sample="$(curl --silent --show-error --max-time 10 -H 'Content-Type: application/json' \
    --data '{"FailoverScore": 75}' "$API/groups/$(group_id 0)/clientsessions/$(session_id 0)/heartbeat")"
[[ "$sample" == *'"Role"'* && "$sample" == *'"Epoch"'* ]] ||
    die "unexpected heartbeat answer: $sample"

# ---------------------------------------------------------------------------------------
# 4b. etcd beside it: the same core, a lease of 300 s (the groups' FailoverTimeout), renewed
# by POST /v3/lease/keepalive through etcd's gRPC gateway, one keep-alive per request.

ETCD_URL="" LEASE_ID=""
TARGET_ETCD_RATIO="${TARGET_ETCD_RATIO:-4}"
if [[ "${ETCD:-1}" == 1 ]]; then
    start_etcd "$WORK_DIR" ${SERVER_PIN[@]+"${SERVER_PIN[@]}"}
    grant="$(curl --silent --show-error --max-time 5 -X POST "$ETCD_URL/v3/lease/grant" -d '{"TTL": 300}')"
    LEASE_ID="$(sed -n 's/.*"ID":"\([0-9]*\)".*/\1/p' <<<"$grant")"
    [[ -n "$LEASE_ID" ]] || die "etcd granted no lease: $grant"
    renewal="$(curl --silent --show-error --max-time 5 -X POST "$ETCD_URL/v3/lease/keepalive" -d "{\"ID\": \"$LEASE_ID\"}")"
    [[ "$renewal" == *"\"ID\":\"$LEASE_ID\""*'"TTL":"300"'* ]] || die "unexpected etcd keep-alive answer: $renewal"
    log "etcd $(etcd --version | head -n 1 | awk '{ print $3 }') (pid $ETCD_PID) on $ETCD_URL, lease $LEASE_ID"
fi

# ---------------------------------------------------------------------------------------
# 5. wrk runs

# run_wrk LABEL MODE DURATION DURATION_SECONDS: runs wrk, fails on any error response or
# socket error, and sets R_rps R_p50 R_p99 (µs) from the BATON_WRK line.
run_wrk() {
    local label="$1" mode="$2" duration="$3" seconds="$4"
    local out="$WORK_DIR/wrk-$label.log"
    local url="$BASE_URL/" measured="$SERVER_PID"
    local -a arguments=("$mode" "$SESSIONS" "$GROUP_SIZE" "$RUN_ID")
    [[ "$mode" == health ]] && url="$BASE_URL/health"
    [[ "$mode" == etcd ]] && url="$ETCD_URL/" measured="$ETCD_PID" arguments=(etcd "$LEASE_ID")
    timeout --kill-after=5 $((seconds + 60)) \
        "${LOAD_PIN[@]}" wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$duration" \
        --timeout "$WRK_TIMEOUT" --latency --script "$LUA_SCRIPT" "$url" -- "${arguments[@]}" >"$out" 2>&1 &
    WRK_PID=$!
    local status=0 cpu_before switches_before
    cpu_before=$(proc_cpu_us "$measured") switches_before=$(proc_context_switches "$measured")
    wait "$WRK_PID" || status=$?
    R_cpu_us=$(($(proc_cpu_us "$measured") - cpu_before))
    R_switches=$(($(proc_context_switches "$measured") - switches_before))
    WRK_PID=""
    if ((status != 0)); then
        sed 's/^/    /' "$out" >&2
        die "wrk ($label) exited with status $status"
    fi
    read_wrk_result "$label" "$out"
    R_rps="${WRK[rps]}"
    R_p50="${WRK[p50_us]}"
    R_p99="${WRK[p99_us]}"
    R_requests="${WRK[requests]}"
}

# Store commits the server has made so far (/metrics): a heartbeat that changes a role, an
# override or a member's durable state is committed (fsync) before it is answered; one that
# only renews a lease is not.
store_commits() {
    curl --silent --max-time 5 "$BASE_URL/metrics" | awk '/^baton_store_commit_seconds_count/ { print $2; found = 1 } END { if (!found) print 0 }'
}

log "warm-up: $WARMUP of each route"
run_wrk warmup-heartbeat heartbeat "$WARMUP" "$WARMUP_S"
run_wrk warmup-trivial health "$WARMUP" "$WARMUP_S"
if [[ -n "$ETCD_URL" ]]; then run_wrk warmup-etcd etcd "$WARMUP" "$WARMUP_S"; fi

BEST_HB_RPS=0; BEST_HB_P50=0; BEST_HB_P99=0
BEST_TR_RPS=0; BEST_TR_P50=0; BEST_TR_P99=0
BEST_ETCD_RPS=0; BEST_ETCD_P50=0; BEST_ETCD_P99=0
ROWS=()

for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round/$ROUNDS: heartbeat $DURATION, then trivial $DURATION"
    commits_before="$(store_commits)"
    run_wrk "round$round-heartbeat" heartbeat "$DURATION" "$DURATION_S"
    hb_rps="$R_rps"; hb_p50="$R_p50"; hb_p99="$R_p99"
    hb_cpu=$(per_request "$R_cpu_us" "$R_requests") hb_switches=$(per_request "$R_switches" "$R_requests")
    hb_commits=$(awk -v a="$(store_commits)" -v b="$commits_before" -v r="$R_requests" 'BEGIN { printf "%.3f", (r > 0 ? (a - b) / r : 0) }')
    if gt "$hb_rps" "$BEST_HB_RPS"; then BEST_HB_RPS="$hb_rps"; BEST_HB_P50="$hb_p50"; BEST_HB_P99="$hb_p99"; fi
    run_wrk "round$round-trivial" health "$DURATION" "$DURATION_S"
    tr_rps="$R_rps"; tr_p50="$R_p50"; tr_p99="$R_p99"
    tr_cpu=$(per_request "$R_cpu_us" "$R_requests") tr_switches=$(per_request "$R_switches" "$R_requests")
    if gt "$tr_rps" "$BEST_TR_RPS"; then BEST_TR_RPS="$tr_rps"; BEST_TR_P50="$tr_p50"; BEST_TR_P99="$tr_p99"; fi
    ROWS+=("$(printf '  round %d: heartbeat %10.0f req/s (p50 %s, p99 %s) | trivial %10.0f req/s (p50 %s, p99 %s) | ratio %s' \
        "$round" "$hb_rps" "$(ms "$hb_p50")" "$(ms "$hb_p99")" "$tr_rps" "$(ms "$tr_p50")" "$(ms "$tr_p99")" \
        "$(ratio "$hb_rps" "$tr_rps")")")
    ROWS+=("$(printf '           server per request: heartbeat %s µs CPU, %s context switches, %s store commits | trivial %s µs CPU, %s context switches' \
        "$hb_cpu" "$hb_switches" "$hb_commits" "$tr_cpu" "$tr_switches")")
    if [[ -n "$ETCD_URL" ]]; then
        run_wrk "round$round-etcd" etcd "$DURATION" "$DURATION_S"
        if gt "$R_rps" "$BEST_ETCD_RPS"; then BEST_ETCD_RPS="$R_rps"; BEST_ETCD_P50="$R_p50"; BEST_ETCD_P99="$R_p99"; fi
        ROWS+=("$(printf '           etcd keep-alive %10.0f req/s (p50 %s, p99 %s), %s µs CPU per request | heartbeat/etcd %s | trivial/etcd %s' \
            "$R_rps" "$(ms "$R_p50")" "$(ms "$R_p99")" "$(per_request "$R_cpu_us" "$R_requests")" "$(ratio "$hb_rps" "$R_rps")" \
            "$(ratio "$tr_rps" "$R_rps")")")
    fi
done

# Server still healthy after the runs (it did not crash or wedge).
kill -0 "$SERVER_PID" 2>/dev/null || die "baton exited during the benchmark"
curl --silent --fail --max-time 5 --output /dev/null "$BASE_URL/health" || die "baton stopped answering GET /health"

# ---------------------------------------------------------------------------------------
# 6. Report

RATIO="$(ratio "$BEST_HB_RPS" "$BEST_TR_RPS")"
if awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }'; then VERDICT=PASS; else VERDICT=FAIL; fi

cat <<EOF

Baton heartbeat benchmark ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ))
  server:   $BATON${BATON_BIN:+ (BATON_BIN)}${BATON_BIN:- (release)}, $HOST:$PORT, log level warning
  load:     $SESSIONS sessions in $GROUPS_COUNT groups of $GROUP_SIZE, FailoverTimeout 00:05:00
  wrk:      -t$THREADS -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT, warm-up $WARMUP each, $ROUNDS rounds (heartbeat, trivial)
$(printf '%s\n' "${ROWS[@]}")
  best of $ROUNDS rounds:
    heartbeats/s (POST .../clientsessions/{id}/heartbeat): $(printf '%.0f' "$BEST_HB_RPS")   p50 $(ms "$BEST_HB_P50")   p99 $(ms "$BEST_HB_P99")
    trivial requests/s (GET /health):                    $(printf '%.0f' "$BEST_TR_RPS")   p50 $(ms "$BEST_TR_P50")   p99 $(ms "$BEST_TR_P99")
    ratio heartbeat/trivial: $RATIO
    target ≥ $TARGET_RATIO: $VERDICT
EOF
if [[ -n "$ETCD_URL" ]]; then
    ETCD_RATIO="$(ratio "$BEST_HB_RPS" "$BEST_ETCD_RPS")"
    if awk -v r="$ETCD_RATIO" -v t="$TARGET_ETCD_RATIO" 'BEGIN { exit !(r >= t) }'; then ETCD_VERDICT=PASS; else ETCD_VERDICT=FAIL; fi
    cat <<EOF
    etcd lease keep-alives/s (POST /v3/lease/keepalive):  $(printf '%.0f' "$BEST_ETCD_RPS")   p50 $(ms "$BEST_ETCD_P50")   p99 $(ms "$BEST_ETCD_P99")
    ratio heartbeat/etcd keep-alive: $ETCD_RATIO
    target ≥ $TARGET_ETCD_RATIO: $ETCD_VERDICT
    ratio trivial/etcd keep-alive: $(ratio "$BEST_TR_RPS" "$BEST_ETCD_RPS") (the most any route of this HTTP stack reaches)
EOF
fi
