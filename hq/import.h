// Offline delivery at headquarters (docs/exports.md#offline): HQ's X25519 key pair for
// `.plume` files and `plume-hq import`, which ingests them with the same checks and the
// same exactly-once rule as POST /api/v1/submissions.
#pragma once

#include "hq/hqdb.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

class QCommandLineParser;
class QTextStream;

namespace plume::hq {

struct BoxKeyPair
{
    QByteArray publicKey; // 32 bytes (X25519)
    QByteArray secretKey; // 32 bytes
};

// Default key file: $PLUME_HQ_BOX_KEY_FILE, else <config dir>/plume-hq/box.key.
QString defaultBoxKeyFile();
// Creates a key pair in a new file (mode 0600, refuses to overwrite). Throws HqError.
BoxKeyPair createBoxKeyFile(const QString &path);
// Reads a key file. Throws HqError.
BoxKeyPair readBoxKeyFile(const QString &path);

struct ImportItem
{
    QString uuid;   // empty when the body did not parse
    int status = 0; // as over HTTP: 201 stored, 200 duplicate, 400/401/409/413/503
    QString detail; // receipt id or the reason (no personal data)
};

// Opens and ingests a `.plume` file. Returns nullopt and *error when the file itself is
// unreadable (format, wrong recipient key, tampered); otherwise one item per submission.
std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const BoxKeyPair &keys,
                                                     qint64 maxBodyBytes = 1024 * 1024,
                                                     QString *error = nullptr);

// Command-line helpers shared by plume-hq's subcommands (main.cpp and here).
QTextStream &cliOut(); // stdout
// Prints "plume-hq: <message>" on stderr; returns code.
int cliFail(const QString &message, int code = 1);
// Sets the description and --help, then parses: -1 to go on, else the exit code (0 after
// printing the help, 2 on a bad command line).
int cliParse(QCommandLineParser &p, const QStringList &args, const QString &what);

// plume-hq subcommands (args[0] = "plume-hq <words>").
int keysCommand(const QString &word, const QStringList &args); // keys init | keys show
int importCommand(const QStringList &args);

} // namespace plume::hq
