// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/hqconfig.h"

#include "store/store.h"
#include "sync/receipt.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSslCertificate>

namespace plume::sync {
namespace {
struct HqConfigText
{
    Q_DECLARE_TR_FUNCTIONS(HqConfigText)
};
} // namespace

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

QString HqConfig::validate() const
{
    if (!url.isValid() || url.host().isEmpty())
        return HqConfigText::tr("l'adresse du siège manque ou est invalide");
    // Kept in clear in the station file and never needed: HQ knows a station by its key.
    if (!url.userInfo().isEmpty())
        return HqConfigText::tr("l'adresse du siège ne porte ni nom d'utilisateur ni mot de "
                                "passe (https://hôte:port)");
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        if (!isLoopbackHost(url.host()))
            return HqConfigText::tr(
                "le http simple n'est permis que vers cette machine (loopback : "
                "127.0.0.1, ::1, localhost) ; utilisez https avec "
                "l'empreinte du certificat du siège (--pin-sha256) ou un fichier d'autorité "
                "(--ca-file)");
        // No certificate to check: a pin or a CA would be ignored while set-hq said
        // "(pinned)" and the PV went in clear (a review, 2026-11-30).
        if (!pinSha256.isEmpty() || !caPem.isEmpty())
            return HqConfigText::tr("le http simple n'a pas de certificat : l'empreinte "
                                    "(--pin-sha256) et le fichier d'autorité (--ca-file) "
                                    "demandent une adresse https://");
        return {};
    }
    if (scheme != QLatin1String("https"))
        return HqConfigText::tr("l'adresse du siège doit commencer par https:// (ou http:// vers "
                                "cette machine)");
    static const QRegularExpression hexRe(QStringLiteral("^[0-9a-f]{64}\\z"));
    if (!pinSha256.isEmpty() && !hexRe.match(pinSha256).hasMatch())
        return HqConfigText::tr("l'empreinte du certificat doit être ses 64 chiffres "
                                "hexadécimaux (SHA-256 du certificat en DER : openssl x509 -in "
                                "hq.pem -outform der | sha256sum)");
    if (pinSha256.isEmpty() && caPem.isEmpty())
        return HqConfigText::tr(
            "https demande l'empreinte du certificat du siège (--pin-sha256) ou "
            "un fichier d'autorité (--ca-file)");
    if (!caPem.isEmpty() && QSslCertificate::fromData(caPem, QSsl::Pem).isEmpty())
        return HqConfigText::tr("le fichier d'autorité ne contient aucun certificat PEM");
    return {};
}

// As openssl and sha256sum print it: "AB:CD:…" (x509 -fingerprint) or "abcd…  -" (the
// recipe of docs/sync.md, whose output a review pasted whole and saw refused).
QString HqConfig::normalizePin(const QString &pin)
{
    QString p = pin.trimmed().toLower().remove(QLatin1Char(':'));
    if (p.endsWith(QLatin1Char('-')))
        p = p.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
    return p;
}

QUrl HqConfig::submissionsUrl() const
{
    QUrl u = url;
    QString path = u.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    u.setPath(path + QStringLiteral("/api/v1/submissions"));
    return u;
}

QSslConfiguration HqConfig::sslConfiguration() const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_2OrLater);
    if (!caPem.isEmpty())
        c.setCaCertificates(QSslCertificate::fromData(caPem, QSsl::Pem));
    return c;
}

bool HqConfig::pinMatches(const QSslCertificate &peer) const
{
    if (pinSha256.isEmpty())
        return true;
    return !peer.isNull() &&
           QString::fromLatin1(peer.digest(QCryptographicHash::Sha256).toHex()) == pinSha256;
}

HqConfig HqConfig::load(const store::Store &store)
{
    HqConfig c;
    if (const auto u = store.setting(QStringLiteral("hq.url")))
        c.url = QUrl(QString::fromUtf8(*u));
    if (const auto p = store.setting(QStringLiteral("hq.pin_sha256")))
        c.pinSha256 = QString::fromLatin1(*p);
    if (const auto ca = store.setting(QStringLiteral("hq.ca_pem")))
        c.caPem = *ca;
    return c;
}

void requireHqChangeAllowed(const store::Store &store)
{
    if (store.protection() == store::Store::Protection::Locked)
        throw store::StoreError(HqConfigText::tr(
            "Changer le siège ou sa clé demande la phrase secrète du bureau "
            "(--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE) : le siège reçoit les fiches "
            "contact et ses accusés de réception les effacent du bureau."));
}

void HqConfig::save(store::Store &store) const
{
    requireHqChangeAllowed(store);
    store.transaction([&] {
        store.setSetting(QStringLiteral("hq.url"), url.toString().toUtf8());
        store.setSetting(QStringLiteral("hq.pin_sha256"), pinSha256.toLatin1());
        store.setSetting(QStringLiteral("hq.ca_pem"), caPem);
        store.appendAudit(QStringLiteral("plume"), QStringLiteral("hq.configured"),
                          QStringLiteral("station"),
                          QJsonObject{{QStringLiteral("url"), url.toString()},
                                      {QStringLiteral("pin_sha256"), pinSha256},
                                      {QStringLiteral("ca"), !caPem.isEmpty()}});
    });
}

void configureHq(store::Store &store, const HqConfig &config,
                 const std::optional<QByteArray> &hqPublicKey)
{
    if (const QString why = config.validate(); !why.isEmpty())
        throw store::StoreError(why);
    store.transaction([&] {
        if (hqPublicKey)
            setHqPublicKey(store, *hqPublicKey); // checks the key and the passphrase first
        config.save(store);
    });
}

std::optional<QByteArray> readCaFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = HqConfigText::tr("impossible de lire %1 : %2").arg(path, f.errorString());
        return std::nullopt;
    }
    // Read bounded: a pipe or a device has no size (/dev/zero was read until memory ran out).
    QByteArray pem = f.read(kMaxCaFileBytes + 1);
    if (pem.size() > kMaxCaFileBytes) {
        *error = HqConfigText::tr("%1 est trop gros pour un fichier d'autorité (%2 Kio au plus)")
                     .arg(path)
                     .arg(kMaxCaFileBytes / 1024);
        return std::nullopt;
    }
    return pem;
}

} // namespace plume::sync
