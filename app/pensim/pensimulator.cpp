// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pensim/pensimulator.h"

#include "ink/inkml.h"
#include "pen/offline.h"
#include "pen/packets.h"

#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <cstdio>

namespace plume::pensim {

using namespace plume::pen;

static constexpr qint64 kBaseTimeMs = 1733567400000; // 2024-12-07 10:30:00 UTC

const QStringList &PenSimulator::faultNames()
{
    static const QStringList names{QStringLiteral("garbage"), QStringLiteral("truncate"),
                                   QStringLiteral("drop-penup"), QStringLiteral("lose-events"),
                                   QStringLiteral("disconnect")};
    return names;
}

QVector<SimStroke> PenSimulator::fromStrokes(const QVector<ink::Stroke> &strokes)
{
    QVector<SimStroke> out;
    const ink::PageAddress defaultPage{3, 27, 603, 1};
    bool haveTimes = false;
    for (const ink::Stroke &s : strokes)
        for (const ink::Dot &d : s.dots)
            haveTimes = haveTimes || d.t != 0;
    qint64 synthetic = kBaseTimeMs;
    qint64 lastEnd = 0;
    for (const ink::Stroke &s : strokes) {
        if (s.dots.isEmpty())
            continue;
        SimStroke st;
        st.page = s.page.isValid() ? s.page : defaultPage;
        qint64 t0 = haveTimes ? s.dots.first().t : synthetic;
        if (haveTimes && t0 < 1000000000000LL)
            t0 += kBaseTimeMs;          // relative times: anchor them on the base date
        t0 = std::max(t0, lastEnd + 1); // pen-down times strictly increase
        st.downMs = t0;
        qint64 t = t0;
        qint64 prevSource = s.dots.first().t;
        for (int i = 0; i < s.dots.size(); ++i) {
            const ink::Dot &d = s.dots[i];
            if (i > 0)
                t += haveTimes ? std::clamp<qint64>(d.t - prevSource, 0, 255) : 12;
            prevSource = d.t;
            const float force = d.force > 0 ? float(std::clamp(std::lround(d.force), 1L, 65535L))
                                            : float(400 + i % 50);
            st.dots.append(ink::Dot{quantizeCoordinate(d.x), quantizeCoordinate(d.y), force, t});
        }
        lastEnd = t;
        synthetic = t + 500;
        out.append(std::move(st));
    }
    return out;
}

std::optional<QVector<SimStroke>> PenSimulator::loadInk(const QString &path, QString *error)
{
    const ink::InkReadResult r = ink::readInkML(path);
    if (!r.ok) {
        if (error)
            *error = path + QStringLiteral(": ") + r.error;
        return std::nullopt;
    }
    QVector<ink::Stroke> strokes;
    for (const ink::InkGroup &g : r.document.groups)
        strokes += g.strokes;
    strokes += r.document.looseStrokes;
    QVector<SimStroke> out = fromStrokes(strokes);
    if (out.isEmpty()) {
        if (error)
            *error = path + QStringLiteral(": no strokes with points");
        return std::nullopt;
    }
    return out;
}

PenSimulator::PenSimulator(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_rng(m_options.seed)
{
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &PenSimulator::pump);
    // Fault plan, fixed by the seed.
    const int n = int(m_options.strokes.size());
    auto dotsOf = [this](int i) { return int(m_options.strokes[i].dots.size()); };
    auto pick = [&](auto ok) {
        QVector<int> c;
        for (int i = 0; i < n; ++i)
            if (ok(i))
                c.append(i);
        return c.isEmpty() ? -1 : c[int(m_rng.bounded(quint32(c.size())))];
    };
    if (fault("disconnect") && n >= 2)
        m_disconnectStroke = pick([&](int i) { return i >= 1 && dotsOf(i) >= 2; });
    const int offEnd = m_disconnectStroke < 0 ? -1 : m_disconnectStroke + m_options.offlineStrokes;
    auto live = [&](int i) {
        return i != m_disconnectStroke && !(i > m_disconnectStroke && i <= offEnd);
    };
    if (fault("drop-penup"))
        m_dropPenUpStroke = pick([&](int i) { return i < n - 1 && live(i) && live(i + 1); });
    if (fault("truncate"))
        m_truncateStroke = pick([&](int i) { return dotsOf(i) >= 3 && live(i); });
    if (fault("garbage")) {
        const QStringList kinds{QStringLiteral("noise"),      QStringLiteral("short-len"),
                                QStringLiteral("long-len"),   QStringLiteral("empty"),
                                QStringLiteral("escape-etx"), QStringLiteral("unterminated"),
                                QStringLiteral("unknown-cmd")};
        for (const QString &k : kinds) {
            const int i = pick([&](int j) { return live(j); });
            if (i >= 0)
                m_garbageBefore[i].append(k);
        }
    }
}

PenSimulator::~PenSimulator() = default;

quint16 PenSimulator::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server) {
        m_server = new QTcpServer(this);
        m_server->setMaxPendingConnections(1);
        connect(m_server, &QTcpServer::newConnection, this, &PenSimulator::onNewConnection);
    }
    if (!m_server->listen(address, port)) {
        m_error = m_server->errorString();
        return 0;
    }
    return m_server->serverPort();
}

