"""The fault suite's history checker: pure functions, no I/O.

Input: every heartbeat a simulated member sent, as an observation (a dict):

    g    group address ("cf:<id>" or "hcx:<id>"), None when the answer named no group
    m    member id (unique across the run)
    s    send instant (time.monotonic, taken just before the request was written)
    r    receive instant (time.monotonic, taken when the answer had been read), None without one
    st   HTTP status, or 0 when no answer came back (timeout, reset: the coordinator may have
         acted on it), or -1 when the connection was refused (it never reached a coordinator)
    role 0 Secondary, 1 Primary, 2 PendingPrimary (HCX: STANDBY, ACTIVE, UNDECIDED), on 200
    ep   the answer's epoch (None when it has none)
    T    the FailoverTimeout (seconds) the lease of a Primary answer was granted under
    sd   True for a step-down heartbeat (score 0, sent to leave the group)

A member *acts* as Primary from receiving a Role = 1 answer until the earliest of
 - its lease deadline, send + 0.9 × T (docs/lease-contract.md §3; a correct member checks it
   before every write, so even a member frozen by SIGSTOP acts no longer than that),
 - its next answer (200 or 404): a new Role = 1 answer continues the role as a new grant,
   anything else ends it (a demotion, or 404: the session or group is gone),
 - the answer to its step-down heartbeat.
An answer that arrives after its deadline grants nothing.

Checked, per group address (across a delete and re-create of the group):
 1. no two members act at once, except a fenced handover: the earlier grant was ended by a
    demotion whose heartbeat was sent before the later grant began, and the later epoch is
    higher. A heartbeat of the earlier Primary that got no answer (sent before the later grant
    began) may have been that demotion, lost on the way back (lease-contract §4): it counts
    as one too, again only with a higher later epoch;
 2. no epoch is given (Role = 1) to two members;
 3. epochs never decrease: an answer received before another heartbeat was sent never carries
    a higher epoch than that heartbeat's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEASE_FRACTION = 0.9


@dataclass
class Grant:
    """One Role = 1 answer and the stretch of time the member acted on it."""

    group: str
    member: str
    epoch: int
    send: float
    start: float  # the receive instant of the answer
    deadline: float
    end: float = 0.0
    end_kind: str = "open"  # regrant, demoted, gone, stepdown, deadline, end-of-run
    demotion_send: float | None = None  # send instant of the heartbeat answered with the demotion
    unknown_sends: list[float] = field(default_factory=list)  # heartbeats without an answer

    def describe(self) -> str:
        extra = ""
        if self.demotion_send is not None:
            extra = f", demotion heartbeat sent {self.demotion_send:.3f}"
        return (f"{self.member} epoch {self.epoch} acting {self.start:.3f}–{self.end:.3f} "
                f"(sent {self.send:.3f}, deadline {self.deadline:.3f}, ended: {self.end_kind}{extra})")


@dataclass
class Result:
    grants: list[Grant]
    answers: int
    violations: list[str]
    handovers: int = 0  # successive grants in a group held by different members
    fenced_handovers: int = 0
    lost_answer_handovers: int = 0


def _unknown(status: int) -> bool:
    """No usable answer, but the coordinator may have acted on the heartbeat."""
    return status == 0 or (status >= 500 and status != 503)


def grants_from_observations(observations: list[dict], end_of_run: float) -> list[Grant]:
    """The acting intervals of every member (see the module comment)."""
    by_member: dict[str, list[dict]] = {}
    for o in observations:
        by_member.setdefault(o["m"], []).append(o)
    grants: list[Grant] = []
    for member, obs in by_member.items():
        obs.sort(key=lambda o: o["s"])
        current: Grant | None = None
        for o in obs:
            status = o["st"]
            if current is not None and current.deadline <= o["s"]:
                # The lease ran out before this heartbeat was even sent.
                current.end, current.end_kind = current.deadline, "deadline"
                grants.append(current)
                current = None
            if status not in (200, 404):
                if current is not None and _unknown(status):
                    current.unknown_sends.append(o["s"])
                continue
            received = o["r"]
            primary = status == 200 and o.get("role") == 1 and not o.get("sd")
            if current is not None:
                demotion = status == 200 and o.get("role") != 1
                if demotion:
                    current.demotion_send = o["s"]
                if received >= current.deadline:
                    current.end, current.end_kind = current.deadline, "deadline"
                else:
                    current.end = received
                    if o.get("sd"):
                        current.end_kind = "stepdown"
                    elif primary:
                        current.end_kind = "regrant"
                    elif demotion:
                        current.end_kind = "demoted"
                    else:
                        current.end_kind = "gone"
                grants.append(current)
                current = None
            if primary:
                deadline = o["s"] + LEASE_FRACTION * o["T"]
                if received < deadline:
                    current = Grant(group=o["g"], member=member, epoch=o["ep"], send=o["s"],
                                    start=received, deadline=deadline)
        if current is not None:
            current.end = min(current.deadline, end_of_run)
            current.end_kind = "deadline" if current.deadline <= end_of_run else "end-of-run"
            grants.append(current)
    return grants


def check(observations: list[dict], end_of_run: float) -> Result:
    grants = grants_from_observations(observations, end_of_run)
    violations: list[str] = []
    fenced = lost = 0

    # 1. No two members acting at once, except a fenced handover.
    by_group: dict[str, list[Grant]] = {}
    for g in grants:
        if g.end > g.start:
            by_group.setdefault(g.group, []).append(g)
    handovers = 0
    for group, items in sorted(by_group.items()):
        items.sort(key=lambda g: g.start)
        handovers += sum(1 for a, b in zip(items, items[1:]) if a.member != b.member)
        active: list[Grant] = []
        for later in items:
            active = [a for a in active if a.end > later.start]
            for earlier in active:
                if earlier.member == later.member:
                    continue
                higher = later.epoch is not None and earlier.epoch is not None and later.epoch > earlier.epoch
                demoted_before = earlier.demotion_send is not None and earlier.demotion_send < later.start
                lost_before = any(s < later.start for s in earlier.unknown_sends)
                if higher and demoted_before:
                    fenced += 1
                elif higher and lost_before:
                    lost += 1
                else:
                    why = []
                    if not higher:
                        why.append("the later epoch is not higher")
                    if not demoted_before and not lost_before:
                        why.append("the earlier Primary was not demoted by a heartbeat sent before the later grant")
                    violations.append(
                        f"two Primaries in {group} for {min(earlier.end, later.end) - later.start:.3f} s: "
                        f"{earlier.describe()} AND {later.describe()}: {'; '.join(why)}")
            active.append(later)

    # 2. No epoch given to two members.
    holders: dict[tuple[str, int], dict[str, float]] = {}
    for o in observations:
        if o["st"] == 200 and o.get("role") == 1 and o.get("ep") is not None:
            holders.setdefault((o["g"], o["ep"]), {}).setdefault(o["m"], o["r"])
    for (group, epoch), members in sorted(holders.items()):
        if len(members) > 1:
            listed = ", ".join(f"{m} (first told at {t:.3f})" for m, t in sorted(members.items(), key=lambda kv: kv[1]))
            violations.append(f"epoch {epoch} of {group} given to {len(members)} members: {listed}")

    # 3. Epochs never decrease (in real time: an answer received before a heartbeat was sent).
    answers = [o for o in observations if o["st"] == 200 and o.get("ep") is not None and o.get("g") is not None]
    per_group: dict[str, list[dict]] = {}
    for o in answers:
        per_group.setdefault(o["g"], []).append(o)
    for group, items in sorted(per_group.items()):
        by_receive = sorted(items, key=lambda o: o["r"])
        by_send = sorted(items, key=lambda o: o["s"])
        best: dict | None = None
        i = 0
        drops: dict[tuple[int, int], list] = {}  # (higher, lower) → [first example, count]
        for y in by_send:
            while i < len(by_receive) and by_receive[i]["r"] < y["s"]:
                x = by_receive[i]
                if best is None or x["ep"] > best["ep"]:
                    best = x
                i += 1
            if best is not None and y["ep"] < best["ep"]:
                drops.setdefault((best["ep"], y["ep"]), [(best, y), 0])[1] += 1
        for (higher, lower), ((x, y), count) in sorted(drops.items(), key=lambda kv: kv[1][0][1]["s"]):
            violations.append(
                f"epoch of {group} went down from {higher} to {lower}: {x['m']} was answered epoch {higher} "
                f"at {x['r']:.3f}, then {y['m']} sent at {y['s']:.3f} and was answered epoch {lower} "
                f"(role {y.get('role')}) at {y['r']:.3f}" + (f" ({count - 1} more such answers)" if count > 1 else ""))

    primary_answers = sum(1 for o in observations if o["st"] == 200 and o.get("role") == 1)
    return Result(grants=grants, answers=primary_answers, violations=violations, handovers=handovers,
                  fenced_handovers=fenced, lost_answer_handovers=lost)
