#!/usr/bin/env bash
# The fault-injection suite (docs/testing.md): real `baton serve` processes, simulated members
# that follow docs/lease-contract.md, a seeded random schedule of faults, and a check of every
# Primary answer the members received. First the checker's own self-test (proof that it can
# fail), then one run on SQLite and one on two instances sharing PostgreSQL.
#
#   scripts/fault.sh                    # about a minute per store
#   FAULT_SECONDS=600 scripts/fault.sh  # a longer soak
#   FAULT_SEED=1234 scripts/fault.sh    # replay a schedule (the seed is printed)
#   FAULT_STORES=sqlite scripts/fault.sh
#
# BATON_BIN picks the binary (default .build/debug/baton). PostgreSQL: BATON_TEST_POSTGRES_URL
# (and BATON_TEST_PGDATA/PGPORT/PGROOT for the outage fault) from scripts/postgres.sh; without
# them a throwaway server is started and stopped here.
set -euo pipefail
cd "$(dirname "$0")/.."

export BATON_BIN=${BATON_BIN:-$PWD/.build/debug/baton}
[[ -x "$BATON_BIN" ]] || { echo "fault.sh: no baton binary at $BATON_BIN (swift build first)" >&2; exit 1; }
export FAULT_SEED=${FAULT_SEED:-$(python3 -c 'import random; print(random.SystemRandom().randrange(1 << 31))')}
echo "fault.sh: seed $FAULT_SEED (replay with FAULT_SEED=$FAULT_SEED), ${FAULT_SECONDS:-60} s per store"

python3 scripts/fault/selftest.py

status=0
for store in ${FAULT_STORES:-sqlite postgres}; do
    if [[ "$store" == postgres && -z "${BATON_TEST_POSTGRES_URL:-}" ]]; then
        eval "$(scripts/postgres.sh start)"
        trap 'scripts/postgres.sh stop || true' EXIT
    fi
    python3 scripts/fault/run.py --store "$store" || status=1
done
exit $status
