// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The command-line contracts: plume-pensim + plumectl capture over loopback, exit codes.
#include "ink/inkml.h"
#include "pen/session.h"
#include "ui/station.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestPenCli : public QObject
{
    Q_OBJECT

    const QString m_sim = QStringLiteral(PLUME_BINARY_DIR "/app/pensim/plume-pensim");
    const QString m_ctl = QStringLiteral(PLUME_BINARY_DIR "/app/plumectl/plumectl");
    const QString m_ink = QStringLiteral(PLUME_SOURCE_DIR "/tests/pen/data/twopages.inkml");

private slots:
    void captureWithAllFaults()
    {
        QTemporaryDir dir;
        QProcess sim;
        sim.start(m_sim, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--ink"), m_ink, QStringLiteral("--chunk"),
                          QStringLiteral("random"), QStringLiteral("--seed"), QStringLiteral("5"),
                          QStringLiteral("--fault"),
                          QStringLiteral("garbage,truncate,drop-penup,lose-events,disconnect"),
                          QStringLiteral("--offline-strokes"), QStringLiteral("1"),
                          QStringLiteral("--exit-when-done")});
        QVERIFY(sim.waitForStarted());
        QVERIFY(sim.waitForReadyRead(20000));
        const QString line = QString::fromUtf8(sim.readLine()).trimmed();
        const auto m =
            QRegularExpression(QStringLiteral("^listening 127\\.0\\.0\\.1:(\\d+)$")).match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        const QString out = dir.filePath(QStringLiteral("cap.inkml"));
        QProcess ctl;
        ctl.start(m_ctl,
                  {QStringLiteral("capture"), QStringLiteral("--pen"),
                   QStringLiteral("tcp:127.0.0.1:") + m.captured(1), QStringLiteral("--until-idle"),
                   QStringLiteral("2"), QStringLiteral("--out"), out});
        QVERIFY(ctl.waitForFinished(60000));
        QVERIFY(sim.waitForFinished(20000));
        QCOMPARE(ctl.exitCode(), 0);
        QCOMPARE(sim.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(ctl.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'));
        const auto stats =
            QRegularExpression(QStringLiteral("^strokes=(\\d+) dots=(\\d+) lost_events=(\\d+) "
                                              "bad_frames=(\\d+) reconnects=(\\d+)$"))
                .match(lines.last());
        QVERIFY2(stats.hasMatch(), qPrintable(lines.last()));
        const QString simLog = QString::fromUtf8(sim.readAllStandardError());
        const auto done =
            QRegularExpression(QStringLiteral("done strokes=\\d+ completed=(\\d+) offline=(\\d+) "
                                              "expected_lost_events=(\\d+) "
                                              "expected_bad_frames=(\\d+)"))
                .match(simLog);
        QVERIFY2(done.hasMatch(), qPrintable(simLog));
        QCOMPARE(stats.captured(3), done.captured(3));
        QCOMPARE(stats.captured(4), done.captured(4));
        QCOMPARE(stats.captured(5), QStringLiteral("1"));
        // completed + offline-only + the stroke cut by the disconnection
        QCOMPARE(stats.captured(1).toInt(),
                 done.captured(1).toInt() + done.captured(2).toInt() + 1);
        const auto ink = plume::ink::readInkML(out);
        QVERIFY2(ink.ok, qPrintable(ink.error));
        QCOMPARE(ink.document.groups.size(), 2);
        QCOMPARE(ink.document.groups[0].annotations.value(QStringLiteral("pageAddress")),
                 QStringLiteral("3.27.603.1"));
    }

    // Ctrl-C or a kill ends a capture as its time would: the strokes received are in the
    // InkML file, the raw record holds the pen's bytes, the summary line is printed (an
    // endless stream of hover dots never lets --until-idle end, and Ctrl-C lost it all).
    void captureStoppedBySignalKeepsTheInk()
    {
        QTemporaryDir dir;
        QProcess sim;
        sim.start(m_sim, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--ink"), m_ink});
        QVERIFY(sim.waitForStarted());
        QVERIFY(sim.waitForReadyRead(20000));
        const auto m = QRegularExpression(QStringLiteral("^listening 127\\.0\\.0\\.1:(\\d+)$"))
                           .match(QString::fromUtf8(sim.readLine()).trimmed());
        QVERIFY(m.hasMatch());
        const QString out = dir.filePath(QStringLiteral("cap.inkml"));
        const QString record = dir.filePath(QStringLiteral("raw.bin"));
        QProcess ctl;
        ctl.start(m_ctl, {QStringLiteral("capture"), QStringLiteral("--pen"),
                          QStringLiteral("tcp:127.0.0.1:") + m.captured(1),
                          QStringLiteral("--duration"), QStringLiteral("300"),
                          QStringLiteral("--out"), out, QStringLiteral("--record"), record});
        QVERIFY(ctl.waitForStarted());
        QString simLog;
        QTRY_VERIFY_WITH_TIMEOUT((simLog += QString::fromUtf8(sim.readAllStandardError()),
                                  simLog.contains(QStringLiteral("done strokes="))),
                                 60000);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(record).size() > 0, 20000); // written as it comes
        QTest::qWait(500);                                             // the last bytes read
        ctl.terminate();                                               // SIGTERM
        QVERIFY(ctl.waitForFinished(20000));
        QCOMPARE(ctl.exitStatus(), QProcess::NormalExit);
        QCOMPARE(ctl.exitCode(), 0);
        const QString said = QString::fromUtf8(ctl.readAllStandardOutput());
        QVERIFY2(said.contains(QStringLiteral("strokes=")), qPrintable(said));
        const auto ink = plume::ink::readInkML(out);
        QVERIFY2(ink.ok, qPrintable(ink.error));
        QCOMPARE(ink.document.groups.size(), 2);
        sim.kill();
        sim.waitForFinished();
    }

    void errors()
    {
        QProcess p;
        p.start(m_ctl, {QStringLiteral("capture"), QStringLiteral("--pen"),
                        QStringLiteral("ble:00:11:22:33:44:55"), QStringLiteral("--duration"),
                        QStringLiteral("1"), QStringLiteral("--out"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(60000));
        // No adapter on test machines: a clear error and exit 1. (With one, the pen is
        // absent: exit 1 as well, "could not connect".)
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(!p.readAllStandardError().isEmpty());
        // A replay file that cannot be read: never connected, exit 1 (not an empty capture
        // reported as a success).
        p.start(m_ctl, {QStringLiteral("capture"), QStringLiteral("--pen"),
                        QStringLiteral("replay:/nonexistent.raw"), QStringLiteral("--until-idle"),
                        QStringLiteral("1"), QStringLiteral("--out"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(60000));
        // A device is written as it is: not replaced by a file (QSaveFile renamed one over
        // /dev/null), nor made owner-only.
        const QFileInfo devNull(QStringLiteral("/dev/null"));
        QVERIFY(!devNull.isFile());
        QVERIFY(devNull.permissions() & QFileDevice::WriteOther);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("/nonexistent.raw"));
        p.start(m_ctl, {QStringLiteral("capture"), QStringLiteral("--pen"), QStringLiteral("x")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        p.start(m_sim, {QStringLiteral("--ink"), QStringLiteral("/nonexistent.inkml")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        p.start(m_sim, {QStringLiteral("--ink"), m_ink, QStringLiteral("--fault"),
                        QStringLiteral("bogus")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
    }

    void windowPenAddresses()
    {
        // The window's --pen takes what plumectl capture takes (pen::createTransport): an
        // address it refuses, or a replay file that cannot be read, leaves no pen and says
        // why (no Bluetooth link to "garbage" that stays "connexion…" forever).
        plume::ui::Station station;
        QStringList said;
        connect(&station, &plume::ui::Station::penError, this,
                [&](const QString &m) { said.append(m); });
        const QStringList refused{QStringLiteral("garbage"), QStringLiteral("tcp:nocolon"),
                                  QStringLiteral("tcp:127.0.0.1:0"), QStringLiteral("ble:zz"),
                                  QStringLiteral("replay:/nonexistent.raw")};
        for (const QString &spec : refused) {
            QString error;
            QVERIFY2(!station.connectPen(spec, {}, &error), qPrintable(spec));
            QVERIFY(!station.pen());
            QVERIFY2(error.contains(spec.mid(spec.indexOf(QLatin1Char(':')) + 1)),
                     qPrintable(error));
            QCOMPARE(said.last(), error);
        }
        QCOMPARE(said.size(), refused.size());
        // A valid address gets its pen (nothing listens on port 1: it tries again and again).
        QVERIFY(station.connectPen(QStringLiteral("tcp:127.0.0.1:1")));
        QVERIFY(station.pen());
        QCOMPARE(station.pen()->transport()->describe(), QStringLiteral("tcp:127.0.0.1:1"));
        station.disconnectPen();
    }
};

QTEST_GUILESS_MAIN(TestPenCli)
#include "tst_pencli.moc"
