// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq's API: statuses for good, duplicate, conflicting and hostile submissions, the PV
// version chain (409 previous_version), signed receipts, key replacement and revocation on a
// running server, results and pages (free text only for operators, contacts never).
#include "forms/pvcheck.h"
#include "hqtestutil.h"

#include "hq/hqdb.h"
#include "hq/hqserver.h"
#include "sync/crypto.h"
#include "sync/jsonoutline.h"
#include "sync/receipt.h"
#include "sync/submission.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using hqtest::Reply;

namespace {

// Sets a count in both the counts and its field.
QJsonObject withCount(QJsonObject p, const QString &name, qint64 n)
{
    p = hqtest::withPath(p, QStringLiteral("counts.") + name, n);
    QJsonObject fields = p.value(QStringLiteral("fields")).toObject();
    fields.insert(name, hqtest::field(n));
    p.insert(QStringLiteral("fields"), fields);
    return p;
}

const QByteArray kToken = QByteArrayLiteral("operator-token-0123456789");

// An election of 121 candidates: with the 6 counts and code_bureau, the 128 fields a PV may
// have at most (hq/validate.cpp).
constexpr int kBigCandidates = 121;

QByteArray bigElection()
{
    QJsonArray candidates;
    for (int i = 0; i < kBigCandidates; ++i)
        candidates.append(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("c%1").arg(i)},
                        {QStringLiteral("name"), QStringLiteral("Candidat %1").arg(i)},
                        {QStringLiteral("order"), i + 1}});
    const QJsonObject e{{QStringLiteral("election"),
                         QJsonObject{{QStringLiteral("id"), QStringLiteral("big-2026")},
                                     {QStringLiteral("name"), QStringLiteral("Grande")},
                                     {QStringLiteral("round"), 1},
                                     {QStringLiteral("date"), QStringLiteral("2026-11-22")}}},
                        {QStringLiteral("candidates"), candidates}};
    return QJsonDocument(e).toJson(QJsonDocument::Compact);
}

// 200 strokes at the page's far corner, an hour long; `points` spread over them.
QJsonObject fullInk(int points)
{
    QJsonArray strokes;
    for (int i = 0; i < 200; ++i) {
        QJsonArray p;
        for (int k = 0; k < points / 200 + (i < points % 200); ++k)
            p << 100'000 << 100'000 << 3'600'000;
        strokes.append(QJsonObject{
            {QStringLiteral("t"), i}, {QStringLiteral("late"), false}, {QStringLiteral("p"), p}});
    }
    return QJsonObject{{QStringLiteral("first_at"), QStringLiteral("2026-11-22T19:58:01.250Z")},
                       {QStringLiteral("last_at"), QStringLiteral("2026-11-22T20:58:01.449Z")},
                       {QStringLiteral("late_ink"), false},
                       {QStringLiteral("strokes"), strokes}};
}

// The largest PV the protocol allows (docs/protocol.md §1): 128 fields of 200 strokes with
// 200,000 points in all, one stroke of 3,000; 20 officials, 32 checks of 64 fields, the
// longest texts.
QJsonObject maximalPv(const QString &station)
{
    QJsonObject p = hqtest::pvPayload(station, 1, 5, 0);
    QJsonArray candidates;
    QJsonObject fields = p.value(QStringLiteral("fields")).toObject();
    fields.remove(QStringLiteral("voix.a"));
    fields.remove(QStringLiteral("voix.b"));
    for (int i = 0; i < kBigCandidates; ++i) {
        const qint64 voix = i < 5 ? 1 : 0; // exprimes: 5
        candidates.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("c%1").arg(i)},
                                      {QStringLiteral("name"), QString(200, QLatin1Char('n'))},
                                      {QStringLiteral("order"), i + 1},
                                      {QStringLiteral("voix"), voix}});
        fields.insert(QStringLiteral("voix.c%1").arg(i), hqtest::field(voix));
    }
    p.insert(QStringLiteral("candidates"), candidates);
    p = hqtest::withPath(p, QStringLiteral("election.id"), QStringLiteral("big-2026"));
    int left = 200'000 - 3000;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        QJsonObject f = it.value().toObject();
        const int points = it == fields.begin() ? 3000 + 199 : left / int(fields.end() - it);
        left -= it == fields.begin() ? 199 : points;
        f.insert(QStringLiteral("ink"), fullInk(points));
        f.insert(QStringLiteral("decided_at"), QStringLiteral("2026-11-22T21:00:00Z"));
        it.value() = f;
    }
    p.insert(QStringLiteral("fields"), fields);
    QJsonArray officials, checks, checkFields;
    for (int i = 0; i < 20; ++i)
        officials.append(QString(QString(199, QLatin1Char('o')) + QChar(u'a' + i)));
    for (int i = 0; i < 64; ++i)
        checkFields.append(QStringLiteral("voix.c%1").arg(i));
    for (int i = 0; i < 32; ++i)
        checks.append(QJsonObject{{QStringLiteral("rule"), QStringLiteral("enveloppes_votants")},
                                  {QStringLiteral("kind"), QStringLiteral("to_explain")},
                                  {QStringLiteral("explanation"), QString(2000, QLatin1Char('e'))},
                                  {QStringLiteral("fields"), checkFields},
                                  {QStringLiteral("blocking"), false}});
    p.insert(QStringLiteral("officials"), officials);
    p.insert(QStringLiteral("checks"), checks);
    p.insert(QStringLiteral("remarques"), QString(10'000, QLatin1Char('r')));
    return p;
}

// About 4 MiB of `unit` repeated, as the value of "x" in an object.
QByteArray repeated(const QByteArray &unit)
{
    return hqtest::repeatedJson(unit);
}

} // namespace

class TestHqApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void storeThenDuplicateThenConflict();
    void receiptIsSigned();
    void versionChain();
    void contactsAreNotChained();
    void contactSheetOncePerBatch();
    void groupCommitBatch();
    void hostileBodies_data();
    void hostileBodies();
    void bodyShapeBounded();
    void invalidPayloadStoresNothing();
    void replaceAndRevokeOnRunningServer();
    void truncatedBodyAndGarbage();
    void resultsAndPages();
    void stationListedElsewhereIsRefused();
    void stopAnswersTheBatchBeingStored();
    void refusedSignaturesAreThrottled();
    void stationListedNowhereIsRefused();
    void contactsSealedAndExported();
    void cleanupTestCase();

private:
    Reply post(const QByteArray &body,
               const QByteArray &type = QByteArrayLiteral("application/json"))
    {
        return hqtest::post(m_nam, m_port, body, type);
    }
    Reply get(const QString &path, const QByteArray &token = {})
    {
        return hqtest::get(m_nam, m_port, path, token);
    }

    QTemporaryDir m_dir;
    hqtest::HqFixture m_hq;
    std::unique_ptr<hq::HqServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    sync::KeyPair m_keys, m_other, m_s3;
};

void TestHqApi::initTestCase()
{
    m_hq.init(m_dir.path(), hqtest::testElection({QStringLiteral("S3")}));
    m_keys = sync::generateKeyPair();
    m_other = sync::generateKeyPair();
    m_s3 = sync::generateKeyPair();
    m_hq.db->addStation(QStringLiteral("S1"), m_keys.publicKey);
    m_hq.db->addStation(QStringLiteral("S2"), m_other.publicKey);
    m_hq.db->addStation(QStringLiteral("S3"), m_s3.publicKey);
    hq::ServerOptions o = m_hq.options(true);
    o.limits.maxBodyBytes = 64 * 1024;
    m_server = std::make_unique<hq::HqServer>(m_hq.url, o);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port);
}

// SIGTERM while a batch was being stored: HQ committed it and closed the connections
// unanswered, 51 stations without their receipts (a review, 2026-12-01). The batch being
// stored is answered before HQ stops, and no new connection is taken.
void TestHqApi::stopAnswersTheBatchBeingStored()
{
    QTemporaryDir dir;
    hqtest::HqFixture hq;
    hq.init(dir.path());
    const sync::KeyPair keys = sync::generateKeyPair();
    hq.db->addStation(QStringLiteral("S1"), keys.publicKey);
    hq::HqServer server(hq.url, hq.options());
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    {
        // Another writer holds the database: the batch waits in the middle of being stored.
        QSqlDatabase lock =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("stop-lock"));
        lock.setDatabaseName(dir.filePath(QStringLiteral("hq.db")));
        QVERIFY(lock.open());
        QSqlQuery q(lock);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/submissions").arg(port)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply =
            m_nam.post(req, hqtest::pv(keys, QStringLiteral("S1"), 1, 60, 40).httpBody());
        QTRY_VERIFY(server.storing());
        bool stopped = false;
        server.stop([&] { stopped = true; });
        QTest::qWait(200);
        QVERIFY(!stopped); // the batch is still being stored
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
        QTRY_VERIFY(stopped);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        reply->deleteLater();
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(1000));
        lock.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("stop-lock"));
    QCOMPARE(hq.db->receiptCount(), qint64(1));
}

// Anyone could name a station the results list and make HQ check a signature per request,
// 5,000 a second, real stations 10 to 20 times slower (a review, 2026-12-01). Past 30
// refusals 401 from one address within 10 s, its submissions get 429 before any check.
void TestHqApi::refusedSignaturesAreThrottled()
{
    QTemporaryDir dir;
    hqtest::HqFixture hq;
    hq.init(dir.path());
    hq.db->addStation(QStringLiteral("S1"), m_keys.publicKey);
    hq::HqServer server(hq.url, hq.options());
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    const sync::KeyPair forger = sync::generateKeyPair();
    const QByteArray forged = hqtest::pv(forger, QStringLiteral("S1"), 1, 60, 40).httpBody();
    for (int i = 0; i < hq::HqServer::kMaxRefused; ++i) {
        const Reply r = hqtest::post(m_nam, port, forged);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.rule(), QStringLiteral("signature"));
    }
    const Reply throttled = hqtest::post(m_nam, port, forged);
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.rule(), QStringLiteral("throttled"));
    QCOMPARE(throttled.header("Retry-After"), QByteArray("10"));
    // Nothing of it is checked: the real station's PV from that address waits too.
    QCOMPARE(
        hqtest::post(m_nam, port, hqtest::pv(m_keys, QStringLiteral("S1"), 1, 60, 40).httpBody())
            .status,
        429);
    QCOMPARE(hq.db->receiptCount(), qint64(0));
}

