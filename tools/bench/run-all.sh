#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Runs Plume's benchmarks (speed goals live here, never in timed tests).
#   tools/bench/run-all.sh [BUILD_DIR]        (default: build)
# - plumectl bench store      stroke durability: enqueue -> fsync'd commit (goal: < 100 ms)
# - plumectl bench pen        decode throughput (dots/s), last byte -> stroke signal p50/p99
# - plumectl bench recognise  per-character / per-field latency on one core, load time, memory
# - tools/bench/hq_load/run.sh  headquarters ingest, SQLite and PostgreSQL (long: run it apart)
set -eu
build=${1:-$(dirname "$0")/../../build}
ctl="$build/app/plumectl/plumectl"
[ -x "$ctl" ] || { echo "build first: ./run.sh build" >&2; exit 2; }
echo "== store (20 strokes/s offered, a fast writer makes ~5)"; "$ctl" bench store --strokes 1000 --rate 20
echo "== store (as fast as possible: throughput)"; "$ctl" bench store --strokes 5000 --rate 0
echo "== pen"; "$ctl" bench pen
echo "== recogniser"; taskset -c 0 "$ctl" bench recognise 2>/dev/null || "$ctl" bench recognise
