// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The pen session: handshake state machine, streaming, lost events, reconnection with
// backoff and offline-memory download (protocol doc §5.6, §6.4, §7, §9).
#pragma once

#include "ink/stroke.h"
#include "pen/codec.h"
#include "pen/packets.h"
#include "pen/strokeassembler.h"
#include "pen/transport.h"

#include <QFile>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

namespace plume::store {
class StrokeWriter;
}

namespace plume::pen {

struct OfflineStroke;

class PenSession : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,         // not started / stopped
        Connecting,   // transport opening
        WaitVersion,  // 0x01 sent
        WaitSettings, // 0x04 sent
        NeedPin,      // pen locked: waiting for submitPin()
        WaitPassword, // 0x02 sent
        WaitRealtime, // time set, 0x11 sent
        Streaming,    // live strokes
        Reconnecting, // link lost, waiting for the next attempt
        LockedOut     // too many wrong PINs: the pen resets; no automatic reconnection
    };
    Q_ENUM(State)

    struct Options
    {
        QString pin;               // tried automatically when the pen is locked
        bool autoReconnect = true; // reconnect with exponential backoff on link loss
        int reconnectInitialMs = 250;
        int reconnectMaxMs = 5000;
        int versionRetryMs = 2000; // 0x01 resent this often, 3 tries, then the link drops
        int responseTimeoutMs = 10000;
        bool downloadOfflineAfterReconnect = true;
        // Also at the first connection: ink written while the station was off, crashed or out
        // of reach is in the pen's memory only (a review of 2026-12-02 lost it).
        bool downloadOfflineOnFirstConnect = true;
        // Pen time (ms since the epoch): strokes from the memory written before it stay in the
        // pen (another day's ink: training sheets, an earlier round on the same pages). 0: all.
        qint64 offlineNotBeforeMs = 0;
        bool deleteOfflineAfterTransfer = false; // keep by default; duplicates are merged
        StrokeAssembler::Options assembler;
        QString recordPath; // appends every received byte (a replay log) when set
    };

    struct Stats
    {
        int strokes = 0;         // strokes emitted (live + offline)
        qint64 dots = 0;         // dots in those strokes
        int lostEvents = 0;      // sum of event-counter gaps
        quint64 badFrames = 0;   // frames dropped by the deframer
        int reconnects = 0;      // successful reconnections after a link loss
        int offlineStrokes = 0;  // recovered from the pen's memory (new ones only)
        int duplicates = 0;      // offline strokes already received live
        int completedCopies = 0; // offline copies of strokes received incomplete live
        int badOfflineChunks = 0;
        int outliers = 0;
        int syntheticPenUps = 0;
        int unknownPackets = 0;
        int refusedInk = 0;         // ink events before the session streamed (not authorised)
        int unsolicitedOffline = 0; // offline chunks (0x24) that no transfer asked for
        int restampedStrokes = 0;   // pen time outside 2000-2100: the station clock instead
        int staleOffline = 0;       // strokes from the memory before offlineNotBeforeMs
        int repeatedEvents = 0;     // events sent again (their counter already seen): dropped
        int refusedCommands = 0;    // answers with a non-zero result to the station's commands
    };

    struct PenInfo
    {
        VersionInfo version;
        int battery = -1;
        bool lowBattery = false;
        int maxForce = 0;
    };

    PenSession(std::unique_ptr<PenTransport> transport, Options options, QObject *parent = nullptr);
    ~PenSession() override;

    void start();
    void stop();
    // Answer to pinRequested(). Ignored unless state() == NeedPin.
    void submitPin(const QString &pin);

    // Every completed stroke is enqueued here BEFORE strokeCompleted is emitted.
    void setStrokeWriter(store::StrokeWriter *writer, const QString &sheetId = {});

    State state() const { return m_state; }
    static QString stateName(State s);
    Stats stats() const;
    PenInfo info() const { return m_info; }
    PenTransport *transport() const { return m_transport.get(); }
    bool offlineDownloadActive() const { return m_offlineActive; }

    // Feeds raw pen bytes as if they came from the transport (bench, replay tests).
    void feed(const QByteArray &bytes) { onData(bytes); }

