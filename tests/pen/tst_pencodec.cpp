// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Framing and packets: golden frames of the protocol doc §8, chunk-split property,
// escape-byte probes, malformed input.
#include "pen/codec.h"
#include "pen/offline.h"
#include "pen/packets.h"

#include <QRandomGenerator>
#include <QtTest>

#include <limits>

using namespace plume;
using namespace plume::pen;

static QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text).replace(' ', "").replace('\n', ""));
}

static const qint64 kTime = 1733567400000;

class TestPenCodec : public QObject
{
    Q_OBJECT

    QVector<Frame> decode(const QByteArray &bytes, Deframer *d = nullptr)
    {
        Deframer local;
        Deframer &df = d ? *d : local;
        QVector<Frame> out;
        df.feed(bytes, out);
        return out;
    }

private slots:
    void goldenRequests()
    {
        QCOMPARE(versionRequest(), hex("C0 01 2A 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                                       "00 01 12 70 6C 75 6D 65 20 30 2E 31 00 00 00 00 00 00 00"
                                       "32 2E 31 38 00 00 00 00 C1"));
        QCOMPARE(settingsRequest(), hex("C0 04 00 00 C1"));
        QCOMPARE(passwordRequest(QStringLiteral("1234")),
                 hex("C0 02 10 00 31 32 33 34 00 00 00 00 00 00 00 00 00 00 00 00 C1"));
        QCOMPARE(setTimeRequest(kTime), hex("C0 05 09 00 01 40 48 AB A0 93 01 00 00 C1"));
        QCOMPARE(realtimeAllNotesRequest(), hex("C0 11 02 00 FF FF C1"));
        // The note-list form, built by hand with the encoder.
        ByteWriter w;
        w.u16(1).u32(sectionOwnerWord(3, 27)).u32(603);
        QCOMPARE(encodeFrame(cmd::Realtime, w.data()),
                 hex("C0 11 0A 00 01 00 1B 00 00 03 5B 02 00 00 C1"));
    }

    void goldenPenFrames()
    {
        const quint8 mac[6] = {0x02, 0x4E, 0x45, 0x4F, 0x00, 0x01};
        const QByteArray version =
            hex("C0 81 00 46 00 4E 57 50 2D 46 31 32 31 00 00 00 00 00 00 00 00 31 2E 30 37 2E 30"
                "30 30 30 00 00 00 00 00 00 00 32 2E 31 38 00 00 00 00 4E 65 6F 45 6D 75 00 00 00"
                "00 00 00 00 00 00 00 01 00 02 4E 45 4F 00 01 00 00 00 00 00 00 C1");
        QCOMPARE(versionResponse("NWP-F121", "1.07.0000", "2.18", "NeoEmu", mac), version);
        QCOMPARE(passwordResponse(1, 0, 10), hex("C0 82 00 03 00 01 00 0A C1"));
        QCOMPARE(penResponse(0x85, 0, hex("01 00")), hex("C0 85 00 02 00 01 00 C1"));
        QCOMPARE(penResponse(0x91, 0), hex("C0 91 00 00 00 C1"));
        QCOMPARE(penDownEvent(0, kTime, 0, 0xFF000000),
                 hex("C0 69 0E 00 00 40 48 AB A0 93 01 00 00 00 00 00 00 FF C1"));
        QCOMPARE(paperInfoEvent(1, ink::PageAddress{3, 27, 603, 1}),
                 hex("C0 6B 0D 00 01 1B 00 00 03 5B 02 00 00 01 00 00 00 C1"));
        QCOMPARE(dotEvent(2, 12, 449, 125.25, 192.50),
                 hex("C0 6C 0E 00 02 0C 7D E1 01 7D 5D 00 7D E0 00 19 32 5A 5A 00 00 C1"));
        QCOMPARE(penUpEvent(3, kTime + 12, 1),
                 hex("C0 6A 13 00 03 4C 48 AB A0 93 01 00 00 01 00 01 00 01 00 01 00 01 00 C1"));
        QCOMPARE(shutdownEvent(0), hex("C0 62 01 00 00 C1"));
    }

