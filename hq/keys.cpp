// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/keys.h"

#include "hq/hqdb.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/receipt.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sodium.h>

namespace plume::hq {

QString keyFilePath(const QString &option, const QString &dbUrl)
{
    if (!option.isEmpty())
        return option;
    const QString env = qEnvironmentVariable("PLUME_HQ_KEY_FILE");
    if (!env.isEmpty())
        return env;
    const auto path = HqDatabase::sqlitePath(dbUrl);
    return path ? *path + QStringLiteral(".key") : QString();
}

HqKeys withBoxKeys(const QByteArray &publicKey, const QByteArray &secretKey)
{
    HqKeys k;
    k.publicKey = publicKey;
    k.secretKey = secretKey;
    k.boxPublicKey = sync::x25519PublicKey(publicKey).value_or(QByteArray());
    if (!secretKey.isEmpty())
        k.boxSecretKey = sync::x25519SecretKey(secretKey).value_or(QByteArray());
    return k;
}

HqKeys createKeyFile(const QString &path)
{
    if (QFileInfo::exists(path))
        throw HqError(HqText::tr("%1 existe déjà : le siège garde sa clé (les bureaux la "
                                 "connaissent) ; une nouvelle base la reprend avec plume-hq "
                                 "keys adopt")
                          .arg(path));
    QDir().mkpath(QFileInfo(path).absolutePath());
    const sync::KeyPair pair = sync::generateKeyPair();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        throw HqError(HqText::tr("impossible de créer %1 : %2").arg(path, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray text = "plume-hq-key/1\npublic " + pair.publicKey.toBase64() + "\nsecret " +
                            pair.secretKey.toBase64() + "\n";
    if (f.write(text) != text.size() || !f.flush())
        throw HqError(HqText::tr("impossible d'écrire %1 : %2").arg(path, f.errorString()));
    return withBoxKeys(pair.publicKey, pair.secretKey);
}

HqKeys readKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw HqError(HqText::tr("impossible de lire la clé du siège %1 : %2 (créez-la avec "
                                 "plume-hq keys init)")
                          .arg(path, f.errorString()));
    QByteArray pub, sec;
    const QList<QByteArray> lines = f.read(4096).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("public "))
            pub = sync::decodeBase64Strict(line.mid(7).trimmed()).value_or(QByteArray());
        else if (line.startsWith("secret "))
            sec = sync::decodeBase64Strict(line.mid(7).trimmed()).value_or(QByteArray());
    }
    // libsodium's secret key ends with its public key: both halves must agree.
    if (lines.value(0) != "plume-hq-key/1" || pub.size() != crypto_sign_PUBLICKEYBYTES ||
        sec.size() != crypto_sign_SECRETKEYBYTES || sec.right(32) != pub)
        throw HqError(HqText::tr("%1 n'est pas un fichier de clé plume-hq").arg(path));
    return withBoxKeys(pub, sec);
}

} // namespace plume::hq
