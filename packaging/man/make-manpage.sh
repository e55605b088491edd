#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# make-manpage.sh BINARY NAME INCLUDE.h2m OUT.1.gz [--subcommands]
# Man page of a Plume program from its --help and --version (help2man), with the
# hand-written sections of INCLUDE.h2m. --subcommands (plumectl): one subsection per
# command listed under "Commands:" in --help, with that command's own --help.
# Runs the program under the name NAME (never its build path), gzip -9n, reproducible
# with SOURCE_DATE_EPOCH.
set -eu
binary=$1 name=$2 include=$3 out=$4 sub=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$binary" "$work/$name"
PATH="$work:$PATH"
export PATH QT_QPA_PLATFORM=offscreen

cp "$include" "$work/include.h2m"
if [ "$sub" = "--subcommands" ]; then
    printf '[COMMANDS]\n' >>"$work/include.h2m"
    # Same reading of "Commands:" as completion/plume-cli.bash (_plume_cli_commands).
    timeout 30 "$name" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
        on && /^  [a-z]/ { print (/^  [a-z][a-z-]*  / ? $1 : $1 " " $2) }' |
        while read -r command; do
            printf '.SS "%s %s"\n.nf\n' "$name" "$command"
            # shellcheck disable=SC2086 # the command is one or two words
            timeout 30 "$name" $command --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" \
                -e '/^Usage:/d'
            printf '.fi\n'
        done >>"$work/include.h2m"
fi
timeout 60 help2man --no-info --section=1 --include="$work/include.h2m" \
    --output="$work/$name.1" "$name"
gzip -9n <"$work/$name.1" >"$out"
