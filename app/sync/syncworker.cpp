// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/syncworker.h"

#include "forms/pvcheck.h"
#include "store/text.h"

#include "store/store.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>
#include <QTimer>

#include <algorithm>

namespace plume::sync {
namespace {

constexpr char kPinMismatch[] = "plumePinMismatch";
constexpr char kCutOff[] = "plumeCutOff"; // why the reply was aborted: a CutOff
enum class CutOff { None, Size, Deadline };
constexpr char kDeadlineS[] = "plumeDeadlineS";
// Named by issue 14: a wrong pin is reported as such, not as an untrusted certificate.
const QString kPinMismatchError = QStringLiteral("certificate does not match the pinned key");

} // namespace

SyncWorker::SyncWorker(QString dbPath, HqConfig config, SyncOptions options, QObject *parent)
    : QObject(parent), m_dbPath(std::move(dbPath)), m_config(std::move(config)), m_options(options)
{}

SyncWorker::~SyncWorker()
{
    // The item in flight stays 'sending' in the outbox; the next start() re-queues it.
    if (m_inFlight) {
        m_inFlight->disconnect(this);
        m_inFlight->abort();
    }
}

qint64 SyncWorker::backoffMs(int failures, const SyncOptions &o)
{
    qint64 d = o.baseDelayMs;
    for (int i = 1; i < failures && d < o.maxDelayMs; ++i)
        d *= 2;
    return std::min<qint64>(d, o.maxDelayMs);
}

bool SyncWorker::openStore()
{
    if (const QString why = m_config.validate(); !why.isEmpty()) {
        emit fatalError(why);
        return false;
    }
    try {
        m_store = store::Store::open(m_dbPath);
        // Each item's state is written under the audit chain, sealed with the passphrase.
        if (m_store->protection() == store::Store::Protection::Locked)
            throw store::StoreError(
                tr("Le bureau est verrouillé : l'envoi au siège demande sa phrase secrète "
                   "(--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE)."));
        // A file edited outside Plume sends nothing, as it seals nothing: HQ's address and
        // key rewritten with sqlite3 would hand the PV and the contacts to someone else,
        // whose receipts would mark them delivered and purge the contacts.
        m_store->requireIntact();
        m_outbox = std::make_unique<Outbox>(*m_store);
        // A request interrupted by a crash or a kill may or may not have reached HQ:
        // it is sent again, HQ answers 200 with the same receipt for an exact duplicate.
        m_outbox->recoverInterrupted();
    } catch (const store::StoreError &e) {
        emit fatalError(e.message());
        return false;
    }
    return true;
}

void SyncWorker::reportPurge(const QString &why)
{
    if (why.isEmpty())
        return;
    emit purgeFailed(tr("Contacts remis au siège mais pas encore effacés de ce poste : %1. "
                        "Nouvel essai au prochain reçu et au prochain envoi ; « plumectl "
                        "contacts purge » le fait à la main.")
                         .arg(why));
}

void SyncWorker::start()
{
    if (!openStore())
        return;
    // Contacts delivered while a purge failed (or before a crash) are purged before anything.
    reportPurge(m_outbox->purgeDelivered());
    m_nam = new QNetworkAccessManager(this);
    m_nam->setStrictTransportSecurityEnabled(false);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::sendNext);
    m_stopped = false;
    try {
        if (m_options.once) {
            for (const OutboxItem &it : m_outbox->list())
                if (it.state == kStateQueued)
                    m_onceQueue << it.uuid;
            m_onceStarted = true;
        }
        emitCounts();
    } catch (const store::StoreError &e) {
        emit fatalError(e.message());
        return;
    }
    QTimer::singleShot(0, this, &SyncWorker::sendNext);
}

void SyncWorker::stop()
{
    m_stopped = true;
    if (m_timer)
        m_timer->stop();
    if (m_inFlight)
        m_inFlight->abort();
}

void SyncWorker::syncNow()
{
    if (!m_outbox || m_inFlight)
        return;
    m_timer->stop();
    try {
        for (const OutboxItem &it : m_outbox->list())
            if (it.state == kStateQueued)
                m_outbox->markRetry(it.uuid, it.lastError, QDateTime::currentDateTimeUtc());
    } catch (const store::StoreError &e) {
        emit fatalError(e.message());
        return;
    }
    sendNext();
}

void SyncWorker::emitCounts()
{
    const Outbox::Counts c = m_outbox->counts();
    emit countsChanged(c.queued, c.sending, c.delivered, c.rejected);
}

