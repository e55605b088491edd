// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/session.h"

#include "pen/offline.h"
#include "store/strokewriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <utility>
#include <variant>

namespace plume::pen {
namespace {

// Human messages, in French (source language).
struct PenText
{
    Q_DECLARE_TR_FUNCTIONS(Pen)
};

// Pen times are ms since the epoch on the clock the app sets at each connection: one
// outside the years 2000-2100 comes from a broken or hostile pen, and would reach the
// minutes (and the JSON of the seal) as it is.
constexpr qint64 kFirstPenMs = 946684800000; // 2000-01-01 00:00 UTC
constexpr qint64 kLastPenMs = 4102444800000; // 2100-01-01 00:00 UTC

bool plausiblePenTime(qint64 ms)
{
    return ms >= kFirstPenMs && ms < kLastPenMs;
}

// Warnings said once per connection (warnOnce).
// Counters this far behind the last one are events sent again.
constexpr int kRepeatWindow = 16;

enum Warning { InkBeforeStreaming, StationClock, UnsolicitedOffline, StaleOffline };
// Errors a pen can send at will, said kRepeatedSaid times per connection (warnRepeated):
// 200,000 malformed packets once wrote 200,000 lines, and filled the window's status bar.
enum Repeated { Malformed, RefusedCommand, BadOfflineData };
constexpr int kRepeatedSaid = 3;

// The packet id of a 0x24 payload (its first two bytes, little-endian), 0 when too short.
quint16 offlinePacketId(const QByteArray &payload)
{
    if (payload.size() < 2)
        return 0;
    return quint16(quint8(payload[0]) | (quint8(payload[1]) << 8));
}

} // namespace

PenSession::PenSession(std::unique_ptr<PenTransport> transport, Options options, QObject *parent)
    : QObject(parent), m_transport(std::move(transport)), m_options(std::move(options)),
      m_assembler(m_options.assembler)
{
    m_transport->setParent(nullptr);
    connect(m_transport.get(), &PenTransport::stateChanged, this, &PenSession::onTransportState);
    connect(m_transport.get(), &PenTransport::dataReceived, this, &PenSession::onData);
    connect(m_transport.get(), &PenTransport::errorOccurred, this, &PenSession::error);
    connect(&m_assembler, &StrokeAssembler::strokeCompleted, this,
            [this](const ink::Stroke &s) { onStroke(s, false); });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        setState(State::Connecting);
        m_transport->open();
    });
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &PenSession::onHandshakeTimeout);
    m_assembler.setPenId(m_transport->interactive() ? QStringLiteral("pen")
                                                    : QStringLiteral("replay"));
    if (!m_options.recordPath.isEmpty()) {
        // The pen's bytes hold the ink of contact sheets: owner only, like the station file.
        constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        m_record = std::make_unique<QFile>(m_options.recordPath);
        // Unbuffered: each chunk reaches the file as it arrives (a killed capture keeps it).
        if (!m_record->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered,
                            ownerOnly) ||
            (QFileInfo(m_options.recordPath).isFile() && !m_record->setPermissions(ownerOnly)))
            m_record.reset(); // a device (/dev/null) keeps its mode
    }
}

PenSession::~PenSession()
{
    m_stopping = true;
    m_transport->disconnect(this);
    m_transport->close();
}

QString PenSession::stateName(State s)
{
    switch (s) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::WaitVersion:
        return QStringLiteral("wait-version");
    case State::WaitSettings:
        return QStringLiteral("wait-settings");
    case State::NeedPin:
        return QStringLiteral("need-pin");
    case State::WaitPassword:
        return QStringLiteral("wait-password");
    case State::WaitRealtime:
        return QStringLiteral("wait-realtime");
    case State::Streaming:
        return QStringLiteral("streaming");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::LockedOut:
        return QStringLiteral("locked-out");
    }
    return {};
}

