// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/outbox.h"

#include "store/store.h"
#include "sync/crypto.h"
#include "sync/receipt.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace plume::sync {
namespace {

struct ReceiptsText
{
    Q_DECLARE_TR_FUNCTIONS(Receipts)
};

// The receipt bodies of a receipts file, or nullopt and *error.
std::optional<QVector<QByteArray>> receiptBodies(const QByteArray &file, QString *error)
{
    const QJsonObject o = QJsonDocument::fromJson(file).object();
    const QJsonValue list = o.value(QStringLiteral("receipts"));
    QVector<QByteArray> out;
    if (o.value(QStringLiteral("format")).toString() == kReceiptsFormat && list.isArray())
        for (const QJsonValue &v : list.toArray())
            if (const auto body = decodeBase64Strict(v.toString().toLatin1()))
                out.append(*body);
    if (out.size() != (list.isArray() ? list.toArray().size() : -1) || out.isEmpty()) {
        *error = ReceiptsText::tr("ce n'est pas un fichier d'accusés de réception du siège "
                                  "(plume-hq import --receipts FICHIER)");
        return std::nullopt;
    }
    return out;
}

OutboxItem fromRow(const store::OutboxRow &r)
{
    OutboxItem it;
    it.uuid = r.uuid;
    it.kind = r.kind;
    it.version = r.version;
    it.signedBytes = r.payload;
    it.sha256 = r.sha256;
    it.signature = r.signature;
    it.state = store::toString(r.state);
    it.attempts = r.attempts;
    it.nextAttemptAt = r.nextAttemptAt;
    it.lastError = r.lastError;
    it.receipt = r.receipt;
    it.createdAt = r.createdAt;
    it.updatedAt = r.updatedAt;
    return it;
}

QVector<OutboxItem> fromRows(const QVector<store::OutboxRow> &rows)
{
    QVector<OutboxItem> out;
    out.reserve(rows.size());
    for (const store::OutboxRow &r : rows)
        out.append(fromRow(r));
    return out;
}

} // namespace

QByteArray OutboxItem::httpBody() const
{
    Submission s;
    s.signedBytes = signedBytes;
    s.sha256 = sha256;
    s.signature = signature;
    return s.httpBody();
}

std::optional<Submission> OutboxItem::submission() const
{
    return Submission::fromSigned(signedBytes, sha256, signature);
}

QJsonObject OutboxItem::toJson() const
{
    QJsonObject o{{QStringLiteral("uuid"), uuid},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("version"), version},
                  {QStringLiteral("sha256"), sha256},
                  {QStringLiteral("state"), state},
                  {QStringLiteral("attempts"), attempts},
                  {QStringLiteral("bytes"), qint64(httpBody().size())},
                  {QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs)},
                  {QStringLiteral("updated_at"), updatedAt.toString(Qt::ISODateWithMs)}};
    if (!lastError.isEmpty())
        o.insert(QStringLiteral("last_error"), lastError);
    if (nextAttemptAt.isValid() && state == kStateQueued)
        o.insert(QStringLiteral("next_attempt_at"), nextAttemptAt.toString(Qt::ISODateWithMs));
    if (!receipt.isEmpty())
        o.insert(QStringLiteral("receipt"), receipt);
    return o;
}

void Outbox::insert(const Submission &s)
{
    store::OutboxRow r;
    r.uuid = s.uuid;
    r.kind = s.kind;
    r.version = s.version;
    r.payload = s.signedBytes;
    r.sha256 = s.sha256;
    r.signature = s.signature;
    m_store.insertOutbox(r);
}

QVector<OutboxItem> Outbox::list() const
{
    return fromRows(m_store.outboxRows(false));
}

std::optional<OutboxItem> Outbox::item(const QString &uuid) const
{
    const auto r = m_store.outboxRow(uuid);
    return r ? std::optional<OutboxItem>(fromRow(*r)) : std::nullopt;
}

QVector<OutboxItem> Outbox::due(const QDateTime &now) const
{
    return fromRows(m_store.dueOutboxRows(now));
}

std::optional<QDateTime> Outbox::nextDue() const
{
    return m_store.nextOutboxAttempt();
}

qint64 Outbox::maxVersion(const QString &kind) const
{
    return m_store.maxOutboxVersion(kind);
}

bool Outbox::markSending(const QString &uuid)
{
    return m_store.updateOutbox(uuid, {store::OutboxState::Sending, true, {}, {}, {}});
}

