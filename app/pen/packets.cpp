// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/packets.h"

#include <QCoreApplication>
#include <QHash>
#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace plume::pen {
namespace {

// Human messages, in French (source language).
struct PenText
{
    Q_DECLARE_TR_FUNCTIONS(Pen)
};

} // namespace

namespace {

QString str(QByteArray b)
{
    return QString::fromUtf8(b).trimmed();
}

template <typename T> PenPacket checked(ByteReader &r, quint8 c, T value)
{
    if (!r.ok())
        return MalformedPacket{c, PenText::tr("contenu trop court")};
    return value;
}

} // namespace

// ---- requests ------------------------------------------------------------------------------

QByteArray versionRequest(QByteArrayView appVersion, quint16 appType, QByteArrayView protocol)
{
    ByteWriter w;
    w.fixed({}, 16).u16(appType).fixed(appVersion, 16).fixed(protocol, 8);
    return encodeFrame(cmd::Version, w.data());
}

QByteArray settingsRequest()
{
    return encodeFrame(cmd::Settings, {});
}

QByteArray passwordRequest(const QString &pin)
{
    ByteWriter w;
    w.fixed(pin.toUtf8(), 16);
    return encodeFrame(cmd::Password, w.data());
}

QByteArray setTimeRequest(qint64 utcMs)
{
    ByteWriter w;
    w.u8(1).i64(utcMs);
    return encodeFrame(cmd::SetSetting, w.data());
}

QByteArray realtimeAllNotesRequest()
{
    ByteWriter w;
    w.u16(0xFFFF);
    return encodeFrame(cmd::Realtime, w.data());
}

QByteArray offlineNoteListRequest()
{
    ByteWriter w;
    w.u32(0xFFFFFFFF);
    return encodeFrame(cmd::OfflineNotes, w.data());
}

QByteArray offlineStartRequest(int section, int owner, qint64 note, bool deleteAfter,
                               bool allowCompression)
{
    ByteWriter w;
    w.u8(deleteAfter ? 1 : 2)
        .u8(allowCompression ? 1 : 0)
        .u32(sectionOwnerWord(section, owner))
        .u32(quint32(note))
        .u32(0);
    return encodeFrame(cmd::OfflineStart, w.data());
}

QByteArray offlineChunkAck(quint16 packetId, bool sendNext, quint8 error)
{
    ByteWriter w;
    w.u16(packetId).u8(sendNext ? 1 : 0);
    return encodeFrame(cmd::OfflineAck, w.data(), error);
}

// ---- parser --------------------------------------------------------------------------------

