// plume-hq's API: status codes for good, duplicate, conflicting and hostile submissions;
// the server stays up; results and the page never show contacts.
#include "hq/hqdb.h"
#include "hq/hqserver.h"
#include "hqtestutil.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using hqtest::pvPayload;
using hqtest::Reply;

class TestHqApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void storeThenDuplicateThenConflict();
    void versionConflict();
    void groupCommitBatch();
    void hostileBodies_data();
    void hostileBodies();
    void truncatedBodyAndGarbage();
    void resultsAndPage();
    void contactsExportOnly();
    void cleanupTestCase();

private:
    Reply post(const QByteArray &body,
               const QByteArray &type = QByteArrayLiteral("application/json"))
    {
        return hqtest::post(m_nam, m_port, body, type);
    }
    Reply get(const QString &path) { return hqtest::get(m_nam, m_port, path); }

    QTemporaryDir m_dir;
    std::unique_ptr<hq::HqDatabase> m_db;
    std::unique_ptr<hq::HqServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    sync::KeyPair m_keys, m_other;
};

void TestHqApi::initTestCase()
{
    m_db =
        hq::HqDatabase::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("hq.db")));
    m_keys = sync::generateKeyPair();
    m_other = sync::generateKeyPair();
    m_db->addStation(QStringLiteral("S1"), m_keys.publicKey);
    m_db->addStation(QStringLiteral("S2"), m_other.publicKey);
    hq::ServerOptions o;
    o.maxBodyBytes = 64 * 1024;
    m_server = std::make_unique<hq::HqServer>(*m_db, o);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port);
}

void TestHqApi::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
}

void TestHqApi::storeThenDuplicateThenConflict()
{
    const auto s =
        sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S1"), pvPayload(60, 40), m_keys);
    const Reply first = post(s.httpBody());
    QCOMPARE(first.status, 201);
    const QJsonObject receipt = QJsonDocument::fromJson(first.body).object();
    QCOMPARE(receipt.value(QStringLiteral("sha256")).toString(), s.sha256);
    QCOMPARE(receipt.value(QStringLiteral("uuid")).toString(), s.uuid);
    // Exact duplicate: 200 and the very same receipt.
    const Reply again = post(s.httpBody());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body);
    // Same uuid, other content (properly signed): 409.
    // Build the conflicting body by hand: same uuid, different payload, valid signature.
    bool parsedBack = false;
    const sync::Submission conflict =
        hqtest::conflictingCopy(s, pvPayload(61, 39), m_keys, &parsedBack);
    QVERIFY(parsedBack);
    QCOMPARE(post(conflict.httpBody()).status, 409);
    // The stored one is untouched.
    QCOMPARE(*m_db->receipt(s.uuid), first.body);
}

void TestHqApi::versionConflict()
{
    // Another uuid claiming an already stored version of the same station: 409.
    const auto a =
        sync::Submission::create(sync::kKindContacts, 7, QStringLiteral("S1"),
                                 QJsonObject{{QStringLiteral("contacts"), QJsonArray{}}}, m_keys);
    QCOMPARE(post(a.httpBody()).status, 201);
    const auto b =
        sync::Submission::create(sync::kKindContacts, 7, QStringLiteral("S1"),
                                 QJsonObject{{QStringLiteral("contacts"), QJsonArray{}}}, m_keys);
    QCOMPARE(post(b.httpBody()).status, 409);
}

void TestHqApi::groupCommitBatch()
{
    // One transaction for several submissions, with duplicates and conflicts inside it.
    hqtest::BatchRun run;
    hqtest::groupCommitBatch(*m_db, m_other, &run);
}

