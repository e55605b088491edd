// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq's operator commands: init, keys, elections, stations, pv withdraw, results,
// contacts, import (docs/hq.md#commands). serve is in serve.cpp.
#include "hq/cli.h"
#include "hq/hqdb.h"
#include "hq/import.h"
#include "hq/newfile.h"
#include "hq/snapshot.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/outbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::hq::cli {
namespace {

// Made on first use, once the translations are installed.
const QCommandLineOption &stationOption()
{
    static const QCommandLineOption o(QStringLiteral("station"), HqText::tr("Code du bureau."),
                                      QStringLiteral("CODE"));
    return o;
}

// With PostgreSQL, the key file has no default: a usage error.
int keyFileRequired()
{
    return fail(HqText::tr("--key-file FICHIER est obligatoire avec PostgreSQL (ou "
                           "PLUME_HQ_KEY_FILE)"),
                2);
}

int keysInit(const QCommandLineParser &p)
{
    auto db = HqDatabase::open(dbUrl(p));
    if (!db->publicKey().isEmpty())
        return fail(HqText::tr("ce siège a déjà sa clé : plume-hq keys show --db URL"));
    const QString path = keyFilePath(p.value(keyFileOption()), dbUrl(p));
    if (path.isEmpty())
        return keyFileRequired();
    const HqKeys keys = createKeyFile(path);
    try {
        db->setPublicKey(keys.publicKey);
    } catch (const HqError &) {
        QFile::remove(path); // not this database's key after all
        throw;
    }
    out() << "created " << path << " (secret key: keep it, back it up; mode 0600)\n"
          << QString::fromLatin1(keys.publicKey.toBase64()) << "\n";
    return 0;
}

// The key of an existing key file recorded in a database that has none yet (a new database
// for a second round: the stations already know the key). Never replaces another key.
int keysAdopt(const QCommandLineParser &p)
{
    auto db = HqDatabase::open(dbUrl(p));
    const QString path = keyFilePath(p.value(keyFileOption()), dbUrl(p));
    if (path.isEmpty())
        return keyFileRequired();
    const HqKeys keys = readKeyFile(path);
    const QByteArray current = db->publicKey();
    if (!current.isEmpty() && current != keys.publicKey)
        return fail(HqText::tr("ce siège a déjà une autre clé (plume-hq keys show) : les bureaux "
                               "la connaissent, %1 ne la remplace pas")
                        .arg(path));
    db->setPublicKey(keys.publicKey);
    out() << "adopted " << path << " (the key the stations already know)\n"
          << QString::fromLatin1(keys.publicKey.toBase64()) << "\n";
    return 0;
}

int keysShow(const QCommandLineParser &p)
{
    const QByteArray key = HqDatabase::open(dbUrl(p))->publicKey();
    if (key.isEmpty())
        return fail(HqText::tr("ce siège n'a pas encore de clé : plume-hq keys init (ou keys "
                               "adopt, pour garder le fichier de clé d'une base précédente)"));
    out() << QString::fromLatin1(key.toBase64()) << "\n";
    return 0;
}

QString keysDescription(const QString &word)
{
    if (word == QLatin1String("init"))
        return HqText::tr(
            "Crée la paire de clés Ed25519 du siège : la clé secrète dans le fichier de "
            "clé (mode 0600), la clé publique dans la base ; l'écrit en dernière ligne.");
    if (word == QLatin1String("adopt"))
        return HqText::tr(
            "Reprend le fichier de clé existant du siège dans une base qui n'a pas encore de clé "
            "(une nouvelle base pour un autre tour : les bureaux connaissent déjà la clé) ; "
            "écrit la clé publique en dernière ligne.");
    return HqText::tr("Écrit la clé publique du siège (base64, dernière ligne) pour "
                      "plumectl station set-hq --hq-key.");
}

// An option a subcommand accepts (scripts may pass it) but does not use: not in its --help.
QCommandLineOption hiddenFromHelp(QCommandLineOption option)
{
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// An option of a sibling command (hidden from this one's help) is refused, not ignored:
// `contacts purge --out F` typed for an export would erase instead. -1: none is set.
int refuseOthersOptions(const QCommandLineParser &p, const QList<QCommandLineOption> &options,
                        const QString &command)
{
    for (const QCommandLineOption &o : options)
        if (p.isSet(o) && o.flags().testFlag(QCommandLineOption::HiddenFromHelp))
            return fail(HqText::tr("--%1 ne sert pas à « plume-hq %2 »")
                            .arg(o.names().constFirst(), command),
                        2);
    return -1;
}

} // namespace

int initCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption(dbOption());
    if (int r = parse(p, args,
                      HqText::tr("Crée une base plume-hq (fichier SQLite, mode 0600 ; ou les "
                                 "tables d'une base PostgreSQL existante)."));
        r >= 0)
        return r;
    return guarded([&] {
        auto db = HqDatabase::create(dbUrl(p));
        out() << "plume-hq database ready: schema " << db->schemaVersion() << "\n";
        return 0;
    });
}

