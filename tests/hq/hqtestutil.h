// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Helpers shared by the plume-hq tests (and the sync tests that talk to a real HQ): a
// database with HQ's key and an election, complete PV and contacts documents
// (docs/protocol.md), HTTP calls, a conflicting copy of a submission.
#pragma once

#include "hq/hqdb.h"
#include "hq/hqserver.h"
#include "hq/keys.h"
#include "sync/canonicaljson.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QByteArray>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QTcpSocket>
#include <QVector>
#include <QtTest>

namespace plume::hqtest {

struct Reply
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers)
            if (n.toLower() == name.toLower())
                return v;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString rule() const { return json().value(QStringLiteral("rule")).toString(); }
};

// Waits for `r` to finish, then returns its HTTP status and body.
inline Reply finish(QNetworkReply *r)
{
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!r->isFinished())
        loop.exec();
    Reply out{r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll(),
              r->rawHeaderPairs()};
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

inline Reply get(QNetworkAccessManager &nam, quint16 port, const QString &path,
                 const QByteArray &token = {})
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    return finish(nam.get(req));
}

// The test election: candidates a (Alice) and b (Bob); stations S1 and S2 listed with 1000
// inscrits each, then each code of `more` with 1000 inscrits (an election that lists its
// stations takes no other: 422 station_not_listed).
inline QByteArray testElection(const QStringList &more = {})
{
    QByteArray json = QByteArrayLiteral(
        R"({"election":{"id":"test-2026","name":"Test","round":1,"date":"2026-11-22"},)"
        R"("candidates":[{"id":"a","name":"Alice","order":1},{"id":"b","name":"Bob","order":2}],)"
        R"("stations":[{"code":"S1","name":"Un","commune":"Paris","inscrits":1000},)"
        R"({"code":"S2","name":"Deux","commune":"Lyon","inscrits":1000})");
    for (const QString &code : more)
        json += R"(,{"code":")" + code.toUtf8() +
                R"(","name":"Autre","commune":"Lille","inscrits":1000})";
    return json + "]}";
}

// The codes prefix + from … prefix + to.
inline QStringList stationCodes(const QString &prefix, int from, int to)
{
    QStringList codes;
    for (int i = from; i <= to; ++i)
        codes << prefix + QString::number(i);
    return codes;
}

inline QJsonObject field(qint64 value)
{
    return QJsonObject{{QStringLiteral("value"), QString::number(value)},
                       {QStringLiteral("source"), QStringLiteral("confirmed")},
                       {QStringLiteral("official"), QStringLiteral("Marie LEROY")},
                       {QStringLiteral("decided_at"), QStringLiteral("2026-11-22T19:58:05Z")},
                       {QStringLiteral("ink"), QJsonValue::Null}};
}

// A complete, consistent PV of the test election (docs/protocol.md §1).
// A hostile body of about `bytes` bytes: {"x":[unit,unit,...]}.
inline QByteArray repeatedJson(const QByteArray &unit, qsizetype bytes = 4 << 20)
{
    const qsizetype n = bytes / (unit.size() + 1);
    QByteArray units;
    units.reserve(n * (unit.size() + 1));
    for (qsizetype i = 0; i < n; ++i)
        units += unit + ',';
    units.chop(1);
    return "{\"x\":[" + units + "]}";
}