PenSession::Stats PenSession::stats() const
{
    Stats s = m_stats;
    s.badFrames = m_deframer.badFrames();
    s.outliers = m_assembler.outliersDropped();
    s.syntheticPenUps = m_assembler.syntheticPenUps();
    return s;
}

void PenSession::setStrokeWriter(store::StrokeWriter *writer, const QString &sheetId)
{
    m_writer = writer;
    m_sheetId = sheetId;
}

void PenSession::setState(State s)
{
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged(s);
}

void PenSession::start()
{
    m_stopping = false;
    m_attempt = 0;
    setState(State::Connecting);
    m_transport->open();
}

void PenSession::stop()
{
    m_stopping = true;
    m_reconnectTimer.stop();
    m_handshakeTimer.stop();
    m_transport->close();
    m_assembler.closeOpenStroke();
    setState(State::Idle);
}

void PenSession::send(const QByteArray &frame)
{
    m_transport->write(frame);
}

void PenSession::onTransportState(PenTransport::State s)
{
    if (s == PenTransport::State::Open) {
        m_deframer.reset();
        m_assembler.newConnection();
        m_haveCounter = false;
        m_recentEvents.clear();
        m_offlineActive = false;
        m_offlineNotes.clear();
        m_warned.clear();
        m_repeated.clear();
        if (!m_transport->interactive()) {
            setState(State::Streaming);
            emit connected();
            return;
        }
        m_versionTries = 1;
        setState(State::WaitVersion);
        send(versionRequest());
        m_handshakeTimer.start(m_options.versionRetryMs);
        return;
    }
    if (s != PenTransport::State::Closed)
        return;
    // Link lost (or an open attempt failed). A frame it cut off is a bad frame (docs/pen.md).
    m_handshakeTimer.stop();
    m_deframer.linkLost();
    m_assembler.closeOpenStroke();
    if (m_offlineActive)
        finishOffline();
    if (m_state == State::Streaming)
        m_linkLostSinceStream = true;
    emit disconnected();
    if (m_stopping || m_state == State::Idle) {
        setState(State::Idle);
        return;
    }
    if (m_state == State::LockedOut)
        return;
    if (!m_transport->interactive() || !m_options.autoReconnect) {
        setState(State::Idle);
        return;
    }
    scheduleReconnect();
}

void PenSession::scheduleReconnect()
{
    ++m_attempt;
    const int shift = std::min(m_attempt - 1, 16);
    const int delay = int(
        std::min<qint64>(qint64(m_options.reconnectInitialMs) << shift, m_options.reconnectMaxMs));
    setState(State::Reconnecting);
    emit reconnecting(m_attempt, delay);
    m_reconnectTimer.start(delay);
}

void PenSession::onHandshakeTimeout()
{
    if (m_state == State::WaitVersion && m_versionTries < 3) {
        ++m_versionTries;
        send(versionRequest());
        m_handshakeTimer.start(m_options.versionRetryMs);
        return;
    }
    if (m_state == State::NeedPin || m_state == State::Streaming)
        return;
    emit error(PenText::tr("le stylo n'a pas répondu (%1) : la liaison est coupée")
                   .arg(stateName(m_state)));
    m_transport->close();
}

void PenSession::submitPin(const QString &pin)
{
    if (m_state != State::NeedPin)
        return;
    m_lastPin = pin;
    setState(State::WaitPassword);
    send(passwordRequest(pin));
    m_handshakeTimer.start(m_options.responseTimeoutMs);
}

void PenSession::authorised()
{
    setState(State::WaitRealtime);
    send(setTimeRequest(QDateTime::currentMSecsSinceEpoch()));
    send(realtimeAllNotesRequest());
    m_handshakeTimer.start(m_options.responseTimeoutMs);
}

void PenSession::onData(const QByteArray &bytes)
{
    if (m_record)
        m_record->write(bytes);
    m_frames.clear();
    m_deframer.feed(bytes, m_frames);
    for (const Frame &f : std::as_const(m_frames))
        handle(f);
}