int keysCommand(const QString &word, const QStringList &args)
{
    QCommandLineParser p;
    const bool show = word == QLatin1String("show");
    p.addOptions({dbOption(), show ? hiddenFromHelp(keyFileOption()) : keyFileOption()});
    if (int r = parse(p, args, keysDescription(word)); r >= 0)
        return r;
    return guarded([&] {
        if (word == QLatin1String("init"))
            return keysInit(p);
        return word == QLatin1String("adopt") ? keysAdopt(p) : keysShow(p);
    });
}

int electionsAdd(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption file(
        QStringLiteral("election"),
        HqText::tr(
            "Fichier de l'élection (docs/election-config.md), avec ou sans liste « stations »."),
        QStringLiteral("FILE.json"));
    p.addOptions({dbOption(), file});
    if (int r = parse(p, args,
                      HqText::tr("Fait connaître une élection au siège : chaque PV est contrôlé "
                                 "par rapport à elle."));
        r >= 0)
        return r;
    if (p.value(file).isEmpty())
        return fail(HqText::tr("--election FICHIER.json est obligatoire"), 2);
    QString error;
    const auto e = readElectionFile(p.value(file), &error);
    if (!e)
        return fail(error);
    return guarded([&] {
        HqDatabase::open(dbUrl(p))->addElection(*e);
        out() << "election " << e->id << ": " << e->candidates.size() << " candidates, "
              << e->stations.size() << " stations listed\n";
        return 0;
    });
}

int stationsCommand(const QString &word, const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption key(
        QStringLiteral("public-key"),
        HqText::tr("Clé publique Ed25519, en base64 (plumectl station pubkey)."),
        QStringLiteral("B64"));
    const QCommandLineOption replace(QStringLiteral("replace"),
                                     HqText::tr("Remplace la clé d'un bureau inscrit (tout de "
                                                "suite, même pour un serveur en marche)."));
    const bool add = word == QLatin1String("add");
    p.addOptions({dbOption(), stationOption()});
    if (add)
        p.addOptions({key, replace});
    if (int r = parse(p, args,
                      add ? HqText::tr("Inscrit un bureau et sa clé publique.")
                          : HqText::tr("Révoque la clé d'un bureau : ses envois sont refusés (401) "
                                       "dès la requête suivante."));
        r >= 0)
        return r;
    const QString code = p.value(stationOption()).trimmed();
    if (!isStationCode(code))
        return fail(HqText::tr("--station CODE : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »"), 2);
    const auto raw =
        add ? sync::decodeBase64Strict(p.value(key).trimmed().toLatin1()) : std::nullopt;
    if (add && (!raw || raw->size() != 32))
        return fail(HqText::tr("--public-key doit être le base64 d'une clé Ed25519 de 32 octets "
                               "(plumectl station pubkey, au bureau)"),
                    2);
    return guarded([&] {
        auto db = HqDatabase::open(dbUrl(p));
        if (add)
            db->addStation(code, *raw, p.isSet(replace));
        else
            db->revokeStation(code);
        out() << (add ? (p.isSet(replace) ? "replaced the key of station " : "enrolled station ")
                      : "revoked station ")
              << code << "\n";
        return 0;
    });
}

