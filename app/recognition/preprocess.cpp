// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/preprocess.h"

#include <algorithm>
#include <cmath>

namespace plume::recognition {
namespace {

struct P
{
    double x, y;
};

std::vector<P> simplify(const std::vector<P> &p)
{
    std::vector<P> out;
    out.push_back(p.front());
    size_t last = 0;
    for (size_t i = 1; i < p.size(); ++i) {
        const double dx = p[i].x - p[last].x;
        const double dy = p[i].y - p[last].y;
        if (std::sqrt(dx * dx + dy * dy) >= kMinStep) {
            out.push_back(p[i]);
            last = i;
        }
    }
    if (last != p.size() - 1)
        out.push_back(p.back());
    return out;
}

struct Segment
{
    P a, b;
};

// Calls f(pixelIndex, v) for every pixel with v > 0 (others contribute exactly 0).
template <typename F> void forSegmentPixels(const Segment &s, F &&f)
{
    const double ex = s.b.x - s.a.x;
    const double ey = s.b.y - s.a.y;
    const double l2 = ex * ex + ey * ey;
    const int j0 = std::max(0, int(std::floor(std::min(s.a.x, s.b.x) - kRadius - 1)));
    const int j1 = std::min(kGrid - 1, int(std::ceil(std::max(s.a.x, s.b.x) + kRadius + 1)));
    const int i0 = std::max(0, int(std::floor(std::min(s.a.y, s.b.y) - kRadius - 1)));
    const int i1 = std::min(kGrid - 1, int(std::ceil(std::max(s.a.y, s.b.y) + kRadius + 1)));
    for (int i = i0; i <= i1; ++i) {
        const double py = i + 0.5;
        for (int j = j0; j <= j1; ++j) {
            const double px = j + 0.5;
            const double wx = px - s.a.x;
            const double wy = py - s.a.y;
            double t = l2 > 1e-12 ? (wx * ex + wy * ey) / l2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const double qx = wx - t * ex;
            const double qy = wy - t * ey;
            const double d = std::sqrt(qx * qx + qy * qy);
            const double v = std::max(0.0, 1.0 - d / kRadius);
            if (v > 0)
                f(i * kGrid + j, v);
        }
    }
}

} // namespace

Features computeFeatures(const std::vector<Polyline> &input)
{
    constexpr int N = kGrid * kGrid;
    Features out;
    out.img.assign(size_t(kImgChannels) * N, 0.0f);
    out.traj.assign(size_t(kTrajChannels) * kTrajLen, 0.0f);

    std::vector<std::vector<P>> strokes;
    double minx = 0, maxx = 0, miny = 0, maxy = 0;
    bool first = true;
    for (const Polyline &s : input) {
        if (s.empty())
            continue;
        std::vector<P> p;
        p.reserve(s.size());
        for (const auto &[x, y] : s) {
            p.push_back({x, y});
            if (first) {
                minx = maxx = x;
                miny = maxy = y;
                first = false;
            }
            minx = std::min(minx, x);
            maxx = std::max(maxx, x);
            miny = std::min(miny, y);
            maxy = std::max(maxy, y);
        }
        strokes.push_back(std::move(p));
    }
    if (strokes.empty())
        return out;
    double size = std::max(maxx - minx, maxy - miny);
    if (size <= 0)
        size = 1.0;
    const double scale = kBox / size;
    const double cx = (minx + maxx) * 0.5;
    const double cy = (miny + maxy) * 0.5;
    for (auto &s : strokes) {
        for (P &p : s) {
            p.x = (p.x - cx) * scale + kGrid * 0.5;
            p.y = (p.y - cy) * scale + kGrid * 0.5;
        }
        s = simplify(s);
    }

    // Raster.
    std::vector<double> ink(N, 0.0), dirx(N, 0.0), diry(N, 0.0), up(N, 0.0);
    for (const auto &s : strokes) {
        const size_t nseg = s.size() == 1 ? 1 : s.size() - 1;
        for (size_t k = 0; k < nseg; ++k) {
            const Segment seg{s[k], s.size() == 1 ? s[k] : s[k + 1]};
            const double ex = seg.b.x - seg.a.x;
            const double ey = seg.b.y - seg.a.y;
            const double ln = std::sqrt(ex * ex + ey * ey);
            const double ux = ln > 1e-6 ? ex / ln : 0.0;
            const double uy = ln > 1e-6 ? ey / ln : 0.0;
            forSegmentPixels(seg, [&](int p, double v) {
                ink[p] = std::max(ink[p], v);
                dirx[p] += v * ux;
                diry[p] += v * uy;
            });
        }
    }
    for (size_t k = 0; k + 1 < strokes.size(); ++k) {
        const Segment seg{strokes[k].back(), strokes[k + 1].front()};
        forSegmentPixels(seg, [&](int p, double v) { up[p] = std::max(up[p], v); });
    }
    for (int p = 0; p < N; ++p) {
        out.img[p] = float(ink[p]);
        out.img[N + p] = float(std::clamp(dirx[p], -1.0, 1.0));
        out.img[2 * N + p] = float(std::clamp(diry[p], -1.0, 1.0));
        out.img[3 * N + p] = float(up[p]);
    }

    // Trajectory.
    std::vector<P> pts;
    std::vector<char> penUp; // the segment arriving at point i is a pen-up jump
    for (size_t k = 0; k < strokes.size(); ++k) {
        for (size_t i = 0; i < strokes[k].size(); ++i) {
            pts.push_back(strokes[k][i]);
            penUp.push_back(k > 0 && i == 0);
        }
    }
    const size_t n = pts.size();
    std::vector<double> seglen(n > 1 ? n - 1 : 0), cum(n, 0.0);
    double acc = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
        const double dx = pts[i + 1].x - pts[i].x;
        const double dy = pts[i + 1].y - pts[i].y;
        seglen[i] = std::sqrt(dx * dx + dy * dy);
    }
    for (size_t i = 0; i + 1 < n; ++i) {
        acc += seglen[i];
        cum[i + 1] = acc;
    }
    const double S = acc;
    constexpr int L = kTrajLen;
    std::vector<double> X(L), Y(L), Fl(L, 0.0);
    if (n == 1 || S <= 0) {
        std::fill(X.begin(), X.end(), pts[0].x);
        std::fill(Y.begin(), Y.end(), pts[0].y);
    } else {
        size_t j = 0;
        for (int k = 0; k < L; ++k) {
            const double sk = S * k / (L - 1);
            while (j < n - 2 && cum[j + 1] < sk)
                ++j;
            double t = 0.0;
            if (seglen[j] > 0)
                t = std::clamp((sk - cum[j]) / seglen[j], 0.0, 1.0);
            X[k] = pts[j].x + t * (pts[j + 1].x - pts[j].x);
            Y[k] = pts[j].y + t * (pts[j + 1].y - pts[j].y);
            Fl[k] = penUp[j + 1] ? 1.0 : 0.0;
        }
    }
    const double half = kGrid * 0.5;
    const double hb = kBox * 0.5;
    for (int k = 0; k < L; ++k) {
        out.traj[k] = float((X[k] - half) / hb);
        out.traj[L + k] = float((Y[k] - half) / hb);
        out.traj[4 * L + k] = float(Fl[k]);
    }
    if (S > 0 && n > 1) {
        const double step = S / (L - 1);
        for (int k = 0; k + 1 < L; ++k) {
            out.traj[2 * L + k] = float((X[k + 1] - X[k]) / step);
            out.traj[3 * L + k] = float((Y[k + 1] - Y[k]) / step);
        }
        out.traj[2 * L + L - 1] = out.traj[2 * L + L - 2];
        out.traj[3 * L + L - 1] = out.traj[3 * L + L - 2];
    }
    return out;
}

Features computeFeatures(const QVector<ink::Stroke> &strokes)
{
    std::vector<Polyline> lines;
    lines.reserve(size_t(strokes.size()));
    for (const ink::Stroke &s : strokes) {
        Polyline p;
        p.reserve(size_t(s.dots.size()));
        for (const ink::Dot &d : s.dots)
            p.emplace_back(d.x, d.y);
        lines.push_back(std::move(p));
    }
    return computeFeatures(lines);
}

} // namespace plume::recognition
