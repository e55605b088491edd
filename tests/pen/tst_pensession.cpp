// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Session against the simulator over loopback, for every fault kind, plus the PIN flow.
#include "pen/offline.h"
#include "pen/session.h"
#include "pensim/pensimulator.h"
#include "pentestutil.h"

#include <QDateTime>
#include <QThread>
#include <QtTest>

#include <limits>

using namespace plume;
using namespace plume::pen;
using plume::pensim::PenSimulator;
using plume::pensim::SentStroke;

// A pen that answers nothing by itself: the test feeds what it "sends" and reads what the
// session wrote to it.
class ScriptedTransport : public PenTransport
{
public:
    void open() override { setState(State::Open); }
    void close() override { setState(State::Closed); }
    bool write(const QByteArray &bytes) override
    {
        written += bytes;
        return true;
    }
    QString describe() const override { return QStringLiteral("scripted"); }
    QByteArray written;
};

static const ink::PageAddress kPage{3, 27, 603, 1};
static const qint64 kT = 1733567400000;

// One stroke of three dots 12 ms apart, counters ec..ec+5.
static QByteArray oneStroke(quint8 ec, qint64 downMs = kT)
{
    QByteArray b = penDownEvent(ec, downMs) + paperInfoEvent(ec + 1, kPage);
    for (int i = 0; i < 3; ++i)
        b += dotEvent(quint8(ec + 2 + i), 12, 400, 10 + i * 0.5, 20);
    // (wrapping as a pen's 64-bit clock would: some tests send absurd times)
    return b + penUpEvent(ec + 5, qint64(quint64(downMs) + 36), 3);
}

// One stroke of the pen's memory: three dots 12 ms apart, pen-down at downMs.
static OfflineStroke offlineStroke(qint64 downMs)
{
    OfflineStroke st;
    st.page = kPage;
    st.downMs = downMs;
    st.upMs = downMs + 36;
    for (int i = 1; i <= 3; ++i)
        st.dots.append(ink::Dot{10 + i * 0.5, 20, 400, downMs + i * 12});
    return st;
}

// A 0x24 frame holding one stroke of three dots 12 ms apart, pen-down at downMs.
static QByteArray offlineChunkFrame(quint16 id, qint64 downMs)
{
    QByteArray payload = encodeOfflineChunk(id, 2, 3, 27, 603, {offlineStroke(kT)}, false);
    // The pen-down time, after the 18-byte chunk header and the page: set as the pen sent it.
    for (int i = 0; i < 8; ++i)
        payload[18 + 4 + i] = char(quint64(downMs) >> (8 * i));
    return encodeFrame(cmd::OfflineChunk, payload);
}

class TestPenSession : public QObject
{
    Q_OBJECT

    // Brings a session over a ScriptedTransport through the handshake of an unlocked pen.
    static void handshake(PenSession &s)
    {
        const quint8 mac[6] = {1, 2, 3, 4, 5, 6};
        s.feed(versionResponse("NWP-F121", "1.0", "2.18", "test", mac));
        s.feed(settingsResponse(SettingsInfo{}));
        s.feed(penResponse(cmd::response(cmd::Realtime), 0));
    }

    struct Run
    {
        QVector<ink::Stroke> got;
        PenSession::Stats stats;
        QVector<SentStroke> sent;
        int expectedLost = 0, expectedBad = 0;
        int lostSignals = 0;
    };

    static std::unique_ptr<PenSession> makeSession(quint16 port, PenSession::Options o = {})
    {
        o.reconnectInitialMs = 20;
        o.reconnectMaxMs = 200;
        return std::make_unique<PenSession>(
            std::make_unique<TcpPenTransport>(QStringLiteral("127.0.0.1"), port), o);
    }

    bool capture(PenSimulator::Options so, Run &run, int strokes = 30)
    {
        so.strokes = PenSimulator::fromStrokes(pentest::syntheticInk(strokes, so.seed));
        so.exitWhenDone = true;
        so.quiet = true;
        PenSimulator sim(so);
        const quint16 port = sim.listen();
        if (!port)
            return false;
        auto session = makeSession(port);
        bool shutdown = false;
        connect(session.get(), &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &s) { run.got.append(s); });
        connect(session.get(), &PenSession::penShutdown, this, [&] { shutdown = true; });
        connect(session.get(), &PenSession::lostEvents, this, [&](int n) { run.lostSignals += n; });
        session->start();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(sim.isFinished() && shutdown, 45000); }();
        session->stop();
        run.stats = session->stats();
        run.sent = sim.sent();
        run.expectedLost = sim.expectedLostEvents();
        run.expectedBad = sim.expectedBadFrames();
        return !QTest::currentTestFailed();
    }

