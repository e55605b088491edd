#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
"""Trains Plume's boxed-character recogniser and exports it to ONNX.

    /usr/bin/python3 tools/train/train.py --data ../shared/data --out resources/models/

Reproducible: fixed seeds, fixed writer split (data.is_val_writer), 2 torch threads.
Writes <out>/plume-chars.onnx, plume-chars.json (sidecar) and prints the numbers that go
into MODEL_CARD.md (also written to <out>/training-report.json).
"""
import argparse
import hashlib
import json
import math
import multiprocessing as mp
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import preprocess  # noqa: E402

MODEL_NAME = "plume-chars"
NCLS = len(data.CLASSES)
GROUPS = ["digits", "upper", "lower", "all"]


# ---------------------------------------------------------------- augmentation

def elastic(p, ext, waves):
    """A smooth random displacement: a sum of low-frequency plane waves (one to two
    cycles across the character) per axis, amplitude up to amp x the extent."""
    d = np.zeros_like(p)
    for ax, (k, phase, a) in enumerate(waves):
        d[:, ax] = a * ext * np.sin(2 * np.pi * (p @ k) / ext + phase)
    return p + d


def draw_waves(rng, amp):
    out = []
    for _ in range(2):
        ang = rng.uniform(0, 2 * np.pi)
        f = rng.uniform(0.5, 1.5)
        out.append((f * np.array([math.cos(ang), math.sin(ang)]), rng.uniform(0, 2 * np.pi),
                    rng.uniform(0, amp)))
    return out


def stroke_shift(out, rng, shift, ext):
    """Stroke-level augmentation: each stroke of a multi-stroke character moved by a
    small random offset and scaled around its own centre (writers place the bar of a
    t or the arms of an E differently)."""
    if len(out) < 2:
        return out
    res = []
    for p in out:
        c = p.mean(axis=0)
        s = rng.uniform(1 - shift, 1 + shift)
        res.append((p - c) * s + c + rng.normal(0, shift * ext, 2))
    return res


def augment(strokes, rng, order_p=0.0, elastic_amp=0.0, shift=0.0):
    """Random affine (rotation, slant, anisotropic scale) plus small jitter. With
    order_p > 0, also stroke order and direction: a multi-stroke character has its
    strokes shuffled with probability order_p, and each stroke is drawn backwards with
    probability order_p / 2 (writers differ in both: the ink channel stays the same, the
    direction, pen-up and trajectory features change)."""
    a = math.radians(rng.uniform(-8, 8))
    sh = rng.uniform(-0.3, 0.3)
    sx = rng.uniform(0.8, 1.2)
    sy = rng.uniform(0.8, 1.2)
    ca, sa = math.cos(a), math.sin(a)
    m = np.array([[ca, -sa], [sa, ca]]) @ np.array([[1.0, sh], [0.0, 1.0]]) @ np.diag([sx, sy])
    allp = np.concatenate([np.asarray(s, dtype=np.float64) for s in strokes])
    ext = max(np.ptp(allp[:, 0]), np.ptp(allp[:, 1]), 1e-6)
    out = []
    for s in strokes:
        p = np.asarray(s, dtype=np.float64) @ m.T
        p = p + rng.normal(0, 0.006 * ext, p.shape)
        out.append(p)
    if elastic_amp > 0:
        waves = draw_waves(rng, elastic_amp)
        out = [elastic(p, ext, waves) for p in out]
    if shift > 0:
        out = stroke_shift(out, rng, shift, ext)
    if order_p > 0:
        if len(out) > 1 and rng.uniform() < order_p:
            out = [out[i] for i in rng.permutation(len(out))]
        out = [p[::-1].copy() if rng.uniform() < order_p / 2 else p for p in out]
    return out


def _feat_job(args):
    items, aug_seed, order_p, elastic_amp, shift = args
    rng = np.random.default_rng(aug_seed) if aug_seed is not None else None
    imgs = np.zeros((len(items), 4, 32, 32), dtype=np.float16)
    trajs = np.zeros((len(items), 5, 1, 64), dtype=np.float16)
    for i, strokes in enumerate(items):
        if rng is not None:
            strokes = augment(strokes, rng, order_p, elastic_amp, shift)
        a, b = preprocess.features(strokes)
        imgs[i] = a
        trajs[i] = b
    return imgs, trajs


