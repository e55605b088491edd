// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/hqserver.h"

#include "hq/pages.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>
#include <QUrlQuery>

#include <sodium.h>

#include <algorithm>
#include <cstdio>

namespace plume::hq {
namespace {

http::Response json(int status, const QByteArray &body)
{
    return http::Response{status, QByteArrayLiteral("application/json"), body, {}};
}

http::Response refusal(const Refusal &r)
{
    return json(r.status, r.body());
}

// The pages hold text that stations wrote (escaped): should an escape ever be missed, the
// browser still runs no script, loads nothing, and shows the page in no frame.
http::Response html(const QByteArray &body)
{
    return http::Response{
        200,
        QByteArrayLiteral("text/html; charset=utf-8"),
        body,
        {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                     "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
         {"X-Frame-Options", "DENY"},
         {"Referrer-Policy", "no-referrer"}}};
}

QString queryValue(const http::Request &request, const QString &key)
{
    if (request.query.isEmpty())
        return {};
    return QUrlQuery(QString::fromLatin1(request.query)).queryItemValue(key, QUrl::FullyDecoded);
}

bool signedBy(const sync::Submission &s, const std::optional<StationRecord> &station)
{
    QString why;
    return station && sync::verifySubmission(s, station->publicKey, &why);
}

// The station's key: this connection's cached one when the signature verifies with it, else
// read again (a replaced key, a revocation lifted). ingestBatch reads every key once more in
// the transaction that stores, so a change always counts at the next request.
std::optional<Refusal> checkStation(HqDatabase &db, const sync::Submission &s, QByteArray *key)
{
    std::optional<StationRecord> station = db.cachedStation(s.station);
    if (keyRefusal(station) || !signedBy(s, station)) {
        station = db.station(s.station);
        if (const auto r = keyRefusal(station))
            return r;
        if (!signedBy(s, station))
            return refuse(401, Rule::Signature, HqText::tr("empreinte ou signature invalide"));
    }
    *key = station->publicKey;
    return std::nullopt;
}

// An election that lists its stations takes only those: elsewhere a station would escape
// its own inscrits bound, push the count of stations reporting past the list, and use up
// its version 1 there. (An election that lists no station, as older files do, takes any
// enrolled station, without a bound.)
std::optional<Refusal> listingRefusal(HqDatabase &db, const QString &station, const Election *e)
{
    if (!e || e->stations.isEmpty() || e->stations.contains(station))
        return std::nullopt;
    for (const QString &id : db.electionIds())
        if (const Election *other = db.election(id); other && other->stations.contains(station))
            return refuse(422, Rule::StationNotListed,
                          HqText::tr("ce bureau est inscrit dans l'élection %1, pas dans "
                                     "l'élection %2")
                              .arg(other->id, e->id));
    return refuse(422, Rule::StationNotListed,
                  HqText::tr("ce bureau n'est pas inscrit dans l'élection %1").arg(e->id));
}

} // namespace

CheckedSubmission checkSubmission(HqDatabase &db, const QByteArray &body)
{
    CheckedSubmission c;
    QString why;
    auto s = sync::parseSubmission(body, &why);
    if (!s) {
        c.refusal = refuse(400, Rule::Malformed, why);
        return c;
    }
    c.station = s->station;
    c.uuid = s->uuid;
    try {
        Accepted a;
        if ((c.refusal = checkStation(db, *s, &a.publicKey)))
            return c;
        const Election *e = db.election(electionIdOf(*s));
        c.refusal = s->kind == sync::kKindPv ? validatePv(*s, e, &a.pv) : validateContacts(*s, e);
        if (!c.refusal)
            c.refusal = listingRefusal(db, s->station, e);
        if (c.refusal) { // 401 before 422: the key as it is now
            if (const auto r = keyRefusal(db.station(s->station), a.publicKey))
                c.refusal = r;
            return c;
        }
        s->payload = QJsonObject(); // stored as signed bytes; not kept twice in memory
        a.submission = std::move(*s);
        c.accepted = std::move(a);
    } catch (const HqError &) {
        c.refusal = refuse(503, Rule::Storage,
                           HqText::tr("base de données indisponible, "
                                      "réessayez plus tard"));
    }
    return c;
}

// The storage thread: its own connection, one group commit at a time.
class StorageWorker : public QObject
{
public:
    explicit StorageWorker(QString url, bool fullSync) : m_url(std::move(url)), m_full(fullSync) {}
    QString open()
    {
        try {
            m_db = HqDatabase::open(m_url, m_full);
        } catch (const HqError &e) {
            return e.message();
        }
        return {};
    }
    void close() { m_db.reset(); }
    HqDatabase &db() { return *m_db; }

private:
    QString m_url;
    bool m_full;
    std::unique_ptr<HqDatabase> m_db;
};

struct HqServer::Pending
{
    Accepted accepted;
    http::Request request; // without its body: for the answer and the log
    http::Responder responder;
};

HqServer::HqServer(const QString &dbUrl, ServerOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    m_reader = HqDatabase::open(dbUrl, m_options.fullSync);
    if (!m_options.keys.isValid() || m_reader->publicKey() != m_options.keys.publicKey)
        throw HqError(HqText::tr("le fichier de clé n'est pas celui de cette base (plume-hq keys "
                                 "init / keys adopt / keys show)"));
    m_snapshot = std::make_unique<SnapshotService>(dbUrl, m_options.resultsRefreshMs);
    m_storage = new StorageWorker(dbUrl, m_options.fullSync);
    m_storage->moveToThread(&m_storageThread);
    m_storageThread.setObjectName(QStringLiteral("plume-hq storage"));
    m_storageThread.start();
    QString error;
    QMetaObject::invokeMethod(
        m_storage, [this, &error] { error = m_storage->open(); }, Qt::BlockingQueuedConnection);
    if (!error.isEmpty())
        throw HqError(error);
    m_http = std::make_unique<http::Server>(
        m_options.limits,
        [this](http::Request &&r, http::Responder responder) { handle(std::move(r), responder); });
    m_http->setRefusalObserver([this](const http::Request &r, int status) { log(r, status); });
    connect(&m_retentionTimer, &QTimer::timeout, this, &HqServer::purgeContacts);
    m_retentionTimer.start(m_options.retentionCheckMs);
    connect(&m_logTimer, &QTimer::timeout, this, &HqServer::flushLog);
    m_logTimer.start(200);
}

HqServer::~HqServer()
{
    m_http.reset();
    flushLog();
    if (m_storage) {
        QMetaObject::invokeMethod(
            m_storage, [this] { m_storage->close(); }, Qt::BlockingQueuedConnection);
        m_storageThread.quit();
        m_storageThread.wait();
        delete m_storage;
    }
}

namespace {

// Qt takes a key that is not its certificate's: plume-hq then said it was listening while
// every handshake failed and no station could deliver (a review, 2026-11-30). One handshake
// with itself on the loopback proves the pair, and the chain, before serving.
bool handshakesWithItself(const QSslConfiguration &config, QString *why)
{
    QSslServer server;
    server.setSslConfiguration(config);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return true; // no loopback to try on: nothing learnt, nothing refused
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    QEventLoop loop;
    bool encrypted = false;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, [&] {
        encrypted = true;
        loop.quit();
    });
    QObject::connect(&client, &QAbstractSocket::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    loop.exec();
    if (!encrypted)
        *why = client.errorString();
    return encrypted;
}

} // namespace

bool HqServer::setupTls(const QString &certFile, const QString &keyFile, QString *error)
{
    QFile cf(certFile), kf(keyFile);
    if (!cf.open(QIODevice::ReadOnly) || !kf.open(QIODevice::ReadOnly)) {
        *error = HqText::tr("impossible de lire le certificat TLS ou sa clé");
        return false;
    }
    // Read at most 1 MiB each (--tls-cert /dev/zero ate all memory, a review).
    constexpr qint64 kMaxPem = 1 << 20;
    const auto chain = QSslCertificate::fromData(cf.read(kMaxPem), QSsl::Pem);
    const QByteArray keyPem = kf.read(kMaxPem);
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || key.isNull()) {
        *error = HqText::tr("le certificat TLS ou sa clé n'est pas un PEM valide (clés EC ou RSA "
                            "seulement)");
        return false;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(chain.first());
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (QString why; !handshakesWithItself(c, &why)) {
        *error = HqText::tr("le certificat TLS et sa clé ne vont pas ensemble : une connexion "
                            "TLS à lui-même échoue (%1)")
                     .arg(why);
        return false;
    }
    m_http->setTls(c);
    m_tlsCertificate = chain.first();
    return true;
}

QString certificateDateWarning(const QSslCertificate &certificate, const QDateTime &now)
{
    const QString date = certificate.expiryDate().toUTC().toString(Qt::ISODate);
    if (now > certificate.expiryDate())
        return HqText::tr("attention : le certificat TLS a expiré le %1 ; les bureaux qui le "
                          "vérifient par une autorité (station set-hq --ca-file) le "
                          "refusent")
            .arg(date);
    if (now < certificate.effectiveDate())
        return HqText::tr("attention : le certificat TLS n'est valable qu'à partir du %1 ; "
                          "les bureaux qui le vérifient par une autorité (station set-hq "
                          "--ca-file) le refusent")
            .arg(certificate.effectiveDate().toUTC().toString(Qt::ISODate));
    if (now.addDays(7) > certificate.expiryDate())
        return HqText::tr("attention : le certificat TLS expire le %1").arg(date);
    return {};
}

quint16 HqServer::listen(const QHostAddress &address, quint16 port)
{
    return m_http->listen(address, port) ? m_http->serverPort() : 0;
}

// "2026-11-22T20:14:03.123Z", the date part formatted once a second.
static QByteArray logTime()
{
    static qint64 second = -1;
    static QByteArray prefix;
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    if (ms / 1000 != second) {
        second = ms / 1000;
        prefix = QDateTime::fromSecsSinceEpoch(second, Qt::UTC)
                     .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
                     .toLatin1();
    }
    return prefix + '.' + QByteArray::number(1000 + ms % 1000).mid(1) + 'Z';
}

void HqServer::answer(const http::Request &request, const http::Responder &responder,
                      http::Response response, const QString &station, const QString &uuid)
{
    log(request, response.status, station, uuid);
    responder.send(std::move(response));
}

// One line per answered request, whoever answered it (a handler, or the HTTP layer refusing
// it). Never the payload nor anything personal: codes, ids, status and time. Buffered, written
// every 200 ms (a write per line would cost a system call per request).
void HqServer::log(const http::Request &request, int status, const QString &station,
                   const QString &uuid)
{
    if (!m_options.accessLog)
        return;
    const auto orDash = [](const QByteArray &s) { return s.isEmpty() ? QByteArray("-") : s; };
    m_log += logTime() + ' ' + orDash(request.method) + ' ' + orDash(request.path.left(64)) +
             " status=" + QByteArray::number(status) +
             " ms=" + QByteArray::number(http::monotonicMs() - request.startedMs) +
             " station=" + orDash(station.toLatin1()) + " uuid=" + orDash(uuid.toLatin1()) + '\n';
    if (m_log.size() > 64 * 1024)
        flushLog();
}

void HqServer::flushLog()
{
    if (m_log.isEmpty())
        return;
    std::fwrite(m_log.constData(), 1, size_t(m_log.size()), stderr);
    std::fflush(stderr);
    m_log.clear();
}

// 405 says which methods the path takes (RFC 9110 §15.5.6).
static http::Response methodRefused(const QByteArray &allow)
{
    http::Response r = refusal(refuse(405, Rule::Method, HqText::tr("méthode refusée")));
    r.headers.append({QByteArrayLiteral("Allow"), allow});
    return r;
}

void HqServer::handle(http::Request &&request, http::Responder responder)
{
    const QByteArray &p = request.path;
    if (p == "/api/v1/submissions")
        return request.method == "POST" ? submit(std::move(request), responder)
                                        : answer(request, responder, methodRefused("POST"));
    // HEAD is GET without the body (the connection drops it); a review had 405 with a body.
    if (request.method != "GET" && request.method != "HEAD")
        return answer(request, responder, methodRefused("GET, HEAD"));
    if (p == "/api/v1/results" || p == "/")
        return results(request, responder, p == "/", false);
    if (p == "/api/v1/results/stations" || p.startsWith("/api/v1/results/stations/"))
        return results(request, responder, false, true);
    if (p.startsWith("/stations/"))
        return stationPage(request, responder);
    if (p == "/healthz")
        return healthz(request, responder);
    answer(request, responder, refusal(refuse(404, Rule::NotFound, HqText::tr("page inconnue"))));
}

void HqServer::submit(http::Request &&request, http::Responder responder)
{
    const QByteArray type = request.header("content-type").split(';').constFirst().trimmed();
    if (type.toLower() != "application/json")
        return answer(request, responder,
                      refusal(refuse(415, Rule::ContentType,
                                     HqText::tr("Content-Type doit être application/json"))));
    if (throttled(request.peer)) {
        http::Response r = refusal(
            refuse(429, Rule::Throttled,
                   HqText::tr("trop d'envois refusés depuis cette adresse : réessayez plus tard")));
        r.headers.append({"Retry-After", QByteArray::number(kRefusedWindowMs / 1000)});
        return answer(request, responder, r);
    }
    CheckedSubmission c = checkSubmission(*m_reader, request.body);
    request.body = QByteArray();
    if (c.refusal && c.refusal->status == 401)
        noteRefused(request.peer);
    if (c.refusal)
        return answer(request, responder, refusal(*c.refusal), c.station, c.uuid);
    m_pending.push_back({std::move(*c.accepted), std::move(request), responder});
    kick();
}

bool HqServer::throttled(const QHostAddress &peer) const
{
    const auto it = m_refused.constFind(peer);
    return it != m_refused.constEnd() && it->count >= kMaxRefused &&
           http::monotonicMs() - it->since < kRefusedWindowMs;
}

void HqServer::noteRefused(const QHostAddress &peer)
{
    const qint64 now = http::monotonicMs();
    if (m_refused.size() > 100'000) // addresses gone quiet are forgotten
        m_refused.removeIf(
            [now](const auto &e) { return now - e.value().since >= kRefusedWindowMs; });
    Refused &r = m_refused[peer];
    if (now - r.since >= kRefusedWindowMs)
        r = {now, 0};
    ++r.count;
}

void HqServer::stop(std::function<void()> done)
{
    m_onStopped = std::move(done);
    m_stopping = true;
    m_http->close();
    m_pending.clear();
    if (!m_storing)
        finishStop();
}

// Once the stored batch is answered: waits for the answers to reach the network (a stop
// after the commit left 51 stored submissions without their receipts: a review, 2026-12-01).
void HqServer::finishStop()
{
    QElapsedTimer waited;
    waited.start();
    auto *poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll, waited] {
        if (m_http->writing() && waited.elapsed() < 2000)
            return;
        poll->deleteLater();
        if (auto done = std::exchange(m_onStopped, {}))
            done();
    });
    poll->start(10);
}