quint16 PenSimulator::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void PenSimulator::log(const QString &line)
{
    m_faultLog.append(line);
    std::fprintf(stderr, "pensim: %s\n", qPrintable(line));
    std::fflush(stderr);
}

void PenSimulator::logStroke(const SentStroke &s)
{
    if (m_options.quiet)
        return;
    static const char *names[] = {"pending", "completed", "cut", "offline"};
    std::fprintf(stderr, "pensim: stroke %d page=%s start=%lld dots=%d status=%s\n", s.index,
                 qPrintable(s.page.toString()), static_cast<long long>(s.startMs),
                 int(s.dots.size()), names[s.status]);
    std::fflush(stderr);
}

void PenSimulator::onNewConnection()
{
    while (QTcpSocket *next = m_server->nextPendingConnection()) {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            next->abort(); // one client at a time
            next->deleteLater();
            continue;
        }
        if (m_socket)
            m_socket->deleteLater();
        m_socket = next;
        next->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(next, &QTcpSocket::readyRead, this, &PenSimulator::onReadyRead);
        connect(next, &QTcpSocket::disconnected, this, &PenSimulator::onDisconnected);
        m_gotVersion = m_authorised = m_streaming = false;
        m_ec = 0;
        m_deframer.reset();
        m_out.clear();
        m_disconnectAt = -1;
        m_offlineChunk = -1;
        ++m_connections;
        emit clientConnected();
    }
}

void PenSimulator::onDisconnected()
{
    auto *s = qobject_cast<QTcpSocket *>(sender());
    if (s != m_socket)
        return;
    if (!m_out.isEmpty() && !m_shutdownSent && !m_sent.isEmpty() &&
        m_sent.last().status == SentStroke::Completed) {
        // The app closed the link before the stroke was written out: the rest is lost.
        m_sent.last().status = SentStroke::Cut;
        log(QStringLiteral("client closed the link during stroke %1").arg(m_sent.last().index));
    }
    m_out.clear();
    m_disconnectAt = -1;
    m_streaming = false;
    m_offlineChunk = -1;
    m_pumpTimer.stop();
    m_socket->deleteLater();
    m_socket = nullptr;
    emit clientDisconnected();
}

void PenSimulator::onReadyRead()
{
    if (!m_socket)
        return;
    m_frames.clear();
    m_deframer.feed(m_socket->readAll(), m_frames);
    for (const Frame &f : std::as_const(m_frames))
        handle(f);
    if (!m_out.isEmpty() && !m_pumpTimer.isActive())
        m_pumpTimer.start();
}

