// Subcommands of the closing module (see command.h): export, verify, outbox export,
// contacts purge, station set-passphrase / set-hq-key (docs/exports.md, docs/privacy.md).
#include "closing/exports.h"
#include "plumectl/command.h"
#include "store/store.h"

#include <QFile>

namespace plume::cli {
namespace {

const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Station file."),
                                  QStringLiteral("FILE"));

int requireDb(const QCommandLineParser &p)
{
    if (p.value(dbOption).isEmpty())
        return fail(QStringLiteral("--db FILE is required"), Usage);
    return -1;
}

int exportCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption what(QStringLiteral("what"), QStringLiteral("What to export: pv."),
                                  QStringLiteral("WHAT"), QStringLiteral("pv"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("pdf (to print and sign), csv (French "
                                                   "spreadsheets) or json (sealed, signed)."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("Output file."),
                                     QStringLiteral("PATH"));
    p.addOptions({dbOption, what, format, outFile});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Export the PV. Contacts are never exported: they go "
                                         "to headquarters only."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(what) != QLatin1String("pv"))
        return fail(QStringLiteral("--what pv is the only export (contacts go to headquarters "
                                   "only, never to a file in clear)"),
                    Usage);
    const auto f = closing::formatFromString(p.value(format).trimmed().toLower());
    if (!f)
        return fail(QStringLiteral("--format must be pdf, csv or json"), Usage);
    if (p.value(outFile).isEmpty())
        return fail(QStringLiteral("--out PATH is required"), Usage);
    try {
        auto s = store::Store::open(p.value(dbOption));
        QString error;
        if (!closing::exportPv(*s, *f, p.value(outFile), &error))
            return fail(error);
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    out() << "wrote " << p.value(outFile) << "\n";
    out().flush();
    return Ok;
}

int verifyCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption key(QStringLiteral("public-key"),
                                 QStringLiteral("The station's Ed25519 public key (base64), "
                                                "e.g. from enrolment; default: the key in the "
                                                "document."),
                                 QStringLiteral("B64"));
    p.addOptions({key});
    p.addPositionalArgument(QStringLiteral("FILE.json"), QStringLiteral("Sealed PV document."));
    if (int r = parseArgs(p, args,
                          QStringLiteral("Verify a sealed PV document (JSON export): prints "
                                         "'valid' (exit 0) or 'INVALID: reason' (exit 1)."));
        r >= 0)
        return r;
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("give exactly one FILE.json"), Usage);
    QFile f(p.positionalArguments().constFirst());
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
    const QByteArray doc = f.read(16 * 1024 * 1024 + 1);
    QString why;
    bool ok = false;
    if (doc.size() > 16 * 1024 * 1024)
        why = QStringLiteral("the file is too large for a PV document");
    else
        ok = closing::verifyPvJson(doc, p.value(key), &why);
    if (ok) {
        out() << "valid\n";
        if (!p.isSet(key))
            out() << "(signed by the key in the document: compare it with the station's "
                     "enrolled key, or pass --public-key)\n";
    } else {
        out() << "INVALID: " << why << "\n";
    }
    out().flush();
    return ok ? Ok : Failure;
}

} // namespace

void registerClosingCommands(Registry &r)
{
    r.add({{QStringLiteral("export")},
           QStringLiteral("export the PV: --what pv --format pdf|csv|json --out PATH"),
           exportCommand});
    r.add({{QStringLiteral("verify")},
           QStringLiteral("verify a sealed PV document (JSON export)"),
           verifyCommand});
}

} // namespace plume::cli