// A PV version not delivered yet, which the later versions wait for (sendable, and a
// --once run's earlierPvPending).
// HQ takes version N of the PV only on top of N-1: a version queued or sending holds the
// later ones back, and so does one HQ refused (they got 409 previous_version for ever, a
// review of 2026-12-02); put back by hand and delivered, it lets them go.
static bool holdsLaterPvVersions(const OutboxItem &it)
{
    return it.kind == kKindPv &&
           (it.state == kStateQueued || it.state == kStateSending || it.state == kStateRejected);
}

// An attempt is due at its time, or at once when that time lies further ahead than the
// longest backoff: the clock was set back since it was planned (a station's clock two hours
// fast, then corrected, sent nothing for two hours: a review, 2026-12-01).
static bool isDue(const QDateTime &next, const QDateTime &now, qint64 maxDelayMs)
{
    return !next.isValid() || next <= now || now.msecsTo(next) > maxDelayMs;
}

// Queued items whose bytes can be read now (a contact batch of a locked station cannot:
// it waits, queued, until the station is unlocked), and the earliest later attempt. PV
// versions go in order: version N waits while an earlier version is not delivered (HQ
// accepts N only after N-1, docs/protocol.md §3).
static QVector<OutboxItem> sendable(Outbox &outbox, const QDateTime &now, qint64 maxDelayMs,
                                    QDateTime *later)
{
    QVector<OutboxItem> out;
    bool earlierPvPending = false;
    for (OutboxItem &it : outbox.list()) {
        const bool blocked = it.kind == kKindPv && earlierPvPending;
        earlierPvPending = earlierPvPending || holdsLaterPvVersions(it);
        if (blocked || it.state != kStateQueued || it.signedBytes.isEmpty())
            continue;
        if (isDue(it.nextAttemptAt, now, maxDelayMs))
            out.append(std::move(it));
        else if (later && (!later->isValid() || it.nextAttemptAt < *later))
            *later = it.nextAttemptAt;
    }
    return out;
}

