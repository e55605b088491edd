// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/submission.h"

#include "sync/canonicaljson.h"
#include "sync/jsonoutline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUuid>

#include <stdexcept>

namespace plume::sync {
namespace {

// Human messages, in French (source language).
struct SubmissionText
{
    Q_DECLARE_TR_FUNCTIONS(Submission)
};

const QString kUuid = QStringLiteral("uuid");
const QString kStation = QStringLiteral("station");
const QString kKind = QStringLiteral("kind");
const QString kVersion = QStringLiteral("version");
const QString kCreatedAt = QStringLiteral("created_at");
const QString kPayload = QStringLiteral("payload");
const QString kSigned = QStringLiteral("signed");
const QString kSha256 = QStringLiteral("sha256");
const QString kSignature = QStringLiteral("signature");
const QString kFormat = QStringLiteral("format");

bool setError(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

bool fillFromSigned(Submission &s, const QJsonObject &o, QString *error)
{
    static const QRegularExpression uuidRe(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z"));
    static const QRegularExpression stationRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}\\z"));
    if (o.size() != 6)
        return setError(error, SubmissionText::tr("« signed » doit contenir exactement uuid, "
                                                  "station, kind, version, created_at et payload"));
    const QJsonValue uuid = o.value(kUuid), station = o.value(kStation), kind = o.value(kKind),
                     version = o.value(kVersion), created = o.value(kCreatedAt),
                     payload = o.value(kPayload);
    if (!uuid.isString() || !uuidRe.match(uuid.toString()).hasMatch())
        return setError(error, SubmissionText::tr("« uuid » doit être un UUID en minuscules"));
    if (!station.isString() || !stationRe.match(station.toString()).hasMatch())
        return setError(error, SubmissionText::tr("« station » doit être un code de bureau"));
    if (!kind.isString() || (kind.toString() != kKindPv && kind.toString() != kKindContacts))
        return setError(error, SubmissionText::tr("« kind » doit valoir \"pv\" ou \"contacts\""));
    const double v = version.toDouble(-1);
    if (!version.isDouble() || v < 1 || v > 1e9 || v != double(qint64(v)))
        return setError(error, SubmissionText::tr("« version » doit être un entier positif"));
    if (!created.isString() ||
        !QDateTime::fromString(created.toString(), Qt::ISODateWithMs).isValid())
        return setError(error,
                        SubmissionText::tr("« created_at » doit être une date et heure ISO 8601"));
    if (!payload.isObject())
        return setError(error, SubmissionText::tr("« payload » doit être un objet"));
    s.uuid = uuid.toString();
    s.station = station.toString();
    s.kind = kind.toString();
    s.version = qint64(v);
    s.createdAt = created.toString();
    s.payload = payload.toObject();
    return true;
}

// format, sha256, signature and signed, nothing else, each of its type.
bool checkEnvelope(const QJsonObject &o, QString *error)
{
    if (o.value(kFormat).toString() != kSubmissionFormat)
        return setError(error,
                        SubmissionText::tr("« format » doit valoir \"%1\"").arg(kSubmissionFormat));
    if (o.size() != 4)
        return setError(error, SubmissionText::tr("le corps doit contenir exactement format, "
                                                  "sha256, signature et signed"));
    static const QRegularExpression hexRe(QStringLiteral("^[0-9a-f]{64}\\z"));
    const QJsonValue sha = o.value(kSha256), sig = o.value(kSignature);
    if (!sha.isString() || !hexRe.match(sha.toString()).hasMatch())
        return setError(error, SubmissionText::tr(
                                   "« sha256 » doit faire 64 chiffres hexadécimaux en minuscules"));
    if (!sig.isString() || sig.toString().size() != 88)
        return setError(
            error, SubmissionText::tr("« signature » doit être une signature Ed25519 en base64"));
    const auto sigBytes = decodeBase64Strict(sig.toString().toLatin1());
    if (!sigBytes || sigBytes->size() != 64)
        return setError(error,
                        SubmissionText::tr("« signature » n'est pas le base64 de 64 octets"));
    if (!o.value(kSigned).isObject())
        return setError(error, SubmissionText::tr("« signed » doit être un objet"));
    return true;
}

// "signed" once, exactly its canonical bytes as received: what the station signed. (The
// canonical form of what was parsed would accept 1e2 or 100.0 for 100, spaces, any key order.)
bool receivedCanonical(const QByteArray &body, const JsonOutline &o, const QByteArray &canonical,
                       QString *error)
{
    const bool found = o.memberCount == 1 && o.memberBegin >= 0 && o.memberEnd > o.memberBegin;
    if (found && QByteArrayView(body).sliced(o.memberBegin, o.memberEnd - o.memberBegin) ==
                     QByteArrayView(canonical))
        return true;
    return setError(error, SubmissionText::tr("« signed » doit être reçu tel qu'il a été signé, "
                                              "en JSON canonique (entiers seulement, clés triées, "
                                              "sans espaces)"));
}

} // namespace

bool withinSubmissionLimits(const JsonOutline &o, QString *error)
{
    if (o.depth > kMaxSubmissionDepth)
        return setError(
            error,
            SubmissionText::tr("JSON imbriqué sur plus de %1 niveaux").arg(kMaxSubmissionDepth));
    if (o.containers > kMaxSubmissionContainers)
        return setError(
            error,
            SubmissionText::tr("plus de %1 tableaux ou objets JSON").arg(kMaxSubmissionContainers));
    if (o.values > kMaxSubmissionValues)
        return setError(error,
                        SubmissionText::tr("plus de %1 valeurs JSON").arg(kMaxSubmissionValues));
    return true;
}

QJsonObject Submission::signedObject() const
{
    return QJsonObject{{kUuid, uuid},       {kStation, station},     {kKind, kind},
                       {kVersion, version}, {kCreatedAt, createdAt}, {kPayload, payload}};
}

QJsonObject Submission::envelope() const
{
    return QJsonObject{{kFormat, kSubmissionFormat},
                       {kSha256, sha256},
                       {kSignature, signature},
                       {kSigned, QJsonDocument::fromJson(signedBytes).object()}};
}

QByteArray Submission::httpBody() const
{
    // canonical(envelope) embeds canonical(signed) verbatim: keys sorted, "signed" last.
    QByteArray body = "{\"format\":\"" + kSubmissionFormat.toUtf8() + "\",\"sha256\":\"" +
                      sha256.toLatin1() + "\",\"signature\":\"" + signature.toLatin1() +
                      "\",\"signed\":" + signedBytes + '}';
    return body;
}

Submission Submission::create(const QString &kind, qint64 version, const QString &station,
                              const QJsonObject &payload, const KeyPair &keys)
{
    Submission s;
    s.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.station = station;
    s.kind = kind;
    s.version = version;
    s.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    s.payload = payload;
    QString error;
    const auto bytes = canonicalJson(s.signedObject(), &error);
    if (!bytes)
        throw std::runtime_error(
            SubmissionText::tr("Impossible de sceller : %1").arg(error).toStdString());
    s.signedBytes = *bytes;
    s.sha256 = sha256Hex(s.signedBytes);
    s.signature = QString::fromLatin1(sign(s.signedBytes, keys.secretKey).toBase64());
    return s;
}

std::optional<Submission> Submission::fromSigned(const QByteArray &signedBytes,
                                                 const QString &sha256, const QString &signature,
                                                 QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(signedBytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        setError(error, SubmissionText::tr("l'envoi enregistré n'est pas du JSON"));
        return std::nullopt;
    }
    Submission s;
    if (!fillFromSigned(s, doc.object(), error))
        return std::nullopt;
    s.signedBytes = signedBytes;
    s.sha256 = sha256;
    s.signature = signature;
    if (sha256Hex(signedBytes) != sha256) {
        setError(error, SubmissionText::tr("l'envoi enregistré ne correspond pas à son empreinte"));
        return std::nullopt;
    }
    return s;
}

std::optional<Submission> parseSubmission(const QByteArray &body, QString *error)
{
    const JsonOutline outline = outlineJson(body, "signed");
    if (!withinSubmissionLimits(outline, error))
        return std::nullopt;
    // A parser keeps the last of two "sha256" and another tool the first: HQ would check
    // one signature and an auditor read the other.
    if (outline.rootKeyRepeated) {
        setError(error, SubmissionText::tr("une clé de l'enveloppe est écrite deux fois ou avec "
                                           "des échappements"));
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        setError(error, SubmissionText::tr("JSON mal formé : %1").arg(pe.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        setError(error, SubmissionText::tr("le corps doit être un objet JSON"));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    if (!checkEnvelope(o, error))
        return std::nullopt;
    const QJsonValue sgn = o.value(kSigned);
    Submission s;
    if (!fillFromSigned(s, sgn.toObject(), error))
        return std::nullopt;
    QString cerr;
    const auto bytes = canonicalJson(sgn, &cerr);
    if (!bytes) {
        setError(error,
                 SubmissionText::tr("« signed » ne peut pas être mis en forme canonique : %1")
                     .arg(cerr));
        return std::nullopt;
    }
    if (!receivedCanonical(body, outline, *bytes, error))
        return std::nullopt;
    s.signedBytes = *bytes;
    s.sha256 = o.value(kSha256).toString();
    s.signature = o.value(kSignature).toString();
    return s;
}

bool verifySubmission(const Submission &s, const QByteArray &publicKey, QString *why)
{
    if (sha256Hex(s.signedBytes) != s.sha256)
        return setError(
            why, SubmissionText::tr("l'empreinte sha256 ne correspond pas au contenu signé"));
    const auto sig = decodeBase64Strict(s.signature.toLatin1());
    if (!sig || !verifySignature(s.signedBytes, *sig, publicKey))
        return setError(why, SubmissionText::tr("signature invalide"));
    return true;
}

} // namespace plume::sync