// A station listed (with its inscrits) in one election sends its PV to another: it would
// escape its own bound, count there, and use up its version 1 for its own election.
void TestHqApi::stationListedElsewhereIsRefused()
{
    QString error;
    const auto other = hq::parseElection(
        R"({"election":{"id":"autre-2026","name":"Autre","round":1,"date":"2026-11-22"},)"
        R"("candidates":[{"id":"a","name":"Alice","order":1},{"id":"b","name":"Bob","order":2}],)"
        R"("stations":[{"code":"L7","name":"Sept","commune":"Nantes","inscrits":1000}]})",
        &error);
    QVERIFY2(other, qPrintable(error));
    m_hq.db->addElection(*other);
    const sync::KeyPair keys = sync::generateKeyPair();
    m_hq.db->addStation(QStringLiteral("L7"), keys.publicKey);
    const QString l7 = QStringLiteral("L7");
    const Reply elsewhere = post(hqtest::pv(keys, l7, 1, 300, 100).httpBody());
    QCOMPARE(elsewhere.status, 422);
    QCOMPARE(elsewhere.rule(), QStringLiteral("station_not_listed"));
    QVERIFY2(elsewhere.body.contains("autre-2026"), elsewhere.body.constData());
    QVERIFY(m_hq.db->pvVersions(l7).isEmpty());
    const QJsonObject own =
        hqtest::withPath(hqtest::pvPayload(l7, 1, 300, 100), QStringLiteral("election.id"),
                         QStringLiteral("autre-2026"));
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 1, l7, own, keys).httpBody()).status,
             201);
}

// A station enrolled but listed in no election sends to one that lists its stations: it
// would count there without any bound. An election that lists no station takes it.
void TestHqApi::stationListedNowhereIsRefused()
{
    const sync::KeyPair keys = sync::generateKeyPair();
    const QString n9 = QStringLiteral("N9");
    m_hq.db->addStation(n9, keys.publicKey);
    for (const auto &s : {hqtest::pv(keys, n9, 1, 300, 100), hqtest::contacts(keys, n9, 1)}) {
        const Reply r = post(s.httpBody());
        QCOMPARE(r.status, 422);
        QCOMPARE(r.rule(), QStringLiteral("station_not_listed"));
        QVERIFY2(r.body.contains("test-2026"), r.body.constData());
    }
    QVERIFY(m_hq.db->pvVersions(n9).isEmpty());
    QString error;
    const auto open = hq::parseElection(
        R"({"election":{"id":"libre-2026","name":"Libre","round":1,"date":"2026-11-22"},)"
        R"("candidates":[{"id":"a","name":"Alice","order":1},{"id":"b","name":"Bob","order":2}]})",
        &error);
    QVERIFY2(open, qPrintable(error));
    m_hq.db->addElection(*open);
    const QJsonObject there =
        hqtest::withPath(hqtest::pvPayload(n9, 1, 300, 100), QStringLiteral("election.id"),
                         QStringLiteral("libre-2026"));
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 1, n9, there, keys).httpBody()).status,
             201);
    // A station's page under another election shows none of its PVs of this one (a review:
    // S2's test-2026 PV, remarks and all, under libre-2026), and is a 404 where that
    // election's list does not hold it.
    m_server->refreshResults();
    const Reply own = get(QStringLiteral("/stations/S2?election=test-2026"), kToken);
    QVERIFY(own.body.contains("reparti"));
    const Reply elsewhere = get(QStringLiteral("/stations/S2?election=libre-2026"), kToken);
    QCOMPARE(elsewhere.status, 200);
    QVERIFY(!elsewhere.body.contains("reparti"));
    QCOMPARE(get(QStringLiteral("/stations/S2?election=autre-2026"), kToken).status, 404);
    QVERIFY(get(QStringLiteral("/stations/N9?election=libre-2026"), kToken).body.contains("N9"));
}

void TestHqApi::cleanupTestCase()
{
    m_server.reset();
    m_hq.db.reset();
}

void TestHqApi::storeThenDuplicateThenConflict()
{
    const auto s = hqtest::pv(m_keys, QStringLiteral("S1"), 1, 60, 40);
    const Reply first = post(s.httpBody());
    QCOMPARE(first.status, 201);
    QCOMPARE(first.json().value(QStringLiteral("sha256")).toString(), s.sha256);
    QCOMPARE(first.json().value(QStringLiteral("uuid")).toString(), s.uuid);
    // Exact duplicate: 200 and the very same receipt.
    const Reply again = post(s.httpBody());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body);
    // Same uuid, other content (properly signed): 409 conflict.
    const auto conflict =
        hqtest::conflictingCopy(s, hqtest::pvPayload(QStringLiteral("S1"), 1, 61, 39), m_keys);
    const Reply c = post(conflict.httpBody());
    QCOMPARE(c.status, 409);
    QCOMPARE(c.rule(), QStringLiteral("conflict"));
    // Another uuid for the stored version 1: 409 conflict.
    QCOMPARE(post(hqtest::pv(m_keys, QStringLiteral("S1"), 1, 60, 40).httpBody()).rule(),
             QStringLiteral("conflict"));
    QCOMPARE(*m_hq.db->receipt(s.uuid), first.body);
}

void TestHqApi::receiptIsSigned()
{
    const auto s = hqtest::contacts(m_keys, QStringLiteral("S1"), 1);
    const Reply r = post(s.httpBody());
    QCOMPARE(r.status, 201);
    const sync::ReceiptExpectation e{s.uuid, s.sha256, s.station, s.kind, s.version};
    QCOMPARE(sync::verifyReceipt(r.body, m_hq.keys.publicKey, e), QString());
    // Canonical JSON with the signature key.
    QVERIFY(r.json().contains(QStringLiteral("signature")));
    QCOMPARE(*sync::canonicalJson(r.json()), r.body);
    // Another key, another item, a changed byte: refused.
    QVERIFY(!sync::verifyReceipt(r.body, sync::generateKeyPair().publicKey, e).isEmpty());
    sync::ReceiptExpectation other = e;
    other.version = 2;
    QVERIFY(!sync::verifyReceipt(r.body, m_hq.keys.publicKey, other).isEmpty());
    QByteArray tampered = r.body;
    tampered.replace("\"version\":1", "\"version\":2");
    other.version = 2;
    QVERIFY(!sync::verifyReceipt(tampered, m_hq.keys.publicKey, other).isEmpty());
}

