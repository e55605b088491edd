// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The outbox table (docs/sync.md): the store runs its SQL; sync::Outbox is the view the
// sender and the seal use. Every change is audited with the row's digest.
#include "store/sqlutil.h"
#include "store/store.h"

namespace plume::store {
using namespace sql;
namespace {

const QString kColumns = QStringLiteral(
    "SELECT uuid, kind, version, payload, sha256, signature, state, attempts, next_attempt_at, "
    "last_error, receipt, created_at, updated_at FROM outbox ");

const QByteArray kPayloadContext = QByteArrayLiteral("outbox.payload");

QVariant isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

} // namespace

// Contact payloads are encrypted at rest (docs/privacy.md). strict: throw when locked;
// else leave the payload empty.
static OutboxRow outboxFromQuery(const Store &store, const QSqlQuery &q, bool strict)
{
    OutboxRow r;
    r.uuid = q.value(0).toString();
    r.kind = q.value(1).toString();
    r.version = q.value(2).toLongLong();
    r.payload = q.value(3).toByteArray();
    if (Store::isSealedPersonal(r.payload)) {
        if (strict || store.protection() != Store::Protection::Locked)
            r.payload = store.openPersonal(r.payload, kPayloadContext);
        else
            r.payload.clear();
    }
    r.sha256 = q.value(4).toString();
    r.signature = q.value(5).toString();
    r.state = outboxStateFromString(q.value(6).toString()).value_or(OutboxState::Queued);
    r.attempts = q.value(7).toInt();
    r.nextAttemptAt = q.value(8).isNull() ? QDateTime() : fromIso(q.value(8).toString());
    r.lastError = q.value(9).toString();
    r.receipt = q.value(10).toString();
    r.createdAt = fromIso(q.value(11).toString());
    r.updatedAt = fromIso(q.value(12).toString());
    return r;
}

static QVector<OutboxRow> readOutbox(const Store &store, QSqlQuery &q, bool strict)
{
    QVector<OutboxRow> out;
    while (q.next())
        out.append(outboxFromQuery(store, q, strict));
    return out;
}

void Store::insertOutbox(const OutboxRow &row)
{
    const QString now = nowIso();
    transaction([&] {
        run(m_db,
            QStringLiteral("INSERT INTO outbox (uuid, kind, version, payload, sha256, signature, "
                           "state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                           "'queued', 0, ?, ?)"),
            {row.uuid, row.kind, row.version,
             row.kind == QLatin1String("contacts") ? sealPersonal(row.payload, kPayloadContext)
                                                   : row.payload,
             row.sha256, row.signature, now, now},
            Text::tr("mise en file de l'envoi impossible"));
        auditRows(QStringLiteral("system"), QStringLiteral("outbox.queued"), row.uuid,
                  QJsonObject{{QStringLiteral("kind"), row.kind},
                              {QStringLiteral("version"), row.version},
                              {QStringLiteral("sha256"), row.sha256}},
                  {{QStringLiteral("outbox"), row.uuid}});
    });
}

QVector<OutboxRow> Store::outboxRows(bool strict) const
{
    QSqlQuery q = run(m_db, kColumns + QStringLiteral("ORDER BY rowid"), {},
                      Text::tr("lecture de la file d'envoi impossible"));
    return readOutbox(*this, q, strict);
}

std::optional<OutboxRow> Store::outboxRow(const QString &uuid) const
{
    QSqlQuery q = run(m_db, kColumns + QStringLiteral("WHERE uuid = ?"), {uuid},
                      Text::tr("lecture de la file d'envoi impossible"));
    if (!q.next())
        return std::nullopt;
    return outboxFromQuery(*this, q, true);
}

QVector<OutboxRow> Store::dueOutboxRows(const QDateTime &now) const
{
    QSqlQuery q =
        now.isValid()
            ? run(m_db,
                  kColumns + QStringLiteral("WHERE state = 'queued' AND (next_attempt_at "
                                            "IS NULL OR next_attempt_at <= ?) ORDER BY "
                                            "rowid"),
                  {now.toUTC().toString(Qt::ISODateWithMs)},
                  Text::tr("lecture de la file d'envoi impossible"))
            : run(m_db, kColumns + QStringLiteral("WHERE state = 'queued' ORDER BY rowid"), {},
                  Text::tr("lecture de la file d'envoi impossible"));
    return readOutbox(*this, q, true);
}

std::optional<QDateTime> Store::nextOutboxAttempt() const
{
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT count(*), min(coalesce(next_attempt_at, '')) FROM "
                                     "outbox WHERE state = 'queued'"),
                      {}, Text::tr("lecture de la file d'envoi impossible"));
    if (!q.next() || q.value(0).toInt() == 0)
        return std::nullopt;
    const QString s = q.value(1).toString();
    return s.isEmpty() ? QDateTime::currentDateTimeUtc() : fromIso(s);
}

