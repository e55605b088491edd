// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Stroke assembly: dots before paper info, missing pen-up/pen-down, page change, timeout,
// outlier filter; pointer (mouse/tablet) strokes; replay transport.
#include "pen/packets.h"
#include "pen/session.h"
#include "pen/strokeassembler.h"

#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace plume;
using namespace plume::pen;

static const ink::PageAddress kPage{3, 27, 603, 1};
static const ink::PageAddress kPage2{3, 27, 603, 2};
static const qint64 kT = 1733567400000;

class TestPenAssembler : public QObject
{
    Q_OBJECT

    QVector<ink::Stroke> m_got;

    void attach(QObject *src)
    {
        m_got.clear();
        if (auto *a = qobject_cast<StrokeAssembler *>(src))
            connect(a, &StrokeAssembler::strokeCompleted, this,
                    [this](const ink::Stroke &s) { m_got.append(s); });
        if (auto *p = qobject_cast<PointerStrokeSource *>(src))
            connect(p, &PointerStrokeSource::strokeCompleted, this,
                    [this](const ink::Stroke &s) { m_got.append(s); });
    }

private slots:
    void normalStroke()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        a.dot(1, 2, 300, 0);
        a.dot(1.5, 2.5, 310, 12);
        a.penUp(kT + 12);
        QCOMPARE(m_got.size(), 1);
        QCOMPARE(m_got[0].page, kPage);
        QCOMPARE(m_got[0].startMs, kT);
        QCOMPARE(m_got[0].dots[1].t, kT + 12);
        QCOMPARE(m_got[0].dots[1].force, 310.f);
        QVERIFY(!m_got[0].incomplete);
    }

    void dotsBeforePaperInfoAreHeld()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.dot(1, 1, 300, 0); // no page yet: held, not dropped
        a.dot(1.2, 1, 300, 10);
        a.paperInfo(kPage);
        a.dot(1.4, 1, 300, 10);
        a.penUp(kT + 20);
        QCOMPARE(m_got.size(), 1);
        QCOMPARE(m_got[0].dots.size(), 3);
        QCOMPARE(m_got[0].page, kPage);
        // Next stroke without any paper info: the last page of this connection.
        a.penDown(kT + 100);
        a.dot(2, 2, 300, 0);
        a.penUp(kT + 100);
        QCOMPARE(m_got.size(), 2);
        QCOMPARE(m_got[1].page, kPage);
        // After a new connection the page is unknown: kept and flagged.
        a.newConnection();
        a.penDown(kT + 200);
        a.dot(3, 3, 300, 0);
        a.penUp(kT + 200);
        QCOMPARE(m_got.size(), 3);
        QVERIFY(!m_got[2].page.isValid());
        QVERIFY(m_got[2].incomplete);
    }

    void missingPenUpClosedByNextPenDown()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 0);
        a.dot(1.1, 1, 300, 10);
        a.penDown(kT + 500); // pen-up lost
        a.paperInfo(kPage);
        a.dot(5, 5, 300, 0);
        a.penUp(kT + 500);
        QCOMPARE(m_got.size(), 2);
        QCOMPARE(m_got[0].dots.size(), 2);
        QVERIFY(m_got[0].incomplete);
        QCOMPARE(m_got[1].dots.size(), 1);
        QCOMPARE(m_got[1].startMs, kT + 500);
        QCOMPARE(a.syntheticPenUps(), 1);
    }

    void pageChangeSplitsStroke()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 0);
        a.paperInfo(kPage2);
        a.dot(2, 2, 300, 10);
        a.penUp(kT + 10);
        QCOMPARE(m_got.size(), 2);
        QCOMPARE(m_got[0].page, kPage);
        QCOMPARE(m_got[1].page, kPage2);
    }

    void missingPenDownAndLinkLoss()
    {
        StrokeAssembler a;
        attach(&a);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 5); // no pen-down: started implicitly, flagged
        a.closeOpenStroke(); // link lost
        QCOMPARE(m_got.size(), 1);
        QVERIFY(m_got[0].incomplete);
        a.penUp(kT); // a stray pen-up does nothing
        QCOMPARE(m_got.size(), 1);
    }

    // Events lost, then a 0x6B: it names the page of the stroke whose pen-down was lost (that
    // stroke was filed on no page), and that stroke starts after the last one ended (at its
    // last dot, it was taken for a cut copy of it and hidden: the bar of a 5).
    void lostPenDownKeepsThePageAndTheStroke()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        for (int i = 0; i < 5; ++i)
            a.dot(1 + i, 1 + i, 300, 10);
        a.penUp(kT + 50);
        a.markIncomplete(); // the next pen-down lost
        a.paperInfo(kPage);
        a.dot(2, 2, 300, 10);
        a.dot(3, 2, 300, 10);
        a.penUp(kT + 80);
        QCOMPARE(m_got.size(), 2);
        QCOMPARE(m_got[1].page, kPage);
        QVERIFY(m_got[1].incomplete);
        QVERIFY(m_got[1].startMs > m_got[0].dots.last().t);
        QVERIFY(!ink::isCutCopyOf(m_got[1], m_got[0]));
        // Its complete copy from the pen's memory starts at the real pen-down, after the
        // guess: still the copy it gives way to (dot for dot), not another stroke there.
        ink::Stroke whole = m_got[1];
        whole.incomplete = false;
        whole.startMs = m_got[1].startMs + 400;
        whole.dots.prepend(ink::Dot{1.5, 1.5, 300, whole.startMs});
        QVERIFY(ink::isCutCopyOf(m_got[1], whole));
        ink::Stroke elsewhere = whole;
        for (ink::Dot &d : elsewhere.dots)
            d.y += 0.2;
        elsewhere.dots.first().y = 1.3; // the same place, other dots
        QVERIFY(!ink::isCutCopyOf(m_got[1], elsewhere));
        whole.startMs += 11 * 60 * 1000; // the same dots much later: written again
        QVERIFY(!ink::isCutCopyOf(m_got[1], whole));
    }

    // A pen-up and the next pen-down lost on the same page: the two strokes were glued into
    // one, a false line between them. The 0x6B after the loss ends the first.
    void lostPenUpAndPenDownAreTwoStrokes()
    {
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 10);
        a.dot(2, 1, 300, 10);
        a.markIncomplete(); // pen-up and pen-down lost
        a.paperInfo(kPage);
        a.dot(5, 5, 300, 10);
        a.dot(6, 5, 300, 10);
        a.dot(7, 5, 300, 10);
        a.penUp(kT + 60);
        QCOMPARE(m_got.size(), 2);
        QCOMPARE(m_got[0].dots.size(), 2);
        QCOMPARE(m_got[1].dots.size(), 3);
        QCOMPARE(m_got[1].page, kPage);
        // Events lost again inside the stroke the 0x6B named: it keeps that page.
        a.penDown(kT + 70);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 10);
        a.markIncomplete();
        a.paperInfo(kPage2);
        a.dot(5, 5, 300, 10);
        a.markIncomplete();
        a.dot(6, 5, 300, 10);
        a.penUp(kT + 99);
        QCOMPARE(m_got.size(), 4);
        QCOMPARE(m_got[3].dots.size(), 2);
        QCOMPARE(m_got[3].page, kPage2);
        m_got.remove(2, 2);
        // Without a loss, a 0x6B after held dots is the stroke's own (dotsBeforePaperInfo…);
        // after a loss too while the stroke has no page yet.
        a.penDown(kT + 100);
        a.dot(1, 1, 300, 10);
        a.markIncomplete();
        a.paperInfo(kPage2);
        a.dot(2, 1, 300, 10);
        a.penUp(kT + 130);
        QCOMPARE(m_got.size(), 3);
        QCOMPARE(m_got[2].dots.size(), 2);
        QCOMPARE(m_got[2].page, kPage2);
    }

    void timeoutPenUp()
    {
        StrokeAssembler a(StrokeAssembler::Options{50, 10.0});
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        a.dot(1, 1, 300, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_got.size(), 1, 10000);
        QVERIFY(m_got[0].incomplete);
    }

    void outlierFilter()
    {
        QVector<ink::Dot> dots;
        for (int i = 0; i < 10; ++i)
            dots.append(ink::Dot{10.0 + i * 0.5, 10.0, 300, i});
        dots[4].x = 200;                  // spike
        dots[0] = ink::Dot{0, 0, 300, 0}; // bad first dot
        QVector<ink::Dot> d = dots;
        QCOMPARE(StrokeAssembler::filterOutliers(d, 10.0), 2);
        QCOMPARE(d.size(), 8);
        // A real fast movement (far from both ends, not a spike) is kept.
        QVector<ink::Dot> jump{{0, 0, 1, 0}, {0.5, 0, 1, 1}, {30, 0, 1, 2}, {30.5, 0, 1, 3}};
        QCOMPARE(StrokeAssembler::filterOutliers(jump, 10.0), 0);
        // Through the assembler.
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        for (const ink::Dot &dot : dots)
            a.dot(dot.x, dot.y, dot.force, 1);
        a.penUp(kT);
        QCOMPARE(m_got.value(0).dots.size(), 8);
        QCOMPARE(a.outliersDropped(), 2);
    }

    void neverLiftingPenIsSplit()
    {
        // A pen that never lifts: the stroke ends at 20,000 dots and goes on as a new one
        // (both flagged, on the same page), so the memory stays bounded.
        StrokeAssembler a;
        attach(&a);
        a.penDown(kT);
        a.paperInfo(kPage);
        for (int i = 0; i < 45000; ++i) {
            a.dot(1 + (i % 100) * 0.01, 2, 300, 8);
            QVERIFY(a.openStroke().dots.size() <= 20000);
        }
        QCOMPARE(m_got.size(), 2);
        a.penUp(kT);
        QCOMPARE(m_got.size(), 3);
        QCOMPARE(m_got[0].dots.size(), 20000);
        QCOMPARE(m_got[1].dots.size(), 20000);
        QCOMPARE(m_got[2].dots.size(), 5000);
        for (const ink::Stroke &s : std::as_const(m_got)) {
            QCOMPARE(s.page, kPage);
            QVERIFY(s.incomplete);
        }
        QCOMPARE(m_got[0].startMs, kT);
        QCOMPARE(m_got[1].startMs, m_got[0].dots.last().t); // continues where it stopped
        QCOMPARE(m_got[1].dots.first().t, m_got[0].dots.last().t + 8);
    }

    void penTimeNearTheEndDoesNotOverflow()
    {
        // Dot times add up the pen's steps: near the end of qint64 they stop there.
        const qint64 max = std::numeric_limits<qint64>::max();
        StrokeAssembler a;
        attach(&a);
        a.penDown(max - 20);
        a.paperInfo(kPage);
        for (int i = 0; i < 5; ++i)
            a.dot(1 + i * 0.1, 1, 300, 12);
        a.penUp(max);
        QCOMPARE(m_got.size(), 1);
        QCOMPARE(m_got[0].dots[0].t, max - 8);
        for (const ink::Dot &d : std::as_const(m_got[0].dots))
            QVERIFY(d.t >= m_got[0].startMs);
        QCOMPARE(m_got[0].dots.last().t, max);
    }

    void pointerSource()
    {
        PointerStrokeSource p(QStringLiteral("tablet"));
        attach(&p);
        p.setPage(kPage);
        p.move(0, 0, 1, 1); // not drawing: ignored
        p.press(1, 1, 0.5, 100);
        p.move(1, 1, 0.5, 101); // no movement
        p.move(2, 2, 2.0, 110); // pressure clamped
        p.move(qQNaN(), 2, 1, 111);
        p.release(3, 3, 0, 120);
        QCOMPARE(m_got.size(), 1);
        QCOMPARE(m_got[0].penId, QStringLiteral("tablet"));
        QCOMPARE(m_got[0].page, kPage);
        QCOMPARE(m_got[0].startMs, 100);
        QCOMPARE(m_got[0].dots.size(), 3);
        QCOMPARE(m_got[0].dots[0].force, 512.f);
        QCOMPARE(m_got[0].dots[1].force, 1023.f);
        p.press(5, 5, 1, 200);
        p.cancel();
        QCOMPARE(m_got.size(), 1);
    }

    void replayTransport()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pen.bin"));
        QByteArray bytes = penDownEvent(0, kT) + paperInfoEvent(1, kPage);
        for (int i = 0; i < 5; ++i)
            bytes += dotEvent(quint8(2 + i), 12, 400, 125 + i * 0.25, 192.5);
        bytes += penUpEvent(7, kT + 60, 5);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        PenSession s(std::make_unique<ReplayPenTransport>(path, 3), PenSession::Options{});
        QVector<ink::Stroke> got;
        connect(&s, &PenSession::strokeCompleted, this,
                [&](const ink::Stroke &st) { got.append(st); });
        s.start();
        QTRY_COMPARE_WITH_TIMEOUT(s.state(), PenSession::State::Idle, 10000);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].dots.size(), 5);
        QCOMPARE(got[0].penId, QStringLiteral("replay"));
        QCOMPARE(s.stats().lostEvents, 0);
    }

    void replayRefusesDevicesAndHugeFiles()
    {
        // The file is read whole: a directory, a device (/dev/zero never ends) or a file over
        // 256 MiB is refused with a clear error instead of exhausting the memory.
        QTemporaryDir dir;
        const QString huge = dir.filePath(QStringLiteral("huge.raw"));
        {
            QFile f(huge);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(ReplayPenTransport::kMaxBytes + 1)); // sparse: no disk used
        }
        const QList<QPair<QString, QString>> cases{
            {dir.path(), QStringLiteral("fichier ordinaire")},
            {huge, QStringLiteral("trop grand")},
            {QStringLiteral("/dev/zero"), QStringLiteral("fichier ordinaire")}};
        for (const auto &[path, why] : cases) {
            ReplayPenTransport t(path);
            QStringList errors;
            connect(&t, &PenTransport::errorOccurred, this,
                    [&](const QString &m) { errors.append(m); });
            t.open();
            QCOMPARE(t.state(), PenTransport::State::Closed);
            QCOMPARE(errors.size(), 1);
            QVERIFY2(errors[0].contains(why) && errors[0].contains(path), qPrintable(errors[0]));
        }
    }
};

QTEST_GUILESS_MAIN(TestPenAssembler)
#include "tst_penassembler.moc"
