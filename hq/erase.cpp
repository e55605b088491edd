// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// HqDatabase: a voter who withdraws consent after their batch reached headquarters is erased
// here (`plume-hq contacts erase`, docs/hq.md#erase). The boxes that may hold them are found
// first, without a transaction (opening every box takes a while: a running `serve` keeps
// storing meanwhile); then, in one transaction, each is read again (FOR UPDATE on
// PostgreSQL, BEGIN IMMEDIATE on SQLite), opened, re-sealed without the voter (emptied as a
// purge empties it when nobody is left), its station signature dropped, and an audit row
// written without a name or an e-mail. The receipt stays: the same batch sent again is a
// duplicate (200), never stored again, so the voter does not come back.
#include "hq/contactbox.h"
#include "hq/hqdb.h"
#include "hq/text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

#include <sodium.h>

#include <algorithm>

namespace plume::hq {
namespace {

QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    return runSql(db, sql, binds, QStringLiteral("cannot erase the contact"));
}

bool isTheVoter(const QJsonObject &contact, const QString &station, const ContactSelector &who)
{
    if (!who.email.isEmpty()) {
        const QString email = contact.value(QStringLiteral("fields"))
                                  .toObject()
                                  .value(QStringLiteral("email"))
                                  .toString()
                                  .trimmed();
        return !email.isEmpty() && email.compare(who.email.trimmed(), Qt::CaseInsensitive) == 0;
    }
    const qint64 sheet = contactSheetNumber(contact.value(QStringLiteral("sheet")).toString());
    return station == who.station && sheet >= 0 && sheet == contactSheetNumber(who.sheet);
}

// The signed document a box holds; its clear bytes wiped once parsed.
QJsonObject readBox(const QString &sealed, const HqKeys &keys)
{
    QByteArray plain = openSealedContacts(sealed, keys);
    const QJsonObject document = QJsonDocument::fromJson(plain).object();
    sodium_memzero(plain.data(), size_t(plain.size()));
    return document;
}

QJsonArray contactsOf(const QJsonObject &document)
{
    return document.value(QStringLiteral("payload"))
        .toObject()
        .value(QStringLiteral("contacts"))
        .toArray();
}

// The reason as the erasure log keeps it: spaces tidied, never NULL.
QString loggedReason(const QString &reason)
{
    const QString why = reason.simplified();
    return why.isEmpty() ? QStringLiteral("") : why;
}

// The document without the erased contacts, sealed again to HQ's key (base64).
QString resealed(QJsonObject document, const QJsonArray &kept, const ContactSealer &sealer)
{
    QJsonObject payload = document.value(QStringLiteral("payload")).toObject();
    payload.insert(QStringLiteral("contacts"), kept);
    document.insert(QStringLiteral("payload"), payload);
    QByteArray plain = QJsonDocument(document).toJson(QJsonDocument::Compact);
    const QByteArray box = sealer.seal(plain);
    sodium_memzero(plain.data(), size_t(plain.size()));
    if (box.isEmpty())
        throw HqError(QStringLiteral("cannot seal the contacts to HQ's key"));
    return QString::fromLatin1(box.toBase64());
}

// A box's contacts that stay, and the sheets of those erased.
struct Split
{
    QJsonArray kept;
    QStringList sheets;
};

Split splitOut(const QJsonObject &document, const QString &station, const ContactSelector &who,
               const QString &reason)
{
    Split out;
    for (const QJsonValue &c : contactsOf(document)) {
        if (!isTheVoter(c.toObject(), station, who)) {
            out.kept.append(c);
            continue;
        }
        if (namesTheContact(reason, c.toObject()))
            throw HqError(HqText::tr("--reason ne doit nommer ni la personne ni ses coordonnées : "
                                     "le journal des effacements n'en garde aucune. Rien n'a été "
                                     "effacé."));
        out.sheets << c.toObject().value(QStringLiteral("sheet")).toString();
    }
    return out;
}

} // namespace

ContactErasure HqDatabase::eraseContacts(const ContactSelector &who, const QString &reason,
                                         const HqKeys &keys)
{
    requireOwnKeys(keys);
    const QString why = loggedReason(reason);
    if (why.size() > kMaxErasureReason)
        throw HqError(HqText::tr("--reason : %1 caractères au plus").arg(kMaxErasureReason));
    ensureConnected();
    ContactErasure e;
    e.erasedAt = nowIso();
    purgedBatchesOf(who, e);
    const QStringList uuids = erasureCandidates(who, keys);
    if (uuids.isEmpty())
        return e;
    const ContactSealer sealer(keys.boxPublicKey);
    inWriteTransaction([&] {
        for (const QString &uuid : uuids)
            eraseFromBox(uuid, who, why, sealer, keys, e);
    });
    truncateWal(); // no WAL frame keeps the old boxes (secure_delete zeroed them in the file)
    return e;
}