bool PenSession::checkCounter(int ec)
{
    if (ec < 0)
        return true;
    // The same counter again is the same event sent twice (a frame repeated): counted as 255
    // events lost, it added a dot twice and marked the stroke incomplete (a review of
    // 2026-12-02). It is dropped.
    // So is a run of frames sent again (the counter back a few steps): counted as some 250
    // events lost, their dots were added twice and the line went back (same review). Dropped
    // until the counter passes the last one again. (A real loss of more than
    // 256 − kRepeatWindow events in a row reads as such a run: a link that bad is lost.)
    if (m_haveCounter && ((m_lastCounter - ec) & 0xFF) < kRepeatWindow && isRepeat(ec)) {
        ++m_stats.repeatedEvents;
        return false;
    }
    if (m_haveCounter) {
        const int gap = (ec - ((m_lastCounter + 1) & 0xFF)) & 0xFF;
        if (gap > 0) {
            m_stats.lostEvents += gap;
            m_assembler.markIncomplete();
            emit lostEvents(gap);
        }
    }
    // The first counted event after each (re)connection is the baseline (doc §6.4).
    m_haveCounter = true;
    m_lastCounter = ec;
    m_recentEvents.append({ec, m_frame ? m_frame->payload : QByteArray()});
    if (m_recentEvents.size() > kRepeatWindow)
        m_recentEvents.removeFirst();
    return true;
}

// An event sent again: the same counter and bytes as one of the last ones (a real loss of
// 241 to 255 events also lands a counter just behind the last: it was dropped unseen, the
// stroke left complete, a review of 2026-12-02).
bool PenSession::isRepeat(int ec) const
{
    const QByteArray payload = m_frame ? m_frame->payload : QByteArray();
    return std::any_of(m_recentEvents.cbegin(), m_recentEvents.cend(),
                       [&](const auto &e) { return e.first == ec && e.second == payload; });
}

void PenSession::handle(const Frame &f)
{
    m_frame = &f;
    std::visit([this](const auto &packet) { on(packet); }, parsePenPacket(f));
    m_frame = nullptr;
}

void PenSession::warnOnce(int kind, const QString &message)
{
    if (m_warned.contains(kind))
        return;
    m_warned.insert(kind);
    emit error(message);
}

void PenSession::warnRepeated(int kind, const QString &message)
{
    const int n = ++m_repeated[kind];
    if (n <= kRepeatedSaid)
        emit error(message);
    if (n == kRepeatedSaid)
        emit error(PenText::tr("les erreurs suivantes de ce genre sont comptées sans être "
                               "affichées"));
}

// ---- ink events ----------------------------------------------------------------------------

// A pen sends ink once it is authorised (PIN) and asked for it (0x11): ink before that is
// not stored. A replay has no handshake: all its ink counts.
bool PenSession::acceptInk()
{
    if (m_state == State::Streaming || !m_transport->interactive())
        return true;
    ++m_stats.refusedInk;
    warnOnce(InkBeforeStreaming,
             PenText::tr("le stylo envoie de l'encre avant la fin de la connexion (%1) : "
                         "encre ignorée")
                 .arg(stateName(m_state)));
    return false;
}

// The pen's time, or the station clock's when the pen's is absurd (counted, said once).
qint64 PenSession::saneTime(qint64 penMs)
{
    if (plausiblePenTime(penMs))
        return penMs;
    ++m_stats.restampedStrokes;
    warnOnce(StationClock, PenText::tr("heure du stylo invalide (%1 ms) : l'heure du poste la "
                                       "remplace")
                               .arg(penMs));
    return QDateTime::currentMSecsSinceEpoch();
}