void TestHqApi::versionChain()
{
    const QString st = QStringLiteral("S2");
    const auto v1 = hqtest::pv(m_other, st, 1, 10, 20);
    QCOMPARE(post(v1.httpBody()).status, 201);
    // Version 3 before version 2, version 2 with another previous hash, a jump: 409.
    const Reply early = post(
        hqtest::pv(m_other, st, 3, 1, 1, v1.sha256, QStringLiteral("erreur de report sur le PV"))
            .httpBody());
    QCOMPARE(early.status, 409);
    QCOMPARE(early.rule(), QStringLiteral("previous_version"));
    const Reply wrong = post(hqtest::pv(m_other, st, 2, 1, 1, QString(64, QLatin1Char('0')),
                                        QStringLiteral("erreur de report sur le PV"))
                                 .httpBody());
    QCOMPARE(wrong.rule(), QStringLiteral("previous_version"));
    QCOMPARE(post(hqtest::pv(m_other, st, 5, 1, 1, v1.sha256,
                             QStringLiteral("saut de version jamais signé"))
                      .httpBody())
                 .rule(),
             QStringLiteral("previous_version"));
    // Past kMaxPvVersion, whatever the chain: a station cannot flood the results with
    // corrections (each is kept and shown).
    QCOMPARE(post(hqtest::pv(m_other, st, forms::kMaxPvVersion + 1, 1, 1, v1.sha256,
                             QStringLiteral("une correction de trop après tant d'autres"))
                      .httpBody())
                 .rule(),
             QStringLiteral("version_limit"));
    QCOMPARE(post(hqtest::pv(m_other, st, 1000000000, 1, 1, v1.sha256,
                             QStringLiteral("saut de version jamais signé"))
                      .httpBody())
                 .rule(),
             QStringLiteral("version_limit"));
    // A correction without its reason, or signed by one official (written twice): 422, as
    // the station itself never signs it (sync::closePv); nothing stored.
    const QJsonObject bare = hqtest::pvPayload(st, 2, 11, 20, v1.sha256, QString());
    const QJsonObject alone = hqtest::withPath(
        hqtest::pvPayload(st, 2, 11, 20, v1.sha256, QStringLiteral("recomptage des bulletins")),
        QStringLiteral("officials"),
        QJsonArray{QStringLiteral("Paul MARTIN"), QStringLiteral("paul martin")});
    for (const QJsonObject &p : {bare, alone}) {
        const Reply r = post(sync::Submission::create(sync::kKindPv, 2, st, p, m_other).httpBody());
        QCOMPARE(r.status, 422);
        QCOMPARE(r.rule(), QStringLiteral("correction_unexplained"));
    }
    // The genuine chain goes on.
    const auto v2 = hqtest::pv(m_other, st, 2, 11, 20, v1.sha256,
                               QStringLiteral("recomptage des bulletins de Bob"));
    QCOMPARE(post(v2.httpBody()).status, 201);
    const auto v3 = hqtest::pv(m_other, st, 3, 12, 20, v2.sha256,
                               QStringLiteral("second recomptage des bulletins"));
    QCOMPARE(post(v3.httpBody()).status, 201);
    m_server->refreshResults();
    const QJsonArray stations =
        QJsonDocument::fromJson(get(QStringLiteral("/api/v1/results/stations")).body).array();
    bool seen = false;
    for (const QJsonValue &v : stations)
        if (v.toObject().value(QStringLiteral("station")).toString() == st) {
            seen = true;
            QCOMPARE(v.toObject().value(QStringLiteral("version")).toInt(), 3);
            QCOMPARE(v.toObject().value(QStringLiteral("exprimes")).toInt(), 32);
        }
    QVERIFY(seen);
}

void TestHqApi::contactsAreNotChained()
{
    const auto a = hqtest::contacts(m_keys, QStringLiteral("S1"), 7);
    QCOMPARE(post(a.httpBody()).status, 201);
    const auto b = hqtest::contacts(m_keys, QStringLiteral("S1"), 7);
    QCOMPARE(post(b.httpBody()).rule(), QStringLiteral("conflict"));
}

void TestHqApi::contactSheetOncePerBatch()
{
    // The same sheet twice in one batch (contact-5 and contact-05 are one sheet): 422
    // sheet_repeated, nothing stored; the batch with two sheets is then taken.
    const qint64 receipts = m_hq.db->receiptCount();
    QJsonObject p = hqtest::contactsPayload(40);
    QJsonArray list = p.value(QStringLiteral("contacts")).toArray();
    QJsonObject second = list[0].toObject();
    second.insert(QStringLiteral("sheet"), QStringLiteral("contact-040"));
    list.append(second);
    p.insert(QStringLiteral("contacts"), list);
    const Reply r =
        post(sync::Submission::create(sync::kKindContacts, 40, QStringLiteral("S1"), p, m_keys)
                 .httpBody());
    QCOMPARE(r.status, 422);
    QCOMPARE(r.rule(), QStringLiteral("sheet_repeated"));
    QCOMPARE(m_hq.db->receiptCount(), receipts);
    second.insert(QStringLiteral("sheet"), QStringLiteral("contact-41"));
    list[1] = second;
    p.insert(QStringLiteral("contacts"), list);
    QCOMPARE(post(sync::Submission::create(sync::kKindContacts, 40, QStringLiteral("S1"), p, m_keys)
                      .httpBody())
                 .status,
             201);
}

