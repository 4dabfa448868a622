#!/usr/bin/env bash
# Coverage-guided fuzzing of everything Baton reads from a request: the JSON parser, time
# spans, dates, the access-control body, every request decoder, each handed on to a real
# engine (see docs/fuzzing.md). libFuzzer, from the toolchain.
#
#   scripts/fuzz.sh                       # every harness for FUZZ_SECONDS (default 5) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh      # a long run
#   scripts/fuzz.sh failover timespan     # only these harnesses
#
# Builds into .build-fuzz (BatonJSON, BatonCore and BatonWire compiled with -sanitize=fuzzer,
# against the HeapModule of the ordinary debug build). Seeds: Fuzz/corpus/<harness>, which every run
# replays first (it holds every input that ever crashed Baton); what a run learns goes to
# .build-fuzz/corpus/<harness>. Exits non-zero if any harness crashed; the crashing input is
# .build-fuzz/crashes/<harness>/crash-…, and the output names it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-5}
out=.build-fuzz
log() { echo "fuzz.sh: $*" >&2; }

# HeapModule (BatonCore's one dependency) comes from the ordinary debug build: built here
# unless `swift build` already has.
bin=$(swift build --show-bin-path)
if [[ ! -f $bin/Modules/HeapModule.swiftmodule || ! -f $bin/HeapModule.build/Heap.swift.o ]]; then
    log "building HeapModule (swift build --target BatonCore)"
    swift build --target BatonCore >/dev/null
fi
# (Some of these object files have spaces in their names.)
mapfile -t heap_objects < <(find "$bin/HeapModule.build" "$bin/InternalCollectionsUtilities.build" -name '*.swift.o' | sort)

json_sources=$(find Sources/BatonJSON -name '*.swift' | sort)
core_sources=$(find Sources/BatonCore -name '*.swift' | sort)
wire_sources=$(find Sources/BatonWire -name '*.swift' | sort)
harness_sources=$(find Fuzz/Harnesses -name '*.swift' | sort)
flags=(-O -sanitize=fuzzer -parse-as-library -swift-version 6 -module-cache-path "$out/ModuleCache" -I "$out" -I "$bin/Modules")
mkdir -p "$out"

# Each stage is rebuilt only when its inputs (or an earlier stage's) changed.
stamp=$( { swiftc --version 2>&1; echo "${flags[*]}"; cat "$bin/Modules/HeapModule.swiftmodule"; } | sha256sum | cut -d' ' -f1)
stage() {
    local name=$1 product=$2 sources=$3
    shift 3
    # shellcheck disable=SC2086  # the source lists are paths without spaces
    stamp=$( { echo "$stamp"; cat $sources; } | sha256sum | cut -d' ' -f1)
    if [[ -f $product && "$(cat "$out/$name.stamp" 2>/dev/null)" == "$stamp" ]]; then
        return
    fi
    log "building $name"
    local start=$SECONDS
    rm -f "$out/$name.stamp"
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -wmo -module-name "$name" "$@" $sources
    echo "$stamp" > "$out/$name.stamp"
    log "built $name in $((SECONDS - start)) s"
}
stage BatonJSON "$out/BatonJSON.o" "$json_sources" \
    -emit-module -emit-module-path "$out/BatonJSON.swiftmodule" -c -o "$out/BatonJSON.o"
stage BatonCore "$out/BatonCore.o" "$core_sources" \
    -emit-module -emit-module-path "$out/BatonCore.swiftmodule" -c -o "$out/BatonCore.o"
stage BatonWire "$out/BatonWire.o" "$wire_sources" \
    -emit-module -emit-module-path "$out/BatonWire.swiftmodule" -c -o "$out/BatonWire.o"
stage BatonFuzz "$out/baton-fuzz" "$harness_sources" -o "$out/baton-fuzz" \
    "$out/BatonJSON.o" "$out/BatonCore.o" "$out/BatonWire.o" "${heap_objects[@]}"

if (($# > 0)); then
    harnesses=("$@")
else
    mapfile -t harnesses < <(find Fuzz/corpus -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
fi

failed=()
for harness in "${harnesses[@]}"; do
    seeds=Fuzz/corpus/$harness
    [[ -d $seeds ]] || { log "no seed corpus $seeds"; exit 2; }
    corpus=$out/corpus/$harness
    crashes=$out/crashes/$harness
    mkdir -p "$corpus" "$crashes"
    log "$harness: ${seconds} s"
    # Swift's own backtracer would catch a trap first; libFuzzer must, to save the input.
    if ! SWIFT_BACKTRACE=enable=no BATON_FUZZ_TARGET=$harness "$out/baton-fuzz" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
        -dict=Fuzz/baton.dict -artifact_prefix="$crashes/" "$corpus" "$seeds" >"$out/$harness.log" 2>&1; then
        tail -n 40 "$out/$harness.log" >&2
        artifact=$(grep -o "Test unit written to .*" "$out/$harness.log" | tail -n 1 | sed 's/Test unit written to //')
        log "$harness FAILED; input: ${artifact:-see $out/$harness.log}; replay: BATON_FUZZ_TARGET=$harness $out/baton-fuzz ${artifact:-<input>}"
        failed+=("$harness")
    else
        log "$harness: $(grep -E '^stat::number_of_executed_units' "$out/$harness.log" | awk '{print $2}') inputs, no crash"
    fi
done

if ((${#failed[@]} > 0)); then
    log "crashed: ${failed[*]}"
    exit 1
fi
log "every harness ran ${seconds} s without a crash"
