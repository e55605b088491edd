// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/strokeassembler.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace plume::pen {
namespace {

// t + step without overflow: a pen time near the end of qint64 stays there.
qint64 advance(qint64 t, int step)
{
    const qint64 s = std::max(0, step);
    return t > std::numeric_limits<qint64>::max() - s ? std::numeric_limits<qint64>::max() : t + s;
}

} // namespace

StrokeAssembler::StrokeAssembler(QObject *parent) : StrokeAssembler(Options{}, parent) {}

StrokeAssembler::StrokeAssembler(Options options, QObject *parent)
    : QObject(parent), m_options(options)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_open)
            finish(true);
    });
}

void StrokeAssembler::open(qint64 timeMs, bool implicit)
{
    m_stroke = ink::Stroke{};
    m_stroke.penId = m_penId;
    m_stroke.startMs = timeMs;
    m_stroke.incomplete = implicit;
    // A 0x6B that came with no stroke open named this one's page (its pen-down lost): kept,
    // a later loss in it no longer takes it away.
    if (implicit)
        m_stroke.page = m_pendingPage;
    m_pendingPage = {};
    m_lastTime = timeMs;
    m_open = true;
    m_lostSinceDot = false;
    if (!implicit) // a pen-down seen: what was lost before it was not this stroke's page
        m_pageMaybeLost = false;
    if (m_options.penUpTimeoutMs > 0)
        m_timeout.start(m_options.penUpTimeoutMs);
}

void StrokeAssembler::penDown(qint64 timeMs)
{
    if (m_open) {
        // Missing pen-up: close the previous stroke, never glue the new one onto it.
        if (m_stroke.dots.isEmpty())
            m_open = false; // an empty pen-down/pen-down pair: nothing to keep
        else
            finish(true);
    }
    open(timeMs, false);
}

void StrokeAssembler::paperInfo(const ink::PageAddress &page)
{
    // A 0x6B comes after a pen-down or when the page changes: right after lost events, in a
    // stroke that has dots and its page, it is the next stroke's (the pen-up and pen-down
    // between were lost). The two were glued into one, with a false line between them (a
    // review of 2026-12-02): the open one ends here. A stroke without its page yet waits
    // for this one.
    if (m_open && !m_stroke.dots.isEmpty() && m_stroke.page.isValid() && m_lostSinceDot)
        finish(true);
    // The pen moved onto another page: end the stroke here, continue on the new one.
    if (m_open && !m_stroke.dots.isEmpty() && m_stroke.page.isValid() && m_stroke.page != page)
        split();
    if (m_open)
        m_stroke.page = page; // held dots get the page of the 0x6B that follows them
    else
        m_pendingPage = page;
    // Whatever was lost before, this names the page of the dots that follow (a stroke that
    // lost only its pen-down was filed on no page, its PV digit read without its bar).
    m_pageMaybeLost = false;
    m_lastPage = page;
}

void StrokeAssembler::dot(double x, double y, float force, int dtMs)
{
    // Missing pen-down: start implicitly, flagged, after the last stroke's end (at its last
    // dot's time, the new stroke was taken for a cut copy of it and hidden: a review of
    // 2026-12-02, ink::isCutCopyOf).
    if (!m_open)
        open(advance(m_lastTime, 1), true);
    else if (m_options.maxDotsPerStroke > 0 && m_stroke.dots.size() >= m_options.maxDotsPerStroke)
        split(); // a pen that never lifts: the stroke goes on as a new one
    m_lastTime = advance(m_lastTime, dtMs);
    m_lostSinceDot = false;
    m_stroke.dots.append(ink::Dot{x, y, force, m_lastTime});
    if (m_options.penUpTimeoutMs > 0)
        m_timeout.start(m_options.penUpTimeoutMs);
}

void StrokeAssembler::split()
{
    const qint64 t = m_lastTime;
    const ink::PageAddress page = m_stroke.page;
    finish(true);
    open(t, false);
    m_stroke.page = page;
    m_stroke.incomplete = true;
}

void StrokeAssembler::penUp(qint64 timeMs)
{
    if (!m_open)
        return; // pen-up without a stroke (its pen-down and dots were lost)
    Q_UNUSED(timeMs);
    finish(false);
}

void StrokeAssembler::markIncomplete()
{
    m_lostSinceDot = true;
    if (m_open)
        m_stroke.incomplete = true;
    // Events lost before this stroke has a page: one may have been its 0x6B, naming another
    // page than the last one (a contact sheet after the PV: its ink was filed on the PV, in
    // clear; a review of 2026-12-02). Such a stroke keeps no page rather than a guessed one.
    if (!m_open || !m_stroke.page.isValid())
        m_pageMaybeLost = true;
}

