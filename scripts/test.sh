#!/usr/bin/env bash
# Runs Baton's whole test suite: engine, store and HTTP tests, including a real
# `baton serve` process killed with SIGKILL. Needs nothing but the Swift toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build everything first (the restart tests run the real `baton` executable).
swift build --build-tests "$@"
# Swift Testing only: the suite has no XCTest cases, and its closing line is the count.
swift test --skip-build --disable-xctest "$@"
