// plume-hq: headquarters server and operator commands (docs/hq.md).
#include "hq/hqdb.h"
#include "hq/hqserver.h"
#include "hq/import.h" // offline delivery (closing)
#include "sync/crypto.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

using namespace plume;

namespace {

using hq::cliFail;
using hq::cliOut;

const QCommandLineOption dbOption(QStringLiteral("db"),
                                  QStringLiteral("Database: sqlite:PATH (default kind) or "
                                                 "postgresql://user:pass@host:port/db"),
                                  QStringLiteral("URL"));

int parse(QCommandLineParser &p, const QStringList &args, const QString &what)
{
    if (int r = hq::cliParse(p, args, what); r >= 0)
        return r;
    if (p.value(dbOption).isEmpty())
        return cliFail(QStringLiteral("--db URL is required"), 2);
    return -1;
}

int stationsAdd(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption station(QStringLiteral("station"), QStringLiteral("Station code."),
                                     QStringLiteral("CODE"));
    const QCommandLineOption key(QStringLiteral("public-key"),
                                 QStringLiteral("Ed25519 public key, base64 (plumectl station "
                                                "pubkey)."),
                                 QStringLiteral("B64"));
    const QCommandLineOption replace(QStringLiteral("replace"),
                                     QStringLiteral("Replace an enrolled station's key."));
    p.addOptions({dbOption, station, key, replace});
    if (int r = parse(p, args, QStringLiteral("Enrol a station and its public key.")); r >= 0)
        return r;
    const auto raw = sync::decodeBase64Strict(p.value(key).trimmed().toLatin1());
    if (!raw || raw->size() != 32)
        return cliFail(QStringLiteral("--public-key must be the base64 of a 32-byte Ed25519 key"),
                       2);
    if (p.value(station).trimmed().isEmpty())
        return cliFail(QStringLiteral("--station CODE is required"), 2);
    try {
        auto db = hq::HqDatabase::open(p.value(dbOption));
        db->addStation(p.value(station).trimmed(), *raw, p.isSet(replace));
        cliOut() << "enrolled station " << p.value(station).trimmed() << "\n";
    } catch (const hq::HqError &e) {
        return cliFail(e.message());
    }
    return 0;
}

int serve(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port (port 0 = any free)."),
                                    QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8443"));
    const QCommandLineOption cert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption keyOpt(QStringLiteral("tls-key"), QStringLiteral("PEM private key."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption maxBody(QStringLiteral("max-body"),
                                     QStringLiteral("Largest accepted body in bytes."),
                                     QStringLiteral("BYTES"), QStringLiteral("1048576"));
    const QCommandLineOption durability(
        QStringLiteral("durability"),
        QStringLiteral("full: fsync every receipt (survives power loss); process: survives a "
                       "crash or kill of plume-hq, not a power cut (faster)."),
        QStringLiteral("full|process"), QStringLiteral("full"));
    p.addOptions({dbOption, listen, cert, keyOpt, maxBody, durability});
    if (int r = parse(p, args, QStringLiteral("Serve the submissions API and results.")); r >= 0)
        return r;
    const QString hp = p.value(listen);
    const int colon = int(hp.lastIndexOf(QLatin1Char(':')));
    bool ok = false;
    const uint port = hp.mid(colon + 1).toUInt(&ok);
    QString host = hp.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1")
                                                                  : host);
    if (colon < 0 || !ok || port > 65535 || address.isNull())
        return cliFail(QStringLiteral("--listen must be HOST:PORT with a numeric address"), 2);
    if (p.isSet(cert) != p.isSet(keyOpt))
        return cliFail(QStringLiteral("--tls-cert and --tls-key go together"), 2);
    hq::ServerOptions options;
    options.maxBodyBytes = p.value(maxBody).toLongLong(&ok);
    if (!ok || options.maxBodyBytes < 1024)
        return cliFail(QStringLiteral("--max-body must be a number of bytes >= 1024"), 2);
    if (p.value(durability) != QLatin1String("full") &&
        p.value(durability) != QLatin1String("process"))
        return cliFail(QStringLiteral("--durability is full or process"), 2);
    try {
        auto db =
            hq::HqDatabase::open(p.value(dbOption), p.value(durability) == QLatin1String("full"));
        hq::HqServer server(*db, options);
        const bool tls = p.isSet(cert);
        if (tls) {
            QString error;
            if (!server.setupTls(p.value(cert), p.value(keyOpt), &error))
                return cliFail(error);
        } else if (!address.isLoopback()) {
            QTextStream(stderr) << "plume-hq: warning: plain HTTP on a non-loopback address; "
                                   "stations will refuse it (use --tls-cert/--tls-key)\n";
        }
        const quint16 bound = server.listen(address, quint16(port));
        if (!bound)
            return cliFail(QStringLiteral("cannot listen on %1").arg(hp));
        cliOut() << "plume-hq listening on " << (tls ? "https://" : "http://")
                 << (address.protocol() == QAbstractSocket::IPv6Protocol
                         ? QStringLiteral("[%1]").arg(address.toString())
                         : address.toString())
                 << ":" << bound << " (" << (db->isPostgres() ? "postgresql" : "sqlite") << ")\n";
        cliOut().flush();
        return QCoreApplication::exec();
    } catch (const hq::HqError &e) {
        return cliFail(e.message());
    }
}

int contactsExport(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Output JSON file "
                                                    "(mode 0600)."),
                                     QStringLiteral("FILE"));
    p.addOptions({dbOption, outFile});
    if (int r = parse(p, args, QStringLiteral("Export the contacts (operator only).")); r >= 0)
        return r;
    if (p.value(outFile).isEmpty())
        return cliFail(QStringLiteral("--out FILE is required"), 2);
    try {
        auto db = hq::HqDatabase::open(p.value(dbOption));
        const int n = db->exportContacts(p.value(outFile));
        cliOut() << "exported " << n << " contacts to " << p.value(outFile) << "\n";
    } catch (const hq::HqError &e) {
        return cliFail(e.message());
    }
    return 0;
}