// A stroke whose time is outside 2000-2100 (an absurd pen clock, or dots without any
// pen-down) gets the station clock, its dots keeping their steps; it is flagged.
void PenSession::restamp(ink::Stroke &stroke)
{
    if (plausiblePenTime(stroke.startMs))
        return;
    const qint64 now = saneTime(stroke.startMs);
    for (ink::Dot &d : stroke.dots) {
        // Unsigned: the difference of any two qint64 is defined.
        const quint64 step = d.t > stroke.startMs ? quint64(d.t) - quint64(stroke.startMs) : 0;
        d.t = now + qint64(std::min<quint64>(step, kLastPenMs - kFirstPenMs));
    }
    stroke.startMs = now;
    stroke.incomplete = true;
}

void PenSession::on(const DotEvent &e)
{
    if (!acceptInk() || !checkCounter(e.ec))
        return;
    m_assembler.dot(e.x, e.y, float(e.force), e.dt);
}

void PenSession::on(const PenDownEvent &e)
{
    if (!acceptInk() || !checkCounter(e.ec))
        return;
    m_assembler.penDown(saneTime(e.time));
    m_absurdPenDown.reset();
    if (!plausiblePenTime(e.time)) {
        m_absurdPenDown = e.time;
        m_assembler.markIncomplete();
    }
}

void PenSession::on(const PaperInfoEvent &e)
{
    if (!acceptInk() || !checkCounter(e.ec))
        return;
    m_assembler.paperInfo(e.page);
}

void PenSession::on(const PenUpEvent &e)
{
    if (!acceptInk() || !checkCounter(e.ec))
        return;
    m_assembler.penUp(e.time);
}

void PenSession::on(const DotErrorEvent &e)
{
    if (acceptInk())
        checkCounter(e.ec);
}

void PenSession::on(const HoverDotEvent &) {} // hover is not ink

// ---- handshake -----------------------------------------------------------------------------

void PenSession::on(const VersionInfo &v)
{
    // A replay is streaming from its first byte: the pen's answer recorded in it still names
    // the pen. Its strokes were "replay" strokes, and replaying a log into the station it was
    // recorded into stored every stroke twice (a review of 2026-12-02).
    if (!m_transport->interactive()) {
        m_info.version = v;
        m_assembler.setPenId(v.mac.isEmpty() ? v.name : v.mac);
        return;
    }
    if (m_state != State::WaitVersion)
        return;
    m_info.version = v;
    m_assembler.setPenId(v.mac.isEmpty() ? v.name : v.mac);
    setState(State::WaitSettings);
    send(settingsRequest());
    m_handshakeTimer.start(m_options.responseTimeoutMs);
}

void PenSession::on(const SettingsInfo &s)
{
    m_info.maxForce = s.maxForce;
    if (s.battery != m_info.battery) {
        m_info.battery = s.battery;
        emit batteryChanged(s.battery, m_info.lowBattery);
    }
    if (m_state != State::WaitSettings)
        return;
    if (!s.locked)
        return authorised();
    QString pin = m_acceptedPin;
    if (pin.isEmpty() && !m_autoPinTried && !m_options.pin.isEmpty()) {
        pin = m_options.pin;
        m_autoPinTried = true;
    }
    if (pin.isEmpty()) {
        m_handshakeTimer.stop();
        setState(State::NeedPin);
        emit pinRequested(s.wrongTries, s.maxTries);
        return;
    }
    m_lastPin = pin;
    setState(State::WaitPassword);
    send(passwordRequest(pin));
    m_handshakeTimer.start(m_options.responseTimeoutMs);
}

void PenSession::on(const PasswordReply &p)
{
    if (m_state != State::WaitPassword)
        return;
    m_handshakeTimer.stop();
    if (p.status == 1) {
        m_acceptedPin = m_lastPin;
        authorised();
    } else if (p.status == 2) {
        m_acceptedPin.clear();
        setState(State::LockedOut);
        emit error(PenText::tr("trop de codes faux : le stylo se réinitialise"));
    } else {
        m_acceptedPin.clear();
        setState(State::NeedPin);
        emit pinRequested(p.tries, p.max);
    }
}

void PenSession::on(const SettingReply &) {} // set time acknowledged; nothing to do

