#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Bounded libFuzzer run of the pen deframer / packet parser / session: see tools/fuzz.sh.
# Usage: tools/fuzz-pen.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
exec "$(dirname "$0")/fuzz.sh" pen "$@"
