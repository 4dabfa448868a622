"""The fault-injection suite's driver: real `baton serve` processes, simulated members (one
process each, member.py), a seeded random schedule of faults, and the history check
(checker.py) at the end. See docs/testing.md.

    python3 scripts/fault/run.py --store sqlite|postgres [--seconds 60] [--seed N] [--bin PATH]
"""

from __future__ import annotations

import argparse
import glob
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from checker import check  # noqa: E402
from free_port import free_port  # noqa: E402
from member import CF_PREFIX, HCX_PREFIX, QUIT, RUN, STEP_DOWN, Client, format_timespan, member_main  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUTS = (1.0, 1.5, 2.0)  # FailoverTimeout values the schedule picks from
STATUS_NAMES = {-1: "refused", 0: "no answer"}


def log(message: str) -> None:
    print(f"fault: {message}", flush=True)


class Coordinator:
    """One `baton serve` process, restarted on the same port and store after a SIGKILL."""

    def __init__(self, name: str, binary: str, port: int, store_args: list[str], workdir: str):
        self.name, self.binary, self.port, self.store_args = name, binary, port, store_args
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "a") as out:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--log-level", os.environ.get("FAULT_LOG_LEVEL", "notice"),
                 *self.store_args],
                stdout=out, stderr=out, stdin=subprocess.DEVNULL)

    def wait_ready(self, limit: float = 60.0) -> None:
        client = Client([("127.0.0.1", self.port)])
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; log: {self.log_path}\n{self.log_tail()}")
            status, _ = client.request("GET", "/health", timeout=1.0)
            if status == 200:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer /health within {limit:.0f} s; log: {self.log_path}\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        """The end of the log, so that a failure on a machine that is gone afterwards (CI) says why."""
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError as error:
            return f"(log unreadable: {error})"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class MemberHandle:
    def __init__(self, kind: str, group: str, member: str, bases, timeout: float, score: int, log_path: str):
        context = multiprocessing.get_context("fork")
        self.kind, self.group, self.member = kind, group, member
        self.score = context.RawValue("i", score)
        self.command = context.RawValue("i", RUN)
        self.stopped = False
        self.lock = threading.Lock()
        self.process = context.Process(target=member_main, name=member, daemon=True,
                                       args=(kind, bases, group, member, timeout, self.score, self.command, log_path))

    def sigstop(self) -> bool:
        with self.lock:
            if self.stopped:
                return False
            os.kill(self.process.pid, signal.SIGSTOP)
            self.stopped = True
            return True

    def sigcont(self) -> None:
        with self.lock:
            if self.stopped:
                os.kill(self.process.pid, signal.SIGCONT)
                self.stopped = False