void HqServer::kick()
{
    if (m_stopping || m_storing || m_pending.empty())
        return;
    const size_t n = std::min(m_pending.size(), size_t(std::max(1, m_options.maxBatch)));
    m_inFlight.assign(std::make_move_iterator(m_pending.begin()),
                      std::make_move_iterator(m_pending.begin() + qsizetype(n)));
    m_pending.erase(m_pending.begin(), m_pending.begin() + qsizetype(n));
    QVector<Accepted> batch;
    batch.reserve(qsizetype(n));
    for (const Pending &p : m_inFlight)
        batch.append(p.accepted);
    m_storing = true;
    QMetaObject::invokeMethod(m_storage, [this, batch = std::move(batch)] {
        QVector<IngestResult> results;
        try {
            results = m_storage->db().ingestBatch(batch, m_options.keys);
        } catch (const HqError &e) {
            const QByteArray body = refuse(503, Rule::Storage, e.message()).body();
            results = QVector<IngestResult>(batch.size(), IngestResult{503, body});
        }
        QMetaObject::invokeMethod(
            this, [this, results] { batchDone(results); }, Qt::QueuedConnection);
    });
}

void HqServer::batchDone(const QVector<IngestResult> &results)
{
    m_storing = false;
    bool stored = false;
    for (size_t i = 0; i < m_inFlight.size(); ++i) {
        const IngestResult &r = results[qsizetype(i)];
        stored = stored || r.status == 201;
        m_stored += r.status == 201;
        m_duplicates += r.status == 200;
        const sync::Submission &s = m_inFlight[i].accepted.submission;
        if (r.status == 401) // the key changed since the check: read it again next time
            m_reader->forgetStation(s.station);
        answer(m_inFlight[i].request, m_inFlight[i].responder, json(r.status, r.body), s.station,
               s.uuid);
    }
    m_inFlight.clear();
    if (stored)
        m_snapshot->changed();
    if (m_stopping)
        return finishStop();
    kick();
}

