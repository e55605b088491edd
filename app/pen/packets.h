// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Protocol 2.x packets: command builders (app -> pen), pen-side builders (used by the
// simulator) and a parser for everything the pen sends. Layouts: protocol doc §4-§7.
#pragma once

#include "ink/stroke.h"
#include "pen/codec.h"

#include <QString>

#include <variant>

namespace plume::pen {

namespace cmd {
inline constexpr quint8 Version = 0x01, Password = 0x02, ChangePassword = 0x03, Settings = 0x04,
                        SetSetting = 0x05, Realtime = 0x11, OfflineNotes = 0x21,
                        OfflinePages = 0x22, OfflineStart = 0x23, OfflineChunk = 0x24,
                        OfflineDelete = 0x25, LowBattery = 0x61, Shutdown = 0x62,
                        LegacyUpDown = 0x63, LegacyPaper = 0x64, LegacyDot = 0x65,
                        LegacyShortDot = 0x66, LegacyDotError = 0x68, PenDown = 0x69, PenUp = 0x6A,
                        PaperInfo = 0x6B, Dot = 0x6C, DotError = 0x6D, HoverDot = 0x6F,
                        OfflineAck = 0xA4;
inline constexpr quint8 response(quint8 request)
{
    return quint8(request | 0x80);
}
} // namespace cmd

// ---- app -> pen requests -------------------------------------------------------------
QByteArray versionRequest(QByteArrayView appVersion = "plume 0.1", quint16 appType = 0x1201,
                          QByteArrayView protocol = "2.18");
QByteArray settingsRequest();
QByteArray passwordRequest(const QString &pin);
QByteArray setTimeRequest(qint64 utcMs);
QByteArray realtimeAllNotesRequest();
QByteArray offlineNoteListRequest(); // all sections/owners
QByteArray offlineStartRequest(int section, int owner, qint64 note, bool deleteAfter,
                               bool allowCompression = true);
QByteArray offlineChunkAck(quint16 packetId, bool sendNext, quint8 error = 0);

// Section/owner word: bytes 0-2 owner (24-bit LE), byte 3 section.
inline quint32 sectionOwnerWord(int section, int owner)
{
    return (quint32(owner) & 0xFFFFFF) | (quint32(section & 0xFF) << 24);
}

// ---- pen -> app packets, parsed ---------------------------------------------------------
struct VersionInfo
{
    QString name, firmware, protocol, subName, mac;
    int deviceType = 0;
};
struct SettingsInfo
{
    bool locked = false;
    int maxTries = 0, wrongTries = 0;
    qint64 penTime = 0;
    int autoPowerOffMin = 0, maxForce = 0, storageUsed = 0;
    int battery = -1; // percent, bit 7 ("charging" in one SDK) masked off
    bool charging = false;
    bool offlineSave = false;
};
struct PasswordReply
{
    int status = 0; // 1 accepted, 0 wrong/needed, 2 too many tries
    int tries = 0, max = 0;
};
struct SettingReply
{
    int type = 0, status = 0;
};
struct PenDownEvent
{
    int ec = -1; // -1: legacy event without a counter
    qint64 time = 0;
    int tip = 0;
    quint32 colour = 0;
};
struct PenUpEvent
{
    int ec = -1;
    qint64 time = 0;
    int dotCount = -1;
};
struct PaperInfoEvent
{
    int ec = -1;
    ink::PageAddress page;
};
struct DotEvent
{
    int ec = -1;
    int dt = 0;
    int force = 0;
    double x = 0, y = 0;
    int tiltX = 90, tiltY = 90, twist = 0;
};
struct DotErrorEvent
{
    int ec = -1;
};
struct HoverDotEvent
{
    double x = 0, y = 0;
};
struct LowBatteryEvent
{
    int percent = 0;
};
struct ShutdownEvent
{
    int reason = 0;
};
struct OfflineNoteList
{
    struct Note
    {
        int section, owner;
        qint64 note;
    };
    QVector<Note> notes;
};
struct OfflineStartReply
{
    quint32 strokes = 0, bytes = 0;
    bool compressed = false;
};
struct OfflineChunkEvent
{
    QByteArray payload; // parsed by pen/offline.h
};
// A response with RESULT != 0, or any response we do not parse further.
struct GenericResponse
{
    quint8 cmd = 0;
    quint8 result = 0;
};
struct UnknownPacket
{
    quint8 cmd = 0;
};
struct MalformedPacket // known command, payload too short or inconsistent
{
    quint8 cmd = 0;
    QString why;
};

using PenPacket =
    std::variant<UnknownPacket, MalformedPacket, GenericResponse, VersionInfo, SettingsInfo,
                 PasswordReply, SettingReply, PenDownEvent, PenUpEvent, PaperInfoEvent, DotEvent,
                 DotErrorEvent, HoverDotEvent, LowBatteryEvent, ShutdownEvent, OfflineNoteList,
                 OfflineStartReply, OfflineChunkEvent>;

// Never throws; bad input gives MalformedPacket or UnknownPacket.
PenPacket parsePenPacket(const Frame &frame);

// ---- pen side (simulator) ----------------------------------------------------------------
QByteArray penResponse(quint8 cmd, quint8 result, QByteArrayView payload = {});
QByteArray versionResponse(QByteArrayView name, QByteArrayView firmware, QByteArrayView protocol,
                           QByteArrayView subName, const quint8 mac[6]);
QByteArray settingsResponse(const SettingsInfo &s);
QByteArray passwordResponse(int status, int tries, int max);
QByteArray penDownEvent(quint8 ec, qint64 time, int tip = 0, quint32 colour = 0xFF000000);
QByteArray paperInfoEvent(quint8 ec, const ink::PageAddress &page);
// x, y in Ncode units (0 .. 65535.99), hundredths kept.
QByteArray dotEvent(quint8 ec, int dt, int force, double x, double y, int tiltX = 90,
                    int tiltY = 90, int twist = 0);
QByteArray penUpEvent(quint8 ec, qint64 time, int dotCount);
QByteArray lowBatteryEvent(int percent);
QByteArray shutdownEvent(int reason);

// Splits a coordinate into integer part and hundredths as the pen sends them.
void splitCoordinate(double v, quint16 &integer, quint8 &hundredths);
// The coordinate the app will decode for v (two decimals, clamped to the u16 range).
double quantizeCoordinate(double v);

} // namespace plume::pen
