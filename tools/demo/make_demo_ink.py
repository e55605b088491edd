#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Builds resources/demo/demo-session.inkml: a PV and three contact sheets written
character by character with samples of UNIPEN writers held out of the recogniser's
training (validation writers), placed in the boxes of resources/forms/*.json.

Usage: /usr/bin/python3 tools/demo/make_demo_ink.py [--data ../shared/data] [--out resources/demo]
Deterministic (fixed seed). Only ~200 characters are used, with attribution in the
output folder's README.md; the training data itself is never copied.
"""
import argparse, hashlib, json, math, os, random, re, sys
import xml.etree.ElementTree as ET

NS = {"i": "http://www.w3.org/2003/InkML"}
MM_PER_NCODE = 56.0 / 600.0 * 25.4
VAL_PERCENT = 15

PV_VALUES = {  # consistent: 872 - 12 - 7 = 853 = 312 + 270 + 158 + 113
    "code_bureau": "75056-0042", "inscrits": "1250", "votants": "872",
    "enveloppes": "872", "blancs": "12", "nuls": "7", "exprimes": "853",
    "voix.aubert": "312", "voix.benali": "270", "voix.dufour": "158", "voix.morel": "113",
}
CONTACTS = [
    {"nom": "MARTIN", "prenom": "Lea", "adresse": "12 RUE DES LILAS", "code_postal": "75011",
     "commune": "PARIS", "email": "lea.martin@orange.fr", "telephone": "0612345678", "consentement": "x"},
    {"nom": "NGUYEN", "prenom": "Hugo", "adresse": "3 AV FOCH", "code_postal": "69003",
     "commune": "LYON", "email": "hugo@free.fr", "telephone": "0478123456", "consentement": "x"},
    {"nom": "PETIT", "prenom": "Ines", "adresse": "", "code_postal": "33000",
     "commune": "BORDEAUX", "email": "", "telephone": "0556781234", "consentement": ""},
]
PV_PAGE = "3.27.603.1"
CONTACT_NOTE = "3.27.604"
HARD = {("votants", 1), ("nom", 2), ("voix.benali", 0), ("telephone", 4)}  # deliberately sloppy


def is_validation(writer):
    return int(hashlib.md5(writer.encode()).hexdigest()[:8], 16) % 100 < VAL_PERCENT


def load_samples(data):
    by_char = {}
    for cat in ("1a", "1b", "1c", "1d"):
        folder = os.path.join(data, "unipen", cat)
        for name in sorted(os.listdir(folder)):
            writer = name[:-len(".inkml")]
            if not is_validation(writer):
                continue
            root = ET.parse(os.path.join(folder, name)).getroot()
            for g in root.findall("i:traceGroup", NS):
                truth = g.find("i:annotation[@type='truth']", NS).text
                strokes = []
                for t in g.findall("i:trace", NS):
                    pts = [tuple(map(float, p.split()[:2])) for p in t.text.split(",") if p.strip()]
                    if pts:
                        strokes.append(pts)
                if strokes:
                    by_char.setdefault(truth, []).append((writer, strokes))
    return by_char


def place(strokes, box, rng, hard):
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    bx, by, bw, bh = box
    target_h = bh * (0.62 if not hard else 0.85)
    scale = target_h / max(h, w * bh / bw * 0.9, 1e-6)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    slant = rng.uniform(-0.1, 0.1) + (0.35 if hard else 0.0)
    ox = bx + bw / 2 + (rng.uniform(0.25, 0.45) * bw if hard else rng.uniform(-0.05, 0.05) * bw)
    oy = by + bh / 2 + rng.uniform(-0.05, 0.05) * bh
    out = []
    for s in strokes:
        pts = []
        for x, y in s:
            dx, dy = (x - cx) * scale, (y - cy) * scale
            pts.append(((ox + dx - slant * dy) / MM_PER_NCODE, (oy + dy) / MM_PER_NCODE))
        out.append(pts)
    return out


def field_boxes(form, election):
    fields = []
    for f in form["fields"]:
        if f.get("repeat") == "candidates":
            for i, c in enumerate(election["candidates"]):
                g = dict(f, name=f["name"].replace("{id}", c["id"]), y_mm=f["y_mm"] + f["dy_mm"] * i)
                fields.append(g)
        else:
            fields.append(f)
    out = {}
    for f in fields:
        if f.get("boxes", 0) > 0:
            out[f["name"]] = [(f["x_mm"] + i * f.get("pitch_mm", f["box_w_mm"]), f["y_mm"],
                               f["box_w_mm"], f["box_h_mm"]) for i in range(f["boxes"])]
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(root, "resources", "demo"))
    args = ap.parse_args()
    rng = random.Random(20261122)
    samples = load_samples(args.data)
    election = json.load(open(os.path.join(root, "resources", "elections", "demo.json")))
    pv = field_boxes(json.load(open(os.path.join(root, "resources", "forms", "pv.json"))), election)
    contact = field_boxes(json.load(open(os.path.join(root, "resources", "forms", "contact.json"))), election)
    used = {}
    t = 1763829000000  # 2025-11-22 16:30 UTC, pen clock
    pages = []

    def write(boxes, values, page):
        nonlocal t
        strokes_out = []
        for name, value in values.items():
            for i, ch in enumerate(value):
                if ch == " ":
                    continue
                key = ch if ch != "x" or name != "consentement" else "x"
                pool = samples.get(key) or samples.get(key.upper())
                if not pool:
                    sys.exit("no validation sample for %r" % ch)
                writer, strokes = pool[rng.randrange(len(pool))]
                used[writer] = used.get(writer, 0) + 1
                for s in place(strokes, boxes[name][i], rng, (name, i) in HARD):
                    pts = []
                    for x, y in s:
                        pts.append("%.2f %.2f %d" % (x, y, t))
                        t += 8
                    strokes_out.append(pts)
                    t += 120
                t += 250
            t += 1200
        pages.append((page, strokes_out))

    write(pv, PV_VALUES, PV_PAGE)
    for n, c in enumerate(CONTACTS, start=1):
        write(contact, c, "%s.%d" % (CONTACT_NOTE, n))

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "demo-session.inkml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<ink xmlns="http://www.w3.org/2003/InkML">\n')
        f.write('  <annotation type="source">Plume demo session, assembled by tools/demo/make_demo_ink.py '
                'from UNIPEN train_r01_v07 samples (see README.md)</annotation>\n')
        f.write('  <traceFormat><channel name="X" type="decimal"/><channel name="Y" type="decimal"/>'
                '<channel name="T" type="integer"/></traceFormat>\n')
        for page, strokes in pages:
            f.write('  <traceGroup>\n    <annotation type="pageAddress">%s</annotation>\n' % page)
            for s in strokes:
                f.write("    <trace>%s</trace>\n" % ", ".join(s))
            f.write("  </traceGroup>\n")
        f.write("</ink>\n")
    n_chars = sum(used.values())
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Demo session ink\n\n`demo-session.inkml` is the pen session that `plume --demo` replays "
                "through the pen simulator: the PV of the demo election (page %s) and three contact "
                "sheets (pages %s.1-3), %d handwritten characters. The third contact did not tick the "
                "consent box. A few characters are deliberately slanted, enlarged or written over a box "
                "border, so that the recogniser flags them.\n\n" % (PV_PAGE, CONTACT_NOTE, n_chars))
        f.write("Generated by `/usr/bin/python3 tools/demo/make_demo_ink.py` (deterministic). Each "
                "character is one sample of the UNIPEN Train-R01/V07 database (isolated characters, "
                "categories 1a-1d), scaled and placed in a box of `resources/forms/*.json`. Only writers "
                "held out of the recogniser's training (validation split) are used.\n\n"
                "Attribution: UNIPEN project (Guyon, Schomaker, Plamondon, Liberman, Janet, 1994), "
                "train_r01_v07. Writers used (samples): %s.\n" % ", ".join(
                    "%s (%d)" % (w, n) for w, n in sorted(used.items())))
    print("wrote %d characters on %d pages" % (n_chars, len(pages)))


if __name__ == "__main__":
    main()