// The snapshot's views: every answer paced per connection (docs/hq.md#results).
void HqServer::results(const http::Request &request, const http::Responder &responder, bool page,
                       bool stations)
{
    const auto snapshot = m_snapshot->current();
    const Snapshot::View *v = snapshot->view(queryValue(request, QStringLiteral("election")));
    http::Response r =
        page ? html(noElectionPage())
             : refusal(refuse(404, Rule::NotFound, HqText::tr("élection inconnue du siège")));
    const bool op = v && isOperator(request);
    const QString code = QString::fromLatin1(request.path.mid(25));
    if (v && page)
        r = html(op ? v->operatorHtml : v->html);
    else if (v && !stations)
        r = json(200, op ? v->operatorJson : v->json);
    else if (v && code.isEmpty())
        r = json(200, v->stationsJson);
    else if (v && v->stations->contains(code))
        r = json(200, v->stations->value(code));
    else if (v)
        r = refusal(refuse(404, Rule::NotFound, HqText::tr("aucun PV de ce bureau")));
    r.paceMs = m_options.resultsPaceMs;
    answer(request, responder, std::move(r));
}

// A station of the election's list, or one that has sent or had a PV withdrawn (an
// election without a list takes any station): any other code is a 404, not an empty page.
static bool isKnownStation(const Results &r, const QString &code)
{
    return !r.election || r.election->stations.isEmpty() || r.election->stations.contains(code) ||
           r.hasWithdrawal(code);
}

