// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq serve (docs/hq.md): submissions checked on the request thread (envelope, station
// key read from the database at each request, signature, election), stored by a storage
// thread in group commits (one transaction for whatever arrived during the previous one),
// answered with HQ's signed receipt after COMMIT; results served from a snapshot.
#pragma once

#include "hq/hqdb.h"
#include "hq/http.h"
#include "hq/keys.h"
#include "hq/snapshot.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace plume::hq {

// The checks every submission goes through before it is stored, whatever the transport
// (HTTP here, an offline file for `plume-hq import`): 400 envelope, 401 station/signature
// (the station's key is read from the database: a replaced or revoked key counts at once),
// 422 the payload against the election, 503 database unavailable.
struct CheckedSubmission
{
    QString station, uuid; // as the envelope says, once it parsed (for the log)
    std::optional<Refusal> refusal;
    std::optional<Accepted> accepted; // payload dropped: what is stored is the signed bytes
};
CheckedSubmission checkSubmission(HqDatabase &db, const QByteArray &body);

// What `serve` says of its TLS certificate's dates at `now`: expired, not valid yet, or
// ending within a week (stations that check it through a CA refuse it then; a pinned one is
// trusted by its hash). Empty when nothing is to be said.
QString certificateDateWarning(const QSslCertificate &certificate, const QDateTime &now);

struct ServerOptions
{
    http::Limits limits;
    int maxBatch = 256;       // group commit: submissions per transaction at most
    bool fullSync = true;     // docs/hq.md#durability
    HqKeys keys;              // HQ's key pair (key file): signs receipts, seals contacts
    QByteArray operatorToken; // empty: no operator access
    bool accessLog = false;   // one line per request on stderr (time, station, uuid, status, ms)
    int resultsRefreshMs = 1000;
    // A connection gets the results (JSON or page) at most once per resultsPaceMs: polling
    // faster gets the same snapshot later, not more of the server (docs/hq.md#results).
    int resultsPaceMs = 200;
    int retentionCheckMs = 3600 * 1000; // purge of exported contacts (retention setting)
};

class HqServer : public QObject
{
    Q_OBJECT
public:
    // Opens its connections (requests, storage thread, results thread); throws HqError
    // when the database cannot be opened or the key file is not this database's.
    HqServer(const QString &dbUrl, ServerOptions options, QObject *parent = nullptr);
    ~HqServer() override;

    // TLS: PEM certificate (chain) and key. Call before listen. Returns false + *error.
    bool setupTls(const QString &certFile, const QString &keyFile, QString *error);
    // The certificate setupTls serves (null before).
    QSslCertificate tlsCertificate() const { return m_tlsCertificate; }
    // Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    // SIGTERM: no new connection; the batch being stored is finished and answered, its
    // answers written (2 s at most), then `done`. Submissions still waiting for a batch are
    // not stored and get no answer: their stations send them again.
    void stop(std::function<void()> done);
    bool storing() const { return m_storing; }
    // Submissions refused 401 (unknown station, revoked, bad signature) per address: past
    // kMaxRefused within kRefusedWindowMs, the address gets 429 before its body is checked.
    // Anyone could name a listed station and make HQ check a signature per request, 5,000 a
    // second, real stations 10 to 20 times slower (a review, 2026-12-01).
    static constexpr int kMaxRefused = 30;
    static constexpr qint64 kRefusedWindowMs = 10'000;

    qint64 stored() const { return m_stored; }
    qint64 duplicates() const { return m_duplicates; }
    const http::Server &httpServer() const { return *m_http; }
    void refreshResults() { m_snapshot->refreshNow(); } // for tests

private:
    struct Pending;
    void handle(http::Request &&request, http::Responder responder);
    void submit(http::Request &&request, http::Responder responder);
    void results(const http::Request &request, const http::Responder &responder, bool html,
                 bool stations);
    void stationPage(const http::Request &request, const http::Responder &responder);
    void healthz(const http::Request &request, const http::Responder &responder);
    void kick(); // hands the pending submissions to the storage thread when it is idle
    void batchDone(const QVector<IngestResult> &results);
    void purgeContacts();
    bool isOperator(const http::Request &request) const;
    void answer(const http::Request &request, const http::Responder &responder,
                http::Response response, const QString &station = {}, const QString &uuid = {});
    void log(const http::Request &request, int status, const QString &station = {},
             const QString &uuid = {});
    void flushLog();

    ServerOptions m_options;
    std::unique_ptr<HqDatabase> m_reader; // this thread's connection
    std::unique_ptr<SnapshotService> m_snapshot;
    QThread m_storageThread;
    class StorageWorker *m_storage = nullptr;
    std::unique_ptr<http::Server> m_http;
    std::vector<Pending> m_pending;
    std::vector<Pending> m_inFlight;
    bool m_storing = false;
    bool m_stopping = false;
    // Submissions refused 401 per address (kMaxRefused...).
    struct Refused
    {
        qint64 since = 0; // monotonic ms
        int count = 0;
    };
    QHash<QHostAddress, Refused> m_refused;
    bool throttled(const QHostAddress &peer) const;
    void noteRefused(const QHostAddress &peer);
    std::function<void()> m_onStopped;
    void finishStop();
    QTimer m_retentionTimer;
    QTimer m_logTimer;
    QByteArray m_log; // access log lines not yet written
    qint64 m_stored = 0;
    qint64 m_duplicates = 0;
    QSslCertificate m_tlsCertificate;
};

} // namespace plume::hq