class Run:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.workdir = tempfile.mkdtemp(prefix=f"baton-fault-{args.store}.")
        self.faults: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.timers: list[threading.Timer] = []
        self.coordinators: list[Coordinator] = []
        self.members: list[MemberHandle] = []
        self.cf_groups: dict[str, float] = {}  # id → FailoverTimeout the driver last set
        self.hcx_groups: dict[str, list[str]] = {}  # id → appliances
        self.hcx_timeout = 1.5
        self.database_url: str | None = None

    # -- setup -----------------------------------------------------------------------------
    def start_coordinators(self) -> None:
        binary = self.args.bin
        if self.args.store == "sqlite":
            data = os.path.join(self.workdir, "data")
            self.coordinators = [Coordinator("baton", binary, free_port(), ["--data-dir", data], self.workdir)]
        else:
            base = os.environ["BATON_TEST_POSTGRES_URL"]
            name = f"baton_fault_{os.getpid()}_{self.args.seed}"
            subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qAtc", f"CREATE DATABASE {name}"],
                           check=True, stdout=subprocess.DEVNULL)
            self.database_url = base.rsplit("/", 1)[0] + "/" + name
            self.coordinators = [
                Coordinator(f"baton-{i}", binary, free_port(),
                            ["--postgres-url", self.database_url, "--data-dir", os.path.join(self.workdir, f"data-{i}")],
                            self.workdir)
                for i in (1, 2)]
        for c in self.coordinators:
            c.start()
        for c in self.coordinators:
            c.wait_ready()

    def bases(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", c.port) for c in self.coordinators]

    def client(self) -> Client:
        return Client(self.bases())

    def create_cf_group(self, group: str, timeout: float) -> int:
        status, _ = self.client().request("POST", f"{CF_PREFIX}/groups",
                                          {"Id": group, "Name": group, "FailoverTimeout": format_timespan(timeout)})
        if status in (200, 201):
            self.cf_groups[group] = timeout
        return status

    def create_hcx_group(self, group: str) -> int:
        status, _ = self.client().request("POST", f"{HCX_PREFIX}/appliances/ha/groups", {
            "groupId": group, "name": group, "appliances": self.hcx_groups[group],
            "policyInfo": {"policy": "SCORE"}, "failoverTimeout": format_timespan(self.hcx_timeout)})
        return status

    def setup(self) -> None:
        logs = os.path.join(self.workdir, "members")
        os.makedirs(logs)
        plan = [("cf", "fault-cf-1", ["cf1-a", "cf1-b", "cf1-c"]),
                ("cf", "fault-cf-2", ["cf2-a", "cf2-b", "cf2-c"]),
                ("hcx", "fault-ha-1", ["ha1-a", "ha1-b", "ha1-c"])]
        for kind, group, names in plan:
            if kind == "cf":
                timeout = self.rng.choice(TIMEOUTS)
                if self.create_cf_group(group, timeout) not in (200, 201):
                    raise RuntimeError(f"could not create group {group}")
            else:
                timeout = self.hcx_timeout
                for name in names:
                    status, _ = self.client().request("POST", f"{HCX_PREFIX}/appliances",
                                                      {"applianceId": name, "applianceName": name})
                    if status not in (200, 201):
                        raise RuntimeError(f"could not register appliance {name}: {status}")
                self.hcx_groups[group] = names
                status = self.create_hcx_group(group)
                if status != 202:
                    raise RuntimeError(f"could not create HA group {group}: {status}")
            for name in names:
                bases = self.bases()
                self.members.append(MemberHandle(kind, group, name, bases, timeout, self.rng.randint(50, 100),
                                                 os.path.join(logs, f"{name}.jsonl")))
        for m in self.members:
            m.process.start()

    # -- faults ----------------------------------------------------------------------------
    def later(self, delay: float, action) -> None:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        self.timers.append(timer)
        timer.start()

    def longest_timeout(self) -> float:
        return max([self.hcx_timeout, *self.cf_groups.values(), *TIMEOUTS])

    def kill_coordinator(self) -> str:
        c = self.rng.choice(self.coordinators)
        down = self.rng.uniform(0.2, 2.0)
        c.kill()
        time.sleep(down)
        c.start()
        c.wait_ready()
        return f"SIGKILL {c.name}, down {down:.1f} s"

    def stop_member(self) -> str:
        m = self.rng.choice(self.members)
        if not m.sigstop():
            return f"{m.member} already stopped"
        pause = self.rng.uniform(1.2, 2.5) * self.longest_timeout()
        self.later(pause, m.sigcont)
        return f"SIGSTOP {m.member} for {pause:.1f} s"

    def cf_member(self) -> MemberHandle:
        return self.rng.choice([m for m in self.members if m.kind == "cf"])

    def override(self) -> str:
        m = self.cf_member()
        value = self.rng.choice([1, 1, 2, 0])
        body = {"Value": value}
        if value != 0:
            body["ExpirationPeriod"] = format_timespan(self.rng.uniform(1.0, 5.0))
        status, _ = self.client().request("POST", f"{CF_PREFIX}/groups/{m.group}/clientsessions/{m.member}/roleoverride", body)
        self.outcomes[f"override {status}"] += 1
        return f"override {m.member} {body} → {status}"

    def failover(self) -> str:
        group = self.rng.choice(sorted(self.cf_groups))
        body = {}
        if self.rng.random() < 0.5:
            body["TargetSessionId"] = self.rng.choice([m.member for m in self.members if m.group == group])
        status, _ = self.client().request("POST", f"{CF_PREFIX}/groups/{group}/failover", body)
        self.outcomes[f"failover {status}"] += 1
        return f"failover {group} {body} → {status}"

    def change_timeout(self) -> str:
        group = self.rng.choice(sorted(self.cf_groups))
        timeout = self.rng.choice([t for t in TIMEOUTS if t != self.cf_groups[group]])
        status, _ = self.client().request("PUT", f"{CF_PREFIX}/groups/{group}",
                                          {"Id": group, "Name": group, "FailoverTimeout": format_timespan(timeout)})
        if status in (200, 201):
            self.cf_groups[group] = timeout
        self.outcomes[f"timeout {status}"] += 1
        return f"PUT {group} FailoverTimeout {timeout} s → {status}"

    def recreate(self) -> str:
        group = self.rng.choice(sorted(self.cf_groups))
        client = self.client()
        frozen = ""
        if self.rng.random() < 0.5:
            # Half the time the Primary is frozen (a GC pause, say) while its group is deleted
            # and re-created: its lease still runs when the new incarnation elects someone.
            status, body = client.request("GET", f"{CF_PREFIX}/groups/{group}/status")
            primary = (body or {}).get("Primary") if status == 200 else None
            handle = next((m for m in self.members if m.member == primary), None)
            if handle is not None and handle.sigstop():
                pause = self.rng.uniform(1.2, 2.0) * self.longest_timeout()
                self.later(pause, handle.sigcont)
                frozen = f"Primary {primary} frozen for {pause:.1f} s; "
        limit = time.monotonic() + 3 * self.longest_timeout() + 2
        attempts = 0
        deleted = False
        while time.monotonic() < limit:
            attempts += 1
            status, sessions = client.request("GET", f"{CF_PREFIX}/groups/{group}/clientsessions")
            if status == 404:
                break
            for session in sessions or []:
                client.request("DELETE", f"{CF_PREFIX}/groups/{group}/clientsessions/{session['Id']}")
            status, _ = client.request("DELETE", f"{CF_PREFIX}/groups/{group}")
            if status in (200, 204):
                deleted = True
                break
            time.sleep(0.05)
        pause = 0.0 if frozen else self.rng.uniform(0.0, 1.0)
        time.sleep(pause)
        timeout = self.rng.choice(TIMEOUTS)
        status = 0
        while status not in (200, 201) and time.monotonic() < limit + 10:
            status = self.create_cf_group(group, timeout)
            if status not in (200, 201):
                time.sleep(0.1)
        self.outcomes[f"recreate {'deleted' if deleted else 'delete refused'}"] += 1
        if status not in (200, 201):
            raise RuntimeError(f"could not re-create {group}: {status}")
        return (f"{frozen}delete {group} ({'deleted' if deleted else 'not deleted'} after {attempts} attempt(s)), "
                f"re-created after {pause:.1f} s with FailoverTimeout {timeout} s")

    def score(self) -> str:
        m = self.rng.choice(self.members)
        if self.rng.random() < 0.5:
            old = m.score.value
            m.score.value = 0
            period = self.rng.uniform(1.0, 3.0)

            def restore(m=m, old=old):
                m.score.value = old
            self.later(period, restore)
            return f"score of {m.member} 0 for {period:.1f} s"
        m.score.value = self.rng.randint(30, 100)
        return f"score of {m.member} now {m.score.value}"

    def delete_session(self) -> str:
        group = self.rng.choice(sorted(self.cf_groups))
        client = self.client()
        status, body = client.request("GET", f"{CF_PREFIX}/groups/{group}/status")
        target = (body or {}).get("Primary") if status == 200 else None
        if not isinstance(target, str):
            target = self.rng.choice([m.member for m in self.members if m.group == group])
        status, _ = client.request("DELETE", f"{CF_PREFIX}/groups/{group}/clientsessions/{target}")
        self.outcomes[f"delete-session {status}"] += 1
        return f"DELETE session {target} of {group} → {status}"

    def step_down(self) -> str:
        m = self.cf_member()
        m.command.value = STEP_DOWN
        return f"step-down {m.member}"

    def hcx_failover(self) -> str:
        group = self.rng.choice(sorted(self.hcx_groups))
        status, _ = self.client().request("POST", f"{HCX_PREFIX}/appliances/ha/groups/{group}/forceFailover")
        self.outcomes[f"forceFailover {status}"] += 1
        return f"forceFailover {group} → {status}"

    def hcx_recreate(self) -> str:
        group = self.rng.choice(sorted(self.hcx_groups))
        client = self.client()
        frozen = ""
        if self.rng.random() < 0.5:  # as in recreate(): the ACTIVE frozen meanwhile
            status, body = client.request("GET", f"{HCX_PREFIX}/appliances/ha/groups/{group}")
            members = (body or {}).get("groupMembers") or [] if status == 200 else []
            active = next((m.get("applianceId") for m in members if m.get("role") == "ACTIVE"), None)
            handle = next((m for m in self.members if m.member == active), None)
            if handle is not None and handle.sigstop():
                pause = self.rng.uniform(1.2, 2.0) * self.longest_timeout()
                self.later(pause, handle.sigcont)
                frozen = f"ACTIVE {active} frozen for {pause:.1f} s; "
        status, _ = client.request("DELETE", f"{HCX_PREFIX}/appliances/ha/groups/{group}?force=true")
        pause = 0.0 if frozen else self.rng.uniform(0.0, 1.0)
        time.sleep(pause)
        created = 0
        limit = time.monotonic() + 3 * self.longest_timeout() + 10
        while created != 202 and time.monotonic() < limit:
            created = self.create_hcx_group(group)
            if created != 202:
                time.sleep(0.1)
        self.outcomes[f"hcx-recreate delete {status} create {created}"] += 1
        if created != 202:
            raise RuntimeError(f"could not re-create HA group {group}: {created}")
        return f"{frozen}delete HA group {group} → {status}, re-created after {pause:.1f} s → {created}"

    def postgres_outage(self) -> str:
        down = self.rng.uniform(2.0, 4.0)
        script = os.path.join(REPO, "scripts", "postgres.sh")
        subprocess.run([script, "stop-server"], check=True)
        time.sleep(down)
        subprocess.run([script, "start-server"], check=True)
        return f"PostgreSQL stopped for {down:.1f} s"

    def fault_kinds(self) -> dict:
        kinds = {
            "kill-coordinator": (self.kill_coordinator, 2),
            "sigstop-member": (self.stop_member, 3),
            "role-override": (self.override, 2),
            "planned-failover": (self.failover, 2),
            "timeout-change": (self.change_timeout, 1),
            "delete-recreate-group": (self.recreate, 1),
            "score-change": (self.score, 2),
            "delete-session": (self.delete_session, 1),
            "step-down": (self.step_down, 1),
            "hcx-force-failover": (self.hcx_failover, 1),
            "hcx-delete-recreate": (self.hcx_recreate, 1),
        }
        if self.args.store == "postgres" and os.environ.get("BATON_TEST_PGDATA"):
            kinds["postgres-outage"] = (self.postgres_outage, 1)
        return kinds

    def inject(self, until: float) -> None:
        kinds = self.fault_kinds()
        names = sorted(kinds)
        first = names[:]
        self.rng.shuffle(first)  # every kind at least once, then at random by weight
        weights = [kinds[n][1] for n in names]
        while time.monotonic() < until:
            time.sleep(self.rng.uniform(0.3, 1.5))
            name = first.pop() if first else self.rng.choices(names, weights)[0]
            started = time.monotonic()
            what = kinds[name][0]()
            self.faults[name] += 1
            log(f"{started:.3f} {name}: {what}")

    # -- the run ---------------------------------------------------------------------------
    def finish(self) -> float:
        end = time.monotonic()
        for t in self.timers:
            t.cancel()
        for m in self.members:
            m.command.value = QUIT
            if m.process.pid is not None:
                m.sigcont()
        for m in self.members:
            if m.process.pid is None:
                continue  # never started (the setup failed)
            m.process.join(timeout=10)
            if m.process.is_alive():
                m.process.kill()
        return end

    def observations(self) -> list[dict]:
        out = []
        for path in glob.glob(os.path.join(self.workdir, "members", "*.jsonl")):
            with open(path) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        try:
                            out.append(json.loads(line))
                        except ValueError:
                            pass  # a line cut short by the end of the run
        return out

    def cleanup(self) -> None:
        for c in self.coordinators:
            c.stop()
        if self.database_url:
            base = os.environ["BATON_TEST_POSTGRES_URL"]
            name = self.database_url.rsplit("/", 1)[1]
            subprocess.run(["psql", base, "-qAtc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def execute(self) -> int:
        log(f"store {self.args.store}, {self.args.seconds:.0f} s, seed {self.args.seed} "
            f"(replay: FAULT_SEED={self.args.seed}), binary {self.args.bin}, work dir {self.workdir}")
        ok = False
        try:
            self.start_coordinators()
            self.setup()
            time.sleep(2 * self.longest_timeout())  # let every group elect a Primary first
            self.inject(time.monotonic() + self.args.seconds)
            time.sleep(self.longest_timeout())  # and let the last fault play out
            end = self.finish()
            observations = self.observations()
            result = check(observations, end)
            ok = self.report(observations, result)
        finally:
            self.finish()
            self.cleanup()
            if ok and not os.environ.get("FAULT_KEEP"):
                shutil.rmtree(self.workdir, ignore_errors=True)
            else:
                log(f"logs kept in {self.workdir}")
        return 0 if ok else 1

    def report(self, observations, result) -> bool:
        statuses = Counter(o["st"] for o in observations)
        per_group = Counter(g.group for g in result.grants)
        epochs = {}
        for g in result.grants:
            epochs.setdefault(g.group, set()).add(g.epoch)
        store = self.args.store
        log(f"[{store}] faults injected: {sum(self.faults.values())} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.faults.items()))})")
        log(f"[{store}] fault outcomes: {', '.join(f'{k}: {v}' for k, v in sorted(self.outcomes.items()))}")
        log(f"[{store}] heartbeats: {len(observations)} "
            f"({', '.join(f'{STATUS_NAMES.get(k, k)}: {v}' for k, v in sorted(statuses.items()))})")
        log(f"[{store}] grants checked: {result.answers} Primary answers, {len(result.grants)} acting intervals "
            f"({', '.join(f'{g} {n} in {len(epochs[g])} epochs' for g, n in sorted(per_group.items()))}); "
            f"Primary changed hands {result.handovers} times; overlaps allowed as fenced handovers: "
            f"{result.fenced_handovers} after a demotion, {result.lost_answer_handovers} after a lost answer")
        if result.answers == 0:
            log(f"[{store}] FAILED: no Primary answer at all; the run checked nothing")
            return False
        log(f"[{store}] violations: {len(result.violations)}")
        for v in result.violations:
            log(f"[{store}] VIOLATION: {v}")
        return not result.violations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("FAULT_SECONDS", "60")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FAULT_SEED") or random.SystemRandom().randrange(1 << 31)))
    parser.add_argument("--bin", default=os.environ.get("BATON_BIN") or os.path.join(REPO, ".build", "debug", "baton"))
    args = parser.parse_args()
    if args.store == "postgres" and not os.environ.get("BATON_TEST_POSTGRES_URL"):
        log("BATON_TEST_POSTGRES_URL is not set (eval \"$(scripts/postgres.sh start)\")")
        return 2
    return Run(args).execute()


if __name__ == "__main__":
    sys.exit(main())
