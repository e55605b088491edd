#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""How hard is the validation split? Scores one recipe on several writer folds.

    /usr/bin/python3 tools/train/writer_folds.py --charset digits            # 1-NN and CNN
    /usr/bin/python3 tools/train/writer_folds.py --charset upper --method nn1

The committed model is scored on one fold of writers (data.is_val_writer: md5 bucket
0-14). With 27 writers, a single writer moves the digit score by more than a point, so
this script repeats a quick recipe on the folds [0,15), [15,30), ... [75,90) of the same
md5 buckets (fold 0 is the real validation split) to show how much of a gap to a goal
is the split and how much is the model:

- nn1: 1-nearest-neighbour on the resampled trajectory (x, y of the 64 points of
  preprocess.features), the first baseline named in issue 5;
- cnn: one member of train.Net trained on this charset only, 8 epochs, no augmentation,
  fragments (data.is_fragment) left out of training.

For analysis only: nothing here is used to choose the committed model or its split.
pendigits (no per-sample writer) is training data, unless --pendigits-val F puts a fixed
random fraction F of it into every fold's validation as well. That is not a writer
split (pendigits' 30 writers are then on both sides): it only shows how far a protocol
that mixes pendigits into the digit test set moves the numbers, since issue 5's digit
figures are about 2.5 points above what this data gives for its own baselines.
"""
import argparse
import collections
import hashlib
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import preprocess  # noqa: E402
import train  # noqa: E402


def bucket(writer):
    return int(hashlib.md5(writer.encode("utf-8")).hexdigest()[:8], 16) % 100


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--charset", default="digits", choices=["digits", "upper", "lower"])
    ap.add_argument("--method", default="both", choices=["nn1", "cnn", "both"])
    ap.add_argument("--folds", default="0,1,2,3,4,5")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cache", default="/tmp/plume-train-cache")
    ap.add_argument("--pendigits-val", type=float, default=0.0,
                    help="fraction of pendigits added to every fold's validation (not a writer split)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    cs = data.CHARSETS[args.charset]
    samples = [s for s in data.load(args.data) if len(s[0]) == 1 and s[0] in cs and s[1]]
    key = hashlib.md5((preprocess.VERSION + args.charset + str(len(samples))).encode()).hexdigest()[:10]
    path = os.path.join(args.cache, f"folds-{key}.npz")
    if os.path.exists(path):
        z = np.load(path)
        img, traj = z["img"], z["traj"]
    else:
        os.makedirs(args.cache, exist_ok=True)
        img, traj = train.featurise([s[1] for s in samples], None, procs=args.threads)
        np.savez(path, img=img, traj=traj)
    y = np.array([data.CLASSES.index(s[0]) for s in samples])
    hv = np.array([-1 if s[2] == "pendigits" else bucket(s[2]) for s in samples])
    penval = (hv < 0) & (np.random.default_rng(0).uniform(size=len(samples)) < args.pendigits_val)
    frag = np.array([data.is_fragment(s[0], s[1]) for s in samples])
    mask = torch.full((len(data.CLASSES),), -1e4)
    for c in cs:
        mask[data.CLASSES.index(c)] = 0
    xy = traj[:, :2, 0, :].reshape(len(samples), -1).astype(np.float32)

    methods = ["nn1", "cnn"] if args.method == "both" else [args.method]
    pooled = collections.defaultdict(lambda: [0, 0])
    for f in (int(v) for v in args.folds.split(",")):
        lo, hi = 15 * f, 15 * f + 15
        v = ((hv >= lo) & (hv < hi)) | penval
        vi = np.where(v)[0]
        writers = len(set(samples[i][2] for i in vi))
        for method in methods:
            t0 = time.time()
            if method == "nn1":
                ti = np.where(~v)[0]
                a = xy[ti]
                a2 = (a * a).sum(1)
                pred = np.concatenate([ti[(a2[None, :] - 2 * xy[vi[k:k + 256]] @ a.T).argmin(1)]
                                       for k in range(0, len(vi), 256)])
                ok = y[pred] == y[vi]
            else:
                ti = np.where(~v & ~frag)[0]
                torch.manual_seed(1)
                rng = np.random.default_rng(1)
                net = train.Net()
                bs = 128
                opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
                sched = torch.optim.lr_scheduler.OneCycleLR(
                    opt, max_lr=3e-3, total_steps=args.epochs * math.ceil(len(ti) / bs), pct_start=0.15)
                yt = torch.from_numpy(y)
                for _ in range(args.epochs):
                    net.train()
                    perm = ti[rng.permutation(len(ti))]
                    for k in range(0, len(perm), bs):
                        b = np.sort(perm[k:k + bs])
                        z = net(torch.from_numpy(img[b].astype(np.float32)),
                                torch.from_numpy(traj[b].astype(np.float32)))
                        loss = F.cross_entropy(z + mask, yt[b])
                        opt.zero_grad()
                        loss.backward()
                        opt.step()
                        sched.step()
                lv = train.predict(net, img[vi], traj[vi]) + mask.numpy()
                ok = lv.argmax(1) == y[vi]
            pooled[method][0] += int(ok.sum())
            pooled[method][1] += len(vi)
            worst = collections.Counter(samples[vi[i]][2] for i in np.where(~ok)[0]).most_common(2)
            if penval.any():
                pv = hv[vi] < 0
                pooled[method + " unipen"][0] += int(ok[~pv].sum())
                pooled[method + " unipen"][1] += int((~pv).sum())
                print(f"fold {f} {method}: unipen writers={ok[~pv].mean():.4f} n={int((~pv).sum())} "
                      f"pendigits={ok[pv].mean():.4f} n={int(pv.sum())}", flush=True)
            print(f"fold {f} buckets [{lo},{hi}) {method}: accuracy={ok.mean():.4f} n={len(vi)} "
                  f"writers={writers} errors={int((~ok).sum())} fragments={int(frag[vi].sum())} "
                  f"without_fragments={ok[~frag[vi]].mean():.4f} worst_writers={worst} "
                  f"({time.time() - t0:.0f} s)", flush=True)
    for method, (good, n) in pooled.items():
        print(f"pooled {method}: accuracy={good / n:.4f} n={n}", flush=True)


if __name__ == "__main__":
    main()
