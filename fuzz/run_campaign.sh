#!/usr/bin/env bash
# One fuzzing campaign of one target, on the binary `cargo fuzz build` made (run directly, so a
# change to the sources elsewhere in the checkout does not rebuild it mid-campaign), with the
# grown corpus in corpus/<target> (not in git) and the log in logs/<target>-<sanitizer>.log.
#   fuzz/run_campaign.sh <target> <seconds> [asan|none|nocmp]
# `asan` runs what `cargo fuzz build` made; `none` what `cargo fuzz build -s none --target-dir
# target/none` made; `nocmp` what `cargo fuzz build -s none --no-trace-compares --target-dir
# target/nocmp` made (no comparison hooks: the import targets run about twice as fast).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
target="$1"; seconds="$2"; sanitizer="${3:-asan}"
declare -A dict=([read_spec]=spec [read_swagger]=swagger [read_openapi]=openapi [render]=spec [decode]=decode)
case "$sanitizer" in
    asan) binary="$fuzz/target/x86_64-unknown-linux-gnu/release/$target" ;;
    none) binary="$fuzz/target/none/x86_64-unknown-linux-gnu/release/$target" ;;
    nocmp) binary="$fuzz/target/nocmp/x86_64-unknown-linux-gnu/release/$target" ;;
    *) echo "build: asan, none or nocmp" >&2; exit 2 ;;
esac
mkdir -p "$fuzz/corpus/$target" "$fuzz/artifacts/$target" "$fuzz/logs/$target"
# With -jobs, libFuzzer writes the worker's output to fuzz-0.log in the working folder: one
# folder per target, so that campaigns can run side by side.
cd "$fuzz/logs/$target"
"$binary" -artifact_prefix="$fuzz/artifacts/$target/" -dict="$fuzz/dictionaries/${dict[$target]}.dict" \
    -max_len=65536 -timeout=30 -rss_limit_mb=4096 -max_total_time="$seconds" -jobs=1 -workers=1 \
    -print_final_stats=1 "$fuzz/corpus/$target" "$fuzz/seeds/$target" > launcher.out 2>&1 || true
mv fuzz-0.log "$fuzz/logs/$target-$sanitizer.log"
