#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# package-check.sh [--developer] SOURCE_DIR BUILD_DIR: cpack the build into a temporary
# folder (nothing installed), then packaging/check-packages.sh on the two .deb files.
set -euo pipefail
developer=()
if [ "$1" = --developer ]; then developer=(--developer); shift; fi
source_dir=$1 build_dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build_dir" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) ||
    { cat "$out/cpack.log"; exit 1; }
mapfile -t debs < <(find "$out" -maxdepth 1 -name '*.deb' | sort)
[ ${#debs[@]} -eq 2 ] || { echo "cpack made ${#debs[@]} packages, not 2: ${debs[*]}"; exit 1; }
"$source_dir/packaging/check-packages.sh" "${developer[@]}" "$source_dir" "$build_dir" "${debs[@]}"
