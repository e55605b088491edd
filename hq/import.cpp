// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/import.h"

#include "hq/hqserver.h"
#include "hq/http.h"
#include "hq/text.h"
#include "store/election.h"
#include "sync/crypto.h"
#include "sync/jsonoutline.h"
#include "sync/submission.h"

#include <QFile>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace plume::hq {
namespace {

const QString kOfflineFormat = QStringLiteral("plume.offline/1");
const QString kOfflineInnerFormat = QStringLiteral("plume.offline.inner/1");
const QString kStation = QStringLiteral("station");

std::optional<QVector<ImportItem>> failWith(QString *error, const QString &m)
{
    if (error)
        *error = m;
    return std::nullopt;
}

// The JSON object of `text`, or nullopt (*why) when it is larger than maxBytes, beyond the HTTP
// body's shape (outlined before parsing: depth, arrays and objects, values) or not JSON.
std::optional<QJsonObject> boundedObject(const QByteArray &text, qint64 maxBytes, QString *why)
{
    if (text.size() > maxBytes) {
        *why = HqText::tr("plus de %1 octets").arg(maxBytes);
        return std::nullopt;
    }
    if (!sync::withinSubmissionLimits(sync::outlineJson(text), why))
        return std::nullopt;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *why = pe.error != QJsonParseError::NoError ? pe.errorString()
                                                    : HqText::tr("pas un objet JSON");
        return std::nullopt;
    }
    return doc.object();
}

// The sealed box of the file, opened: the decrypted text (wiped by the caller).
std::optional<QByteArray> openBox(const QJsonObject &o, const HqKeys &keys, QString *error)
{
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
    return inner;
}

// The inner document of the sealed box, or nullopt (*error) when it does not open. The file
// and the decrypted text get the HTTP body's limits before either is parsed.
std::optional<QJsonObject> openFile(const QByteArray &file, const HqKeys &keys, qint64 maxBody,
                                    QString *error)
{
    QString why;
    const auto o = boundedObject(file, maxOfflineFileBytes(maxBody), &why);
    if (!o || o->value(QStringLiteral("format")).toString() != kOfflineFormat) {
        const QString notOurs =
            HqText::tr("ce n'est pas un fichier hors ligne Plume (%1)").arg(kOfflineFormat);
        failWith(error, why.isEmpty() ? notOurs : notOurs + QStringLiteral(" : ") + why);
        return std::nullopt;
    }
    auto inner = openBox(*o, keys, error);
    if (!inner)
        return std::nullopt;
    const auto in = boundedObject(*inner, maxOfflineContentBytes(maxBody), &why);
    sodium_memzero(inner->data(), size_t(inner->size()));
    if (!in || in->value(QStringLiteral("format")).toString() != kOfflineInnerFormat ||
        !in->value(QStringLiteral("bodies")).isArray()) {
        const QString notList = HqText::tr("le contenu déchiffré n'est pas une liste d'envois");
        failWith(error, why.isEmpty() ? notList : notList + QStringLiteral(" : ") + why);
        return std::nullopt;
    }
    const QString outside = o->value(kStation).toString(), inside = in->value(kStation).toString();
    // Anyone with HQ's public key can seal a box: neither name is quoted unless it is a
    // station code (terminal escapes would reach the operator's screen).
    if (!store::isStationCode(outside, store::ElectionSource::Stored) ||
        !store::isStationCode(inside, store::ElectionSource::Stored)) {
        failWith(error, HqText::tr("le bureau que nomme le fichier n'est pas un code de bureau "
                                   "(1 à 32 lettres, chiffres ou « - ») : refusé, rien n'est "
                                   "enregistré"));
        return std::nullopt;
    }
    if (outside != inside) { // the clear part was edited: the box does not cover it
        failWith(error, HqText::tr("le fichier se dit du bureau « %1 », son contenu chiffré du "
                                   "bureau « %2 » : refusé, rien n'est enregistré")
                            .arg(outside, inside));
        return std::nullopt;
    }
    return in;
}

// "" when every body that parses is signed for the file's station; else why the file is
// refused. A station's file never carries another's submissions: a file that does was put
// together or altered by someone else, and would show its station's name to the operator
// over others' reports. Bodies that do not parse are left to their own refusal (400).
QString stationRefusal(const QJsonObject &in, qint64 maxBody)
{
    const QString station = in.value(kStation).toString();
    for (const QJsonValue &v : in.value(QStringLiteral("bodies")).toArray()) {
        const auto body = sync::decodeBase64Strict(v.toString().toLatin1());
        const auto s = body && body->size() <= maxBody ? sync::parseSubmission(*body)
                                                       : std::optional<sync::Submission>();
        if (s && s->station != station)
            return HqText::tr("le fichier se dit du bureau « %1 » mais porte un envoi signé "
                              "par le bureau « %2 » (%3) : refusé, rien n'est enregistré")
                .arg(station, s->station, s->uuid);
    }
    return {};
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
    if (r.status == 200 || r.status == 201)
        item.receipt = r.body;
    const QJsonObject ro = QJsonDocument::fromJson(r.body).object();
    item.detail = ro.contains(QStringLiteral("receipt"))
                      ? ro.value(QStringLiteral("receipt")).toString()
                      : ro.value(QStringLiteral("rule")).toString() + QStringLiteral(": ") +
                            ro.value(QStringLiteral("error")).toString();
    return item;
}

qint64 base64Bytes(qint64 bytes)
{
    return 4 * ((bytes + 2) / 3);
}

// Room for the file's and the content's own fields (format, station, created_at, count,
// recipient) beside what they carry.
constexpr qint64 kFieldsBytes = 4096;

} // namespace

qint64 maxOfflineContentBytes(qint64 maxBodyBytes)
{
    return std::max(http::Limits{}.bodyBudgetBytes, base64Bytes(maxBodyBytes) + kFieldsBytes);
}

qint64 maxOfflineFileBytes(qint64 maxBodyBytes)
{
    return base64Bytes(maxOfflineContentBytes(maxBodyBytes) + crypto_box_SEALBYTES) + kFieldsBytes;
}

std::optional<QByteArray> readOfflineFile(const QString &path, qint64 maxBodyBytes, QString *error)
{
    const qint64 limit = maxOfflineFileBytes(maxBodyBytes);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        failWith(error, f.errorString());
        return std::nullopt;
    }
    // A regular file says its size: refused before a byte is read. Anything else (a device,
    // a pipe) is read up to one byte past the limit.
    QByteArray bytes = f.size() > limit ? QByteArray() : f.read(limit + 1);
    if (f.size() > limit || bytes.size() > limit) {
        failWith(error, HqText::tr("fichier de plus de %1 octets : un fichier hors ligne n'en "
                                   "porte pas tant (limites des envois HTTP)")
                            .arg(limit));
        return std::nullopt;
    }
    if (bytes.isEmpty()) {
        failWith(error,
                 f.error() != QFileDevice::NoError ? f.errorString() : HqText::tr("fichier vide"));
        return std::nullopt;
    }
    return bytes;
}

std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const HqKeys &keys, qint64 maxBodyBytes,
                                                     QString *error)
{
    sync::ensureSodium();
    const auto in = openFile(file, keys, maxBodyBytes, error);
    if (!in)
        return std::nullopt;
    if (const QString why = stationRefusal(*in, maxBodyBytes); !why.isEmpty())
        return failWith(error, why);
    QVector<ImportItem> items;
    for (const QJsonValue &v : in->value(QStringLiteral("bodies")).toArray())
        items.append(importBody(db, v, keys, maxBodyBytes));
    return items;
}

} // namespace plume::hq
