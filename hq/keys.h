// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Headquarters' one key pair (docs/hq.md#keys): Ed25519 signs the receipts; converted to
// X25519 it opens offline `.plume` files and the contacts stored sealed in the database.
// The secret half lives only in a key file (mode 0600), never in the database.
//
// Key file: "plume-hq-key/1\npublic B64(32 bytes)\nsecret B64(64 bytes)\n"
#pragma once

#include <QByteArray>
#include <QString>

namespace plume::hq {

struct HqKeys
{
    QByteArray publicKey;    // Ed25519, 32 bytes (also in the database)
    QByteArray secretKey;    // Ed25519, 64 bytes (key file only)
    QByteArray boxPublicKey; // X25519, 32 bytes
    QByteArray boxSecretKey; // X25519, 32 bytes

    bool isValid() const { return publicKey.size() == 32 && secretKey.size() == 64; }
};

// --key-file when given; else $PLUME_HQ_KEY_FILE; else "<path>.key" for a SQLite database.
// Empty when none applies (PostgreSQL without the variable: the option is required).
QString keyFilePath(const QString &option, const QString &dbUrl);

// A new key pair in a new file (mode 0600; refuses to replace a file). Throws HqError.
HqKeys createKeyFile(const QString &path);
// Reads a key file (its public half must match the secret one). Throws HqError.
HqKeys readKeyFile(const QString &path);
// The X25519 halves of an Ed25519 pair (empty secret: public half only).
HqKeys withBoxKeys(const QByteArray &publicKey, const QByteArray &secretKey = {});

} // namespace plume::hq
