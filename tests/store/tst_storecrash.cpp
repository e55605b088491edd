// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Crash test: a child writes strokes and decisions and is killed with SIGKILL at random
// moments; every write it reported as committed must survive, the file must pass
// integrity_check and the audit chain must verify.
#include "store/store.h"
#include "teststation.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;

class TestStoreCrash : public QObject
{
    Q_OBJECT
private slots:
    void killRepeatedly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.plume"));
        QString error;
        auto election = store::ElectionConfig::fromFile(
            QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
        QVERIFY2(election, qPrintable(error));
        teststation::copyOfTemplate(path, *election).reset();

        QSet<QString> strokes, decisions;
        QRandomGenerator rng(20261122);
        const int kills = 24;
        for (int run = 0; run < kills; ++run) {
            QProcess child;
            child.setProcessChannelMode(QProcess::SeparateChannels);
            child.start(QStringLiteral(CRASH_CHILD), {path, QString::number(run)});
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            // Once it is ready (its passphrase derived: "R"), let it write for a random
            // while (at least one report), then SIGKILL.
            QVERIFY2(child.waitForReadyRead(20000),
                     qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
            const int waitMs = 30 + int(rng.bounded(400));
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < waitMs || child.bytesAvailable() <= 2) {
                child.waitForReadyRead(20);
                if (t.elapsed() > 20000)
                    break;
                QVERIFY2(child.state() == QProcess::Running,
                         qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
            }
            child.kill(); // SIGKILL on Unix
            QVERIFY(child.waitForFinished(10000));
            const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
            // Only complete lines count: the last element is "" or a partial line.
            for (int i = 0; i + 1 < lines.size(); ++i) {
                const QString line = QString::fromLatin1(lines[i]);
                if (line.startsWith(QLatin1String("S ")))
                    strokes.insert(line.mid(2));
                else if (line.startsWith(QLatin1String("D ")))
                    decisions.insert(line.mid(2));
            }

            auto s = store::Store::open(path);
            const auto check = s->check();
            QVERIFY2(check.ok, qPrintable(check.message));
            QSet<QString> storedStrokes, storedDecisions;
            const teststation::RawDb raw(path);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("SELECT pen_id FROM strokes")));
            while (q.next())
                storedStrokes.insert(q.value(0).toString());
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM decisions")));
            while (q.next())
                storedDecisions.insert(q.value(0).toString());
            for (const QString &id : std::as_const(strokes))
                QVERIFY2(storedStrokes.contains(id),
                         qPrintable(QStringLiteral("lost stroke ") + id));
            for (const QString &v : std::as_const(decisions))
                QVERIFY2(storedDecisions.contains(v),
                         qPrintable(QStringLiteral("lost decision ") + v));
        }
        QVERIFY(strokes.size() >= kills); // the child really wrote between kills
        qInfo("%d kills, %lld strokes and %lld decisions reported committed, none lost", kills,
              qint64(strokes.size()), qint64(decisions.size()));
    }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_storecrash.moc"
