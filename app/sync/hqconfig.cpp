#include "sync/hqconfig.h"

#include "store/store.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSslCertificate>

namespace plume::sync {

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
        return QStringLiteral("headquarters URL is missing or invalid");
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        if (!isLoopbackHost(url.host()))
            return QStringLiteral("plain http is allowed only to a loopback address (127.0.0.1, "
                                  "::1, localhost); use https with --pin-sha256 or --ca-file");
        return {};
    }
    if (scheme != QLatin1String("https"))
        return QStringLiteral("headquarters URL must be https:// (or http:// to loopback)");
    static const QRegularExpression hexRe(QStringLiteral("^[0-9a-f]{64}$"));
    if (!pinSha256.isEmpty() && !hexRe.match(pinSha256).hasMatch())
        return QStringLiteral("the certificate pin must be 64 lowercase hex digits (SHA-256)");
    if (pinSha256.isEmpty() && caPem.isEmpty())
        return QStringLiteral("https needs the HQ certificate pinned (--pin-sha256) or a CA "
                              "file (--ca-file) given at station set-up");
    if (!caPem.isEmpty() && QSslCertificate::fromData(caPem, QSsl::Pem).isEmpty())
        return QStringLiteral("the CA file holds no PEM certificate");
    return {};
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

void HqConfig::save(store::Store &store) const
{
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

} // namespace plume::sync
