#!/usr/bin/env bash
# The contract stage: runs the schemathesis contract fuzzer against `GET /openapi.yaml` of a
# real `baton serve` (the built .build/debug/baton, or $BATON_BINARY) with authentication on,
# and fails on any request the document calls valid that the server rejects, any status code
# or body the document does not describe, any 5xx, and any undocumented method not answered
# 405 with `Allow`.
#
#   scripts/contract.sh                    # after `swift build`
#   BATON_CONTRACT_EXAMPLES=50 scripts/contract.sh   # more examples per operation (default 12)
#   BATON_CONTRACT_SEED=7 scripts/contract.sh        # another seed (default 5590)
#   BATON_CONTRACT_SCHEMA=doc.yaml scripts/contract.sh   # the document from a file instead of
#                                                        # the served one (try a change unbuilt)
#
# The document writes each Client Failover and access-control operation once, with the three
# bases it is served under as its path's `servers`. schemathesis would test such an operation
# under the first base only, with `tenantId` and `namespaceId` fixed, so the document is first
# expanded (scripts/contract/expand_servers.py: each path once per base, those two as real
# path parameters, operationIds suffixed _1, _2, _3) and schemathesis runs on that.
#
# schemathesis is installed with pip into a virtual environment under .build (once; again
# when the pinned version changes). The server gets a throwaway data directory, a free
# loopback port and one admin user of tenant `default` (bcrypt cost 4: speed, not secrecy);
# its rate limits are raised so the fuzzer's bursts are not answered 429.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
VENV=$(realpath -m "${BATON_CONTRACT_VENV:-.build/schemathesis-venv}")
BATON=$(realpath -m "${BATON_BINARY:-.build/debug/baton}")
EXAMPLES=${BATON_CONTRACT_EXAMPLES:-12}
SEED=${BATON_CONTRACT_SEED:-5590}
# One worker: with two, Python 3.11's compiler, which the fuzzer calls from its threads, now
# and then fails with "AST constructor recursion depth mismatch" (a CPython bug, not Baton's).
WORKERS=${BATON_CONTRACT_WORKERS:-1}
SCHEMA=${BATON_CONTRACT_SCHEMA:+$(realpath "$BATON_CONTRACT_SCHEMA")}

log() { echo "contract.sh: $*" >&2; }
die() { log "$*"; exit 1; }

[[ -x "$BATON" ]] || die "$BATON is missing: run swift build first"

if [[ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != *"$SCHEMATHESIS_VERSION"* ]]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-contract.XXXXXX")
SERVER_PID=
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

USER_NAME=contract-admin
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s' "$PASSWORD" | "$BATON" users add --data-dir "$WORK/data" --username "$USER_NAME" \
    --tenant default --role admin --password-stdin --bcrypt-cost 4 >/dev/null

PORT=$(python3 scripts/free_port.py)
BASE="http://127.0.0.1:$PORT"
"$BATON" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --auth required \
    --request-rate 1000000 --heartbeat-rate 1000000 --log-level error >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "baton serve exited"; }
    sleep 0.1
done
curl -fsS "$BASE/health" >/dev/null || die "baton serve did not answer on $BASE"

# The checks: nothing the document calls valid is refused with a status it does not
# allow for valid data (positive_data_acceptance: 400, 405, 413, 415, 422 …), every status
# code, header, content type and body is documented, no 5xx, and a method a path does not
# document is a 405 with Allow.
CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance
CHECKS+=,response_headers_conformance,positive_data_acceptance,unsupported_method,allow_header_conformance

# Something to work on: a client failover group with two live sessions and an HA group of
# two live appliances. Path ids are drawn from these half of the time (else generated), so
# operations on existing resources are reached, not only their 404s.
CURL=(curl -fsS -o /dev/null -u "$USER_NAME:$PASSWORD" -H 'Content-Type: application/json')
CF="$BASE/api/v1/clientfailover"
HCX="$BASE/hybridity/api/interconnect"
"${CURL[@]}" -X POST "$CF/groups" -d '{"Id":"contract-g","FailoverTimeout":"00:00:30"}'
for session in s1 s2; do
    "${CURL[@]}" -X POST "$CF/groups/contract-g/clientsessions" -d "{\"Id\":\"$session\"}"
    "${CURL[@]}" -X POST "$CF/groups/contract-g/clientsessions/$session/heartbeat" -d '{"FailoverScore":90}'
