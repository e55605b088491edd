// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The whole demo round from the command line (issue 15, "Done when"): plume-pensim writes
// the bundled demo session, `plumectl capture --db` routes it through the window's
// pipeline, `fields --json` shows a reading for every PV field, `confirm` decides each one
// (correcting what the recogniser misread), `close` seals with two officials, the sealed
// JSON carries each written field's ink, and `verify --station-db` says `valid`.
#include "teststation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kPresident = QStringLiteral("Marie LEROY (présidente)");
const QString kAssessor = QStringLiteral("Paul GIRARD (assesseur)");
const QHash<QString, QString> kWrittenPv = plume::teststation::demoPv(); // on the paper

struct Run
{
    int code = -1;
    QString out, err;
};

} // namespace

class TestDemoRound : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db, m_passFile;
    const QString m_ctl = QStringLiteral(PLUME_BINARY_DIR "/app/plumectl/plumectl");
    const QString m_sim = QStringLiteral(PLUME_BINARY_DIR "/app/pensim/plume-pensim");

    // plumectl with the station's passphrase at hand, as an official's script would run it.
    Run ctl(const QStringList &args, int timeoutMs = 60000)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PLUME_PASSPHRASE_FILE"), m_passFile);
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
        p.setProcessEnvironment(env);
        p.start(m_ctl, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {-1, {}, QStringLiteral("timeout: plumectl ") + args.join(QLatin1Char(' '))};
        }
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    // The PV's fields from `fields --json`: field -> its JSON object.
    QHash<QString, QJsonObject> pvFields()
    {
        const Run r =
            ctl({QStringLiteral("fields"), QStringLiteral("--db"), m_db, QStringLiteral("--sheet"),
                 QStringLiteral("pv"), QStringLiteral("--json")});
        QHash<QString, QJsonObject> out;
        const QJsonArray sheets = QJsonDocument::fromJson(r.out.toUtf8()).array();
        for (const QJsonValue &sheet : sheets)
            for (const QJsonValue &f : sheet.toObject().value(QStringLiteral("fields")).toArray())
                out.insert(f.toObject().value(QStringLiteral("field")).toString(), f.toObject());
        return out;
    }

private slots:
    void initTestCase()
    {
        m_passFile = m_dir.filePath(QStringLiteral("pass.txt"));
        QFile pass(m_passFile);
        QVERIFY(pass.open(QIODevice::WriteOnly));
        pass.write(plume::teststation::kPassphrase.toUtf8() + "\n");
        pass.close();
        m_db = m_dir.filePath(QStringLiteral("bureau.plume"));
        const Run r = ctl({QStringLiteral("station"), QStringLiteral("init"),
                           QStringLiteral("--db"), m_db, QStringLiteral("--election"),
                           QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void captureReadConfirmSealVerify()
    {
        capture();
        if (QTest::currentTestFailed())
            return;
        int corrected = 0;
        confirmAll(&corrected);
        if (QTest::currentTestFailed())
            return;
        qInfo("the demo PV: %d field(s) corrected by the officials", corrected);
        // Closing: two officials, the PV is consistent.
        Run r = ctl({QStringLiteral("close"), QStringLiteral("--db"), m_db,
                     QStringLiteral("--official"), kPresident, QStringLiteral("--official"),
                     kAssessor});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("PV scellé, version 1")), qPrintable(r.out));
        const QString json = m_dir.filePath(QStringLiteral("pv.json"));
        r = ctl({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--what"),
                 QStringLiteral("pv"), QStringLiteral("--format"), QStringLiteral("json"),
                 QStringLiteral("--out"), json});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        checkInkInTheSeal(json);
        if (QTest::currentTestFailed())
            return;
        r = ctl({QStringLiteral("verify"), json, QStringLiteral("--station-db"), m_db});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("valid"));
        stationFileWithAnotherKeyVouchesForNothing(json);
    }