def featurise(stroke_list, aug_seed, procs=2, chunk=2000, order_p=0.0, elastic_amp=0.0, shift=0.0):
    jobs = []
    for k in range(0, len(stroke_list), chunk):
        seed = None if aug_seed is None else aug_seed * 100003 + k
        jobs.append((stroke_list[k:k + chunk], seed, order_p, elastic_amp, shift))
    with mp.Pool(procs) as pool:
        parts = pool.map(_feat_job, jobs)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


# ---------------------------------------------------------------- model

def conv_bn(cin, cout, k, pad):
    """Convolution, batch normalisation (folded into the convolution at export), ReLU."""
    return [nn.Conv2d(cin, cout, k, padding=pad), nn.BatchNorm2d(cout), nn.ReLU()]


class Net(nn.Module):
    """Image CNN (ink + direction + pen-up channels) and a trajectory CNN, fused."""

    def __init__(self, width=32, traj_width=32):
        """width: channels of the two 16x16 convolutions of the image branch (the
        costliest layers: 32 in the committed model). traj_width: channels of the first
        trajectory convolution (the others are 1.5x and 2x it; 32 in the committed model),
        cheap 1-D layers on 64 points."""
        super().__init__()
        t1, t2, t3 = traj_width, traj_width * 3 // 2, traj_width * 2
        self.img = nn.Sequential(
            *conv_bn(4, 16, 3, 1),
            nn.MaxPool2d(2),  # 16
            *conv_bn(16, width, 3, 1),
            *conv_bn(width, width, 3, 1),
            nn.MaxPool2d(2),  # 8
            *conv_bn(width, 64, 3, 1),
            nn.MaxPool2d(2),  # 4
        )
        self.img_fc = nn.Linear(64 * 16, 128)
        self.traj = nn.Sequential(
            *conv_bn(5, t1, (1, 5), (0, 2)),
            *conv_bn(t1, t2, (1, 5), (0, 2)),
            nn.MaxPool2d((1, 2)),  # 32
            *conv_bn(t2, t3, (1, 5), (0, 2)),
            nn.MaxPool2d((1, 2)),  # 16
            *conv_bn(t3, t3, (1, 3), (0, 1)),
            nn.MaxPool2d((1, 2)),  # 8
        )
        self.traj_fc = nn.Linear(t3 * 8, 96)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(128 + 96, NCLS)

    def forward(self, img, traj):
        a = F.relu(self.img_fc(torch.flatten(self.img(img), 1)))
        b = F.relu(self.traj_fc(torch.flatten(self.traj(traj), 1)))
        return self.out(self.drop(torch.cat([a, b], 1)))


class Ensemble(nn.Module):
    def __init__(self, nets):
        super().__init__()
        self.nets = nn.ModuleList(nets)

    def forward(self, img, traj):
        z = self.nets[0](img, traj)
        for n in self.nets[1:]:
            z = z + n(img, traj)
        return z * (1.0 / len(self.nets))


# ---------------------------------------------------------------- helpers

def group_masks():
    m = np.full((len(GROUPS), NCLS), -1e4, dtype=np.float32)
    for gi, g in enumerate(GROUPS):
        for c in data.CHARSETS[g]:
            m[gi, data.CLASSES.index(c)] = 0.0
    return torch.from_numpy(m)


def predict(model, imgs, trajs, bs=512):
    model.eval()
    out = []
    with torch.no_grad():
        for k in range(0, len(imgs), bs):
            a = torch.from_numpy(imgs[k:k + bs].astype(np.float32))
            b = torch.from_numpy(trajs[k:k + bs].astype(np.float32))
            out.append(model(a, b).numpy())
    return np.concatenate(out)


def restricted_probs(logits, groups, T):
    masks = group_masks().numpy()
    z = logits / T + masks[groups]
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(logits, groups, labels):
    best = (1e9, 1.0)
    for T in np.arange(0.5, 3.01, 0.02):
        p = restricted_probs(logits, groups, T)
        nll = -np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-12))
        if nll < best[0]:
            best = (nll, float(T))
    return best[1], float(best[0])