void TestHqApi::groupCommitBatch()
{
    // One transaction: duplicates, a conflict, and a chain v1 -> v2 inside it.
    hqtest::groupCommitBatch(*m_hq.db, m_hq.keys, m_s3, QStringLiteral("S3"));
}

void TestHqApi::hostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("status");
    const auto good = hqtest::contacts(m_keys, QStringLiteral("S1"), 20);
    const QByteArray json = QByteArrayLiteral("application/json");
    const QByteArray body = good.httpBody();
    QTest::newRow("truncated json") << body.left(body.size() / 2) << json << 400;
    QTest::newRow("empty") << QByteArray() << json << 400;
    QTest::newRow("not an object") << QByteArray("[1,2,3]") << json << 400;
    QTest::newRow("huge") << QByteArray(200 * 1024, 'x') << json << 413;
    QTest::newRow("deep nesting") << (QByteArray(5000, '[') + QByteArray(5000, ']')) << json << 400;
    // Canonical, as a station sends it (compact JSON when it cannot be: a float).
    auto bytes = [](const QJsonObject &env) {
        return sync::canonicalJson(env).value_or(QJsonDocument(env).toJson(QJsonDocument::Compact));
    };
    auto mutate = [&](const char *name, const QString &key, const QJsonValue &v, int status) {
        QJsonObject env = QJsonDocument::fromJson(body).object();
        env.insert(key, v);
        QTest::newRow(name) << bytes(env) << json << status;
    };
    auto mutateSigned = [&](const char *name, const QString &key, const QJsonValue &v, int status) {
        QJsonObject env = QJsonDocument::fromJson(body).object();
        QJsonObject sgn = env.value(QStringLiteral("signed")).toObject();
        sgn.insert(key, v);
        env.insert(QStringLiteral("signed"), sgn);
        QTest::newRow(name) << bytes(env) << json << status;
    };
    mutate("format not a string", QStringLiteral("format"), 1, 400);
    mutateSigned("version as string", QStringLiteral("version"), QStringLiteral("2"), 400);
    mutateSigned("float version", QStringLiteral("version"), 2.5, 400);
    mutateSigned("bad kind", QStringLiteral("kind"), QStringLiteral("rm -rf"), 400);
    mutateSigned("bad uuid", QStringLiteral("uuid"), QStringLiteral("../../etc"), 400);
    mutateSigned("float in payload", QStringLiteral("payload"),
                 QJsonObject{{QStringLiteral("x"), 0.5}}, 400);
    mutate("bad base64", QStringLiteral("signature"),
           QString(QString(86, QLatin1Char('*')) + QStringLiteral("==")), 400);
    mutate("extra key", QStringLiteral("admin"), true, 400);
    mutate("forged signature", QStringLiteral("signature"),
           QString::fromLatin1(QByteArray(64, '\x42').toBase64()), 401);
    mutate("wrong hash", QStringLiteral("sha256"), QString(64, QLatin1Char('0')), 401);
    mutateSigned("tampered", QStringLiteral("created_at"),
                 QStringLiteral("2020-01-01T00:00:00.000Z"), 401);
    // "signed" as received is what was signed: its canonical bytes, not equivalent JSON
    // (the signature verifies over the canonical form of what HQ parsed).
    QTest::newRow("1e2 for 20") << QByteArray(body).replace("\"batch\":20", "\"batch\":2e1") << json
                                << 400;
    QTest::newRow("20.0 for 20") << QByteArray(body).replace("\"batch\":20", "\"batch\":20.0")
                                 << json << 400;
    QTest::newRow("spaces in signed")
        << QByteArray(body).replace("\"batch\":20", "\"batch\": 20") << json << 400;
    QTest::newRow("indented") << QJsonDocument::fromJson(body).toJson() << json << 400;
    const qsizetype at = body.indexOf(",\"signed\":");
    QTest::newRow("signed twice") << body.left(at) + body.mid(at, body.size() - at - 1) +
                                         body.mid(at)
                                  << json << 400;
    // An envelope key written twice (a parser keeps the last, another tool the first: HQ
    // would check one hash and an auditor read the other) or with an escape: 400.
    const QByteArray realHash = "\"sha256\":\"" + good.sha256.toLatin1() + "\"";
    QTest::newRow("sha256 twice, the real one last")
        << QByteArray(body).replace(
               realHash, QByteArray("\"sha256\":\"" + QByteArray(64, '0') + "\"," + realHash))
        << json << 400;
    QTest::newRow("sha256 key escaped")
        << QByteArray(body).replace("\"sha256\":", "\"\\u0073ha256\":") << json << 400;
    QTest::newRow("envelope indented, signed canonical")
        << QByteArray(body).replace(",\"signed\":", ",\n  \"signed\" : ") << json << 201;
    const auto s2 = hqtest::contacts(m_other, QStringLiteral("S1"), 21);
    QTest::newRow("other station's key") << s2.httpBody() << json << 401;
    const auto unknown = hqtest::contacts(m_keys, QStringLiteral("S99"), 1);
    QTest::newRow("unknown station") << unknown.httpBody() << json << 401;
    QTest::newRow("text/plain") << body << QByteArray("text/plain") << 415;
    QTest::newRow("json with charset")
        << body << QByteArray("application/json; charset=utf-8") << 200;
}