int results(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption});
    if (int r = parse(p, args, QStringLiteral("Print the consolidated results (JSON).")); r >= 0)
        return r;
    try {
        auto db = hq::HqDatabase::open(p.value(dbOption));
        cliOut() << QString::fromUtf8(QJsonDocument(db->results()).toJson(QJsonDocument::Indented));
    } catch (const hq::HqError &e) {
        return cliFail(e.message());
    }
    return 0;
}

void usage(QTextStream &s)
{
    s << "Usage: plume-hq <command> [options]\n\n"
         "  stations add --db URL --station CODE --public-key B64 [--replace]\n"
         "  serve --db URL --listen HOST:PORT [--tls-cert F --tls-key F] [--max-body N]\n"
         "        [--durability full|process]\n"
         "  results --db URL\n"
         "  contacts export --db URL --out FILE\n"
         "  keys init|show [--key-file F]      (offline delivery: HQ's box key)\n"
         "  import --db URL [--key-file F] FILE.plume...\n\n"
         "URL: sqlite:PATH (default kind) or postgresql://user:pass@host:port/db[?host=DIR]\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("plume-hq"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    const QStringList a = app.arguments();
    auto rest = [&](int n) {
        QStringList r = a.mid(1 + n);
        r.prepend(QStringLiteral("plume-hq ") + a.mid(1, n).join(QLatin1Char(' ')));
        return r;
    };
    const QString c1 = a.value(1), c2 = a.value(2);
    if (c1 == QLatin1String("stations") && c2 == QLatin1String("add"))
        return stationsAdd(rest(2));
    if (c1 == QLatin1String("serve"))
        return serve(rest(1));
    if (c1 == QLatin1String("results"))
        return results(rest(1));
    if (c1 == QLatin1String("contacts") && c2 == QLatin1String("export"))
        return contactsExport(rest(2));
    // Offline delivery (hq/import.cpp).
    if (c1 == QLatin1String("keys") && (c2 == QLatin1String("init") || c2 == QLatin1String("show")))
        return hq::keysCommand(c2, rest(2));
    if (c1 == QLatin1String("import"))
        return hq::importCommand(rest(1));
    if (c1 == QLatin1String("--version")) {
        cliOut() << "plume-hq " PLUME_VERSION "\n";
        return 0;
    }
    QTextStream e(c1 == QLatin1String("--help") ? stdout : stderr);
    usage(e);
    return c1 == QLatin1String("--help") ? 0 : 2;
}
