// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq serve (docs/hq.md#serve). Its flags default to the environment a systemd unit
// reads from /etc/default/plume-hq: PLUME_HQ_DB, PLUME_HQ_LISTEN, PLUME_HQ_KEY_FILE,
// PLUME_HQ_OPERATOR_TOKEN_FILE.
#include "hq/cli.h"
#include "hq/hqserver.h"
#include "hq/keys.h"
#include "hq/text.h"
#include "i18n/process.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <sys/resource.h>

namespace plume::hq::cli {
namespace {

struct ServeFlags
{
    QCommandLineOption listen{QStringLiteral("listen"),
                              HqText::tr("Adresse et port, port 0 = un port libre (par défaut "
                                         "$PLUME_HQ_LISTEN, sinon 127.0.0.1:8443)."),
                              QStringLiteral("HOST:PORT")};
    QCommandLineOption token{
        QStringLiteral("operator-token-file"),
        HqText::tr("Fichier du jeton des opérateurs (bearer, ou mot de passe de la fenêtre de "
                   "connexion du navigateur) ; par défaut $PLUME_HQ_OPERATOR_TOKEN_FILE. Sans lui, "
                   "les textes libres et les pages des bureaux ne sont montrés à personne."),
        QStringLiteral("FILE")};
    QCommandLineOption cert{QStringLiteral("tls-cert"), HqText::tr("Certificat PEM."),
                            QStringLiteral("FILE")};
    QCommandLineOption key{QStringLiteral("tls-key"), HqText::tr("Clé privée PEM."),
                           QStringLiteral("FILE")};
    QCommandLineOption maxBody{QStringLiteral("max-body"),
                               HqText::tr("Plus grand corps de requête accepté, en octets."),
                               QStringLiteral("BYTES"), QStringLiteral("4194304")};
    QCommandLineOption durability{
        QStringLiteral("durability"),
        HqText::tr("full : fsync à chaque validation groupée (résiste à une coupure de courant) ; "
                   "process : résiste à un plantage ou à l'arrêt forcé de plume-hq, pas à une "
                   "coupure de courant (plus rapide)."),
        QStringLiteral("full|process"), QStringLiteral("full")};
    QCommandLineOption maxConnections{QStringLiteral("max-connections"),
                                      HqText::tr("Connexions simultanées (en tout)."),
                                      QStringLiteral("N"), QStringLiteral("1024")};
    QCommandLineOption perAddress{QStringLiteral("max-connections-per-address"),
                                  HqText::tr("Connexions simultanées depuis une même adresse."),
                                  QStringLiteral("N"), QStringLiteral("128")};
    QCommandLineOption headerTimeout{
        QStringLiteral("header-timeout"),
        HqText::tr("Secondes pour envoyer les en-têtes de la requête."), QStringLiteral("S"),
        QStringLiteral("10")};
    QCommandLineOption idleTimeout{
        QStringLiteral("idle-timeout"),
        HqText::tr("Secondes d'inactivité permises à une connexion maintenue."),
        QStringLiteral("S"), QStringLiteral("30")};
    QCommandLineOption quiet{
        QStringLiteral("quiet"),
        HqText::tr("Pas de journal d'accès (une ligne par requête sur stderr).")};

