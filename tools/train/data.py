# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Reads the InkML training data in place (../shared/data) and splits it by writer."""
import hashlib
import html
import math
import os
import re

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
CLASSES = DIGITS + UPPER + LOWER + SYMBOLS  # output index -> character

CHARSETS = {
    "digits": DIGITS,
    "upper": UPPER,
    "lower": LOWER,
    "alpha": UPPER + LOWER,
    "alnum": DIGITS + UPPER + LOWER,
    "email": LOWER + DIGITS + "@.-_",
    "all": CLASSES,
}

VAL_PERCENT = 15

# Characters that can honestly be written as one straight line.
STRAIGHT_OK = set("1Iil|/\\-_'`,.!")


def is_fragment(truth, strokes):
    """True for a segmentation fragment: one straight stroke labelled as a letter or
    digit that cannot be drawn as one straight line (UNIPEN's IBM files, among others,
    hold multi-stroke characters cut into one sample per stroke: a lone bar labelled
    4, B or N). Decided from the ink and the label only, never from a model; the same
    rule is in app/recognition (fragment.cpp) for `plumectl eval --skip-fragments`.

    Straight: the chord from first to last point spans >= 80 % of the larger side of the
    bounding box, no point is farther than 12 % of the chord from it, and the path is at
    most 1.25 x the chord (a flat cursive n is not straight)."""
    if len(strokes) != 1 or truth in STRAIGHT_OK or truth not in DIGITS + UPPER + LOWER:
        return False
    pts = strokes[0]
    if len(pts) < 2:
        return False
    ax, ay = pts[0]
    bx, by = pts[-1]
    chord = math.hypot(bx - ax, by - ay)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    ext = max(max(xs) - min(xs), max(ys) - min(ys))
    if chord == 0 or chord < 0.8 * ext:
        return False
    nx, ny = (bx - ax) / chord, (by - ay) / chord
    dev = max(abs((x - ax) * ny - (y - ay) * nx) for x, y in pts)
    path = sum(math.hypot(pts[k + 1][0] - pts[k][0], pts[k + 1][1] - pts[k][1])
               for k in range(len(pts) - 1))
    return dev <= 0.12 * chord and path <= 1.25 * chord


def charset_for_truth(c):
    """The charset `plumectl eval` uses when --charset is not given."""
    if c in DIGITS:
        return "digits"
    if c in UPPER:
        return "upper"
    if c in LOWER:
        return "lower"
    return "all"


def is_val_writer(writer):
    """Fixed writer split: md5 of the writer key, ~15 % of writers for validation."""
    h = int(hashlib.md5(writer.encode("utf-8")).hexdigest()[:8], 16)
    return h % 100 < VAL_PERCENT


_group = re.compile(r"<traceGroup>(.*?)</traceGroup>", re.S)
_truth = re.compile(r'<annotation type="truth">(.*?)</annotation>', re.S)
_trace = re.compile(r"<trace>(.*?)</trace>", re.S)
_writer = re.compile(r'<annotation type="writer">(.*?)</annotation>')


def read_file(path):
    text = open(path, encoding="utf-8").read()
    m = _writer.search(text)
    writer = html.unescape(m.group(1)) if m else os.path.splitext(os.path.basename(path))[0]
    out = []
    for g in _group.finditer(text):
        body = g.group(1)
        t = _truth.search(body)
        if not t:
            continue
        truth = html.unescape(t.group(1))
        strokes = []
        for tr in _trace.finditer(body):
            pts = [tuple(float(v) for v in p.split()[:2]) for p in tr.group(1).split(",") if p.strip()]
            if pts:
                strokes.append(pts)
        out.append((truth, strokes))
    return writer, out


def load(data_dir, use_pendigits=True):
    """Returns list of (truth, strokes, writer, source) for every sample."""
    samples = []
    for cat in ("1a", "1b", "1c", "1d"):
        d = os.path.join(data_dir, "unipen", cat)
        for f in sorted(os.listdir(d)):
            if not f.endswith(".inkml"):
                continue
            writer, groups = read_file(os.path.join(d, f))
            for truth, strokes in groups:
                samples.append((truth, strokes, writer, cat))
    if use_pendigits:
        p = os.path.join(data_dir, "pendigits", "pendigits-tra.inkml")
        if os.path.exists(p):
            _, groups = read_file(p)
            for truth, strokes in groups:
                samples.append((truth, strokes, "pendigits", "pendigits"))
    return samples
