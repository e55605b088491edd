// Helpers shared by the plume-hq tests (tst_hqapi, tst_hqpostgres): HTTP calls to a local
// server, a PV payload, a conflicting copy of a submission, and the contact batch that must
// never show in results.
#pragma once

#include "hq/hqdb.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QByteArray>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QString>
#include <QVector>
#include <QtTest>

namespace plume::hqtest {

struct Reply
{
    int status = 0;
    QByteArray body;
};

// Waits for `r` to finish, then returns its HTTP status and body.
inline Reply finish(QNetworkReply *r)
{
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out{r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll()};
    r->deleteLater();
    return out;
}

// POST /api/v1/submissions on 127.0.0.1:port; no Content-Type header when `type` is empty.
inline Reply post(QNetworkAccessManager &nam, quint16 port, const QByteArray &body,
                  const QByteArray &type = QByteArrayLiteral("application/json"))
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/submissions").arg(port)));
    if (!type.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, type);
    return finish(nam.post(req, body));
}

inline Reply get(QNetworkAccessManager &nam, quint16 port, const QString &path)
{
    return finish(nam.get(
        QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)))));
}

// A consistent PV for two candidates (a: Alice, b: Bob).
inline QJsonObject pvPayload(int voixA, int voixB)
{
    const int exprimes = voixA + voixB;
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("pv")},
        {QStringLiteral("counts"), QJsonObject{{QStringLiteral("inscrits"), 1000},
                                               {QStringLiteral("votants"), exprimes + 5},
                                               {QStringLiteral("enveloppes"), exprimes + 5},
                                               {QStringLiteral("blancs"), 3},
                                               {QStringLiteral("nuls"), 2},
                                               {QStringLiteral("exprimes"), exprimes}}},
        {QStringLiteral("candidates"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                {QStringLiteral("name"), QStringLiteral("Alice")},
                                {QStringLiteral("order"), 1},
                                {QStringLiteral("voix"), voixA}},
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("b")},
                                {QStringLiteral("name"), QStringLiteral("Bob")},
                                {QStringLiteral("order"), 2},
                                {QStringLiteral("voix"), voixB}}}},
        {QStringLiteral("correction_reason"), QString()}};
}

// A PV whose voix (5 + 5) do not add up to its exprimes (11): breaks the somme_voix rule.
inline QJsonObject pvPayloadBadSum()
{
    QJsonObject bad = pvPayload(5, 5);
    QJsonObject counts = bad.value(QStringLiteral("counts")).toObject();
    counts.insert(QStringLiteral("exprimes"), 11);
    bad.insert(QStringLiteral("counts"), counts);
    return bad;
}

// A contact batch with one recognisable name (ZORGLUB).
inline QJsonObject contactsPayload()
{
    return QJsonObject{{QStringLiteral("contacts"),
                        QJsonArray{QJsonObject{
                            {QStringLiteral("sheet"), QStringLiteral("contact-1")},
                            {QStringLiteral("fields"),
                             QJsonObject{{QStringLiteral("nom"), QStringLiteral("ZORGLUB")}}}}}}};
}

// The same uuid, kind, version and station as `s`, another payload, properly hashed and
// signed with `keys`. *parsed (when given) tells whether the copy could be rebuilt; when it
// could not, the result is a fresh submission with its own uuid.
inline sync::Submission conflictingCopy(const sync::Submission &s, const QJsonObject &payload,
                                        const sync::KeyPair &keys, bool *parsed = nullptr)
{
    const sync::Submission c =
        sync::Submission::create(s.kind, s.version, s.station, payload, keys);
    QJsonObject signedObj = c.signedObject();
    signedObj.insert(QStringLiteral("uuid"), s.uuid);
    const auto bytes = QJsonDocument(signedObj).toJson(QJsonDocument::Compact);
    const auto back = sync::parseSubmission("{\"format\":\"plume.submission/1\",\"sha256\":\"" +
                                            QByteArray(64, '0') + "\",\"signature\":\"" +
                                            QByteArray(86, 'A') + "==\",\"signed\":" + bytes + "}");
    if (parsed)
        *parsed = bool(back);
    if (!back)
        return c;
    sync::Submission out = *back;
    out.sha256 = sync::sha256Hex(out.signedBytes);
    out.signature = QString::fromLatin1(sync::sign(out.signedBytes, keys.secretKey).toBase64());
    return out;
}

struct BatchRun
{
    qint64 before = 0;               // receipts stored before the batch
    QVector<hq::IngestResult> r;     // the batch {a, b, a, sameVersion, sameUuid}
    QVector<hq::IngestResult> again; // then {b, a}
};

// One group commit with duplicates and conflicts inside it, from S2 (signed with `keys`):
// a and b are new, sameVersion claims a's version under another uuid, sameUuid is b's uuid
// with another hash; then b and a again, all known by then. Checks what every backend must
// give; the caller returns when QTest::currentTestFailed().
inline void groupCommitBatch(hq::HqDatabase &db, const sync::KeyPair &keys, BatchRun *run)
{
    const auto a = sync::Submission::create(sync::kKindContacts, 100, QStringLiteral("S2"),
                                            QJsonObject{{QStringLiteral("n"), 1}}, keys);
    const auto b = sync::Submission::create(sync::kKindContacts, 101, QStringLiteral("S2"),
                                            QJsonObject{{QStringLiteral("n"), 2}}, keys);
    const auto sameVersion =
        sync::Submission::create(sync::kKindContacts, 100, QStringLiteral("S2"),
                                 QJsonObject{{QStringLiteral("n"), 3}}, keys);
    sync::Submission sameUuid = b;
    sameUuid.sha256 = QString(64, QLatin1Char('f'));
    run->before = db.receiptCount();
    const qint64 before = run->before;
    run->r = db.ingestBatch({a, b, a, sameVersion, sameUuid});
    const auto &r = run->r;
    QCOMPARE(r.size(), 5);
    QCOMPARE(r[0].status, 201);
    QCOMPARE(r[1].status, 201);
    QCOMPARE(r[2].status, 200);
    QCOMPARE(r[2].body, r[0].body);
    QCOMPARE(r[3].status, 409);
    QCOMPARE(r[4].status, 409);
    QCOMPARE(db.receiptCount(), before + 2);
    QCOMPARE(*db.receipt(a.uuid), r[0].body);
    // Again, all known now.
    run->again = db.ingestBatch({b, a});
    const auto &again = run->again;
    QCOMPARE(again[0].status, 200);
    QCOMPARE(again[0].body, r[1].body);
    QCOMPARE(again[1].status, 200);
}

} // namespace plume::hqtest