void SyncWorker::scheduleNext()
{
    if (m_stopped || m_inFlight)
        return;
    if (m_options.once) {
        if (m_onceQueue.isEmpty()) {
            const Outbox::Counts c = m_outbox->counts();
            emit finished(c.delivered, c.queued + c.sending, c.rejected);
            return;
        }
        m_timer->start(0);
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime later;
    const bool dueNow = !sendable(*m_outbox, now, m_options.maxDelayMs, &later).isEmpty();
    if (dueNow) {
        m_timer->start(0);
        return;
    }
    if (!later.isValid()) {
        const Outbox::Counts c = m_outbox->counts();
        emit finished(c.delivered, c.queued + c.sending, c.rejected);
        // Poll for new items (a PV sealed while running, an unlocked station).
        m_timer->start(std::max(1000, m_options.baseDelayMs));
        return;
    }
    m_timer->start(int(std::clamp<qint64>(now.msecsTo(later), 0, qint64(m_options.maxDelayMs))));
}

// Once mode: the next item of the run still queued; one the store cannot read now (locked)
// is said and left for later.
std::optional<OutboxItem> SyncWorker::nextOnceItem()
{
    std::optional<OutboxItem> item;
    while (!m_onceQueue.isEmpty() && !item) {
        const QString uuid = m_onceQueue.takeFirst();
        try {
            item = m_outbox->item(uuid);
        } catch (const store::StoreError &e) {
            emit itemStateChanged(uuid, kStateQueued, e.message()); // locked: later
            item.reset();
        }
        if (item && (item->state != kStateQueued || earlierPvPending(*item)))
            item.reset();
    }
    return item;
}

// A PV version waits while an earlier one is queued or sending (docs/sync.md), in a --once
// run too: version 2 went right after version 1 was put back for later (a review).
bool SyncWorker::earlierPvPending(const OutboxItem &item) const
{
    if (item.kind != kKindPv)
        return false;
    const QVector<OutboxItem> all = m_outbox->list();
    return std::any_of(all.begin(), all.end(), [&](const OutboxItem &it) {
        return it.version < item.version && holdsLaterPvVersions(it);
    });
}

// The next item to send, marked sending; nullopt when none is due, or when the one chosen
// was emptied or taken meanwhile (the next round looks again). Throws StoreError.
std::optional<OutboxItem> SyncWorker::takeNext()
{
    // A send another process claimed and never finished (killed meanwhile) stayed
    // 'sending' until this one was started again: the window showed the PV « en attente »
    // for hours, and a corrected PV waited behind it (a review of 2026-12-02). Claimed long
    // before any request could still be running, it is queued again (HQ answers a duplicate
    // with the same receipt).
    m_outbox->recoverInterrupted(
        QDateTime::currentDateTimeUtc().addMSecs(-m_options.abandonedClaimMs));
    std::optional<OutboxItem> item;
    if (m_options.once) {
        item = nextOnceItem();
    } else {
        const auto due =
            sendable(*m_outbox, QDateTime::currentDateTimeUtc(), m_options.maxDelayMs, nullptr);
        if (!due.isEmpty())
            item = due.first();
    }
    // Claimed, then read again: what is sent is what the file holds once it is ours (a
    // withdrawal in between leaves it unsent; a rekey in between, newly signed).
    if (!item || !m_outbox->markSending(item->uuid))
        return std::nullopt;
    return m_outbox->item(item->uuid);
}

QNetworkRequest SyncWorker::submissionRequest() const
{
    QNetworkRequest req(m_config.submissionsUrl());
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Accept", "application/json");
    req.setTransferTimeout(m_options.timeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    if (m_config.url.scheme() == QLatin1String("https"))
        req.setSslConfiguration(m_config.sslConfiguration());
    return req;
}

// Pinned: the certificate is trusted when (and only when) its hash is the pin.
void SyncWorker::checkPin(QNetworkReply *reply)
{
    // With a CA file too, both hold: the chain's errors are never ignored, the pin is checked
    // once encrypted (a pin once let a certificate of another CA through, a review).
    connect(reply, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errs) {
        const bool pinned = m_config.pinMatches(reply->sslConfiguration().peerCertificate());
        if (pinned && m_config.caPem.isEmpty())
            reply->ignoreSslErrors(errs);
        else if (!pinned)
            reply->setProperty(kPinMismatch, true); // else the CA's own error is said
    });
    connect(reply, &QNetworkReply::encrypted, reply, [this, reply] {
        if (!m_config.pinMatches(reply->sslConfiguration().peerCertificate())) {
            reply->setProperty(kPinMismatch, true);
            reply->abort();
        }
    });
}

void SyncWorker::boundAnswer(QNetworkReply *reply, qint64 bodyBytes)
{
    const auto cutOff = [reply](CutOff why) {
        reply->setProperty(kCutOff, int(why));
        reply->abort();
    };
    const qint64 max = m_options.maxAnswerBytes;
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, max, cutOff] {
        if (reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > max)
            cutOff(CutOff::Size);
    });
    connect(reply, &QNetworkReply::downloadProgress, reply, [max, cutOff](qint64 received, qint64) {
        if (received > max)
            cutOff(CutOff::Size);
    });
    const qint64 deadlineMs =
        m_options.deadlineMs + bodyBytes * 1000 / std::max(1, m_options.minUploadBytesPerSecond);
    reply->setProperty(kDeadlineS, (deadlineMs + 999) / 1000);
    QTimer::singleShot(std::chrono::milliseconds(deadlineMs), reply, [reply, cutOff] {
        if (reply->isRunning())
            cutOff(CutOff::Deadline);
    });
}

QString SyncWorker::cutOffReason(const QNetworkReply *reply) const
{
    const auto why = CutOff(reply->property(kCutOff).toInt()); // None when never set
    if (why == CutOff::Size)
        return tr("réponse du siège trop longue (plus de %1 Kio) : abandonnée, nouvel essai "
                  "plus tard")
            .arg(m_options.maxAnswerBytes / 1024);
    if (why == CutOff::Deadline)
        return tr("pas de réponse complète du siège en %1 s : abandonnée, nouvel essai plus tard")
            .arg(reply->property(kDeadlineS).toLongLong());
    return {};
}

void SyncWorker::sendNext()
{
    if (m_stopped || m_inFlight || !m_outbox)
        return;
    std::optional<OutboxItem> item;
    try {
        item = takeNext();
        if (!item) {
            scheduleNext();
            return;
        }
    } catch (const store::StoreError &e) {
        emit fatalError(e.message());
        return;
    }
    emit itemStateChanged(item->uuid, kStateSending, {});
    emitCounts();
    const QByteArray body = item->httpBody();
    QNetworkReply *reply = m_nam->post(submissionRequest(), body);
    m_inFlight = reply;
    if (!m_config.pinSha256.isEmpty())
        checkPin(reply);
    boundAnswer(reply, body.size());
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, uuid = item->uuid] { onReply(reply, uuid); });
}