void PenSimulator::handle(const Frame &f)
{
    struct Request
    {
        void (PenSimulator::*answer)(const Frame &);
        bool needsPin; // refused (result 2) before the PIN is accepted
    };
    static const QHash<quint8, Request> requests = {
        {cmd::Version, {&PenSimulator::answerVersion, false}},
        {cmd::Settings, {&PenSimulator::answerSettings, false}},
        {cmd::Password, {&PenSimulator::answerPassword, false}},
        {cmd::SetSetting, {&PenSimulator::answerSetSetting, false}},
        {cmd::Realtime, {&PenSimulator::answerRealtime, true}},
        {cmd::OfflineNotes, {&PenSimulator::answerOfflineNotes, true}},
        {cmd::OfflinePages, {&PenSimulator::answerOfflinePages, false}},
        {cmd::OfflineStart, {&PenSimulator::startOfflineTransfer, true}},
        {cmd::OfflineAck, {&PenSimulator::answerOfflineAck, false}},
    };
    const quint8 resp = cmd::response(f.cmd);
    const auto request = requests.constFind(f.cmd);
    if (!m_gotVersion && f.cmd != cmd::Version)
        queue(penResponse(resp, 2));
    else if (request == requests.cend())
        queue(penResponse(resp, 1)); // unknown request
    else if (request->needsPin && !m_authorised)
        queue(penResponse(resp, 2));
    else
        (this->*request->answer)(f);
    if ((f.cmd >= cmd::OfflineNotes && f.cmd <= cmd::OfflineDelete) || f.cmd == cmd::OfflineAck)
        m_offlineAsked.start(); // the app is taking the memory: it is kept for it
    if (m_gotVersion && !m_pumpTimer.isActive())
        m_pumpTimer.start();
}

void PenSimulator::answerVersion(const Frame &)
{
    m_gotVersion = true;
    static const quint8 mac[6] = {0x02, 0x4E, 0x45, 0x4F, 0x00, 0x01};
    queue(versionResponse("NWP-F121", "1.07.0000", "2.18", "NeoEmu", mac));
}

void PenSimulator::answerSettings(const Frame &)
{
    SettingsInfo s;
    s.locked = !m_options.pin.isEmpty() && !m_authorised;
    s.maxTries = m_options.maxPinTries;
    s.wrongTries = m_wrongTries;
    s.penTime = kBaseTimeMs;
    s.autoPowerOffMin = 20;
    s.maxForce = 1023;
    s.battery = m_options.battery;
    s.offlineSave = true;
    queue(settingsResponse(s));
    if (!s.locked)
        m_authorised = true;
}

void PenSimulator::answerPassword(const Frame &f)
{
    ByteReader r(f.payload);
    const QString pin = QString::fromUtf8(r.fixed(16));
    if (m_options.pin.isEmpty() || pin == m_options.pin) {
        m_authorised = true;
        m_wrongTries = 0;
        queue(passwordResponse(1, 0, m_options.maxPinTries));
    } else if (++m_wrongTries >= m_options.maxPinTries) {
        log(QStringLiteral("too many wrong PINs: the pen resets"));
        queue(passwordResponse(2, m_wrongTries, m_options.maxPinTries));
        queue(shutdownEvent(7));
        m_wrongTries = 0;
        m_disconnectAt = m_out.size();
    } else {
        queue(passwordResponse(0, m_wrongTries, m_options.maxPinTries));
    }
}

void PenSimulator::answerSetSetting(const Frame &f)
{
    ByteReader r(f.payload);
    if (r.u8() == 1) { // the time (ms since the epoch), as the app sets it
        const qint64 now = r.i64();
        if (r.ok())
            setClock(now);
    }
    ByteWriter w;
    w.u8(quint8(f.payload.isEmpty() ? 0 : quint8(f.payload[0]))).u8(0);
    queue(penResponse(cmd::response(f.cmd), 0, w.data()));
}

