#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# test-completion.sh COMPLETION_DIR PLUME PLUMECTL PLUME-PENSIM PLUME-HQ
# Completes command lines as bash would (COMP_WORDS/COMP_CWORD) with the installed
# scripts and the built programs on PATH, and compares the candidates.
set -uo pipefail
dir=$1
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for program in "${@:2}"; do ln -s "$(realpath "$program")" "$bin/$(basename "$program")"; done
PATH=$bin:$PATH
export QT_QPA_PLATFORM=offscreen # plume --help without a display
source "$dir/plume-cli.bash"
source "$dir/plume"
failures=0

# expect "WANTED CANDIDATES" WORD...: the sorted candidates for the last word.
expect()
{
    local want=$1; shift
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMPREPLY=()
    local function
    function=$(complete -p "$1" | sed 's/.*-F \([^ ]*\) .*/\1/')
    "$function"
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
    if [ "$got" != "$want" ]; then
        echo "FAIL: '$*' completes to '$got', expected '$want'"
        failures=$((failures + 1))
    fi
}

expect "station" plumectl st
expect "init pubkey rekey set-hq set-hq-key set-passphrase" plumectl station ''
expect "check info" plumectl db ''
expect "--db --help --json --passphrase-file" plumectl db check --
expect "--election" plumectl station init --db x.plume --el
expect "" plume-hq serve --listen ''
expect "contacts elections import init keys pv results serve stations" plume-hq ''
expect "withdraw" plume-hq pv ''
expect "adopt init show" plume-hq keys ''
expect "full process" plume-hq serve --durability ''
expect "--fault" plume-pensim --fa
expect "en fr" plume --lang ''
# Every command of `plumectl --help` is offered (first words), and nothing else (the help
# speaks French unless the environment asks for English: "Commandes :" or "Commands:").
want=$(plumectl --help | awk '/^Commande?s ?:/ { on = 1; next } on && /^$/ { exit }
    on && /^  [a-z]/ { print $1 }' | sort -u | xargs)
expect "$want" plumectl ''
# The window's static option list is the one `plume --help` prints.
want=$(plume --help 2>/dev/null | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort | xargs)
expect "$want" plume --

# A typed word is data, never a script: GNU sed's s///e flag ran one as a command (here,
# a file made in the current folder) and a stray slash printed sed errors.
cd "$bin" || exit 1
# shellcheck disable=SC2016 # the words are literal
for hostile in '.*/touch${IFS}pwned/e;s/y' 'a/b' '--db/e;s/y'; do
    for words in "plume-hq $hostile" "plume-hq serve $hostile"; do
        read -ra COMP_WORDS <<<"$words"
        COMP_WORDS+=('') COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMPREPLY=()
        _plume_cli 2>>"$bin/stderr"
    done
done
[ -e "$bin/pwned" ] && { echo "FAIL: a typed word ran a command"; failures=$((failures + 1)); }
[ -s "$bin/stderr" ] && { echo "FAIL: typed words print errors: $(head -3 "$bin/stderr")"; failures=$((failures + 1)); }

[ $failures -eq 0 ] && echo "bash completion: all cases pass"
exit $((failures > 0))