// The pen accepted real-time mode: streaming, and the offline download it is set up for.
void PenSession::startStreaming()
{
    if (m_state != State::WaitRealtime)
        return;
    m_handshakeTimer.stop();
    const bool reconnected = m_everStreamed && m_linkLostSinceStream;
    if (reconnected)
        ++m_stats.reconnects;
    m_everStreamed = true;
    m_linkLostSinceStream = false;
    m_attempt = 0;
    setState(State::Streaming);
    emit connected();
    if ((reconnected && m_options.downloadOfflineAfterReconnect) ||
        (!reconnected && m_options.downloadOfflineOnFirstConnect)) {
        m_offlineActive = true;
        m_offlineNew = 0;
        send(offlineNoteListRequest());
    }
}

void PenSession::on(const GenericResponse &g)
{
    if (g.cmd == cmd::response(cmd::Realtime) && g.result == 0)
        return startStreaming();
    if (g.result == 0)
        return;
    if (g.cmd == cmd::response(cmd::OfflineNotes) || g.cmd == cmd::response(cmd::OfflineStart)) {
        if (m_offlineActive) {
            emit error(PenText::tr("le stylo a refusé le téléchargement hors ligne (résultat %1)")
                           .arg(g.result));
            finishOffline();
        }
        return;
    }
    ++m_stats.refusedCommands;
    warnRepeated(RefusedCommand, PenText::tr("le stylo a refusé la commande 0x%1 (résultat %2)")
                                     .arg(g.cmd, 2, 16, QLatin1Char('0'))
                                     .arg(g.result));
    if (m_state != State::Streaming && m_state != State::NeedPin)
        m_transport->close(); // a failed handshake step: retry from scratch
}

// ---- pen state -----------------------------------------------------------------------------

void PenSession::on(const LowBatteryEvent &b)
{
    m_info.battery = b.percent;
    m_info.lowBattery = true;
    emit batteryChanged(b.percent, true);
}

void PenSession::on(const ShutdownEvent &sd)
{
    m_assembler.closeOpenStroke();
    emit penShutdown(sd.reason);
    if (sd.reason == 7) {
        setState(State::LockedOut);
        emit error(PenText::tr("trop de codes faux : le stylo s'est éteint"));
    }
}

void PenSession::on(const MalformedPacket &m)
{
    ++m_stats.unknownPackets;
    warnRepeated(
        Malformed,
        PenText::tr("paquet 0x%1 mal formé : %2").arg(m.cmd, 2, 16, QLatin1Char('0')).arg(m.why));
}

void PenSession::on(const UnknownPacket &)
{
    ++m_stats.unknownPackets;
}

// ---- offline download ----------------------------------------------------------------------

void PenSession::on(const OfflineNoteList &l)
{
    if (!m_offlineActive)
        return;
    m_offlineNotes.clear();
    for (const auto &n : l.notes)
        m_offlineNotes.enqueue(n);
    nextOfflineNote();
}

void PenSession::on(const OfflineStartReply &o)
{
    if (m_offlineActive && o.strokes == 0)
        nextOfflineNote();
}

void PenSession::on(const OfflineChunkEvent &c)
{
    // Only the transfer the session asked for (a replay holds what a pen sent when asked).
    if (!m_offlineActive && m_transport->interactive()) {
        ++m_stats.unsolicitedOffline;
        warnOnce(UnsolicitedOffline,
                 PenText::tr("données hors ligne que personne n'a demandées : refusées"));
        send(offlineChunkAck(offlinePacketId(c.payload), false, 1));
        return;
    }
    QString why;
    quint16 id = 0;
    const auto chunk = parseOfflineChunk(c.payload, &why, &id);
    if (!chunk) {
        ++m_stats.badOfflineChunks;
        warnRepeated(BadOfflineData, PenText::tr("données hors ligne : %1").arg(why));
        send(offlineChunkAck(id, true, 1));
        return;
    }
    send(offlineChunkAck(chunk->packetId, true));
    for (const OfflineStroke &os : chunk->strokes)
        addOfflineStroke(os);
    if (chunk->position == 2 && m_offlineActive)
        nextOfflineNote();
}