// A real pen's clock is the one the app set: the ink still to write is moved to it, once (a
// pen written on today, not on the ink file's day, so that the app's « another day's ink »
// rule sees what it would see with a real pen). Later connections keep that clock.
void PenSimulator::setClock(qint64 nowMs)
{
    // Only a clock of this century: a shift from an absurd one would overflow the times.
    constexpr qint64 k2000 = 946684800000, k2100 = 4102444800000;
    if (m_clockSet || m_next >= m_options.strokes.size() || nowMs < k2000 || nowMs > k2100)
        return;
    m_clockSet = true;
    const qint64 shift = nowMs - m_options.strokes[m_next].downMs;
    for (qsizetype i = m_next; i < m_options.strokes.size(); ++i) {
        SimStroke &s = m_options.strokes[i];
        s.downMs += shift;
        for (ink::Dot &d : s.dots)
            d.t += shift;
    }
}

void PenSimulator::answerRealtime(const Frame &f)
{
    queue(penResponse(cmd::response(f.cmd), 0));
    m_streaming = true;
}

void PenSimulator::answerOfflineNotes(const Frame &f)
{
    QVector<std::tuple<int, int, qint64>> notes;
    for (int i : std::as_const(m_offlineMemory)) {
        const auto &p = m_sent[i].page;
        const auto key = std::make_tuple(p.section, p.owner, p.note);
        if (!notes.contains(key))
            notes.append(key);
    }
    ByteWriter w;
    w.u16(quint16(notes.size()));
    for (const auto &[s, o, n] : notes)
        w.u32(sectionOwnerWord(s, o)).u32(quint32(n));
    queue(penResponse(cmd::response(f.cmd), 0, w.data()));
    m_offlineRequested = true;
    if (notes.isEmpty())
        m_offlineMemory.clear();
}

void PenSimulator::answerOfflinePages(const Frame &f)
{
    ByteReader r(f.payload);
    const quint32 so = r.u32();
    const quint32 note = r.u32();
    QVector<quint32> pages;
    for (int i : std::as_const(m_offlineMemory)) {
        const auto &p = m_sent[i].page;
        if (sectionOwnerWord(p.section, p.owner) == so && p.note == note &&
            !pages.contains(quint32(p.page)))
            pages.append(quint32(p.page));
    }
    ByteWriter w;
    w.u32(so).u32(note).u16(quint16(pages.size()));
    for (quint32 p : pages)
        w.u32(p);
    queue(penResponse(cmd::response(f.cmd), r.ok() ? 0 : 1, r.ok() ? w.data() : QByteArray()));
}

void PenSimulator::answerOfflineAck(const Frame &f)
{
    ByteReader r(f.payload);
    const quint16 id = r.u16();
    const bool more = r.u8() != 0;
    if (m_offlineChunk < 0 || id != m_offlineChunk)
        return;
    if (more && m_offlineChunk + 1 < m_offlineChunks.size()) {
        ++m_offlineChunk;
        sendNextOfflineChunk();
        return;
    }
    // Transfer of this note finished (or stopped by the app). The note is served: with
    // mode 1 the pen deletes it; we forget it either way so that the simulator knows when
    // the offline data has been taken.
    QVector<int> rest;
    for (int i : std::as_const(m_offlineMemory)) {
        const auto &p = m_sent[i].page;
        if (!(p.section == m_offlineNote.section && p.owner == m_offlineNote.owner &&
              p.note == m_offlineNote.note))
            rest.append(i);
    }
    m_offlineMemory = rest;
    m_offlineChunk = -1;
}

