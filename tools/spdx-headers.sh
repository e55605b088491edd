#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# tools/spdx-headers.sh [--check] [FILE...]
# Adds the licence header to the C++, CMake, Python and shell files that lack one:
#   // SPDX-License-Identifier: GPL-3.0-or-later      (# for CMake, Python, shell)
#   // Copyright (C) 2026 The Plume developers
# after a #! line if there is one. Idempotent: a file that has an SPDX line in its first
# 5 lines is left alone. Without FILE: every file git tracks. Generated and data files
# (resources/, test data, fuzz corpora, translations, JSON, InkML) are never touched.
# --check: change nothing, list the files without a header, exit 1 if there is any.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
year=2026
owner="The Plume developers"

# The comment leader for a file, or nothing when the file is not ours to mark.
leader() {
    case $1 in
        resources/* | translations/* | */data/* | */corpus/* | *.json | *.inkml | *.ts) return ;;
        *.cpp | *.h | *.hpp | *.cc) echo "//" ;;
        *.cmake | */CMakeLists.txt | CMakeLists.txt | *.py | *.sh | *.bash) echo "#" ;;
        *) head -c 64 "$1" 2>/dev/null | head -1 | grep -qE '^#!.*(ba)?sh|^#!.*python' && echo "#" ;;
    esac
    return 0
}

add_header() { # FILE LEADER
    local file=$1 c=$2 tmp
    tmp=$(mktemp)
    if head -1 "$file" | grep -q '^#!'; then
        { head -1 "$file"; printf '%s SPDX-License-Identifier: GPL-3.0-or-later\n%s Copyright (C) %s %s\n' \
            "$c" "$c" "$year" "$owner"; tail -n +2 "$file"; } >"$tmp"
    else
        { printf '%s SPDX-License-Identifier: GPL-3.0-or-later\n%s Copyright (C) %s %s\n' \
            "$c" "$c" "$year" "$owner"; cat "$file"; } >"$tmp"
    fi
    cat "$tmp" >"$file" # keeps the file's mode
    rm -f "$tmp"
}

missing=0
if [ $# -eq 0 ]; then mapfile -t files < <(git ls-files); else files=("$@"); fi
for file in "${files[@]}"; do
    [ -f "$file" ] || continue
    c=$(leader "$file")
    [ -n "$c" ] || continue
    head -5 "$file" | grep -q 'SPDX-License-Identifier:' && continue
    missing=$((missing + 1))
    if [ $check = 1 ]; then echo "$file"; else add_header "$file" "$c" && echo "added: $file"; fi
done
[ $check = 0 ] || [ $missing -eq 0 ]