void TestHqApi::hostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("status");
    const auto good =
        sync::Submission::create(sync::kKindPv, 2, QStringLiteral("S1"), pvPayload(10, 20), m_keys);
    const QByteArray json = QByteArrayLiteral("application/json");
    const QByteArray body = good.httpBody();
    QTest::newRow("truncated json") << body.left(body.size() / 2) << json << 400;
    QTest::newRow("empty") << QByteArray() << json << 400;
    QTest::newRow("not an object") << QByteArray("[1,2,3]") << json << 400;
    QTest::newRow("huge") << QByteArray(200 * 1024, 'x') << json << 413;
    QTest::newRow("huge valid json")
        << ("{\"pad\":\"" + QByteArray(100 * 1024, 'a') + "\"}") << json << 413;
    QTest::newRow("deep nesting") << (QByteArray(5000, '[') + QByteArray(5000, ']')) << json << 400;
    {
        QJsonValue deep = QJsonObject{};
        for (int i = 0; i < 60; ++i)
            deep = QJsonObject{{QStringLiteral("x"), deep}};
        QJsonObject sgn = good.signedObject();
        sgn.insert(QStringLiteral("payload"), deep);
        QJsonObject env = QJsonDocument::fromJson(body).object();
        env.insert(QStringLiteral("signed"), sgn);
        QTest::newRow("deep payload") << QJsonDocument(env).toJson() << json << 400;
    }
    auto mutate = [&](const char *name, const QString &key, const QJsonValue &v, int status) {
        QJsonObject env = QJsonDocument::fromJson(body).object();
        env.insert(key, v);
        QTest::newRow(name) << QJsonDocument(env).toJson() << json << status;
    };
    auto mutateSigned = [&](const char *name, const QString &key, const QJsonValue &v, int status) {
        QJsonObject env = QJsonDocument::fromJson(body).object();
        QJsonObject sgn = env.value(QStringLiteral("signed")).toObject();
        sgn.insert(key, v);
        env.insert(QStringLiteral("signed"), sgn);
        QTest::newRow(name) << QJsonDocument(env).toJson() << json << status;
    };
    mutate("version as string", QStringLiteral("format"), 1, 400);
    mutateSigned("wrong type version", QStringLiteral("version"), QStringLiteral("2"), 400);
    mutateSigned("float version", QStringLiteral("version"), 2.5, 400);
    mutateSigned("bad kind", QStringLiteral("kind"), QStringLiteral("rm -rf"), 400);
    mutateSigned("payload not object", QStringLiteral("payload"), QJsonArray{1}, 400);
    mutateSigned("bad uuid", QStringLiteral("uuid"), QStringLiteral("../../etc"), 400);
    mutateSigned("float in payload", QStringLiteral("payload"),
                 QJsonObject{{QStringLiteral("x"), 0.5}}, 400);
    mutate("bad base64", QStringLiteral("signature"),
           QString(QString(86, QLatin1Char('*')) + QStringLiteral("==")), 400);
    mutate("sha256 not hex", QStringLiteral("sha256"), QStringLiteral("zz"), 400);
    mutate("extra key", QStringLiteral("admin"), true, 400);
    mutate("forged signature", QStringLiteral("signature"),
           QString::fromLatin1(QByteArray(64, '\x42').toBase64()), 401);
    mutate("wrong hash", QStringLiteral("sha256"), QString(64, QLatin1Char('0')), 401);
    mutateSigned("tampered count", QStringLiteral("created_at"),
                 QStringLiteral("2020-01-01T00:00:00.000Z"), 401);
    {
        // Replayed signature: a valid signature from another submission.
        const auto other = sync::Submission::create(sync::kKindPv, 3, QStringLiteral("S1"),
                                                    pvPayload(10, 20), m_keys);
        mutate("replayed signature", QStringLiteral("signature"), other.signature, 401);
    }
    {
        // Signed by S2's key but claiming to be S1.
        const auto s2 = sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S1"),
                                                 pvPayload(10, 20), m_other);
        QTest::newRow("other station's key") << s2.httpBody() << json << 401;
        const auto unknown = sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S99"),
                                                      pvPayload(10, 20), m_keys);
        QTest::newRow("unknown station") << unknown.httpBody() << json << 401;
    }
    QTest::newRow("text/plain") << body << QByteArray("text/plain") << 415;
    QTest::newRow("form") << body << QByteArray("application/x-www-form-urlencoded") << 415;
    QTest::newRow("json with charset")
        << body << QByteArray("application/json; charset=utf-8") << 201;
}