void SyncWorker::retryLater(const QString &uuid, int attempts, const QString &error)
{
    const qint64 base = backoffMs(attempts, m_options);
    // Jitter: a random delay in [base/2, base] so stations do not retry in lockstep.
    const qint64 delay =
        base / 2 +
        qint64(QRandomGenerator::global()->bounded(double(std::max<qint64>(1, base / 2 + 1))));
    m_outbox->markRetry(uuid, error, QDateTime::currentDateTimeUtc().addMSecs(delay));
    emit itemStateChanged(uuid, kStateQueued, error);
}

void SyncWorker::onReply(QNetworkReply *reply, const QString &uuid)
{
    reply->deleteLater();
    m_inFlight = nullptr;
    try {
        std::optional<OutboxItem> item;
        try {
            item = m_outbox->item(uuid);
        } catch (const store::StoreError &) {
            // Locked meanwhile: only the hash and state are needed here.
            for (const OutboxItem &it : m_outbox->list())
                if (it.uuid == uuid)
                    item = it;
        }
        if (!item)
            return;
        handleAnswer(*item, reply);
        emitCounts();
    } catch (const store::StoreError &e) {
        emit fatalError(e.message());
        return;
    }
    if (!m_stopped)
        QTimer::singleShot(0, this, &SyncWorker::sendNext);
}

// No HTTP answer at all: stopped, no byte within the timeout, or the network's own words.
QString SyncWorker::noAnswerReason(const QNetworkReply *reply) const
{
    if (m_stopped)
        return QStringLiteral("stopped");
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError)
        return tr("pas de réponse du siège en %n seconde(s) ; nouvel essai plus tard", nullptr,
                  std::max(1, m_options.timeoutMs / 1000));
    return reply->errorString();
}

void SyncWorker::handleAnswer(const OutboxItem &item, QNetworkReply *reply)
{
    if (reply->property(kPinMismatch).toBool())
        return retryLater(item.uuid, item.attempts, kPinMismatchError);
    if (const QString cut = cutOffReason(reply); !cut.isEmpty())
        return retryLater(item.uuid, item.attempts, cut);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && status == 0)
        return retryLater(item.uuid, item.attempts, noAnswerReason(reply));
    if (status >= 300 && status < 400)
        return retryLater(
            item.uuid, item.attempts,
            tr("HTTP %1 : le siège renvoie vers %2 ; Plume ne suit pas les "
               "redirections (vérifiez l'adresse du siège)")
                .arg(status)
                .arg(store::printable(QString::fromUtf8(reply->rawHeader("Location").left(200)))));
    const QByteArray body = reply->read(m_options.maxAnswerBytes);
    if (status == 200 || status == 201)
        return acceptReceipt(item, status, body);
    const QJsonObject error = QJsonDocument::fromJson(body).object();
    const QString rule = error.value(QStringLiteral("rule")).toString();
    const QString reason = answerReason(status, error, body, reply);
    // 409 previous_version: HQ lacks version N-1 of the PV; it will come (in order).
    const bool later = status == 409 && rule == QLatin1String("previous_version");
    if (status >= 400 && status < 500 && status != 408 && status != 429 && !later) {
        if (!isHqRefusal(status, error)) // not HQ's: a proxy or a server on the way
            return retryLater(item.uuid, item.attempts, reason + notFromHqNote());
        // HQ refused this exact content: retrying the same bytes cannot help. Kept, never
        // deleted; `Outbox::requeue` puts it back by hand.
        m_outbox->markRejected(item.uuid, reason);
        emit itemStateChanged(item.uuid, kStateRejected, reason);
        return;
    }
    retryLater(item.uuid, item.attempts,
               later || status >= 400
                   ? reason
                   : QStringLiteral("HTTP %1 %2").arg(status).arg(reply->errorString()));
}

// "HTTP status: sentence", on one line whatever was written: a newline in HQ's sentence
// printed forged "UUID delivered" and summary lines in `plumectl sync` and `outbox list` (a
// review, 2026-11-30). Without a sentence: the body's start, else the network's words.
QString SyncWorker::answerReason(int status, const QJsonObject &error, const QByteArray &body,
                                 const QNetworkReply *reply)
{
    QString said = error.value(QStringLiteral("error")).toString();
    if (said.isEmpty())
        said = QString::fromUtf8(body.left(200)).trimmed();
    if (said.isEmpty())
        said = reply->errorString();
    return QStringLiteral("HTTP %1: %2").arg(status).arg(store::printable(said));
}

