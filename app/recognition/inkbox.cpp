// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// How much of a stroke lies inside a box: apart from the field decoders (field.cpp), so that
// a program that only routes ink to fields (plume-hq, through forms) does not link the
// recogniser and OpenCV.
#include "recognition/field.h"

#include <algorithm>
#include <cmath>

namespace plume::recognition {

namespace {

double segmentInside(QPointF a, QPointF b, const QRectF &r)
{
    // Liang-Barsky clipping of a-b against r; returns the clipped length.
    double t0 = 0, t1 = 1;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return 0;
    }
    return (t1 - t0) * std::hypot(dx, dy);
}

} // namespace

double inkInside(const ink::Stroke &stroke, const QRectF &rect)
{
    double len = 0;
    for (qsizetype i = 1; i < stroke.dots.size(); ++i)
        len += segmentInside(QPointF(stroke.dots[i - 1].x, stroke.dots[i - 1].y),
                             QPointF(stroke.dots[i].x, stroke.dots[i].y), rect);
    return len;
}

} // namespace plume::recognition
