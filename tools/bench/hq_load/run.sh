#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Load bench for plume-hq (env: BACKENDS="sqlite postgresql", DURABILITIES="process full",
# READERS=64): N stations x (1 PV + B contact batches) over loopback while READERS clients
# poll GET /api/v1/results, against SQLite and a throwaway PostgreSQL 15 (initdb/pg_ctl in a
# temp folder). Not a ctest test.
#   tools/bench/hq_load/run.sh [BUILD_DIR] [STATIONS] [BATCHES]
# BUILD_DIR holds hq/plume-hq (default build). Prints one JSON line per run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
stations=${2:-10000}
batches=${3:-20}
# full = one fsync per group commit (survives a power cut), process = see docs/hq.md
durabilities=${DURABILITIES:-process full}
readers=${READERS:-64}
backends=${BACKENDS:-sqlite postgresql}
hq="$build/hq/plume-hq"
[ -x "$hq" ] || { echo "build plume-hq first: cmake --build $build --target plume-hq" >&2; exit 2; }
tmp=$(mktemp -d /tmp/plume-hq-load.XXXXXX)
cleanup() {
    [ -f "$tmp/pg/postmaster.pid" ] && pg_ctl -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
cmake -S "$here" -B "$tmp/build" -G Ninja >/dev/null
cmake --build "$tmp/build" >/dev/null
load="$tmp/build/hq_load"

case " $backends " in *" sqlite "*) ;; *) durabilities_sqlite= ;; esac
for d in ${durabilities_sqlite-$durabilities}; do
    mkdir -p "$tmp/sqlite-$d"
    "$load" --hq-binary "$hq" --db "sqlite:$tmp/sqlite-$d/hq.db" --stations "$stations" \
        --batches "$batches" --durability "$d" --readers "$readers" --work-dir "$tmp/sqlite-$d"
done

case " $backends " in *" postgresql "*) ;; *) exit 0 ;; esac
# PostgreSQL 15 in the temp folder, on a Unix socket there (and loopback TCP).
PATH=/usr/lib/postgresql/15/bin:$PATH
if ! command -v initdb >/dev/null; then
    echo "PostgreSQL not found: apt-get install postgresql-15" >&2; exit 0
fi
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$tmp"; chmod 755 "$tmp"; fi
run_pg "initdb -D $tmp/pg -U plume --auth=trust -E UTF8 >/dev/null"
run_pg "pg_ctl -D $tmp/pg -o \"-k $tmp -p 55432 -c listen_addresses=127.0.0.1 -c fsync=on\" -l $tmp/pg.log -w start >/dev/null"
postmaster=$(head -1 "$tmp/pg/postmaster.pid")
for d in $durabilities; do
    run_pg "createdb -h $tmp -p 55432 -U plume hq_$d"
    mkdir -p "$tmp/pg-$d"
    "$load" --hq-binary "$hq" --db "postgresql://plume@127.0.0.1:55432/hq_$d" \
        --stations "$stations" --batches "$batches" --durability "$d" --readers "$readers" \
        --postgres-pid "$postmaster" --work-dir "$tmp/pg-$d"
done