signals:
    void stateChanged(plume::pen::PenSession::State state);
    void pinRequested(int wrongTries, int maxTries);
    void batteryChanged(int percent, bool low);
    void lostEvents(int count);
    void strokeCompleted(const plume::ink::Stroke &stroke);
    void reconnecting(int attempt, int delayMs);
    void error(const QString &message);
    void connected();    // streaming (again)
    void disconnected(); // link lost or closed
    void penShutdown(int reason);
    void offlineDownloadFinished(int newStrokes);

private:
    void setState(State s);
    void onTransportState(PenTransport::State s);
    void onData(const QByteArray &bytes);
    void handle(const Frame &frame);
    // One handler per packet type (handle visits the parsed packet).
    void on(const UnknownPacket &);
    void on(const MalformedPacket &m);
    void on(const GenericResponse &g);
    void on(const VersionInfo &v);
    void on(const SettingsInfo &s);
    void on(const PasswordReply &p);
    void on(const SettingReply &);
    void on(const PenDownEvent &e);
    void on(const PenUpEvent &e);
    void on(const PaperInfoEvent &e);
    void on(const DotEvent &e);
    void on(const DotErrorEvent &e);
    void on(const HoverDotEvent &);
    void on(const LowBatteryEvent &b);
    void on(const ShutdownEvent &sd);
    void on(const OfflineNoteList &l);
    void on(const OfflineStartReply &o);
    void on(const OfflineChunkEvent &c);
    void startStreaming();
    bool acceptInk();
    qint64 saneTime(qint64 penMs);
    void restamp(ink::Stroke &stroke);
    void warnOnce(int kind, const QString &message);
    void warnRepeated(int kind, const QString &message);
    void addOfflineStroke(const OfflineStroke &os);
    bool isStale(qint64 penDownMs) const;
    bool checkCounter(int ec); // false: the event just before, sent again (dropped)
    bool isRepeat(int ec) const;
    void send(const QByteArray &frame);
    void authorised();
    void onStroke(ink::Stroke stroke, bool offline);
    void scheduleReconnect();
    void onHandshakeTimeout();
    void nextOfflineNote();
    void finishOffline();
    static QString strokeKey(const ink::Stroke &s);

    std::unique_ptr<PenTransport> m_transport;
    Options m_options;
    State m_state = State::Idle;
    Deframer m_deframer{Direction::PenToApp};
    StrokeAssembler m_assembler;
    QVector<Frame> m_frames;
    PenInfo m_info;
    Stats m_stats;
    QString m_lastPin, m_acceptedPin;
    bool m_autoPinTried = false;
    bool m_stopping = false;
    bool m_everStreamed = false;
    bool m_linkLostSinceStream = false;
    int m_attempt = 0;
    int m_versionTries = 0;
    bool m_haveCounter = false;
    int m_lastCounter = 0;
    // The frames of the last kRepeatWindow counted events: one sent again is one of them, byte
    // for byte; any other counter behind the last one is a real loss of over 240 events.
    QList<QPair<int, QByteArray>> m_recentEvents;
    const Frame *m_frame = nullptr; // the frame being handled
    QTimer m_reconnectTimer;
    QTimer m_handshakeTimer;
    bool takeFromMemory(const QString &key, const ink::Stroke &stroke);
    QSet<QString> m_seen;           // page + start time (the pen's) of every stroke emitted
    QSet<QString> m_incompleteLive; // those of the strokes received incomplete live
    // The pen's own time of the live stroke being written when it was absurd (the stroke
    // got the station's): its offline copy comes back with that time.
    std::optional<qint64> m_absurdPenDown;
    QSet<int> m_warned;         // the kinds of warning already said on this connection
    QHash<int, int> m_repeated; // errors a pen can repeat at will, by kind, this connection
    // Offline download
    bool m_offlineActive = false;
    QQueue<OfflineNoteList::Note> m_offlineNotes;
    int m_offlineNew = 0;
    QPointer<store::StrokeWriter> m_writer;
    QString m_sheetId;
    std::unique_ptr<QFile> m_record;
};

} // namespace plume::pen
