// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The background sender: posts outbox items to headquarters, one at a time, with
// exponential backoff and jitter; survives restarts (state lives in the outbox table).
//
// It opens its own Store connection in start(), so it may be moved to a QThread first:
//   auto *w = new SyncWorker(path, config);  w->moveToThread(&thread);
//   connect(&thread, &QThread::started, w, &SyncWorker::start);
// and the GUI listens to itemStateChanged/countsChanged (queued connections).
#pragma once

#include "sync/hqconfig.h"
#include "sync/outbox.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QJsonObject;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace plume::store {
class Store;
}

namespace plume::sync {

struct SyncOptions
{
    int baseDelayMs = 2000;  // first retry delay
    int maxDelayMs = 300000; // cap of the backoff
    int timeoutMs = 30000;   // per request, without a byte received
    // The whole request, a byte at a time included: a dripped answer cannot hold the outbox.
    // One more second per minUploadBytesPerSecond of the request's body (a big PV on a slow
    // link still goes).
    int deadlineMs = 120000;
    int minUploadBytesPerSecond = 8 * 1024;
    // A receipt or an error sentence fits in a few KB: a longer answer is cut off.
    qint64 maxAnswerBytes = 64 * 1024;
    bool once = false; // one attempt per queued item, then finished()
    // A row another process claimed ('sending') this long ago and never finished: that
    // process was killed (any request of its is past its deadline), the row is queued again.
    qint64 abandonedClaimMs = 15 * 60 * 1000;
};

class SyncWorker : public QObject
{
    Q_OBJECT
public:
    SyncWorker(QString dbPath, HqConfig config, SyncOptions options = {},
               QObject *parent = nullptr);
    ~SyncWorker() override;

    // Backoff delay before attempt n+1 after n failures, without jitter (ms).
    static qint64 backoffMs(int failures, const SyncOptions &o);

public slots:
    void start();   // opens the store, recovers 'sending' items, starts sending
    void stop();    // aborts the request in flight (it stays queued)
    void syncNow(); // ignore the backoff: try queued items now

signals:
    void itemStateChanged(const QString &uuid, const QString &state, const QString &detail);
    void countsChanged(int queued, int sending, int delivered, int rejected);
    // once mode: every queued item had its attempt; also when idle with nothing queued.
    void finished(int delivered, int pending, int rejected);
    void fatalError(const QString &message);
    // Contacts delivered to HQ could not be purged from the station (the delivery stands;
    // tried again at the next receipt and at the next start).
    void purgeFailed(const QString &message);

private:
    bool openStore(); // false after fatalError
    void reportPurge(const QString &why);
    void scheduleNext();
    void sendNext();
    bool earlierPvPending(const OutboxItem &item) const;
    std::optional<OutboxItem> nextOnceItem();
    std::optional<OutboxItem> takeNext();
    QNetworkRequest submissionRequest() const;
    void checkPin(QNetworkReply *reply);
    // Aborts the reply past maxAnswerBytes or its deadline (said by cutOffReason).
    void boundAnswer(QNetworkReply *reply, qint64 bodyBytes);
    QString cutOffReason(const QNetworkReply *reply) const; // "" when not cut off
    void onReply(QNetworkReply *reply, const QString &uuid);
    QString noAnswerReason(const QNetworkReply *reply) const;
    void handleAnswer(const OutboxItem &item, QNetworkReply *reply);
    void acceptReceipt(const OutboxItem &item, int status, const QByteArray &body);
    static QString answerReason(int status, const QJsonObject &error, const QByteArray &body,
                                const QNetworkReply *reply);
    static QString notFromHqNote();

public:
    // The status HQ answers `rule` with (docs/hq.md, "Errors": its own refusals and the PV
    // rules of forms::checkPv), 0 for a rule HQ never gives or only with 408, 429, 501, 503.
    static int hqRuleStatus(const QString &rule);
    // Whether a 4xx answer is HQ's refusal: a sentence, and one of HQ's rules with its status.
    static bool isHqRefusal(int status, const QJsonObject &error);
    void retryLater(const QString &uuid, int attempts, const QString &error);
    void emitCounts();

    QString m_dbPath;
    HqConfig m_config;
    SyncOptions m_options;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<Outbox> m_outbox;
    QNetworkAccessManager *m_nam = nullptr;
    QTimer *m_timer = nullptr;
    QPointer<QNetworkReply> m_inFlight;
    QStringList m_onceQueue; // once mode: items still to try
    bool m_onceStarted = false;
    bool m_stopped = false;
};

} // namespace plume::sync
