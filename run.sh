#!/usr/bin/env bash
# Plume: one entry point for set-up, build, tests, demo and packaging on Debian 12.
#   ./run.sh deps     install the Debian packages the project needs (idempotent)
#   ./run.sh build    configure and build (build/)
#   ./run.sh test     deps + build + every test (ctest; GUI tests offscreen)
#   ./run.sh demo     deps + build + start `plume --demo` (under xvfb-run without a display:
#                     saves a screenshot and prints its path)
#   ./run.sh package  build the .deb with CPack
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_DIR=${PLUME_BUILD_DIR:-$ROOT/build}
JOBS=${PLUME_JOBS:-$(nproc)}

# Exactly the Debian 12 packages Plume needs to build, test, run the demo and package.
PACKAGES=(
    build-essential cmake ninja-build pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools qt6-connectivity-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 qt6-qpa-plugins
    libgl-dev libvulkan-dev
    libsodium-dev libqrencode-dev zlib1g-dev libzxcvbn-dev
    libopencv-dnn-dev libopencv-imgproc-dev libopencv-core-dev
    xvfb xauth poppler-utils appstream desktop-file-utils dpkg-dev file
    fonts-dejavu-core postgresql openssl
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

build() {
    local start=$(date +%s)
    local launcher=()
    # ccache is optional (not in PACKAGES): it only speeds up rebuilds where it is installed.
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPLUME_SHARED_DATA_DIR="$ROOT/../shared/data" "${launcher[@]}" >/dev/null
    cmake --build "$BUILD_DIR" -j"$JOBS"
    log "build finished in $(( $(date +%s) - start )) s"
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen
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

package() {
    build
    (cd "$BUILD_DIR" && cpack -G DEB)
    ls "$BUILD_DIR"/*.deb
}

cmd=${1:-}
shift || true
case "$cmd" in
    deps) deps ;;
    build) deps; build ;;
    test) deps; build; run_tests ;;
    demo) deps; build; demo "$@" ;;
    package) deps; package ;;
    *)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
        [ -z "$cmd" ] && exit 2 || exit 2 ;;
esac
