#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# check-packages.sh [--developer] SOURCE_DIR BUILD_DIR PLUME.deb PLUME-HQ.deb
# Checks the two Debian packages without installing anything:
#   lintian (no error, no warning), the files each package must and must not hold
#   (dpkg-deb -c), control fields (plume-hq without Qt Gui/Widgets, conffiles),
#   hardening-check on every ELF file, no build directory (nor, except with
#   --developer, the source directory) in any ELF file, no RPATH, the systemd unit
#   (systemd-analyze verify and security), desktop file, AppStream and MIME data, and a
#   smoke run of the extracted programs (they find model, forms and election by themselves).
# Prints one line per failure and exits 1 if there is any.
set -uo pipefail
developer=0
if [ "${1:-}" = --developer ]; then developer=1; shift; fi
[ $# -eq 4 ] || { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
source_dir=$(realpath "$1") build_dir=$(realpath "$2")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
note() { echo "-- $*"; }

declare -A deb
for f in "$3" "$4"; do deb[$(dpkg-deb -f "$f" Package)]=$(realpath "$f"); done
[ -n "${deb[plume]:-}" ] && [ -n "${deb[plume-hq]:-}" ] || { echo "need plume and plume-hq .deb"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- lintian ---------------------------------------------------------------------------
note "lintian"
if ! lintian --fail-on error,warning --tag-display-limit 0 "${deb[plume]}" "${deb[plume-hq]}" \
    >"$work/lintian.txt" 2>&1; then
    fail "lintian: $(grep -c '^[EW]:' "$work/lintian.txt") errors/warnings"
    sed 's/^/   /' "$work/lintian.txt"
fi

# --- contents --------------------------------------------------------------------------
must_hold() { # PACKAGE PATH...
    local p=$1; shift
    for path in "$@"; do
        grep -qx "\./$path" "$work/$p.list" || fail "$p lacks /$path"
    done
}
for p in plume plume-hq; do
    dpkg-deb -c "${deb[$p]}" | awk '{print $6}' | sed 's|/$||' >"$work/$p.list"
    mkdir -p "$work/$p" && dpkg-deb -x "${deb[$p]}" "$work/$p"
done
note "contents"
must_hold plume usr/bin/plume usr/bin/plumectl usr/bin/plume-pensim \
    usr/share/plume/models/plume-chars.onnx usr/share/plume/models/plume-chars.json \
    usr/share/plume/forms/pv.json usr/share/plume/forms/contact.json \
    usr/share/plume/elections/demo.json usr/share/plume/demo/demo-session.inkml \
    usr/share/applications/org.plume.Plume.desktop usr/share/metainfo/org.plume.Plume.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/org.plume.Plume.svg \
    usr/share/mime/packages/org.plume.Plume.xml \
    usr/share/man/man1/plume.1.gz usr/share/man/man1/plumectl.1.gz \
    usr/share/man/man1/plume-pensim.1.gz \
    usr/share/bash-completion/completions/plume usr/share/bash-completion/completions/plumectl \
    usr/share/bash-completion/completions/plume-pensim \
    usr/share/doc/plume/copyright usr/share/doc/plume/changelog.gz
must_hold plume-hq usr/bin/plume-hq lib/systemd/system/plume-hq.service etc/default/plume-hq \
    usr/libexec/plume-hq/first-start \
    usr/share/man/man1/plume-hq.1.gz usr/share/bash-completion/completions/plume-hq \
    usr/share/doc/plume-hq/copyright usr/share/doc/plume-hq/changelog.gz
grep -q 'plume-hq' "$work/plume.list" && fail "plume holds plume-hq files: $(grep plume-hq "$work/plume.list" | head -3)"
grep -qE 'usr/share/plume|usr/bin/plume(ctl|-pensim)?$' "$work/plume-hq.list" &&
    fail "plume-hq holds station files"

# --- copyright (DEP-5) ----------------------------------------------------------------------
note "copyright"
copyright=$work/plume/usr/share/doc/plume/copyright
# Lexicons built from third-party data (resources/lexicons/README.md) have their stanza.
for f in communes.tsv surnames.txt given_names.txt street_names.txt street_words.txt; do
    grep -qE "^(Files:)? .*resources/lexicons/$f|^Files: resources/lexicons/$f" "$copyright" ||
        fail "copyright: no Files stanza for the third-party data of lexicons/$f"
done
# Each licence a Files stanza names ("A and B") has its own License paragraph.
awk '/^Files:/ {f = 1} /^$/ {f = 0} f && /^License:/ {sub(/^License: */, ""); n = split($0, l, / and | or /); for (i = 1; i <= n; i++) print "use " l[i]}
     !f && /^License: / {sub(/^License: */, ""); print "text " $0}' "$copyright" |
    sort -u >"$work/licences.txt"
while read -r l; do
    grep -qx "text $l" "$work/licences.txt" || fail "copyright: licence $l has no License paragraph"
done < <(sed -n 's/^use //p' "$work/licences.txt")
cmp -s "$copyright" "$work/plume-hq/usr/share/doc/plume-hq/copyright" || fail "copyright: plume and plume-hq differ"

# --- control ---------------------------------------------------------------------------
note "control"
hq_depends=$(dpkg-deb -f "${deb[plume-hq]}" Depends)
grep -qE 'libqt6(gui|widgets|opengl)6' <<<"$hq_depends" &&
    fail "plume-hq depends on the GUI stack: $hq_depends"
# No recogniser at headquarters: OpenCV would pull libglx0 and libx11-6 onto a server.
grep -qE 'libopencv' <<<"$hq_depends" && fail "plume-hq depends on OpenCV: $hq_depends"
dpkg-deb -I "${deb[plume-hq]}" conffiles 2>/dev/null | grep -qx /etc/default/plume-hq ||
    fail "plume-hq: /etc/default/plume-hq is not a conffile"
for p in plume plume-hq; do
    [ "$(dpkg-deb -f "${deb[$p]}" Description | wc -l)" -ge 5 ] || fail "$p: short description"
    # The synopsis is the first line of the package's own description (PlumeDeb.cmake),
    # not one line shared by both packages with the real synopsis pushed below it.
    dpkg-deb -f "${deb[$p]}" Description | sed -n 2p | grep -qE '^ [A-Z][^.]*[a-z]$' &&
        fail "$p: the synopsis is repeated as the first line of the long description"
    [ "$(dpkg-deb -f "${deb[$p]}" Version)" = "$(dpkg-parsechangelog -l "$source_dir/packaging/debian/changelog" -SVersion)" ] ||
        fail "$p: version differs from packaging/debian/changelog"
done
[ "$(dpkg-deb -f "${deb[plume]}" Description | head -1)" != "$(dpkg-deb -f "${deb[plume-hq]}" Description | head -1)" ] ||
    fail "plume and plume-hq have the same synopsis"
grep -q 'fonts-dejavu-core' <<<"$(dpkg-deb -f "${deb[plume]}" Depends)" || fail "plume: no fonts-dejavu-core"

# --- ELF files: hardening, paths, RPATH, libraries ------------------------------------------
note "ELF files"
while IFS= read -r elf; do
    name=${elf#"$work"/}
    # Control-flow protection (CET) is not asked: Debian 12's C runtime objects lack it,
    # so no program linked there can carry the property.
    hardening-check --quiet --nocfprotection "$elf" >"$work/hc.txt" 2>&1 || { fail "hardening-check $name"; sed 's/^/   /' "$work/hc.txt"; }
    # Narrow strings and UTF-16 ones (QStringLiteral).
    { strings -a "$elf"; strings -a -el "$elf"; } >"$work/strings.txt"
    grep -qF "$build_dir" "$work/strings.txt" && fail "$name contains the build directory $build_dir"
    [ $developer = 1 ] || ! grep -qF "$source_dir" "$work/strings.txt" ||
        fail "$name contains the source directory $source_dir"
    readelf -d "$elf" | grep -qE 'RPATH|RUNPATH' && fail "$name has an RPATH/RUNPATH"
done < <(find "$work/plume" "$work/plume-hq" -type f -exec sh -c 'file -b "$1" | grep -q "^ELF" && echo "$1"' _ {} \;)
readelf -d "$work/plume-hq/usr/bin/plume-hq" | grep -E 'NEEDED.*libQt6(Gui|Widgets|OpenGL)' &&
    fail "plume-hq links Qt Gui/Widgets"

# --- desktop integration, systemd unit -----------------------------------------------------
note "desktop, AppStream, MIME, systemd"
desktop-file-validate "$work/plume/usr/share/applications/org.plume.Plume.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --pedantic "$work/plume/usr/share/metainfo/org.plume.Plume.metainfo.xml" \
    >"$work/as.txt" 2>&1 || { fail "appstreamcli validate"; cat "$work/as.txt"; }
mkdir -p "$work/mime/packages" && cp "$work/plume/usr/share/mime/packages/org.plume.Plume.xml" "$work/mime/packages/"
update-mime-database "$work/mime" 2>/dev/null && grep -qx 'application/x-plume-station:\*.plume' <(cut -d: -f2- "$work/mime/globs2") ||
    fail "MIME type application/x-plume-station for *.plume"
unit=$work/plume-hq/lib/systemd/system/plume-hq.service
# verify wants ExecStart= to exist: a copy pointing at the extracted program.
mkdir -p "$work/unit"
sed -e "s|^ExecStart=/usr/bin/plume-hq |ExecStart=$work/plume-hq/usr/bin/plume-hq |" \
    -e "s|^ExecStartPre=/usr/|ExecStartPre=$work/plume-hq/usr/|" "$unit" >"$work/unit/plume-hq.service"
systemd-analyze verify --man=no "$work/unit/plume-hq.service" >"$work/verify.txt" 2>&1 ||
    { fail "systemd-analyze verify"; cat "$work/verify.txt"; }
systemd-analyze security --offline=yes --threshold=20 "$unit" >"$work/security.txt" 2>&1 ||
    { fail "systemd-analyze security: $(tail -1 "$work/security.txt")"; }
note "$(tail -1 "$work/security.txt")"
for setting in DynamicUser=yes StateDirectory=plume-hq ProtectSystem=strict NoNewPrivileges=yes \
    EnvironmentFile=-/etc/default/plume-hq; do
    grep -qx "$setting" "$unit" || fail "plume-hq.service lacks $setting"
done

# --- the extracted programs find their data relative to themselves -------------------------
note "smoke run of the extracted programs"
bin=$work/plume/usr/bin share=$work/plume/usr/share/plume
# Page mode reads the demo ink field by field: forms, demo election and model, all found
# through <exe>/../share/plume (and, in a package build, nowhere else).
(cd "$work" && "$bin/plumectl" recognize "$share/demo/demo-session.inkml") >"$work/recognize.txt" 2>&1 &&
    grep -q 'inscrits' "$work/recognize.txt" ||
    { fail "plumectl recognize of the demo ink"; tail -5 "$work/recognize.txt"; }
(cd "$work" && QT_QPA_PLATFORM=offscreen "$bin/plumectl" forms print --form pv --out "$work/pv.pdf") \
    >"$work/print.txt" 2>&1 && [ -s "$work/pv.pdf" ] || { fail "plumectl forms print"; cat "$work/print.txt"; }
hq="$work/plume-hq/usr/bin/plume-hq"
{ "$hq" init --db "sqlite:$work/hq.db" &&
    "$hq" elections add --db "sqlite:$work/hq.db" \
        --election "$work/plume/usr/share/plume/elections/demo.json" &&
    "$hq" results --db "sqlite:$work/hq.db"; } \
    >"$work/results.txt" 2>&1 || { fail "plume-hq init, elections add, results on a new database"; cat "$work/results.txt"; }
"$hq" results --db "sqlite:$work/missing.db" >/dev/null 2>&1 &&
    fail "plume-hq results accepted a database that does not exist"

# The first start of a fresh install, as systemd runs it: the variables of
# /etc/default/plume-hq (its /var/lib/plume-hq moved to a temporary folder, any free port),
# each ExecStartPre=, then ExecStart= must be listening.
state=$work/state
mkdir -m 700 "$state"
sed -e "s|/var/lib/plume-hq|$state|g" -e 's|^PLUME_HQ_LISTEN=.*|PLUME_HQ_LISTEN=127.0.0.1:0|' \
    "$work/plume-hq/etc/default/plume-hq" >"$work/hq.env"
(
    # shellcheck disable=SC1091 # written just above
    set -a && . "$work/hq.env" && set +a
    export PLUME_HQ_BIN=$hq
    cd "$state" || exit 1
    # The pre-commands are one word each; systemd splits an unquoted $PLUME_HQ_ARGS.
    # shellcheck disable=SC2086
    sed -n 's|^ExecStartPre=/usr/|'"$work"'/plume-hq/usr/|p' "$unit" | while read -r pre; do
        $pre || exit 1
    done && timeout 3 "$hq" serve $PLUME_HQ_ARGS
) >"$work/first-start.txt" 2>&1
grep -q '^plume-hq listening on ' "$work/first-start.txt" ||
    { fail "plume-hq.service fails at its first start on a fresh install"; sed 's/^/   /' "$work/first-start.txt"; }
for f in "$state"/*; do
    [ -e "$f" ] || continue
    [ "$(stat -c %a "$f")" = 600 ] || fail "first start: $(basename "$f") has mode $(stat -c %a "$f"), not 600"
done

if [ $failures -gt 0 ]; then
    echo "check-packages: $failures failure(s)"
    exit 1
fi
echo "check-packages: plume and plume-hq are fine"
