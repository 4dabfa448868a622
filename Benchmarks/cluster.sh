#!/usr/bin/env bash
# Cluster heartbeat benchmark: heartbeat throughput of TWO `baton serve` instances sharing
# one PostgreSQL database, next to ONE instance on its embedded SQLite store, measured side
# by side in the same run with the same workload and the same total wrk load. The ratio
# 2×PostgreSQL / 1×SQLite is the figure of merit; absolute numbers depend on the machine.
#
# See Benchmarks/README.md. Environment (all optional):
#   SESSIONS=1000          sessions registered on each setup (and heartbeated round-robin)
#   GROUP_SIZE=10          sessions per group (SESSIONS/GROUP_SIZE groups, rounded up)
#   THREADS=2 CONNECTIONS=64 DURATION=10s   total wrk load of each setup: 1×SQLite gets one
#                          wrk -tTHREADS -cCONNECTIONS; 2×PostgreSQL gets two concurrent wrk,
#                          one per instance, each with half the threads (at least 1) and
#                          half the connections, and their requests/s are summed
#   WARMUP=3s              one unmeasured run of each setup before the rounds
#   ROUNDS=3               measured rounds, each one SQLite run and one PostgreSQL run
#                          (odd rounds SQLite first, even rounds PostgreSQL first)
#   SPLIT=sessions         how the PostgreSQL pair shares the sessions: "sessions"
#                          (alternate sessions, so every group has members on both
#                          instances, as behind a load balancer), "groups" (alternate
#                          groups: each group only ever on one instance, the affinity case)
#                          or "none" (both wrk heartbeat every session)
#   FAILOVER_TIMEOUT=01:00:00   the groups' FailoverTimeout: longer than the whole run, so
#                          no lease runs out on one setup while the other one is measured
#   WRK_TIMEOUT=5s         wrk's per-request timeout
#   BATON_SCRATCH_PATH=    passed to `swift build` as --scratch-path
#   BATON_BIN=             a baton binary to measure instead of a fresh release build
#   BATON_BENCH_LOG_DIR=   if set, raw wrk outputs, the servers' logs and PostgreSQL's log
#                          are copied there
#   PSQL=psql              the psql client (creates the benchmark's database)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
LUA_SCRIPT="$SCRIPT_DIR/wrk/heartbeat.lua"
POSTGRES_SH="$REPO_DIR/scripts/postgres.sh"

SPLIT="${SPLIT:-sessions}"
FAILOVER_TIMEOUT="${FAILOVER_TIMEOUT:-01:00:00}"
PSQL="${PSQL:-psql}"
RUN_ID="bench"
HOST="127.0.0.1"
SCRIPT_NAME="cluster.sh"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DATABASE="baton_cluster_bench"

# ---------------------------------------------------------------------------------------
# Arguments

read_load 3
((CONNECTIONS % 2 == 0)) || die "CONNECTIONS must be even (the PostgreSQL pair gets half each), not $CONNECTIONS"
PG_THREADS=$(((THREADS + 1) / 2))       # per wrk of the pair; both together = THREADS (or THREADS+1 when odd)
PG_CONNECTIONS=$((CONNECTIONS / 2))     # per wrk of the pair
((PG_CONNECTIONS >= PG_THREADS)) || die "CONNECTIONS/2 ($PG_CONNECTIONS) must be at least ceil(THREADS/2) ($PG_THREADS)"
[[ "$FAILOVER_TIMEOUT" =~ ^[0-9][0-9]:[0-5][0-9]:[0-5][0-9]$ ]] ||
    die "FAILOVER_TIMEOUT must look like hh:mm:ss, at most 24:00:00 (not '$FAILOVER_TIMEOUT')"
case "$SPLIT" in
    sessions) SLICE_BY=session ;;
    groups) SLICE_BY=group ;;
    none) SLICE_BY=session ;;
    *) die "SPLIT must be sessions, groups or none, not '$SPLIT'" ;;