void TestHqApi::hostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(int, status);
    const Reply r = post(body, type);
    QCOMPARE(r.status, status);
    if (status >= 400)
        QVERIFY(QJsonDocument::fromJson(r.body).object().contains(QStringLiteral("error")));
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
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
    {
        QTcpSocket sock;
        sock.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(sock.waitForConnected(5000));
        sock.write(QByteArray(4096, '\x01') + "\r\n\r\n");
        sock.waitForBytesWritten(5000);
        sock.waitForReadyRead(500);
        sock.abort();
    }
    QTest::qWait(50);
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
    const qint64 before = m_db->receiptCount();
    const auto s =
        sync::Submission::create(sync::kKindPv, 9, QStringLiteral("S2"), pvPayload(1, 2), m_other);
    QCOMPARE(post(s.httpBody()).status, 201);
    QCOMPARE(m_db->receiptCount(), before + 1);
}

void TestHqApi::resultsAndPage()
{
    // A contact batch with a recognisable name must never show in results or the page.
    const auto c = sync::Submission::create(sync::kKindContacts, 1, QStringLiteral("S2"),
                                            hqtest::contactsPayload(), m_other);
    QCOMPARE(post(c.httpBody()).status, 201);
    // S2 version 10 breaks a rule (sum of voix != exprimes) -> flagged.
    QJsonObject bad = hqtest::pvPayloadBadSum();
    bad.insert(QStringLiteral("correction_reason"), QStringLiteral("erreur de report"));
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 10, QStringLiteral("S2"), bad, m_other)
                      .httpBody())
                 .status,
             201);
    const Reply r = get(QStringLiteral("/api/v1/results"));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("ZORGLUB"));
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(o.value(QStringLiteral("stations_reporting")).toInt(), 2);
    // S1: latest version 2 (10/20, from the charset row); S2: version 10 (5/5).
    const QJsonArray cands = o.value(QStringLiteral("candidates")).toArray();
    QCOMPARE(cands.size(), 2);
    QCOMPARE(cands[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("a"));
    QCOMPARE(cands[0].toObject().value(QStringLiteral("voix")).toInt(), 15);
    QCOMPARE(cands[1].toObject().value(QStringLiteral("voix")).toInt(), 25);
    QCOMPARE(o.value(QStringLiteral("exprimes")).toInt(), 30 + 11);
    for (const char *k : {"inscrits", "votants", "blancs", "nuls"})
        QVERIFY(o.contains(QLatin1String(k)));
    const QJsonArray flagged = o.value(QStringLiteral("flagged")).toArray();
    QCOMPARE(flagged.size(), 1);
    QCOMPARE(flagged[0].toObject().value(QStringLiteral("station")).toString(),
             QStringLiteral("S2"));
    QStringList rules;
    for (const QJsonValue &rv : flagged[0].toObject().value(QStringLiteral("rules")).toArray())
        rules << rv.toObject().value(QStringLiteral("rule")).toString();
    QVERIFY(rules.contains(QStringLiteral("somme_voix")));
    const Reply page = get(QStringLiteral("/"));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("<svg"));
    QVERIFY(page.body.contains("erreur de report"));
    QVERIFY(!page.body.contains("ZORGLUB"));
    QCOMPARE(get(QStringLiteral("/nowhere")).status, 404);
}

void TestHqApi::contactsExportOnly()
{
    const QString out = m_dir.filePath(QStringLiteral("contacts.json"));
    QVERIFY(m_db->exportContacts(out) >= 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("ZORGLUB"));
    QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

QTEST_GUILESS_MAIN(TestHqApi)
#include "tst_hqapi.moc"