static QString electionOf(const Results &r)
{
    return r.election ? r.election->id : QString();
}

void HqServer::stationPage(const http::Request &request, const http::Responder &responder)
{
    if (!isOperator(request)) {
        http::Response r = refusal(
            refuse(401, Rule::Unauthorized, HqText::tr("page réservée aux opérateurs du siège")));
        r.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                          QByteArrayLiteral("Basic realm=\"plume-hq\", charset=\"UTF-8\"")});
        return answer(request, responder, r);
    }
    const QString code = QString::fromLatin1(request.path.mid(10));
    const auto snapshot = m_snapshot->current();
    const Snapshot::View *v = snapshot->view(queryValue(request, QStringLiteral("election")));
    try {
        const QVector<QJsonObject> versions =
            v && isStationCode(code) ? m_reader->pvVersions(code, electionOf(v->results))
                                     : QVector<QJsonObject>();
        if (v && versions.isEmpty() && !isKnownStation(v->results, code))
            return answer(request, responder,
                          refusal(refuse(404, Rule::NotFound,
                                         HqText::tr("bureau inconnu de cette élection"))));
        answer(request, responder,
               v ? html(hq::stationPage(v->results, code, versions)) : html(noElectionPage()));
    } catch (const HqError &) {
        answer(request, responder,
               refusal(refuse(503, Rule::Storage, HqText::tr("base de données indisponible"))));
    }
}