int pvWithdraw(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption reason(
        QStringLiteral("reason"),
        HqText::tr("Pourquoi ce PV est retiré (%1 caractères au moins), gardé avec lui.")
            .arg(HqDatabase::kMinWithdrawalReason),
        QStringLiteral("TEXTE"));
    const QCommandLineOption from(
        QStringLiteral("from-version"),
        HqText::tr("Retire les versions à partir de N seulement (une correction volée par-dessus "
                   "les versions du bureau) ; la version N-1 compte de nouveau. Par défaut : 1, "
                   "toute la chaîne."),
        QStringLiteral("N"), QStringLiteral("1"));
    p.addOptions({dbOption(), stationOption(), reason, from});
    if (int r = parse(p, args,
                      HqText::tr("Retire des résultats la chaîne de PV d'un bureau dont la clé a "
                                 "été volée (après stations revoke ou stations add --replace) : "
                                 "ses versions sont gardées à part, refusées si elles reviennent, "
                                 "et le bureau peut renvoyer son PV en version 1."));
        r >= 0)
        return r;
    const QString code = p.value(stationOption()).trimmed();
    if (!isStationCode(code))
        return fail(HqText::tr("--station CODE : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »"), 2);
    bool ok = false;
    const qint64 fromVersion = p.value(from).toLongLong(&ok);
    if (!ok || fromVersion < 1 || fromVersion > 1'000'000)
        return fail(HqText::tr("--from-version N : un numéro de version, 1 ou plus"), 2);
    return guarded([&] {
        auto db = HqDatabase::open(dbUrl(p));
        const Withdrawal w = db->withdrawPv(code, p.value(reason), fromVersion);
        out() << "withdrew the PV of station " << code << " (" << w.versions
              << (w.versions == 1 ? " version" : " versions") << ", election " << w.electionId
              << ")\n";
        return 0;
    });
}

int resultsCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption election(
        QStringLiteral("election"),
        HqText::tr("Identifiant de l'élection (par défaut : la dernière ajoutée)."),
        QStringLiteral("ID"));
    p.addOptions({dbOption(), election});
    if (int r = parse(p, args,
                      HqText::tr("Écrit les résultats consolidés (JSON, vue de l'opérateur)."));
        r >= 0)
        return r;
    return guarded([&] {
        auto db = HqDatabase::open(dbUrl(p));
        StationViews views;
        const auto snapshot = buildSnapshot(*db, views);
        const Snapshot::View *v = snapshot->view(p.value(election));
        if (!v)
            return fail(HqText::tr("aucune élection de ce nom (plume-hq elections add)"));
        out() << QString::fromUtf8(v->operatorJson);
        return 0;
    });
}

