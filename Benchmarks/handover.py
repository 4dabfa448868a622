#!/usr/bin/env python3
"""Planned failover with and without member hints, and the unplanned case, on one server.

Two members follow the lease contract: heartbeat every T/2; with hints, they also hold their
hints stream and heartbeat at once on each hint. A round: ask for a planned failover to the
standby and time from the request until the standby's heartbeat answer says Primary with the
new epoch. Unplanned: the Primary stops; time from its last answered heartbeat's send to the
successor's first Primary answer, against T (the overshoot).

Prints every round's value and p50/p99 per mode. Standard library only.
"""
import http.client, json, os, socket, statistics, sys, threading, time

HOST = "127.0.0.1"
PORT = int(os.environ["PORT"])
ROUNDS = int(os.environ.get("ROUNDS", "100"))
UNPLANNED = int(os.environ.get("UNPLANNED", "10"))
PLAIN_ROUNDS = int(os.environ.get("PLAIN_ROUNDS", str(ROUNDS)))
T = float(os.environ.get("TIMEOUT_SECONDS", "10"))
BASE = "/api/v1/clientfailover"


def request(method, path, body=None, timeout=5.0):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body)
        connection.request(method, path, data, {"Content-Type": "application/json"} if data else {})
        response = connection.getresponse()
        text = response.read()
        return response.status, (json.loads(text) if text else None)
    finally:
        connection.close()


class Member:
    def __init__(self, group, name, hints, interval):
        self.group, self.name, self.hints, self.interval = group, name, hints, interval
        self.lock = threading.Condition()
        self.role, self.epoch, self.answered_at = None, 0, 0.0
        self.last_sent = 0.0
        self.running = True
        self.wake = threading.Event()
        request("POST", f"{BASE}/groups/{group}/clientsessions", {"Id": name})
        threading.Thread(target=self.loop, daemon=True).start()
        if hints:
            threading.Thread(target=self.listen, daemon=True).start()

    def beat(self):
        sent = time.monotonic()
        status, answer = request("POST", f"{BASE}/groups/{self.group}/clientsessions/{self.name}/heartbeat",
                                 {"FailoverScore": 90})
        with self.lock:
            self.last_sent = sent
            if status == 200:
                self.role, self.epoch, self.answered_at = answer["Role"], answer["Epoch"], time.monotonic()
            self.lock.notify_all()

    def loop(self):
        while True:
            # Cleared before the heartbeat, not after the wait: a hint that arrives while this
            # heartbeat is in flight (its answer may predate the change) wakes the next one.
            self.wake.clear()
            if self.running:
                try:
                    self.beat()
                except OSError:
                    pass
            self.wake.wait(self.interval)

    def listen(self):
        path = f"{BASE}/groups/{self.group}/clientsessions/{self.name}/hints"
        while True:
            try:
                sock = socket.create_connection((HOST, PORT))
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
                buffer = b""
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    buffer += chunk
                    while b"\n\n" in buffer:
                        block, buffer = buffer.split(b"\n\n", 1)
                        if b"event: hint" in block and self.running:
                            self.wake.set()
            except OSError:
                time.sleep(0.1)

    def wait_for(self, predicate, limit):
        deadline = time.monotonic() + limit
        with self.lock:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
            return True


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def planned(hints):
    group = f"handover-{'hints' if hints else 'plain'}-{os.getpid()}"
    request("POST", f"{BASE}/groups", {"Id": group, "FailoverTimeout": time.strftime("%H:%M:%S", time.gmtime(T))})
    members = [Member(group, name, hints, T / 2) for name in ("a", "b")]
    members[0].wait_for(lambda m: m.role == 1, T)
    members[1].wait_for(lambda m: m.role == 0, T)  # live: a failover needs a live standby
    times = []
    for round in range(ROUNDS if hints else PLAIN_ROUNDS):
        primary = next(m for m in members if m.role == 1)
        target = next(m for m in members if m is not primary)
        epoch = primary.epoch
        started = time.monotonic()
        status, _ = request("POST", f"{BASE}/groups/{group}/failover", {"TargetSessionId": target.name})
        if status != 202:
            print(f"round {round}: failover answered {status}", file=sys.stderr)
            continue
        if not target.wait_for(lambda m: m.role == 1 and m.epoch > epoch, 3 * T):
            print(f"round {round}: no handover within {3 * T} s", file=sys.stderr)
            continue
        times.append((target.answered_at - started) * 1000)
        # The old Primary learns it at its next heartbeat; let the group settle.
        primary.wait_for(lambda m: m.role != 1, 3 * T)
    return times


def unplanned():
    group = f"unplanned-{os.getpid()}"
    short = float(os.environ.get("UNPLANNED_TIMEOUT_SECONDS", "1"))
    request("POST", f"{BASE}/groups", {"Id": group, "FailoverTimeout": f"00:00:0{short:.3f}" if short < 10 else "00:00:10"})
    members = [Member(group, name, True, short / 2) for name in ("a", "b")]
    members[0].wait_for(lambda m: m.role == 1, 5 * short)
    overshoots = []
    for round in range(UNPLANNED):
        primary = next((m for m in members if m.role == 1), None)
        if primary is None:
            time.sleep(short)
            continue
        target = next(m for m in members if m is not primary)
        epoch = primary.epoch
        primary.running = False
        with primary.lock:
            last_sent = primary.last_sent
        if not target.wait_for(lambda m: m.role == 1 and m.epoch > epoch, 5 * short):
            print(f"unplanned round {round}: no successor", file=sys.stderr)
        else:
            overshoots.append((target.answered_at - last_sent - short) * 1000)
        primary.running = True
        primary.wake.set()
        primary.wait_for(lambda m: m.role == 0, 5 * short)
    return overshoots, short


def report(label, values, unit="ms"):
    if not values:
        print(f"{label}: no rounds completed")
        return
    print(f"{label}: rounds " + " ".join(f"{v:.1f}" for v in values))
    print(f"{label}: n={len(values)} p50={percentile(values, 50):.1f} {unit} p99={percentile(values, 99):.1f} {unit} "
          f"mean={statistics.mean(values):.1f} {unit}")


with_hints = planned(True)
without = planned(False)
report(f"planned failover with hints (T={T:.0f} s), request → target's Primary answer", with_hints)
report(f"planned failover without hints (T={T:.0f} s)", without)
overshoot, short = unplanned()
report(f"unplanned (T={short:.1f} s), overshoot beyond T from the old Primary's last heartbeat send", overshoot)
