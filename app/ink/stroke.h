// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Ink primitives shared by every module: page addresses, dots and strokes.
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QRectF>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::ink {

// One Ncode cell = 56/600 inch. Pen coordinates are in these units.
inline constexpr double kMmPerNcodeUnit = 56.0 / 600.0 * 25.4; // 2.3707 mm

// section.owner.note.page of a sheet of pen paper.
struct PageAddress
{
    int section = -1;
    int owner = -1;
    qint64 note = -1;
    qint64 page = -1;

    bool isValid() const { return section >= 0 && owner >= 0 && note >= 0 && page >= 0; }
    QString toString() const; // "S.O.N.P", or an empty string when invalid
    static std::optional<PageAddress> parse(const QString &text);
    friend bool operator==(const PageAddress &, const PageAddress &) = default;
    friend auto operator<=>(const PageAddress &, const PageAddress &) = default;
};

struct Dot
{
    double x = 0; // Ncode units (or any unit with y down, for imported ink)
    double y = 0;
    float force = 0; // raw pen force (0 = unknown)
    qint64 t = 0;    // ms since epoch (pen clock) or since stroke start for imported ink
    friend bool operator==(const Dot &, const Dot &) = default;
};

struct Stroke
{
    PageAddress page;   // invalid = page unknown (flagged)
    QString penId;      // pen MAC or "mouse"/"tablet"/"replay"
    qint64 startMs = 0; // pen-down time, ms since epoch
    QVector<Dot> dots;
    bool incomplete = false; // lost events or synthetic pen-up
    qint64 receivedMs = 0;   // when the station stored it (its own clock), 0: not stored yet
    bool fromMemory = false; // sent from the pen's offline memory (not stored as such)

    QRectF bounds() const;
    bool isEmpty() const { return dots.isEmpty(); }
};

// A stroke received incomplete live (pen events lost, or cut in pieces) and the complete
// copy of it the pen's memory sends later: the same pen and page, the cut one starting
// within the whole one's time and lying within its place (half an Ncode unit, about 1 mm,
// of slack). A cut copy starting before the whole one (its pen-down lost, its start a guess)
// is one only when its dots are the whole one's, within ten minutes. The complete one is
// read, drawn and sealed; the cut one stays in the file.
bool isCutCopyOf(const Stroke &cut, const Stroke &whole);
// True when `s` is cut and `all` holds a complete copy of it.
bool hasCompleteCopy(const Stroke &s, const QVector<Stroke> &all);

// Compact, versioned, little-endian dot encoding used in the store:
// u8 version(1) | u32 count | count x { f32 x, f32 y, u16 force, i32 dt_ms_from_start }
// Precision: x/y stored as float (1e-4 Ncode units at page scale), times relative to startMs.
QByteArray encodeDots(const QVector<Dot> &dots, qint64 startMs);
// Returns std::nullopt on a malformed blob (never crashes on corrupt input).
std::optional<QVector<Dot>> decodeDots(const QByteArray &blob, qint64 startMs);

} // namespace plume::ink

Q_DECLARE_METATYPE(plume::ink::Stroke)
Q_DECLARE_METATYPE(plume::ink::PageAddress)
