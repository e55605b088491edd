// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Internal to app/store: the small SQL helpers every store source file uses.
#pragma once

#include "store/store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace plume::store::sql {

// The store's human messages, in French (source language), translation context "Store".
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Store)
};

inline QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

inline QDateTime fromIso(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs);
}

// what: the operation that failed, translated; the database's own error follows.
// A full disk and a file this process may not write are said in words, SQLite's own after
// them (a review saw « database or disk is full » and « attempt to write a readonly
// database » alone).
// So is a file another program kept busy past the busy timeout (« database is locked »).
[[noreturn]] inline void throwSql(const QString &what, const QSqlError &error)
{
    const int primary = error.nativeErrorCode().toInt() & 0xff;
    constexpr int kSqliteBusy = 5, kSqliteLocked = 6, kSqliteReadOnly = 8, kSqliteFull = 13;
    if (primary == kSqliteBusy || primary == kSqliteLocked)
        throw StoreError(Text::tr("%1 : un autre programme (la fenêtre Plume, un autre "
                                  "plumectl) écrit dans le fichier de bureau depuis plus de "
                                  "5 secondes ; rien de cette opération n'est enregistré. "
                                  "Recommencez dans un moment. (%2)")
                             .arg(what, error.text()));
    if (primary == kSqliteFull)
        throw StoreError(Text::tr("%1 : le disque du fichier de bureau est plein ; rien de "
                                  "cette opération n'est enregistré. Libérez de la place sur "
                                  "ce disque puis recommencez. (%2)")
                             .arg(what, error.text()));
    if (primary == kSqliteReadOnly)
        throw StoreError(Text::tr("%1 : ce compte ne peut pas écrire le fichier de bureau ou "
                                  "son journal (-wal, -shm), en lecture seule ou à un autre "
                                  "compte ; rien n'est enregistré. Ouvrez-le avec le compte "
                                  "qui l'a créé. (%2)")
                             .arg(what, error.text()));
    throw StoreError(Text::tr("%1 : %2").arg(what, error.text()));
}

inline QSqlQuery prepare(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        throwSql(Text::tr("préparation de la requête impossible"), q.lastError());
    return q;
}

inline void exec(QSqlQuery &q, const QString &what)
{
    if (!q.exec())
        throwSql(what, q.lastError());
}

// Binds every placeholder of a prepared statement, in order (a cached statement keeps the
// values of its last run until they are replaced).
inline void bindAll(QSqlQuery &q, const QVariantList &binds)
{
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
}

// A cached statement (Store::cached) reset when the scope ends, read or not: its read lock
// released, ready for its next run.
class Reset
{
public:
    explicit Reset(QSqlQuery &q) : m_q(q) {}
    ~Reset() { m_q.finish(); }
    Reset(const Reset &) = delete;
    Reset &operator=(const Reset &) = delete;

private:
    QSqlQuery &m_q;
};

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
        throwSql(Text::tr("exécution de « %1 » impossible").arg(sql.left(60)), q.lastError());
}

inline QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// SHA-256 (hex) of the compact JSON of the current row, every column, keys sorted, blobs
// as "b64:…" (docs/store.md): what the audit and the ink chain record of a row.
QString recordDigest(const QSqlQuery &q);

// A check that found the file edited behind Plume's back: what, then what to do.
CheckResult tampered(const QString &what);

// A write refused while the file is locked (an audit entry, a chain link): what to give.
QString lockedWrite();

// A null QString binds as SQL NULL: text columns that are NOT NULL get "" instead.
inline QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// A personal value in a text column: sealed with the data key ("plume-enc1:" + base64),
// context bound to it; openText returns a value stored in clear as is (store.cpp).
QString sealText(const Store &s, const QString &plain, const QByteArray &context);
QString openText(const Store &s, const QString &stored, const QByteArray &context);
// Whether a text column holds a sealed value (not one in clear, nor the prefix alone).
bool isSealedText(const QString &stored);

// libsodium helpers (privacy.cpp): random bytes, and zeroing a secret before it is freed.
void randomBytes(QByteArray &out);
void wipe(QByteArray &secret);

} // namespace plume::store::sql