qint64 Store::maxOutboxVersion(const QString &kind) const
{
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT coalesce(max(version), 0) FROM outbox WHERE "
                                     "kind = ?"),
                      {kind}, Text::tr("lecture de la file d'envoi impossible"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

// The guard of a change of state. A row emptied (withdrawn, or purged once delivered) is
// never queued again: it holds nothing to send. Only a queued row with something to send is
// taken for sending: a voter's withdrawal may have emptied it since the sender chose it. A
// delivered row stays delivered: a late answer to an earlier attempt (another process sent
// it again meanwhile and got HQ's receipt) turned a delivered PV back into rejected or
// queued (a review of 2026-12-02).
static QString outboxGuard(OutboxState target)
{
    switch (target) {
    case OutboxState::Queued:
        return QStringLiteral(" WHERE uuid = ? AND length(payload) > 0 AND state <> 'delivered'");
    case OutboxState::Sending:
        return QStringLiteral(" WHERE uuid = ? AND state = 'queued' AND length(payload) > 0");
    case OutboxState::Rejected:
        return QStringLiteral(" WHERE uuid = ? AND state <> 'delivered'");
    default:
        return QStringLiteral(" WHERE uuid = ?");
    }
}

// A change the row's state no longer allows, to be ignored rather than refused: another
// sender took it, or it was delivered meanwhile.
static bool overtaken(OutboxState target, const std::optional<OutboxRow> &row)
{
    return row && (target == OutboxState::Sending ||
                   (target != OutboxState::Delivered && row->state == OutboxState::Delivered));
}

bool Store::updateOutbox(const QString &uuid, const OutboxUpdate &u)
{
    QString set = QStringLiteral("state = ?, updated_at = ?");
    QVariantList binds{toString(u.state), nowIso()};
    if (u.countAttempt)
        set += QStringLiteral(", attempts = attempts + 1");
    if (u.lastError) {
        set += QStringLiteral(", last_error = ?");
        binds << text(*u.lastError);
    }
    if (u.nextAttemptAt) {
        set += QStringLiteral(", next_attempt_at = ?");
        binds << isoOrNull(*u.nextAttemptAt);
    }
    if (u.receipt) {
        set += QStringLiteral(", receipt = ?");
        binds << text(*u.receipt);
    }
    binds << uuid;
    bool changed = true;
    transaction([&] {
        requireAnchored({QStringLiteral("outbox"), uuid});
        QSqlQuery q = run(m_db, QStringLiteral("UPDATE outbox SET ") + set + outboxGuard(u.state),
                          binds, Text::tr("mise à jour de la file d'envoi impossible"));
        if (q.numRowsAffected() != 1 && overtaken(u.state, outboxRow(uuid))) {
            changed = false;
            return;
        }
        if (q.numRowsAffected() != 1 && outboxRow(uuid))
            throw StoreError(Text::tr("L'envoi %1 a été vidé (retiré de la file, ou effacé "
                                      "après sa livraison) : il n'a plus rien à envoyer.")
                                 .arg(uuid));
        if (q.numRowsAffected() != 1)
            throw StoreError(Text::tr("File d'envoi : pas d'envoi %1.").arg(uuid));
        auditRows(QStringLiteral("system"), QStringLiteral("outbox.") + toString(u.state), uuid,
                  QJsonObject(), {{QStringLiteral("outbox"), uuid}});
    });
    return changed;
}

void Store::withdrawOutbox(const QString &uuid, const QString &why, const QString &actor)
{
    transaction([&] {
        requireAnchored({QStringLiteral("outbox"), uuid});
        QSqlQuery q =
            run(m_db,
                QStringLiteral("UPDATE outbox SET state = 'rejected', payload = X'', "
                               "last_error = ?, updated_at = ? WHERE uuid = ? AND "
                               "state = 'queued' AND attempts = 0"),
                {text(why), nowIso(), uuid}, Text::tr("retrait d'un envoi de la file impossible"));
        if (q.numRowsAffected() != 1)
            throw StoreError(Text::tr("L'envoi %1 a déjà été présenté au siège : il ne se "
                                      "retire plus de la file.")
                                 .arg(uuid));
        auditRows(actor, QStringLiteral("outbox.withdrawn"), uuid, QJsonObject(),
                  {{QStringLiteral("outbox"), uuid}});
    });
}

void Store::markOutboxExported(const QStringList &uuids, const QString &actor,
                               const QByteArray &recipientKey)
{
    transaction([&] {
        for (const QString &uuid : uuids) {
            requireAnchored({QStringLiteral("outbox"), uuid});
            const QSqlQuery q =
                run(m_db,
                    QStringLiteral("UPDATE outbox SET attempts = attempts + 1, updated_at = ? "
                                   "WHERE uuid = ? AND state <> 'delivered' AND "
                                   "length(payload) > 0"),
                    {nowIso(), uuid}, Text::tr("mise à jour de la file d'envoi impossible"));
            if (q.numRowsAffected() != 1)
                throw StoreError(Text::tr("L'envoi %1 n'a plus rien à présenter au siège (livré, "
                                          "ou vidé par un retrait) : rien n'est exporté.")
                                     .arg(uuid));
            auditRows(actor, QStringLiteral("outbox.exported"), uuid,
                      QJsonObject{{QStringLiteral("recipient"),
                                   QString::fromLatin1(recipientKey.toBase64())}},
                      {{QStringLiteral("outbox"), uuid}});
        }
    });
}

// A new station key (sync::rotateStationKeys): the items HQ has not acknowledged get their
// new signature; a delivered one keeps the signature HQ checked.
void Store::setOutboxSignatures(const QHash<QString, QString> &signatureByUuid)
{
    transaction([&] {
        for (auto it = signatureByUuid.cbegin(); it != signatureByUuid.cend(); ++it) {
            QSqlQuery q = run(m_db,
                              QStringLiteral("UPDATE outbox SET signature = ?, updated_at = ? "
                                             "WHERE uuid = ? AND state <> 'delivered'"),
                              {it.value(), nowIso(), it.key()},
                              Text::tr("mise à jour de la file d'envoi impossible"));
            if (q.numRowsAffected() != 1)
                throw StoreError(
                    Text::tr("File d'envoi : pas d'envoi non livré %1.").arg(it.key()));
            auditRows(QStringLiteral("system"), QStringLiteral("outbox.signed_again"), it.key(),
                      QJsonObject(), {{QStringLiteral("outbox"), it.key()}});
        }
    });
}

// The running sync worker asks before every send: the write lock (BEGIN IMMEDIATE, the
// stroke writer's too) is taken only when a row is there to recover.
int Store::recoverInterruptedOutbox(const QDateTime &claimedBefore)
{
    // updated_at is ISO 8601 UTC with milliseconds (nowIso): ordered as text.
    const QString before = claimedBefore.isValid()
                               ? claimedBefore.toUTC().toString(Qt::ISODateWithMs)
                               : QStringLiteral("9999");
    const auto interrupted = [&] {
        QSqlQuery q = run(m_db,
                          QStringLiteral("SELECT uuid FROM outbox WHERE state = 'sending' AND "
                                         "updated_at < ?"),
                          {before}, Text::tr("lecture de la file d'envoi impossible"));
        QStringList uuids;
        while (q.next())
            uuids << q.value(0).toString();
        return uuids;
    };
    if (interrupted().isEmpty())
        return 0;
    int n = 0;
    transaction([&] { // read again under the lock: another process may have moved them
        const QStringList uuids = interrupted();
        for (const QString &uuid : uuids)
            updateOutbox(uuid, OutboxUpdate{OutboxState::Queued, false, {}, {}, {}});
        n = int(uuids.size());
    });
    return n;
}

QHash<OutboxState, int> Store::outboxCounts() const
{
    // A row withdrawn before HQ was offered it (emptied, never attempted: withdrawOutbox) is
    // not left to send: counted as none, so `sync --once` still exits 0 with nothing left.
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT state, count(*) FROM outbox WHERE NOT (state = "
                                     "'rejected' AND attempts = 0 AND length(payload) = 0) "
                                     "GROUP BY state"),
                      {}, Text::tr("lecture de la file d'envoi impossible"));
    QHash<OutboxState, int> out;
    while (q.next())
        if (const auto s = outboxStateFromString(q.value(0).toString()))
            out.insert(*s, q.value(1).toInt());
    return out;
}

} // namespace plume::store
