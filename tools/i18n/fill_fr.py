#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Fills the French plural forms of translations/plume_fr.ts (French is the source
language: only the messages with %n need a translation, to choose "1 trait" or
"2 traits"). Run after `cmake --build build --target update_translations`:
    /usr/bin/python3 tools/i18n/fill_fr.py translations/plume_fr.ts
The singular drops the "(s)" / "(nt)" marks of the source, the plural keeps their letters:
"%n trait(s) enregistré(s)" -> "%n trait enregistré" / "%n traits enregistrés".
Other messages stay untranslated (Qt shows the source)."""
import html, re, sys

MARKS = re.compile(r"\((s|nt|x)\)")


def forms(source):
    return MARKS.sub("", source), MARKS.sub(lambda m: m.group(1), source)


def main(path):
    s = open(path, encoding="utf-8").read()
    done = 0

    def fix(m):
        nonlocal done
        msg = m.group(0)
        if 'numerus="yes"' not in msg:
            return msg
        key = html.unescape(re.search(r"<source>(.*?)</source>", msg, re.S).group(1))
        done += 1
        body = "<translation>" + "".join(
            "<numerusform>%s</numerusform>" % html.escape(f, quote=False) for f in forms(key)) + "</translation>"
        return re.sub(r"<translation[^>]*>.*?</translation>|<translation[^>]*/>", body, msg, flags=re.S)

    s = re.sub(r"<message[^>]*>.*?</message>", fix, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
    print("plural forms: %d" % done)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "translations/plume_fr.ts"))
