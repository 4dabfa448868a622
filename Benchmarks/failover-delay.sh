#!/usr/bin/env bash
# How long after a Primary's last heartbeat two instances on one PostgreSQL make the standby
# Primary, against the configured FailoverTimeout: the lease itself plus the detection delay
# (the standby's next heartbeat or an instance's poll, whichever comes first).
#
#   Benchmarks/failover-delay.sh            # 10 groups, FailoverTimeout 1 s, poll 50 ms
#   COUNT=20 POLL=20 Benchmarks/failover-delay.sh
#   BATON_BIN=.build/release/baton Benchmarks/failover-delay.sh   # a given binary
#
# Starts its own throwaway PostgreSQL (scripts/postgres.sh) and two debug instances; stops
# everything on exit. The standby heartbeats every 200 ms through the other instance.
#
# Then the push between instances: an event stream open on one instance, a session registered
# through the other, and the time from sending that request to the event arriving (the commit,
# PostgreSQL's NOTIFY, the history read and the stream's write; the request's own round trip
# is included, so this is an upper bound). Target: within 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-10}"
POLL="${POLL:-50}"

eval "$(scripts/postgres.sh start)"
pids=()
# The instances go first: stopping PostgreSQL under them would make them log it as an outage.
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    scripts/postgres.sh stop || true
}
trap cleanup EXIT
psql "$BATON_TEST_POSTGRES_URL" -qc "CREATE DATABASE failover_delay"
url="${BATON_TEST_POSTGRES_URL%/postgres}/failover_delay"
if [[ -n "${BATON_BIN:-}" ]]; then
    baton="$BATON_BIN"
else
    swift build --product baton >&2
    baton="$(swift build --show-bin-path)/baton"
fi
ports=()
for n in 1 2; do
    port=$(python3 scripts/free_port.py)
    "$baton" serve --postgres-url "$url" --port "$port" --poll-interval "$POLL" --log-level warning &
    pids+=($!)
    ports+=("$port")
done
for port in "${ports[@]}"; do
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
done

python3 - "${ports[0]}" "${ports[1]}" "$COUNT" "$POLL" <<'PY'
import http.client, json, sys, threading, time, urllib.request
one, two, groups, poll = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def call(port, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/clientfailover{path}",
                                     data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST")
    return json.loads(urllib.request.urlopen(request).read() or b"null")
delays = []
for i in range(groups):
    g = f"delay-{i}"
    call(one, "/groups", {"Id": g, "FailoverTimeout": "00:00:01"})
    call(one, f"/groups/{g}/clientsessions", {"Id": "a"})
    call(two, f"/groups/{g}/clientsessions", {"Id": "b"})
    sent = time.monotonic()
    assert call(one, f"/groups/{g}/clientsessions/a/heartbeat", {"FailoverScore": 100})["Role"] == 1
    stop = threading.Event()
    def standby():
        while not stop.is_set():
            call(two, f"/groups/{g}/clientsessions/b/heartbeat", {"FailoverScore": 100})
            time.sleep(0.2)
    thread = threading.Thread(target=standby)
    thread.start()
    while call(one, f"/groups/{g}/status")["Primary"] != "b":
        time.sleep(0.002)
    delays.append(time.monotonic() - sent)
    stop.set()
    thread.join()
print(f"FailoverTimeout 1000 ms, poll {poll} ms, 2 instances: from sending the Primary's last heartbeat "
      f"to the standby shown Primary: " + ", ".join(f"{d * 1000:.0f}" for d in delays)
      + f" ms; max {max(delays) * 1000:.0f} ms")

pushes = []
for i in range(groups):
    g = f"push-{i}"
    call(one, "/groups", {"Id": g})
    stream = http.client.HTTPConnection("127.0.0.1", one, timeout=10)
    stream.request("GET", f"/api/v1/clientfailover/groups/{g}/events/stream", headers={"Accept": "text/event-stream"})
    response = stream.getresponse()
    assert response.status == 200, response.status
    sent = time.monotonic()
    call(two, f"/groups/{g}/clientsessions", {"Id": "c"})
    while not response.fp.readline().decode().startswith("event: SessionRegistered"):
        pass
    pushes.append(time.monotonic() - sent)
    stream.close()
print(f"Push between instances (stream on one, session registered through the other): "
      + ", ".join(f"{d * 1000:.1f}" for d in pushes) + f" ms; max {max(pushes) * 1000:.1f} ms (target 100 ms)")
PY
