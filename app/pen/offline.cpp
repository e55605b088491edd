// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/offline.h"

#include "pen/codec.h"
#include "pen/packets.h"

#include <QCoreApplication>
#include <zlib.h>

#include <algorithm>
#include <limits>

namespace plume::pen {
namespace {

// Human messages, in French (source language).
struct PenText
{
    Q_DECLARE_TR_FUNCTIONS(Pen)
};

// A stroke record: page u32, pen down i64, pen up i64, tip u8, colour u32, dot count u16;
// then its dots, 16 bytes each.
constexpr int kStrokeHeader = 4 + 8 + 8 + 1 + 4 + 2;
constexpr int kDotSize = 16;

// The chunk's header; *packetId is set as soon as it is read, so that the caller can
// acknowledge even a chunk that fails. Whether it was whole: r.ok().
OfflineChunk readChunkHeader(ByteReader &r, quint16 *packetId)
{
    OfflineChunk c;
    c.packetId = r.u16();
    if (r.ok() && packetId)
        *packetId = c.packetId;
    c.compressed = r.u8() != 0;
    c.sizeBefore = r.u16();
    c.sizeAfter = r.u16();
    c.position = r.u8();
    const quint32 so = r.u32();
    c.section = int(so >> 24);
    c.owner = int(so & 0xFFFFFF);
    c.note = r.u32();
    c.strokeCount = r.u16();
    return c;
}

// The stroke records after the header, inflated when the chunk is compressed; why their
// size does not match the header's, or empty.
QString inflateBody(const OfflineChunk &c, QByteArray &data)
{
    if (c.compressed) {
        if (data.size() != c.sizeAfter)
            return PenText::tr("bloc hors ligne : taille compressée incohérente");
        auto inflated = zlibInflate(data, c.sizeBefore);
        if (!inflated || inflated->size() != c.sizeBefore)
            return PenText::tr("bloc hors ligne : données zlib endommagées");
        data = *inflated;
    } else if (data.size() != c.sizeBefore) {
        return PenText::tr("bloc hors ligne : taille incohérente");
    }
    return {};
}

// One dot: its time step, force, x and y (whole units, then hundredths), and last a
// checksum of its first 15 bytes. The step always advances t; false when the checksum
// does not match.
bool readDot(const QByteArray &raw, qint64 &t, ink::Dot &dot)
{
    const auto *b = reinterpret_cast<const quint8 *>(raw.constData());
    int sum = 0;
    for (int j = 0; j < 15; ++j)
        sum += b[j];
    // Saturated: an absurd down time near the end of qint64 does not overflow.
    t = t > std::numeric_limits<qint64>::max() - b[0] ? std::numeric_limits<qint64>::max()
                                                      : t + b[0];
    if (quint8(sum & 0xFF) != b[15])
        return false;
    ByteReader d(raw);
    d.skip(1);
    dot.force = float(d.u16());
    readPosition(d, dot);
    dot.t = t;
    return true;
}

// Stroke record i of chunk c; dots whose checksum fails are counted and left out. Why it
// is cut short, or empty.
QString readStroke(ByteReader &s, const OfflineChunk &c, int i, OfflineStroke &st)
{
    if (s.remaining() < kStrokeHeader)
        return PenText::tr("bloc hors ligne : trait %1 tronqué").arg(i);
    st.page = ink::PageAddress{c.section, c.owner, c.note, qint64(s.u32())};
    st.downMs = s.i64();
    st.upMs = s.i64();
    st.tip = s.u8();
    st.colour = s.u32();
    const int dots = s.u16();
    if (s.remaining() < qsizetype(dots) * kDotSize)
        return PenText::tr("bloc hors ligne : points du trait %1 tronqués").arg(i);
    qint64 t = st.downMs;
    for (int k = 0; k < dots; ++k) {
        ink::Dot dot;
        if (readDot(s.bytes(kDotSize), t, dot))
            st.dots.append(dot);
        else
            ++st.badChecksums;
    }
    return {};
}

// The chunk's strokeCount records, which fill its data exactly; why they do not, or empty.
QString readStrokes(const QByteArray &data, OfflineChunk &c)
{
    ByteReader s(data);
    for (int i = 0; i < c.strokeCount; ++i) {
        OfflineStroke st;
        if (const QString why = readStroke(s, c, i, st); !why.isEmpty())
            return why;
        c.strokes.append(std::move(st));
    }
    if (s.remaining() != 0)
        return PenText::tr("bloc hors ligne : %1 octets en trop").arg(s.remaining());
    return {};
}

} // namespace

QByteArray zlibDeflate(const QByteArray &data)
{
    uLongf size = compressBound(uLong(data.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef *>(out.data()), &size,
                  reinterpret_cast<const Bytef *>(data.constData()), uLong(data.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK)
        return {};
    out.truncate(qsizetype(size));
    return out;
}

std::optional<QByteArray> zlibInflate(const QByteArray &data, int maxSize)
{
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        return std::nullopt;
    QByteArray out(maxSize + 1, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = inflate(&z, Z_FINISH);
    const auto produced = qsizetype(z.total_out);
    inflateEnd(&z);
    if (rc != Z_STREAM_END || produced > maxSize)
        return std::nullopt;
    out.truncate(produced);
    return out;
}

std::optional<OfflineChunk> parseOfflineChunk(const QByteArray &payload, QString *error,
                                              quint16 *packetId)
{
    auto failWith = [&](const QString &why) -> std::optional<OfflineChunk> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    ByteReader r(payload);
    OfflineChunk c = readChunkHeader(r, packetId);
    if (!r.ok())
        return failWith(PenText::tr("bloc hors ligne : en-tête trop court"));
    QByteArray data = r.bytes(r.remaining());
    QString why = inflateBody(c, data);
    if (why.isEmpty())
        why = readStrokes(data, c);
    if (!why.isEmpty())
        return failWith(why);
    return c;
}

QByteArray encodeOfflineChunk(quint16 packetId, int position, int section, int owner, qint64 note,
                              const QVector<OfflineStroke> &strokes, bool compress)
{
    ByteWriter data;
    for (const OfflineStroke &st : strokes) {
        data.u32(quint32(st.page.page))
            .i64(st.downMs)
            .i64(st.upMs)
            .u8(quint8(st.tip))
            .u32(st.colour)
            .u16(quint16(st.dots.size()));
        qint64 prev = st.downMs;
        for (const ink::Dot &d : st.dots) {
            quint16 xi, yi;
            quint8 xf, yf;
            splitCoordinate(d.x, xi, xf);
            splitCoordinate(d.y, yi, yf);
            ByteWriter dot;
            dot.u8(quint8(std::clamp<qint64>(d.t - prev, 0, 255)))
                .u16(quint16(std::clamp(int(d.force), 0, 65535)))
                .u16(xi)
                .u16(yi)
                .u8(xf)
                .u8(yf)
                .u8(90)
                .u8(90)
                .u16(0)
                .u16(0);
            int sum = 0;
            for (const char ch : dot.data())
                sum += quint8(ch);
            dot.u8(quint8(sum & 0xFF));
            data.bytes(dot.data());
            prev = d.t;
        }
    }
    const QByteArray raw = data.data();
    const QByteArray body = compress ? zlibDeflate(raw) : raw;
    ByteWriter w;
    w.u16(packetId)
        .u8(compress ? 1 : 0)
        .u16(quint16(raw.size()))
        .u16(quint16(body.size()))
        .u8(quint8(position))
        .u32(sectionOwnerWord(section, owner))
        .u32(quint32(note))
        .u16(quint16(strokes.size()))
        .bytes(body);
    return w.data();
}

} // namespace plume::pen
