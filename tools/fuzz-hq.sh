#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Bounded libFuzzer run of headquarters' submission parser and payload validators: see
# tools/fuzz.sh.
# Usage: tools/fuzz-hq.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
exec "$(dirname "$0")/fuzz.sh" hq "$@"