void HqServer::healthz(const http::Request &request, const http::Responder &responder)
{
    const bool ok = m_reader->ping();
    answer(request, responder,
           json(ok ? 200 : 503,
                QJsonDocument(QJsonObject{{QStringLiteral("status"),
                                           ok ? QStringLiteral("ok") : QStringLiteral("db down")}})
                    .toJson(QJsonDocument::Compact)));
}

// Bearer TOKEN, or Basic with the token as password (a browser's own login box); compared
// in constant time.
bool HqServer::isOperator(const http::Request &request) const
{
    if (m_options.operatorToken.isEmpty())
        return false;
    const QByteArray auth = request.header("authorization");
    QByteArray given;
    if (auth.startsWith("Bearer "))
        given = auth.mid(7).trimmed();
    else if (auth.startsWith("Basic ")) {
        const QByteArray userPass = QByteArray::fromBase64(auth.mid(6).trimmed());
        given = userPass.mid(userPass.indexOf(':') + 1);
    }
    const QByteArray a = sync::sha256(given), b = sync::sha256(m_options.operatorToken);
    return !given.isEmpty() && sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

void HqServer::purgeContacts()
{
    QMetaObject::invokeMethod(m_storage, [this] {
        try {
            HqDatabase &db = m_storage->db();
            if (const auto days = db.retentionDays())
                if (const int n = db.purgeExportedContacts(*days); n > 0)
                    std::fprintf(stderr, "plume-hq: purged %d exported contact batch(es)\n", n);
        } catch (const HqError &e) {
            qWarning("plume-hq: contacts not purged: %s", qPrintable(e.message()));
        }
    });
}

} // namespace plume::hq
