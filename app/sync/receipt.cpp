// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/receipt.h"

#include "store/store.h"
#include "sync/canonicaljson.h"
#include "sync/crypto.h"
#include "sync/hqconfig.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

#include <sodium.h>

#include <stdexcept>

namespace plume::sync {
namespace {

struct ReceiptText
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptText)
};

const QString kSignature = QStringLiteral("signature");

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

// Empty when every acknowledged value is the expected one; else the first that differs.
QString mismatch(const QJsonObject &r, const ReceiptExpectation &e)
{
    const std::pair<const char *, QString> wanted[] = {
        {"uuid", e.uuid}, {"sha256", e.sha256}, {"station", e.station}, {"kind", e.kind}};
    for (const auto &[key, value] : wanted) {
        const QJsonValue v = r.value(QLatin1String(key));
        if (!v.isString() || v.toString() != value)
            return QString::fromLatin1(key);
    }
    if (r.value(QStringLiteral("version")).toInteger(-1) != e.version)
        return QStringLiteral("version");
    return {};
}

} // namespace

QByteArray signReceipt(const QJsonObject &fields, const QByteArray &hqSecretKey)
{
    QJsonObject o = fields;
    o.remove(kSignature);
    QString error;
    const auto unsignedBytes = canonicalJson(o, &error);
    if (!unsignedBytes)
        throw std::runtime_error("receipt: " + error.toStdString());
    o.insert(kSignature, QString::fromLatin1(sign(*unsignedBytes, hqSecretKey).toBase64()));
    return canonicalJson(o).value_or(QByteArray());
}

QString verifyReceipt(const QByteArray &body, const QByteArray &hqPublicKey,
                      const ReceiptExpectation &expected)
{
    if (hqPublicKey.size() != crypto_sign_PUBLICKEYBYTES)
        return ReceiptText::tr("accusé de réception non vérifiable : la clé publique du siège "
                               "n'est pas enregistrée (plumectl station set-hq --db FICHIER "
                               "--hq URL --hq-key B64, clé donnée par plume-hq keys show)");
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return ReceiptText::tr("la réponse du siège n'est pas un accusé de réception");
    QJsonObject o = doc.object();
    const auto signature = decodeBase64Strict(o.value(kSignature).toString().toLatin1());
    o.remove(kSignature);
    const auto signedBytes = canonicalJson(o);
    if (!signature || !signedBytes || !verifySignature(*signedBytes, *signature, hqPublicKey))
        return ReceiptText::tr("accusé de réception refusé : sa signature n'est pas celle du "
                               "siège");
    if (const QString key = mismatch(o, expected); !key.isEmpty())
        return ReceiptText::tr("accusé de réception refusé : « %1 » n'est pas celui de cet "
                               "envoi")
            .arg(key);
    return {};
}

std::optional<QByteArray> x25519PublicKey(const QByteArray &ed25519PublicKey)
{
    ensureSodium();
    if (ed25519PublicKey.size() != crypto_sign_PUBLICKEYBYTES)
        return std::nullopt;
    QByteArray out(crypto_box_PUBLICKEYBYTES, Qt::Uninitialized);
    if (crypto_sign_ed25519_pk_to_curve25519(reinterpret_cast<unsigned char *>(out.data()),
                                             bytes(ed25519PublicKey)) != 0)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> x25519SecretKey(const QByteArray &ed25519SecretKey)
{
    ensureSodium();
    if (ed25519SecretKey.size() != crypto_sign_SECRETKEYBYTES)
        return std::nullopt;
    QByteArray out(crypto_box_SECRETKEYBYTES, Qt::Uninitialized);
    if (crypto_sign_ed25519_sk_to_curve25519(reinterpret_cast<unsigned char *>(out.data()),
                                             bytes(ed25519SecretKey)) != 0)
        return std::nullopt;
    return out;
}

QByteArray hqPublicKey(const store::Store &store)
{
    return store.setting(QLatin1String(kHqPublicKeySetting)).value_or(QByteArray());
}

std::optional<QByteArray> parseHqPublicKey(const QString &base64)
{
    const auto key = decodeBase64Strict(base64.trimmed().toLatin1());
    if (!key || !x25519PublicKey(*key))
        return std::nullopt;
    return key;
}

void setHqPublicKey(store::Store &store, const QByteArray &ed25519PublicKey)
{
    if (!x25519PublicKey(ed25519PublicKey))
        throw store::StoreError(ReceiptText::tr("la clé du siège doit être une clé publique "
                                                "Ed25519 de 32 octets (plume-hq keys show)"));
    requireHqChangeAllowed(store);
    store.transaction([&] {
        store.setSetting(QLatin1String(kHqPublicKeySetting), ed25519PublicKey);
        store.appendAudit(QStringLiteral("plume"), QStringLiteral("hq.key"),
                          QStringLiteral("station"),
                          QJsonObject{{QStringLiteral("ed25519_public"),
                                       QString::fromLatin1(ed25519PublicKey.toBase64())}});
    });
}

} // namespace plume::sync
