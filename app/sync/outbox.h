// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station's outbox (table `outbox`, migration 1): every sealed submission stays here
// until headquarters returns a receipt for its exact hash. Rows are never deleted.
#pragma once

#include "sync/submission.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::store {
class Store;
}

namespace plume::sync {

// queued -> sending -> delivered (receipt) | rejected (reason) | queued again (error, later).
// The stored names of store::OutboxState (printed by `outbox list`).
inline const QString kStateQueued = QStringLiteral("queued");
inline const QString kStateSending = QStringLiteral("sending");
inline const QString kStateDelivered = QStringLiteral("delivered");
inline const QString kStateRejected = QStringLiteral("rejected");

struct OutboxItem
{
    QString uuid;
    QString kind;
    qint64 version = 0;
    QByteArray signedBytes; // canonical JSON of the signed part (column payload)
    QString sha256;
    QString signature;
    QString state;
    int attempts = 0;
    QDateTime nextAttemptAt; // invalid = now
    QString lastError;
    QString receipt; // JSON text of HQ's receipt once delivered
    QDateTime createdAt;
    QDateTime updatedAt;

    QByteArray httpBody() const; // the exact bytes POSTed
    std::optional<Submission> submission() const;
    QJsonObject toJson() const; // for `outbox list --json` (no payload: may be personal)
};

// Receipts brought back by hand from an offline delivery (`plume-hq import --receipts FILE`,
// docs/exports.md#offline): {"format":"plume.receipts/1","receipts":[B64 of each receipt
// body, exactly as HQ would have answered it over HTTP]}.
inline const QString kReceiptsFormat = QStringLiteral("plume.receipts/1");

// What one receipt of such a file did: delivered (now or before), or why not.
struct OfflineReceipt
{
    QString uuid;
    bool delivered = false; // delivered by this receipt (not before: « déjà livré »)
    QString why;            // empty when delivered now
};

// A receipts file (`plume-hq import --receipts`) read whole, but bounded (a pipe is fine;
// /dev/zero was read until memory ran out): a receipt is some 400 bytes, so anything over
// kMaxReceiptsFileBytes is not one. nullopt and *error (translated) otherwise.
inline constexpr qint64 kMaxReceiptsFileBytes = 4 * 1024 * 1024;
std::optional<QByteArray> readReceiptsFile(const QString &path, QString *error);

// The outbox as the sender and the seal see it, over the store's outbox API (the store
// runs the SQL); use from the thread that owns the Store.
class Outbox
{
public:
    explicit Outbox(store::Store &store) : m_store(store) {}

    // Inserts a queued row (joins the caller's Store::transaction if any).
    void insert(const Submission &s);
    QVector<OutboxItem> list() const; // oldest first
    std::optional<OutboxItem> item(const QString &uuid) const;
    // Queued items whose next attempt is due at `now` (all queued items if now is invalid).
    QVector<OutboxItem> due(const QDateTime &now) const;
    std::optional<QDateTime> nextDue() const;     // earliest next_attempt_at of queued items
    qint64 maxVersion(const QString &kind) const; // 0 if none

    // False, nothing changed, when the item is no longer queued with something to send (a
    // voter's withdrawal emptied it, or another sender took it, since it was chosen).
    [[nodiscard]] bool markSending(const QString &uuid);
    // Why `body` is not the receipt of `item` (signed by HQ's key for its uuid, digest,
    // station, kind and version), or an empty string: the one check of a receipt, received
    // over HTTP or brought back in a receipts file.
    QString receiptRefusal(const OutboxItem &item, const QByteArray &body) const;
    // Marks the item delivered, then purges the contacts headquarters now holds. Returns why
    // the purge failed, or an empty string: the delivery stands either way, and the purge is
    // tried again at the next receipt, at the next start of a sync, or by hand (`plumectl
    // contacts purge`).
    [[nodiscard]] QString markDelivered(const QString &uuid, const QString &receiptJson);
    // Purges the contacts of delivered batches the station still holds (none while locked);
    // returns why it failed, or an empty string.
    [[nodiscard]] QString purgeDelivered();
    // The error or reason is headquarters' sentence: only its first kMaxErrorChars are kept
    // (a hostile answer of 50 MiB grew the station file by as much, at every attempt).
    static constexpr int kMaxErrorChars = 500;
    // A receipts file: each receipt checked as one received over HTTP (HQ's key, this item's
    // uuid, digest, station, kind, version), its item marked delivered, and the contacts HQ
    // now holds purged (*purgeError says why a purge failed). nullopt and *error when the file
    // is not a receipts file; nothing is then changed.
    std::optional<QVector<OfflineReceipt>> acceptReceipts(const QByteArray &file,
                                                          QString *purgeError, QString *error);
    void markRetry(const QString &uuid, const QString &error, const QDateTime &next);
    void markRejected(const QString &uuid, const QString &reason);
    void requeue(const QString &uuid); // a rejected item back to queued, by hand
    // After a crash: items left 'sending' go back to 'queued'. Returns how many. With a
    // time, only those claimed before it (another process killed in the middle of a send
    // while this one runs).
    int recoverInterrupted(const QDateTime &claimedBefore = {});

    struct Counts
    {
        int queued = 0, sending = 0, delivered = 0, rejected = 0;
    };
    Counts counts() const;

private:
    OfflineReceipt acceptReceipt(const QByteArray &body);
    void setDelivered(const QString &uuid, const QString &receiptJson);
    static QString bounded(const QString &error); // its first kMaxErrorChars, then "…"
    store::Store &m_store;
};

} // namespace plume::sync
