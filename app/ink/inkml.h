// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// W3C InkML reading (training data, replay files, captures) and writing (plumectl capture).
#pragma once

#include "ink/stroke.h"

#include <QHash>
#include <QString>
#include <QVector>

namespace plume::ink {

// One <traceGroup>: a character sample (truth annotation) or a page of captured ink.
struct InkGroup
{
    QHash<QString, QString> annotations; // type -> text (e.g. "truth", "pageAddress")
    QVector<Stroke> strokes;
};

struct InkDocument
{
    QHash<QString, QString> annotations; // file-level annotations (writer, source, ...)
    QVector<InkGroup> groups;            // traceGroups in document order
    QVector<Stroke> looseStrokes;        // <trace> elements outside any traceGroup
};

struct InkReadResult
{
    bool ok = false;
    QString error; // human readable, with line number
    InkDocument document;
};

// Larger files are refused before they are read (a hostile or mistaken file must not
// exhaust memory): a whole day of one pen is a few MiB.
constexpr qint64 kMaxInkMLBytes = qint64(64) * 1024 * 1024;
// What the bytes may hold is bounded too (refused with the line): markup nested deeper than
// kMaxInkMLDepth (unclosed elements grew Qt's reader to 3.9 GB), one tag longer than
// kMaxInkMLTagBytes (100,000 attributes took it 22 s), a trace of more than kMaxTracePoints
// points (the pen splits its strokes at 20,000) or a file of more than kMaxInkMLPoints, an
// element counting as one point at least (64 MiB of empty <trace/> took 1.6 GB). A DOCTYPE is
// refused: InkML needs none, and an entity used two million times grew to 3.4 GB and died.
constexpr int kMaxInkMLDepth = 32;
constexpr qsizetype kMaxInkMLTagBytes = 64 * 1024;
constexpr qsizetype kMaxTracePoints = 100000;
constexpr qsizetype kMaxInkMLPoints = 8000000;

// Parses traces with any number of channels; the first two are X and Y. When the
// document declares a traceFormat with T and F channels, they fill Dot::t and Dot::force.
InkReadResult readInkML(const QString &path);
InkReadResult readInkMLData(const QByteArray &data);

// The capture format of `plumectl capture`: one traceGroup per page with a pageAddress
// annotation, traceFormat X Y (two decimals) T (ms) F.
QByteArray writeCaptureInkML(const QVector<Stroke> &strokes);

} // namespace plume::ink