    void decodeGolden()
    {
        const QByteArray stream =
            hex("C0 69 0E 00 00 40 48 AB A0 93 01 00 00 00 00 00 00 FF C1"
                "C0 6B 0D 00 01 1B 00 00 03 5B 02 00 00 01 00 00 00 C1"
                "C0 6C 0E 00 02 0C 7D E1 01 7D 5D 00 7D E0 00 19 32 5A 5A 00 00 C1"
                "C0 6A 13 00 03 4C 48 AB A0 93 01 00 00 01 00 01 00 01 00 01 00 01 00 C1"
                "C0 82 00 03 00 01 00 0A C1 C0 62 01 00 00 C1");
        const QVector<Frame> frames = decode(stream);
        QCOMPARE(frames.size(), 6);
        QCOMPARE(frames[2].payload, hex("02 0C C1 01 7D 00 C0 00 19 32 5A 5A 00 00"));
        const auto down = std::get<PenDownEvent>(parsePenPacket(frames[0]));
        QCOMPARE(down.time, kTime);
        QCOMPARE(down.colour, 0xFF000000u);
        const auto paper = std::get<PaperInfoEvent>(parsePenPacket(frames[1]));
        QCOMPARE(paper.page.toString(), QStringLiteral("3.27.603.1"));
        const auto dot = std::get<DotEvent>(parsePenPacket(frames[2]));
        QCOMPARE(dot.ec, 2);
        QCOMPARE(dot.dt, 12);
        QCOMPARE(dot.force, 449);
        QCOMPARE(dot.x, 125.25);
        QCOMPARE(dot.y, 192.5);
        QCOMPARE(dot.tiltX, 90);
        const auto up = std::get<PenUpEvent>(parsePenPacket(frames[3]));
        QCOMPARE(up.time, kTime + 12);
        QCOMPARE(up.dotCount, 1);
        QVERIFY(frames[4].hasResult);
        const auto pw = std::get<PasswordReply>(parsePenPacket(frames[4]));
        QCOMPARE(pw.status, 1);
        QCOMPARE(pw.max, 10);
        QCOMPARE(std::get<ShutdownEvent>(parsePenPacket(frames[5])).reason, 0);

        const quint8 mac[6] = {0x02, 0x4E, 0x45, 0x4F, 0x00, 0x01};
        const auto v = decode(versionResponse("NWP-F121", "1.07.0000", "2.18", "NeoEmu", mac));
        QCOMPARE(v.size(), 1);
        const auto info = std::get<VersionInfo>(parsePenPacket(v[0]));
        QCOMPARE(info.name, QStringLiteral("NWP-F121"));
        QCOMPARE(info.protocol, QStringLiteral("2.18"));
        QCOMPARE(info.mac, QStringLiteral("02:4E:45:4F:00:01"));
    }

    void appToPenDirection()
    {
        Deframer d(Direction::AppToPen);
        QVector<Frame> out;
        d.feed(versionRequest() + offlineChunkAck(7, true) + settingsRequest(), out);
        QCOMPARE(out.size(), 3);
        QCOMPARE(out[0].payload.size(), 42);
        QVERIFY(out[1].hasResult);
        QCOMPARE(out[1].payload, hex("07 00 01"));
        QVERIFY(!out[2].hasResult);
    }

    // Any split of a byte stream into chunks decodes to the same frames.
    void anySplitDecodesTheSame()
    {
        QRandomGenerator rng(20241207);
        QByteArray stream;
        QVector<Frame> expected;
        for (int i = 0; i < 400; ++i) {
            Frame f;
            const int kind = int(rng.bounded(4));
            f.cmd = kind == 0 ? 0x6C : kind == 1 ? 0x69 : kind == 2 ? 0x82 : 0xC1;
            f.hasResult = hasResultByte(f.cmd, Direction::PenToApp);
            f.result = f.hasResult ? quint8(rng.bounded(2)) : 0;
            const int len = int(rng.bounded(40));
            for (int k = 0; k < len; ++k) {
                // Biased towards the special bytes.
                static const quint8 special[] = {0xC0, 0xC1, 0x7D, 0x5D, 0xE0, 0xE1};
                f.payload.append(
                    char(rng.bounded(3) == 0 ? special[rng.bounded(6)] : quint8(rng.bounded(256))));
            }
            expected.append(f);
            stream += encodeFrame(f);
        }
        QCOMPARE(decode(stream), expected);
        for (int round = 0; round < 200; ++round) {
            Deframer d;
            QVector<Frame> got;
            qsizetype pos = 0;
            while (pos < stream.size()) {
                const qsizetype n = round == 0 ? 1 : qsizetype(rng.bounded(1, 64));
                d.feed(QByteArrayView(stream).sliced(pos, std::min(n, stream.size() - pos)), got);
                pos += n;
            }
            QCOMPARE(got.size(), expected.size());
            QVERIFY(got == expected);
            QCOMPARE(d.badFrames(), 0u);
        }
    }

    void escapeProbes()
    {
        // Every value of every byte of a dot frame round-trips, split at every position.
        for (int v = 0; v < 256; ++v) {
            const QByteArray frame = dotEvent(quint8(v), v, v | (v << 8), v + v / 100.0, v, v, v);
            for (qsizetype cut = 1; cut < frame.size(); ++cut) {
                Deframer d;
                QVector<Frame> got;
                d.feed(QByteArrayView(frame).first(cut), got);
                d.feed(QByteArrayView(frame).sliced(cut), got);
                QCOMPARE(got.size(), 1);
                const auto dot = std::get<DotEvent>(parsePenPacket(got[0]));
                QCOMPARE(dot.ec, v);
                QCOMPARE(dot.force, v | (v << 8));
                QCOMPARE(dot.tiltX, v);
            }
        }
        // Escaped command byte (0xC1 response).
        const QByteArray f = encodeFrame(0xC1, "x", 0);
        QCOMPARE(f.left(3), hex("C0 7D E1"));
        QCOMPARE(decode(f).value(0).cmd, quint8(0xC1));
    }

