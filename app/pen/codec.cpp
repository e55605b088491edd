// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/codec.h"

namespace plume::pen {

bool hasResultByte(quint8 cmd, Direction direction)
{
    if (direction == Direction::AppToPen)
        return cmd == 0xA4 || cmd == 0xB2;
    if (cmd >= 0x60 && cmd <= 0x6F)
        return false;
    return !(cmd == 0x24 || cmd == 0x32 || cmd == 0x73);
}

void Deframer::reset()
{
    m_inFrame = false;
    m_escape = false;
    m_body.clear();
}

void Deframer::bad()
{
    ++m_badFrames;
    reset();
}

void Deframer::feed(QByteArrayView data, QVector<Frame> &out)
{
    const auto *p = reinterpret_cast<const quint8 *>(data.data());
    const qsizetype n = data.size();
    for (qsizetype i = 0; i < n; ++i) {
        const quint8 b = p[i];
        // C0/C1 are checked before a pending escape: a raw C0 is always a frame start.
        if (b == kStx) {
            if (m_inFrame && (!m_body.isEmpty() || m_escape))
                ++m_badFrames;
            m_inFrame = true;
            m_escape = false;
            m_body.clear();
            continue;
        }
        if (!m_inFrame) {
            ++m_ignoredBytes;
            continue;
        }
        if (b == kEtx) {
            if (m_escape)
                bad(); // 7D C1: broken frame
            else
                finish(out);
            continue;
        }
        if (m_escape) {
            m_escape = false;
            if (b != 0xE0 && b != 0xE1 && b != 0x5D) {
                bad(); // not a valid escape: drop the frame, wait for the next C0
                continue;
            }
            m_body.append(char(b ^ 0x20));
        } else if (b == kEsc) {
            m_escape = true;
            continue;
        } else {
            m_body.append(char(b));
        }
        if (m_body.size() > m_maxBody)
            bad();
    }
}

void Deframer::finish(QVector<Frame> &out)
{
    const auto *b = reinterpret_cast<const quint8 *>(m_body.constData());
    const qsizetype size = m_body.size();
    if (size < 1) {
        bad();
        return;
    }
    Frame f;
    f.cmd = b[0];
    f.hasResult = hasResultByte(f.cmd, m_direction);
    const int header = f.hasResult ? 4 : 3;
    if (size < header) {
        bad();
        return;
    }
    if (f.hasResult)
        f.result = b[1];
    const int len = b[header - 2] | (b[header - 1] << 8);
    if (size - header != len) {
        bad();
        return;
    }
    f.payload = m_body.mid(header);
    ++m_goodFrames;
    reset();
    out.append(std::move(f));
}

QByteArray wrapFrame(QByteArrayView body)
{
    QByteArray out;
    out.reserve(body.size() + body.size() / 8 + 4);
    out.append(char(kStx));
    for (const char c : body) {
        const auto b = quint8(c);
        if (b == kStx || b == kEtx || b == kEsc) {
            out.append(char(kEsc));
            out.append(char(b ^ 0x20));
        } else {
            out.append(c);
        }
    }
    out.append(char(kEtx));
    return out;
}

QByteArray encodeFrame(quint8 cmd, QByteArrayView payload, std::optional<quint8> result)
{
    ByteWriter w;
    w.u8(cmd);
    if (result)
        w.u8(*result);
    w.u16(quint16(payload.size())).bytes(payload);
    return wrapFrame(w.data());
}

} // namespace plume::pen