QString Outbox::receiptRefusal(const OutboxItem &item, const QByteArray &body) const
{
    const ReceiptExpectation expected{item.uuid, item.sha256, m_store.election().stationCode,
                                      item.kind, item.version};
    return verifyReceipt(body, hqPublicKey(m_store), expected);
}

void Outbox::setDelivered(const QString &uuid, const QString &receiptJson)
{
    m_store.updateOutbox(
        uuid, {store::OutboxState::Delivered, false, QString(), QDateTime(), receiptJson});
}

QString Outbox::markDelivered(const QString &uuid, const QString &receiptJson)
{
    setDelivered(uuid, receiptJson);
    // [closing/privacy] HQ has the contacts: purge them from the station (never fails the
    // delivery; a failure is said, and tried again).
    return purgeDelivered();
}

std::optional<QByteArray> readReceiptsFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = ReceiptsText::tr("Impossible de lire %1 : %2").arg(path, f.errorString());
        return std::nullopt;
    }
    // Read bounded: a pipe or a device has no size (/dev/zero was read until memory ran out).
    QByteArray bytes = f.read(kMaxReceiptsFileBytes + 1);
    if (bytes.size() > kMaxReceiptsFileBytes) {
        *error =
            ReceiptsText::tr("%1 est trop gros pour un fichier d'accusés de réception").arg(path);
        return std::nullopt;
    }
    return bytes;
}

std::optional<QVector<OfflineReceipt>> Outbox::acceptReceipts(const QByteArray &file,
                                                              QString *purgeError, QString *error)
{
    const auto bodies = receiptBodies(file, error);
    if (!bodies)
        return std::nullopt;
    QVector<OfflineReceipt> out;
    for (const QByteArray &body : *bodies)
        out.append(acceptReceipt(body));
    *purgeError = purgeDelivered(); // the contacts HQ now holds
    return out;
}

OfflineReceipt Outbox::acceptReceipt(const QByteArray &body)
{
    OfflineReceipt r;
    r.uuid = QJsonDocument::fromJson(body).object().value(QStringLiteral("uuid")).toString();
    const auto it = r.uuid.isEmpty() ? std::nullopt : item(r.uuid);
    if (!it) {
        r.why = ReceiptsText::tr("pas d'envoi de ce bureau sous cet identifiant");
        return r;
    }
    if (it->state == kStateDelivered) { // refused, as docs/exports.md says: nothing new
        r.why = ReceiptsText::tr("déjà livré");
        return r;
    }
    r.why = receiptRefusal(*it, body);
    if (!r.why.isEmpty())
        return r;
    setDelivered(r.uuid, QString::fromUtf8(body)); // purged once, after the whole file
    r.delivered = true;
    return r;
}

QString Outbox::purgeDelivered()
{
    try {
        m_store.purgeDeliveredContacts(QStringLiteral("sync"));
    } catch (const store::StoreError &e) {
        return e.message();
    }
    return QString();
}

void Outbox::markRetry(const QString &uuid, const QString &error, const QDateTime &next)
{
    m_store.updateOutbox(uuid, {store::OutboxState::Queued, false, bounded(error), next, {}});
}

void Outbox::markRejected(const QString &uuid, const QString &reason)
{
    m_store.updateOutbox(uuid,
                         {store::OutboxState::Rejected, false, bounded(reason), QDateTime(), {}});
}

QString Outbox::bounded(const QString &error)
{
    if (error.size() <= kMaxErrorChars)
        return error;
    QString cut = error.left(kMaxErrorChars);
    if (cut.back().isHighSurrogate())
        cut.chop(1);
    return cut + QStringLiteral("…");
}

void Outbox::requeue(const QString &uuid)
{
    m_store.updateOutbox(uuid, {store::OutboxState::Queued, false, {}, QDateTime(), {}});
}

int Outbox::recoverInterrupted(const QDateTime &claimedBefore)
{
    return m_store.recoverInterruptedOutbox(claimedBefore);
}

Outbox::Counts Outbox::counts() const
{
    const auto c = m_store.outboxCounts();
    Counts out;
    out.queued = c.value(store::OutboxState::Queued);
    out.sending = c.value(store::OutboxState::Sending);
    out.delivered = c.value(store::OutboxState::Delivered);
    out.rejected = c.value(store::OutboxState::Rejected);
    return out;
}

} // namespace plume::sync
