# bash completion for plumectl, plume-hq and plume-pensim    -*- shell-script -*-
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# Installed once per program (/usr/share/bash-completion/completions/NAME). Commands and
# options are read from the program's own --help, so the completion always matches the
# installed version: `plumectl --help` lists its commands, `plume-hq --help` its usage
# lines ("  serve --db URL …", "  keys init|show …"), and `PROG [COMMAND] --help` the
# options with their placeholders (--db <FILE>, --durability <full|process>).

# One command per line ("db check", "serve", "keys init", …): the lines of `PROG --help`
# that start with two spaces and a word. "  fields      …" (two spaces after the word) or
# "  serve --db URL" is one word; "  db check    …", an overlong "  station set-passphrase
# …" and "  keys init|show" are two (one per alternative). Nothing for plume-pensim.
# packaging/man/make-manpage.sh uses it too (one section per command).
_plume_cli_commands()
{
    "$1" --help 2>/dev/null | awk '/^  [a-z]/ {
        if ($0 ~ /^  [a-z][a-z-]*  / || $2 !~ /^[a-z][a-z|-]*$/) { print $1; next }
        n = split($2, alt, "|")
        for (i = 1; i <= n; i++) print $1 " " alt[i]
    }'
}

# "--option PLACEHOLDER" (or "--option") for each option in `"$@" --help`.
_plume_cli_options()
{
    "$@" --help 2>/dev/null |
        sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\)\( <\([^>]*\)>\)\{0,1\}.*/\2 \4/p'
}

# The value of an option, from its placeholder: <a|b> words, <DIR>, <FILE…>/<PATH>.
_plume_cli_value()
{
    case $1 in
        *'|'*) mapfile -t COMPREPLY < <(compgen -W "${1//|/ }" -- "$2") ;;
        *DIR*) mapfile -t COMPREPLY < <(compgen -d -- "$2") ;;
        *FILE* | *PATH*) mapfile -t COMPREPLY < <(compgen -f -- "$2") ;;
        *) COMPREPLY=() ;;
    esac
}

# The command typed so far (one or two words), or nothing. Typed words are compared as
# strings (grep -F, awk's ENVIRON), never put into a pattern or a script: GNU sed's s///e
# would run a command from a word.
_plume_cli_typed_command()
{
    local commands=$1 first=$2 second=$3
    if [[ -n $second ]] && grep -qxF -- "$first $second" <<<"$commands"; then
        echo "$first $second"
    elif [[ -n $first ]] && grep -qxF -- "$first" <<<"$commands"; then
        echo "$first"
    fi
}

_plume_cli()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]} commands typed=() i command
    commands=$(_plume_cli_commands "$prog")
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -* ]] && break
        typed+=("${COMP_WORDS[i]}")
    done
    command=$(_plume_cli_typed_command "$commands" "${typed[0]-}" "${typed[1]-}")
    if [[ -n $commands && -z $command ]]; then
        local words
        if ((${#typed[@]} == 0)); then
            words=$(cut -d' ' -f1 <<<"$commands" | sort -u)
        else
            words=$(W=${typed[0]} awk '$1 == ENVIRON["W"] && NF > 1 { print $2 }' <<<"$commands")
        fi
        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
        return
    fi

    local options placeholder
    # shellcheck disable=SC2086 # the command is zero, one or two words
    options=$(_plume_cli_options "$prog" $command)
    if [[ $prev == --* ]]; then
        placeholder=$(P=$prev awk '$1 == ENVIRON["P"] { sub(/^[^ ]* /, ""); print; exit }' \
            <<<"$options")
        if [[ -n $placeholder ]]; then
            _plume_cli_value "$placeholder" "$cur"
            return
        fi
    fi
    mapfile -t COMPREPLY < <(compgen -W "$(cut -d' ' -f1 <<<"$options")" -- "$cur")
    [[ $cur != -* ]] && mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
    return 0
}
complete -o filenames -F _plume_cli plumectl plume-hq plume-pensim
