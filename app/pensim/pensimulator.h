// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A simulated NeoSmartpen on TCP (protocol doc §10): the app is the client, the simulator
// the server; bytes are exactly those of the two GATT characteristics. Used by
// plume-pensim, `plume --demo` (in process) and the pen tests.
#pragma once

#include "ink/stroke.h"
#include "pen/codec.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <optional>

class QTcpServer;
class QTcpSocket;

namespace plume::pensim {

// One stroke as the simulator writes it: coordinates quantised to hundredths, times in
// whole ms with per-dot steps of 0..255 ms (what the protocol can carry).
struct SimStroke
{
    ink::PageAddress page;
    qint64 downMs = 0;
    QVector<ink::Dot> dots;
};

// What the simulator did with each stroke: the reference a test compares a capture with.
struct SentStroke
{
    enum Status { Pending, Completed, Cut, OfflineOnly };
    int index = 0;
    ink::PageAddress page;
    qint64 startMs = 0;
    QVector<ink::Dot> dots;    // the dots actually sent (lost/truncated ones removed)
    QVector<ink::Dot> written; // every dot written: the pen's memory holds them all
    Status status = Pending;
    bool penUpDropped = false;
};

class PenSimulator : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QVector<SimStroke> strokes;
        QString pin;   // empty: the pen is not locked
        int chunk = 0; // bytes per write; 0 = as generated; -1 = random 1..40
        quint32 seed = 1;
        QSet<QString> faults;      // garbage, truncate, drop-penup, lose-events, disconnect
        bool exitWhenDone = false; // after the ink: send shutdown (0x62), close, finished()
        int offlineStrokes = 0;    // with "disconnect": strokes written while disconnected
        int battery = 80;
        int maxPinTries = 10;
        bool quiet = false; // no per-stroke log lines on stderr
    };

    static const QStringList &faultNames();
    // Reads the strokes of an InkML file (pageAddress annotations, T channel if any).
    static std::optional<QVector<SimStroke>> loadInk(const QString &path, QString *error);
    static QVector<SimStroke> fromStrokes(const QVector<ink::Stroke> &strokes);

    explicit PenSimulator(Options options, QObject *parent = nullptr);
    ~PenSimulator() override;

    // Starts listening; returns the port (0 on failure, see errorString()).
    quint16 listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString errorString() const { return m_error; }
    quint16 port() const;

    const QVector<SentStroke> &sent() const { return m_sent; }
    int expectedLostEvents() const { return m_expectedLost; }
    int expectedBadFrames() const { return m_expectedBad; }
    int connections() const { return m_connections; }
    bool isFinished() const { return m_finished; }
    QStringList faultLog() const { return m_faultLog; }

signals:
    void finished();
    void clientConnected();
    void clientDisconnected();

private:
    void onNewConnection();
    void onReadyRead();
    void onDisconnected();
    void handle(const pen::Frame &frame);
    // One answer per request (handle checks the version handshake and the PIN first).
    void answerVersion(const pen::Frame &frame);
    void answerSettings(const pen::Frame &frame);
    void answerPassword(const pen::Frame &frame);
    void answerSetSetting(const pen::Frame &frame);
    void setClock(qint64 nowMs);
    void answerRealtime(const pen::Frame &frame);
    void answerOfflineNotes(const pen::Frame &frame);
    void answerOfflinePages(const pen::Frame &frame);
    void answerOfflineAck(const pen::Frame &frame);
    void queue(const QByteArray &bytes) { m_out.append(bytes); }
    void pump();
    void generateNextStroke();
    qint64 sendDots(SentStroke &rec, const SimStroke &s, int count, bool cut);
    void loseDot(int stroke, int dot);
    void truncateDot(int stroke, int dot, const QByteArray &frame);
    void cutLink(SentStroke rec, int dots);
    void writeOffline(int stroke);
    void injectGarbage(const QString &kind);
    void log(const QString &line);
    void logStroke(const SentStroke &s);
    void startOfflineTransfer(const pen::Frame &frame);
    void sendNextOfflineChunk();
    void checkDone();
    void forgetMemoryWhenLeftAlone();
    void forgetIfLeftAlone();
    bool fault(const char *name) const { return m_options.faults.contains(QLatin1String(name)); }

    Options m_options;
    QTcpServer *m_server = nullptr;
    QPointer<QTcpSocket> m_socket;
    QString m_error;
    QRandomGenerator m_rng;
    QTimer m_pumpTimer;
    pen::Deframer m_deframer{pen::Direction::AppToPen};
    QVector<pen::Frame> m_frames;
    QByteArray m_out;
    qsizetype m_disconnectAt = -1; // close the link once m_out is written up to here
    // Per connection
    bool m_gotVersion = false, m_authorised = false, m_streaming = false;
    quint8 m_ec = 0;
    int m_wrongTries = 0;
    // Progress
    int m_next = 0;
    bool m_clockSet = false; // the app set the pen's time (setClock)
    int m_connections = 0;
    QVector<SentStroke> m_sent;
    QStringList m_faultLog;
    int m_expectedLost = 0, m_expectedBad = 0;
    bool m_finished = false;
    bool m_shutdownSent = false;
    // Fault plan
    QHash<int, QStringList> m_garbageBefore; // stroke index -> garbage kinds
    int m_truncateStroke = -1, m_dropPenUpStroke = -1, m_disconnectStroke = -1;
    bool m_disconnectDone = false;
    // Offline memory (notes -> strokes); filled at the disconnect fault
    QVector<int> m_offlineMemory; // indexes into m_sent
    bool m_offlineRequested = false;
    static constexpr qint64 kOfflineGraceMs = 5000; // quiet time before the memory is forgotten
    QElapsedTimer m_offlineAsked; // the app's last offline request (or the live ink's end)
    bool m_forgetArmed = false;
    QVector<QVector<int>> m_offlineChunks;
    int m_offlineChunk = -1;
    struct OfflineNote
    {
        int section, owner;
        qint64 note;
    };
    OfflineNote m_offlineNote{};
    bool m_offlineDelete = false;
};

} // namespace plume::pensim
