// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Test stations without paying Argon2id for each one: a protected station is created once
// per election and per test process (one derivation, MODERATE limits as in production) and
// copied; every copy opens already unlocked (the key ring knows its wrapped key).
#pragma once

#include "store/store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace plume::teststation {

// The passphrase of every test station (accepted by store::checkPassphrase).
inline const QString kPassphrase = QStringLiteral("cheval lampe nuage vingt-deux");

// The demo PV as written on paper (resources/demo, tools/demo/make_demo_ink.py):
// consistent, every rule holds.
inline QHash<QString, QString> demoPv()
{
    return {{QStringLiteral("code_bureau"), QStringLiteral("75056-0042")},
            {QStringLiteral("inscrits"), QStringLiteral("1250")},
            {QStringLiteral("votants"), QStringLiteral("872")},
            {QStringLiteral("enveloppes"), QStringLiteral("872")},
            {QStringLiteral("blancs"), QStringLiteral("12")},
            {QStringLiteral("nuls"), QStringLiteral("7")},
            {QStringLiteral("exprimes"), QStringLiteral("853")},
            {QStringLiteral("voix.aubert"), QStringLiteral("312")},
            {QStringLiteral("voix.benali"), QStringLiteral("270")},
            {QStringLiteral("voix.dufour"), QStringLiteral("158")},
            {QStringLiteral("voix.morel"), QStringLiteral("113")}};
}

// prepare: run once on the template (e.g. create the station's keys).
inline std::unique_ptr<store::Store>
copyOfTemplate(const QString &path, const store::ElectionConfig &election,
               const std::function<void(store::Store &)> &prepare = {})
{
    static QTemporaryDir dir;
    static QHash<QByteArray, QString> templates;
    const QByteArray key = QJsonDocument(election.toJson()).toJson(QJsonDocument::Compact) +
                           QByteArray(prepare ? "+prepared" : "");
    const QByteArray id = QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
    if (!templates.contains(id)) {
        const QString t = dir.filePath(QString::fromLatin1(id.left(16)) + QStringLiteral(".plume"));
        {
            auto s = store::Store::create(t, election, kPassphrase);
            if (prepare)
                prepare(*s);
        }
        templates.insert(id, t);
    }
    if (!QFile::copy(templates.value(id), path))
        qFatal("cannot copy the template station to %s", qPrintable(path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto s = store::Store::open(path);
    if (s->protection() == store::Store::Protection::Locked)
        s->unlock(kPassphrase); // a test locked a copy (copies share the template's key)
    return s;
}

} // namespace plume::teststation

#include "store/sqlutil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace plume::teststation {

// A connection of our own to a station file, as an attacker with sqlite3 would have one.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("cannot open %s", qPrintable(path));
    }
    ~RawDb() { QSqlDatabase::removeDatabase(m_name); }
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QSqlQuery query() const { return QSqlQuery(db()); }
    bool exec(const QString &sql) const { return QSqlQuery(db()).exec(sql); }

private:
    QString m_name;
};

// The audit references an insider computes for every row of `table` as it now is
// (docs/store.md, "Everything under the chain").
inline QJsonArray forgedRowRefs(const RawDb &raw, const QString &table, const QString &keyColumn)
{
    QJsonArray refs;
    QSqlQuery q = raw.query();
    if (!q.exec(QStringLiteral("SELECT * FROM %1").arg(table)))
        qFatal("cannot read %s", qPrintable(table));
    while (q.next())
        refs.append(QJsonObject{{QStringLiteral("t"), table},
                                {QStringLiteral("k"), q.value(keyColumn).toString()},
                                {QStringLiteral("h"), store::sql::recordDigest(q)}});
    return refs;
}

// What an insider with sqlite3 and without the passphrase appends: one entry chained to
// the last, carrying `rows`, with a MAC keyed with `macKey` (his own) or none.
inline bool appendForgedAuditEntry(const RawDb &raw, const QJsonArray &rows,
                                   const QByteArray &macKey = {})
{
    QSqlQuery last = raw.query();
    if (!last.exec(QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC")) ||
        !last.next())
        return false;
    store::AuditEntry e;
    e.id = last.value(0).toLongLong() + 1;
    e.prevHash = last.value(1).toString();
    last.finish();
    e.at = QDateTime::fromString(store::sql::nowIso(), Qt::ISODateWithMs);
    e.actor = QStringLiteral("Marie LEROY");
    e.action = QStringLiteral("setting");
    e.subject = QStringLiteral("station");
    e.detail = QJsonObject{{QStringLiteral("rows"), rows}};
    e.hash = store::Store::auditHash(e.prevHash, e);
    QSqlQuery ins = raw.query();
    ins.prepare(QStringLiteral("INSERT INTO audit_log (id, at, actor, action, subject, detail, "
                               "prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v :
         QVariantList{e.id, e.at.toUTC().toString(Qt::ISODateWithMs), e.actor, e.action, e.subject,
                      store::sql::compactJson(e.detail), e.prevHash, e.hash,
                      macKey.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray))
                                       : QVariant(store::Store::auditMac(macKey, e.hash))})
        ins.addBindValue(v);
    return ins.exec();
}

} // namespace plume::teststation
