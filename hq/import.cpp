#include "hq/import.h"

#include "sync/crypto.h"
#include "sync/submission.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTextStream>

#include <sodium.h>

namespace plume::hq {
namespace {

const QString kOfflineFormat = QStringLiteral("plume.offline/1");
const QString kOfflineInnerFormat = QStringLiteral("plume.offline.inner/1");
constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024;

bool failWith(QString *error, const QString &m)
{
    if (error)
        *error = m;
    return false;
}

} // namespace

QString defaultBoxKeyFile()
{
    const QString env = qEnvironmentVariable("PLUME_HQ_BOX_KEY_FILE");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/plume-hq/box.key");
}

BoxKeyPair createBoxKeyFile(const QString &path)
{
    sync::ensureSodium();
    if (QFileInfo::exists(path))
        throw HqError(QStringLiteral("%1 already exists: refusing to replace HQ's key (stations "
                                     "encrypt to it)")
                          .arg(path));
    QDir().mkpath(QFileInfo(path).absolutePath());
    BoxKeyPair k;
    k.publicKey.resize(crypto_box_PUBLICKEYBYTES);
    k.secretKey.resize(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(reinterpret_cast<unsigned char *>(k.publicKey.data()),
                       reinterpret_cast<unsigned char *>(k.secretKey.data()));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        throw HqError(QStringLiteral("cannot create %1: %2").arg(path, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray text = "plume-hq-box-key/1\npublic " + k.publicKey.toBase64() + "\nsecret " +
                            k.secretKey.toBase64() + "\n";
    if (f.write(text) != text.size() || !f.flush())
        throw HqError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return k;
}

BoxKeyPair readBoxKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw HqError(QStringLiteral("cannot read HQ's key file %1: %2 (create it with "
                                     "`plume-hq keys init`)")
                          .arg(path, f.errorString()));
    BoxKeyPair k;
    const QList<QByteArray> lines = f.read(4096).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("public "))
            k.publicKey = sync::decodeBase64Strict(line.mid(7).trimmed()).value_or(QByteArray());
        else if (line.startsWith("secret "))
            k.secretKey = sync::decodeBase64Strict(line.mid(7).trimmed()).value_or(QByteArray());
    }
    if (lines.value(0) != "plume-hq-box-key/1" || k.publicKey.size() != crypto_box_PUBLICKEYBYTES ||
        k.secretKey.size() != crypto_box_SECRETKEYBYTES)
        throw HqError(QStringLiteral("%1 is not a plume-hq box key file").arg(path));
    return k;
}

std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const BoxKeyPair &keys, qint64 maxBodyBytes,
                                                     QString *error)
{
    sync::ensureSodium();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(file, &pe);
    const QJsonObject o = doc.object();
    if (pe.error != QJsonParseError::NoError || !doc.isObject() ||
        o.value(QStringLiteral("format")).toString() != kOfflineFormat) {
        failWith(error, QStringLiteral("not a Plume offline file (%1)").arg(kOfflineFormat));
        return std::nullopt;
    }
    const auto recipient =
        sync::decodeBase64Strict(o.value(QStringLiteral("recipient")).toString().toLatin1());
    if (!recipient || *recipient != keys.publicKey) {
        failWith(error, QStringLiteral("this file was encrypted for another headquarters key"));
        return std::nullopt;
    }
    const auto sealed =
        sync::decodeBase64Strict(o.value(QStringLiteral("sealed")).toString().toLatin1());
    if (!sealed || sealed->size() < qsizetype(crypto_box_SEALBYTES)) {
        failWith(error, QStringLiteral("the encrypted part is missing or not base64"));
        return std::nullopt;
    }
    QByteArray inner(sealed->size() - qsizetype(crypto_box_SEALBYTES), Qt::Uninitialized);
    if (crypto_box_seal_open(reinterpret_cast<unsigned char *>(inner.data()),
                             reinterpret_cast<const unsigned char *>(sealed->constData()),
                             static_cast<unsigned long long>(sealed->size()),
                             reinterpret_cast<const unsigned char *>(keys.publicKey.constData()),
                             reinterpret_cast<const unsigned char *>(keys.secretKey.constData())) !=
        0) {
        failWith(error, QStringLiteral("the file does not decrypt: damaged or not for this key"));
        return std::nullopt;
    }
    const QJsonObject in = QJsonDocument::fromJson(inner).object();
    sodium_memzero(inner.data(), size_t(inner.size()));
    if (in.value(QStringLiteral("format")).toString() != kOfflineInnerFormat ||
        !in.value(QStringLiteral("bodies")).isArray()) {
        failWith(error, QStringLiteral("the decrypted content is not a list of submissions"));
        return std::nullopt;
    }
    QVector<ImportItem> items;
    for (const QJsonValue &v : in.value(QStringLiteral("bodies")).toArray()) {
        ImportItem item;
        const auto body = sync::decodeBase64Strict(v.toString().toLatin1());
        if (!body) {
            item.status = 400;
            item.detail = QStringLiteral("a body is not base64");
            items.append(item);
            continue;
        }
        // The same checks, in the same order, as POST /api/v1/submissions.
        if (body->size() > maxBodyBytes) {
            item.status = 413;
            item.detail = QStringLiteral("body over %1 bytes").arg(maxBodyBytes);
            items.append(item);
            continue;
        }
        QString why;
        const auto s = sync::parseSubmission(*body, &why);
        if (!s) {
            item.status = 400;
            item.detail = why;
            items.append(item);
            continue;
        }
        item.uuid = s->uuid;
        std::optional<QByteArray> key;
        try {
            key = db.stationKey(s->station);
        } catch (const HqError &) {
            item.status = 503;
            item.detail = QStringLiteral("storage unavailable");
            items.append(item);
            continue;
        }
        if (!key) {
            item.status = 401;
            item.detail = QStringLiteral("unknown station");
        } else if (!sync::verifySubmission(*s, *key, &why)) {
            item.status = 401;
            item.detail = why;
        } else {
            const IngestResult r = db.ingest(*s);
            item.status = r.status;
            const QJsonObject ro = QJsonDocument::fromJson(r.body).object();
            item.detail = ro.contains(QStringLiteral("receipt"))
                              ? ro.value(QStringLiteral("receipt")).toString()
                              : ro.value(QStringLiteral("error")).toString();
        }
        items.append(item);
    }
    return items;
}