void TestHqApi::hostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(int, status);
    const Reply r = post(body, type);
    QCOMPARE(r.status, status);
    if (status >= 400) {
        QVERIFY(r.json().contains(QStringLiteral("error")));
        QVERIFY(!r.rule().isEmpty());
    }
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
}

// A body is outlined before it is parsed: nesting, arrays and values beyond the largest
// legitimate PV are refused as malformed (4 MiB of them once took 345 MB to parse); that PV,
// at every limit of the protocol, still passes.
void TestHqApi::bodyShapeBounded()
{
    QTemporaryDir dir; // its own database: another election would change the results here
    hqtest::HqFixture hq;
    // 121 candidates: a new election holds 12 at most (store::kMaxCandidates), one stored
    // by an earlier build may hold more, and the protocol's bounds still hold for it.
    hq.init(dir.path(), bigElection(), {}, store::ElectionSource::Stored);
    hq.db->addStation(QStringLiteral("S2"), m_other.publicKey);
    const auto pv = sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S2"),
                                             maximalPv(QStringLiteral("S2")), m_other);
    const QByteArray body = pv.httpBody();
    const sync::JsonOutline shape = sync::outlineJson(body);
    qInfo("largest PV: %lld bytes, depth %d, %lld arrays and objects, %lld values",
          qint64(body.size()), shape.depth, shape.containers, shape.values);
    QCOMPARE(shape.depth, 9);
    const hq::CheckedSubmission ok = hq::checkSubmission(*hq.db, body);
    QVERIFY2(ok.accepted, ok.refusal ? qPrintable(ok.refusal->message) : "");
    QCOMPARE(ok.accepted->pv.electionId, QStringLiteral("big-2026"));
    const QByteArray deep = QByteArray(100, '[') + '0' + QByteArray(100, ']');
    const QList<QByteArray> hostile = {
        repeated(deep), repeated("[[0]]"), repeated("0"),
        repeated("{}"), repeated("\"k\""), QByteArray(13, '[') + QByteArray(13, ']')};
    for (const QByteArray &h : hostile) {
        const hq::CheckedSubmission c = hq::checkSubmission(*hq.db, h);
        QVERIFY(c.refusal);
        QCOMPARE(c.refusal->status, 400);
        QCOMPARE(c.refusal->rule, QStringLiteral("malformed"));
        // Refused by the outline, not by the parser or the envelope's keys.
        const QString &why = c.refusal->message;
        QVERIFY2(why.contains(QLatin1String("12 niveaux")) ||
                     why.contains(QLatin1String("60000 tableaux")) ||
                     why.contains(QLatin1String("800000 valeurs")),
                 qPrintable(why));
    }
}

void TestHqApi::invalidPayloadStoresNothing()
{
    // 422 with the rule; nothing stored; results unchanged.
    m_server->refreshResults();
    const QByteArray before = get(QStringLiteral("/api/v1/results/stations")).body;
    const qint64 receipts = m_hq.db->receiptCount();
    QJsonObject repeated =
        hqtest::pvPayload(QStringLiteral("S1"), 2, 1, 2, QString(64, QLatin1Char('f')),
                          QStringLiteral("erreur de report sur le PV"));
    QJsonArray cands;
    for (int i = 0; i < 1100; ++i)
        cands.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                 {QStringLiteral("name"), QStringLiteral("Alice")},
                                 {QStringLiteral("order"), 1},
                                 {QStringLiteral("voix"), 1}});
    repeated.insert(QStringLiteral("candidates"), cands);
    const Reply r =
        post(sync::Submission::create(sync::kKindPv, 2, QStringLiteral("S1"), repeated, m_keys)
                 .httpBody());
    QCOMPARE(r.status, 422);
    QCOMPARE(r.rule(), QStringLiteral("candidate_repeated"));
    const QJsonObject bigVoix = hqtest::withPath(
        hqtest::pvPayload(QStringLiteral("S1"), 2, 1, 2, QString(64, QLatin1Char('f')),
                          QStringLiteral("erreur de report sur le PV")),
        QStringLiteral("counts.votants"), qint64(9007199254740991LL));
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 2, QStringLiteral("S1"), bigVoix, m_keys)
                      .httpBody())
                 .rule(),
             QStringLiteral("count_range"));
    const QJsonObject contactsAsPv = hqtest::contactsPayload(3);
    QCOMPARE(
        post(sync::Submission::create(sync::kKindPv, 2, QStringLiteral("S1"), contactsAsPv, m_keys)
                 .httpBody())
            .rule(),
        QStringLiteral("kind_mismatch"));
    QCOMPARE(m_hq.db->receiptCount(), receipts);
    m_server->refreshResults();
    QCOMPARE(get(QStringLiteral("/api/v1/results/stations")).body, before);
}

