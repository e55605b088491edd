// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Dots -> strokes (protocol doc §6, pitfalls §9.6-9.8, 9.11).
#pragma once

#include "ink/stroke.h"

#include <QObject>
#include <QTimer>

namespace plume::pen {

class StrokeAssembler : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int penUpTimeoutMs = 2000; // synthetic pen-up after this long without a dot (0 = off)
        double outlierJump = 10.0; // Ncode units; 0 disables the spike filter
        // A stroke that reaches this many dots is ended and continues as a new stroke (both
        // flagged incomplete): a pen that never lifts cannot fill the memory. A real stroke
        // has a few hundred dots (about 120 a second); 20,000 is close to three minutes.
        int maxDotsPerStroke = 20000;
    };
    explicit StrokeAssembler(QObject *parent = nullptr);
    StrokeAssembler(Options options, QObject *parent = nullptr);

    void setPenId(const QString &penId) { m_penId = penId; }

    // Events as they come from the pen. Times are ms since epoch (pen clock).
    void penDown(qint64 timeMs);
    void paperInfo(const ink::PageAddress &page);
    void dot(double x, double y, float force, int dtMs);
    void penUp(qint64 timeMs);
    // Lost events (counter gap) while a stroke is open: it is flagged incomplete.
    void markIncomplete();
    // Link lost / pen switched off: closes the open stroke (synthetic pen-up).
    void closeOpenStroke();
    // A new connection: the last known page is forgotten (pitfall 7: "of this connection").
    void newConnection();

    bool hasOpenStroke() const { return m_open; }
    const ink::Stroke &openStroke() const { return m_stroke; }
    ink::PageAddress lastPage() const { return m_lastPage; }
    int outliersDropped() const { return m_outliers; }
    int syntheticPenUps() const { return m_synthetic; }

    // The spike filter on its own: drops dots far from both neighbours whose neighbours
    // are close to each other. Returns how many were dropped.
    static int filterOutliers(QVector<ink::Dot> &dots, double jump);

signals:
    void strokeCompleted(const plume::ink::Stroke &stroke);

private:
    void open(qint64 timeMs, bool implicit);
    void finish(bool synthetic);
    // Ends the open stroke (synthetic pen-up) and continues it as a new, flagged stroke.
    void split();

    Options m_options;
    QString m_penId;
    QTimer m_timeout;
    bool m_open = false;
    bool m_pageMaybeLost = false;   // events lost before the open stroke had a page
    bool m_lostSinceDot = false;    // events lost since the open stroke's last dot
    ink::PageAddress m_pendingPage; // a 0x6B with no stroke open: the next implicit one's
    ink::Stroke m_stroke;
    qint64 m_lastTime = 0; // time of the last dot or pen event
    ink::PageAddress m_lastPage;
    int m_outliers = 0;
    int m_synthetic = 0;
};

// Mouse / graphics-tablet input as the same Stroke type (no widgets: the GUI feeds it from
// QMouseEvent / QTabletEvent, already mapped to page coordinates).
class PointerStrokeSource : public QObject
{
    Q_OBJECT
public:
    explicit PointerStrokeSource(QString penId = QStringLiteral("mouse"),
                                 QObject *parent = nullptr);

    void setPage(const ink::PageAddress &page) { m_page = page; }
    void setPenId(const QString &penId) { m_penId = penId; }
    // pressure 0..1 (mouse: 1), scaled to a raw force 0..1023; timeMs since epoch.
    void press(double x, double y, double pressure, qint64 timeMs);
    void move(double x, double y, double pressure, qint64 timeMs);
    void release(double x, double y, double pressure, qint64 timeMs);
    void cancel(); // drops the stroke in progress (e.g. focus lost)
    bool isDrawing() const { return m_drawing; }
    const ink::Stroke &current() const { return m_stroke; }

signals:
    void strokeCompleted(const plume::ink::Stroke &stroke);

private:
    void add(double x, double y, double pressure, qint64 timeMs);

    QString m_penId;
    ink::PageAddress m_page;
    bool m_drawing = false;
    ink::Stroke m_stroke;
};

} // namespace plume::pen
