// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/import.h"

#include "hq/hqserver.h"
#include "hq/text.h"
#include "sync/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace plume::hq {
namespace {

const QString kOfflineFormat = QStringLiteral("plume.offline/1");
const QString kOfflineInnerFormat = QStringLiteral("plume.offline.inner/1");

std::optional<QVector<ImportItem>> failWith(QString *error, const QString &m)
{
    if (error)
        *error = m;
    return std::nullopt;
}

// The inner document of the sealed box, or nullopt (*error) when it does not open.
std::optional<QJsonObject> openFile(const QByteArray &file, const HqKeys &keys, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(file, &pe);
    const QJsonObject o = doc.object();
    if (pe.error != QJsonParseError::NoError ||
        o.value(QStringLiteral("format")).toString() != kOfflineFormat) {
        failWith(error,
                 HqText::tr("ce n'est pas un fichier hors ligne Plume (%1)").arg(kOfflineFormat));
        return std::nullopt;
    }
    const auto recipient =
        sync::decodeBase64Strict(o.value(QStringLiteral("recipient")).toString().toLatin1());
    if (!recipient || *recipient != keys.boxPublicKey) {
        failWith(error, HqText::tr("ce fichier a été chiffré pour la clé d'un autre siège"));
        return std::nullopt;
    }
    const auto sealed =
        sync::decodeBase64Strict(o.value(QStringLiteral("sealed")).toString().toLatin1());
    QByteArray inner(std::max<qsizetype>(0, sealed ? sealed->size() - crypto_box_SEALBYTES : 0),
                     Qt::Uninitialized);
    if (!sealed || sealed->size() < qsizetype(crypto_box_SEALBYTES) ||
        crypto_box_seal_open(
            reinterpret_cast<unsigned char *>(inner.data()),
            reinterpret_cast<const unsigned char *>(sealed->constData()),
            static_cast<unsigned long long>(sealed->size()),
            reinterpret_cast<const unsigned char *>(keys.boxPublicKey.constData()),
            reinterpret_cast<const unsigned char *>(keys.boxSecretKey.constData())) != 0) {
        failWith(error, HqText::tr("le fichier ne se déchiffre pas : abîmé ou pas pour cette clé"));
        return std::nullopt;
    }
    const QJsonObject in = QJsonDocument::fromJson(inner).object();
    sodium_memzero(inner.data(), size_t(inner.size()));
    if (in.value(QStringLiteral("format")).toString() != kOfflineInnerFormat ||
        !in.value(QStringLiteral("bodies")).isArray()) {
        failWith(error, HqText::tr("le contenu déchiffré n'est pas une liste d'envois"));
        return std::nullopt;
    }
    return in;
}

ImportItem importBody(HqDatabase &db, const QJsonValue &v, const HqKeys &keys, qint64 maxBody)
{
    ImportItem item;
    const auto body = sync::decodeBase64Strict(v.toString().toLatin1());
    if (!body || body->size() > maxBody) {
        item.status = body ? 413 : 400;
        item.detail = body ? HqText::tr("envoi de plus de %1 octets").arg(maxBody)
                           : HqText::tr("un envoi n'est pas en base64");
        return item;
    }
    // The same checks, in the same order, as POST /api/v1/submissions.
    const CheckedSubmission c = checkSubmission(db, *body);
    item.uuid = c.uuid;
    if (c.refusal) {
        item.status = c.refusal->status;
        item.detail = c.refusal->rule + QStringLiteral(": ") + c.refusal->message;
        return item;
    }
    const IngestResult r = db.ingestBatch({*c.accepted}, keys).constFirst();
    item.status = r.status;
    const QJsonObject ro = QJsonDocument::fromJson(r.body).object();
    item.detail = ro.contains(QStringLiteral("receipt"))
                      ? ro.value(QStringLiteral("receipt")).toString()
                      : ro.value(QStringLiteral("rule")).toString() + QStringLiteral(": ") +
                            ro.value(QStringLiteral("error")).toString();
    return item;
}

} // namespace

std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const HqKeys &keys, qint64 maxBodyBytes,
                                                     QString *error)
{
    sync::ensureSodium();
    const auto in = openFile(file, keys, error);
    if (!in)
        return std::nullopt;
    QVector<ImportItem> items;
    for (const QJsonValue &v : in->value(QStringLiteral("bodies")).toArray())
        items.append(importBody(db, v, keys, maxBodyBytes));
    return items;
}

} // namespace plume::hq