    QList<QCommandLineOption> all() const
    {
        return {dbOption(), keyFileOption(), listen,     token,         cert,        key,  maxBody,
                durability, maxConnections,  perAddress, headerTimeout, idleTimeout, quiet};
    }
};

QString orEnv(const QCommandLineParser &p, const QCommandLineOption &o, const char *env,
              const QString &fallback = {})
{
    if (p.isSet(o))
        return p.value(o);
    const QString v = qEnvironmentVariable(env);
    return v.isEmpty() ? fallback : v;
}

// The operators' token: the first line of the file, at least 16 characters.
QByteArray readToken(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw HqError(HqText::tr("impossible de lire %1 : %2").arg(path, f.errorString()));
    const QByteArray token = f.readLine(4096).trimmed();
    if (token.size() < 16)
        throw HqError(HqText::tr("le jeton des opérateurs doit faire au moins 16 caractères"));
    return token;
}

bool parseAddress(const QString &hp, QHostAddress *address, quint16 *port)
{
    const int colon = int(hp.lastIndexOf(QLatin1Char(':')));
    bool ok = false;
    const uint p = hp.mid(colon + 1).toUInt(&ok);
    QString host = hp.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    *address =
        QHostAddress(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
    *port = quint16(p);
    return colon > 0 && ok && p <= 65535 && !address->isNull();
}

// The connection cap must fit the process's file descriptors: raise the soft limit to the
// hard one, and keep 64 for the databases and logs.
int fitConnections(int wanted)
{
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0)
        return wanted;
    if (r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
        getrlimit(RLIMIT_NOFILE, &r);
    }
    return int(std::min<rlim_t>(rlim_t(wanted), r.rlim_cur > 128 ? r.rlim_cur - 64 : 64));
}

constexpr int kMaxTimeoutS = 86400;
constexpr qint64 kMaxBodyCap = 1LL << 30; // --max-body: 1 GiB at most

bool fillOptions(const QCommandLineParser &p, const ServeFlags &f, ServerOptions *o)
{
    bool ok[5] = {};
    o->limits.maxBodyBytes = p.value(f.maxBody).toLongLong(&ok[0]);
    o->limits.maxConnections = fitConnections(p.value(f.maxConnections).toInt(&ok[1]));
    o->limits.maxConnectionsPerAddress = p.value(f.perAddress).toInt(&ok[2]);
    // Seconds, at most a day: 1000 × 4294968 wrapped to 704 ms (a review).
    const int header = p.value(f.headerTimeout).toInt(&ok[3]);
    const int idle = p.value(f.idleTimeout).toInt(&ok[4]);
    o->limits.headerTimeoutMs = header > 0 && header <= kMaxTimeoutS ? 1000 * header : 0;
    o->limits.idleTimeoutMs = idle > 0 && idle <= kMaxTimeoutS ? 1000 * idle : 0;
    o->fullSync = p.value(f.durability) == QLatin1String("full");
    o->accessLog = !p.isSet(f.quiet);
    return std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) &&
           o->limits.maxBodyBytes >= 1024 && o->limits.maxBodyBytes <= kMaxBodyCap &&
           o->limits.maxConnections > 0 && o->limits.maxConnectionsPerAddress > 0 &&
           o->limits.headerTimeoutMs > 0 && o->limits.idleTimeoutMs > 0 &&
           (o->fullSync || p.value(f.durability) == QLatin1String("process"));
}

// A secret any user of the machine can read is said at start: a review saw key files at
// 0644 and 0666 taken without a word. Group-readable is Debian's way for TLS keys
// (root:ssl-cert 0640), so only "others" count; serve goes on.
void warnIfReadableByOthers(const QString &path)
{
    if (path.isEmpty() || !(QFileInfo(path).permissions() & QFileDevice::ReadOther))
        return;
    cli::err() << "plume-hq: "
               << HqText::tr("attention : %1 est une clé secrète lisible par tous les "
                             "utilisateurs de cette machine (chmod o-r %1)")
                      .arg(path)
               << "\n";
    cli::err().flush();
}

void warnOfCertificateDates(const QSslCertificate &certificate)
{
    const QString warning = certificateDateWarning(certificate, QDateTime::currentDateTimeUtc());
    if (warning.isEmpty())
        return;
    cli::err() << "plume-hq: " << warning << "\n";
    cli::err().flush();
}

// PostgreSQL settings that keep HQ's statements, sealed contacts included, in its server
// log, where a purge cannot reach (HqDatabase::serverLogHazards): said with the way out.
void warnOfServerLog(const HqDatabase &db)
{
    const QStringList on = db.serverLogHazards();
    if (on.isEmpty())
        return;
    QString role = db.database().userName();
    if (role.isEmpty())
        role = QStringLiteral("<rôle>");
    QStringList fixes;
    for (const QString &name : on)
        fixes << QStringLiteral("ALTER ROLE %1 SET %2 = '%3';")
                     .arg(role, name, HqDatabase::quietLogValue(name));
    cli::err() << "plume-hq: "
               << HqText::tr("attention : PostgreSQL peut écrire dans son journal les "
                             "instructions de plume-hq avec leurs valeurs, contacts scellés "
                             "compris, qu'une purge n'y efface pas (%1) ; en superutilisateur : %2")
                      .arg(on.join(QStringLiteral(", ")), fixes.join(QLatin1Char(' ')))
               << "\n";
    cli::err().flush();
}

int run(const QCommandLineParser &p, const ServeFlags &f, ServerOptions options,
        const QHostAddress &address, quint16 port)
{
    // a missing database is said before its key file
    warnOfServerLog(*HqDatabase::open(dbUrl(p), false));
    options.keys = keysFor(p);
    const QString tokenFile = orEnv(p, f.token, "PLUME_HQ_OPERATOR_TOKEN_FILE");
    if (!tokenFile.isEmpty()) {
        options.operatorToken = readToken(tokenFile);
        warnIfReadableByOthers(tokenFile); // a review: a 0644 token was taken without a word
    }
    HqServer server(dbUrl(p), options);
    const bool tls = p.isSet(f.cert);
    QString error;
    if (tls && !server.setupTls(p.value(f.cert), p.value(f.key), &error))
        return fail(error);
    if (tls)
        warnOfCertificateDates(server.tlsCertificate());
    warnIfReadableByOthers(keyFilePath(p.value(keyFileOption()), dbUrl(p)));
    if (tls)
        warnIfReadableByOthers(p.value(f.key));
    if (!tls && !address.isLoopback()) {
        cli::err() << "plume-hq: "
                   << HqText::tr("attention : HTTP simple sur une adresse qui n'est pas "
                                 "locale ; les bureaux le refuseront (donnez --tls-cert "
                                 "et --tls-key)")
                   << "\n";
        cli::err().flush();
    }
    const quint16 bound = server.listen(address, port);
    if (!bound)
        return fail(HqText::tr("impossible d'écouter sur %1, port %2 : le port est peut-être "
                               "déjà pris (un autre plume-hq ?) ou réservé ; choisissez-en un "
                               "autre avec --listen ADRESSE:PORT")
                        .arg(address.toString())
                        .arg(port));
    out() << "plume-hq listening on " << (tls ? "https://" : "http://")
          << (address.protocol() == QAbstractSocket::IPv6Protocol
                  ? QStringLiteral("[%1]").arg(address.toString())
                  : address.toString())
          << ":" << bound << " (" << (HqDatabase::sqlitePath(dbUrl(p)) ? "sqlite" : "postgresql")
          << ")\n";
    out().flush();
    // SIGTERM (systemd) and SIGINT end the event loop: the batch being stored is finished
    // and answered, the access log written, the connections closed.
    i18n::onStopSignals(&server, [&server] { server.stop([] { QCoreApplication::quit(); }); });
    return QCoreApplication::exec();
}

} // namespace

int serveCommand(const QStringList &args)
{
    QCommandLineParser p;
    const ServeFlags f;
    p.addOptions(f.all());
    if (int r = parse(p, args, HqText::tr("Sert l'API des envois et les résultats.")); r >= 0)
        return r;
    QHostAddress address;
    quint16 port = 0;
    if (!parseAddress(orEnv(p, f.listen, "PLUME_HQ_LISTEN", QStringLiteral("127.0.0.1:8443")),
                      &address, &port))
        return fail(HqText::tr("--listen attend HOTE:PORT avec une adresse numérique"), 2);
    if (p.isSet(f.cert) != p.isSet(f.key))
        return fail(HqText::tr("--tls-cert et --tls-key vont ensemble"), 2);
    ServerOptions options;
    if (!fillOptions(p, f, &options))
        return fail(HqText::tr("valeur invalide : --max-body >= 1024, --durability full|process, "
                               "nombres positifs pour les connexions et délais"),
                    2);
    return guarded([&] { return run(p, f, options, address, port); });
}

} // namespace plume::hq::cli