private slots:
    void faults_data()
    {
        QTest::addColumn<QString>("faults");
        QTest::addColumn<int>("chunk");
        QTest::addColumn<int>("offline");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("clean-whole") << QString() << 0 << 0 << 1u;
        QTest::newRow("clean-1byte") << QString() << 1 << 0 << 2u;
        QTest::newRow("clean-random") << QString() << -1 << 0 << 3u;
        QTest::newRow("garbage") << QStringLiteral("garbage") << -1 << 0 << 4u;
        QTest::newRow("truncate") << QStringLiteral("truncate") << 7 << 0 << 5u;
        QTest::newRow("drop-penup") << QStringLiteral("drop-penup") << -1 << 0 << 6u;
        QTest::newRow("lose-events") << QStringLiteral("lose-events") << -1 << 0 << 7u;
        QTest::newRow("disconnect") << QStringLiteral("disconnect") << -1 << 0 << 8u;
        QTest::newRow("disconnect-offline") << QStringLiteral("disconnect") << 5 << 3 << 9u;
        QTest::newRow("all") << QStringLiteral("garbage,truncate,drop-penup,lose-events,disconnect")
                             << -1 << 2 << 10u;
        QTest::newRow("all-seed2")
            << QStringLiteral("garbage,truncate,drop-penup,lose-events,disconnect") << 3 << 1
            << 11u;
    }

    void faults()
    {
        QFETCH(QString, faults);
        QFETCH(int, chunk);
        QFETCH(int, offline);
        QFETCH(quint32, seed);
        PenSimulator::Options so;
        for (const QString &f : faults.split(QLatin1Char(','), Qt::SkipEmptyParts))
            so.faults.insert(f);
        so.chunk = chunk;
        so.seed = seed;
        so.offlineStrokes = offline;
        Run run;
        QVERIFY(capture(so, run));
        const QString problem = pentest::compare(run.sent, run.got);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(run.stats.lostEvents, run.expectedLost);
        QCOMPARE(run.lostSignals, run.expectedLost);
        QCOMPARE(int(run.stats.badFrames), run.expectedBad);
        const bool disconnect = so.faults.contains(QStringLiteral("disconnect"));
        QCOMPARE(run.stats.reconnects, disconnect ? 1 : 0);
        int offlineOnly = 0;
        for (const SentStroke &s : run.sent) {
            offlineOnly += s.status == SentStroke::OfflineOnly;
            if (s.penUpDropped) {
                for (const ink::Stroke &g : run.got)
                    if (g.startMs == s.startMs)
                        QVERIFY(g.incomplete); // closed by the next pen-down
            }
        }
        QCOMPARE(run.stats.offlineStrokes, offlineOnly);
        if (so.faults.contains(QStringLiteral("garbage")))
            QVERIFY(run.expectedBad >= 5);
        if (so.faults.contains(QStringLiteral("lose-events")) ||
            so.faults.contains(QStringLiteral("truncate")))
            QVERIFY(run.expectedLost >= 1);
        if (disconnect)
            QVERIFY(run.stats.duplicates > 0); // offline memory re-sent live strokes
    }

    // A pen keeps its memory until it is deleted. The simulator forgot it 3 s after the live
    // ink ended: an app still taking the first note (a window placing a flood) never got the
    // others, 406 of 500 strokes (a review, 2026-12-01).
    void aSlowAppGetsThePensWholeMemory()
    {
        PenSimulator::Options so;
        QVector<ink::Stroke> ink = pentest::syntheticInk(60, 21);
        for (qsizetype i = 0; i < ink.size(); ++i)
            ink[i].page.note = 603 + int(i % 2); // two notes in the memory
        so.strokes = PenSimulator::fromStrokes(ink);
        so.faults.insert(QStringLiteral("disconnect"));
        so.offlineStrokes = 30;
        so.seed = 21;
        so.exitWhenDone = true;
        so.quiet = true;
        PenSimulator sim(so);
        const quint16 port = sim.listen();
        QVERIFY(port);
        auto session = makeSession(port);
        QVector<ink::Stroke> got;
        bool shutdown = false;
        connect(session.get(), &PenSession::strokeCompleted, this, [&](const ink::Stroke &s) {
            got.append(s);
            if (s.fromMemory)
                QThread::msleep(700); // a window busy with each stroke: a note takes 9 s
        });
        connect(session.get(), &PenSession::penShutdown, this, [&] { shutdown = true; });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(sim.isFinished() && shutdown, 45000);
        session->stop();
        const QString problem = pentest::compare(sim.sent(), got);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto sent = sim.sent();
        const auto offline = std::count_if(sent.begin(), sent.end(), [](const SentStroke &s) {
            return s.status == SentStroke::OfflineOnly;
        });
        QVERIFY2(offline >= 20, qPrintable(QString::number(offline))); // over 3 s to take
        QCOMPARE(session->stats().offlineStrokes, int(offline));
    }

    void pinFlow()
    {
        PenSimulator::Options so;
        so.strokes = PenSimulator::fromStrokes(pentest::syntheticInk(4));
        so.pin = QStringLiteral("1234");
        so.exitWhenDone = true;
        so.quiet = true;
        PenSimulator sim(so);
        const quint16 port = sim.listen();
        QVERIFY(port);
        auto session = makeSession(port);
        QVector<QPair<int, int>> prompts;
        QVector<ink::Stroke> got;
        bool shutdown = false;
        connect(session.get(), &PenSession::pinRequested, this, [&](int tries, int max) {
            prompts.append({tries, max});
            session->submitPin(prompts.size() == 1 ? QStringLiteral("0000")
                                                   : QStringLiteral("1234"));
        });
        connect(session.get(), &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &s) { got.append(s); });
        connect(session.get(), &PenSession::penShutdown, this, [&] { shutdown = true; });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(sim.isFinished() && shutdown, 30000);
        QCOMPARE(prompts.size(), 2);
        QCOMPARE(prompts[0], qMakePair(0, 10));
        QCOMPARE(prompts[1], qMakePair(1, 10));
        QCOMPARE(got.size(), 4);
        const QString problem = pentest::compare(sim.sent(), got);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void pinAutomaticAndLockout()
    {
        PenSimulator::Options so;
        so.strokes = PenSimulator::fromStrokes(pentest::syntheticInk(2));
        so.pin = QStringLiteral("1234");
        so.maxPinTries = 2;
        so.quiet = true;
        PenSimulator sim(so);
        const quint16 port = sim.listen();
        PenSession::Options o;
        o.pin = QStringLiteral("9999"); // wrong, tried once automatically
        auto session = makeSession(port, o);
        int prompts = 0;
        connect(session.get(), &PenSession::pinRequested, this, [&](int tries, int max) {
            ++prompts;
            QCOMPARE(tries, 1);
            QCOMPARE(max, 2);
            session->submitPin(QStringLiteral("8888"));
        });
        session->start();
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), PenSession::State::LockedOut, 20000);
        QCOMPARE(prompts, 1);
        session->stop();
    }

    void inkBeforeHandshakeIsIgnored()
    {
        // Ink from a pen that has not identified itself nor been authorised (PIN) is not
        // stored: counted, said once. Once the session streams, ink counts again.
        auto owned = std::make_unique<ScriptedTransport>();
        PenSession s(std::move(owned), PenSession::Options{});
        QVector<ink::Stroke> got;
        QStringList errors;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        connect(&s, &PenSession::error, this, [&](const QString &m) { errors.append(m); });
        s.start();
        QCOMPARE(s.state(), PenSession::State::WaitVersion);
        s.feed(oneStroke(0) + oneStroke(6));
        s.stop();
        s.start();
        s.feed(oneStroke(12));
        QVERIFY(got.isEmpty());
        QCOMPARE(s.stats().refusedInk, 18);
        QCOMPARE(s.stats().strokes, 0);
        QCOMPARE(errors.size(), 2); // once per connection
        QVERIFY2(errors[0].contains(QStringLiteral("wait-version")), qPrintable(errors[0]));
        handshake(s);
        QCOMPARE(s.state(), PenSession::State::Streaming);
        s.feed(oneStroke(20));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].dots.size(), 3);
        QCOMPARE(s.stats().refusedInk, 18);
    }

    void unsolicitedOfflineChunkIsRefused()
    {
        // Offline data that no transfer asked for: refused (0xA4 error 1, stop), not stored.
        // A replay holds what a pen sent when asked: there the same chunk is taken.
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport *pen = owned.get();
        PenSession::Options noDownload;
        noDownload.downloadOfflineOnFirstConnect = false;
        PenSession s(std::move(owned), noDownload);
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        s.start();
        handshake(s);
        QCOMPARE(s.state(), PenSession::State::Streaming);
        QVERIFY(!s.offlineDownloadActive());
        pen->written.clear();
        s.feed(offlineChunkFrame(7, kT));
        QVERIFY(got.isEmpty());
        QCOMPARE(s.stats().unsolicitedOffline, 1);
        QCOMPARE(s.stats().offlineStrokes, 0);
        QCOMPARE(pen->written, offlineChunkAck(7, false, 1));
        PenSession replay(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        connect(&replay, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        replay.feed(offlineChunkFrame(7, kT));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].startMs, kT);
    }

    // Ink written while the station was off, crashed or out of reach is in the pen's memory
    // only: it was fetched after a reconnection, never at the first connection of a run (a
    // review of 2026-12-02 lost it). Another day's ink stays in the pen.
    void firstConnectionDownloadsTheDaysMemory()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport *pen = owned.get();
        constexpr qint64 kDay = 86400000;
        PenSession::Options o;
        o.offlineNotBeforeMs = kT - kDay;
        PenSession s(std::move(owned), o);
        QVector<ink::Stroke> got;
        QStringList errors;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        connect(&s, &PenSession::error, this, [&](const QString &m) { errors << m; });
        s.start();
        handshake(s);
        QVERIFY(s.offlineDownloadActive());
        QVERIFY(pen->written.contains(offlineNoteListRequest()));
        s.feed(encodeFrame(cmd::OfflineChunk,
                           encodeOfflineChunk(1, 2, 3, 27, 603,
                                              {offlineStroke(kT - 3 * kDay), offlineStroke(kT)},
                                              false)));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].startMs, kT);
        QVERIFY(got[0].fromMemory);
        QCOMPARE(s.stats().offlineStrokes, 1);
        QCOMPARE(s.stats().staleOffline, 1);
        QVERIFY2(errors.join(QLatin1Char('\n')).contains(QStringLiteral("autre jour")),
                 qPrintable(errors.join(QLatin1Char('\n'))));
        // A station whose clock is behind that start (a flat clock battery, training days
        // before with the election's file) set the pen's clock behind it too: it keeps all.
        o.offlineNotBeforeMs = QDateTime::currentMSecsSinceEpoch() + kDay;
        PenSession early(std::make_unique<ScriptedTransport>(), o);
        got.clear();
        connect(&early, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        early.start();
        handshake(early);
        early.feed(encodeFrame(cmd::OfflineChunk,
                               encodeOfflineChunk(1, 2, 3, 27, 603,
                                                  {offlineStroke(kT - 3 * kDay), offlineStroke(kT)},
                                                  false)));
        QCOMPARE(got.size(), 2);
        QCOMPARE(early.stats().staleOffline, 0);
    }

    // A pen can repeat a fault at will: 200,000 malformed packets wrote 200,000 lines (and
    // the window's status bar hid every other notice). Three of a kind are said per
    // connection, then that the rest are counted; all are counted, and the ink between is kept.
    void repeatedPenFaultsAreSaidThreeTimes()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport *pen = owned.get();
        PenSession s(std::move(owned), PenSession::Options{});
        QStringList errors;
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::error, this, [&](const QString &m) { errors.append(m); });
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        s.start();
        handshake(s);
        const QByteArray malformed = encodeFrame(cmd::Dot, QByteArray(1, '\x01'));
        for (int i = 0; i < 1000; ++i)
            s.feed(malformed);
        s.feed(oneStroke(0));
        for (int i = 0; i < 1000; ++i)
            s.feed(penResponse(cmd::response(cmd::Realtime), 1)); // refused
        QCOMPARE(got.size(), 1);
        QCOMPARE(s.stats().unknownPackets, 1000);
        QCOMPARE(s.stats().refusedCommands, 1000);
        QCOMPARE(errors.size(), 2 * 4);
        pen->close();
        pen->open(); // another connection: said again
        handshake(s);
        s.feed(malformed);
        QCOMPARE(errors.size(), 2 * 4 + 1);
    }

    // A frame the link's loss cuts off is a bad frame, as one a new C0 cuts off.
    void frameCutByTheLinkIsBad()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport *pen = owned.get();
        PenSession s(std::move(owned), PenSession::Options{});
        s.start();
        handshake(s);
        const QByteArray stroke = oneStroke(0);
        s.feed(stroke.left(stroke.size() - 3));
        QCOMPARE(s.stats().badFrames, quint64(0));
        pen->close();
        QCOMPARE(s.stats().badFrames, quint64(1));
    }

    // A frame sent twice (the same event counter): counted as 255 events lost, it added the
    // dot twice and flagged the stroke (a review of 2026-12-02). Dropped.
    void aRepeatedEventIsDroppedNotCountedLost()
    {
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        const QByteArray dot = dotEvent(3, 12, 400, 10.5, 20);
        s.feed(penDownEvent(0, kT) + paperInfoEvent(1, kPage) + dotEvent(2, 12, 400, 10, 20) + dot +
               dot + dotEvent(4, 12, 400, 11, 20) + penUpEvent(5, kT + 36, 3));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].dots.size(), 3);
        QVERIFY(!got[0].incomplete);
        QCOMPARE(s.stats().lostEvents, quint64(0));
        // A run of frames sent again (the counter back three steps): about 252 events lost,
        // four dots added twice and the line going back. Dropped too.
        got.clear();
        QByteArray run;
        for (int i = 0; i < 4; ++i)
            run += dotEvent(quint8(8 + i), 12, 400, 30 + i * 0.5, 20);
        s.feed(penDownEvent(6, kT + 1000) + paperInfoEvent(7, kPage) + run +
               run.mid(run.size() / 2) + penUpEvent(12, kT + 1048, 4));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].dots.size(), 4);
        QCOMPARE(got[0].dots.last().x, 31.5);
        QVERIFY(!got[0].incomplete);
        QCOMPARE(s.stats().lostEvents, quint64(0));
        QCOMPARE(s.stats().repeatedEvents, 3); // the one above and these two
        // A counter as far behind but on another event is a real loss of 253 events (it was
        // dropped unseen, the stroke left complete): counted, the stroke flagged.
        got.clear();
        s.feed(penDownEvent(13, kT + 2000) + paperInfoEvent(14, kPage) +
               dotEvent(15, 12, 400, 40, 20) + dotEvent(12, 12, 400, 41, 20) +
               penUpEvent(13, kT + 2024, 2));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].dots.size(), 2);
        QVERIFY(got[0].incomplete);
        QCOMPARE(s.stats().lostEvents, 252);
        QCOMPARE(s.stats().repeatedEvents, 3);
    }

    // The 0x6B of a stroke lost (a counter gap after its pen-down): the stroke was filed on
    // the last page, the PV, while the pen wrote on a contact sheet (a review of 2026-12-02).
    // It keeps no page, flagged; the next whole stroke has its page again.
    void aStrokeWhosePageWasLostKeepsNone()
    {
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        s.feed(oneStroke(0));
        QByteArray lost = penDownEvent(6, kT + 1000); // ec 7, its paper info, never came
        for (int i = 0; i < 3; ++i)
            lost += dotEvent(quint8(8 + i), 12, 400, 30 + i * 0.5, 20);
        s.feed(lost + penUpEvent(11, kT + 1036, 3));
        s.feed(oneStroke(12, kT + 2000));
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0].page, kPage);
        QVERIFY(!got[1].page.isValid());
        QVERIFY(got[1].incomplete);
        QCOMPARE(got[2].page, kPage);
        QVERIFY(!got[2].incomplete);
    }

    // A --record log replayed names its strokes after the pen it recorded (they were
    // "replay": the same strokes replayed into their station were stored twice).
    void aReplayNamesThePenItRecorded()
    {
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        const quint8 mac[6] = {1, 2, 3, 4, 5, 6};
        s.feed(versionResponse("NWP-F121", "1.0", "2.18", "test", mac));
        s.feed(oneStroke(0));
        QCOMPARE(got.size(), 1);
        QVERIFY(!s.info().version.mac.isEmpty());
        QCOMPARE(got[0].penId, s.info().version.mac);
    }

    void absurdPenTimesTakeTheStationClock()
    {
        // A pen time outside 2000-2100 (live pen-down or offline stroke) is replaced by the
        // station clock, the dots keeping their steps, the stroke flagged; said once.
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        QStringList errors;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        connect(&s, &PenSession::error, this, [&](const QString &m) { errors.append(m); });
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 max = std::numeric_limits<qint64>::max();
        const qint64 min = std::numeric_limits<qint64>::min();
        s.feed(dotEvent(0, 12, 400, 1, 1) + penUpEvent(1, kT, 1)); // no pen-down: from 0
        s.feed(oneStroke(2, 9223372036854775802) + oneStroke(8, min) + oneStroke(14, 0));
        s.feed(offlineChunkFrame(1, max - 7) + offlineChunkFrame(2, max - 7)); // twice: merged
        s.feed(oneStroke(20));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(got.size(), 6);
        for (int i = 0; i < 5; ++i) {
            QVERIFY2(got[i].startMs >= before && got[i].startMs <= after,
                     qPrintable(QString::number(got[i].startMs)));
            QVERIFY(got[i].incomplete);
            for (const ink::Dot &d : std::as_const(got[i].dots))
                QVERIFY(d.t >= got[i].startMs && d.t <= got[i].startMs + 36);
        }
        QCOMPARE(got[1].dots.last().t - got[1].startMs, 36); // the pen's steps
        QCOMPARE(s.stats().duplicates, 1);
        QCOMPARE(s.stats().restampedStrokes, 5);
        QCOMPARE(got[5].startMs, kT); // a sane time is kept
        QVERIFY(!got[5].incomplete);
        QCOMPARE(errors.size(), 1);
    }

    // A live stroke whose pen-down time is absurd gets the station clock; its copy in the
    // pen's memory, downloaded after a reconnection, comes with the pen's own time: the
    // same stroke, kept once (it was kept twice).
    void offlineCopyOfARestampedStrokeIsMerged()
    {
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        s.feed(oneStroke(0, 0));
        s.feed(offlineChunkFrame(1, 0));
        QCOMPARE(got.size(), 1);
        QCOMPARE(s.stats().duplicates, 1);
        s.feed(oneStroke(6, 0)); // pen-down at 0 again: a new stroke written live
        QCOMPARE(got.size(), 2);
        s.feed(offlineChunkFrame(2, 5)); // another absurd time: another stroke
        QCOMPARE(got.size(), 3);
    }

    // A stroke received live with events lost is incomplete; its copy in the pen's memory,
    // complete, was dropped as "received already": the cut stroke was all the station had.
    // The complete copy is taken (once); a stroke received whole live is not taken twice.
    void theCompleteCopyOfACutStrokeIsTaken()
    {
        PenSession s(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        QByteArray cut = oneStroke(0);
        cut.remove(cut.indexOf(dotEvent(3, 12, 400, 10.5, 20)),
                   dotEvent(3, 12, 400, 10.5, 20).size());
        s.feed(cut + oneStroke(6, kT + 1000));
        QCOMPARE(got.size(), 2);
        QVERIFY(got[0].incomplete);
        QCOMPARE(got[0].dots.size(), 2);
        s.feed(offlineChunkFrame(1, kT) + offlineChunkFrame(2, kT) +
               offlineChunkFrame(3, kT + 1000));
        QCOMPARE(got.size(), 3);
        QVERIFY(!got[2].incomplete);
        QCOMPARE(got[2].startMs, kT);
        QCOMPARE(got[2].dots.size(), 3);
        QCOMPARE(s.stats().completedCopies, 1);
        QCOMPARE(s.stats().duplicates, 2);
        QCOMPARE(s.stats().offlineStrokes, 0);
    }

    void noPenListening()
    {
        // Nothing listens: no crash, reconnection attempts are reported, stop() ends it.
        auto session = makeSession(1);
        int attempts = 0;
        connect(session.get(), &PenSession::reconnecting, this, [&](int a, int) { attempts = a; });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(attempts >= 2, 20000);
        session->stop();
        QCOMPARE(session->state(), PenSession::State::Idle);
    }
};

QTEST_GUILESS_MAIN(TestPenSession)
#include "tst_pensession.moc"
