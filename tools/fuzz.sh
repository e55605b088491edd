#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Bounded libFuzzer run of one fuzz target of tests/fuzz.
# Usage: tools/fuzz.sh pen|hq [SECONDS=60] [BUILD_DIR=build-fuzz]
#   pen: the pen deframer / packet parser / session (corpus tests/fuzz/corpus)
#   hq:  headquarters' submission parser and payload validators (corpus tests/fuzz/corpus_hq)
# Needs clang. New inputs go to BUILD_DIR/fuzz-corpus-TARGET (the committed corpus is only
# read); copy interesting ones (crashes are written as crash-*) to the committed corpus by hand.
set -eu
case "${1:-}" in
pen) corpus=corpus; max_len=4096 ;;
hq) corpus=corpus_hq; max_len=65536 ;;
*) echo "usage: $0 pen|hq [SECONDS=60] [BUILD_DIR=build-fuzz]" >&2; exit 2 ;;
esac
target=fuzz_$1
seconds=${2:-60}
build=${3:-build-fuzz}
src=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DPLUME_BUILD_FUZZERS=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target "$target" -j"$(nproc)"
mkdir -p "$build/fuzz-corpus-$1"
cd "$build"
exec "./tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$max_len" "fuzz-corpus-$1" "$src/tests/fuzz/$corpus"
