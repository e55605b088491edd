#include "sync/outbox.h"

#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>

namespace plume::sync {
namespace {

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        throw store::StoreError(QStringLiteral("outbox: ") + q.lastError().text());
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        throw store::StoreError(QStringLiteral("outbox: ") + q.lastError().text());
    return q;
}

const QString kColumns = QStringLiteral(
    "uuid, kind, version, payload, sha256, signature, state, attempts, next_attempt_at, "
    "last_error, receipt, created_at, updated_at");

// [closing/privacy] Contact payloads are encrypted at rest (docs/privacy.md). `strict`:
// throw when the store is locked (sending); else leave signedBytes empty (listing).
OutboxItem fromQuery(const QSqlQuery &q, const store::Store &store, bool strict = true)
{
    OutboxItem it;
    it.uuid = q.value(0).toString();
    it.kind = q.value(1).toString();
    it.version = q.value(2).toLongLong();
    it.signedBytes = q.value(3).toByteArray();
    if (store::Store::isSealedPersonal(it.signedBytes)) {
        if (strict || store.protection() != store::Store::Protection::Locked)
            it.signedBytes =
                store.openPersonal(it.signedBytes, QByteArrayLiteral("outbox.payload"));
        else
            it.signedBytes.clear();
    }
    it.sha256 = q.value(4).toString();
    it.signature = q.value(5).toString();
    it.state = q.value(6).toString();
    it.attempts = q.value(7).toInt();
    it.nextAttemptAt = fromIso(q.value(8));
    it.lastError = q.value(9).toString();
    it.receipt = q.value(10).toString();
    it.createdAt = fromIso(q.value(11));
    it.updatedAt = fromIso(q.value(12));
    return it;
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
    const QString now = nowIso();
    run(m_store.database(),
        QStringLiteral("INSERT INTO outbox (uuid, kind, version, payload, sha256, signature, "
                       "state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                       "'queued', 0, ?, ?)"),
        {s.uuid, s.kind, s.version,
         s.kind == kKindContacts // [closing/privacy] encrypted at rest
             ? m_store.sealPersonal(s.signedBytes, QByteArrayLiteral("outbox.payload"))
             : s.signedBytes,
         s.sha256, s.signature, now, now});
}

QVector<OutboxItem> Outbox::list() const
{
    QSqlQuery q = run(m_store.database(), QStringLiteral("SELECT ") + kColumns +
                                              QStringLiteral(" FROM outbox ORDER BY rowid"));
    QVector<OutboxItem> out;
    while (q.next())
        out.append(fromQuery(q, m_store, false));
    return out;
}

std::optional<OutboxItem> Outbox::item(const QString &uuid) const
{
    QSqlQuery q =
        run(m_store.database(),
            QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM outbox WHERE uuid = ?"),
            {uuid});
    if (!q.next())
        return std::nullopt;
    return fromQuery(q, m_store);
}

QVector<OutboxItem> Outbox::due(const QDateTime &now) const
{
    QSqlQuery q =
        now.isValid()
            ? run(m_store.database(),
                  QStringLiteral("SELECT ") + kColumns +
                      QStringLiteral(" FROM outbox WHERE state = 'queued' AND "
                                     "(next_attempt_at IS NULL OR next_attempt_at "
                                     "<= ?) ORDER BY rowid"),
                  {now.toUTC().toString(Qt::ISODateWithMs)})
            : run(m_store.database(), QStringLiteral("SELECT ") + kColumns +
                                          QStringLiteral(" FROM outbox WHERE state = 'queued' "
                                                         "ORDER BY rowid"));
    QVector<OutboxItem> out;
    while (q.next())
        out.append(fromQuery(q, m_store));
    return out;
}

std::optional<QDateTime> Outbox::nextDue() const
{
    QSqlQuery q = run(m_store.database(),
                      QStringLiteral("SELECT count(*), min(coalesce(next_attempt_at, '')) FROM "
                                     "outbox WHERE state = 'queued'"));
    if (!q.next() || q.value(0).toInt() == 0)
        return std::nullopt;
    const QString s = q.value(1).toString();
    return s.isEmpty() ? QDateTime::currentDateTimeUtc()
                       : QDateTime::fromString(s, Qt::ISODateWithMs);
}

qint64 Outbox::maxVersion(const QString &kind) const
{
    QSqlQuery q =
        run(m_store.database(),
            QStringLiteral("SELECT coalesce(max(version), 0) FROM outbox WHERE kind = ?"), {kind});
    return q.next() ? q.value(0).toLongLong() : 0;
}

void Outbox::setState(const QString &uuid, const QString &state, const QString &sql,
                      const QVariantList &binds)
{
    QVariantList all{state};
    all += binds;
    all << nowIso() << uuid;
    QSqlQuery q = run(m_store.database(),
                      QStringLiteral("UPDATE outbox SET state = ?") + sql +
                          QStringLiteral(", updated_at = ? WHERE uuid = ?"),
                      all);
    if (q.numRowsAffected() != 1)
        throw store::StoreError(QStringLiteral("outbox: no item %1").arg(uuid));
}

void Outbox::markSending(const QString &uuid)
{
    setState(uuid, kStateSending, QStringLiteral(", attempts = attempts + 1"), {});
}

void Outbox::markDelivered(const QString &uuid, const QString &receiptJson)
{
    setState(uuid, kStateDelivered,
             QStringLiteral(", receipt = ?, last_error = '', next_attempt_at = NULL"),
             {receiptJson});
    // [closing/privacy] HQ has the contacts: purge them from the station (never fails the
    // delivery; `plumectl contacts purge` catches up).
    try {
        m_store.purgeDeliveredContacts(QStringLiteral("sync"));
    } catch (const store::StoreError &) {
    }
}

void Outbox::markRetry(const QString &uuid, const QString &error, const QDateTime &next)
{
    setState(uuid, kStateQueued, QStringLiteral(", last_error = ?, next_attempt_at = ?"),
             {error, next.toUTC().toString(Qt::ISODateWithMs)});
}

void Outbox::markRejected(const QString &uuid, const QString &reason)
{
    setState(uuid, kStateRejected, QStringLiteral(", last_error = ?, next_attempt_at = NULL"),
             {reason});
}

void Outbox::requeue(const QString &uuid)
{
    setState(uuid, kStateQueued, QStringLiteral(", next_attempt_at = NULL"), {});
}

int Outbox::recoverInterrupted()
{
    QSqlQuery q = run(m_store.database(),
                      QStringLiteral("UPDATE outbox SET state = 'queued', updated_at = ? WHERE "
                                     "state = 'sending'"),
                      {nowIso()});
    return q.numRowsAffected();
}

Outbox::Counts Outbox::counts() const
{
    QSqlQuery q = run(m_store.database(),
                      QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state"));
    Counts c;
    while (q.next()) {
        const QString s = q.value(0).toString();
        const int n = q.value(1).toInt();
        if (s == kStateQueued)
            c.queued = n;
        else if (s == kStateSending)
            c.sending = n;
        else if (s == kStateDelivered)
            c.delivered = n;
        else if (s == kStateRejected)
            c.rejected = n;
    }
    return c;
}

} // namespace plume::sync
