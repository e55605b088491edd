// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/crypto.h"

#include "store/store.h"

#include <QCoreApplication>
#include <sodium.h>

#include <stdexcept>

namespace plume::sync {
namespace {

// Human messages, in French (source language).
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};

} // namespace

void ensureSodium()
{
    static const int rc = sodium_init();
    if (rc < 0)
        throw std::runtime_error(
            CryptoText::tr("La bibliothèque de chiffrement (libsodium) ne démarre pas.")
                .toStdString());
}

KeyPair generateKeyPair()
{
    ensureSodium();
    KeyPair kp;
    kp.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    kp.secretKey.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(kp.publicKey.data()),
                        reinterpret_cast<unsigned char *>(kp.secretKey.data()));
    return kp;
}

QByteArray sha256(const QByteArray &data)
{
    ensureSodium();
    QByteArray out(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    crypto_hash_sha256(reinterpret_cast<unsigned char *>(out.data()),
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       static_cast<unsigned long long>(data.size()));
    return out;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(sha256(data).toHex());
}

QByteArray sign(const QByteArray &message, const QByteArray &secretKey)
{
    ensureSodium();
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES)
        throw std::runtime_error("bad Ed25519 secret key size");
    QByteArray sig(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<unsigned long long>(message.size()),
                         reinterpret_cast<const unsigned char *>(secretKey.constData()));
    return sig;
}

bool verifySignature(const QByteArray &message, const QByteArray &signature,
                     const QByteArray &publicKey)
{
    ensureSodium();
    if (signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    return crypto_sign_verify_detached(
               reinterpret_cast<const unsigned char *>(signature.constData()),
               reinterpret_cast<const unsigned char *>(message.constData()),
               static_cast<unsigned long long>(message.size()),
               reinterpret_cast<const unsigned char *>(publicKey.constData())) == 0;
}

std::optional<QByteArray> decodeBase64Strict(const QByteArray &text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return std::nullopt;
    auto r = QByteArray::fromBase64Encoding(text, QByteArray::Base64Encoding |
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    // Refuse non-canonical encodings (stray bits in the padding).
    if (r.decoded.toBase64() != text)
        return std::nullopt;
    return r.decoded;
}

KeyPair createStationKeys(store::Store &store)
{
    if (store.setting(store::kStationPublicKeySetting))
        throw store::StoreError(CryptoText::tr("Ce bureau a déjà sa paire de clés."));
    KeyPair kp = generateKeyPair();
    store.transaction([&] {
        store.setSetting(store::kStationPublicKeySetting, kp.publicKey);
        // Encrypted with the station's data key: useless without the passphrase.
        store.setSecretSetting(QLatin1String(kSecretKeySetting), kp.secretKey);
        store.appendAudit(QStringLiteral("plume"), store::kStationKeysAction,
                          QStringLiteral("station"),
                          QJsonObject{{QStringLiteral("public_key"),
                                       QString::fromLatin1(kp.publicKey.toBase64())}});
    });
    return kp;
}

namespace {

// The station's undelivered outbox rows signed with a new secret key, by uuid.
QHash<QString, QString> signedAgainWith(const store::Store &store, const QByteArray &secretKey)
{
    QHash<QString, QString> signatures;
    for (const store::OutboxRow &row : store.outboxRows(false))
        if (row.state != store::OutboxState::Delivered && !store::isWithdrawn(row)) {
            if (row.payload.isEmpty()) // unreadable: never signed with nothing
                throw store::StoreError(
                    CryptoText::tr("L'envoi %1 ne se lit pas : rien n'est signé de nouveau.")
                        .arg(row.uuid));
            signatures.insert(row.uuid,
                              QString::fromLatin1(sign(row.payload, secretKey).toBase64()));
        }
    return signatures;
}

} // namespace

// Keys and rows are read inside the write transaction: read before it, a `close` or a
// contact batch committed meanwhile stayed signed with the old key, refused by HQ once it
// had the new one (a review of 2026-12-02).
KeyPair rotateStationKeys(store::Store &store, int *signedAgain)
{
    KeyPair kp = generateKeyPair();
    QHash<QString, QString> signatures;
    store.transaction([&] {
        const auto old = stationKeys(store);
        if (!old)
            throw store::StoreError(
                CryptoText::tr("Ce bureau n'a pas de paire de clés à remplacer."));
        // A file edited outside Plume gets no new key: what it queued is not signed again.
        store.requireIntact();
        signatures = signedAgainWith(store, kp.secretKey);
        store.setSetting(store::kStationPublicKeySetting, kp.publicKey);
        store.setSecretSetting(QLatin1String(kSecretKeySetting), kp.secretKey);
        store.setOutboxSignatures(signatures);
        store.appendAudit(
            QStringLiteral("plume"), store::kStationRekeyedAction, QStringLiteral("station"),
            QJsonObject{
                {QStringLiteral("old_public_key"), QString::fromLatin1(old->publicKey.toBase64())},
                {QStringLiteral("public_key"), QString::fromLatin1(kp.publicKey.toBase64())},
                {QStringLiteral("signed_again"), int(signatures.size())}});
    });
    if (signedAgain)
        *signedAgain = int(signatures.size());
    return kp;
}

std::optional<KeyPair> stationKeys(const store::Store &store)
{
    const auto pub = stationPublicKey(store);
    if (!pub)
        return std::nullopt;
    const auto sec = store.secretSetting(QLatin1String(kSecretKeySetting));
    if (!sec || sec->size() != crypto_sign_SECRETKEYBYTES)
        return std::nullopt;
    return KeyPair{*pub, *sec};
}

std::optional<QByteArray> stationPublicKey(const store::Store &store)
{
    const auto pub = store.setting(store::kStationPublicKeySetting);
    if (!pub || pub->size() != crypto_sign_PUBLICKEYBYTES)
        return std::nullopt;
    return pub;
}

QString stationPublicKeyBase64(const store::Store &store)
{
    const auto pub = stationPublicKey(store);
    return pub ? QString::fromLatin1(pub->toBase64()) : QString();
}

} // namespace plume::sync
