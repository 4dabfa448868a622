# Helpers shared by the benchmark scripts (sourced; the caller sets SCRIPT_NAME, HOST,
# RUN_ID, REPO_DIR and, for curl_batch, WORK_DIR).

log() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_count() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }
# wrk durations: a number with an optional unit s, m or h. Prints seconds.
duration_seconds() {
    [[ "$1" =~ ^([1-9][0-9]*)([smh]?)$ ]] || return 1
    local n="${BASH_REMATCH[1]}" unit="${BASH_REMATCH[2]}"
    case "$unit" in
        m) echo $((n * 60)) ;;
        h) echo $((n * 3600)) ;;
        *) echo "$n" ;;
    esac
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
pick_port() {
    local attempt port
    for ((attempt = 0; attempt < 50; attempt++)); do
        # Below the ephemeral range (32768 up): an outgoing connection never takes such a port.
        port=$((10000 + RANDOM % 22000))
        if ! port_in_use "$port"; then echo "$port"; return 0; fi
    done
    return 1
}

group_id() { printf '%s-g%05d' "$RUN_ID" "$1"; }
session_id() { printf '%s-s%05d' "$RUN_ID" "$1"; }

# Runs a curl config of many requests over one keep-alive connection; every request must
# answer one of the accepted status codes.
curl_batch() {
    local label="$1" config="$2" accepted="$3" expected="$4"
    local codes="$WORK_DIR/$label.codes"
    # Entries are separated by `next`; one after the last would be a request without a URL.
    if [[ "$(tail -n 1 "$config")" == next ]]; then sed -i '$ d' "$config"; fi
    timeout 600 curl --silent --show-error --config "$config" >"$codes" ||
        die "$label: curl failed"
    local total bad
    total="$(grep -c . "$codes" || true)"
    bad="$(grep -Evc "^($accepted)\$" "$codes" || true)"
    [[ "$total" -eq "$expected" ]] || die "$label: $total answers for $expected requests"
    if [[ "$bad" -ne 0 ]]; then
        log "$label: $bad of $total requests answered something else than $accepted:"
        sort "$codes" | uniq -c | sed 's/^/    /' >&2
        die "$label failed"
    fi
}

