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
    // Only pixel centres (j + 0.5) closer than kRadius to the segment can be inked.
    const int j0 = std::max(0, int(std::floor(std::min(s.a.x, s.b.x) - kRadius - 0.5)));
    const int j1 = std::min(kGrid - 1, int(std::ceil(std::max(s.a.x, s.b.x) + kRadius - 0.5)));
    const int i0 = std::max(0, int(std::floor(std::min(s.a.y, s.b.y) - kRadius - 0.5)));
    const int i1 = std::min(kGrid - 1, int(std::ceil(std::max(s.a.y, s.b.y) + kRadius - 0.5)));
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
            const double d2 = qx * qx + qy * qy;
            if (d2 >= kRadius * kRadius) // sqrt is exact at 2.25: d >= kRadius, v = 0
                continue;
            const double d = std::sqrt(d2);
            const double v = std::max(0.0, 1.0 - d / kRadius);
            if (v > 0)
                f(i * kGrid + j, v);
        }
    }
}

using Strokes = std::vector<std::vector<P>>;

// The strokes (empty ones dropped), their bounding box scaled (aspect kept) to kBox and
// centred in the grid, then simplified.
Strokes normalised(const std::vector<Polyline> &input)
{
    Strokes strokes;
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
    return strokes;
}

// The image channels: ink, pen direction x and y (clamped to [-1, 1]), pen-up jumps.
void rasterise(const Strokes &strokes, Features &out)
{
    constexpr int N = kGrid * kGrid;
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
}

// The whole path (pen-up jumps included), kTrajLen points resampled by arc length.
struct Resampled
{
    std::vector<double> x, y, penUp; // penUp: the point lies on a pen-up jump
    double length = 0;
    size_t points = 0;
};

// Points of all strokes in order, with the pen-up flag of the segment arriving at each,
// and the cumulative arc length at each point.
struct Joined
{
    std::vector<P> pts;
    std::vector<char> penUp;
    std::vector<double> seglen, cum;
};

Joined joined(const Strokes &strokes)
{
    Joined l;
    for (size_t k = 0; k < strokes.size(); ++k) {
        for (size_t i = 0; i < strokes[k].size(); ++i) {
            l.pts.push_back(strokes[k][i]);
            l.penUp.push_back(k > 0 && i == 0);
        }
    }
    const size_t n = l.pts.size();
    l.seglen.assign(n > 1 ? n - 1 : 0, 0.0);
    l.cum.assign(n, 0.0);
    double acc = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
        const double dx = l.pts[i + 1].x - l.pts[i].x;
        const double dy = l.pts[i + 1].y - l.pts[i].y;
        l.seglen[i] = std::sqrt(dx * dx + dy * dy);
    }
    for (size_t i = 0; i + 1 < n; ++i) {
        acc += l.seglen[i];
        l.cum[i + 1] = acc;
    }
    return l;
}

Resampled resampled(const Strokes &strokes)
{
    const Joined l = joined(strokes);
    constexpr int L = kTrajLen;
    Resampled path{std::vector<double>(L), std::vector<double>(L), std::vector<double>(L, 0.0),
                   l.cum.back(), l.pts.size()};
    const size_t n = l.pts.size();
    const double S = path.length;
    if (n == 1 || S <= 0) {
        std::fill(path.x.begin(), path.x.end(), l.pts[0].x);
        std::fill(path.y.begin(), path.y.end(), l.pts[0].y);
        return path;
    }
    size_t j = 0;
    for (int k = 0; k < L; ++k) {
        const double sk = S * k / (L - 1);
        while (j < n - 2 && l.cum[j + 1] < sk)
            ++j;
        double t = 0.0;
        if (l.seglen[j] > 0)
            t = std::clamp((sk - l.cum[j]) / l.seglen[j], 0.0, 1.0);
        path.x[k] = l.pts[j].x + t * (l.pts[j + 1].x - l.pts[j].x);
        path.y[k] = l.pts[j].y + t * (l.pts[j + 1].y - l.pts[j].y);
        path.penUp[k] = l.penUp[j + 1] ? 1.0 : 0.0;
    }
    return path;
}

// The trajectory channels: x, y (centred, in half-boxes), dx, dy (per resampling step),
// pen-up flag.
void writeTrajectory(const Resampled &path, Features &out)
{
    constexpr int L = kTrajLen;
    const double half = kGrid * 0.5;
    const double hb = kBox * 0.5;
    for (int k = 0; k < L; ++k) {
        out.traj[k] = float((path.x[k] - half) / hb);
        out.traj[L + k] = float((path.y[k] - half) / hb);
        out.traj[4 * L + k] = float(path.penUp[k]);
    }
    if (path.length > 0 && path.points > 1) {
        const double step = path.length / (L - 1);
        for (int k = 0; k + 1 < L; ++k) {
            out.traj[2 * L + k] = float((path.x[k + 1] - path.x[k]) / step);
            out.traj[3 * L + k] = float((path.y[k + 1] - path.y[k]) / step);
        }
        out.traj[2 * L + L - 1] = out.traj[2 * L + L - 2];
        out.traj[3 * L + L - 1] = out.traj[3 * L + L - 2];
    }
}

} // namespace

Features computeFeatures(const std::vector<Polyline> &input)
{
    Features out;
    out.img.assign(size_t(kImgChannels) * kGrid * kGrid, 0.0f);
    out.traj.assign(size_t(kTrajChannels) * kTrajLen, 0.0f);
    const Strokes strokes = normalised(input);
    if (strokes.empty())
        return out;
    rasterise(strokes, out);
    writeTrajectory(resampled(strokes), out);
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