inline QJsonObject pvPayload(const QString &station, qint64 version, int voixA, int voixB,
                             const QString &previousSha = {}, const QString &reason = {})
{
    const int exprimes = voixA + voixB;
    const QJsonObject counts{{QStringLiteral("inscrits"), 1000},
                             {QStringLiteral("votants"), exprimes + 5},
                             {QStringLiteral("enveloppes"), exprimes + 5},
                             {QStringLiteral("blancs"), 3},
                             {QStringLiteral("nuls"), 2},
                             {QStringLiteral("exprimes"), exprimes}};
    QJsonObject fields;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        fields.insert(it.key(), field(it.value().toInteger()));
    fields.insert(QStringLiteral("voix.a"), field(voixA));
    fields.insert(QStringLiteral("voix.b"), field(voixB));
    QJsonObject code = field(0);
    code.insert(QStringLiteral("value"), station);
    fields.insert(QStringLiteral("code_bureau"), code);
    auto cand = [](const char *id, const char *name, int order, int voix) {
        return QJsonObject{{QStringLiteral("id"), QLatin1String(id)},
                           {QStringLiteral("name"), QLatin1String(name)},
                           {QStringLiteral("order"), order},
                           {QStringLiteral("voix"), voix}};
    };
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("pv")},
        {QStringLiteral("version"), version},
        {QStringLiteral("previous_sha256"), previousSha},
        {QStringLiteral("correction_reason"), reason},
        {QStringLiteral("sealed_at"), QStringLiteral("2026-11-22T20:00:00Z")},
        // A correction (version > 1) is signed by two officials, as sync::closePv demands.
        {QStringLiteral("officials"),
         version > 1 ? QJsonArray{QStringLiteral("Marie LEROY"), QStringLiteral("Paul MARTIN")}
                     : QJsonArray{QStringLiteral("Marie LEROY")}},
        {QStringLiteral("election"),
         QJsonObject{{QStringLiteral("id"), QStringLiteral("test-2026")},
                     {QStringLiteral("name"), QStringLiteral("Test")},
                     {QStringLiteral("round"), 1},
                     {QStringLiteral("date"), QStringLiteral("2026-11-22")}}},
        {QStringLiteral("station"),
         QJsonObject{{QStringLiteral("code"), station},
                     {QStringLiteral("name"), QStringLiteral("Un")},
                     {QStringLiteral("commune"), QStringLiteral("Paris")}}},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("candidates"),
         QJsonArray{cand("a", "Alice", 1, voixA), cand("b", "Bob", 2, voixB)}},
        {QStringLiteral("remarques"), QString()},
        {QStringLiteral("checks"), QJsonArray{}},
        {QStringLiteral("missing"), QJsonArray{}},
        {QStringLiteral("audit"),
         QJsonObject{{QStringLiteral("length"), 3},
                     {QStringLiteral("head"), QString(64, QLatin1Char('a'))}}},
        {QStringLiteral("fields"), fields},
    };
}

// Sets a value at a dotted path ("counts.votants") of a JSON object.
inline QJsonObject withPath(QJsonObject o, const QString &path, const QJsonValue &v)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0 || !o.value(path.left(dot)).isObject()) {
        o.insert(path, v);
        return o;
    }
    o.insert(path.left(dot), withPath(o.value(path.left(dot)).toObject(), path.mid(dot + 1), v));
    return o;
}

// A contact batch with one recognisable name (ZORGLUB).
inline QJsonObject contactsPayload(qint64 batch, const QString &name = QStringLiteral("ZORGLUB"))
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("contacts")},
                       {QStringLiteral("election"), QStringLiteral("test-2026")},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("contacts"),
                        QJsonArray{QJsonObject{
                            {QStringLiteral("sheet"), QStringLiteral("contact-%1").arg(batch)},
                            {QStringLiteral("fields"), QJsonObject{{QStringLiteral("nom"), name},
                                                                   {QStringLiteral("consentement"),
                                                                    QStringLiteral("oui")}}}}}}};
}

inline sync::Submission pv(const sync::KeyPair &keys, const QString &station, qint64 version, int a,
                           int b, const QString &previousSha = {}, const QString &reason = {})
{
    return sync::Submission::create(sync::kKindPv, version, station,
                                    pvPayload(station, version, a, b, previousSha, reason), keys);
}

inline sync::Submission contacts(const sync::KeyPair &keys, const QString &station, qint64 batch,
                                 const QString &name = QStringLiteral("ZORGLUB"))
{
    return sync::Submission::create(sync::kKindContacts, batch, station,
                                    contactsPayload(batch, name), keys);
}

// A database with HQ's key pair (key file next to it) and an election.
struct HqFixture
{
    QString url;
    QString keyFile;
    hq::HqKeys keys;
    std::unique_ptr<hq::HqDatabase> db;

    void init(const QString &dir, const QByteArray &electionJson = testElection(),
              const QString &url_ = {}, store::ElectionSource source = store::ElectionSource::New)
    {
        url = url_.isEmpty() ? QStringLiteral("sqlite:") + dir + QStringLiteral("/hq.db") : url_;
        keyFile = dir + QStringLiteral("/plume-hq.key");
        db = hq::HqDatabase::create(url);
        keys = hq::createKeyFile(keyFile);
        db->setPublicKey(keys.publicKey);
        QString error;
        const auto e = hq::parseElection(electionJson, &error, source);
        if (!e)
            qFatal("test election: %s", qPrintable(error));
        db->addElection(*e);
    }
    hq::ServerOptions options(bool operatorToken = false) const
    {
        hq::ServerOptions o;
        o.keys = keys;
        o.resultsRefreshMs = 100;
        if (operatorToken)
            o.operatorToken = QByteArrayLiteral("operator-token-0123456789");
        return o;
    }
};