bool HqDatabase::recordPendingErasure(const ContactSelector &who, const QString &reason)
{
    ensureConnected();
    beginWrite();
    try {
        // PostgreSQL: an ingest holds its stations FOR SHARE until its commit, so the batch
        // is either stored before this reads the receipts, or its ingest reads this row.
        // SQLite: BEGIN IMMEDIATE already serialises both.
        if (m_postgres)
            run(m_db, QStringLiteral("SELECT code FROM stations WHERE code = ? FOR UPDATE"),
                {who.station});
        QSqlQuery received = run(m_db,
                                 QStringLiteral("SELECT 1 FROM receipts WHERE station = ? AND "
                                                "kind = 'contacts' AND version = ?"),
                                 {who.station, who.batch});
        const bool arrived = received.next();
        received.finish();
        if (arrived) {
            m_db.rollback();
            return false;
        }
        run(m_db, // asked again: the first request (and its time) stands
            QStringLiteral("INSERT INTO contact_erasures_pending (station, batch, sheet, reason, "
                           "requested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
            {who.station, who.batch, contactSheetNumber(who.sheet), loggedReason(reason),
             nowIso()});
        if (!m_db.commit())
            throw HqError(QStringLiteral("cannot commit: ") + m_db.lastError().text());
    } catch (...) {
        m_db.rollback();
        throw;
    }
    return true;
}

std::optional<QString> HqDatabase::erasedOnArrival(const ContactSelector &who)
{
    ensureConnected();
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT applied_at FROM contact_erasures_pending WHERE "
                                     "station = ? AND batch = ? AND sheet = ? AND applied_at IS "
                                     "NOT NULL"),
                      {who.station, who.batch, contactSheetNumber(who.sheet)});
    return q.next() ? std::optional(q.value(0).toString()) : std::nullopt;
}

// Where a sheet is looked for: the station's boxes, of the batch named if one is (a sheet
// sent again in a later batch, or a station file replaced whose numbers started again, has
// the same number in another batch: that voter is not the one asked for).
static QString sheetScope(const ContactSelector &who, QVariantList *binds)
{
    if (!who.email.isEmpty())
        return {};
    *binds << who.station;
    if (who.batch <= 0)
        return QStringLiteral(" AND station = ?");
    *binds << who.batch;
    return QStringLiteral(" AND station = ? AND batch = ?");
}

QVector<PendingErasure> HqDatabase::pendingErasures()
{
    ensureConnected();
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT station, sheet, batch, requested_at FROM "
                                     "contact_erasures_pending WHERE applied_at IS NULL ORDER BY "
                                     "requested_at, station, batch, sheet"),
                      {});
    QVector<PendingErasure> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                    q.value(3).toString()});
    return out;
}

// The boxes still sealed that hold the voter (the station's only, for a sheet).
QStringList HqDatabase::erasureCandidates(const ContactSelector &who, const HqKeys &keys)
{
    QVariantList binds;
    const QString scope = sheetScope(who, &binds);
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT uuid, station, sealed FROM contact_boxes WHERE "
                                     "sealed IS NOT NULL") +
                          scope,
                      binds);
    QStringList uuids;
    while (q.next()) {
        const QString station = q.value(1).toString();
        const QJsonArray contacts = contactsOf(readBox(q.value(2).toString(), keys));
        if (std::any_of(contacts.begin(), contacts.end(), [&](const QJsonValue &c) {
                return isTheVoter(c.toObject(), station, who);
            }))
            uuids << q.value(0).toString();
    }
    return uuids;
}

// Batches purged after their export (not those an erasure emptied): nobody can search them
// any more; only their exports hold their contacts.
void HqDatabase::purgedBatchesOf(const ContactSelector &who, ContactErasure &e)
{
    QVariantList binds;
    const QString scope = sheetScope(who, &binds);
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT count(*), min(exported_at) FROM contact_boxes b "
                                     "WHERE sealed IS NULL AND NOT EXISTS (SELECT 1 FROM "
                                     "contact_erasures x WHERE x.uuid = b.uuid AND x.erased_at = "
                                     "b.purged_at)") +
                          scope,
                      binds);
    if (q.next()) {
        e.purgedBatches = q.value(0).toLongLong();
        e.firstPurgedExport = q.value(1).toString();
    }
}

void HqDatabase::eraseFromBox(const QString &uuid, const ContactSelector &who,
                              const QString &reason, const ContactSealer &sealer,
                              const HqKeys &keys, ContactErasure &e)
{
    QSqlQuery q =
        run(m_db,
            QStringLiteral("SELECT station, batch, sealed, exported_at FROM contact_boxes "
                           "WHERE uuid = ? AND sealed IS NOT NULL") +
                (m_postgres ? QStringLiteral(" FOR UPDATE") : QString()),
            {uuid});
    if (!q.next()) // purged meanwhile
        return;
    const ErasedContact box{q.value(0).toString(), QString(), q.value(1).toLongLong(),
                            q.value(3).toString(), false};
    const QJsonObject document = readBox(q.value(2).toString(), keys);
    q.finish();
    const auto [kept, sheets] = splitOut(document, box.station, who, reason);
    if (sheets.isEmpty())
        return;
    if (kept.isEmpty())
        run(m_db,
            QStringLiteral("UPDATE contact_boxes SET sealed = NULL, signature = '', purged_at = ? "
                           "WHERE uuid = ?"),
            {e.erasedAt, uuid});
    else
        run(m_db,
            QStringLiteral("UPDATE contact_boxes SET sealed = ?, signature = '' WHERE uuid = ?"),
            {resealed(document, kept, sealer), uuid});
    for (const QString &sheet : std::as_const(sheets)) {
        run(m_db,
            QStringLiteral("INSERT INTO contact_erasures (uuid, station, sheet, batch, erased_at, "
                           "reason, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {uuid, box.station, sheet, box.batch, e.erasedAt, reason,
             box.exportedAt.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : box.exportedAt});
        e.erased.append({box.station, sheet, box.batch, box.exportedAt, kept.isEmpty()});
    }
}

} // namespace plume::hq
