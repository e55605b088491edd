// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// HqDatabase: contacts leave headquarters only through the export, decrypted with the key
// file; exported contacts are purged after the retention period. Also the stored PV
// versions of a station, for the operator's page.
#include "hq/contactbox.h"
#include "hq/hqdb.h"
#include "hq/newfile.h"
#include "hq/text.h"
#include "sync/crypto.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
#include <QThread>

#include <sodium.h>

namespace plume::hq {
namespace {

// A batch's contacts, each with its station and batch number; a batch a contact was erased
// from (`contacts erase`) is no longer what its station signed: its contacts say when.
void appendContacts(QJsonArray &all, const QString &station, qint64 batch, QByteArray plain,
                    const QString &editedAt)
{
    const QJsonObject payload =
        QJsonDocument::fromJson(plain).object().value(QStringLiteral("payload")).toObject();
    sodium_memzero(plain.data(), size_t(plain.size()));
    for (const QJsonValue &c : payload.value(QStringLiteral("contacts")).toArray()) {
        QJsonObject contact{
            {QStringLiteral("station"), station},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("sheet"), c.toObject().value(QStringLiteral("sheet"))},
            {QStringLiteral("fields"), c.toObject().value(QStringLiteral("fields"))}};
        if (!editedAt.isEmpty())
            contact.insert(QStringLiteral("batch_edited_at"), editedAt);
        all.append(contact);
    }
}

} // namespace

QByteArray openSealedContacts(const QString &sealedB64, const HqKeys &keys)
{
    const auto box = sync::decodeBase64Strict(sealedB64.toLatin1());
    const auto plain = box ? openContactBox(*box, keys) : std::nullopt;
    if (!plain)
        throw HqError(HqText::tr("les contacts ne s'ouvrent pas avec ce fichier de clé : ce "
                                 "n'est pas la clé de ce siège, ou la base est abîmée"));
    return *plain;
}

void HqDatabase::requireOwnKeys(const HqKeys &keys) const
{
    if (keys.publicKey != publicKey() || keys.boxSecretKey.size() != crypto_box_SECRETKEYBYTES)
        throw HqError(HqText::tr("ce fichier de clé n'est pas celui de cette base (plume-hq keys "
                                 "show)"));
}

QString existingExportMessage(const QString &path)
{
    return HqText::tr("%1 existe déjà : plume-hq ne remplace jamais un export de contacts (il "
                      "peut être le seul à contenir ses fiches). Choisissez un autre nom ; rien "
                      "n'a été exporté.")
        .arg(path);
}

// What is read, written and marked exported is one write transaction: an erasure that came
// between the read and the mark (its own write transaction, waiting for this one) saw the
// boxes not exported yet and warned nobody, while the file held the voter (review of
// 2026-12-02). Now it waits and sees the export.
int HqDatabase::exportContacts(const QString &path, const HqKeys &keys)
{
    requireOwnKeys(keys);
    return inWriteTransaction([&] { return exportContactsLocked(path, keys); });
}

int HqDatabase::exportContactsLocked(const QString &path, const HqKeys &keys)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT uuid, station, batch, sealed, (SELECT max(erased_at) FROM "
                               "contact_erasures x WHERE x.uuid = contact_boxes.uuid) FROM "
                               "contact_boxes WHERE sealed IS NOT NULL ORDER BY station, batch") +
                (m_postgres ? QStringLiteral(" FOR SHARE") : QString())))
        throw HqError(QStringLiteral("cannot read contacts: ") + q.lastError().text());
    QJsonArray all;
    QVariantList uuids;
    while (q.next()) {
        appendContacts(all, q.value(1).toString(), q.value(2).toLongLong(),
                       openSealedContacts(q.value(3).toString(), keys), q.value(4).toString());
        uuids << q.value(0);
    }
    q.finish();
    QByteArray json = QJsonDocument(all).toJson(QJsonDocument::Indented);
    writeNewFile(path, json, existingExportMessage(path));
    sodium_memzero(json.data(), size_t(json.size()));
    QSqlQuery u(m_db);
    u.prepare(QStringLiteral("UPDATE contact_boxes SET exported_at = ? WHERE uuid = ? AND "
                             "exported_at IS NULL"));
    for (const QVariant &uuid : std::as_const(uuids)) {
        u.addBindValue(nowIso());
        u.addBindValue(uuid);
        if (!u.exec())
            throw HqError(QStringLiteral("cannot mark contacts exported: ") + u.lastError().text());
    }
    return int(all.size());
}

int HqDatabase::purgeExportedContacts(int days)
{
    const QString before =
        QDateTime::currentDateTimeUtc().addSecs(-qint64(days) * 86400).toString(Qt::ISODateWithMs);
    ensureConnected();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE contact_boxes SET sealed = NULL, purged_at = ? WHERE sealed "
                             "IS NOT NULL AND exported_at IS NOT NULL AND exported_at <= ?"));
    q.addBindValue(nowIso());
    q.addBindValue(before);
    if (!q.exec()) {
        noteFailure();
        throw HqError(QStringLiteral("cannot purge contacts: ") + q.lastError().text());
    }
    const int purged = q.numRowsAffected();
    if (purged > 0)
        truncateWal();
    return purged;
}

// SQLite: the purged boxes' old pages stay in the WAL until a checkpoint copies the zeroed
// pages (secure_delete) into the file; TRUNCATE then empties the WAL. Readers of a running
// `serve` can hold it back for a moment: tried a few times.
void HqDatabase::truncateWal()
{
    if (m_postgres)
        return;
    for (int attempt = 0; attempt < 20; ++attempt) {
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) && q.next() &&
            q.value(0).toInt() == 0)
            return;
        QThread::msleep(50);
    }
}

// Only the election's: another election's PV showed under this one's page (a review of
// 2026-12-02). Rows stored before schema 2 have no election: shown under any.
QVector<QJsonObject> HqDatabase::pvVersions(const QString &station, const QString &electionId)
{
    ensureConnected();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT signed FROM pv_submissions WHERE station = ?") +
              (electionId.isEmpty() ? QString()
                                    : QStringLiteral(" AND (election_id = ? OR election_id IS "
                                                     "NULL)")) +
              QStringLiteral(" ORDER BY version"));
    q.addBindValue(station);
    if (!electionId.isEmpty())
        q.addBindValue(electionId);
    if (!q.exec()) {
        noteFailure();
        throw HqError(QStringLiteral("cannot read PVs: ") + q.lastError().text());
    }
    QVector<QJsonObject> out;
    while (q.next())
        out.append(QJsonDocument::fromJson(q.value(0).toString().toUtf8())
                       .object()
                       .value(QStringLiteral("payload"))
                       .toObject());
    return out;
}

} // namespace plume::hq