namespace {

int contactsExport(const QCommandLineParser &p, HqDatabase &db, const QCommandLineOption &outFile)
{
    if (p.value(outFile).isEmpty())
        return fail(HqText::tr("--out FICHIER est obligatoire"), 2);
    // An earlier export may be the only copy of the contacts it holds: never replace it.
    if (QFileInfo::exists(p.value(outFile)))
        return fail(existingExportMessage(p.value(outFile)));
    const int n = db.exportContacts(p.value(outFile), keysFor(p));
    out() << "exported " << n << " contacts to " << p.value(outFile) << "\n";
    return 0;
}

// retention --days N|off, or purge [--days N] (default: the retention).
int contactsKeep(bool retention, const QString &days, HqDatabase &db)
{
    bool ok = false;
    const int n = days.toInt(&ok);
    const bool off = days == QLatin1String("off");
    if (retention) {
        if ((!ok || n < 0) && !off)
            return fail(HqText::tr("--days N (jours) ou off"), 2);
        db.setRetentionDays(off ? std::nullopt : std::optional<int>(n));
        out() << (off ? QStringLiteral("contacts retention: off\n")
                      : QStringLiteral("contacts retention: %1 days after export\n").arg(n));
        return 0;
    }
    if (!days.isEmpty() && (!ok || n < 0)) // not the retention setting in its place
        return fail(HqText::tr("--days N (jours)"), 2);
    const std::optional<int> keep = ok ? std::optional<int>(n) : db.retentionDays();
    if (!keep)
        return fail(HqText::tr("aucune durée de conservation : --days N"), 2);
    out() << "purged " << db.purgeExportedContacts(*keep) << " contact batch(es)\n";
    return 0;
}

// One offline file: a line per submission, then a summary; 1 when any was refused.
// The receipts of what was stored (or already was) for the station to bring back; no
// personal data in them (uuid, station, digest, kind, version, receipt id, time).
// The receipts go to a new file only: --receipts naming HQ's database or key file (or a
// symlink to them) once replaced it (a hostile review), and a receipts file is made again
// by importing the same files again (duplicates get the same receipts).
QString existingReceiptsMessage(const QString &path)
{
    return HqText::tr("%1 existe déjà : plume-hq n'écrit les accusés de réception que dans un "
                      "fichier nouveau (réimporter les mêmes fichiers les redonne). Choisissez "
                      "un autre nom.")
        .arg(path);
}

// Why --receipts cannot be written, said before anything is imported: an existing path (a
// file or a symlink, never replaced) or a folder that does not exist (the import stored,
// then failed to write the receipts).
QString receiptsPathRefusal(const QString &path)
{
    const QFileInfo r(path);
    if (r.exists() || r.isSymLink())
        return existingReceiptsMessage(path) + HqText::tr(" Rien n'a été reçu.");
    if (!r.absoluteDir().exists())
        return HqText::tr("le dossier de %1 n'existe pas : rien n'a été reçu.").arg(path);
    return {};
}

void writeReceipts(const QString &path, const QJsonArray &receipts)
{
    const QByteArray json =
        QJsonDocument(QJsonObject{{QStringLiteral("format"), sync::kReceiptsFormat},
                                  {QStringLiteral("receipts"), receipts}})
            .toJson(QJsonDocument::Compact);
    writeNewFile(path, json + '\n', existingReceiptsMessage(path));
    out() << "receipts: " << receipts.size() << " written to " << path << "\n";
}

int importFile(HqDatabase &db, const HqKeys &keys, const QString &path, qint64 limit,
               QJsonArray *receipts)
{
    QString error;
    const auto bytes = readOfflineFile(path, limit, &error);
    const auto items = bytes ? importOfflineFile(db, *bytes, keys, limit, &error) : std::nullopt;
    if (!items)
        return fail(path + QStringLiteral(": ") + error);
    int stored = 0, duplicates = 0, refused = 0;
    for (const ImportItem &it : *items) {
        const QString state = it.status == 201   ? QStringLiteral("stored")
                              : it.status == 200 ? QStringLiteral("duplicate")
                                                 : QStringLiteral("refused %1").arg(it.status);
        out() << (it.uuid.isEmpty() ? QStringLiteral("-") : it.uuid) << " " << state << " "
              << it.detail << "\n";
        if (!it.receipt.isEmpty())
            receipts->append(QString::fromLatin1(it.receipt.toBase64()));
        stored += it.status == 201;
        duplicates += it.status == 200;
        refused += it.status != 201 && it.status != 200;
    }
    out() << path << ": " << stored << " stored, " << duplicates << " already stored, " << refused
          << " refused\n";
    return refused > 0 ? 1 : 0;
}

} // namespace

