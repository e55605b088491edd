#include "sync/submission.h"

#include "sync/canonicaljson.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUuid>

#include <stdexcept>

namespace plume::sync {
namespace {

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
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    static const QRegularExpression stationRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (o.size() != 6)
        return setError(error, QStringLiteral("'signed' must hold exactly uuid, station, kind, "
                                              "version, created_at and payload"));
    const QJsonValue uuid = o.value(kUuid), station = o.value(kStation), kind = o.value(kKind),
                     version = o.value(kVersion), created = o.value(kCreatedAt),
                     payload = o.value(kPayload);
    if (!uuid.isString() || !uuidRe.match(uuid.toString()).hasMatch())
        return setError(error, QStringLiteral("'uuid' must be a lowercase UUID string"));
    if (!station.isString() || !stationRe.match(station.toString()).hasMatch())
        return setError(error, QStringLiteral("'station' must be a station code"));
    if (!kind.isString() || (kind.toString() != kKindPv && kind.toString() != kKindContacts))
        return setError(error, QStringLiteral("'kind' must be \"pv\" or \"contacts\""));
    const double v = version.toDouble(-1);
    if (!version.isDouble() || v < 1 || v > 1e9 || v != double(qint64(v)))
        return setError(error, QStringLiteral("'version' must be a positive integer"));
    if (!created.isString() ||
        !QDateTime::fromString(created.toString(), Qt::ISODateWithMs).isValid())
        return setError(error, QStringLiteral("'created_at' must be an ISO 8601 date-time"));
    if (!payload.isObject())
        return setError(error, QStringLiteral("'payload' must be an object"));
    s.uuid = uuid.toString();
    s.station = station.toString();
    s.kind = kind.toString();
    s.version = qint64(v);
    s.createdAt = created.toString();
    s.payload = payload.toObject();
    return true;
}

} // namespace

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
        throw std::runtime_error(QString(QStringLiteral("cannot seal: ") + error).toStdString());
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
        setError(error, QStringLiteral("stored submission is not JSON"));
        return std::nullopt;
    }
    Submission s;
    if (!fillFromSigned(s, doc.object(), error))
        return std::nullopt;
    s.signedBytes = signedBytes;
    s.sha256 = sha256;
    s.signature = signature;
    if (sha256Hex(signedBytes) != sha256) {
        setError(error, QStringLiteral("stored submission does not match its hash"));
        return std::nullopt;
    }
    return s;
}

std::optional<Submission> parseSubmission(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        setError(error, QStringLiteral("malformed JSON: ") + pe.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        setError(error, QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    if (o.value(kFormat).toString() != kSubmissionFormat) {
        setError(error, QStringLiteral("'format' must be \"%1\"").arg(kSubmissionFormat));
        return std::nullopt;
    }
    if (o.size() != 4) {
        setError(error, QStringLiteral("the body must hold exactly format, sha256, signature "
                                       "and signed"));
        return std::nullopt;
    }
    static const QRegularExpression hexRe(QStringLiteral("^[0-9a-f]{64}$"));
    const QJsonValue sha = o.value(kSha256), sig = o.value(kSignature), sgn = o.value(kSigned);
    if (!sha.isString() || !hexRe.match(sha.toString()).hasMatch()) {
        setError(error, QStringLiteral("'sha256' must be 64 lowercase hex digits"));
        return std::nullopt;
    }
    if (!sig.isString() || sig.toString().size() != 88) {
        setError(error, QStringLiteral("'signature' must be a base64 Ed25519 signature"));
        return std::nullopt;
    }
    const auto sigBytes = decodeBase64Strict(sig.toString().toLatin1());
    if (!sigBytes || sigBytes->size() != 64) {
        setError(error, QStringLiteral("'signature' is not valid base64 of 64 bytes"));
        return std::nullopt;
    }
    if (!sgn.isObject()) {
        setError(error, QStringLiteral("'signed' must be an object"));
        return std::nullopt;
    }
    Submission s;
    if (!fillFromSigned(s, sgn.toObject(), error))
        return std::nullopt;
    QString cerr;
    const auto bytes = canonicalJson(sgn, &cerr);
    if (!bytes) {
        setError(error, QStringLiteral("'signed' cannot be canonicalised: ") + cerr);
        return std::nullopt;
    }
    s.signedBytes = *bytes;
    s.sha256 = sha.toString();
    s.signature = sig.toString();
    return s;
}

bool verifySubmission(const Submission &s, const QByteArray &publicKey, QString *why)
{
    if (sha256Hex(s.signedBytes) != s.sha256)
        return setError(why, QStringLiteral("sha256 does not match the signed content"));
    const auto sig = decodeBase64Strict(s.signature.toLatin1());
    if (!sig || !verifySignature(s.signedBytes, *sig, publicKey))
        return setError(why, QStringLiteral("bad signature"));
    return true;
}

} // namespace plume::sync
