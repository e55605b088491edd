// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Headquarters' signed receipts (docs/protocol.md §4) and HQ's one key pair: Ed25519 signs
// the receipts; the same key, converted to X25519 by libsodium, is the recipient of offline
// `.plume` files and of the contacts HQ stores (sealed boxes).
//
// Receipt (canonical JSON):
//   {"kind","receipt","received_at","sha256","signature","station","uuid","version"}
// signature = base64 Ed25519 signature by HQ of the canonical JSON of the same object
// without "signature".
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace plume::store {
class Store;
}

namespace plume::sync {

// Station setting: HQ's Ed25519 public key (32 raw bytes), set by `plumectl station set-hq
// --hq-key B64` (or `set-hq-key`).
inline constexpr char kHqPublicKeySetting[] = "hq.ed25519.public";

// What a receipt must say to acknowledge one outbox item.
struct ReceiptExpectation
{
    QString uuid;
    QString sha256;
    QString station;
    QString kind;
    qint64 version = 0;
};

// HQ side: the canonical receipt for `fields` (every key but "signature"), signed with HQ's
// 64-byte Ed25519 secret key. Throws std::runtime_error when fields cannot be canonicalised.
QByteArray signReceipt(const QJsonObject &fields, const QByteArray &hqSecretKey);

// Station side: empty when `body` is a receipt for `expected` signed by `hqPublicKey`
// (32 bytes); otherwise why not, in a sentence for the outbox's last_error.
QString verifyReceipt(const QByteArray &body, const QByteArray &hqPublicKey,
                      const ReceiptExpectation &expected);

// libsodium's Ed25519 -> X25519 conversions (crypto_sign_ed25519_pk_to_curve25519 and
// _sk_to_curve25519); nullopt for a key of the wrong size or an invalid point.
std::optional<QByteArray> x25519PublicKey(const QByteArray &ed25519PublicKey);
std::optional<QByteArray> x25519SecretKey(const QByteArray &ed25519SecretKey);

// HQ's Ed25519 public key as recorded at the station (empty when none), and recording it
// (audited; throws store::StoreError for a key that is not 32 bytes or not a valid point).
QByteArray hqPublicKey(const store::Store &store);
// HQ's public key as `plume-hq keys show` prints it (strict base64, spaces around ignored):
// the 32 bytes when they are a valid Ed25519 public key, else nullopt (what
// `station set-hq --hq-key` and the window's « Siège… » dialog accept).
std::optional<QByteArray> parseHqPublicKey(const QString &base64);
void setHqPublicKey(store::Store &store, const QByteArray &ed25519PublicKey);

} // namespace plume::sync
