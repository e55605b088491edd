# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Hand-made strokes (not from any data set) used to check that the C++ preprocessing and
the ONNX model under OpenCV give what Python gives."""
import math

def _circle(cx, cy, r, n, a0=0.0):
    return [(cx + r * math.cos(a0 + 2 * math.pi * k / n), cy + r * math.sin(a0 + 2 * math.pi * k / n))
            for k in range(n + 1)]

CASES = {
    # a "7" in pen-tablet units with negative coordinates
    "seven": [[(100, -500), (160, -500), (190, -502), (150, -440), (120, -380), (105, -330)]],
    # a "+" with two strokes (pen-up jump between them)
    "plus": [[(0, 50), (25, 50), (50, 50), (75, 50), (100, 50)], [(50, 0), (50, 33), (50, 66), (50, 100)]],
    # an "o" drawn counter-clockwise with many points
    "circle": [_circle(10.0, 10.0, 4.0, 40, 0.3)],
    # "i": a stem and a dot (one-point stroke), tall and thin
    "i_dot": [[(5, 20), (5.2, 30), (5.1, 40), (5.3, 50)], [(5.2, 8)]],
    # a single dot
    "dot": [[(3.0, 4.0)]],
    # an "A" in three strokes with repeated points and a tiny jitter
    "A": [[(0, 100), (12, 60), (12, 60), (25, 20), (30, 0)], [(30, 0), (40, 30), (50, 60), (61, 100)],
          [(10.5, 62.25), (30.75, 61.5), (52.125, 62)]],
}
