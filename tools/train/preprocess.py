# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Plume character preprocessing (reference implementation).

This module is the single definition of the recogniser's input features. The C++
implementation in app/recognition/preprocess.cpp performs the same arithmetic (double
precision, results stored as float32); tests/recognition compares both on hand-made
strokes (tools/train/make_reference.py writes the reference tensors).

Features of one character (a list of strokes, each an (n, 2) array of x, y, y down):
  img  float32 [4, 32, 32]: ink, direction x, direction y, pen-up jumps
  traj float32 [5, 1, 64]:  x, y, dx, dy, pen-up flag of 64 points resampled by arc
                            length along the whole path (pen-up jumps included)

Steps:
 1. Drop empty strokes. Bounding box of all points; size = max(w, h) (1 if 0);
    scale = BOX / size; X = (x - cx) * scale + G/2, Y likewise (pixel units, pixel
    (i, j) has its centre at (j + 0.5, i + 0.5)).
 2. Simplify each stroke: keep the first point, then each point at distance >= MIN_STEP
    from the last kept one, and always the last point.
 3. Raster: for every pixel centre p and pen-down segment a-b, d = distance(p, [a, b]),
    v = max(0, 1 - d / RADIUS). ink = max v; dirx/diry = sum v * unit(b - a), clamped to
    [-1, 1]; a one-point stroke is a zero-length segment. Pen-up channel: max v over the
    segments from each stroke's last point to the next stroke's first point.
 4. Trajectory: the path is the simplified strokes joined by pen-up segments; arc length
    S; L points at s_k = S * k / (L - 1); the point lies on the first segment j whose end
    cumulative length >= s_k. Features: (X - G/2) / (BOX/2), same for Y, dx = (X_{k+1} -
    X_k) / step with step = S / (L - 1) (0 when S == 0; last point repeats the previous
    dx, dy), pen-up flag of segment j.