void TestHqApi::replaceAndRevokeOnRunningServer()
{
    // The CLI's own connection changes the key; the running server sees it at once.
    auto cli = hq::HqDatabase::open(m_hq.url);
    const sync::KeyPair fresh = sync::generateKeyPair();
    cli->addStation(QStringLiteral("S1"), fresh.publicKey, true);
    const Reply old = post(hqtest::contacts(m_keys, QStringLiteral("S1"), 30).httpBody());
    QCOMPARE(old.status, 401);
    QCOMPARE(old.rule(), QStringLiteral("signature"));
    QCOMPARE(post(hqtest::contacts(fresh, QStringLiteral("S1"), 31).httpBody()).status, 201);
    cli->revokeStation(QStringLiteral("S1"));
    const Reply revoked = post(hqtest::contacts(fresh, QStringLiteral("S1"), 32).httpBody());
    QCOMPARE(revoked.status, 401);
    QCOMPARE(revoked.rule(), QStringLiteral("station_revoked"));
    // Logged and shown.
    m_server->refreshResults();
    const QJsonArray events =
        get(QStringLiteral("/api/v1/results")).json().value(QStringLiteral("key_events")).toArray();
    QStringList actions;
    for (const QJsonValue &e : events)
        actions << e.toObject().value(QStringLiteral("action")).toString();
    QCOMPARE(actions, (QStringList{QStringLiteral("replaced"), QStringLiteral("revoked")}));
    QVERIFY(get(QStringLiteral("/")).body.contains("révoquée"));
    // Re-enrolled with --replace: accepted again.
    cli->addStation(QStringLiteral("S1"), m_keys.publicKey, true);
    QCOMPARE(post(hqtest::contacts(m_keys, QStringLiteral("S1"), 33).httpBody()).status, 201);
}

