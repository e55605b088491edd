// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Station identity and signatures: Ed25519 (libsodium), SHA-256 (docs/seal.md).
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace plume::store {
class Store;
}

namespace plume::sync {

struct KeyPair
{
    QByteArray publicKey; // 32 bytes
    QByteArray secretKey; // 64 bytes (libsodium seed + public key)
};

// Initialises libsodium once; throws std::runtime_error if it cannot.
void ensureSodium();

KeyPair generateKeyPair();
QByteArray sha256(const QByteArray &data);                               // 32 raw bytes
QString sha256Hex(const QByteArray &data);                               // 64 lowercase hex digits
QByteArray sign(const QByteArray &message, const QByteArray &secretKey); // 64 bytes
bool verifySignature(const QByteArray &message, const QByteArray &signature,
                     const QByteArray &publicKey);

// Strict base64 (standard alphabet, padded); nullopt when malformed.
std::optional<QByteArray> decodeBase64Strict(const QByteArray &text);

// Keys of the station in Store settings: store::kStationPublicKeySetting (clear, named by the
// store, whose check verifies the checkpoints with it) and station.ed25519.secret (a secret
// setting: encrypted at rest).
inline constexpr char kSecretKeySetting[] = "station.ed25519.secret";

// Creates and stores the station key pair (the secret key encrypted with the station's data
// key, so the station must be unlocked); throws store::StoreError if one exists already.
KeyPair createStationKeys(store::Store &store);
// Replaces the station's key pair with a new one (its key stolen, or the passphrase of a copy
// leaked): every outbox item HQ has not acknowledged is signed again with it, in one
// transaction, audited `station.rekeyed` with both public keys. HQ then enrols the new key
// (plume-hq stations add --replace). Needs the station unlocked, and refuses a file that fails
// its check (StoreError); *signedAgain: how many items.
KeyPair rotateStationKeys(store::Store &store, int *signedAgain = nullptr);
// The key pair for signing; throws store::StoreError while the station is locked.
std::optional<KeyPair> stationKeys(const store::Store &store);
std::optional<QByteArray> stationPublicKey(const store::Store &store); // no unlock needed
// Base64 of the public key, or empty when the station has none.
QString stationPublicKeyBase64(const store::Store &store);

} // namespace plume::sync
