#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# make-manpage.sh BINARY NAME INCLUDE.h2m OUT.1.gz [--subcommands]
# Man page of a Plume program from its --help and --version (help2man), with the
# hand-written sections of INCLUDE.h2m. --subcommands (plumectl, plume-hq): a COMMANDS
# section with each command's own --help (commands read as bash completion reads them,
# packaging/completion/plume-cli.bash), the top-level help reduced to its usage line.
# Runs the program under the name NAME (never its build path); gzip -9n, reproducible
# with SOURCE_DATE_EPOCH.
set -euo pipefail
binary=$1 name=$2 include=$3 out=$4 sub=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
export QT_QPA_PLATFORM=offscreen
# The programs speak French unless the environment asks for English (app/i18n); the man
# pages are written in English.
export LANGUAGE=en
cp "$include" "$work/include.h2m"

if [ "$sub" = "--subcommands" ]; then
    # shellcheck source=../completion/plume-cli.bash
    source "$(dirname "$0")/../completion/plume-cli.bash"
    ln -s "$binary" "$work/$name"
    mapfile -t commands < <(PATH="$work:$PATH" _plume_cli_commands "$name")
    [ ${#commands[@]} -gt 0 ] || { echo "$name --help lists no command" >&2; exit 1; }
    printf '[COMMANDS]\n' >>"$work/include.h2m"
    for command in "${commands[@]}"; do
        printf '.SS "%s %s"\n.nf\n' "$name" "$command"
        # shellcheck disable=SC2086 # the command is one or two words
        (exec -a "$name" timeout 30 "$binary" $command --help) |
            sed -e '/^Usage:/d' -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
        printf '.fi\n'
    done >>"$work/include.h2m"
    cat >"$work/bin/$name" <<WRAPPER
#!/usr/bin/env bash
[ "\${1:-}" = --help ] && { echo "Usage: $name <command> [options]"; exit 0; }
exec -a "$name" "$binary" "\$@"
WRAPPER
    chmod 755 "$work/bin/$name"
else
    # help2man runs the program with LC_ALL=C (French for Plume's programs): the wrapper
    # asks for English, as the pages are written in English.
    cat >"$work/bin/$name" <<WRAPPER
#!/usr/bin/env bash
export LANGUAGE=en
exec -a "$name" "$binary" "\$@"
WRAPPER
    chmod 755 "$work/bin/$name"
fi
PATH="$work/bin:$PATH" timeout 60 help2man --no-info --section=1 --locale=C.UTF-8 \
    --include="$work/include.h2m" --output="$work/$name.1" "$name"
gzip -9n <"$work/$name.1" >"$out"