private:
    // A station file whose public key was swapped with sqlite3 fails its integrity check:
    // `verify --station-db` must refuse it, not take its key as the reference.
    void stationFileWithAnotherKeyVouchesForNothing(const QString &json)
    {
        const QString other = m_dir.filePath(QStringLiteral("other.plume"));
        Run r = ctl({QStringLiteral("station"), QStringLiteral("init"), QStringLiteral("--db"),
                     other, QStringLiteral("--election"),
                     QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString forged = m_dir.filePath(QStringLiteral("forged.plume"));
        QVERIFY(QFile::copy(m_db, forged));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("forge"));
            db.setDatabaseName(forged);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("ATTACH DATABASE '%1' AS other").arg(other)));
            QVERIFY(q.exec(QStringLiteral(
                "UPDATE settings SET value = (SELECT value FROM other.settings WHERE key = "
                "'station.ed25519.public') WHERE key = 'station.ed25519.public'")));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("forge"));
        r = ctl({QStringLiteral("verify"), json, QStringLiteral("--station-db"), forged});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("intégrité")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QStringLiteral("valid")));
    }

    // plume-pensim writes the demo session; plumectl capture --db stores and reads it.
    void capture()
    {
        QProcess sim;
        sim.start(m_sim, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--ink"),
                          QStringLiteral(PLUME_SOURCE_DIR "/resources/demo/demo-session.inkml"),
                          QStringLiteral("--chunk"), QStringLiteral("random"),
                          QStringLiteral("--seed"), QStringLiteral("2026"),
                          QStringLiteral("--exit-when-done"), QStringLiteral("--quiet")});
        QVERIFY(sim.waitForStarted());
        QVERIFY(sim.waitForReadyRead(20000));
        const auto m = QRegularExpression(QStringLiteral("^listening 127\\.0\\.0\\.1:(\\d+)$"))
                           .match(QString::fromUtf8(sim.readLine()).trimmed());
        QVERIFY(m.hasMatch());
        const Run r =
            ctl({QStringLiteral("capture"), QStringLiteral("--db"), m_db, QStringLiteral("--pen"),
                 QStringLiteral("tcp:127.0.0.1:") + m.captured(1), QStringLiteral("--until-idle"),
                 QStringLiteral("3"), QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("cap.inkml"))},
                120000);
        QVERIFY(sim.waitForFinished(20000));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // The captured ink may hold contact sheets: owner only, like the station file.
        QCOMPARE(QFile::permissions(m_dir.filePath(QStringLiteral("cap.inkml"))) &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                      QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        const auto stats =
            QRegularExpression(QStringLiteral("^strokes=(\\d+) dots=\\d+ lost_events=0 "
                                              "bad_frames=0 reconnects=\\d+$"))
                .match(r.out.trimmed().split(QLatin1Char('\n')).last());
        QVERIFY2(stats.hasMatch(), qPrintable(r.out));
        QVERIFY(stats.captured(1).toInt() > 100);
    }

    // Every PV field has a reading; each is confirmed, or corrected where misread.
    void confirmAll(int *corrected)
    {
        const auto fields = pvFields();
        int doubtful = 0;
        for (auto it = kWrittenPv.begin(); it != kWrittenPv.end(); ++it) {
            const QJsonObject f = fields.value(it.key());
            QVERIFY2(f.contains(QStringLiteral("reading")), qPrintable(it.key()));
            const QString reading = f.value(QStringLiteral("reading")).toString();
            QStringList args{QStringLiteral("confirm"),
                             QStringLiteral("--db"),
                             m_db,
                             QStringLiteral("--sheet"),
                             QStringLiteral("pv"),
                             QStringLiteral("--field"),
                             it.key(),
                             QStringLiteral("--official"),
                             kPresident};
            // A doubtful reading is never confirmed unseen: its value is typed again.
            if (f.value(QStringLiteral("flagged")).toBool() && reading == it.value()) {
                const Run unseen = ctl(args);
                QCOMPARE(unseen.code, 1);
                QVERIFY2(unseen.err.contains(QStringLiteral("--value")) &&
                             !unseen.err.contains(reading),
                         qPrintable(unseen.err));
                QVERIFY(!pvFields().value(it.key()).contains(QStringLiteral("decision")));
                args << QStringLiteral("--value") << reading;
                ++doubtful;
            }
            if (reading != it.value()) {
                args << QStringLiteral("--value") << it.value();
                ++*corrected;
                qInfo("misread %s: %s (written %s)", qPrintable(it.key()), qPrintable(reading),
                      qPrintable(it.value()));
            }
            const Run r = ctl(args);
            QVERIFY2(r.code == 0, qPrintable(it.key() + r.err));
        }
        qInfo("%d doubtful reading(s) typed again", doubtful);
        const auto decided = pvFields();
        for (auto it = kWrittenPv.begin(); it != kWrittenPv.end(); ++it)
            QCOMPARE(decided.value(it.key())
                         .value(QStringLiteral("decision"))
                         .toObject()
                         .value(QStringLiteral("value"))
                         .toString(),
                     it.value());
    }

    // Each written field of the sealed document carries its strokes (integers only).
    void checkInkInTheSeal(const QString &json)
    {
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject payload = QJsonDocument::fromJson(f.readAll())
                                        .object()
                                        .value(QStringLiteral("signed"))
                                        .toObject()
                                        .value(QStringLiteral("payload"))
                                        .toObject();
        const QJsonObject fields = payload.value(QStringLiteral("fields")).toObject();
        QCOMPARE(fields.size(), kWrittenPv.size());
        for (auto it = kWrittenPv.begin(); it != kWrittenPv.end(); ++it) {
            const QJsonObject field = fields.value(it.key()).toObject();
            QCOMPARE(field.value(QStringLiteral("value")).toString(), it.value());
            const QJsonArray strokes = field.value(QStringLiteral("ink"))
                                           .toObject()
                                           .value(QStringLiteral("strokes"))
                                           .toArray();
            QVERIFY2(!strokes.isEmpty(), qPrintable(it.key()));
            for (const QJsonValue &s : strokes) {
                const QJsonArray p = s.toObject().value(QStringLiteral("p")).toArray();
                QVERIFY(!p.isEmpty() && p.size() % 3 == 0);
                QVERIFY(p.first().isDouble() && p.first().toDouble() == p.first().toInteger());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoRound)
#include "tst_demoround.moc"
