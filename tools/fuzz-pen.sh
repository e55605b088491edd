#!/bin/sh
# Bounded libFuzzer run of the pen deframer / packet parser / session (tests/fuzz).
# Usage: tools/fuzz-pen.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
# Needs clang. New inputs go to BUILD_DIR/fuzz-corpus (the committed corpus is only read);
# copy interesting ones (crashes are written as crash-*) to tests/fuzz/corpus by hand.
set -eu
seconds=${1:-60}
build=${2:-build-fuzz}
src=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DPLUME_BUILD_FUZZERS=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target fuzz_pen -j"$(nproc)"
mkdir -p "$build/fuzz-corpus"
cd "$build"
exec ./tests/fuzz/fuzz_pen -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 fuzz-corpus "$src/tests/fuzz/corpus"
