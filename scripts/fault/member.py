"""A simulated member: one OS process per member, so SIGSTOP freezes exactly that member the way
a real adapter freezes. It follows docs/lease-contract.md and writes every heartbeat it sends
(send and receive instants on time.monotonic, the answer) as one JSON line to its own log; the
checker (checker.py) derives from those lines when the member acted as Primary."""

from __future__ import annotations

import http.client
import json
import os
import random
import time

# Commands from the driver, in a shared integer.
RUN, STEP_DOWN, QUIT = 0, 1, 2

CF_PREFIX = "/api/v1/clientfailover"
HCX_PREFIX = "/hybridity/api/interconnect"
HCX_ROLES = {"STANDBY": 0, "ACTIVE": 1, "UNDECIDED": 2}


def parse_timespan(text: str) -> float:
    """.NET TimeSpan text, [-][d.]hh:mm:ss[.fffffff], in seconds."""
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("-")
    days = 0
    head, _, rest = text.partition(":")
    if "." in head:
        d, _, head = head.partition(".")
        days = int(d)
    minutes, _, seconds = rest.partition(":")
    return sign * (days * 86400 + int(head) * 3600 + int(minutes) * 60 + float(seconds))


def format_timespan(seconds: float) -> str:
    ticks = round(seconds * 10_000_000)
    whole, fraction = divmod(ticks, 10_000_000)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}.{fraction:07d}"


class Client:
    """HTTP/1.1 to one or more `baton serve` instances, round robin like a load balancer; a
    refused connection goes on to the next instance within the same request."""

    def __init__(self, bases: list[tuple[str, int]]):
        self.bases = bases
        self.turn = random.randrange(len(bases))

    def request(self, method: str, path: str, body=None, timeout: float = 2.0, extra_headers=None):
        """(status, decoded body or None). Status -1: every instance refused the connection
        (the request reached no coordinator); 0: no answer (timeout, reset: it may have been
        acted on)."""
        payload = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        headers.update(extra_headers or {})
        refused = 0
        for _ in range(len(self.bases)):
            host, port = self.bases[self.turn % len(self.bases)]
            self.turn += 1
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                data = response.read()
                try:
                    decoded = json.loads(data) if data else None
                except ValueError:
                    decoded = None
                return response.status, decoded
            except ConnectionRefusedError:
                refused += 1
            except (OSError, http.client.HTTPException):
                return 0, None
            finally:
                connection.close()
        return -1, None


class Member:
    def __init__(self, kind: str, bases, group: str, member: str, timeout: float, score, command, log_path: str):
        self.kind, self.group, self.member = kind, group, member
        self.client = Client(bases)
        self.T = timeout  # from the last answer (CF) or the group (HCX)
        self.group_T = timeout  # from reading the group (CF)
        self.score, self.command = score, command
        self.log = open(log_path, "a", buffering=1)
        self.registered = False
        self.iteration = 0
        # Half the members ask for held answers while not Primary (Baton-Hold,
        # lease-contract §9): their promotion comes in the answer of a heartbeat sent earlier.
        self.holds = random.random() < 0.5
        self.last_role = None

    def note(self, record: dict) -> None:
        self.log.write(json.dumps(record, separators=(",", ":")) + "\n")

    # -- Client Failover -------------------------------------------------------------------
    def cf_path(self, tail: str = "") -> str:
        return f"{CF_PREFIX}/groups/{self.group}{tail}"

    def cf_register(self) -> bool:
        status, _ = self.client.request("POST", self.cf_path("/clientsessions"),
                                        {"Id": self.member, "Name": self.member}, timeout=self.http_timeout())
        return status in (200, 201)  # 404: the group is gone; only the driver creates groups

    def cf_heartbeat(self, step_down: bool = False) -> int:
        score = 0 if step_down else self.score.value
        hold = self.pace() if self.holds and not step_down and self.last_role != 1 else None
        sent = time.monotonic()
        status, body = self.client.request(
            "POST", self.cf_path(f"/clientsessions/{self.member}/heartbeat"),
            {"FailoverScore": score},
            # A held answer may take its hold; T/10 more, and two receipts stay under T apart.
            timeout=self.http_timeout() if hold is None else hold + 0.1 * min(self.T, self.group_T),
            extra_headers=None if hold is None else {"Baton-Hold": str(int(hold * 1000))})
        received = time.monotonic() if status > 0 else None
        record = {"g": f"cf:{self.group}", "m": self.member, "s": sent, "r": received, "st": status}
        if hold is not None:
            record["hold"] = hold
        self.last_role = None
        if status == 200 and isinstance(body, dict):
            self.T = parse_timespan(body["FailoverTimeout"])
            self.last_role = body.get("Role")
            record.update(role=body.get("Role"), ep=body.get("Epoch"), T=self.T)
        if step_down:
            record["sd"] = True
        self.note(record)
        if status == 404:
            self.registered = False
        return status

    def cf_read_group(self) -> None:
        status, body = self.client.request("GET", self.cf_path(), timeout=self.http_timeout())
        if status == 200 and isinstance(body, dict) and "FailoverTimeout" in body:
            self.group_T = parse_timespan(body["FailoverTimeout"])

    def cf_step_down(self) -> None:
        if self.registered:
            self.cf_heartbeat(step_down=True)  # whatever the answer: stop acting now
            self.client.request("DELETE", self.cf_path(f"/clientsessions/{self.member}"), timeout=self.http_timeout())
            self.registered = False
        time.sleep(self.pace() * 2)

    # -- HCX appliances --------------------------------------------------------------------
    def hcx_register(self) -> bool:
        status, _ = self.client.request("POST", f"{HCX_PREFIX}/appliances",
                                        {"applianceId": self.member, "applianceName": self.member},
                                        timeout=self.http_timeout())
        return status in (200, 201)

    def hcx_heartbeat(self) -> int:
        sent = time.monotonic()
        status, body = self.client.request("POST", f"{HCX_PREFIX}/appliances/{self.member}/heartbeat",
                                           {"score": self.score.value}, timeout=self.http_timeout())
        received = time.monotonic() if status > 0 else None
        record = {"g": None, "m": self.member, "s": sent, "r": received, "st": status}
        if status == 200 and isinstance(body, dict):
            group = body.get("haGroupId")
            record.update(g=f"hcx:{group}" if group else None, role=HCX_ROLES.get(body.get("role"), 2),
                          ep=body.get("epoch"), T=self.T)
        self.note(record)
        if status == 404:
            self.registered = False
        return status

    # -- the loop --------------------------------------------------------------------------
    def pace(self) -> float:
        return min(self.T, self.group_T) / 2

    def http_timeout(self) -> float:
        return 0.9 * self.pace()  # shorter than T / 2 (lease-contract §5)

    def run(self) -> None:
        while self.command.value != QUIT:
            started = time.monotonic()
            if self.command.value == STEP_DOWN:
                if self.kind == "cf":
                    self.cf_step_down()
                self.command.value = RUN
                continue
            if not self.registered:
                self.registered = self.cf_register() if self.kind == "cf" else self.hcx_register()
                if not self.registered:
                    time.sleep(self.pace())
                    continue
            status = self.cf_heartbeat() if self.kind == "cf" else self.hcx_heartbeat()
            if status == 404:
                continue  # register again at once
            self.iteration += 1
            if self.kind == "cf" and self.iteration % 4 == 0:
                self.cf_read_group()
            delay = started + self.pace() - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self.log.close()


def member_main(kind, bases, group, member, timeout, score, command, log_path) -> None:
    random.seed(os.getpid())
    Member(kind, bases, group, member, timeout, score, command, log_path).run()
