// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Offline memory transfer (protocol doc §7): 0x24 chunks, optionally zlib-compressed,
// holding stroke records with 16-byte dots and a per-dot checksum.
#pragma once

#include "ink/stroke.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::pen {

struct OfflineStroke
{
    ink::PageAddress page;
    qint64 downMs = 0, upMs = 0;
    int tip = 0;
    quint32 colour = 0;
    QVector<ink::Dot> dots; // absolute times (down + sum of dt)
    int badChecksums = 0;   // dots dropped because their checksum did not match
};

struct OfflineChunk
{
    quint16 packetId = 0;
    bool compressed = false;
    int sizeBefore = 0, sizeAfter = 0;
    int position = 0; // 0 first, 1 middle, 2 last
    int section = 0, owner = 0;
    qint64 note = 0;
    int strokeCount = 0;
    QVector<OfflineStroke> strokes;
};

// Parses a 0x24 payload (header, inflate, stroke records). On failure returns nullopt and
// sets *error; never crashes on malformed input. packetId is filled even on failure when
// the header was readable, so the caller can acknowledge it.
std::optional<OfflineChunk> parseOfflineChunk(const QByteArray &payload, QString *error,
                                              quint16 *packetId = nullptr);

// Builds a 0x24 payload (simulator side). Dots use their times relative to downMs.
QByteArray encodeOfflineChunk(quint16 packetId, int position, int section, int owner, qint64 note,
                              const QVector<OfflineStroke> &strokes, bool compress);

// zlib helpers; inflate fails (nullopt) when the output would exceed maxSize.
QByteArray zlibDeflate(const QByteArray &data);
std::optional<QByteArray> zlibInflate(const QByteArray &data, int maxSize);

} // namespace plume::pen
