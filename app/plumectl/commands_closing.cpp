// Subcommands of the closing module (see command.h): export, verify, outbox export,
// contacts purge, station set-passphrase (docs/exports.md, docs/privacy.md).
#include "closing/exports.h"
#include "closing/offline.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "sync/crypto.h"

#include <QFile>

namespace plume::cli {
namespace {

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
    p.addOptions({dbOption(), what, format, outFile, passphraseOption()});
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
    auto s = openStation(p);
    QString error;
    if (!closing::exportPv(*s, *f, p.value(outFile), &error))
        return fail(error);
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

int outboxExport(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("Output file."),
                                     QStringLiteral("FILE.plume"));
    const QCommandLineOption key({QStringLiteral("hq-key"), QStringLiteral("hq-box-key")},
                                 QStringLiteral("HQ's Ed25519 public key (base64, plume-hq keys "
                                                "show), if not set with station set-hq."),
                                 QStringLiteral("B64"));
    p.addOptions({dbOption(), outFile, key, passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Write the pending submissions to a file encrypted to "
                                         "headquarters' key, to carry there when there is no "
                                         "network (plume-hq import)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(outFile).isEmpty())
        return fail(QStringLiteral("--out FILE.plume is required"), Usage);
    QByteArray boxKey;
    if (p.isSet(key)) {
        const auto k = sync::decodeBase64Strict(p.value(key).trimmed().toLatin1());
        if (!k || k->size() != 32)
            return fail(QStringLiteral("--hq-key must be the base64 of a 32-byte key"), Usage);
        boxKey = *k;
    }
    auto s = openStation(p);
    QString error;
    const auto r = closing::exportOutbox(*s, p.value(outFile), boxKey, &error);
    if (!r)
        return fail(error);
    out() << "wrote " << r->uuids.size() << " submission(s) to " << p.value(outFile)
          << " (encrypted to headquarters; they stay queued until a receipt comes)\n";
    out().flush();
    return Ok;
}

int contactsPurge(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Erase from the station the contacts that headquarters "
                                         "has acknowledged, and what is left of sheets without "
                                         "consent; then compact the file. Counts remain."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    if (s->protection() == store::Store::Protection::Locked)
        return fail(QStringLiteral("the station is locked: give --passphrase-file (the "
                                   "delivered batches must be read to find their sheets)"));
    const int delivered = s->purgeDeliveredContacts(QStringLiteral("plumectl"));
    QStringList noConsent;
    for (const store::Sheet &sh : s->sheets()) {
        if (sh.form != QLatin1String("contact"))
            continue;
        const auto consent = s->latestDecision(sh.id, QStringLiteral("consentement"));
        if (consent && consent->value == QLatin1String("non"))
            noConsent << sh.id;
    }
    if (!noConsent.isEmpty())
        s->purgePersonalData(noConsent, QStringLiteral("plumectl"), false);
    QString error;
    const bool compacted = s->compact(&error);
    out() << "purged " << delivered << " delivered contact sheet(s) and " << noConsent.size()
          << " sheet(s) without consent\n";
    out().flush();
    if (!compacted)
        return fail(error + QStringLiteral(" (the data is erased; run again when the GUI is "
                                           "closed to compact the file)"));
    return Ok;
}

int stationSetPassphrase(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption newFile(QStringLiteral("new-passphrase-file"),
                                     QStringLiteral("File holding the new passphrase (default: "
                                                    "--passphrase-file on a station that has "
                                                    "none yet)."),
                                     QStringLiteral("FILE"));
    p.addOptions({dbOption(), passphraseOption(), newFile});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Protect contact data with a station passphrase, or "
                                         "change it (--passphrase-file = current one)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = store::Store::open(p.value(dbOption()));
    const bool unprotected = s->protection() == store::Store::Protection::Unprotected;
    QString next;
    if (p.isSet(newFile))
        next = store::Store::readPassphraseFile(p.value(newFile));
    else if (unprotected && p.isSet(passphraseOption()))
        next = store::Store::readPassphraseFile(p.value(passphraseOption()));
    else
        return fail(QStringLiteral("give the new passphrase with --new-passphrase-file"), Usage);
    QString current;
    if (!unprotected && p.isSet(passphraseOption()))
        current = store::Store::readPassphraseFile(p.value(passphraseOption()));
    s->setPassphrase(next, current);
    out() << (unprotected ? "contact data is now protected by the station passphrase\n"
                          : "station passphrase changed\n");
    out().flush();
    return Ok;
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
    r.add({{QStringLiteral("outbox"), QStringLiteral("export")},
           QStringLiteral("pending submissions to a file encrypted to HQ (no network)"),
           outboxExport});
    r.add({{QStringLiteral("contacts"), QStringLiteral("purge")},
           QStringLiteral("erase acknowledged contacts from the station (counts remain)"),
           contactsPurge});
    r.add({{QStringLiteral("station"), QStringLiteral("set-passphrase")},
           QStringLiteral("protect contact data with a passphrase, or change it"),
           stationSetPassphrase});
}

} // namespace plume::cli