def threshold_for_recall(conf, wrong, recall=0.95):
    """A threshold t such that >= recall of the wrong readings have conf < t: halfway
    between the k-th wrong confidence and the next larger confidence of any reading, so
    that float32 (here) and double (C++) probabilities fall on the same side of it."""
    conf = np.asarray(conf, dtype=np.float64)
    c = np.sort(conf[wrong])
    if len(c) == 0:
        return 0.5
    k = int(math.ceil(recall * len(c) - 1e-9)) - 1  # 0.95 * 60 is 57.000000000000007
    above = conf[conf > c[k]]
    if len(above) == 0:
        return float(np.nextafter(c[k], 2.0))
    return float((c[k] + above.min()) / 2)


def simulate_fields(probs, labels, idx_pool, length, n, rng):
    """Field readings made of `length` val characters: (confidence, wrong)."""
    conf = np.zeros(n)
    wrong = np.zeros(n, dtype=bool)
    top = probs.max(axis=1)
    ok = probs.argmax(axis=1) == labels
    for i in range(n):
        pick = rng.choice(idx_pool, length)
        conf[i] = np.prod(top[pick])
        wrong[i] = not ok[pick].all()
    return conf, wrong


def teacher_logits(onnx_path, imgs, trajs, bs=256):
    """Logits of an exported model (the teacher, read through OpenCV DNN as the
    application reads it) for distillation: Debian's python3-opencv."""
    import cv2  # only needed with --teacher
    cv2.setNumThreads(1)
    net = cv2.dnn.readNetFromONNX(onnx_path)
    out = []
    for k in range(0, len(imgs), bs):
        net.setInput(np.ascontiguousarray(imgs[k:k + bs], dtype=np.float32), "img")
        net.setInput(np.ascontiguousarray(trajs[k:k + bs], dtype=np.float32), "traj")
        out.append(net.forward("logits").astype(np.float32))
    return np.concatenate(out)


