// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/cli.h"

#include "hq/hqdb.h"
#include "hq/text.h"
#include "i18n/console.h"
#include "i18n/i18n.h"

namespace plume::hq::cli {

// Escape sequences that a hostile file or client put in what is printed never reach the
// operator's terminal.
QTextStream &out()
{
    return i18n::consoleOut();
}

QTextStream &err()
{
    return i18n::consoleErr();
}

int fail(const QString &message, int code)
{
    out().flush();
    err() << "plume-hq: " << message << "\n";
    err().flush();
    return code;
}

const QCommandLineOption &dbOption()
{
    static const QCommandLineOption o(
        QStringLiteral("db"),
        HqText::tr("Base de données : sqlite:CHEMIN ou "
                   "postgresql://user:pass@host:port/db[?host=DOSSIER] (par défaut $PLUME_HQ_DB)."),
        QStringLiteral("URL"));
    return o;
}

const QCommandLineOption &keyFileOption()
{
    static const QCommandLineOption o(
        QStringLiteral("key-file"),
        HqText::tr("Fichier de la clé du siège (par défaut $PLUME_HQ_KEY_FILE, sinon <chemin "
                   "sqlite>.key ; obligatoire avec PostgreSQL)."),
        QStringLiteral("FILE"));
    return o;
}

QString dbUrl(const QCommandLineParser &p)
{
    return p.isSet(dbOption()) ? p.value(dbOption()) : qEnvironmentVariable("PLUME_HQ_DB");
}

int parse(QCommandLineParser &p, const QStringList &args, const QString &what)
{
    p.setApplicationDescription(what);
    p.addOption(plume::i18n::helpOption());
    if (!p.parse(args))
        return fail(
            p.errorText() + QStringLiteral("\n") + plume::i18n::helpTextFor(p, args.value(0)), 2);
    if (p.isSet(QStringLiteral("help"))) {
        out() << plume::i18n::helpTextFor(p, args.value(0));
        out().flush();
        return 0;
    }
    // Every subcommand works on a database.
    if (dbUrl(p).isEmpty())
        return fail(HqText::tr("--db URL est obligatoire (ou PLUME_HQ_DB)"), 2);
    return -1;
}

int guarded(const std::function<int()> &body)
{
    try {
        return body();
    } catch (const HqError &e) {
        return fail(e.message());
    }
}

HqKeys keysFor(const QCommandLineParser &p)
{
    const QString path = keyFilePath(p.value(keyFileOption()), dbUrl(p));
    if (path.isEmpty())
        throw HqError(HqText::tr("--key-file FICHIER est obligatoire avec PostgreSQL (ou "
                                 "PLUME_HQ_KEY_FILE)"));
    return readKeyFile(path);
}

} // namespace plume::hq::cli