void PenSimulator::startOfflineTransfer(const Frame &f)
{
    ByteReader r(f.payload);
    const int mode = r.u8();
    const bool compress = r.u8() != 0;
    const quint32 so = r.u32();
    const quint32 note = r.u32();
    if (!r.ok()) {
        queue(penResponse(cmd::response(cmd::OfflineStart), 1));
        return;
    }
    m_offlineDelete = mode == 1;
    m_offlineNote = OfflineNote{int(so >> 24), int(so & 0xFFFFFF), qint64(note)};
    QVector<int> strokes;
    for (int i : std::as_const(m_offlineMemory)) {
        const auto &p = m_sent[i].page;
        if (sectionOwnerWord(p.section, p.owner) == so && p.note == note)
            strokes.append(i);
    }
    m_offlineChunks.clear();
    for (int i = 0; i < strokes.size(); i += 3)
        m_offlineChunks.append(strokes.mid(i, 3));
    ByteWriter w;
    w.u32(quint32(strokes.size())).u32(0).u8(compress ? 1 : 0);
    queue(penResponse(cmd::response(cmd::OfflineStart), 0, w.data()));
    if (strokes.isEmpty()) {
        m_offlineChunk = -1;
        return;
    }
    m_offlineChunk = 0;
    Q_UNUSED(compress);
    sendNextOfflineChunk();
}

void PenSimulator::sendNextOfflineChunk()
{
    QVector<OfflineStroke> strokes;
    for (int i : std::as_const(m_offlineChunks[m_offlineChunk])) {
        const SentStroke &s = m_sent[i];
        const SimStroke &src = m_options.strokes[s.index];
        OfflineStroke o;
        o.page = src.page;
        o.downMs = src.downMs;
        o.upMs = src.dots.isEmpty() ? src.downMs : src.dots.last().t;
        o.colour = 0xFF000000;
        o.dots = src.dots; // the pen stores every dot, whatever was lost on the air
        strokes.append(o);
    }
    const int last = int(m_offlineChunks.size()) - 1;
    const int position = m_offlineChunk == last ? 2 : (m_offlineChunk == 0 ? 0 : 1);
    queue(encodeFrame(cmd::OfflineChunk,
                      encodeOfflineChunk(quint16(m_offlineChunk), position, m_offlineNote.section,
                                         m_offlineNote.owner, m_offlineNote.note, strokes, true)));
}

void PenSimulator::injectGarbage(const QString &kind)
{
    QByteArray g;
    int bad = 0;
    if (kind == QLatin1String("noise")) {
        for (int i = 0; i < 24; ++i) {
            quint8 b = quint8(m_rng.bounded(256));
            if (b == kStx)
                b = 0x42;
            g.append(char(b));
        }
    } else if (kind == QLatin1String("short-len")) {
        g = QByteArray::fromHex("c06c0e00010203c1"), bad = 1;
    } else if (kind == QLatin1String("long-len")) {
        g = QByteArray::fromHex("c06c0200") + QByteArray(14, '\x05') + QByteArray("\xc1", 1);
        bad = 1;
    } else if (kind == QLatin1String("empty")) {
        g = QByteArray::fromHex("c0c1"), bad = 1;
    } else if (kind == QLatin1String("escape-etx")) {
        g = QByteArray::fromHex("c06c7dc1"), bad = 1;
    } else if (kind == QLatin1String("unterminated")) {
        g = QByteArray::fromHex("c06c0e"), bad = 1; // discarded by the next frame's C0
    } else if (kind == QLatin1String("unknown-cmd")) {
        g = encodeFrame(0xE7, QByteArray::fromHex("aabb"), 0);
    }
    m_expectedBad += bad;
    log(QStringLiteral("fault garbage kind=%1 before-stroke=%2 bad-frames=%3 lost=0")
            .arg(kind)
            .arg(m_next)
            .arg(bad));
    queue(g);
}

void PenSimulator::generateNextStroke()
{
    const int i = m_next++;
    const SimStroke &s = m_options.strokes[i];
    for (const QString &kind : m_garbageBefore.value(i))
        injectGarbage(kind);
    SentStroke rec;
    rec.index = i;
    rec.page = s.page;
    rec.startMs = s.downMs;
    rec.written = s.dots;
    queue(penDownEvent(m_ec++, s.downMs));
    queue(paperInfoEvent(m_ec++, s.page));
    const int n = int(s.dots.size());
    const bool cut = i == m_disconnectStroke && !m_disconnectDone;
    const qint64 lastT = sendDots(rec, s, cut ? std::max(1, n / 2) : n, cut);
    if (cut)
        return cutLink(rec, n);
    if (i == m_dropPenUpStroke) {
        rec.penUpDropped = true;
        log(QStringLiteral("fault drop-penup stroke=%1 lost=0").arg(i));
    } else {
        queue(penUpEvent(m_ec++, lastT, int(rec.dots.size())));
    }
    rec.status = SentStroke::Completed;
    m_sent.append(rec);
    logStroke(rec);
}

