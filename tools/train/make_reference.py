#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Writes tests/recognition/data/prep_reference.json: features of reference_cases.CASES
computed by preprocess.py (non-zero entries only), for tst_preprocess."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import preprocess  # noqa: E402
from reference_cases import CASES  # noqa: E402


def sparse(a):
    flat = a.reshape(-1)
    return [[int(i), round(float(flat[i]), 7)] for i in range(len(flat)) if flat[i] != 0]


def main():
    out = {"version": preprocess.VERSION, "cases": []}
    for name, strokes in CASES.items():
        img, traj = preprocess.features(strokes)
        out["cases"].append({"name": name, "strokes": strokes, "img": sparse(img), "traj": sparse(traj)})
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "recognition", "data", "prep_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