namespace {

// One parser per packet type: the frame's command (some serve two) and a reader over its
// payload.
using Parser = PenPacket (*)(ByteReader &r, quint8 c);

PenPacket parseVersion(ByteReader &r, quint8 c)
{
    VersionInfo v;
    v.name = str(r.fixed(16));
    v.firmware = str(r.fixed(16));
    v.protocol = str(r.fixed(8));
    v.subName = str(r.fixed(16));
    v.deviceType = r.u16();
    const QByteArray mac = r.bytes(6);
    if (!r.ok())
        return MalformedPacket{c, PenText::tr("réponse de version plus courte que 64 octets")};
    v.mac = QString::fromLatin1(mac.toHex(':')).toUpper();
    return v;
}

PenPacket parseSettings(ByteReader &r, quint8 c)
{
    SettingsInfo s;
    s.locked = r.u8() != 0;
    s.maxTries = r.u8();
    s.wrongTries = r.u8();
    s.penTime = r.i64();
    s.autoPowerOffMin = r.u16();
    s.maxForce = r.u16();
    s.storageUsed = r.u8();
    r.skip(4);
    const quint8 battery = r.u8();
    s.battery = battery & 0x7F;
    s.charging = (battery & 0x80) != 0;
    s.offlineSave = r.u8() != 0;
    return checked(r, c, s);
}

PenPacket parsePassword(ByteReader &r, quint8 c)
{
    PasswordReply p;
    p.status = r.u8();
    p.tries = r.u8();
    p.max = r.u8();
    return checked(r, c, p);
}

PenPacket parseSetSetting(ByteReader &r, quint8)
{
    SettingReply s;
    if (r.remaining() >= 2) {
        s.type = r.u8();
        s.status = r.u8();
    }
    return s;
}

PenPacket parsePenDown(ByteReader &r, quint8 c)
{
    PenDownEvent e;
    e.ec = r.u8();
    e.time = r.i64();
    e.tip = r.u8();
    e.colour = r.u32();
    return checked(r, c, e);
}

PenPacket parseLegacyUpDown(ByteReader &r, quint8 c)
{
    const int upDown = r.u8();
    const qint64 time = r.i64();
    const int tip = r.u8();
    const quint32 colour = r.u32();
    if (!r.ok())
        return MalformedPacket{c, PenText::tr("contenu trop court")};
    if (upDown == 0)
        return PenDownEvent{-1, time, tip, colour};
    return PenUpEvent{-1, time, -1};
}

PenPacket parsePenUp(ByteReader &r, quint8 c)
{
    PenUpEvent e;
    e.ec = r.u8();
    e.time = r.i64();
    e.dotCount = r.u16();
    r.skip(8);
    return checked(r, c, e);
}

PenPacket parsePaperInfo(ByteReader &r, quint8 c)
{
    PaperInfoEvent e;
    if (c == cmd::PaperInfo)
        e.ec = r.u8();
    const quint32 so = r.u32();
    e.page.section = int(so >> 24);
    e.page.owner = int(so & 0xFFFFFF);
    e.page.note = r.u32();
    e.page.page = r.u32();
    return checked(r, c, e);
}

PenPacket parseDot(ByteReader &r, quint8 c)
{
    DotEvent d;
    if (c == cmd::Dot)
        d.ec = r.u8();
    d.dt = r.u8();
    d.force = r.u16();
    readPosition(r, d);
    d.tiltX = r.u8();
    d.tiltY = r.u8();
    d.twist = r.u16();
    return checked(r, c, d);
}

PenPacket parseLegacyShortDot(ByteReader &r, quint8 c)
{
    DotEvent d;
    d.dt = r.u8();
    readPosition(r, d);
    d.force = 0;
    return checked(r, c, d);
}

PenPacket parseDotError(ByteReader &r, quint8 c)
{
    DotErrorEvent e;
    if (c == cmd::DotError)
        e.ec = r.u8();
    r.skip(11);
    return checked(r, c, e);
}

PenPacket parseHoverDot(ByteReader &r, quint8 c)
{
    HoverDotEvent h;
    r.skip(1);
    readPosition(r, h);
    return checked(r, c, h);
}

PenPacket parseLowBattery(ByteReader &r, quint8 c)
{
    LowBatteryEvent e;
    e.percent = r.u8() & 0x7F;
    return checked(r, c, e);
}

PenPacket parseShutdown(ByteReader &r, quint8 c)
{
    ShutdownEvent e;
    e.reason = r.u8();
    return checked(r, c, e);
}

PenPacket parseOfflineNotes(ByteReader &r, quint8 c)
{
    OfflineNoteList l;
    const int count = r.u16();
    if (!r.ok() || r.remaining() != qsizetype(count) * 8)
        return MalformedPacket{c, PenText::tr("longueur de la liste des carnets incohérente")};
    for (int i = 0; i < count; ++i) {
        const quint32 so = r.u32();
        const quint32 note = r.u32();
        l.notes.append({int(so >> 24), int(so & 0xFFFFFF), qint64(note)});
    }
    return l;
}

PenPacket parseOfflineStart(ByteReader &r, quint8 c)
{
    OfflineStartReply s;
    s.strokes = r.u32();
    s.bytes = r.u32();
    s.compressed = r.u8() != 0;
    return checked(r, c, s);
}

Parser parserFor(quint8 c)
{
    static const QHash<quint8, Parser> parsers = {
        {cmd::response(cmd::Version), parseVersion},
        {cmd::response(cmd::Settings), parseSettings},
        {cmd::response(cmd::Password), parsePassword},
        {cmd::response(cmd::SetSetting), parseSetSetting},
        {cmd::PenDown, parsePenDown},
        {cmd::LegacyUpDown, parseLegacyUpDown},
        {cmd::PenUp, parsePenUp},
        {cmd::PaperInfo, parsePaperInfo},
        {cmd::LegacyPaper, parsePaperInfo},
        {cmd::Dot, parseDot},
        {cmd::LegacyDot, parseDot},
        {cmd::LegacyShortDot, parseLegacyShortDot},
        {cmd::DotError, parseDotError},
        {cmd::LegacyDotError, parseDotError},
        {cmd::HoverDot, parseHoverDot},
        {cmd::LowBattery, parseLowBattery},
        {cmd::Shutdown, parseShutdown},
        {cmd::response(cmd::OfflineNotes), parseOfflineNotes},
        {cmd::response(cmd::OfflineStart), parseOfflineStart},
    };
    return parsers.value(c, nullptr);
}

} // namespace

PenPacket parsePenPacket(const Frame &f)
{
    const quint8 c = f.cmd;
    if (f.hasResult && f.result != 0)
        return GenericResponse{c, f.result};
    if (c == cmd::OfflineChunk)
        return OfflineChunkEvent{f.payload};
    if (const Parser parse = parserFor(c)) {
        ByteReader r(f.payload);
        return parse(r, c);
    }
    if (f.hasResult)
        return GenericResponse{c, f.result};
    return UnknownPacket{c};
}