// The first `count` dots of stroke s, each sent, lost (lose-events) or cut short
// (truncate); those sent go to rec. Returns the time of the last dot.
qint64 PenSimulator::sendDots(SentStroke &rec, const SimStroke &s, int count, bool cut)
{
    const int i = rec.index, n = int(s.dots.size());
    const bool forceLose =
        fault("lose-events") && m_expectedLost == 0 && n >= 3 && i != m_truncateStroke;
    bool truncated = false;
    int lostHere = 0;
    qint64 prev = s.downMs;
    for (int k = 0; k < count; ++k) {
        const ink::Dot &d = s.dots[k];
        const int dt = int(d.t - prev);
        prev = d.t;
        const QByteArray frame = dotEvent(m_ec, dt, int(d.force), d.x, d.y);
        if (fault("lose-events") && !cut && n >= 3 && k >= 1 && k < n - 1 && lostHere < n - 2 &&
            (m_rng.bounded(100) < 4 || (forceLose && k == 1))) {
            loseDot(i, k);
            ++lostHere;
            continue;
        }
        if (i == m_truncateStroke && !truncated && k >= 1 &&
            (frame.indexOf(char(kEsc), 1) > 0 || k == n - 2)) {
            truncateDot(i, k, frame);
            truncated = true;
            continue;
        }
        queue(frame);
        ++m_ec;
        rec.dots.append(d);
    }
    return prev;
}

// lose-events: the dot's event counter is used, its frame never sent.
void PenSimulator::loseDot(int stroke, int dot)
{
    log(QStringLiteral("fault lose-events stroke=%1 dot=%2 ec=%3 lost=1")
            .arg(stroke)
            .arg(dot)
            .arg(m_ec));
    ++m_ec;
    ++m_expectedLost;
}

// truncate: the dot's frame cut after its first escape byte (or in half).
void PenSimulator::truncateDot(int stroke, int dot, const QByteArray &frame)
{
    const qsizetype esc = frame.indexOf(char(kEsc), 1);
    const QByteArray part = esc > 0 ? frame.left(esc + 1) : frame.left(frame.size() / 2);
    log(QStringLiteral("fault truncate stroke=%1 dot=%2 ec=%3 bytes=%4/%5 lost=1 "
                       "bad-frames=1")
            .arg(stroke)
            .arg(dot)
            .arg(m_ec)
            .arg(part.size())
            .arg(frame.size()));
    queue(part);
    ++m_ec;
    ++m_expectedLost;
    ++m_expectedBad;
}

// disconnect: the link drops in the middle of stroke rec; the pen keeps every stroke in
// its memory, and the strokes written while disconnected exist only there.
void PenSimulator::cutLink(SentStroke rec, int dots)
{
    rec.status = SentStroke::Cut;
    m_disconnectDone = true;
    m_disconnectAt = m_out.size();
    log(QStringLiteral("fault disconnect stroke=%1 sent-dots=%2/%3 reconnects=1")
            .arg(rec.index)
            .arg(rec.dots.size())
            .arg(dots));
    m_sent.append(rec);
    logStroke(rec);
    for (int j = 0; j < m_sent.size(); ++j)
        if (m_sent[j].status == SentStroke::Completed)
            m_offlineMemory.append(j);
    for (int k = 0; k < m_options.offlineStrokes && m_next < m_options.strokes.size(); ++k)
        writeOffline(m_next++);
}

