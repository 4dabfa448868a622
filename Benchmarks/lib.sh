# Helpers shared by the benchmark scripts (sourced; the caller sets SCRIPT_NAME, HOST,
# RUN_ID and, for curl_batch, WORK_DIR).

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
        port=$((20000 + RANDOM % 40000))
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