QTextStream &cliOut()
{
    static QTextStream s(stdout);
    return s;
}

int cliFail(const QString &message, int code)
{
    QTextStream e(stderr);
    e << "plume-hq: " << message << "\n";
    return code;
}

int cliParse(QCommandLineParser &p, const QStringList &args, const QString &what)
{
    p.setApplicationDescription(what);
    p.addHelpOption();
    if (!p.parse(args))
        return cliFail(p.errorText() + QStringLiteral("\n") + p.helpText(), 2);
    if (p.isSet(QStringLiteral("help"))) {
        cliOut() << p.helpText();
        cliOut().flush();
        return 0;
    }
    return -1;
}

namespace {

const QCommandLineOption keyFileOption(QStringLiteral("key-file"),
                                       QStringLiteral("HQ's box key file (default: "
                                                      "$PLUME_HQ_BOX_KEY_FILE or "
                                                      "~/.config/plume-hq/box.key)."),
                                       QStringLiteral("FILE"));

} // namespace

int keysCommand(const QString &word, const QStringList &args)
{
    QCommandLineParser p;
    p.addOption(keyFileOption);
    if (int r = cliParse(p, args,
                         word == QLatin1String("init")
                             ? QStringLiteral("Create HQ's X25519 key pair for offline files; "
                                              "prints the public key for `plumectl station "
                                              "set-hq-key`.")
                             : QStringLiteral("Print HQ's public box key (base64)."));
        r >= 0)
        return r;
    const QString path = p.isSet(keyFileOption) ? p.value(keyFileOption) : defaultBoxKeyFile();
    try {
        const BoxKeyPair k =
            word == QLatin1String("init") ? createBoxKeyFile(path) : readBoxKeyFile(path);
        if (word == QLatin1String("init"))
            cliOut() << "created " << path << " (keep it secret; back it up)\n";
        cliOut() << QString::fromLatin1(k.publicKey.toBase64()) << "\n";
        cliOut().flush();
    } catch (const HqError &e) {
        return cliFail(e.message());
    }
    return 0;
}

int importCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QStringLiteral("Database: sqlite:PATH or "
                                                     "postgresql://user:pass@host:port/db"),
                                      QStringLiteral("URL"));
    const QCommandLineOption maxBody(QStringLiteral("max-body"),
                                     QStringLiteral("Largest accepted submission in bytes."),
                                     QStringLiteral("BYTES"), QStringLiteral("1048576"));
    p.addOptions({dbOption, keyFileOption, maxBody});
    p.addPositionalArgument(QStringLiteral("FILE.plume"), QStringLiteral("Offline file(s)."));
    if (int r = cliParse(p, args,
                         QStringLiteral("Ingest offline files from stations (same checks and "
                                        "exactly-once rule as the HTTP API)."));
        r >= 0)
        return r;
    if (p.value(dbOption).isEmpty())
        return cliFail(QStringLiteral("--db URL is required"), 2);
    if (p.positionalArguments().isEmpty())
        return cliFail(QStringLiteral("give at least one FILE.plume"), 2);
    bool ok = false;
    const qint64 limit = p.value(maxBody).toLongLong(&ok);
    if (!ok || limit < 1024)
        return cliFail(QStringLiteral("--max-body must be a number of bytes >= 1024"), 2);
    int code = 0;
    try {
        const BoxKeyPair keys =
            readBoxKeyFile(p.isSet(keyFileOption) ? p.value(keyFileOption) : defaultBoxKeyFile());
        auto db = HqDatabase::open(p.value(dbOption));
        for (const QString &path : p.positionalArguments()) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                code = cliFail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
                continue;
            }
            const QByteArray bytes = f.read(kMaxFileBytes + 1);
            QString error;
            const auto items = bytes.size() > kMaxFileBytes
                                   ? std::nullopt
                                   : importOfflineFile(*db, bytes, keys, limit, &error);
            if (!items) {
                code = cliFail(QStringLiteral("%1: %2").arg(
                    path, error.isEmpty() ? QStringLiteral("file too large") : error));
                continue;
            }
            int stored = 0, duplicates = 0, refused = 0;
            for (const ImportItem &it : *items) {
                const QString state = it.status == 201 ? QStringLiteral("stored")
                                      : it.status == 200
                                          ? QStringLiteral("duplicate")
                                          : QStringLiteral("refused %1").arg(it.status);
                cliOut() << (it.uuid.isEmpty() ? QStringLiteral("-") : it.uuid) << " " << state
                         << " " << it.detail << "\n";
                if (it.status == 201)
                    ++stored;
                else if (it.status == 200)
                    ++duplicates;
                else
                    ++refused;
            }
            cliOut() << path << ": " << stored << " stored, " << duplicates << " already stored, "
                     << refused << " refused\n";
            cliOut().flush();
            if (refused > 0)
                code = 1;
        }
    } catch (const HqError &e) {
        return cliFail(e.message());
    }
    return code;
}

} // namespace plume::hq
