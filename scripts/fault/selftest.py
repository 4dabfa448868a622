"""Proves the checker can fail: synthetic histories that must be flagged, and legal ones that
must not. Run by scripts/fault.sh before any fault run; exits non-zero when the checker is
wrong."""

from __future__ import annotations

import sys

from checker import check

G = "cf:g"


def hb(member, s, r, role=None, ep=None, T=1.0, st=200, g=G, sd=False):
    return {"g": g, "m": member, "s": s, "r": r, "st": st, "role": role, "ep": ep, "T": T, "sd": sd}


CASES: list[tuple[str, list[dict], int]] = [
    # (name, observations, expected number of violations; -1 = at least one)
    ("overlapping grants in different epochs without a demotion",
     [hb("a", 0.0, 0.01, 1, 1), hb("b", 0.3, 0.31, 1, 2)], -1),
    ("one epoch given to two members (no overlap in time)",
     [hb("a", 0.0, 0.01, 1, 3), hb("b", 5.0, 5.01, 1, 3)], 1),
    ("epoch decreases (a delete and re-create that restarted the count)",
     [hb("a", 0.0, 0.01, 1, 5), hb("b", 5.0, 5.01, 1, 1)], 1),
    ("epoch decreases in a Secondary answer",
     [hb("a", 0.0, 0.01, 1, 5), hb("b", 2.0, 2.01, 0, 4)], 1),
    ("overlap after a demotion, but the later epoch is not higher",
     [hb("a", 0.0, 0.01, 1, 2), hb("a", 0.5, 0.52, 0, 2), hb("b", 0.51, 0.515, 1, 2)], -1),
    ("overlap where the demotion heartbeat was sent after the later grant began",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, 0.6, 0, 2), hb("b", 0.4, 0.45, 1, 2)], 1),
    ("overlap ended by 404 (session deleted), not a demotion",
     [hb("a", 0.0, 0.01, 1, 1), hb("b", 0.2, 0.21, 1, 2), hb("a", 0.5, 0.51, st=404)], 1),
    ("a frozen member acts until its own deadline: overlap inside it",
     [hb("a", 0.0, 0.01, 1, 1), hb("b", 0.85, 0.86, 1, 2), hb("a", 3.0, 3.01, 0, 2)], 1),
    ("a stale grant continued by a re-grant is still one member acting",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, 0.51, 1, 1), hb("b", 0.7, 0.71, 1, 2), hb("a", 1.0, 1.01, 0, 2)], -1),
    ("step-down answered Primary, then someone else at the same epoch",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, 0.51, 1, 1, sd=True), hb("b", 2.0, 2.01, 1, 1)], 1),
    ("an HA group deleted (appliance told UNDECIDED, no group) and re-created at epoch 1 meanwhile",
     [hb("a", 0.0, 0.01, 1, 4, g="hcx:h"), hb("b", 0.3, 0.31, 1, 1, g="hcx:h"), hb("a", 0.5, 0.51, 2, None, g=None)], -1),
    # Legal histories.
    ("fenced handover: demotion sent before the later grant, higher epoch",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, 0.7, 0, 2), hb("b", 0.55, 0.56, 1, 2)], 0),
    ("lost demotion answer (timeout) before a later grant with a higher epoch",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, None, st=0), hb("b", 0.6, 0.61, 1, 2)], 0),
    ("handover after the deadline of a frozen Primary",
     [hb("a", 0.0, 0.01, 1, 1), hb("b", 0.95, 0.96, 1, 2), hb("a", 3.0, 3.01, 0, 2)], 0),
    ("an answer after the deadline grants nothing",
     [hb("a", 0.0, 0.95, 1, 1), hb("b", 0.92, 0.93, 1, 2)], 0),
    ("the same member granted again with the same epoch after a restart",
     [hb("a", 0.0, 0.01, 1, 4), hb("a", 3.0, 3.01, 1, 4), hb("b", 3.2, 3.21, 0, 4)], 0),
    ("different groups are independent",
     [hb("a", 0.0, 0.01, 1, 1, g="cf:x"), hb("b", 0.1, 0.11, 1, 1, g="cf:y")], 0),
    ("concurrent heartbeats may see epochs in either order",
     [hb("a", 0.0, 0.3, 0, 3), hb("b", 0.1, 0.2, 0, 2)], 0),
    ("connection refused is no lost demotion",
     [hb("a", 0.0, 0.01, 1, 1), hb("a", 0.5, None, st=-1), hb("b", 0.6, 0.61, 1, 2)], 1),
]


def main() -> int:
    failures = 0
    for name, observations, expected in CASES:
        result = check(observations, end_of_run=100.0)
        found = len(result.violations)
        ok = found >= 1 if expected < 0 else found == expected
        if not ok:
            failures += 1
            print(f"checker self-test FAILED: {name}: expected {'some' if expected < 0 else expected} "
                  f"violation(s), found {found}: {result.violations}")
    print(f"checker self-test: {len(CASES)} histories, {failures} wrong")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
