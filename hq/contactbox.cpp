// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/contactbox.h"

#include "sync/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <sodium.h>

namespace plume::hq {
namespace {

unsigned char *bytes(QByteArray &b)
{
    return reinterpret_cast<unsigned char *>(b.data());
}

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

constexpr qsizetype kHeader = crypto_box_PUBLICKEYBYTES + crypto_box_NONCEBYTES;

} // namespace

ContactSealer::ContactSealer(const QByteArray &hqBoxPublicKey)
    : m_ephemeralPublic(crypto_box_PUBLICKEYBYTES, Qt::Uninitialized),
      m_shared(crypto_box_BEFORENMBYTES, Qt::Uninitialized)
{
    sync::ensureSodium();
    QByteArray secret(crypto_box_SECRETKEYBYTES, Qt::Uninitialized);
    crypto_box_keypair(bytes(m_ephemeralPublic), bytes(secret));
    if (hqBoxPublicKey.size() != crypto_box_PUBLICKEYBYTES ||
        crypto_box_beforenm(bytes(m_shared), bytes(hqBoxPublicKey), bytes(secret)) != 0)
        m_shared.clear();
    sodium_memzero(secret.data(), size_t(secret.size()));
}

ContactSealer::~ContactSealer()
{
    sodium_memzero(m_shared.data(), size_t(m_shared.size()));
}

QByteArray ContactSealer::seal(const QByteArray &plain) const
{
    if (m_shared.isEmpty())
        return {};
    QByteArray box(kHeader + plain.size() + qsizetype(crypto_box_MACBYTES), Qt::Uninitialized);
    memcpy(box.data(), m_ephemeralPublic.constData(), crypto_box_PUBLICKEYBYTES);
    unsigned char *nonce = bytes(box) + crypto_box_PUBLICKEYBYTES;
    randombytes_buf(nonce, crypto_box_NONCEBYTES);
    crypto_box_easy_afternm(bytes(box) + kHeader, bytes(plain),
                            static_cast<unsigned long long>(plain.size()), nonce, bytes(m_shared));
    return box;
}

qint64 contactSheetNumber(const QString &sheet)
{
    static const QRegularExpression re(QStringLiteral("^contact-([0-9]{1,12})\\z"));
    const auto m = re.match(sheet);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

QByteArray withoutSheets(const QByteArray &document, const QSet<qint64> &sheets, QJsonArray *erased,
                         qsizetype *keptCount)
{
    QJsonObject doc = QJsonDocument::fromJson(document).object();
    QJsonObject payload = doc.value(QStringLiteral("payload")).toObject();
    QJsonArray kept;
    for (const QJsonValue &c : payload.value(QStringLiteral("contacts")).toArray()) {
        const QString sheet = c.toObject().value(QStringLiteral("sheet")).toString();
        if (sheets.contains(contactSheetNumber(sheet)))
            erased->append(c);
        else
            kept.append(c);
    }
    *keptCount = kept.size();
    if (erased->isEmpty())
        return document;
    payload.insert(QStringLiteral("contacts"), kept);
    doc.insert(QStringLiteral("payload"), payload);
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

bool namesTheContact(const QString &reason, const QJsonObject &contact)
{
    const QJsonObject fields = contact.value(QStringLiteral("fields")).toObject();
    for (const char *key : {"nom", "prenom", "email", "telephone", "adresse"}) {
        const QString value = fields.value(QLatin1String(key)).toString().simplified();
        if (value.size() >= 3 && reason.contains(value, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

std::optional<QByteArray> openContactBox(const QByteArray &box, const HqKeys &keys)
{
    sync::ensureSodium();
    if (box.size() < kHeader + qsizetype(crypto_box_MACBYTES) ||
        keys.boxSecretKey.size() != crypto_box_SECRETKEYBYTES)
        return std::nullopt;
    QByteArray plain(box.size() - kHeader - qsizetype(crypto_box_MACBYTES), Qt::Uninitialized);
    const unsigned char *ephemeral = bytes(box);
    if (crypto_box_open_easy(bytes(plain), ephemeral + kHeader,
                             static_cast<unsigned long long>(box.size() - kHeader),
                             ephemeral + crypto_box_PUBLICKEYBYTES, ephemeral,
                             bytes(keys.boxSecretKey)) != 0)
        return std::nullopt;
    return plain;
}

} // namespace plume::hq
