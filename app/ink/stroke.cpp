// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ink/stroke.h"

#include <QDataStream>
#include <QIODevice>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

namespace plume::ink {

QString PageAddress::toString() const
{
    if (!isValid())
        return {};
    return QStringLiteral("%1.%2.%3.%4").arg(section).arg(owner).arg(note).arg(page);
}

std::optional<PageAddress> PageAddress::parse(const QString &text)
{
    const QStringList parts = text.trimmed().split(QLatin1Char('.'));
    if (parts.size() != 4)
        return std::nullopt;
    qint64 v[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        v[i] = parts[i].toLongLong(&ok);
        if (!ok || v[i] < 0)
            return std::nullopt;
    }
    if (v[0] > 255 || v[1] > 0xFFFFFF || v[2] > 0xFFFFFFFFLL || v[3] > 0xFFFFFFFFLL)
        return std::nullopt;
    return PageAddress{int(v[0]), int(v[1]), v[2], v[3]};
}

QRectF Stroke::bounds() const
{
    if (dots.isEmpty())
        return {};
    double x0 = dots[0].x, x1 = x0, y0 = dots[0].y, y1 = y0;
    for (const Dot &d : dots) {
        x0 = std::min(x0, d.x);
        x1 = std::max(x1, d.x);
        y0 = std::min(y0, d.y);
        y1 = std::max(y1, d.y);
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

namespace {

// Nine in ten of the cut copy's dots are dots of the whole one, to a hundredth of a unit as the
// pen sends them (the spike filter, run on each copy, may keep one in one copy only).
bool dotsAreTheWholes(const Stroke &cut, const Stroke &whole)
{
    const auto at = [](const Dot &d) {
        return std::pair<qint64, qint64>(qRound64(d.x * 100), qRound64(d.y * 100));
    };
    QSet<std::pair<qint64, qint64>> places;
    for (const Dot &d : whole.dots)
        places.insert(at(d));
    const auto shared = std::count_if(cut.dots.cbegin(), cut.dots.cend(),
                                      [&](const Dot &d) { return places.contains(at(d)); });
    return shared * 10 >= cut.dots.size() * 9;
}

} // namespace

bool isCutCopyOf(const Stroke &cut, const Stroke &whole)
{
    if (!cut.incomplete || whole.incomplete || whole.dots.isEmpty() || cut.dots.isEmpty() ||
        cut.penId != whole.penId || cut.page != whole.page)
        return false;
    constexpr double kSlack = 0.5;
    const QRectF in = cut.bounds();
    const QRectF out = whole.bounds().adjusted(-kSlack, -kSlack, kSlack, kSlack);
    if (in.left() < out.left() || in.right() > out.right() || in.top() < out.top() ||
        in.bottom() > out.bottom() || cut.startMs > std::max(whole.startMs, whole.dots.last().t))
        return false;
    if (cut.startMs >= whole.startMs)
        return true;
    // A stroke whose pen-down was lost starts at a guess, the end of the stroke before: before
    // its complete copy, which was then drawn and read beside it (a review of 2026-12-02).
    // Earlier than the whole one, a cut copy is one only dot for dot, within ten minutes.
    constexpr qint64 kGuessMs = 10 * 60 * 1000;
    return whole.startMs - cut.startMs <= kGuessMs && dotsAreTheWholes(cut, whole);
}

bool hasCompleteCopy(const Stroke &s, const QVector<Stroke> &all)
{
    return s.incomplete && std::any_of(all.cbegin(), all.cend(),
                                       [&](const Stroke &whole) { return isCutCopyOf(s, whole); });
}

static constexpr quint8 kBlobVersion = 1;
static constexpr int kDotBytes = 4 + 4 + 2 + 4;

QByteArray encodeDots(const QVector<Dot> &dots, qint64 startMs)
{
    QByteArray out;
    out.reserve(5 + dots.size() * kDotBytes);
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setByteOrder(QDataStream::LittleEndian);
    s.setFloatingPointPrecision(QDataStream::SinglePrecision);
    s << kBlobVersion << quint32(dots.size());
    for (const Dot &d : dots) {
        const float force = std::clamp(d.force, 0.0f, 65535.0f);
        const qint64 dt = std::clamp<qint64>(d.t - startMs, std::numeric_limits<qint32>::min(),
                                             std::numeric_limits<qint32>::max());
        s << float(d.x) << float(d.y) << quint16(std::lround(force)) << qint32(dt);
    }
    return out;
}

std::optional<QVector<Dot>> decodeDots(const QByteArray &blob, qint64 startMs)
{
    if (blob.size() < 5)
        return std::nullopt;
    QDataStream s(blob);
    s.setByteOrder(QDataStream::LittleEndian);
    s.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint8 version = 0;
    quint32 count = 0;
    s >> version >> count;
    if (version != kBlobVersion || qint64(count) * kDotBytes != blob.size() - 5)
        return std::nullopt;
    QVector<Dot> dots;
    dots.reserve(int(count));
    for (quint32 i = 0; i < count; ++i) {
        float x, y;
        quint16 f;
        qint32 dt;
        s >> x >> y >> f >> dt;
        if (!std::isfinite(x) || !std::isfinite(y))
            return std::nullopt;
        dots.append(Dot{double(x), double(y), float(f), startMs + dt});
    }
    return dots;
}

} // namespace plume::ink
