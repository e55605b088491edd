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
