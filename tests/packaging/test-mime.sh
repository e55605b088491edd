#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# test-mime.sh MIME.xml
# The packaged MIME data (packaging/org.plume.Plume.mime.xml) as a file manager reads it
# (update-mime-database, then GIO): a SQLite .plume file is a station file, opened by plume;
# an offline delivery file (JSON, also .plume) is not. Exit 77 (skipped) without the tools.
set -uo pipefail
xml=$(realpath "$1")
command -v update-mime-database >/dev/null && command -v gio >/dev/null || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/share/mime/packages" "$work/home"
cp "$xml" "$work/share/mime/packages/org.plume.Plume.xml"
update-mime-database "$work/share/mime" >/dev/null 2>&1 || { echo "FAIL: update-mime-database"; exit 1; }
failures=0

# type FILE: its content type, as GIO guesses it from the name and the first bytes.
type_of()
{
    XDG_DATA_DIRS=$work/share:/usr/share XDG_DATA_HOME=$work/home/share \
        gio info -a standard::content-type "$1" 2>/dev/null | sed -n 's/^ *standard::content-type: //p'
}
expect_type() # WANTED FILE
{
    local got
    got=$(type_of "$2")
    [ "$got" = "$1" ] || { echo "FAIL: $(basename "$2") is '$got', expected '$1'"; failures=$((failures + 1)); }
}

# A station file: SQLite's header.
printf 'SQLite format 3\0' >"$work/station.plume"
head -c 4080 /dev/zero >>"$work/station.plume"
expect_type application/x-plume-station "$work/station.plume"
# An offline delivery file as plumectl outbox export writes it (QJsonDocument: keys sorted).
printf '{"count":1,"created_at":"2026-11-29T20:00:00Z","format":"plume.offline/1","recipient":"AAAA","sealed":"AAAA","station":"75056-001"}\n' \
    >"$work/offline.plume"
expect_type application/x-plume-offline "$work/offline.plume"

[ $failures -eq 0 ] && echo "MIME types: all cases pass"
exit $((failures > 0))