// The same uuid, kind, version and station as `s`, another payload, properly hashed and
// signed with `keys`.
inline sync::Submission conflictingCopy(const sync::Submission &s, const QJsonObject &payload,
                                        const sync::KeyPair &keys)
{
    sync::Submission c = sync::Submission::create(s.kind, s.version, s.station, payload, keys);
    QJsonObject signedObj = c.signedObject();
    signedObj.insert(QStringLiteral("uuid"), s.uuid);
    const QByteArray bytes = *sync::canonicalJson(signedObj);
    auto out = sync::Submission::fromSigned(bytes, sync::sha256Hex(bytes), QString());
    out->signature = QString::fromLatin1(sync::sign(out->signedBytes, keys.secretKey).toBase64());
    return *out;
}

// One group commit with, inside it: v2 before its v1 (409 previous_version), v1, v2, a
// contact batch, v1 again (200, same receipt) and another uuid for the batch (409). The
// station must be enrolled with `keys`. Checks what every backend must give.
inline void groupCommitBatch(hq::HqDatabase &db, const hq::HqKeys &hqKeys,
                             const sync::KeyPair &keys, const QString &station)
{
    auto accepted = [&](const sync::Submission &s) {
        const hq::CheckedSubmission c = hq::checkSubmission(db, s.httpBody());
        if (!c.accepted)
            qFatal("not accepted: %s", qPrintable(c.refusal->message));
        return *c.accepted;
    };
    const auto v1 = pv(keys, station, 1, 5, 5);
    const auto v2 = pv(keys, station, 2, 6, 5, v1.sha256,
                       QStringLiteral("recomptage demandé par le président"));
    const auto c1 = contacts(keys, station, 1);
    const auto c1bis = contacts(keys, station, 1);
    const qint64 before = db.receiptCount();
    const auto r = db.ingestBatch(
        {accepted(v2), accepted(v1), accepted(v2), accepted(c1), accepted(v1), accepted(c1bis)},
        hqKeys);
    QCOMPARE(r.size(), 6);
    QCOMPARE(r[0].status, 409);
    QVERIFY(r[0].body.contains("previous_version"));
    QCOMPARE(r[1].status, 201);
    QCOMPARE(r[2].status, 201); // its v1 is there now
    QCOMPARE(r[3].status, 201);
    QCOMPARE(r[4].status, 200);
    QCOMPARE(r[4].body, r[1].body);
    QCOMPARE(r[5].status, 409);
    QCOMPARE(db.receiptCount(), before + 3);
    QCOMPARE(*db.receipt(v2.uuid), r[2].body);
    // Again, all known now.
    const auto again = db.ingestBatch({accepted(v2), accepted(c1)}, hqKeys);
    QCOMPARE(again[0].status, 200);
    QCOMPARE(again[0].body, r[2].body);
    QCOMPARE(again[1].status, 200);
}

// Raw HTTP on a socket: everything the server answered until it closed or `ms` passed.
// Event-driven (never blocks the thread): the server may run in this very thread.
inline QByteArray rawExchange(quint16 port, const QByteArray &request, int ms = 5000,
                              const QHostAddress &from = QHostAddress::LocalHost)
{
    QTcpSocket s;
    if (from != QHostAddress::LocalHost)
        s.bind(from);
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    s.write(request);
    QByteArray got;
    (void)QTest::qWaitFor(
        [&] {
            got += s.readAll();
            return s.state() != QAbstractSocket::ConnectedState;
        },
        ms);
    return got + s.readAll();
}

// Starts the plume-hq binary (`serve` plus args) and returns the port it listens on.
inline quint16 startHq(QProcess &p, const QString &binary, const QStringList &args)
{
    p.setProgram(binary);
    p.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:0")} +
                   args);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start();
    if (!p.waitForStarted(10000))
        return 0;
    QByteArray line;
    while (!line.contains('\n') && p.waitForReadyRead(10000))
        line += p.readAllStandardOutput();
    const auto m = QRegularExpression(QStringLiteral(":(\\d+) ")).match(QString::fromLatin1(line));
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
}

// A self-signed EC (P-256) certificate and its key, written by openssl, for TLS tests;
// `extra` is added to openssl's arguments (e.g. -addext subjectAltName=…). False when
// openssl cannot make one (the test then skips).
inline bool makeCertificate(const QString &keyFile, const QString &certFile, const QString &subject,
                            int days, const QStringList &extra = {})
{
    return QProcess::execute(
               QStringLiteral("openssl"),
               QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                           QStringLiteral("-newkey"), QStringLiteral("ec"),
                           QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                           QStringLiteral("-nodes"), QStringLiteral("-days"), QString::number(days),
                           QStringLiteral("-subj"), subject, QStringLiteral("-keyout"), keyFile,
                           QStringLiteral("-out"), certFile} +
                   extra) == 0;
}

} // namespace plume::hqtest