void PenSession::addOfflineStroke(const OfflineStroke &os)
{
    if (isStale(os.downMs)) {
        ++m_stats.staleOffline;
        warnOnce(StaleOffline,
                 PenText::tr("la mémoire du stylo garde de l'encre d'un autre jour : laissée de "
                             "côté"));
        return;
    }
    ink::Stroke s;
    s.page = os.page;
    s.penId = m_info.version.mac.isEmpty() ? QStringLiteral("pen") : m_info.version.mac;
    s.startMs = os.downMs;
    s.dots = os.dots;
    s.incomplete = os.badChecksums > 0;
    StrokeAssembler::filterOutliers(s.dots, m_options.assembler.outlierJump);
    if (!s.dots.isEmpty())
        onStroke(std::move(s), true);
}

// Written before the days the station reads (an absurd pen time is the station's own,
// taken). Only while the station's clock is past that start: a laptop clock behind it (a flat
// clock battery, training days before with the election's file) set the pen's clock behind
// it too, and all of today's ink was left aside (a review of 2026-12-02).
bool PenSession::isStale(qint64 penDownMs) const
{
    const qint64 notBefore = m_options.offlineNotBeforeMs;
    return notBefore > 0 && QDateTime::currentMSecsSinceEpoch() >= notBefore &&
           plausiblePenTime(penDownMs) && penDownMs < notBefore;
}

void PenSession::nextOfflineNote()
{
    if (m_offlineNotes.isEmpty()) {
        finishOffline();
        return;
    }
    const auto n = m_offlineNotes.dequeue();
    send(offlineStartRequest(n.section, n.owner, n.note, m_options.deleteOfflineAfterTransfer));
}

void PenSession::finishOffline()
{
    if (!m_offlineActive)
        return;
    m_offlineActive = false;
    m_offlineNotes.clear();
    emit offlineDownloadFinished(m_offlineNew);
}

QString PenSession::strokeKey(const ink::Stroke &s)
{
    return s.page.toString() + QLatin1Char('@') + QString::number(s.startMs);
}

// A stroke from the pen's memory: false when it was received already. A stroke received
// live with events lost is incomplete: its copy from the memory, complete, is taken too
// (FormSession reads and draws only that one). Not when the pen's clock is absurd: that
// copy too gets the station's time, incomplete.
bool PenSession::takeFromMemory(const QString &key, const ink::Stroke &stroke)
{
    const bool completes =
        !stroke.incomplete && plausiblePenTime(stroke.startMs) && m_incompleteLive.remove(key);
    if (m_seen.contains(key) && !completes) {
        ++m_stats.duplicates;
        return false;
    }
    if (completes) {
        ++m_stats.completedCopies;
    } else {
        ++m_stats.offlineStrokes;
        ++m_offlineNew;
    }
    return true;
}

void PenSession::onStroke(ink::Stroke stroke, bool offline)
{
    // The pen's time: the same stroke again, same key (a live stroke restamped at its
    // pen-down, by the time the pen gave; its offline copy has that time).
    ink::Stroke asSent = stroke;
    if (!offline && m_absurdPenDown)
        asSent.startMs = *std::exchange(m_absurdPenDown, std::nullopt);
    const QString key = strokeKey(asSent);
    if (offline && !takeFromMemory(key, stroke))
        return;
    if (!offline && stroke.incomplete)
        m_incompleteLive.insert(key);
    m_seen.insert(key);
    restamp(stroke);
    stroke.fromMemory = offline;
    ++m_stats.strokes;
    m_stats.dots += stroke.dots.size();
    // Durable first: the store gets the stroke before anyone (recognition) sees it.
    if (m_writer)
        m_writer->enqueue(stroke, m_sheetId);
    emit strokeCompleted(stroke);
}

} // namespace plume::pen