void TestHqApi::truncatedBodyAndGarbage()
{
    // Announce 1000 bytes, send 10, hang up; then pure garbage; the server stays up.
    {
        QTcpSocket sock;
        sock.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(sock.waitForConnected(5000));
        sock.write("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                   "application/json\r\nContent-Length: 1000\r\n\r\n{\"format\":");
        sock.waitForBytesWritten(5000);
        sock.abort();
    }
    const QByteArray garbage =
        hqtest::rawExchange(m_port, QByteArray(4096, '\x01') + "\r\n\r\n", 2000);
    QVERIFY(garbage.startsWith("HTTP/1.1 400"));
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
    const qint64 before = m_hq.db->receiptCount();
    QCOMPARE(post(hqtest::contacts(m_other, QStringLiteral("S2"), 9).httpBody()).status, 201);
    QCOMPARE(m_hq.db->receiptCount(), before + 1);
}

void TestHqApi::resultsAndPages()
{
    // S2 version 4: a rule to explain (enveloppes != votants), explained by two officials.
    const auto chain = m_hq.db->pvVersions(QStringLiteral("S2"));
    QCOMPARE(chain.size(), 3);
    QString previous;
    {
        auto db = hq::HqDatabase::open(m_hq.url);
        QSqlQuery q(db->database());
        QVERIFY(q.exec(QStringLiteral("SELECT sha256 FROM receipts WHERE station = 'S2' AND "
                                      "kind = 'pv' AND version = 3")));
        QVERIFY(q.next());
        previous = q.value(0).toString();
    }
    QJsonObject p =
        hqtest::pvPayload(QStringLiteral("S2"), 4, 12, 20, previous,
                          QStringLiteral("erreur de report sur la feuille de pointage"));
    p = withCount(p, QStringLiteral("votants"), 38);
    p.insert(QStringLiteral("officials"),
             QJsonArray{QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")});
    p.insert(QStringLiteral("remarques"),
             QStringLiteral("Un électeur est reparti avec son enveloppe. \u202Eserid\u202C"));
    // Without the remarks: refused with the rule's id.
    QJsonObject bare = p;
    bare.insert(QStringLiteral("remarques"), QStringLiteral("vu"));
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 4, QStringLiteral("S2"), bare, m_other)
                      .httpBody())
                 .rule(),
             QStringLiteral("enveloppes_votants"));
    QCOMPARE(
        post(
            sync::Submission::create(sync::kKindPv, 4, QStringLiteral("S2"), p, m_other).httpBody())
            .status,
        201);
    m_server->refreshResults();
    const Reply pub = get(QStringLiteral("/api/v1/results"));
    QCOMPARE(pub.status, 200);
    QVERIFY(!pub.body.contains("ZORGLUB"));
    QVERIFY(!pub.body.contains("reparti"));          // remarques: operators only
    QVERIFY(!pub.body.contains("erreur de report")); // correction reason: operators only
    const QJsonObject o = pub.json();
    QCOMPARE(o.value(QStringLiteral("stations_expected")).toInt(), 3);
    const QJsonArray flagged = o.value(QStringLiteral("flagged")).toArray();
    QCOMPARE(flagged.size(), 1);
    QCOMPARE(flagged[0].toObject().value(QStringLiteral("station")).toString(),
             QStringLiteral("S2"));
    QCOMPARE(flagged[0]
                 .toObject()
                 .value(QStringLiteral("rules"))
                 .toArray()[0]
                 .toObject()
                 .value(QStringLiteral("rule")),
             QStringLiteral("enveloppes_votants"));
    int corrections = 0;
    for (const QJsonValue &c : o.value(QStringLiteral("corrections")).toArray())
        corrections += c.toObject().value(QStringLiteral("station")) == QStringLiteral("S2");
    QCOMPARE(corrections, 3);
    // The operator's view carries the free text.
    const Reply op = get(QStringLiteral("/api/v1/results"), kToken);
    QVERIFY(op.body.contains("reparti"));
    QVERIFY(op.body.contains("erreur de report"));
    QVERIFY(
        !get(QStringLiteral("/api/v1/results"), "wrong-token-0123456789").body.contains("reparti"));
    // Pages: public results; the station page only for operators.
    const Reply page = get(QStringLiteral("/"));
    QVERIFY(page.body.contains("<svg"));
    QVERIFY(!page.body.contains("reparti"));
    QCOMPARE(get(QStringLiteral("/stations/S2")).status, 401);
    const Reply station = get(QStringLiteral("/stations/S2"), kToken);
    QCOMPARE(station.status, 200);
    QVERIFY(station.body.contains("reparti"));
    // A bidirectional override in a station's text turned the page's text around: shown as
    // what it is.
    QVERIFY(!station.body.contains("\xE2\x80\xAE"));
    QVERIFY(station.body.contains("\\u202Eserid\\u202C"));
    // Stations' text in a page: no script runs, nothing loads, no frame shows it.
    for (const Reply &r : {page, station}) {
        QVERIFY(r.header("Content-Security-Policy").startsWith("default-src 'none';"));
        QVERIFY(!r.header("Content-Security-Policy").contains("script"));
        QCOMPARE(r.header("X-Frame-Options"), QByteArray("DENY"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }
    QCOMPARE(op.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(get(QStringLiteral("/nowhere")).status, 404);
    QCOMPARE(get(QStringLiteral("/api/v1/results/stations/S99")).status, 404);
    // A station the election does not list has no page (a review: 200 "no PV received").
    QCOMPARE(get(QStringLiteral("/stations/NOWHERE"), kToken).status, 404);
    // HEAD: GET's headers, no body (a review: 405 with a 45-byte body on a kept connection,
    // read as the next answer); 405 says which methods the path takes.
    const QUrl root(QStringLiteral("http://127.0.0.1:%1/").arg(m_port));
    const Reply head = hqtest::finish(m_nam.head(QNetworkRequest(root)));
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(head.header("Content-Type"), page.header("Content-Type"));
    QVERIFY(head.header("Content-Length").toLongLong() > 0);
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200); // the connection goes on
    const Reply del = hqtest::finish(m_nam.sendCustomRequest(QNetworkRequest(root), "DELETE"));
    QCOMPARE(del.status, 405);
    QCOMPARE(del.header("Allow"), QByteArray("GET, HEAD"));
    QCOMPARE(get(QStringLiteral("/api/v1/submissions")).header("Allow"), QByteArray("POST"));
}

// 40 characters of a sealed contact box as stored, read with a connection of its own.
static QByteArray sealedBoxSlice(const QString &path)
{
    QByteArray slice;
    {
        QSqlDatabase raw =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-hq"));
        raw.setDatabaseName(path);
        QSqlQuery q(raw);
        if (raw.open() &&
            q.exec(QStringLiteral("SELECT sealed FROM contact_boxes WHERE sealed "
                                  "IS NOT NULL LIMIT 1")) &&
            q.next())
            slice = q.value(0).toString().toLatin1().mid(20, 40);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw-hq"));
    return slice;
}

void TestHqApi::contactsSealedAndExported()
{
    // Nothing of a contact in clear in the database files.
    m_server.reset(); // closes every connection: WAL checkpointed
    for (const QString &f : QDir(m_dir.path()).entryList({QStringLiteral("hq.db*")})) {
        QFile file(m_dir.filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("ZORGLUB"), qPrintable(f));
    }
    QVERIFY(!(QFileInfo(m_dir.filePath(QStringLiteral("hq.db"))).permissions() &
              (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
    const QString out = m_dir.filePath(QStringLiteral("contacts.json"));
    QVERIFY_THROWS_EXCEPTION(hq::HqError,
                             m_hq.db->exportContacts(out, hq::withBoxKeys(m_hq.keys.publicKey)));
    const hq::HqKeys stranger = hq::createKeyFile(m_dir.filePath(QStringLiteral("other.key")));
    QVERIFY_THROWS_EXCEPTION(hq::HqError, m_hq.db->exportContacts(out, stranger));
    QVERIFY(m_hq.db->exportContacts(out, m_hq.keys) >= 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("ZORGLUB"));
    QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    // An export is never replaced, even by one that started before it was written (two
    // operators, one --out): the second is refused and marks nothing exported.
    const auto contents = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray first = contents(out);
    QVERIFY_THROWS_EXCEPTION(hq::HqError, m_hq.db->exportContacts(out, m_hq.keys));
    QCOMPARE(contents(out), first);
    QVERIFY(QDir(m_dir.path())
                .entryList({QStringLiteral(".plume-export-*")}, QDir::Hidden | QDir::Files)
                .isEmpty());
    // Exported, then purged after the retention period (0 days: at once), and no page of the
    // file or of its WAL keeps a box (the key file beside the database would open it).
    const QByteArray box = sealedBoxSlice(m_dir.filePath(QStringLiteral("hq.db")));
    QVERIFY(!box.isEmpty());
    QVERIFY(m_hq.db->purgeExportedContacts(0) >= 1);
    for (const QString &f : {QStringLiteral("hq.db"), QStringLiteral("hq.db-wal")}) {
        QFile file(m_dir.filePath(f));
        QVERIFY2(!file.open(QIODevice::ReadOnly) || !file.readAll().contains(box), qPrintable(f));
    }
    QCOMPARE(m_hq.db->exportContacts(m_dir.filePath(QStringLiteral("again.json")), m_hq.keys), 0);
}

QTEST_GUILESS_MAIN(TestHqApi)
#include "tst_hqapi.moc"
