#!/bin/sh
# Bounded libFuzzer run of headquarters' submission parser and payload validators: see
# tools/fuzz.sh.
# Usage: tools/fuzz-hq.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
exec "$(dirname "$0")/fuzz.sh" hq "$@"