def kd_loss(z, zt, tau):
    """Distillation: KL divergence from the teacher's softened distribution, tau^2-scaled."""
    return F.kl_div(F.log_softmax(z / tau, 1), F.softmax(zt / tau, 1), reduction="batchmean") * tau * tau


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="resources/models/")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--members", type=int, default=2, help="ensemble size")
    ap.add_argument("--aug-copies", type=int, default=2)
    ap.add_argument("--order-aug", type=float, default=0.3,
                    help="stroke order/direction augmentation probability (see augment)")
    ap.add_argument("--elastic", type=float, default=0.0,
                    help="elastic distortion amplitude, fraction of the extent (see elastic)")
    ap.add_argument("--stroke-shift", type=float, default=0.0,
                    help="stroke-level offset and scale, fraction of the extent (see stroke_shift)")
    ap.add_argument("--img-width", type=int, default=32,
                    help="channels of the image branch's 16x16 convolutions (see Net)")
    ap.add_argument("--traj-width", type=int, default=32,
                    help="channels of the first trajectory convolution (see Net)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cache", default="/tmp/plume-train-cache")
    ap.add_argument("--init", default="", help="start from this state dict (fine-tuning)")
    ap.add_argument("--calibrate-only", action="store_true",
                    help="with --init: no training, only calibration, thresholds and export")
    ap.add_argument("--max-lr", type=float, default=3e-3)
    ap.add_argument("--limit", type=int, default=0, help="debug: use only N training samples")
    ap.add_argument("--teacher", default="",
                    help="distil from this exported model (an ONNX with the same inputs)")
    ap.add_argument("--kd-weight", type=float, default=0.5,
                    help="with --teacher: share of the distillation term in the loss")
    ap.add_argument("--kd-temp", type=float, default=2.0, help="with --teacher: softening temperature")
    args = ap.parse_args()

    t0 = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    rng = np.random.default_rng(args.seed)

    samples = data.load(args.data)
    samples = [s for s in samples if len(s[0]) == 1 and s[0] in data.CLASSES and s[1]]
    val = [s for s in samples if s[2] != "pendigits" and data.is_val_writer(s[2])]
    train = [s for s in samples if not (s[2] != "pendigits" and data.is_val_writer(s[2]))]
    if args.limit:
        train = [train[i] for i in rng.permutation(len(train))[:args.limit]]
    print(f"train {len(train)} samples, val {len(val)} samples "
          f"({len(set(s[2] for s in val))} writers)", flush=True)

    os.makedirs(args.cache, exist_ok=True)
    key = hashlib.md5((preprocess.VERSION + str(len(train)) + str(len(val)) + str(args.limit)
                       + str(args.seed)).encode()).hexdigest()[:10]

    # Augmented copies also depend on the augmentation settings.
    aug_tag = f"order{args.order_aug}" if args.order_aug else ""
    if args.elastic or args.stroke_shift:
        aug_tag += f"elastic{args.elastic}shift{args.stroke_shift}"
    aug_key = key if not aug_tag else hashlib.md5((key + aug_tag).encode()).hexdigest()[:10]

    def cached(name, items, aug_seed):
        path = os.path.join(args.cache, f"{key if aug_seed is None else aug_key}-{name}.npz")
        if os.path.exists(path):
            z = np.load(path)
            return z["img"], z["traj"]
        a, b = featurise([s[1] for s in items], aug_seed, procs=args.threads, order_p=args.order_aug,
                         elastic_amp=args.elastic, shift=args.stroke_shift)
        np.savez(path, img=a, traj=b)
        return a, b

    copies = [cached("train0", train, None)]
    for k in range(args.aug_copies):
        copies.append(cached(f"train-aug{k + 1}", train, args.seed + k + 1))
    vimg, vtraj = cached("val", val, None)
    print(f"features ready in {time.time() - t0:.0f} s", flush=True)

    # Segmentation fragments (data.is_fragment) are left out of training; features stay
    # cached for the whole list, so the filter is applied to the arrays.
    keep = np.array([not data.is_fragment(s[0], s[1]) for s in train])
    print(f"training on {int(keep.sum())} samples ({int((~keep).sum())} fragments left out)", flush=True)
    copies = [(a[keep], b[keep]) for a, b in copies]
    tlogits = [None] * len(copies)
    if args.teacher and not args.calibrate_only:  # only training reads them
        tkey = hashlib.md5(open(args.teacher, "rb").read()).hexdigest()[:10]
        for ci, (a, b) in enumerate(copies):
            path = os.path.join(args.cache, f"{aug_key if ci else key}-c{ci}-teacher-{tkey}.npy")
            if not os.path.exists(path):
                np.save(path, teacher_logits(args.teacher, a, b))
            tlogits[ci] = torch.from_numpy(np.load(path))
        print(f"teacher logits ready in {time.time() - t0:.0f} s", flush=True)
    train = [s for s, k in zip(train, keep) if k]
    ytr = np.array([data.CLASSES.index(s[0]) for s in train])
    gtr = np.array([GROUPS.index(data.charset_for_truth(s[0])) for s in train])
    yva = np.array([data.CLASSES.index(s[0]) for s in val])
    gva = np.array([GROUPS.index(data.charset_for_truth(s[0])) for s in val])
    masks = group_masks()

    nets = []
    bs = 128
    for m in range(args.members):
        torch.manual_seed(args.seed + 1000 * m)
        net = Net(args.img_width, args.traj_width)
        if args.init:
            state = torch.load(args.init)
            # an Ensemble state dict: nets.<m>.<param>
            net.load_state_dict({k.split(".", 2)[2]: v for k, v in state.items()
                                 if k.startswith(f"nets.{m}.")})
        opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
        steps = max(1, args.epochs * int(math.ceil(len(ytr) / bs)))
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.max_lr, total_steps=steps, pct_start=0.15)
        for ep in range(0 if args.calibrate_only else args.epochs):
            net.train()
            te = time.time()
            ci = (ep + m) % len(copies)
            cimg, ctraj = copies[ci]
            perm = rng.permutation(len(ytr))
            tot, nb = 0.0, 0
            for k in range(0, len(perm), bs):
                idx = np.sort(perm[k:k + bs])
                a = torch.from_numpy(cimg[idx].astype(np.float32))
                b = torch.from_numpy(ctraj[idx].astype(np.float32))
                y = torch.from_numpy(ytr[idx])
                g = torch.from_numpy(gtr[idx])
                z = net(a, b)
                loss = F.cross_entropy(z + masks[g], y) + 0.5 * F.cross_entropy(z, y)
                if tlogits[ci] is not None:
                    w = args.kd_weight
                    loss = (1 - w) * loss + w * kd_loss(z, tlogits[ci][idx], args.kd_temp)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                tot += float(loss)
                nb += 1
            lv = predict(net, vimg, vtraj)
            acc = {}
            for gi, gname in enumerate(GROUPS):
                sel = gva == gi
                pr = (lv[sel] + masks.numpy()[gi]).argmax(1)
                acc[gname] = float((pr == yva[sel]).mean())
            print(f"member {m} epoch {ep + 1}/{args.epochs} loss {tot / nb:.4f} "
                  f"val " + " ".join(f"{k}={v:.4f}" for k, v in acc.items())
                  + f" ({time.time() - te:.0f} s)", flush=True)
        nets.append(net)

    model = Ensemble(nets).eval()
    logits = predict(model, vimg, vtraj)
    T, nll = fit_temperature(logits, gva, yva)
    probs = restricted_probs(logits, gva, T)
    pred = probs.argmax(1)
    correct = pred == yva
    acc = {g: float(correct[gva == gi].mean()) for gi, g in enumerate(GROUPS)}
    vfrag = np.array([data.is_fragment(s[0], s[1]) for s in val])
    acc_clean = {g: float(correct[(gva == gi) & ~vfrag].mean()) for gi, g in enumerate(GROUPS)}
    nfrag = {g: int(((gva == gi) & vfrag).sum()) for gi, g in enumerate(GROUPS)}
    nval = {g: int((gva == gi).sum()) for gi, g in enumerate(GROUPS)}
    top = probs.max(1).astype(np.float64)
    char_thr = threshold_for_recall(top, ~correct)
    char_flag_rate = float((top < char_thr).mean())
    # One character threshold per charset group: each catches >= 95 % of its own errors
    # (a single threshold is dominated by the many lowercase and symbol errors).
    char_thrs, char_rates, char_recalls = {}, {}, {}
    for gi, gname in enumerate(GROUPS):
        sel = gva == gi
        t = threshold_for_recall(top[sel], ~correct[sel])
        char_thrs[gname] = t
        char_rates[gname] = float((top[sel] < t).mean())
        char_recalls[gname] = float((top[sel][~correct[sel]] < t).mean()) if (~correct[sel]).any() else 1.0
    # field-level threshold on simulated fields of validation characters
    frng = np.random.default_rng(7)
    confs, wrongs, kinds = [], [], []
    for gname, length in (("digits", 5), ("digits", 10), ("upper", 8), ("lower", 8)):
        pool = np.where(gva == GROUPS.index(gname))[0]
        c, w = simulate_fields(probs, yva, pool, length, 4000, frng)
        confs.append(c)
        wrongs.append(w)
        kinds += [gname] * len(c)
    confs = np.concatenate(confs)
    wrongs = np.concatenate(wrongs)
    kinds = np.array(kinds)
    field_thr = threshold_for_recall(confs, wrongs)
    field_flag_rate = float((confs < field_thr).mean())
    field_err = float(wrongs.mean())
    # Per charset: >= 95 % of the wrong readings of each kind of field are flagged.
    field_thrs, field_rates, field_errs, field_recalls = {}, {}, {}, {}
    for gname in ("digits", "upper", "lower"):
        sel = kinds == gname
        t = threshold_for_recall(confs[sel], wrongs[sel])
        field_thrs[gname] = t
        field_rates[gname] = float((confs[sel] < t).mean())
        field_errs[gname] = float(wrongs[sel].mean())
        field_recalls[gname] = float((confs[sel][wrongs[sel]] < t).mean())

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, MODEL_NAME + ".onnx")
    dimg = torch.zeros(1, 4, 32, 32)
    dtraj = torch.zeros(1, 5, 1, 64)
    torch.onnx.export(model, (dimg, dtraj), onnx_path, input_names=["img", "traj"],
                      output_names=["logits"], opset_version=11, do_constant_folding=True)
    size = os.path.getsize(onnx_path)
    wtag = ("" if args.img_width == 32 else f"-w{args.img_width}") + (
        "" if args.traj_width == 32 else f"-t{args.traj_width}") + (f"-kd{args.kd_weight:g}" if args.teacher else "")
    torch.save(model.state_dict(), os.path.join(args.cache, f"{aug_key}-model-e{args.epochs}-m{args.members}{wtag}.pt"))
    # Logits of hand-made strokes, checked against OpenCV by tests/recognition.
    from reference_cases import CASES
    selftest = []
    for name, strokes in CASES.items():
        a, b = preprocess.features(strokes)
        with torch.no_grad():
            z = model(torch.from_numpy(a[None]), torch.from_numpy(b[None]))[0].numpy()
        selftest.append({"case": name, "logits": [round(float(v), 5) for v in z]})
    nparams = sum(p.numel() for p in model.parameters())
    version = f"{MODEL_NAME}-{time.strftime('%Y%m%d')}-s{args.seed}-e{args.epochs}-m{args.members}"
    if args.order_aug > 0:
        version += f"-o{args.order_aug:g}"
    if args.elastic or args.stroke_shift:
        version += f"-el{args.elastic:g}-sh{args.stroke_shift:g}-a{args.aug_copies}"
    if args.img_width != 32:
        version += f"-w{args.img_width}"
    if args.traj_width != 32:
        version += f"-t{args.traj_width}"
    if args.init and not args.calibrate_only:
        version += "-ft"
    if args.teacher:
        version += f"-kd{args.kd_weight:g}t{args.kd_temp:g}"
    sidecar = {
        "model_version": version,
        "onnx": MODEL_NAME + ".onnx",
        "inputs": {"img": [1, 4, 32, 32], "traj": [1, 5, 1, 64]},
        "output": "logits",
        "classes": list(data.CLASSES),
        "charsets": data.CHARSETS,
        "temperature": T,
        "char_flag_threshold": char_thr,
        "field_flag_threshold": field_thr,
        "char_flag_thresholds": char_thrs,
        "field_flag_thresholds": field_thrs,
        "preprocessing": preprocess.PARAMS,
        "selftest": selftest,
        "split": {"method": "md5(writer key)[:8] as hex int mod 100 < %d -> validation" % data.VAL_PERCENT,
                  "val_percent": data.VAL_PERCENT},
    }
    with open(os.path.join(args.out, MODEL_NAME + ".json"), "w") as f:
        json.dump(sidecar, f, indent=1, ensure_ascii=False)
    report = {
        "model_version": version,
        "train_samples": len(ytr), "val_samples": nval,
        "val_writers": len(set(s[2] for s in val)),
        "val_accuracy": acc,
        "val_accuracy_without_fragments": acc_clean, "val_fragments": nfrag,
        "temperature": T, "val_nll": nll,
        "char_flag_threshold": char_thr, "char_flag_rate": char_flag_rate,
        "field_flag_threshold": field_thr, "field_flag_rate": field_flag_rate,
        "field_error_rate": field_err,
        "char_flag_thresholds": char_thrs, "char_flag_rates": char_rates,
        "char_flagged_error_recall": char_recalls,
        "field_flag_thresholds": field_thrs, "field_flag_rates": field_rates,
        "field_error_rates": field_errs, "field_flagged_error_recall": field_recalls,
        "onnx_bytes": size, "parameters": int(nparams),
        "training_seconds": round(time.time() - t0),
        "epochs": args.epochs, "members": args.members, "aug_copies": args.aug_copies,
        "img_width": args.img_width, "traj_width": args.traj_width, "order_aug": args.order_aug, "elastic": args.elastic, "stroke_shift": args.stroke_shift,
        "seed": args.seed, "init": os.path.basename(args.init), "max_lr": args.max_lr,
        "teacher": os.path.basename(args.teacher), "kd_weight": args.kd_weight, "kd_temp": args.kd_temp,
    }
    with open(os.path.join(args.out, "training-report.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps(report, indent=1), flush=True)


if __name__ == "__main__":
    main()
