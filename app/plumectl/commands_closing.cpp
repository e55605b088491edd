// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Subcommands of the closing module (see command.h): export, verify, outbox export,
// contacts purge, station set-passphrase (docs/exports.md, docs/privacy.md).
#include "closing/exports.h"
#include "closing/offline.h"
#include "hq/hqdb.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "store/text.h"
#include "sync/crypto.h"
#include "sync/outbox.h"
#include "sync/seal.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QFile>

#include <algorithm>

namespace plume::cli {
namespace {

int exportCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption what(QStringLiteral("what"), Text::tr("Ce qu'il faut exporter : pv."),
                                  QStringLiteral("WHAT"), QStringLiteral("pv"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        Text::tr("pdf (à imprimer et signer), csv (tableurs français) ou json (scellé, signé)."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption outFile(QStringLiteral("out"), Text::tr("Fichier à écrire."),
                                     QStringLiteral("PATH"));
    p.addOptions({dbOption(), what, format, outFile, passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Exporte le PV. Les fiches contact ne sont jamais exportées : "
                                   "elles ne vont qu'au siège."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(what) != QLatin1String("pv"))
        return fail(Text::tr("--what pv est le seul export (les fiches contact ne vont qu'au "
                             "siège, jamais dans un fichier en clair)"),
                    Usage);
    const auto f = closing::formatFromString(p.value(format).trimmed().toLower());
    if (!f)
        return fail(Text::tr("--format doit valoir pdf, csv ou json"), Usage);
    if (p.value(outFile).isEmpty())
        return fail(Text::tr("--out CHEMIN est obligatoire"), Usage);
    auto s = openStationToRead(p);
    QString error;
    if (!closing::exportPv(*s, *f, p.value(outFile), &error))
        return fail(error);
    out() << Text::tr("écrit : %1").arg(p.value(outFile)) << "\n";
    out().flush();
    return Ok;
}

// The station a sealed document is signed for.
QString signedStation(const QByteArray &doc)
{
    return QJsonDocument::fromJson(doc)
        .object()
        .value(QStringLiteral("signed"))
        .toObject()
        .value(QStringLiteral("station"))
        .toString();
}

// A version the station sealed before `station rekey` and HQ received (so not signed again)
// keeps the old key's signature: it answered INVALID against its own file (a review of
// 2026-12-02). The old key vouches only for the versions the file itself holds (same digest):
// whoever stole that key may have signed others with it. nullopt for anything else.
std::optional<QString> ownVersionKey(const store::Store &store, const QByteArray &doc)
{
    const QJsonObject o = QJsonDocument::fromJson(doc).object();
    const QByteArray named =
        QByteArray::fromBase64(o.value(QStringLiteral("public_key")).toString().toLatin1());
    const QString sha = o.value(QStringLiteral("sha256")).toString();
    const QVector<sync::Submission> versions = sync::sealedPvVersions(store);
    const bool held = std::any_of(versions.begin(), versions.end(),
                                  [&](const sync::Submission &v) { return v.sha256 == sha; });
    if (!held || !closing::stationSigningKeys(store).contains(named))
        return std::nullopt;
    return QString::fromLatin1(named.toBase64());
}

// The key of a station file, which vouches for it only when it passes its own integrity
// check (a public key copied in with sqlite3 does not) and is the document's station.
QString stationFileKey(const QString &path, const QByteArray &doc)
{
    const auto store = store::Store::openToRead(path); // an older file is not migrated
    const store::CheckResult check = store->check();
    if (!check.ok)
        throw store::StoreError(
            QCoreApplication::translate("plumectl", "Le fichier du bureau %1 ne passe pas le "
                                                    "contrôle d'intégrité (%2) : sa clé ne "
                                                    "peut pas servir de référence.")
                .arg(path, check.message));
    const QString code = store->election().stationCode, station = signedStation(doc);
    if (code != station)
        throw store::StoreError(
            QCoreApplication::translate("plumectl",
                                        "Le fichier %1 est celui du bureau %2, le document est "
                                        "signé pour le bureau %3.")
                .arg(path, code, station));
    // Locked, the check is partial (the audit MACs unchecked): a key swapped with sqlite3
    // and chained by hand passes it. Such a file vouches for nothing: exit 3, not valid.
    if (store->protection() == store::Store::Protection::Locked) {
        warn(QCoreApplication::translate("plumectl",
                                         "sans la phrase secrète du bureau "
                                         "(PLUME_PASSPHRASE_FILE), le contrôle de %1 est "
                                         "partiel : sa clé ne peut pas servir de référence.")
                 .arg(path));
        return {};
    }
    return ownVersionKey(*store, doc).value_or(sync::stationPublicKeyBase64(*store));
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
        return stationFileKey(p.value(stationDb), doc);
    if (!p.isSet(hqDb))
        return {};
    const QString station = signedStation(doc);
    std::optional<hq::StationRecord> k;
    try {
        k = hq::HqDatabase::open(p.value(hqDb), false)->station(station);
    } catch (const hq::HqError &e) {
        throw store::StoreError(e.message());
    }
    if (!k)
        throw store::StoreError(QCoreApplication::translate(
                                    "plumectl", "Le bureau %1 n'est pas enregistré au siège (%2).")
                                    .arg(station, p.value(hqDb)));
    if (k->revoked)
        throw store::StoreError(QCoreApplication::translate(
                                    "plumectl", "La clé du bureau %1 a été révoquée au siège (%2).")
                                    .arg(station, p.value(hqDb)));
    return QString::fromLatin1(k->publicKey.toBase64());
}

int verifyCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption key(
        QStringLiteral("public-key"),
        Text::tr("La clé publique Ed25519 du bureau (base64) en laquelle vous avez confiance, par "
                 "exemple celle de l'enregistrement au siège."),
        QStringLiteral("B64"));
    const QCommandLineOption hqDb(
        QStringLiteral("hq-db"),
        Text::tr("Prend la clé enregistrée au siège (sqlite:CHEMIN ou postgresql://...)."),
        QStringLiteral("URL"));
    const QCommandLineOption stationDb(QStringLiteral("station-db"),
                                       Text::tr("Prend la clé de ce fichier de bureau."),
                                       QStringLiteral("FILE"));
    p.addOptions({key, hqDb, stationDb});
    p.addPositionalArgument(QStringLiteral("FILE.json"), Text::tr("Document du PV scellé."));
    if (int r = parseArgs(
            p, args,
            Text::tr("Vérifie un document de PV scellé (export JSON) : « valid » (code 0) "
                     "seulement pour une clé de confiance ; une signature correcte d'une clé "
                     "inconnue sort avec le code 3 ; « INVALID: raison » avec le code 1."),
            {1, {}});
        r >= 0)
        return r;
    if (p.positionalArguments().size() != 1)
        return fail(Text::tr("donnez exactement un FICHIER.json"), Usage);
    QFile f(p.positionalArguments().constFirst());
    if (!f.open(QIODevice::ReadOnly))
        return fail(Text::tr("Impossible de lire %1 : %2").arg(f.fileName(), f.errorString()));
    const QByteArray doc = f.read(16 * 1024 * 1024 + 1);
    closing::Verification v;
    if (doc.size() > 16 * 1024 * 1024)
        v.why = Text::tr("le fichier est trop gros pour un document de PV");
    else
        v = closing::verifyPvDocument(doc, trustedKey(p, key, hqDb, stationDb, doc));
    switch (v.verdict) {
    case closing::Verdict::Valid:
        out() << "valid\n";
        out().flush();
        warn(Text::tr("PV du bureau %1, version %2")
                 .arg(store::printable(v.station, 64))
                 .arg(v.version));
        return Ok;
    case closing::Verdict::UntrustedKey:
        out() << "signature correcte, mais clé non vérifiée : " << v.keyBase64 << "\n";
        out().flush();
        warn(Text::tr("comparez cette clé avec celle du bureau enregistrée au siège, ou donnez "
                      "--public-key, --hq-db ou --station-db."));
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
                          Text::tr("Met en file pour le siège, tout de suite, chaque fiche contact "
                                   "confirmée (consentement oui, champs obligatoires décidés)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    const auto batches = sync::batchContacts(*s, QStringLiteral("plumectl"));
    int contacts = 0;
    for (const sync::Submission &b : batches)
        contacts += int(b.payload.value(QStringLiteral("contacts")).toArray().size());
    out() << Text::tr("%n fiche(s) contact mise(s) en file", nullptr, contacts) << ", "
          << Text::tr("%n lot(s)", nullptr, int(batches.size())) << "\n";
    out().flush();
    warnHeldSheets(*s);
    return Ok;
}

// One line per receipt (UUID delivered | UUID refused WHY), then delivered=N refused=M.
int printReceipts(const QVector<sync::OfflineReceipt> &receipts, const QString &purgeError)
{
    int delivered = 0;
    for (const sync::OfflineReceipt &r : receipts) {
        out() << (r.uuid.isEmpty() ? QStringLiteral("-") : store::printable(r.uuid, 64))
              << (r.delivered ? QStringLiteral(" delivered") : QStringLiteral(" refused ") + r.why)
              << "\n";
        delivered += r.delivered;
    }
    out() << "delivered=" << delivered << " refused=" << receipts.size() - delivered << "\n";
    out().flush();
    if (!purgeError.isEmpty())
        warn(Text::tr("contacts remis au siège mais pas encore effacés : %1 (plumectl contacts "
                      "purge)")
                 .arg(purgeError));
    return delivered == receipts.size() ? Ok : Failure;
}

int outboxReceipts(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption file(
        QStringLiteral("file"),
        Text::tr("Fichier d'accusés de réception écrit par plume-hq import --receipts."),
        QStringLiteral("FILE.json"));
    p.addOptions({dbOption(), file, passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Enregistre les accusés de réception d'une remise hors ligne : "
                                   "chaque envoi reçu par le siège est marqué livré, et les "
                                   "fiches contact qu'il portait sont effacées du bureau."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(file).isEmpty())
        return fail(Text::tr("--file FICHIER est obligatoire"), Usage);
    QString error, purgeError;
    const auto bytes = sync::readReceiptsFile(p.value(file), &error);
    if (!bytes)
        return fail(error);
    auto s = openStation(p);
    s->requireIntact(); // an edited file is marked and purged by nothing, as with sync
    const auto receipts = sync::Outbox(*s).acceptReceipts(*bytes, &purgeError, &error);
    if (!receipts)
        return fail(p.value(file) + QStringLiteral(" : ") + error);
    return printReceipts(*receipts, purgeError);
}

int outboxExport(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption outFile(QStringLiteral("out"), Text::tr("Fichier à écrire."),
                                     QStringLiteral("FILE.plume"));
    const QCommandLineOption key({QStringLiteral("hq-key"), QStringLiteral("hq-box-key")},
                                 Text::tr("Clé publique Ed25519 du siège (base64, plume-hq keys "
                                          "show), si elle n'est pas encore enregistrée (elle "
                                          "l'est alors, comme avec station set-hq-key)."),
                                 QStringLiteral("B64"));
    p.addOptions({dbOption(), outFile, key, passphraseOption()});
    if (int r = parseArgs(
            p, args,
            Text::tr("Écrit les envois en attente dans un fichier chiffré pour la clé du siège, à "
                     "y porter quand il n'y a pas de réseau (plume-hq import)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(outFile).isEmpty())
        return fail(Text::tr("--out FICHIER.plume est obligatoire"), Usage);
    QByteArray boxKey;
    if (p.isSet(key)) {
        const auto k = sync::decodeBase64Strict(p.value(key).trimmed().toLatin1());
        if (!k || k->size() != 32)
            return fail(Text::tr("--hq-key doit être le base64 d'une clé de 32 octets"), Usage);
        boxKey = *k;
    }
    auto s = openStation(p);
    QString error;
    const auto r = closing::exportOutbox(*s, p.value(outFile), boxKey, &error);
    if (!r)
        return fail(error);
    out() << Text::tr("%n envoi(s) écrit(s) dans %1 (chiffré(s) pour le siège ; il(s) reste(nt) "
                      "en file jusqu'à l'accusé de réception)",
                      nullptr, int(r->uuids.size()))
                 .arg(p.value(outFile))
          << "\n";
    out().flush();
    return Ok;
}

// Once the PV is sealed, what has no consent now never will (a blank box, a consent never
// confirmed), and ink written on no sheet serves no one: both go. Returns the strokes deleted.
int purgeOnceClosed(store::Store &s)
{
    const auto pv = s.sheet(store::kPvSheetId);
    if (!pv || pv->state != store::SheetState::Sealed)
        return 0;
    s.eraseSheets(s.sheetsWithoutConsent(), QStringLiteral("plumectl"));
    return s.purgeUnplacedInk(QStringLiteral("plumectl"));
}

// What is left of the erased sheets (a file of an older version) goes; their ids.
QStringList purgeErased(store::Store &s)
{
    QStringList ids;
    for (const store::Sheet &sh : s.sheets())
        if (s.isErased(sh.id))
            ids << sh.id;
    if (!ids.isEmpty())
        s.purgePersonalData(ids, QStringLiteral("plumectl"), false);
    return ids;
}

int contactsPurge(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Efface du bureau les fiches contact dont le siège a accusé "
                                   "réception, et ce qui reste des fiches sans consentement ; une "
                                   "fois le PV scellé, aussi les fiches dont le consentement "
                                   "n'est pas « oui » et l'encre écrite hors des fiches ; puis "
                                   "compacte le fichier. Les comptes restent."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    if (s->protection() == store::Store::Protection::Locked)
        return fail(Text::tr("le bureau est verrouillé : donnez --passphrase-file (il faut lire "
                             "les lots livrés pour trouver leurs fiches)"));
    const int delivered = s->purgeDeliveredContacts(QStringLiteral("plumectl"));
    const int unplaced = purgeOnceClosed(*s);
    const QStringList noConsent = purgeErased(*s);
    QString error;
    const bool compacted = s->compact(&error);
    out() << Text::tr("%n fiche(s) contact livrée(s) effacée(s)", nullptr, delivered) << ", "
          << Text::tr("%n fiche(s) sans consentement", nullptr, int(noConsent.size())) << "\n";
    if (unplaced > 0)
        out() << Text::tr("%n trait(s) écrit(s) hors des fiches effacé(s)", nullptr, unplaced)
              << "\n";
    out().flush();
    if (!compacted)
        return fail(error + Text::tr(" (les données sont effacées ; relancez quand la fenêtre de "
                                     "Plume est fermée pour compacter le fichier)"));
    return Ok;
}

int stationSetPassphrase(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption newFile(
        QStringLiteral("new-passphrase-file"),
        Text::tr("Fichier qui contient la nouvelle phrase secrète (par défaut : --passphrase-file "
                 "pour un bureau qui n'en a pas encore)."),
        QStringLiteral("FILE"));
    p.addOptions({dbOption(), passphraseOption(), newFile});
    if (int r = parseArgs(p, args,
                          Text::tr("Protège les fiches contact par une phrase secrète du bureau, "
                                   "ou la change (--passphrase-file = l'actuelle)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = store::Store::open(p.value(dbOption()));
    const bool unprotected = s->protection() == store::Store::Protection::Unprotected;
    // --passphrase-file, else $PLUME_PASSPHRASE_FILE, as on every command (a review: this
    // one alone ignored the variable).
    const QString currentFile = p.isSet(passphraseOption())
                                    ? p.value(passphraseOption())
                                    : qEnvironmentVariable("PLUME_PASSPHRASE_FILE");
    QString next;
    if (p.isSet(newFile))
        next = store::Store::readPassphraseFile(p.value(newFile));
    else if (unprotected && !currentFile.isEmpty())
        next = store::Store::readPassphraseFile(currentFile);
    else
        return fail(Text::tr("donnez la nouvelle phrase secrète avec --new-passphrase-file"),
                    Usage);
    if (!unprotected && currentFile.isEmpty())
        return fail(Text::tr("donnez la phrase secrète actuelle avec --passphrase-file FICHIER "
                             "(la nouvelle avec --new-passphrase-file FICHIER)"),
                    Usage);
    QString current;
    if (!unprotected)
        current = store::Store::readPassphraseFile(currentFile);
    s->setPassphrase(next, current);
    out() << (unprotected ? Text::tr("les fiches contact sont maintenant protégées par la phrase "
                                     "secrète du bureau")
                          : Text::tr("phrase secrète du bureau changée"))
          << "\n";
    out().flush();
    return Ok;
}

} // namespace

void registerClosingCommands(Registry &r)
{
    r.add({{QStringLiteral("export")},
           Text::tr("exporte le PV : --what pv --format pdf|csv|json --out CHEMIN"),
           exportCommand});
    r.add({{QStringLiteral("verify")},
           Text::tr("vérifie un document de PV scellé (export JSON)"),
           verifyCommand});
    r.add({{QStringLiteral("outbox"), QStringLiteral("export")},
           Text::tr("envois en attente dans un fichier chiffré pour le siège (sans réseau)"),
           outboxExport});
    r.add({{QStringLiteral("outbox"), QStringLiteral("receipts")},
           Text::tr("accusés de réception d'une remise hors ligne : envois livrés, contacts "
                    "effacés"),
           outboxReceipts});
    r.add({{QStringLiteral("contacts"), QStringLiteral("queue")},
           Text::tr("met en file pour le siège, tout de suite, chaque fiche contact confirmée"),
           contactsQueue});
    r.add(
        {{QStringLiteral("contacts"), QStringLiteral("purge")},
         Text::tr("efface du bureau les fiches contact reçues par le siège (les comptes restent)"),
         contactsPurge});
    r.add({{QStringLiteral("station"), QStringLiteral("set-passphrase")},
           Text::tr("protège les fiches contact par une phrase secrète, ou la change"),
           stationSetPassphrase});
}

} // namespace plume::cli