void PenSimulator::writeOffline(int o)
{
    SentStroke off;
    off.index = o;
    off.page = m_options.strokes[o].page;
    off.startMs = m_options.strokes[o].downMs;
    off.dots = m_options.strokes[o].dots;
    off.written = off.dots;
    off.status = SentStroke::OfflineOnly;
    m_offlineMemory.append(int(m_sent.size()));
    m_sent.append(off);
    log(QStringLiteral("offline stroke=%1 written while disconnected dots=%2")
            .arg(o)
            .arg(off.dots.size()));
    logStroke(off);
}

void PenSimulator::pump()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_pumpTimer.stop();
        return;
    }
    if (m_out.isEmpty()) {
        if (m_streaming && m_disconnectAt < 0 && m_next < m_options.strokes.size() &&
            !m_shutdownSent) {
            generateNextStroke();
        } else {
            m_pumpTimer.stop();
            checkDone();
            return;
        }
    }
    if (m_socket->bytesToWrite() > 256 * 1024)
        return; // back-pressure
    qsizetype size = m_out.size();
    if (m_options.chunk > 0)
        size = m_options.chunk;
    else if (m_options.chunk < 0)
        size = qsizetype(m_rng.bounded(1, 41));
    if (m_disconnectAt >= 0)
        size = std::min(size, m_disconnectAt);
    size = std::min(size, m_out.size());
    m_socket->write(m_out.constData(), size);
    m_out.remove(0, size);
    if (m_options.chunk < 0)
        m_pumpTimer.setInterval(int(m_rng.bounded(3))); // short sleeps
    if (m_disconnectAt >= 0) {
        m_disconnectAt -= size;
        if (m_disconnectAt <= 0) {
            m_disconnectAt = -1;
            m_out.clear();
            m_socket->disconnectFromHost();
        }
    }
}

// A pen keeps its memory until it is deleted; the simulator forgets it, to end its run, once
// the app has left it alone for kOfflineGraceMs. It forgot it 3 s after the live ink ended:
// a window still placing a flood took the first note, and the rest was gone (a review,
// 2026-12-01).
void PenSimulator::forgetMemoryWhenLeftAlone()
{
    if (m_forgetArmed)
        return;
    m_forgetArmed = true;
    m_offlineAsked.start();
    QTimer::singleShot(kOfflineGraceMs, this, [this] { forgetIfLeftAlone(); });
}

void PenSimulator::forgetIfLeftAlone()
{
    const qint64 quiet = m_offlineAsked.elapsed();
    if (quiet < kOfflineGraceMs && !m_offlineMemory.isEmpty()) {
        QTimer::singleShot(int(kOfflineGraceMs - quiet), this, [this] { forgetIfLeftAlone(); });
        return;
    }
    m_forgetArmed = false;
    m_offlineMemory.clear();
    if (!m_pumpTimer.isActive())
        m_pumpTimer.start();
}

void PenSimulator::checkDone()
{
    if (m_finished || m_next < m_options.strokes.size() || !m_streaming || m_offlineChunk >= 0)
        return;
    if (!m_offlineMemory.isEmpty() && m_disconnectDone) {
        forgetMemoryWhenLeftAlone();
        return;
    }
    m_finished = true;
    int completed = 0, offline = 0;
    for (const SentStroke &s : std::as_const(m_sent)) {
        completed += s.status == SentStroke::Completed;
        offline += s.status == SentStroke::OfflineOnly;
    }
    std::fprintf(stderr,
                 "pensim: done strokes=%d completed=%d offline=%d expected_lost_events=%d "
                 "expected_bad_frames=%d connections=%d\n",
                 int(m_sent.size()), completed, offline, m_expectedLost, m_expectedBad,
                 m_connections);
    std::fflush(stderr);
    if (m_options.exitWhenDone) {
        m_shutdownSent = true;
        m_socket->write(shutdownEvent(0));
        m_socket->disconnectFromHost();
        if (m_server)
            m_server->close();
    }
    emit finished();
}

} // namespace plume::pensim