done
for appliance in a1 a2; do
    "${CURL[@]}" -X POST "$HCX/appliances" -d "{\"applianceId\":\"$appliance\",\"serviceMeshId\":\"mesh-1\"}"
done
"${CURL[@]}" -X POST "$HCX/appliances/ha/groups" -d '{"groupId":"contract-h","appliances":["a1","a2"],"failoverTimeout":"00:00:30"}'
for appliance in a1 a2; do
    "${CURL[@]}" -X POST "$HCX/appliances/$appliance/heartbeat" -d '{"score":90}'
done

# tenantId is pinned to the admin's tenant: any other tenant is refused (403, documented)
# before anything else is looked at, so a random one would leave the cloud operations
# untested beyond that refusal.
cat >"$WORK/schemathesis.toml" <<TOML
[dictionaries.namespaces]
values = ["default"]
[dictionaries.groups]
values = ["contract-g", "contract-h"]
[dictionaries.sessions]
values = ["s1", "s2"]
[dictionaries.appliances]
values = ["a1", "a2"]
[dictionaries.meshes]
values = ["mesh-1"]

[parameters]
"path.tenantId" = "default"
"path.namespaceId" = { dictionary = "namespaces", probability = 0.5 }
"path.groupId" = { dictionary = "groups", probability = 0.5 }
"path.sessionId" = { dictionary = "sessions", probability = 0.5 }
"path.applianceId" = { dictionary = "appliances", probability = 0.5 }
"path.serviceMeshId" = { dictionary = "meshes", probability = 0.5 }
# A held heartbeat answer (Baton-Hold) waits up to T/2 = 15 s on a Secondary: kept short.
"header.Baton-Hold" = "100"
TOML

if [[ -n "$SCHEMA" ]]; then
    cp "$SCHEMA" "$WORK/openapi.yaml"
else
    curl -fsS "$BASE/openapi.yaml" -o "$WORK/openapi.yaml"
fi
"$VENV/bin/python" scripts/contract/expand_servers.py "$WORK/openapi.yaml" "$WORK/openapi.json"

log "schemathesis $SCHEMATHESIS_VERSION against ${SCHEMA:-$BASE/openapi.yaml} (expanded), $EXAMPLES examples per operation, seed $SEED"
schemathesis() {
    "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" --no-color run "$WORK/openapi.json" \
        --url "$BASE" \
        --auth "$USER_NAME:$PASSWORD" \
        --checks "$CHECKS" \
        --phases examples,coverage,fuzzing,stateful \
        --max-examples "$EXAMPLES" \
        --seed "$SEED" \
        --workers "$WORKERS" \
        --request-timeout 10 \
        --generation-database none \
        --suppress-health-check too_slow,filter_too_much \
        "$@"
}
# Hooks (scripts/contract/contract_hooks.py): keep what no schema can say, such as a schedule
# within a year of the server's clock, inside what the document says in words.
export SCHEMATHESIS_HOOKS="$PWD/scripts/contract/contract_hooks.py"
started=$(date +%s)
status=0
# From the throwaway directory: schemathesis keeps a cache in its working directory.
cd "$WORK"
# Every operation is run, in two rounds: a generated access control list usually shuts the
# fuzzer's own admin out of the groups it covers (a list may deny even an admin), which would
# leave every later request in that namespace a 403. So the lists are replaced last.
ACL_PUTS='^put(Group|Collection)AccessControl'
# Server-Sent Events streams never end on their own, so every accepted request would run into
# the request timeout; their refusals and bounds are tested in Tests/BatonServerTests/Push.
STREAMS='^(stream|hcxStream)'
# A probe's 503 is its answer ("not the Primary", as Patroni's /primary), not a server error.
PROBES='^(probeSessionPrimary|hcxProbeApplianceActive)'
schemathesis --exclude-operation-id-regex "$ACL_PUTS|$STREAMS|$PROBES" || status=$?
schemathesis --include-operation-id-regex "$ACL_PUTS" || status=$?
schemathesis --include-operation-id-regex "$PROBES" --exclude-checks not_a_server_error || status=$?
log "schemathesis finished in $(( $(date +%s) - started )) s with exit status $status"
if [[ $status -ne 0 ]]; then
    log "server log (errors only):"
    cat "$WORK/server.log" >&2 || true
fi
kill -0 "$SERVER_PID" 2>/dev/null || die "baton serve died during the run"
exit "$status"