int contactsCommand(const QString &word, const QStringList &args)
{
    QCommandLineParser p;
    const bool exporting = word == QLatin1String("export");
    const auto onlyFor = [](bool used, const QCommandLineOption &o) {
        return used ? o : hiddenFromHelp(o);
    };
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     HqText::tr("Fichier JSON à écrire (mode 0600)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption days(
        QStringLiteral("days"),
        HqText::tr(
            "retention : les contacts exportés sont effacés après N jours (off : jamais) ; purge : "
            "ceux exportés il y a plus de N jours (par défaut : la durée de conservation)."),
        QStringLiteral("N|off"));
    const bool erasing = word == QLatin1String("erase");
    const bool listing = word == QLatin1String("pending");
    const QCommandLineOption keyFile = onlyFor(exporting || erasing, keyFileOption());
    const QCommandLineOption out = onlyFor(exporting, outFile);
    const QCommandLineOption keep = onlyFor(!exporting && !erasing && !listing, days);
    const EraseOptions erase = eraseOptions(erasing);
    const QList<QCommandLineOption> options = {
        keyFile, out, keep, erase.station, erase.sheet, erase.email, erase.reason, erase.batch};
    p.addOption(dbOption());
    p.addOptions(options);
    if (int r =
            parse(p, args,
                  erasing   ? eraseDescription()
                  : listing ? HqText::tr("Liste les effacements qui attendent leur lot (contacts "
                                         "erase --batch N avant son arrivée).")
                            : HqText::tr("Contacts : export (leur seule sortie, déchiffrés avec "
                                         "le fichier de clé), conservation, effacement."));
        r >= 0)
        return r;
    if (int r = refuseOthersOptions(p, options, QStringLiteral("contacts ") + word); r >= 0)
        return r;
    if (erasing)
        return contactsErase(p, erase);
    return guarded([&] {
        auto db = HqDatabase::open(dbUrl(p));
        if (word == QLatin1String("export"))
            return contactsExport(p, *db, outFile);
        if (listing)
            return contactsPending(*db);
        return contactsKeep(word == QLatin1String("retention"), p.value(days), *db);
    });
}

int importCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption maxBody(QStringLiteral("max-body"),
                                     HqText::tr("Plus grand envoi accepté, en octets."),
                                     QStringLiteral("BYTES"), QStringLiteral("4194304"));
    const QCommandLineOption receiptsFile(
        QStringLiteral("receipts"),
        HqText::tr("Écrit les accusés de réception signés des envois reçus, à rapporter au "
                   "bureau (plumectl outbox receipts) : il les marque livrés et efface les "
                   "contacts."),
        QStringLiteral("FILE.json"));
    p.addOptions({dbOption(), keyFileOption(), maxBody, receiptsFile});
    p.addPositionalArgument(QStringLiteral("FILE.plume"), HqText::tr("Fichier(s) hors ligne."));
    if (int r = parse(p, args,
                      HqText::tr("Reçoit les fichiers hors ligne des bureaux (mêmes contrôles et "
                                 "même règle « une seule fois » que l'API HTTP)."));
        r >= 0)
        return r;
    bool ok = false;
    const qint64 limit = p.value(maxBody).toLongLong(&ok);
    // At most 1 GiB: a file is read whole, and 10^17 ended in std::bad_alloc (a review).
    if (!ok || limit < 1024 || limit > (1LL << 30) || p.positionalArguments().isEmpty())
        return fail(HqText::tr("donnez au moins un FICHIER.plume (et 1024 <= --max-body <= "
                               "1073741824)"),
                    2);
    if (const QString why =
            p.isSet(receiptsFile) ? receiptsPathRefusal(p.value(receiptsFile)) : QString();
        !why.isEmpty())
        return fail(why);
    return guarded([&] {
        const HqKeys keys = keysFor(p);
        auto db = HqDatabase::open(dbUrl(p));
        int code = 0;
        QJsonArray receipts;
        for (const QString &path : p.positionalArguments())
            code = std::max(code, importFile(*db, keys, path, limit, &receipts));
        if (p.isSet(receiptsFile))
            writeReceipts(p.value(receiptsFile), receipts);
        return code;
    });
}

} // namespace plume::hq::cli