"""
import numpy as np

GRID = 32
BOX = 26.0
MIN_STEP = 1.0
RADIUS = 1.5
TRAJ_LEN = 64
IMG_CHANNELS = 4
TRAJ_CHANNELS = 5
VERSION = "plume-prep-1"

PARAMS = {
    "version": VERSION,
    "grid": GRID,
    "box": BOX,
    "min_step": MIN_STEP,
    "radius": RADIUS,
    "traj_len": TRAJ_LEN,
    "img_channels": IMG_CHANNELS,
    "traj_channels": TRAJ_CHANNELS,
}

_ys, _xs = np.meshgrid(np.arange(GRID, dtype=np.float64) + 0.5,
                       np.arange(GRID, dtype=np.float64) + 0.5, indexing="ij")
_PX = _xs.reshape(-1)
_PY = _ys.reshape(-1)


def normalise(strokes):
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes]
    strokes = [s for s in strokes if len(s) > 0]
    if not strokes:
        return []
    allp = np.concatenate(strokes)
    minx, maxx = allp[:, 0].min(), allp[:, 0].max()
    miny, maxy = allp[:, 1].min(), allp[:, 1].max()
    size = max(maxx - minx, maxy - miny)
    if size <= 0:
        size = 1.0
    scale = BOX / size
    cx = (minx + maxx) * 0.5
    cy = (miny + maxy) * 0.5
    out = []
    for s in strokes:
        X = (s[:, 0] - cx) * scale + GRID * 0.5
        Y = (s[:, 1] - cy) * scale + GRID * 0.5
        out.append(simplify(np.stack([X, Y], axis=1)))
    return out


def simplify(p):
    keep = [0]
    lx, ly = p[0]
    n = len(p)
    for i in range(1, n):
        dx = p[i, 0] - lx
        dy = p[i, 1] - ly
        if np.sqrt(dx * dx + dy * dy) >= MIN_STEP:
            keep.append(i)
            lx, ly = p[i]
    if keep[-1] != n - 1:
        keep.append(n - 1)
    return p[keep]


def _seg_values(ax, ay, bx, by):
    """v[nseg, npix] for segments a-b (arrays)."""
    ex = (bx - ax)[:, None]
    ey = (by - ay)[:, None]
    l2 = ex * ex + ey * ey
    wx = _PX[None, :] - ax[:, None]
    wy = _PY[None, :] - ay[:, None]
    safe = np.where(l2 > 1e-12, l2, 1.0)
    t = np.where(l2 > 1e-12, (wx * ex + wy * ey) / safe, 0.0)
    t = np.clip(t, 0.0, 1.0)
    qx = wx - t * ex
    qy = wy - t * ey
    d = np.sqrt(qx * qx + qy * qy)
    return np.maximum(0.0, 1.0 - d / RADIUS), ex[:, 0], ey[:, 0], l2[:, 0]


def features(strokes):
    """Returns (img [4,32,32] float32, traj [5,1,64] float32)."""
    img = np.zeros((IMG_CHANNELS, GRID * GRID), dtype=np.float64)
    traj = np.zeros((TRAJ_CHANNELS, 1, TRAJ_LEN), dtype=np.float32)
    pts = normalise(strokes)
    if not pts:
        return img.reshape(IMG_CHANNELS, GRID, GRID).astype(np.float32), traj
    # pen-down segments
    A, B = [], []
    for s in pts:
        if len(s) == 1:
            A.append(s[0:1])
            B.append(s[0:1])
        else:
            A.append(s[:-1])
            B.append(s[1:])
    A = np.concatenate(A)
    B = np.concatenate(B)
    v, ex, ey, l2 = _seg_values(A[:, 0], A[:, 1], B[:, 0], B[:, 1])
    img[0] = v.max(axis=0)
    ln = np.sqrt(l2)
    ux = np.where(ln > 1e-6, ex / np.where(ln > 1e-6, ln, 1.0), 0.0)
    uy = np.where(ln > 1e-6, ey / np.where(ln > 1e-6, ln, 1.0), 0.0)
    # sequential sums (same order as C++)
    dx = np.zeros(GRID * GRID)
    dy = np.zeros(GRID * GRID)
    for k in range(len(ux)):
        dx += v[k] * ux[k]
        dy += v[k] * uy[k]
    img[1] = np.clip(dx, -1.0, 1.0)
    img[2] = np.clip(dy, -1.0, 1.0)
    if len(pts) > 1:
        ua = np.array([s[-1] for s in pts[:-1]])
        ub = np.array([s[0] for s in pts[1:]])
        vu, _, _, _ = _seg_values(ua[:, 0], ua[:, 1], ub[:, 0], ub[:, 1])
        img[3] = vu.max(axis=0)
    img = img.reshape(IMG_CHANNELS, GRID, GRID).astype(np.float32)

    # trajectory
    P = np.concatenate(pts)
    up = np.zeros(len(P), dtype=bool)  # segment arriving at point i is a pen-up jump
    o = 0
    for i, s in enumerate(pts):
        if i > 0:
            up[o] = True
        o += len(s)
    n = len(P)
    seglen = np.zeros(max(n - 1, 0))
    for i in range(n - 1):
        ddx = P[i + 1, 0] - P[i, 0]
        ddy = P[i + 1, 1] - P[i, 1]
        seglen[i] = np.sqrt(ddx * ddx + ddy * ddy)
    cum = np.zeros(n)
    acc = 0.0
    for i in range(n - 1):
        acc += seglen[i]
        cum[i + 1] = acc
    S = acc
    L = TRAJ_LEN
    half = GRID * 0.5
    hb = BOX * 0.5
    X = np.zeros(L)
    Y = np.zeros(L)
    F = np.zeros(L)
    if n == 1 or S <= 0:
        X[:] = P[0, 0]
        Y[:] = P[0, 1]
    else:
        j = 0
        for k in range(L):
            sk = S * k / (L - 1)
            while j < n - 2 and cum[j + 1] < sk:
                j += 1
            t = 0.0
            if seglen[j] > 0:
                t = (sk - cum[j]) / seglen[j]
                t = min(max(t, 0.0), 1.0)
            X[k] = P[j, 0] + t * (P[j + 1, 0] - P[j, 0])
            Y[k] = P[j, 1] + t * (P[j + 1, 1] - P[j, 1])
            F[k] = 1.0 if up[j + 1] else 0.0
    traj[0, 0] = ((X - half) / hb).astype(np.float32)
    traj[1, 0] = ((Y - half) / hb).astype(np.float32)
    if S > 0 and n > 1:
        step = S / (L - 1)
        ddx = (X[1:] - X[:-1]) / step
        ddy = (Y[1:] - Y[:-1]) / step
        traj[2, 0, :-1] = ddx.astype(np.float32)
        traj[3, 0, :-1] = ddy.astype(np.float32)
        traj[2, 0, -1] = traj[2, 0, -2]
        traj[3, 0, -1] = traj[3, 0, -2]
    traj[4, 0] = F.astype(np.float32)
    return img, traj
