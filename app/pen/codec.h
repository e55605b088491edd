// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// NeoSmartpen protocol 2.x framing (docs/pen.md, ../shared/docs/neo-pen-protocol.md §3):
// C0 | escaped(CMD [RESULT] LEN_lo LEN_hi PAYLOAD) | C1, escape 7D xx^20 for C0/C1/7D.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QVector>

#include <algorithm>
#include <optional>

namespace plume::pen {

inline constexpr quint8 kStx = 0xC0;
inline constexpr quint8 kEtx = 0xC1;
inline constexpr quint8 kEsc = 0x7D;
// Largest body (CMD..PAYLOAD, unescaped) accepted; real pens buffer 32 KiB.
inline constexpr int kMaxFrameBody = 32 * 1024;

enum class Direction {
    PenToApp, // responses (CMD >= 0x80 and not an event) carry a RESULT byte
    AppToPen  // only 0xA4 and 0xB2 (acks of pen-initiated transfers) carry one
};

// True when a frame with this command carries a RESULT byte in that direction.
bool hasResultByte(quint8 cmd, Direction direction);

struct Frame
{
    quint8 cmd = 0;
    bool hasResult = false;
    quint8 result = 0;
    QByteArray payload;
    friend bool operator==(const Frame &, const Frame &) = default;
};

// Incremental deframer: keeps its state across feed() calls, so frames may be split
// anywhere (even between 7D and the byte it escapes). Bytes outside frames are ignored;
// a raw C0 always starts a new frame (discarding a partial one, counted as bad).
class Deframer
{
public:
    explicit Deframer(Direction direction = Direction::PenToApp, int maxBody = kMaxFrameBody)
        : m_direction(direction), m_maxBody(maxBody)
    {}

    // Appends every complete, valid frame found in data to out.
    void feed(QByteArrayView data, QVector<Frame> &out);
    void feed(const QByteArray &data, QVector<Frame> &out) { feed(QByteArrayView(data), out); }
    void reset(); // forget any partial frame (e.g. on a new connection)
    // The link is lost: a partial frame is a bad frame, as one a new C0 cuts off.
    void linkLost()
    {
        m_badFrames += m_inFrame ? 1 : 0;
        reset();
    }

    quint64 badFrames() const { return m_badFrames; }
    quint64 goodFrames() const { return m_goodFrames; }
    quint64 ignoredBytes() const { return m_ignoredBytes; }
    bool inFrame() const { return m_inFrame; }

private:
    void finish(QVector<Frame> &out);
    void bad();

    Direction m_direction;
    int m_maxBody;
    bool m_inFrame = false;
    bool m_escape = false;
    QByteArray m_body;
    quint64 m_badFrames = 0;
    quint64 m_goodFrames = 0;
    quint64 m_ignoredBytes = 0;
};

// Escapes body and wraps it in C0 .. C1.
QByteArray wrapFrame(QByteArrayView body);
// Builds a complete wire frame. result is written only when given.
QByteArray encodeFrame(quint8 cmd, QByteArrayView payload, std::optional<quint8> result = {});
inline QByteArray encodeFrame(const Frame &f)
{
    return encodeFrame(f.cmd, f.payload,
                       f.hasResult ? std::optional<quint8>(f.result) : std::nullopt);
}

// Little-endian helpers used by the packet layer, the offline parser and the simulator.
class ByteWriter
{
public:
    ByteWriter &u8(quint8 v)
    {
        m_data.append(char(v));
        return *this;
    }
    ByteWriter &u16(quint16 v) { return u8(quint8(v)).u8(quint8(v >> 8)); }
    ByteWriter &u32(quint32 v) { return u16(quint16(v)).u16(quint16(v >> 16)); }
    ByteWriter &i64(qint64 v)
    {
        const auto u = quint64(v);
        return u32(quint32(u)).u32(quint32(u >> 32));
    }
    ByteWriter &bytes(QByteArrayView b)
    {
        m_data.append(b.data(), b.size());
        return *this;
    }
    // Zero-padded (or cut) fixed-size string field.
    ByteWriter &fixed(QByteArrayView s, int size)
    {
        QByteArray b(s.data(), std::min<qsizetype>(s.size(), size));
        b.append(QByteArray(size - b.size(), '\0'));
        return bytes(b);
    }
    const QByteArray &data() const { return m_data; }

private:
    QByteArray m_data;
};

class ByteReader
{
public:
    explicit ByteReader(QByteArrayView data) : m_data(data) {}
    bool ok() const { return m_ok; }
    qsizetype remaining() const { return m_data.size() - m_pos; }
    qsizetype pos() const { return m_pos; }
    quint8 u8()
    {
        if (!need(1))
            return 0;
        return quint8(m_data[m_pos++]);
    }
    quint16 u16()
    {
        const quint16 lo = u8();
        return quint16(lo | (quint16(u8()) << 8));
    }
    quint32 u32()
    {
        const quint32 lo = u16();
        return lo | (quint32(u16()) << 16);
    }
    qint64 i64()
    {
        const quint64 lo = u32();
        return qint64(lo | (quint64(u32()) << 32));
    }
    QByteArray bytes(qsizetype n)
    {
        if (n < 0 || !need(n))
            return {};
        QByteArray b(m_data.data() + m_pos, n);
        m_pos += n;
        return b;
    }
    // Fixed-size zero-padded string, trailing zeros stripped.
    QByteArray fixed(qsizetype n)
    {
        QByteArray b = bytes(n);
        const qsizetype z = b.indexOf('\0');
        if (z >= 0)
            b.truncate(z);
        return b;
    }
    void skip(qsizetype n) { (void)bytes(n); }

private:
    bool need(qsizetype n)
    {
        if (!m_ok || m_data.size() - m_pos < n) {
            m_ok = false;
            return false;
        }
        return true;
    }
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

// An Ncode coordinate as the pen sends it: whole units, then hundredths (above 99 read as 99).
inline double ncodeCoordinate(quint16 integer, quint8 hundredths)
{
    return integer + std::min<int>(hundredths, 99) / 100.0;
}

// A position as the pen sends it (real-time and hover dots, offline dots): x and y whole
// units, then x and y hundredths, into e.x and e.y.
template <typename E> void readPosition(ByteReader &r, E &e)
{
    const quint16 xi = r.u16();
    const quint16 yi = r.u16();
    const quint8 xf = r.u8();
    const quint8 yf = r.u8();
    e.x = ncodeCoordinate(xi, xf);
    e.y = ncodeCoordinate(yi, yf);
}

} // namespace plume::pen
