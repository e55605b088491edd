#!/bin/sh
# Bounded libFuzzer run of headquarters' submission parser and payload validators (tests/fuzz).
# Usage: tools/fuzz-hq.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
# Needs clang. New inputs go to BUILD_DIR/fuzz-corpus-hq (the committed corpus is only read);
# copy interesting ones (crashes are written as crash-*) to tests/fuzz/corpus_hq by hand.
set -eu
seconds=${1:-60}
build=${2:-build-fuzz}
src=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DPLUME_BUILD_FUZZERS=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target fuzz_hq -j"$(nproc)"
mkdir -p "$build/fuzz-corpus-hq"
cd "$build"
exec ./tests/fuzz/fuzz_hq -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 fuzz-corpus-hq "$src/tests/fuzz/corpus_hq"
