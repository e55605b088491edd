// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Contacts at rest at headquarters: encrypted to HQ's X25519 key (the sealed-box
// construction: an ephemeral sender key, here one per group commit, and a random nonce per
// contact batch). box = ephemeral public key (32) || nonce (24) || crypto_box_easy
// ciphertext. Only the key file's secret half opens it (`plume-hq contacts export`).
#pragma once

#include "hq/keys.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace plume::hq {

class ContactSealer
{
public:
    explicit ContactSealer(const QByteArray &hqBoxPublicKey); // 32 bytes, X25519
    ~ContactSealer();                                         // wipes the shared key
    ContactSealer(const ContactSealer &) = delete;
    ContactSealer &operator=(const ContactSealer &) = delete;

    QByteArray seal(const QByteArray &plain) const;

private:
    QByteArray m_ephemeralPublic;
    QByteArray m_shared; // crypto_box_beforenm(HQ's key, the ephemeral secret)
};

// contact-7 and contact-007 are one sheet (validate.cpp); -1 for anything else.
qint64 contactSheetNumber(const QString &sheet);

// A signed contact batch (its JSON document) without the contacts whose sheet number is in
// `sheets`; the contacts taken out in *erased, the number left in *kept. The document as it
// was when none is there.
QByteArray withoutSheets(const QByteArray &document, const QSet<qint64> &sheets, QJsonArray *erased,
                         qsizetype *kept);

// An erasure's reason is kept in clear: true when it names the person whose data is erased
// (a name, first name, e-mail, telephone or address of 3 characters or more, any case).
bool namesTheContact(const QString &reason, const QJsonObject &contact);

// The plain bytes of a box, or nullopt when it is damaged or for another key.
std::optional<QByteArray> openContactBox(const QByteArray &box, const HqKeys &keys);

} // namespace plume::hq
