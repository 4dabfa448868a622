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
# The fault-injection suite (docs/testing.md): real processes, SIGKILL/SIGSTOP/outages, history check.
BATON_BIN="$(swift build --show-bin-path "$@")/baton" scripts/fault.sh
# The Swift tests last, so that their closing line (the count) closes the run.
# Swift Testing only: the suite has no XCTest cases, and its closing line is the count.
# Serially: with tests in parallel, Foundation's Process.run() (which the restart, CLI and TLS
# tests use to launch `baton` and `openssl`) crashed in about one run in five inside its own
# memcpy; run serially it has not (and the suite takes about 25 s instead of 16 s).
swift test --skip-build --disable-xctest --no-parallel "$@"
