#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# test-first-start.sh SYSTEMD_DIR PLUME-HQ
# Runs packaging/systemd/plume-hq-first-start as plume-hq.service does (the variables of
# plume-hq.default, its /var/lib/plume-hq moved to a temporary folder, umask 0077) with the
# built plume-hq, then "plume-hq serve" as ExecStart= would:
#   - a fresh install: database, key and token made, serve listens;
#   - a second round: the database archived, the key file kept; first start adopts the key
#     (keys adopt) and serve listens with the same public key;
#   - the token is never written through a link left next to it (operator.token.new).
set -uo pipefail
systemd_dir=$(realpath "$1") hq=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# first_start STATE_DIR: the script's output, then "rc=N".
first_start()
{
    (
        umask 077
        set -a
        # shellcheck disable=SC1090 # the packaged defaults, relocated
        . <(sed "s|/var/lib/plume-hq|$1|g" "$systemd_dir/plume-hq.default")
        set +a
        PLUME_HQ_KEY_FILE=${KEY_FILE:-$PLUME_HQ_KEY_FILE}
        PLUME_HQ_BIN=$hq LANGUAGE=en sh "$systemd_dir/plume-hq-first-start"
        echo "rc=$?"
    ) 2>&1
}

# serves STATE_DIR: plume-hq serve starts with the relocated defaults.
serves()
{
    local out
    out=$(
        set -a
        # shellcheck disable=SC1090
        . <(sed "s|/var/lib/plume-hq|$1|g" "$systemd_dir/plume-hq.default")
        set +a
        PLUME_HQ_LISTEN=127.0.0.1:0 LANGUAGE=en timeout 3 "$hq" serve 2>&1
    )
    grep -q '^plume-hq listening on ' <<<"$out"
}

public_key() { PLUME_HQ_DB=sqlite:$1/hq.db "$hq" keys show 2>&1 | tail -1; }

# A fresh install.
state=$work/state
mkdir -m 700 "$state"
out=$(first_start "$state")
grep -qx 'rc=0' <<<"$out" || fail "first start of a fresh install: $out"
for f in hq.db hq.key operator.token; do
    [ "$(stat -c %a "$state/$f" 2>/dev/null)" = 600 ] || fail "fresh install: $f missing or not mode 600"
done
serves "$state" || fail "serve does not start after the first start"
key=$(public_key "$state")

# A second round: a new database, the key the stations know.
mv "$state/hq.db" "$work/round1.db"
out=$(first_start "$state")
if ! grep -qx 'rc=0' <<<"$out" || ! grep -q '^adopted ' <<<"$out"; then
    fail "first start with a kept key file does not adopt it: $out"
fi
[ "$(public_key "$state")" = "$key" ] || fail "second round: the public key changed"
serves "$state" || fail "serve does not start on the second round's database"

# The key cannot be made (its folder is a file): no database is left without its key, and
# the next start, once the folder is right, makes both (a review had it skip the key).
state3=$work/state3
mkdir -m 700 "$state3"
touch "$work/keydir"
out=$(KEY_FILE=$work/keydir/hq.key first_start "$state3")
grep -qx 'rc=0' <<<"$out" && fail "first start said ok without a key: $out"
[ -e "$state3/hq.db" ] && fail "a database without HQ's key was left behind"
rm "$work/keydir"
mkdir -m 700 "$work/keydir"
out=$(KEY_FILE=$work/keydir/hq.key first_start "$state3")
grep -qx 'rc=0' <<<"$out" || fail "first start after the key's folder was made: $out"
[ -n "$(public_key "$state3")" ] && [ -e "$work/keydir/hq.key" ] ||
    fail "no key after the second start"

# A link where the token's temporary file once was: never written through.
shared=$work/shared
mkdir -m 777 "$shared"
echo victim >"$work/victim"
ln -s "$work/victim" "$shared/operator.token.new"
out=$(
    export PLUME_HQ_DB=
    first_start "$shared"
)
grep -qx 'rc=0' <<<"$out" || fail "first start with a link next to the token: $out"
[ "$(cat "$work/victim")" = victim ] || fail "the token was written through operator.token.new"
if [ ! -f "$shared/operator.token" ] || [ -L "$shared/operator.token" ]; then
    fail "the token file is not a plain file"
fi

[ $failures -eq 0 ] && echo "first start: all cases pass"
exit $((failures > 0))