    void resyncOnGarbage()
    {
        const QByteArray good = dotEvent(5, 1, 2, 3, 4);
        Deframer d;
        QVector<Frame> out;
        d.feed(hex("01 02 C1 7D 55") + good, out); // noise outside frames: ignored
        QCOMPARE(out.size(), 1);
        QCOMPARE(d.badFrames(), 0u);
        d.feed(hex("C0 C1"), out);                      // empty frame
        d.feed(hex("C0 6C 7D C1"), out);                // 7D then C1
        d.feed(hex("C0 6C 0E 00 01 02 03 C1"), out);    // LEN longer than the data
        d.feed(hex("C0 6C 02 00 01 02 03 04 C1"), out); // LEN shorter
        d.feed(hex("C0 6C 0E"), out);                   // unterminated, ended by the next C0
        d.feed(good, out);
        d.feed(hex("C0 6C 7D 7D") + good, out); // invalid escape
        QCOMPARE(out.size(), 3);
        QCOMPARE(d.badFrames(), 6u);
        // Truncated right after an escape byte: the next C0 wins.
        const QByteArray esc = dotEvent(0x7D, 1, 2, 3, 4);
        const qsizetype at = esc.indexOf(char(0x7D));
        d.feed(esc.left(at + 1) + good, out);
        QCOMPARE(out.size(), 4);
        QCOMPARE(d.badFrames(), 7u);
        // Over-long frames are bounded.
        Deframer small(Direction::PenToApp, 64);
        QVector<Frame> o2;
        small.feed(QByteArray(1, char(0xC0)) + QByteArray(1000, 'a') + good, o2);
        QCOMPARE(o2.size(), 1);
        QCOMPARE(small.badFrames(), 1u);
    }

    void malformedPackets()
    {
        // Known commands with short payloads never crash and are reported.
        for (int c = 0; c < 256; ++c) {
            for (int len = 0; len < 20; ++len) {
                Frame f;
                f.cmd = quint8(c);
                f.hasResult = hasResultByte(f.cmd, Direction::PenToApp);
                f.payload = QByteArray(len, '\x01');
                (void)parsePenPacket(f);
            }
        }
        Frame f{cmd::Dot, false, 0, hex("01 02")};
        QVERIFY(std::holds_alternative<MalformedPacket>(parsePenPacket(f)));
        Frame refused{0x91, true, 2, {}};
        QCOMPARE(std::get<GenericResponse>(parsePenPacket(refused)).result, quint8(2));
    }

    void offlineTimeNearTheEndDoesNotOverflow()
    {
        // A stroke record whose pen-down time is near the end of qint64: the dot times
        // (down + steps) stop there instead of overflowing.
        const qint64 max = std::numeric_limits<qint64>::max();
        OfflineStroke st;
        st.page = ink::PageAddress{3, 27, 603, 1};
        st.downMs = 1000;
        for (int i = 1; i <= 3; ++i)
            st.dots.append(ink::Dot{10.0 + i, 20, 400, 1000 + i * 12});
        QByteArray payload = encodeOfflineChunk(1, 2, 3, 27, 603, {st}, false);
        for (int i = 0; i < 8; ++i) // the down time, after the chunk header and the page
            payload[18 + 4 + i] = char(quint64(max - 5) >> (8 * i));
        QString why;
        const auto chunk = parseOfflineChunk(payload, &why);
        QVERIFY2(chunk, qPrintable(why));
        QCOMPARE(chunk->strokes.size(), 1);
        QCOMPARE(chunk->strokes[0].downMs, max - 5);
        QCOMPARE(chunk->strokes[0].dots.size(), 3);
        for (const ink::Dot &d : std::as_const(chunk->strokes[0].dots))
            QCOMPARE(d.t, max);
    }

    void offlineChunkRoundTrip()
    {
        QVector<OfflineStroke> strokes;
        for (int s = 0; s < 3; ++s) {
            OfflineStroke o;
            o.page = ink::PageAddress{3, 27, 603, s + 1};
            o.downMs = kTime + s * 1000;
            for (int i = 0; i < 10; ++i)
                o.dots.append(ink::Dot{125.25 + i, 192.5, float(449 + i), o.downMs + i * 12});
            o.upMs = o.dots.last().t;
            strokes.append(o);
        }
        for (bool compress : {true, false}) {
            const QByteArray payload = encodeOfflineChunk(9, 2, 3, 27, 603, strokes, compress);
            QString error;
            const auto chunk = parseOfflineChunk(payload, &error);
            QVERIFY2(chunk, qPrintable(error));
            QCOMPARE(chunk->packetId, quint16(9));
            QCOMPARE(chunk->position, 2);
            QCOMPARE(chunk->strokes.size(), 3);
            for (int s = 0; s < 3; ++s) {
                QCOMPARE(chunk->strokes[s].page, strokes[s].page);
                QCOMPARE(chunk->strokes[s].dots, strokes[s].dots);
            }
            // Corruption: never a crash, always an error or a checksum count.
            for (int i = 0; i < payload.size(); i += 7) {
                QByteArray bad = payload;
                bad[i] = char(bad[i] ^ 0x5A);
                (void)parseOfflineChunk(bad, &error);
                (void)parseOfflineChunk(payload.left(i), &error);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPenCodec)
#include "tst_pencodec.moc"
