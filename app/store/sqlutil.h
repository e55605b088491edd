// Internal to app/store: the small SQL helpers every store source file uses.
#pragma once

#include "store/store.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace plume::store::sql {

inline QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

inline QDateTime fromIso(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs);
}

[[noreturn]] inline void throwSql(const QString &what, const QSqlError &error)
{
    throw StoreError(QStringLiteral("%1: %2").arg(what, error.text()));
}

inline QSqlQuery prepare(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        throwSql(QStringLiteral("cannot prepare query"), q.lastError());
    return q;
}

inline void exec(QSqlQuery &q, const QString &what)
{
    if (!q.exec())
        throwSql(what, q.lastError());
}

// Prepares, binds and runs in one go.
inline QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
                     const QString &what)
{
    QSqlQuery q = prepare(db, sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    exec(q, what);
    return q;
}

inline void execSql(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        throwSql(QStringLiteral("cannot run '%1'").arg(sql.left(60)), q.lastError());
}

inline QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A null QString binds as SQL NULL: text columns that are NOT NULL get "" instead.
inline QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// libsodium helpers (privacy.cpp): random bytes, and zeroing a secret before it is freed.
void randomBytes(QByteArray &out);
void wipe(QByteArray &secret);

} // namespace plume::store::sql
