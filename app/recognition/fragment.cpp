// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/fragment.h"

#include "recognition/classifier.h"

#include <QStringView>

#include <algorithm>
#include <cmath>

namespace plume::recognition {

bool isFragment(QChar truth, const QVector<ink::Stroke> &strokes)
{
    static constexpr QStringView straightOk = u"1Iil";
    if (strokes.size() != 1 || !charsetChars(Charset::Alnum).contains(truth) ||
        straightOk.contains(truth))
        return false;
    const QVector<ink::Dot> &d = strokes.first().dots;
    if (d.size() < 2)
        return false;
    const double ax = d.first().x, ay = d.first().y;
    const double bx = d.last().x, by = d.last().y;
    const double chord = std::hypot(bx - ax, by - ay);
    double minX = ax, maxX = ax, minY = ay, maxY = ay;
    for (const ink::Dot &p : d) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    const double extent = std::max(maxX - minX, maxY - minY);
    if (chord == 0 || chord < 0.8 * extent)
        return false;
    const double nx = (bx - ax) / chord, ny = (by - ay) / chord;
    double deviation = 0, path = 0;
    for (qsizetype k = 0; k < d.size(); ++k) {
        deviation = std::max(deviation, std::abs((d[k].x - ax) * ny - (d[k].y - ay) * nx));
        if (k > 0)
            path += std::hypot(d[k].x - d[k - 1].x, d[k].y - d[k - 1].y);
    }
    return deviation <= 0.12 * chord && path <= 1.25 * chord;
}

} // namespace plume::recognition
