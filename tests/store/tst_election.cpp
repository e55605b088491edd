// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Election configuration parsing: valid demo, clear errors on bad input.
#include "store/election.h"

#include <QtTest>

using plume::store::ElectionConfig;
using plume::store::ElectionSource;

class TestElection : public QObject
{
    Q_OBJECT
private slots:
    // A device has no size to check: read bounded (/dev/zero was read until memory ran out).
    void deviceIsReadBounded()
    {
        QString error;
        QVERIFY(!ElectionConfig::fromFile(QStringLiteral("/dev/zero"), &error));
        QVERIFY2(error.contains(QStringLiteral("trop gros")), qPrintable(error));
    }
    void demoParses()
    {
        QString error;
        auto e = ElectionConfig::fromFile(
            QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
        QVERIFY2(e, qPrintable(error));
        QCOMPARE(e->candidates.size(), 4);
        QCOMPARE(e->candidates.first().id, QStringLiteral("aubert"));
        QCOMPARE(*e->inscrits, 1250);
        QCOMPARE(e->officials.size(), 3);
        // Round trip through toJson.
        auto again = ElectionConfig::fromJson(QJsonDocument(e->toJson()).toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->stationCode, e->stationCode);
        QCOMPARE(again->candidates.size(), 4);
    }

    // The pen's memory is read from two days before the election day, at local midnight
    // (pre-filled headers, stations overseas voting the day before); older ink stays in the pen.
    void penInkDayBegins()
    {
        ElectionConfig e;
        e.date = QStringLiteral("2026-12-06");
        QCOMPARE(e.penInkNotBeforeMs(), QDate(2026, 12, 4).startOfDay().toMSecsSinceEpoch());
        e.date = QStringLiteral("06/12/2026");
        QCOMPARE(e.penInkNotBeforeMs(), 0);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        const QByteArray ok =
            R"({"election":{"name":"E"},"station":{"code":"A1"},"candidates":[{"id":"a","name":"A"}]})";
        QTest::newRow("not json") << QByteArray("{") << "JSON invalide";
        QTest::newRow("array") << QByteArray("[]") << "objet JSON";
        QTest::newRow("no name")
            << QByteArray(R"({"station":{"code":"A"},"candidates":[{"id":"a","name":"A"}]})")
            << "election.name";
        QTest::newRow("bad code")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"a b"},"candidates":[{"id":"a","name":"A"}]})")
            << "station.code";
        QTest::newRow("underscore in code (HQ refuses it)")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"75_01"},"candidates":[{"id":"a","name":"A"}]})")
            << "station.code";
        QTest::newRow("accent in code")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"É1"},"candidates":[{"id":"a","name":"A"}]})")
            << "station.code";
        QTest::newRow("33 characters")
            << QByteArray(R"({"election":{"name":"E"},"station":{"code":")" + QByteArray(33, 'A') +
                          R"("},"candidates":[{"id":"a","name":"A"}]})")
            << "station.code";
        QTest::newRow("no candidates")
            << QByteArray(R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[]})")
            << "au moins un";
        QTest::newRow("dup id")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"A"},{"id":"a","name":"B"}]})")
            << "deux fois";
        QTest::newRow("bad id")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"A B","name":"A"}]})")
            << "identifiant du candidat";
        // What the printed PV cannot hold, and candidates told apart by nothing (a review,
        // 2026-12-01).
        const auto withCandidates = [](const QByteArray &candidates,
                                       const QByteArray &station =
                                           R"({"code":"A"})") -> QByteArray {
            return R"({"election":{"name":"E"},"station":)" + station + R"(,"candidates":[)" +
                   candidates + "]}";
        };
        QByteArray thirteen;
        for (int i = 0; i < 13; ++i)
            thirteen +=
                (i ? "," : "") + QStringLiteral(R"({"id":"c%1","name":"C%1"})").arg(i).toUtf8();
        QTest::newRow("13 candidates") << withCandidates(thirteen) << "au plus 12 candidats";
        for (const char *order : {"1.5", "9223372036854775808", "-5", "0", "\"1\"", "1000"})
            QTest::newRow(order) << withCandidates(R"({"id":"a","name":"A","order":)" +
                                                   QByteArray(order) + "}")
                                 << "L'ordre (order) du candidat « a »";
        QTest::newRow("two candidates of order 1")
            << withCandidates(R"({"id":"a","name":"A","order":1},{"id":"b","name":"B","order":1})")
            << "« a » et « b » ont le même ordre (order) 1";
        QTest::newRow("two Claire AUBERT")
            << withCandidates(
                   R"({"id":"a","name":"Claire AUBERT"},{"id":"b","name":"claire  Aubert"})")
            << "« a » et « b » portent le même nom";
        QTest::newRow("Hélène and He\u0301le\u0300ne")
            << withCandidates(
                   R"({"id":"a","name":"Hélène X"},{"id":"b","name":"He\u0301le\u0300ne X"})")
            << "« a » et « b » portent le même nom";
        QTest::newRow("a name of one no-break space")
            << withCandidates(R"({"id":"a","name":"\u00a0"})") << "« a » n'a pas de nom";
        QTest::newRow("a name of spaces")
            << withCandidates(R"({"id":"a","name":"   "})") << "« a » n'a pas de nom";
        QTest::newRow("100,000 inscrits")
            << withCandidates(R"({"id":"a","name":"A"})", R"({"code":"A","inscrits":100000})")
            << "dépasse 99";
        QVERIFY(ElectionConfig::fromJson(
            withCandidates(R"({"id":"a","name":"A"})", R"({"code":"A","inscrits":99999})"),
            nullptr));
        QByteArray twelve;
        for (int i = 0; i < 12; ++i)
            twelve += (i ? "," : "") + QStringLiteral(R"({"id":"c%1","name":"C%1","order":%2})")
                                           .arg(i)
                                           .arg(12 - i)
                                           .toUtf8();
        QVERIFY(ElectionConfig::fromJson(withCandidates(twelve), nullptr));
        QTest::newRow("neg inscrits")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A","inscrits":-3},"candidates":[{"id":"a","name":"A"}]})")
            << "inscrits";
        // Names HQ refuses in every PV (a review: a NUL in a name, taken here, made every
        // PV of the election refused on election night).
        QTest::newRow("NUL in a candidate's name")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"A\u0000B"}]})")
            << "Le nom du candidat « a » contient un caractère de contrôle (U+0000)";
        QTest::newRow("newline in the election's name")
            << QByteArray(
                   R"({"election":{"name":"E\nVoix : X"},"station":{"code":"A"},"candidates":[{"id":"a","name":"A"}]})")
            << "election.name contient un caractère de contrôle (U+000A)";
        QTest::newRow("201 characters in the commune")
            << QByteArray(R"({"election":{"name":"E"},"station":{"code":"A","commune":")" +
                          QByteArray(201, 'x') + R"("},"candidates":[{"id":"a","name":"A"}]})")
            << "station.commune dépasse 200 caractères";
        QTest::newRow("tab in an official's name")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"A"}],"officials":["Awa\tDIALLO"]})")
            << "officials[] contient un caractère de contrôle (U+0009)";
        QVERIFY(ElectionConfig::fromJson(ok, nullptr));
        // Invisible characters: a name read reversed, one cut in two, a broken line looked
        // like another candidate in the window (a review).
        QTest::newRow("U+202E in a candidate's name")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"\u202eTREBUA erialC"}]})")
            << "Le nom du candidat « a » contient un caractère invisible (U+202E)";
        QTest::newRow("U+200B in an official's name")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"A"}],"officials":["Marie\u200bLEROY"]})")
            << "officials[] contient un caractère invisible (U+200B)";
        QTest::newRow("U+2028 in the station's name")
            << QByteArray(
                   R"({"election":{"name":"E"},"station":{"code":"A","name":"B\u2028Voix"},"candidates":[{"id":"a","name":"A"}]})")
            << "station.name contient un caractère invisible (U+2028)";
        // A name of 200 characters, accents and all, is a name.
        QVERIFY(ElectionConfig::fromJson(
            R"({"election":{"name":"E"},"station":{"code":"A"},"candidates":[{"id":"a","name":"Hélène )" +
                QByteArray(193, 'x') + R"("}]})",
            nullptr));
        QVERIFY(ElectionConfig::fromJson(
            R"({"election":{"name":"E"},"station":{"code":"75056-0001"},"candidates":[{"id":"a","name":"A"}]})",
            nullptr));
    }
    // A station file made when '_' was still taken keeps opening (its report can still be
    // closed and exported); a new station cannot take it.
    void storedCopyKeepsItsUnderscore()
    {
        const QByteArray json =
            R"({"election":{"name":"E"},"station":{"code":"75_01"},"candidates":[{"id":"a","name":"A"}]})";
        QString error;
        QVERIFY(!ElectionConfig::fromJson(json, &error));
        QVERIFY2(error.contains(QStringLiteral("station.code")), qPrintable(error));
        const auto stored = ElectionConfig::fromJson(json, &error, ElectionSource::Stored);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->stationCode, QStringLiteral("75_01"));
        QVERIFY(!ElectionConfig::fromJson(
            R"({"election":{"name":"E"},"station":{"code":"75 01"},"candidates":[{"id":"a","name":"A"}]})",
            &error, ElectionSource::Stored));
    }
    // A station file's own copy, made before these bounds, keeps opening.
    void storedCopyKeepsItsCandidates()
    {
        QByteArray candidates;
        for (int i = 0; i < 13; ++i)
            candidates +=
                (i ? "," : "") +
                QStringLiteral(R"({"id":"c%1","name":"Même nom","order":1.5})").arg(i).toUtf8();
        const QByteArray json = R"({"election":{"name":"E"},"station":{"code":"A","inscrits":)"
                                R"(200000},"candidates":[)" +
                                candidates + "]}";
        QString error;
        QVERIFY(!ElectionConfig::fromJson(json, &error));
        const auto stored = ElectionConfig::fromJson(json, &error, ElectionSource::Stored);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->candidates.size(), 13);
        QCOMPARE(*stored->inscrits, 200000);
    }
    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        QString error;
        QVERIFY(!ElectionConfig::fromJson(json, &error));
        QVERIFY2(error.contains(why), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestElection)
#include "tst_election.moc"