// ---- pen side ------------------------------------------------------------------------------

QByteArray penResponse(quint8 c, quint8 result, QByteArrayView payload)
{
    return encodeFrame(c, payload, result);
}

QByteArray versionResponse(QByteArrayView name, QByteArrayView firmware, QByteArrayView protocol,
                           QByteArrayView subName, const quint8 mac[6])
{
    ByteWriter w;
    w.fixed(name, 16).fixed(firmware, 16).fixed(protocol, 8).fixed(subName, 16).u16(1);
    for (int i = 0; i < 6; ++i)
        w.u8(mac[i]);
    w.u8(0).u32(0).u8(0);
    return penResponse(cmd::response(cmd::Version), 0, w.data());
}

QByteArray settingsResponse(const SettingsInfo &s)
{
    ByteWriter w;
    w.u8(s.locked ? 1 : 0)
        .u8(quint8(s.maxTries))
        .u8(quint8(s.wrongTries))
        .i64(s.penTime)
        .u16(quint16(s.autoPowerOffMin))
        .u16(quint16(s.maxForce))
        .u8(quint8(s.storageUsed))
        .u8(0)
        .u8(1)
        .u8(1)
        .u8(0)
        .u8(quint8(std::clamp(s.battery, 0, 100) | (s.charging ? 0x80 : 0)))
        .u8(s.offlineSave ? 1 : 0)
        .u8(0)
        .u8(0)
        .u8(0)
        .fixed("NeoEmu", 16)
        .u8(0)
        .u8(0)
        .u8(0)
        .fixed({}, 20);
    return penResponse(cmd::response(cmd::Settings), 0, w.data());
}

QByteArray passwordResponse(int status, int tries, int max)
{
    ByteWriter w;
    w.u8(quint8(status)).u8(quint8(tries)).u8(quint8(max));
    return penResponse(cmd::response(cmd::Password), 0, w.data());
}

QByteArray penDownEvent(quint8 ec, qint64 time, int tip, quint32 colour)
{
    ByteWriter w;
    w.u8(ec).i64(time).u8(quint8(tip)).u32(colour);
    return encodeFrame(cmd::PenDown, w.data());
}

QByteArray paperInfoEvent(quint8 ec, const ink::PageAddress &page)
{
    ByteWriter w;
    w.u8(ec)
        .u32(sectionOwnerWord(page.section, page.owner))
        .u32(quint32(page.note))
        .u32(quint32(page.page));
    return encodeFrame(cmd::PaperInfo, w.data());
}

void splitCoordinate(double v, quint16 &integer, quint8 &hundredths)
{
    const long long h = std::clamp<long long>(std::llround(v * 100.0), 0, 65535LL * 100 + 99);
    integer = quint16(h / 100);
    hundredths = quint8(h % 100);
}

double quantizeCoordinate(double v)
{
    quint16 i;
    quint8 f;
    splitCoordinate(v, i, f);
    return ncodeCoordinate(i, f);
}

QByteArray dotEvent(quint8 ec, int dt, int force, double x, double y, int tiltX, int tiltY,
                    int twist)
{
    quint16 xi, yi;
    quint8 xf, yf;
    splitCoordinate(x, xi, xf);
    splitCoordinate(y, yi, yf);
    ByteWriter w;
    w.u8(ec)
        .u8(quint8(std::clamp(dt, 0, 255)))
        .u16(quint16(std::clamp(force, 0, 65535)))
        .u16(xi)
        .u16(yi)
        .u8(xf)
        .u8(yf)
        .u8(quint8(tiltX))
        .u8(quint8(tiltY))
        .u16(quint16(twist));
    return encodeFrame(cmd::Dot, w.data());
}

QByteArray penUpEvent(quint8 ec, qint64 time, int dotCount)
{
    ByteWriter w;
    const auto n = quint16(std::clamp(dotCount, 0, 65535));
    w.u8(ec).i64(time).u16(n).u16(n).u16(n).u16(n).u16(n);
    return encodeFrame(cmd::PenUp, w.data());
}

QByteArray lowBatteryEvent(int percent)
{
    ByteWriter w;
    w.u8(quint8(std::clamp(percent, 0, 100)));
    return encodeFrame(cmd::LowBattery, w.data());
}

QByteArray shutdownEvent(int reason)
{
    ByteWriter w;
    w.u8(quint8(reason));
    return encodeFrame(cmd::Shutdown, w.data());
}

} // namespace plume::pen