// HQ's refusals are {"error", "rule"} (docs/hq.md); any other 4xx comes from something on
// the way (an HTML 404 of a restarting proxy rejected a PV for good: a review, 2026-12-01).
QString SyncWorker::notFromHqNote()
{
    return tr(" (réponse sans la règle du siège, venue d'un relais : nouvel essai plus tard)");
}

int SyncWorker::hqRuleStatus(const QString &rule)
{
    // hq::Rule's ids with the status HQ answers them with (docs/hq.md; tst_hqvalidate checks
    // that HQ has no other). Any JSON with a "rule" was taken as HQ's, a forged sentence shown
    // and the PV rejected; then any of HQ's rule names with any status (reviews, 2026-12-01).
    // Rules HQ answers with 408, 429, 501 or 503 are retried whatever they say: not listed.
    static const QHash<QString, int> hq{{QStringLiteral("bad_request"), 400},
                                        {QStringLiteral("malformed"), 400},
                                        {QStringLiteral("not_found"), 404},
                                        {QStringLiteral("method"), 405},
                                        {QStringLiteral("body_too_large"), 413},
                                        {QStringLiteral("content_type"), 415},
                                        {QStringLiteral("header_too_large"), 431},
                                        {QStringLiteral("unauthorized"), 401},
                                        {QStringLiteral("station_unknown"), 401},
                                        {QStringLiteral("station_revoked"), 401},
                                        {QStringLiteral("signature"), 401},
                                        {QStringLiteral("conflict"), 409},
                                        {QStringLiteral("previous_version"), 409},
                                        {QStringLiteral("withdrawn"), 409},
                                        {QStringLiteral("schema"), 422},
                                        {QStringLiteral("kind_mismatch"), 422},
                                        {QStringLiteral("version_mismatch"), 422},
                                        {QStringLiteral("election_unknown"), 422},
                                        {QStringLiteral("station_mismatch"), 422},
                                        {QStringLiteral("station_code"), 422},
                                        {QStringLiteral("candidate_unknown"), 422},
                                        {QStringLiteral("candidate_repeated"), 422},
                                        {QStringLiteral("candidate_missing"), 422},
                                        {QStringLiteral("count_range"), 422},
                                        {QStringLiteral("over_inscrits"), 422},
                                        {QStringLiteral("field_mismatch"), 422},
                                        {QStringLiteral("ink"), 422},
                                        {QStringLiteral("overflow"), 422},
                                        {QStringLiteral("contact_field"), 422},
                                        {QStringLiteral("consent"), 422},
                                        {QStringLiteral("sheet_repeated"), 422},
                                        {QStringLiteral("correction_unexplained"), 422},
                                        {QStringLiteral("station_not_listed"), 422},
                                        {QStringLiteral("version_limit"), 422}};
    if (const auto it = hq.constFind(rule); it != hq.constEnd())
        return *it;
    return forms::ruleFromId(rule) ? 422 : 0;
}

// HQ's refusal: {"error": a sentence, "rule": one of HQ's} with the status HQ gives it.
bool SyncWorker::isHqRefusal(int status, const QJsonObject &error)
{
    const QJsonValue rule = error.value(QStringLiteral("rule"));
    const QJsonValue said = error.value(QStringLiteral("error"));
    return rule.isString() && said.isString() && !said.toString().isEmpty() &&
           hqRuleStatus(rule.toString()) == status;
}

void SyncWorker::acceptReceipt(const OutboxItem &item, int status, const QByteArray &body)
{
    // Delivered (and contacts purged) only on a receipt signed by HQ's key for this item.
    if (const QString why = m_outbox->receiptRefusal(item, body); !why.isEmpty())
        return retryLater(item.uuid, item.attempts,
                          QStringLiteral("HTTP %1: %2").arg(status).arg(why));
    const QString purge = m_outbox->markDelivered(item.uuid, QString::fromUtf8(body));
    emit itemStateChanged(
        item.uuid, kStateDelivered,
        QJsonDocument::fromJson(body).object().value(QStringLiteral("receipt")).toString());
    reportPurge(purge);
}

} // namespace plume::sync
