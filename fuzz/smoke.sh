#!/usr/bin/env bash
# CI's bounded fuzzing: every target runs for a short time (30 s by default) on its checked-in
# seeds, so that none can rot: each must build, survive its seeds and a little fuzzing.
#   fuzz/smoke.sh [seconds per target] [cargo fuzz flags, such as `-s none`]
# Stable toolchain: cargo-fuzz passes nightly flags (-Zsanitizer=address by default), which
# RUSTC_BOOTSTRAP=1 allows on stable.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
export RUSTC_BOOTSTRAP=1
version=0.13.2
# Installed into the repository's target folder (as CI's other tools), not the machine's cargo.
tools="$(cd .. && pwd)/target/tools"
export PATH="$tools/bin:$PATH"
if ! cargo fuzz --version 2>/dev/null | grep -qF "$version"; then
    cargo install cargo-fuzz --version "$version" --locked --root "$tools"
fi
declare -A dict=([read_spec]=spec [read_swagger]=swagger [read_openapi]=openapi [render]=spec [decode]=decode)
cargo fuzz build "$@"
log="$(mktemp)"
for target in read_spec read_swagger read_openapi render decode; do
    # A scratch corpus: a smoke run neither grows fuzz/corpus nor touches the checked-in seeds.
    scratch="$(mktemp -d)"
    echo "== $target (${seconds} s)"
    status=0
    cargo fuzz run "$@" "$target" "$scratch" "seeds/$target" -- \
        -dict="dictionaries/${dict[$target]}.dict" -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
        -max_total_time="$seconds" -print_final_stats=1 > "$log" 2>&1 || status=$?
    rm -rf "$scratch"
    grep -E "^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec)" "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log" >&2
        echo "fuzz target $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
        rm -f "$log"
        exit "$status"
    fi
done
rm -f "$log"