esac
if [[ "$SPLIT" == groups ]] && ((GROUPS_COUNT < 2)); then die "SPLIT=groups needs at least 2 groups"; fi
if [[ "$SPLIT" == sessions ]] && ((SESSIONS < 2)); then die "SPLIT=sessions needs at least 2 sessions"; fi
# The whole measured part must fit in one FailoverTimeout (see README).
FT_S=$((10#${FAILOVER_TIMEOUT:0:2} * 3600 + 10#${FAILOVER_TIMEOUT:3:2} * 60 + 10#${FAILOVER_TIMEOUT:6:2}))
((FT_S >= 1 && FT_S <= 86400)) || die "FAILOVER_TIMEOUT must be between 00:00:01 and 24:00:00"
RUN_S=$((2 * (WARMUP_S + ROUNDS * DURATION_S)))
((RUN_S + 120 < FT_S)) ||
    die "the runs take about ${RUN_S}s: raise FAILOVER_TIMEOUT above that (now $FAILOVER_TIMEOUT) so no lease runs out meanwhile"

# ---------------------------------------------------------------------------------------
# Cleanup: whatever happens, stop what we started (wrk, the three instances, PostgreSQL)
# and remove the temporary directory.

WORK_DIR=""
WRK_PIDS=()
declare -A SERVER_PID=()    # instance name -> pid
declare -A SERVER_PORT=()   # instance name -> port
PG_STARTED=false

stop_server() {
    stop_pid "$1" "${SERVER_PID[$1]:-}"
    SERVER_PID[$1]=""
}

stop_wrks() {
    local pid
    for pid in ${WRK_PIDS[@]+"${WRK_PIDS[@]}"}; do
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true   # `timeout` passes it on to wrk
    done
    for pid in ${WRK_PIDS[@]+"${WRK_PIDS[@]}"}; do wait "$pid" 2>/dev/null || true; done
    WRK_PIDS=()
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_wrks
    # The PostgreSQL instances before their database, so they do not log a lost server.
    local name
    for name in pg-a pg-b sqlite; do stop_server "$name"; done
    if [[ -n "${BATON_BENCH_LOG_DIR:-}" && -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
        mkdir -p "$BATON_BENCH_LOG_DIR" && cp -f "$WORK_DIR"/*.log "$BATON_BENCH_LOG_DIR"/ 2>/dev/null || true
        if $PG_STARTED; then cp -f "$BATON_TEST_PGROOT/postgres.log" "$BATON_BENCH_LOG_DIR"/ 2>/dev/null || true; fi
    fi
    if $PG_STARTED; then
        "$POSTGRES_SH" stop >&2 || log "scripts/postgres.sh stop failed (server data in $BATON_TEST_PGROOT)"
    fi
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then rm -rf "$WORK_DIR"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/baton-cluster-bench.XXXXXX")"

# ---------------------------------------------------------------------------------------
# 1. Tools: wrk (installed as heartbeat.sh does), curl, psql

ensure_wrk
command -v curl >/dev/null 2>&1 || die "curl is not installed"
if ! command -v "$PSQL" >/dev/null 2>&1; then
    [[ -x /usr/bin/psql ]] || die "psql is not installed (set PSQL=/path/to/psql)"
    PSQL=/usr/bin/psql
fi
[[ -x "$POSTGRES_SH" ]] || die "no executable $POSTGRES_SH"

# ---------------------------------------------------------------------------------------
# 2. Release build (or BATON_BIN)

build_release
[[ "$("$BATON" serve --help 2>&1 || true)" == *--postgres-url* ]] || die "$BATON has no --postgres-url option"

# ---------------------------------------------------------------------------------------
# 3. PostgreSQL: a throwaway server (scripts/postgres.sh) and a fresh database on it

log "starting a throwaway PostgreSQL (scripts/postgres.sh start)"
pg_exports="$("$POSTGRES_SH" start)" || die "scripts/postgres.sh start failed"
while IFS= read -r line; do
    if [[ "$line" =~ ^export\ (BATON_TEST_[A-Z_]+)=(.*)$ ]]; then
        export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    fi
done <<<"$pg_exports"
[[ -n "${BATON_TEST_PGROOT:-}" && -n "${BATON_TEST_PGDATA:-}" && -n "${BATON_TEST_PGPORT:-}" &&
    -n "${BATON_TEST_POSTGRES_URL:-}" ]] || die "scripts/postgres.sh start printed no complete set of export lines"
PG_STARTED=true
[[ "$BATON_TEST_POSTGRES_URL" == */postgres ]] ||
    die "unexpected maintenance URL from scripts/postgres.sh: $BATON_TEST_POSTGRES_URL"
timeout 60 "$PSQL" "$BATON_TEST_POSTGRES_URL" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $DATABASE" >&2 ||
    die "could not create database $DATABASE"
POSTGRES_URL="${BATON_TEST_POSTGRES_URL%/postgres}/$DATABASE"
PG_INFO="$(timeout 60 "$PSQL" "$POSTGRES_URL" -v ON_ERROR_STOP=1 -qAt -F '|' -c \
    "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')")" ||
    die "could not connect to $POSTGRES_URL"
IFS='|' read -r PG_VERSION PG_FSYNC PG_SYNC_COMMIT <<<"$PG_INFO"
PG_VERSION="${PG_VERSION%% *}"
log "PostgreSQL $PG_VERSION on 127.0.0.1:$BATON_TEST_PGPORT, database $DATABASE (fsync $PG_FSYNC, synchronous_commit $PG_SYNC_COMMIT)"

# ---------------------------------------------------------------------------------------
# 4. Instances: 1×SQLite, then 2×PostgreSQL (one after the other, so the second finds the
# schema the first created)

# The instances see no BATON_* variable from this environment (BATON_POSTGRES_URL would
# turn the SQLite instance into a third PostgreSQL one): all they get is on the command line.
SERVER_ENV=(env)
while IFS= read -r var; do SERVER_ENV+=(-u "$var"); done < <(compgen -e | grep '^BATON_' || true)

# start_server NAME PORT [extra flags]: returns 1 if baton exits before /health answers
# (e.g. the port was taken in the meantime), dies if it neither answers nor exits in 60 s.
start_server() {
    local name="$1" port="$2"
    shift 2
    local logfile="$WORK_DIR/baton-$name.log"
    # Rate limits off: this measures what the servers can do, not what they allow a client.
    "${SERVER_ENV[@]}" "$BATON" serve --host "$HOST" --port "$port" --data-dir "$WORK_DIR/data-$name" \
        --log-level warning --heartbeat-rate 0 --request-rate 0 "$@" >"$logfile" 2>&1 &
    local pid=$!
    SERVER_PID[$name]=$pid
    if ! await_health "$name" "$pid" "$port" "$logfile"; then
        SERVER_PID[$name]=""
        return 1
    fi
    SERVER_PORT[$name]=$port
}

launch() { # NAME [extra flags]
    local name="$1" try port
    shift
    for ((try = 0; try < 5; try++)); do
        port="$(pick_port)" || die "found no free port"
        if start_server "$name" "$port" "$@"; then
            log "baton $name (pid ${SERVER_PID[$name]}) serving on http://$HOST:$port"
            return 0
        fi
    done
    die "baton ($name) did not start"
}

launch sqlite
launch pg-a --postgres-url "$POSTGRES_URL"
launch pg-b --postgres-url "$POSTGRES_URL"

api() { printf 'http://%s:%s/api/v1/clientfailover' "$HOST" "${SERVER_PORT[$1]}"; }
SQLITE_API="$(api sqlite)"
PG_APIS=("$(api pg-a)" "$(api pg-b)")

# ---------------------------------------------------------------------------------------
# 5. The same groups and sessions on both setups

# Which instance of the PostgreSQL pair heartbeats session $1 (0 = pg-a, 1 = pg-b): the same
# rule as the slices in wrk/heartbeat.lua. With SPLIT=none both wrk heartbeat every session;
# the setup then alternates sessions between the instances.
pg_owner() {
    if [[ "$SLICE_BY" == group ]]; then echo $((($1 / GROUP_SIZE) % 2)); else echo $(($1 % 2)); fi
}

# setup_workload LABEL: groups through the first instance of the setup; each session is
# registered and sent its first heartbeat through the instance that heartbeats it later.
# The first heartbeats elect every group's Primary (a durable write), so the timed runs see
# steady-state heartbeats only.
setup_workload() {
    local label="$1" g s first_api
    session_api() {
        if [[ "$label" == sqlite ]]; then echo "$SQLITE_API"; else echo "${PG_APIS[$(pg_owner "$1")]}"; fi
    }
    first_api="$(session_api 0)"
    log "$label: creating $GROUPS_COUNT groups (FailoverTimeout $FAILOVER_TIMEOUT) and $SESSIONS sessions"
    {
        for ((g = 0; g < GROUPS_COUNT; g++)); do
            curl_entry "$first_api/groups" "{\"Id\":\"$(group_id "$g")\",\"FailoverTimeout\":\"$FAILOVER_TIMEOUT\"}"
        done
    } >"$WORK_DIR/$label-groups.curl"
    curl_batch "$label-groups" "$WORK_DIR/$label-groups.curl" 201 "$GROUPS_COUNT"
    {
        for ((s = 0; s < SESSIONS; s++)); do
            curl_entry "$(session_api "$s")/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions" "{\"Id\":\"$(session_id "$s")\"}"
        done
    } >"$WORK_DIR/$label-sessions.curl"
    curl_batch "$label-sessions" "$WORK_DIR/$label-sessions.curl" 201 "$SESSIONS"
    {
        for ((s = 0; s < SESSIONS; s++)); do
            curl_entry "$(session_api "$s")/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions/$(session_id "$s")/heartbeat" \
                "{\"FailoverScore\": $((50 + (s * 7) % 51))}"
        done
    } >"$WORK_DIR/$label-first-heartbeats.curl"
    curl_batch "$label-first-heartbeats" "$WORK_DIR/$label-first-heartbeats.curl" 200 "$SESSIONS"
}

setup_workload sqlite
setup_workload postgresql

# A heartbeat through every instance answers a role and an epoch; on the pair, each
# instance sees the sessions registered through the other one.
check_heartbeat() { # API SESSION_INDEX
    local s="$2" answer
    answer="$(curl --silent --show-error --fail --max-time 10 -H 'Content-Type: application/json' \
        --data '{"FailoverScore": 75}' "$1/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions/$(session_id "$s")/heartbeat")" ||
        die "heartbeat of session $s through $1 failed"
    [[ "$answer" == *'"Role"'* && "$answer" == *'"Epoch"'* ]] || die "unexpected heartbeat answer from $1: $answer"
}
check_heartbeat "$SQLITE_API" 0
check_heartbeat "${PG_APIS[0]}" 0
check_heartbeat "${PG_APIS[1]}" 0
check_heartbeat "${PG_APIS[0]}" $((SESSIONS - 1))
check_heartbeat "${PG_APIS[1]}" $((SESSIONS - 1))
for api_url in "${PG_APIS[@]}"; do
    for s in 0 $((SESSIONS - 1)); do
        session_answer="$(curl --silent --show-error --fail --max-time 10 \
            "$api_url/groups/$(group_id $((s / GROUP_SIZE)))/clientsessions/$(session_id "$s")")" ||
            die "GET session $s through $api_url failed"
        [[ "$session_answer" == *"$(session_id "$s")"* ]] || die "unexpected answer for session $s from $api_url: $session_answer"
    done
done

# ---------------------------------------------------------------------------------------
# 6. wrk runs

# Every wrk run: LABEL URL THREADS CONNECTIONS SLICE SLICES. run_setup starts all the runs
# of one setup at once, waits for all, fails on any error response or socket error, and
# sets R_rps (sum), R_p50 R_p99 (µs; merged over the runs) and R_parts (each run's req/s).
run_setup() {
    local label="$1" duration="$2" seconds="$3"
    shift 3
    local -a outs=() names=()
    local spec name url threads conns slice slices out
    WRK_PIDS=()
    for spec in "$@"; do
        read -r name url threads conns slice slices <<<"$spec"
        out="$WORK_DIR/wrk-$label-$name.log"
        outs+=("$out")
        names+=("$name")
        timeout --kill-after=5 $((seconds + 60)) \
            wrk --threads "$threads" --connections "$conns" --duration "$duration" \
            --timeout "$WRK_TIMEOUT" --latency --script "$LUA_SCRIPT" "$url" \
            -- heartbeat "$SESSIONS" "$GROUP_SIZE" "$RUN_ID" "$slice" "$slices" "$SLICE_BY" >"$out" 2>&1 &
        WRK_PIDS+=($!)
    done
    local i status failed=""
    for ((i = 0; i < ${#WRK_PIDS[@]}; i++)); do
        status=0
        wait "${WRK_PIDS[$i]}" || status=$?
        ((status == 0)) || failed+=" ${names[$i]}:$status"
    done
    WRK_PIDS=()
    if [[ -n "$failed" ]]; then
        for out in "${outs[@]}"; do log "$out:"; sed 's/^/    /' "$out" >&2; done
        die "wrk ($label) failed (run:exit status)$failed"
    fi
    R_rps=0
    R_requests=0
    R_parts=""
    local pct_lines="" line
    for ((i = 0; i < ${#outs[@]}; i++)); do
        out="${outs[$i]}"
        read_wrk_result "$label, ${names[$i]}" "$out"
        R_rps="$(awk -v a="$R_rps" -v b="${WRK[rps]}" 'BEGIN { printf "%.2f", a + b }')"
        R_requests=$((R_requests + WRK[requests]))
        R_parts+="${R_parts:+ + }$(printf '%.0f' "${WRK[rps]}")"
        if ((${#outs[@]} == 1)); then
            R_p50="${WRK[p50_us]}"
            R_p99="${WRK[p99_us]}"
        fi
        line="$(grep '^BATON_WRK_PCT ' "$out" | tail -n 1)" || true
        [[ -n "$line" ]] || die "wrk ($label, ${names[$i]}) printed no BATON_WRK_PCT line"
        pct_lines+="${WRK[requests]} ${line#BATON_WRK_PCT }"$'\n'
    done
    if ((${#outs[@]} > 1)); then
        R_p50="$(merged_percentile 50 <<<"$pct_lines")"
        R_p99="$(merged_percentile 99 <<<"$pct_lines")"
    fi
}

# merged_percentile Q: reads one line per wrk run, "REQUESTS p=µs p=µs …" (the run's latency
# distribution as percentiles), and prints the Q-th percentile of all the runs' requests
# together: each run's distribution is taken as linear between its percentile points, the
# runs are weighted by their request counts.
merged_percentile() {
    awk -v q="$1" '
        NF > 1 {
            runs++; weight[runs] = $1; total += $1; k = 0
            for (i = 2; i <= NF; i++) {
                split($i, a, "="); k++; P[runs, k] = a[1] / 100; X[runs, k] = a[2] + 0
                if (!((a[2] + 0) in seen)) { seen[a[2] + 0] = 1; xs[++nx] = a[2] + 0 }
            }
            K[runs] = k
        }
        function cdf(r, x,   k) {
            if (x < X[r, 1]) return 0
            if (x >= X[r, K[r]]) return 1
            for (k = 1; k < K[r]; k++)
                if (x < X[r, k + 1]) return P[r, k] + (P[r, k + 1] - P[r, k]) * (x - X[r, k]) / (X[r, k + 1] - X[r, k])
            return 1
        }
        function mixed(x,   r, f) { f = 0; for (r = 1; r <= runs; r++) f += weight[r] * cdf(r, x); return f / total }
        END {
            for (i = 2; i <= nx; i++) { v = xs[i]; for (j = i - 1; j >= 1 && xs[j] > v; j--) xs[j + 1] = xs[j]; xs[j + 1] = v }
            target = q / 100; previous = xs[1]; fprev = mixed(previous)
            if (fprev >= target) { printf "%d", previous; exit }
            for (i = 2; i <= nx; i++) {
                f = mixed(xs[i])
                if (f >= target) { printf "%d", previous + (xs[i] - previous) * (target - fprev) / (f - fprev); exit }
                previous = xs[i]; fprev = f
            }
            printf "%d", xs[nx]
        }'
}

SQLITE_SPEC="1 http://$HOST:${SERVER_PORT[sqlite]}/ $THREADS $CONNECTIONS 0 1"
if [[ "$SPLIT" == none ]]; then
    PG_SPECS=("a http://$HOST:${SERVER_PORT[pg-a]}/ $PG_THREADS $PG_CONNECTIONS 0 1"
        "b http://$HOST:${SERVER_PORT[pg-b]}/ $PG_THREADS $PG_CONNECTIONS 0 1")
else
    PG_SPECS=("a http://$HOST:${SERVER_PORT[pg-a]}/ $PG_THREADS $PG_CONNECTIONS 0 2"
        "b http://$HOST:${SERVER_PORT[pg-b]}/ $PG_THREADS $PG_CONNECTIONS 1 2")
fi

# CPU time (µs) used so far by a setup's processes: the SQLite instance; or the two
# PostgreSQL instances (printed first) and the database server, its postmaster and every
# backend (printed second). The backends are the instances' pooled connections, which live
# through a run, so a difference over a run counts all of their work.
setup_cpu_us() {
    if [[ "$1" == sqlite ]]; then
        proc_cpu_us "${SERVER_PID[sqlite]}"
        return
    fi
    local postmaster pid database=0
    postmaster="$(head -n 1 "$BATON_TEST_PGDATA/postmaster.pid")"
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        database=$((database + $(proc_cpu_us "$pid" 2>/dev/null || echo 0)))
    done
    echo "$(($(proc_cpu_us "${SERVER_PID[pg-a]}") + $(proc_cpu_us "${SERVER_PID[pg-b]}"))) $database"
}

# Transactions the benchmark's database has ended so far (PostgreSQL's statistics, which a
# backend reports within a second or so: close enough over a run of several seconds).
database_transactions() {
    timeout 30 "$PSQL" "$POSTGRES_URL" -qAt -c \
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null || echo 0
}

# Sets R_cpu (µs of CPU per heartbeat answered, everything of the setup together) and, for
# PostgreSQL, R_cpu_parts ("instances + database") and R_batch (heartbeats per transaction:
# the instances batch the heartbeats that arrive while a transaction runs).
measure() { # SETUP LABEL DURATION SECONDS
    local -a before after
    local transactions_before=0
    [[ "$1" == sqlite ]] || transactions_before="$(database_transactions)"
    read -r -a before <<<"$(setup_cpu_us "$1")"
    if [[ "$1" == sqlite ]]; then
        run_setup "$2" "$3" "$4" "$SQLITE_SPEC"
    else
        run_setup "$2" "$3" "$4" "${PG_SPECS[@]}"
    fi
    read -r -a after <<<"$(setup_cpu_us "$1")"
    local instances=$((after[0] - before[0])) database=$((${after[1]:-0} - ${before[1]:-0}))
    R_cpu="$(per_request $((instances + database)) "$R_requests")"
    R_cpu_parts="$(per_request "$instances" "$R_requests") + $(per_request "$database" "$R_requests")"
    R_batch="-"
    if [[ "$1" != sqlite ]]; then
        sleep 1
        local transactions=$(($(database_transactions) - transactions_before))
        ((transactions > 0)) && R_batch="$(awk -v r="$R_requests" -v t="$transactions" 'BEGIN { printf "%.1f", r / t }')"
    fi
}

log "warm-up: $WARMUP of each setup"
measure sqlite warmup-sqlite "$WARMUP" "$WARMUP_S"
measure postgresql warmup-postgresql "$WARMUP" "$WARMUP_S"

BEST_SQ_RPS=0; BEST_SQ_P50=0; BEST_SQ_P99=0
BEST_PG_RPS=0; BEST_PG_P50=0; BEST_PG_P99=0; BEST_PG_PARTS=""
ROWS=()
ROUND_RATIOS=()
CPU_RATIOS=()

for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2 == 1)); then order=(sqlite postgresql); else order=(postgresql sqlite); fi
    log "round $round/$ROUNDS: ${order[0]} $DURATION, then ${order[1]} $DURATION"
    for setup in "${order[@]}"; do
        measure "$setup" "round$round-$setup" "$DURATION" "$DURATION_S"
        if [[ "$setup" == sqlite ]]; then
            sq_rps="$R_rps"; sq_p50="$R_p50"; sq_p99="$R_p99"; sq_cpu="$R_cpu"
            if gt "$sq_rps" "$BEST_SQ_RPS"; then BEST_SQ_RPS="$sq_rps"; BEST_SQ_P50="$sq_p50"; BEST_SQ_P99="$sq_p99"; fi
        else
            pg_rps="$R_rps"; pg_p50="$R_p50"; pg_p99="$R_p99"; pg_parts="$R_parts"; pg_cpu="$R_cpu"; pg_cpu_parts="$R_cpu_parts"; pg_batch="$R_batch"
            if gt "$pg_rps" "$BEST_PG_RPS"; then
                BEST_PG_RPS="$pg_rps"; BEST_PG_P50="$pg_p50"; BEST_PG_P99="$pg_p99"; BEST_PG_PARTS="$pg_parts"
            fi
        fi
    done
    round_ratio="$(ratio "$pg_rps" "$sq_rps")"
    ROUND_RATIOS+=("round $round $round_ratio")
    ROWS+=("$(printf '  round %d: 1×SQLite %8.0f req/s (p50 %s, p99 %s) | 2×PostgreSQL %8.0f req/s = %s (p50 %s, p99 %s) | ratio %s' \
        "$round" "$sq_rps" "$(ms "$sq_p50")" "$(ms "$sq_p99")" "$pg_rps" "$pg_parts" "$(ms "$pg_p50")" "$(ms "$pg_p99")" \
        "$round_ratio")")
    ROWS+=("$(printf '           CPU per heartbeat: 1×SQLite %s µs | 2×PostgreSQL %s µs (instances + database: %s; %s heartbeats per transaction) | ratio %s' \
        "$sq_cpu" "$pg_cpu" "$pg_cpu_parts" "$pg_batch" "$(ratio "$pg_cpu" "$sq_cpu")")")
    CPU_RATIOS+=("round $round $(ratio "$pg_cpu" "$sq_cpu")")
done

# Every instance still healthy after the runs (none crashed or wedged).
for name in sqlite pg-a pg-b; do
    kill -0 "${SERVER_PID[$name]}" 2>/dev/null || die "baton ($name) exited during the benchmark"
    curl --silent --fail --max-time 5 --output /dev/null "http://$HOST:${SERVER_PORT[$name]}/health" ||
        die "baton ($name) stopped answering GET /health"
done
LOG_NOTES=""
for name in sqlite pg-a pg-b; do
    lines="$(grep -c . "$WORK_DIR/baton-$name.log" || true)"
    ((lines == 0)) || LOG_NOTES+="${LOG_NOTES:+, }$name $lines"
done

# ---------------------------------------------------------------------------------------
# 7. Report

BEST_RATIO="$(ratio "$BEST_PG_RPS" "$BEST_SQ_RPS")"
case "$SPLIT" in
    sessions) SPLIT_TEXT="alternate sessions (every group has members on both instances)" ;;
    groups) SPLIT_TEXT="alternate groups (each group on one instance only)" ;;
    none) SPLIT_TEXT="none (both instances heartbeat every session)" ;;
esac
ROUND_SUMMARY="$(printf '%s, ' "${ROUND_RATIOS[@]}")"

cat <<EOF

Baton cluster benchmark ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ))
  server:   $BATON${BATON_BIN:+ (BATON_BIN)}${BATON_BIN:- (release)}, log level warning, rate limits off
  1×SQLite:     $HOST:${SERVER_PORT[sqlite]}, data in a fresh temporary directory
  2×PostgreSQL: $HOST:${SERVER_PORT[pg-a]} (a) and $HOST:${SERVER_PORT[pg-b]} (b), both on $POSTGRES_URL
                PostgreSQL $PG_VERSION from scripts/postgres.sh (fsync $PG_FSYNC, synchronous_commit $PG_SYNC_COMMIT)
  load:     $SESSIONS sessions in $GROUPS_COUNT groups of $GROUP_SIZE on each setup, FailoverTimeout $FAILOVER_TIMEOUT
            sessions split between a and b: $SPLIT_TEXT
  wrk:      1×SQLite: one wrk -t$THREADS -c$CONNECTIONS; 2×PostgreSQL: two concurrent wrk -t$PG_THREADS -c$PG_CONNECTIONS (a + b), req/s summed
            -d$DURATION --timeout $WRK_TIMEOUT, warm-up $WARMUP each, $ROUNDS rounds (odd rounds SQLite first, even rounds PostgreSQL first)
  machine:  $(nproc) cores shared by the three instances, PostgreSQL and wrk
$(printf '%s\n' "${ROWS[@]}")
  best of $ROUNDS rounds:
    1×SQLite heartbeats/s:     $(printf '%8.0f' "$BEST_SQ_RPS")   p50 $(ms "$BEST_SQ_P50")   p99 $(ms "$BEST_SQ_P99")
    2×PostgreSQL heartbeats/s: $(printf '%8.0f' "$BEST_PG_RPS")   p50 $(ms "$BEST_PG_P50")   p99 $(ms "$BEST_PG_P99")   (a + b = $BEST_PG_PARTS)
EOF
if [[ -n "$LOG_NOTES" ]]; then
    echo "  server log lines at level warning or above: $LOG_NOTES${BATON_BENCH_LOG_DIR:+ (copied to $BATON_BENCH_LOG_DIR)}"
fi
echo "cluster ratio (2×PostgreSQL / 1×SQLite): ${ROUND_SUMMARY}best-of $BEST_RATIO"
echo "CPU per heartbeat, 2×PostgreSQL (instances and database) / 1×SQLite (target ≤ 2.5): $(printf '%s, ' "${CPU_RATIOS[@]}" | sed 's/, $//')"