void StrokeAssembler::closeOpenStroke()
{
    if (m_open)
        finish(true);
}

void StrokeAssembler::newConnection()
{
    closeOpenStroke();
    m_lastPage = ink::PageAddress{};
}

int StrokeAssembler::filterOutliers(QVector<ink::Dot> &dots, double jump)
{
    if (jump <= 0 || dots.size() < 3)
        return 0;
    auto far = [jump](const ink::Dot &a, const ink::Dot &b) {
        return std::hypot(a.x - b.x, a.y - b.y) > jump;
    };
    QVector<ink::Dot> kept;
    kept.reserve(dots.size());
    int dropped = 0;
    for (qsizetype i = 0; i < dots.size(); ++i) {
        const bool hasPrev = !kept.isEmpty();
        const bool hasNext = i + 1 < dots.size();
        bool spike = false;
        if (hasPrev && hasNext)
            spike = far(kept.last(), dots[i]) && far(dots[i], dots[i + 1]) &&
                    !far(kept.last(), dots[i + 1]);
        else if (!hasPrev && i + 2 < dots.size()) // first dot
            spike = far(dots[i], dots[i + 1]) && !far(dots[i + 1], dots[i + 2]) &&
                    far(dots[i], dots[i + 2]);
        else if (hasPrev && !hasNext && kept.size() >= 2) // last dot
            spike = far(kept.last(), dots[i]) && !far(kept[kept.size() - 2], kept.last()) &&
                    far(kept[kept.size() - 2], dots[i]);
        if (spike)
            ++dropped;
        else
            kept.append(dots[i]);
    }
    dots = std::move(kept);
    return dropped;
}

void StrokeAssembler::finish(bool synthetic)
{
    m_timeout.stop();
    m_open = false;
    if (synthetic) {
        ++m_synthetic;
        m_stroke.incomplete = true;
    }
    if (m_stroke.dots.isEmpty())
        return;
    if (!m_stroke.page.isValid()) {
        if (m_lastPage.isValid() && !m_pageMaybeLost)
            m_stroke.page = m_lastPage; // the last page known on this connection
        else
            m_stroke.incomplete = true; // page unknown: kept and flagged
    }
    m_pageMaybeLost = false;
    m_outliers += filterOutliers(m_stroke.dots, m_options.outlierJump);
    if (m_stroke.startMs == 0 && !m_stroke.dots.isEmpty())
        m_stroke.startMs = m_stroke.dots.first().t;
    const ink::Stroke done = std::move(m_stroke);
    m_stroke = ink::Stroke{};
    emit strokeCompleted(done);
}

// ---- PointerStrokeSource ---------------------------------------------------------------

PointerStrokeSource::PointerStrokeSource(QString penId, QObject *parent)
    : QObject(parent), m_penId(std::move(penId))
{}

void PointerStrokeSource::add(double x, double y, double pressure, qint64 timeMs)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    const double p = std::isfinite(pressure) ? std::clamp(pressure, 0.0, 1.0) : 1.0;
    if (!m_stroke.dots.isEmpty()) {
        const ink::Dot &last = m_stroke.dots.last();
        if (last.x == x && last.y == y)
            return; // no movement: repeated mouse events add nothing
        timeMs = std::max(timeMs, last.t);
    }
    m_stroke.dots.append(ink::Dot{x, y, float(std::lround(p * 1023.0)), timeMs});
}

void PointerStrokeSource::press(double x, double y, double pressure, qint64 timeMs)
{
    if (m_drawing)
        release(m_stroke.dots.isEmpty() ? x : m_stroke.dots.last().x,
                m_stroke.dots.isEmpty() ? y : m_stroke.dots.last().y, pressure, timeMs);
    m_stroke = ink::Stroke{};
    m_stroke.page = m_page;
    m_stroke.penId = m_penId;
    m_stroke.startMs = timeMs;
    m_drawing = true;
    add(x, y, pressure, timeMs);
}

void PointerStrokeSource::move(double x, double y, double pressure, qint64 timeMs)
{
    if (m_drawing)
        add(x, y, pressure, timeMs);
}

void PointerStrokeSource::release(double x, double y, double pressure, qint64 timeMs)
{
    if (!m_drawing)
        return;
    add(x, y, pressure, timeMs);
    m_drawing = false;
    const ink::Stroke done = std::move(m_stroke);
    m_stroke = ink::Stroke{};
    if (!done.dots.isEmpty())
        emit strokeCompleted(done);
}

void PointerStrokeSource::cancel()
{
    m_drawing = false;
    m_stroke = ink::Stroke{};
}

} // namespace plume::pen
