"""Reads the InkML training data in place (../shared/data) and splits it by writer."""
import hashlib
import html
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