curl_entry() { # url json-body
    local body="${2//\\/\\\\}"
    body="${body//\"/\\\"}"
    printf 'url = "%s"\nheader = "Content-Type: application/json"\ndata = "%s"\n' "$1" "$body"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nmax-time = 10\nnext\n'
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

# CPU time (user + system, in microseconds) and context switches (voluntary and not, over
# every thread) a process has used so far: read before and after a round, their differences
# over the requests answered are what one request costs the server, whatever the core count.
proc_cpu_us() {
    local ticks
    ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat") || return 1
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1000000 / hz }'
}
proc_context_switches() {
    cat /proc/"$1"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
per_request() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.1f", (n > 0 ? a / n : 0) }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---------------------------------------------------------------------------------------
# Tools and the binary

# Installs wrk with apt-get when it is missing (apt's chatter goes to stderr: stdout is the report).
ensure_wrk() {
    if ! command -v wrk >/dev/null 2>&1; then
        [[ "$(id -u)" -eq 0 ]] || die "wrk is not installed; install it (apt-get install wrk) or run this as root"
        command -v apt-get >/dev/null 2>&1 || die "wrk is not installed and apt-get is not available"
        log "installing wrk with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >&2
    fi
    command -v wrk >/dev/null 2>&1 || die "wrk is still not on PATH after installing it"
}

# Sets BATON: $BATON_BIN when given (a binary built elsewhere), else a release build of the
# repository (BATON_SCRATCH_PATH is passed to `swift build` as --scratch-path).
build_release() {
    if [[ -n "${BATON_BIN:-}" ]]; then
        BATON="$BATON_BIN"
        [[ -x "$BATON" ]] || die "BATON_BIN=$BATON is not an executable"
        log "using $BATON (BATON_BIN), not a fresh release build"
        return 0
    fi
    local swift="${SWIFT:-swift}"
    if ! command -v "$swift" >/dev/null 2>&1; then
        [[ -x /opt/swift/usr/bin/swift ]] || die "swift is not on PATH (set SWIFT=/path/to/swift)"
        swift=/opt/swift/usr/bin/swift
    fi
    local -a scratch=()
    if [[ -n "${BATON_SCRATCH_PATH:-}" ]]; then scratch=(--scratch-path "$BATON_SCRATCH_PATH"); fi
    log "building baton (release)${BATON_SCRATCH_PATH:+ in $BATON_SCRATCH_PATH}"
    (cd "$REPO_DIR" && "$swift" build -c release --product baton ${scratch[@]+"${scratch[@]}"}) >&2
    BATON="$(cd "$REPO_DIR" && "$swift" build -c release --show-bin-path ${scratch[@]+"${scratch[@]}"})/baton"
    [[ -x "$BATON" ]] || die "no baton executable at $BATON"
}

# Sets BENCH: $BENCH_BIN when given, else a release build of baton-bench (Benchmarks/Bench),
# the simulator and the etcd comparisons, with the same scratch path as build_release.
build_bench() {
    if [[ -n "${BENCH_BIN:-}" ]]; then
        BENCH="$BENCH_BIN"
        [[ -x "$BENCH" ]] || die "BENCH_BIN=$BENCH is not an executable"
        return 0
    fi
    local swift="${SWIFT:-swift}"
    command -v "$swift" >/dev/null 2>&1 || swift=/opt/swift/usr/bin/swift
    local -a scratch=()
    if [[ -n "${BATON_SCRATCH_PATH:-}" ]]; then scratch=(--scratch-path "$BATON_SCRATCH_PATH"); fi
    log "building baton-bench (release)"
    (cd "$REPO_DIR" && "$swift" build -c release --product baton-bench ${scratch[@]+"${scratch[@]}"}) >&2
    BENCH="$(cd "$REPO_DIR" && "$swift" build -c release --show-bin-path ${scratch[@]+"${scratch[@]}"})/baton-bench"
    [[ -x "$BENCH" ]] || die "no baton-bench executable at $BENCH"
}

# start_etcd DIR PIN...: installs etcd-server from the distribution's packages when etcd is
# missing (as root), starts one etcd on loopback with a fresh data directory in DIR (under the
# command prefix PIN..., e.g. taskset -c 0) and waits for its health. Sets ETCD_PID, ETCD_URL.
start_etcd() {
    local dir="$1" i port peer
    shift
    if ! command -v etcd >/dev/null; then
        ((EUID == 0)) || die "etcd is not installed (apt-get install etcd-server), or set ETCD=0"
        log "installing etcd-server (apt-get)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null; } ||
            die "could not install etcd-server; set ETCD=0 to measure Baton alone"
    fi
    port="$(pick_port)" && peer="$(pick_port)" || die "found no free port for etcd"
    "$@" etcd --name bench --data-dir "$dir/etcd" --log-level warn \
        --listen-client-urls "http://$HOST:$port" --advertise-client-urls "http://$HOST:$port" \
        --listen-peer-urls "http://$HOST:$peer" --initial-advertise-peer-urls "http://$HOST:$peer" \
        --initial-cluster "bench=http://$HOST:$peer" >"$dir/etcd.log" 2>&1 &
    ETCD_PID=$!
    ETCD_URL="http://$HOST:$port"
    for ((i = 0; i < 100; i++)); do
        kill -0 "$ETCD_PID" 2>/dev/null || { sed 's/^/    /' "$dir/etcd.log" >&2; die "etcd exited at start"; }
        curl --silent --max-time 1 "$ETCD_URL/health" | grep -q '"health":"true"' && return 0
        sleep 0.1
    done
    die "etcd did not become healthy within 10 s"
}

# ---------------------------------------------------------------------------------------
# Servers

# stop_pid NAME PID: SIGTERM, up to 10 s for a graceful shutdown, then SIGKILL.
stop_pid() {
    local name="$1" pid="$2"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "baton ($name) did not stop within 10 s of SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# await_health NAME PID PORT LOGFILE: 0 once GET /health answers; 1 if the process exits first
# (e.g. the port was taken meanwhile; its log is shown); dies after 60 s of neither.
await_health() {
    local name="$1" pid="$2" port="$3" logfile="$4" i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
            log "baton ($name) exited during start-up on port $port:"
            sed 's/^/    /' "$logfile" >&2 || true
            return 1
        fi
        if curl --silent --fail --max-time 1 --output /dev/null "http://$HOST:$port/health"; then return 0; fi
        sleep 0.1
    done
    die "baton ($name) did not answer GET /health within 60 s"
}

# ---------------------------------------------------------------------------------------
# wrk results

# read_wrk_result LABEL OUT: reads the BATON_WRK line wrk/heartbeat.lua prints into the
# associative array WRK (requests, rps, p50_us, p99_us, error counts); dies (showing the
# output) when there is none, no request was made, or any request failed.
read_wrk_result() {
    local label="$1" out="$2" line pair
    line="$(grep '^BATON_WRK ' "$out" | tail -n 1)" || true
    if [[ -z "$line" ]]; then
        sed 's/^/    /' "$out" >&2
        die "wrk ($label) printed no BATON_WRK line"
    fi
    WRK=()
    for pair in ${line#BATON_WRK }; do WRK["${pair%%=*}"]="${pair#*=}"; done
    local errors=$((WRK[status_errors] + WRK[connect_errors] + WRK[read_errors] + WRK[write_errors] + WRK[timeouts]))
    if ((WRK[requests] == 0 || errors != 0)); then
        sed 's/^/    /' "$out" >&2
        die "wrk ($label): ${WRK[requests]} requests, ${WRK[status_errors]} answers with status ≥ 400" \
            "(non-2xx/3xx), socket errors connect ${WRK[connect_errors]} read ${WRK[read_errors]}" \
            "write ${WRK[write_errors]} timeout ${WRK[timeouts]}"
    fi
}
declare -gA WRK=()

# ---------------------------------------------------------------------------------------
# The load both benchmarks describe the same way

# read_load ROUNDS_DEFAULT: SESSIONS GROUP_SIZE THREADS CONNECTIONS DURATION WARMUP ROUNDS
# WRK_TIMEOUT from the environment (with their defaults), checked; sets DURATION_S,
# WARMUP_S and GROUPS_COUNT.
read_load() {
    SESSIONS="${SESSIONS:-1000}"
    GROUP_SIZE="${GROUP_SIZE:-10}"
    THREADS="${THREADS:-2}"
    CONNECTIONS="${CONNECTIONS:-64}"
    DURATION="${DURATION:-10s}"
    WARMUP="${WARMUP:-3s}"
    ROUNDS="${ROUNDS:-$1}"
    WRK_TIMEOUT="${WRK_TIMEOUT:-5s}"
    local name
    for name in SESSIONS GROUP_SIZE THREADS CONNECTIONS ROUNDS; do
        is_count "${!name}" || die "$name must be a positive integer, not '${!name}'"
    done
    ((CONNECTIONS >= THREADS)) || die "CONNECTIONS ($CONNECTIONS) must be at least THREADS ($THREADS)"
    ((SESSIONS <= 99999)) || die "SESSIONS must be at most 99999"
    DURATION_S="$(duration_seconds "$DURATION")" || die "DURATION must look like 10s, 1m (not '$DURATION')"
    WARMUP_S="$(duration_seconds "$WARMUP")" || die "WARMUP must look like 3s (not '$WARMUP')"
    duration_seconds "$WRK_TIMEOUT" >/dev/null || die "WRK_TIMEOUT must look like 5s (not '$WRK_TIMEOUT')"
    GROUPS_COUNT=$(((SESSIONS + GROUP_SIZE - 1) / GROUP_SIZE))
}
