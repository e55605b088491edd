#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Plume: one entry point for set-up, build, tests, demo and packaging on Debian 12.
#   ./run.sh deps     install the Debian packages the project needs (idempotent)
#   ./run.sh build    configure and build (build/)
#   ./run.sh test     deps + build + every test (ctest; GUI tests offscreen)
#   ./run.sh demo     deps + build + start `plume --demo` (under xvfb-run without a display:
#                     saves a screenshot and prints its path)
#   ./run.sh package  build the two .deb (plume, plume-hq) without tests in build-package/
#                     and print their paths; --check: lintian and the other package checks
#                     (packaging/check-packages.sh), nothing installed
#   ASAN=1 ./run.sh test   the same tests under AddressSanitizer + UBSan (build-asan/)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
ASAN=${ASAN:-0}
if [ "$ASAN" = 1 ]; then
    BUILD_DIR=${PLUME_BUILD_DIR:-$ROOT/build-asan}
else
    BUILD_DIR=${PLUME_BUILD_DIR:-$ROOT/build}
fi
PACKAGE_DIR=${PLUME_PACKAGE_DIR:-$ROOT/build-package}
JOBS=${PLUME_JOBS:-$(nproc)}

# Exactly the Debian 12 packages Plume needs to build, test, run the demo and package.
PACKAGES=(
    build-essential cmake ninja-build pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools qt6-connectivity-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 qt6-qpa-plugins
    libgl-dev libvulkan-dev
    libsodium-dev libqrencode-dev zlib1g-dev libzxcvbn-dev libsqlite3-dev
    libopencv-dnn-dev libopencv-imgproc-dev libopencv-core-dev
    xvfb xauth poppler-utils appstream desktop-file-utils dpkg-dev file
    fonts-dejavu-core postgresql openssl
    lintian devscripts help2man systemd shared-mime-info wfrench
)

log() { printf '\033[1m[run.sh]\033[0m %s\n' "$*" >&2; }

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "all ${#PACKAGES[@]} Debian packages are present"
        return
    fi
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# configure_and_build DIR CMAKE_OPTION...
configure_and_build() {
    local dir=$1; shift
    local start=$(date +%s)
    local launcher=()
    # ccache is optional (not in PACKAGES): it only speeds up rebuilds where it is installed.
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "${launcher[@]}" "$@" >/dev/null
    cmake --build "$dir" -j"$JOBS"
    log "build finished in $(( $(date +%s) - start )) s"
}

build() {
    local sanitize=()
    [ "$ASAN" = 1 ] && sanitize=(-DPLUME_SANITIZE=address,undefined)
    configure_and_build "$BUILD_DIR" -DPLUME_SHARED_DATA_DIR="$ROOT/../shared/data" \
        "${sanitize[@]}"
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen
    if [ "$ASAN" = 1 ]; then
        # Findings fail the test that hits them; known leaks of system libraries are
        # suppressed (cmake/sanitizers/lsan.supp).
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
        export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/cmake/sanitizers/lsan.supp:print_suppressions=0}
    fi
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
    chmod 700 "$XDG_RUNTIME_DIR"
    (cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS" --timeout 600)
}

demo() {
    local bin="$BUILD_DIR/ui/plume"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        exec "$bin" --demo "$@"
    fi
    local shot="$ROOT/out/demo-screenshot.png"
    mkdir -p "$ROOT/out"
    log "no display: running under xvfb-run, screenshot in $shot"
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
    chmod 700 "$XDG_RUNTIME_DIR"
    xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --demo --screenshot "$shot" --quit-after 25 "$@"
    echo "$shot"
}

# Two .deb from a build without tests that knows no source tree (resources only under
# /usr/share/plume), stripped, hardened, no build path inside. Prints their paths.
package() {
    configure_and_build "$PACKAGE_DIR" -DPLUME_TESTS=OFF -DPLUME_DEVELOPER_BUILD=OFF \
        -DCMAKE_INSTALL_PREFIX=/usr >&2 # stdout: only the two paths
    rm -f "$PACKAGE_DIR"/*.deb
    (cd "$PACKAGE_DIR" && cpack -G DEB >&2)
    local debs=("$PACKAGE_DIR"/plume_*.deb "$PACKAGE_DIR"/plume-hq_*.deb)
    printf '%s\n' "${debs[@]}"
    if [ "${1:-}" = --check ]; then
        "$ROOT/packaging/check-packages.sh" "$ROOT" "$PACKAGE_DIR" "${debs[@]}" >&2
    fi
}

cmd=${1:-}
shift || true
case "$cmd" in
    deps) deps ;;
    build) deps; build ;;
    test) deps; build; run_tests ;;
    demo) deps; build; demo "$@" ;;
    package) deps; package "$@" ;;
    *)
        sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'
        [ -z "$cmd" ] && exit 2 || exit 2 ;;
esac
