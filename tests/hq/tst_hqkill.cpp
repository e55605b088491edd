// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// SIGKILL of plume-hq during ingest: every receipt ever sent is in the database, and a
// restarted server stores the rest exactly once.
#include "hqtestutil.h"

#include "hq/hqdb.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;

class TestHqKill : public QObject
{
    Q_OBJECT
private slots:
    void receiptsSurviveSigkill();
};

static quint16 startServer(QProcess &p, const hqtest::HqFixture &hq)
{
    return hqtest::startHq(p, QStringLiteral(PLUME_HQ_BINARY),
                           {QStringLiteral("--db"), hq.url, QStringLiteral("--key-file"),
                            hq.keyFile, QStringLiteral("--quiet")});
}

void TestHqKill::receiptsSurviveSigkill()
{
    QTemporaryDir dir;
    hqtest::HqFixture hq;
    hq.init(dir.path(), hqtest::testElection(hqtest::stationCodes(QStringLiteral("K"), 0, 9)));
    const QString db = hq.url;
    const int stations = 10, perStation = 40;
    QVector<sync::Submission> all;
    for (int st = 0; st < stations; ++st) {
        const auto keys = sync::generateKeyPair();
        const QString code = QStringLiteral("K%1").arg(st);
        hq.db->addStation(code, keys.publicKey);
        for (int v = 1; v <= perStation; ++v)
            all.append(hqtest::contacts(keys, code, v));
    }
    hq.db.reset();
    QProcess server;
    quint16 port = startServer(server, hq);
    QVERIFY(port);

    QNetworkAccessManager nam;
    QHash<QString, QByteArray> receipts; // every receipt the server ever sent
    int finished = 0;
    bool killed = false;
    auto send = [&](const sync::Submission &s, quint16 p) {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/submissions").arg(p)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.post(req, s.httpBody());
        connect(r, &QNetworkReply::finished, this, [&, r, uuid = s.uuid] {
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200 || status == 201)
                receipts.insert(uuid, r->readAll());
            ++finished;
            r->deleteLater();
            if (!killed && receipts.size() >= all.size() / 4) {
                killed = true;
                server.kill(); // SIGKILL, mid-ingest: other requests are in flight
            }
        });
    };
    for (const auto &s : all)
        send(s, port);
    QTRY_VERIFY_WITH_TIMEOUT(finished == all.size(), 50000);
    QVERIFY(killed);
    server.waitForFinished(5000);
    QVERIFY(receipts.size() < all.size());
    const int before = int(receipts.size());

    {
        auto h = hq::HqDatabase::open(db);
        for (auto it = receipts.cbegin(); it != receipts.cend(); ++it) {
            const auto stored = h->receipt(it.key());
            QVERIFY2(stored,
                     qPrintable(QStringLiteral("receipt sent but not stored: ") + it.key()));
            QCOMPARE(*stored, it.value());
        }
    }

    // Restart and resend everything: the receipted ones come back 200 with the same receipt.
    QProcess server2;
    port = startServer(server2, hq);
    QVERIFY(port);
    const auto old = receipts;
    finished = 0;
    killed = true;
    receipts.clear();
    for (const auto &s : all)
        send(s, port);
    QTRY_VERIFY_WITH_TIMEOUT(finished == all.size(), 50000);
    QCOMPARE(receipts.size(), all.size());
    for (auto it = old.cbegin(); it != old.cend(); ++it)
        QCOMPARE(receipts.value(it.key()), it.value());
    server2.kill();
    server2.waitForFinished(5000);
    auto h = hq::HqDatabase::open(db);
    QCOMPARE(h->receiptCount(), qint64(all.size()));
    qInfo("receipts before the kill: %d of %d", before, int(all.size()));
}

QTEST_GUILESS_MAIN(TestHqKill)
#include "tst_hqkill.moc"
