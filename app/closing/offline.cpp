// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "closing/offline.h"

#include "closing/exports.h"

#include "sync/crypto.h"
#include "sync/outbox.h"
#include "sync/receipt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sodium.h>

namespace plume::closing {
namespace {

struct OfflineText
{
    Q_DECLARE_TR_FUNCTIONS(OfflineText)
};

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The HTTP bodies (base64) of every item not yet delivered, their ids in *uuids; nullopt
// when one cannot be read or none is left. Strict reads: a locked store with pending
// contacts is an error, never an empty body.
std::optional<QJsonArray> pendingBodies(const store::Store &store, QStringList *uuids,
                                        QString *error)
{
    QJsonArray bodies;
    sync::Outbox outbox(const_cast<store::Store &>(store));
    for (const sync::OutboxItem &listed : outbox.list()) {
        if (listed.state == sync::kStateDelivered)
            continue;
        const auto it = outbox.item(listed.uuid);
        if (it && it->signedBytes.isEmpty() && listed.state == sync::kStateRejected)
            continue; // withdrawn (a voter's consent): emptied, nothing to deliver
        if (!it || it->signedBytes.isEmpty()) {
            failWith(error, OfflineText::tr("l'envoi %1 est illisible").arg(listed.uuid));
            return std::nullopt;
        }
        bodies.append(QString::fromLatin1(it->httpBody().toBase64()));
        *uuids << it->uuid;
    }
    if (uuids->isEmpty()) {
        failWith(error, OfflineText::tr("rien à livrer : chaque envoi a l'accusé de réception du "
                                        "siège"));
        return std::nullopt;
    }
    return bodies;
}

// inner sealed to HQ's X25519 key (crypto_box_seal), then wiped.
QByteArray sealTo(const QByteArray &key, QByteArray inner)
{
    QByteArray sealed(inner.size() + qsizetype(crypto_box_SEALBYTES), Qt::Uninitialized);
    crypto_box_seal(reinterpret_cast<unsigned char *>(sealed.data()),
                    reinterpret_cast<const unsigned char *>(inner.constData()),
                    static_cast<unsigned long long>(inner.size()),
                    reinterpret_cast<const unsigned char *>(key.constData()));
    sodium_memzero(inner.data(), size_t(inner.size()));
    return sealed;
}

// The file: the station's submissions, sealed to HQ (docs/offline.md).
QByteArray offlineFile(const QString &station, const QJsonArray &bodies, const QByteArray &key)
{
    QByteArray inner = QJsonDocument(QJsonObject{{QStringLiteral("format"), kOfflineInnerFormat},
                                                 {QStringLiteral("station"), station},
                                                 {QStringLiteral("bodies"), bodies}})
                           .toJson(QJsonDocument::Compact);
    const QByteArray sealed = sealTo(key, std::move(inner));
    const QJsonObject file{
        {QStringLiteral("format"), kOfflineFormat},
        {QStringLiteral("station"), station},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("count"), int(bodies.size())},
        {QStringLiteral("recipient"), QString::fromLatin1(key.toBase64())},
        {QStringLiteral("sealed"), QString::fromLatin1(sealed.toBase64())}};
    return QJsonDocument(file).toJson(QJsonDocument::Compact) + '\n';
}

// It holds contact data (encrypted to HQ): owner only, as the station file. Written to its
// temporary file here; in place only once f.commit() is called.
bool writeOwnerOnly(QSaveFile &f, const QByteArray &bytes, QString *error)
{
    if (const QString refusal = notAFileRefusal(f.fileName(), true); !refusal.isEmpty())
        return failWith(error, refusal);
    const bool opened = f.open(QIODevice::WriteOnly) &&
                        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!opened || f.write(bytes) != bytes.size())
        return failWith(
            error,
            OfflineText::tr("impossible d'écrire %1 : %2").arg(f.fileName(), f.errorString()));
    return true;
}

struct NotWritten
{
};

// In one store transaction (no withdrawal between): the items read, counted as offered, and
// the file written beside its place; it takes its place only after the count is committed,
// so a file that exists always has its items counted (a crash in between leaves items
// counted and no file, which only sends a withdrawal to HQ).
std::optional<OfflineExport> writeCounted(store::Store &store, QSaveFile &f,
                                          const QByteArray &hqKey, const QByteArray &key,
                                          QString *error)
{
    OfflineExport result;
    try {
        store.transaction([&] {
            const auto bodies = pendingBodies(store, &result.uuids, error);
            if (!bodies)
                throw NotWritten{};
            store.markOutboxExported(result.uuids, QStringLiteral("system"), hqKey);
            if (!writeOwnerOnly(f, offlineFile(store.election().stationCode, *bodies, key), error))
                throw NotWritten{};
        });
    } catch (const NotWritten &) {
        return std::nullopt;
    } catch (const store::StoreError &e) {
        failWith(error, e.message());
        return std::nullopt;
    }
    return result;
}

// The first key given is the station's from then on (trust on first use): a second export
// for another key is refused, and HQ's receipts carried back are checked against it.
bool recordFirstKey(store::Store &store, const QByteArray &hqKey, QString *error)
{
    try {
        sync::setHqPublicKey(store, hqKey);
        return true;
    } catch (const store::StoreError &e) {
        return failWith(error, e.message());
    }
}

} // namespace

std::optional<OfflineExport> exportOutbox(store::Store &store, const QString &path,
                                          const QByteArray &hqKey, QString *error)
{
    if (const QString refusal = stationFileRefusal(store, path); !refusal.isEmpty()) {
        failWith(error, refusal);
        return std::nullopt;
    }
    // A file edited outside Plume sends nothing, as `sync`: HQ's key rewritten with sqlite3
    // would encrypt the contacts for someone else.
    if (const store::CheckResult integrity = store.check(); !integrity.ok) {
        failWith(error, integrity.message);
        return std::nullopt;
    }
    sync::ensureSodium();
    // Whoever sets HQ's key decides where the contact sheets go (station set-hq, « Siège… »
    // with the passphrase): a key given here is recorded when none is yet, and refused when
    // another one is.
    const QByteArray recorded = sync::hqPublicKey(store);
    if (!hqKey.isEmpty() && !recorded.isEmpty() && hqKey != recorded) {
        failWith(error, OfflineText::tr("ce bureau a enregistré une autre clé du siège : le "
                                        "fichier ne peut être chiffré que pour elle (changez-la "
                                        "avec plumectl station set-hq --hq-key, ou n'indiquez "
                                        "pas de clé)"));
        return std::nullopt;
    }
    const auto key = sync::x25519PublicKey(hqKey.isEmpty() ? recorded : hqKey);
    if (key && recorded.isEmpty() && !recordFirstKey(store, hqKey, error))
        return std::nullopt;
    if (!key) {
        failWith(error, OfflineText::tr("la clé du siège n'est pas connue : enregistrez-la avec "
                                        "plumectl station set-hq --db FICHIER --hq URL --hq-key "
                                        "B64 (clé donnée par plume-hq keys show)"));
        return std::nullopt;
    }
    QSaveFile f(path);
    const auto result = writeCounted(store, f, hqKey.isEmpty() ? recorded : hqKey, *key, error);
    if (result && !f.commit()) {
        failWith(error, OfflineText::tr("impossible d'écrire %1 : %2 (ses envois comptent "
                                        "pourtant comme présentés au siège : un retrait de "
                                        "consentement passe par le siège)")
                            .arg(path, f.errorString()));
        return std::nullopt;
    }
    return result;
}

} // namespace plume::closing
