#!/usr/bin/env bash
# Runs Baton's whole test suite: engine, store and HTTP tests, including a real
# `baton serve` process killed with SIGKILL. Needs the Swift toolchain, and PostgreSQL for the
# shared-store tests: unless BATON_TEST_POSTGRES_URL is already set, a throwaway server is
# started (scripts/postgres.sh) and stopped again on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${BATON_TEST_POSTGRES_URL:-}" ]]; then
    eval "$(scripts/postgres.sh start)"
    trap 'scripts/postgres.sh stop || true' EXIT
fi

# Build everything first (the restart tests run the real `baton` executable).
swift build --build-tests "$@"
# Coverage-guided fuzzing of every request decoder, a few seconds each (docs/fuzzing.md).
scripts/fuzz.sh
# The OpenAPI contract: schemathesis against /openapi.yaml of a real `baton serve` (auth on).
scripts/contract.sh
BATON_BINARY="$(swift build --show-bin-path "$@")/baton" scripts/browser.sh  # the dashboard in headless Chromium (docs/testing.md)
# The fault-injection suite (docs/testing.md): real processes, SIGKILL/SIGSTOP/outages, history check.
BATON_BIN="$(swift build --show-bin-path "$@")/baton" scripts/fault.sh
# The fleet simulator (Benchmarks/Bench) against a real server: 300 members on the SDK, Primaries
# killed, stalled past their lease, planned failovers, score drops; fails on any overlap (but a
# fenced handover) or repeated epoch (Benchmarks/README.md).
BIN="$(swift build --show-bin-path "$@")"
BATON_BIN="$BIN/baton" BENCH_BIN="$BIN/baton-bench" PIN=0 \
    Benchmarks/simulate.sh --sessions 300 --group-size 5 --timeout 2 --duration 20 --fault-interval 0.25
# tmux for the terminal test of `baton watch` (Tests/BatonClientTests).
scripts/cli-terminal.sh
# The Swift tests last, so that their closing line (the count) closes the run.
# Swift Testing only: the suite has no XCTest cases, and its closing line is the count.
# Serially (docs/testing.md): in parallel on 2 cores the tests that measure real time (leases of
# real `baton serve` processes, deadlines, the shared store on the database's clock) missed their
# bounds with every test at once, and with two at a time (125-141 s against 166-256 s) the
# outage test still failed once in three runs. The tests no longer use Foundation's Process.
# Line by line (stdbuf reaches the test process through the environment), so that a test that
# never ends shows its name at the end of the log; and within 30 minutes (a run takes about 4),
# so that such a test fails the run instead of holding it to CI's limit.
timeout --kill-after=30 1800 stdbuf -oL -eL swift test --skip-build --disable-xctest --no-parallel "$@"
