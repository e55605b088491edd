// Subcommands of the closing module (see command.h): export, verify, outbox export,
// contacts purge, station set-passphrase / set-hq-key (docs/exports.md, docs/privacy.md).
#include "closing/exports.h"
#include "closing/offline.h"
#include "hq/hqdb.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "sync/crypto.h"
#include "sync/seal.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

// The key the caller trusts: --public-key, or the one enrolled at HQ (--hq-db) or held by
// the station (--station-db) for the document's station. "" when none was asked for.
QString trustedKey(const QCommandLineParser &p, const QCommandLineOption &key,
                   const QCommandLineOption &hqDb, const QCommandLineOption &stationDb,
                   const QByteArray &doc)
{
    if (p.isSet(key))
        return p.value(key);
    if (p.isSet(stationDb))
        return sync::stationPublicKeyBase64(*store::Store::open(p.value(stationDb)));
    if (!p.isSet(hqDb))
        return {};
    const QString station = QJsonDocument::fromJson(doc)
                                .object()
                                .value(QStringLiteral("signed"))
                                .toObject()
                                .value(QStringLiteral("station"))
                                .toString();
    const auto k = hq::HqDatabase::open(p.value(hqDb), false)->stationKey(station);
    if (!k)
        throw store::StoreError(QCoreApplication::translate(
                                    "plumectl", "Le bureau %1 n'est pas enregistré au siège (%2).")
                                    .arg(station, p.value(hqDb)));
    return QString::fromLatin1(k->toBase64());
}

int verifyCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption key(QStringLiteral("public-key"),
                                 QStringLiteral("The station's Ed25519 public key (base64) that "
                                                "you trust, e.g. from enrolment."),
                                 QStringLiteral("B64"));
    const QCommandLineOption hqDb(
        QStringLiteral("hq-db"),
        QStringLiteral("Take the key enrolled at headquarters (sqlite:PATH "
                       "or postgresql://...)."),
        QStringLiteral("URL"));
    const QCommandLineOption stationDb(QStringLiteral("station-db"),
                                       QStringLiteral("Take the key of this station file."),
                                       QStringLiteral("FILE"));
    p.addOptions({key, hqDb, stationDb});
    p.addPositionalArgument(QStringLiteral("FILE.json"), QStringLiteral("Sealed PV document."));
    if (int r = parseArgs(p, args,
                          QStringLiteral("Verify a sealed PV document (JSON export): 'valid' "
                                         "(exit 0) only for a trusted key; a correct signature "
                                         "by an unknown key exits 3; 'INVALID: reason' exits 1."));
        r >= 0)
        return r;
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("give exactly one FILE.json"), Usage);
    QFile f(p.positionalArguments().constFirst());
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
    const QByteArray doc = f.read(16 * 1024 * 1024 + 1);
    closing::Verification v;
    if (doc.size() > 16 * 1024 * 1024)
        v.why = QStringLiteral("the file is too large for a PV document");
    else
        v = closing::verifyPvDocument(doc, trustedKey(p, key, hqDb, stationDb, doc));
    switch (v.verdict) {
    case closing::Verdict::Valid:
        out() << "valid\n";
        out().flush();
        return Ok;
    case closing::Verdict::UntrustedKey:
        out() << "signature correcte, mais clé non vérifiée : " << v.keyBase64 << "\n";
        err() << QCoreApplication::translate(
                     "plumectl", "plumectl : comparez cette clé avec celle du bureau enregistrée "
                                 "au siège, ou donnez --public-key, --hq-db ou --station-db.")
              << "\n";
        out().flush();
        err().flush();
        return Untrusted;
    case closing::Verdict::Invalid:
        break;
    }
    out() << "INVALID: " << v.why << "\n";
    out().flush();
    return Failure;
}

int contactsQueue(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Queue now every confirmed contact sheet (consent oui, "
                                         "required fields decided) for headquarters."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    const auto batches = sync::batchContacts(*s, QStringLiteral("plumectl"));
    int contacts = 0;
    for (const sync::Submission &b : batches)
        contacts += int(b.payload.value(QStringLiteral("contacts")).toArray().size());
    out() << "queued " << contacts << " contact sheet(s) in " << batches.size() << " batch(es)\n";
    out().flush();
    return Ok;
}

int outboxExport(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("Output file."),
                                     QStringLiteral("FILE.plume"));
    const QCommandLineOption key(QStringLiteral("hq-box-key"),
                                 QStringLiteral("HQ's X25519 public key (base64), if not set "
                                                "with station set-hq-key."),
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
            return fail(QStringLiteral("--hq-box-key must be the base64 of a 32-byte key"), Usage);
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
    for (const store::Sheet &sh : s->sheets())
        if (s->isErased(sh.id))
            noConsent << sh.id;
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

int stationSetHqKey(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption key(QStringLiteral("hq-box-key"),
                                 QStringLiteral("HQ's X25519 public key, base64 (plume-hq keys "
                                                "show)."),
                                 QStringLiteral("B64"));
    p.addOptions({dbOption(), key});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Record headquarters' public key for offline files."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const auto k = sync::decodeBase64Strict(p.value(key).trimmed().toLatin1());
    if (!k || k->size() != 32)
        return fail(QStringLiteral("--hq-box-key must be the base64 of a 32-byte key"), Usage);
    auto s = store::Store::open(p.value(dbOption()));
    closing::setHqBoxPublicKey(*s, *k);
    out() << "headquarters' box key recorded\n";
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
    r.add({{QStringLiteral("contacts"), QStringLiteral("queue")},
           QStringLiteral("queue every confirmed contact sheet for headquarters now"),
           contactsQueue});
    r.add({{QStringLiteral("contacts"), QStringLiteral("purge")},
           QStringLiteral("erase acknowledged contacts from the station (counts remain)"),
           contactsPurge});
    r.add({{QStringLiteral("station"), QStringLiteral("set-passphrase")},
           QStringLiteral("protect contact data with a passphrase, or change it"),
           stationSetPassphrase});
    r.add({{QStringLiteral("station"), QStringLiteral("set-hq-key")},
           QStringLiteral("record HQ's public key for offline files"),
           stationSetHqKey});
}

} // namespace plume::cli
