// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Subcommands of the sync module (see command.h): station pubkey/set-hq/set-hq-key, close,
// outbox list/show/requeue, sync (docs/seal.md, docs/sync.md).
#include "i18n/console.h"
#include "i18n/process.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "sync/contactscheduler.h"
#include "sync/crypto.h"
#include "sync/hqconfig.h"
#include "sync/outbox.h"
#include "sync/receipt.h"
#include "sync/seal.h"
#include "sync/syncworker.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>
#include <optional>
#include <unistd.h>
#include <utility>

namespace plume::cli {
namespace {

int stationPubkey(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Affiche la clé publique du bureau (base64), à inscrire au "
                                   "siège, une fois le fichier contrôlé en entier."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStationToRead(p);
    // The key goes to HQ's roll: one swapped with sqlite3 (and put back after enrolment) would
    // let its owner sign this station's PV. Only a fully checked file vouches for its key.
    if (s->protection() == store::Store::Protection::Locked)
        return fail(Text::tr("sans la phrase secrète du bureau (--passphrase-file FICHIER ou "
                             "PLUME_PASSPHRASE_FILE), le contrôle du fichier est partiel : sa "
                             "clé ne peut pas être inscrite au siège."));
    s->requireIntact();
    const QString key = sync::stationPublicKeyBase64(*s);
    if (key.isEmpty())
        return fail(Text::tr("ce fichier de bureau n'a pas de paire de clés"));
    out() << key << "\n";
    out().flush();
    return Ok;
}

// A new key pair for the station (its key stolen): what HQ has not acknowledged is signed
// again; the last line is the new public key, for plume-hq stations add --replace.
int stationRekey(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Remplace la paire de clés du bureau (clé volée, ou phrase "
                                   "secrète d'une copie divulguée) : les envois que le siège n'a "
                                   "pas reçus sont signés de nouveau ; la dernière ligne est la "
                                   "nouvelle clé publique, à inscrire au siège (plume-hq stations "
                                   "add --replace)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    if (s->protection() == store::Store::Protection::Locked)
        return fail(Text::tr("le bureau est verrouillé : donnez --passphrase-file (la nouvelle "
                             "clé secrète est chiffrée avec elle)"));
    int signedAgain = 0;
    const sync::KeyPair keys = sync::rotateStationKeys(*s, &signedAgain);
    const QString b64 = QString::fromLatin1(keys.publicKey.toBase64());
    out() << Text::tr("Nouvelle clé du bureau %1 ; %n envoi(s) non livré(s) signé(s) de nouveau. "
                      "Au siège : plume-hq stations add --station %1 --public-key CLÉ --replace",
                      nullptr, signedAgain)
                 .arg(s->election().stationCode)
          << "\n"
          << b64 << "\n";
    out().flush();
    return Ok;
}

// --hq-key (alias --hq-box-key, its name before issue 14): HQ's Ed25519 public key.
const QCommandLineOption &hqKeyOption()
{
    static const QCommandLineOption o(
        {QStringLiteral("hq-key"), QStringLiteral("hq-box-key")},
        Text::tr("Clé publique Ed25519 du siège, en base64 (affichée par plume-hq keys "
                 "show) : elle vérifie les accusés de réception et chiffre les fichiers "
                 "hors ligne."),
        QStringLiteral("B64"));
    return o;
}

// Decodes --hq-key: nullopt after printing the usage error.
std::optional<QByteArray> hqKeyValue(const QCommandLineParser &p)
{
    const auto k = sync::parseHqPublicKey(p.value(hqKeyOption()));
    if (!k) {
        fail(Text::tr("--hq-key doit être le base64 de la clé publique Ed25519 du siège, 32 "
                      "octets (plume-hq keys show)"),
             Usage);
        return std::nullopt;
    }
    return k;
}

int stationSetHq(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption hq(QStringLiteral("hq"), Text::tr("Adresse (URL) de base du siège."),
                                QStringLiteral("URL"));
    const QCommandLineOption pin(QStringLiteral("pin-sha256"),
                                 Text::tr("SHA-256 (hexadécimal) du certificat du siège (DER)."),
                                 QStringLiteral("HEX"));
    const QCommandLineOption ca(
        QStringLiteral("ca-file"),
        Text::tr("Fichier PEM de l'autorité qui signe le certificat du siège."),
        QStringLiteral("FILE"));
    p.addOptions({dbOption(), hq, pin, ca, hqKeyOption(), passphraseOption()});
    if (int r = parseArgs(
            p, args,
            Text::tr("Enregistre l'adresse du siège, comment lui faire confiance (empreinte "
                     "TLS ou fichier d'autorité ; http simple seulement en local) et sa clé."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    sync::HqConfig c;
    c.url = QUrl(p.value(hq), QUrl::StrictMode);
    c.pinSha256 = sync::HqConfig::normalizePin(p.value(pin));
    if (p.isSet(ca)) {
        QString error;
        const auto pem = sync::readCaFile(p.value(ca), &error);
        if (!pem)
            return fail(error);
        c.caPem = *pem;
    }
    if (const QString why = c.validate(); !why.isEmpty())
        return fail(why, Usage);
    std::optional<QByteArray> key;
    if (p.isSet(hqKeyOption()) && !(key = hqKeyValue(p)))
        return Usage;
    auto s = openStation(p);
    sync::configureHq(*s, c, key);
    out() << "headquarters: " << c.url.toString()
          << (c.pinSha256.isEmpty() ? QString() : QStringLiteral(" (pinned)"))
          << (c.caPem.isEmpty() ? QString() : QStringLiteral(" (CA file)")) << "\n";
    if (sync::hqPublicKey(*s).isEmpty())
        warn(Text::tr("attention : la clé du siège n'est pas enregistrée : aucun accusé de "
                      "réception ne sera accepté tant que --hq-key B64 n'est pas donnée "
                      "(plume-hq keys show)"));
    out().flush();
    return Ok;
}

int stationSetHqKey(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), hqKeyOption(), passphraseOption()});
    if (int r =
            parseArgs(p, args,
                      Text::tr("Enregistre la clé publique Ed25519 du siège (comme station set-hq "
                               "--hq-key)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const auto key = hqKeyValue(p);
    if (!key)
        return Usage;
    auto s = openStation(p);
    sync::setHqPublicKey(*s, *key);
    out() << Text::tr("clé du siège enregistrée") << "\n";
    out().flush();
    return Ok;
}

struct CloseFlags
{
    QCommandLineOption official{
        QStringLiteral("official"),
        Text::tr("Membre du bureau qui clôt le PV (un --official par membre)."),
        QStringLiteral("NAME")};
    QCommandLineOption reason{
        QStringLiteral("reason"),
        Text::tr("Pourquoi une règle n'est pas respectée ou une valeur manque (va dans les "
                 "observations), ou pourquoi un PV scellé reçoit une nouvelle version."),
        QStringLiteral("TEXT")};
    QCommandLineOption correct{QStringLiteral("correct"),
                               Text::tr("Corrige un champ du PV avant de sceller une "
                                        "nouvelle version (répétable ; demande --reason)."),
                               QStringLiteral("FIELD=VALUE")};
};

// The request of the flags: -1, or the exit code of the usage error (said).
int closeRequest(const QCommandLineParser &p, const CloseFlags &f, sync::CloseRequest *req)
{
    req->officials = p.values(f.official);
    req->reason = p.value(f.reason);
    for (const QString &c : p.values(f.correct)) {
        const qsizetype eq = c.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(Text::tr("--correct attend CHAMP=VALEUR"), Usage);
        req->corrections.insert(c.left(eq).trimmed(), c.mid(eq + 1).trimmed());
    }
    return -1;
}

int missingOfficials()
{
    return fail(Text::tr("--official NOM est obligatoire (un par membre du bureau)"), Usage);
}

int printCloseJson(const sync::CloseResult &r)
{
    QJsonObject o{{QStringLiteral("sealed"), r.sealed},
                  {QStringLiteral("missing"), QJsonArray::fromStringList(r.missing)},
                  {QStringLiteral("checks"), forms::toJson(r.failures)}};
    if (!r.error.isEmpty())
        o.insert(QStringLiteral("error"), r.error);
    if (r.altered)
        o.insert(QStringLiteral("altered"), true);
    if (r.alreadySealed)
        o.insert(QStringLiteral("already_sealed"), true);
    if (r.pv) {
        o.insert(QStringLiteral("uuid"), r.pv->uuid);
        o.insert(QStringLiteral("version"), r.pv->version);
        o.insert(QStringLiteral("sha256"), r.pv->sha256);
        o.insert(QStringLiteral("signature"), r.pv->signature);
    }
    o.insert(QStringLiteral("contact_batches"), int(r.contactBatches.size()));
    if (!r.contactsError.isEmpty())
        o.insert(QStringLiteral("contacts_error"), r.contactsError);
    if (!r.inkLeftOut.isEmpty())
        o.insert(QStringLiteral("ink_left_out"), QJsonArray::fromStringList(r.inkLeftOut));
    printJson(QJsonDocument(o));
    return r.sealed ? Ok : Failure;
}

int printRefusedClose(const sync::CloseResult &r)
{
    warn(r.error);
    if (r.needsReasonOrOfficials) // not for a rule no reason can fix: say which flags
        warn(Text::tr("la raison se donne avec --reason TEXTE, chaque membre du bureau "
                      "présent avec --official NOM."));
    return Failure;
}

int printSealed(const sync::CloseResult &r)
{
    out() << (r.alreadySealed ? Text::tr("PV déjà scellé, version %1 : rien de nouveau demandé "
                                         "(ni --correct ni --reason)")
                              : Text::tr("PV scellé, version %1"))
                 .arg(r.pv->version)
          << "\n"
          << "uuid: " << r.pv->uuid << "\nsha256: " << r.pv->sha256
          << "\nsignature: " << r.pv->signature << "\n";
    for (const auto &f : r.failures)
        out() << Text::tr("expliqué (%1 %2) : %3")
                     .arg(forms::kindId(f.kind()), forms::ruleId(f.rule), f.explanation)
              << "\n";
    if (!r.contactBatches.isEmpty())
        out() << Text::tr("%n lot(s) de fiches contact mis en file", nullptr,
                          int(r.contactBatches.size()))
              << "\n";
    if (!r.contactsError.isEmpty())
        warn(Text::tr("fiches contact non mises en lot : %1").arg(r.contactsError));
    for (const QString &leftOut : r.inkLeftOut)
        warn(leftOut);
    out().flush();
    return Ok;
}

int closeCommand(const QStringList &args)
{
    QCommandLineParser p;
    const CloseFlags f;
    p.addOptions({dbOption(), f.official, f.reason, f.correct, jsonOption(), passphraseOption()});
    if (int r = parseArgs(
            p, args,
            Text::tr("Vérifie, scelle et signe le PV (une nouvelle version s'il est déjà scellé) ; "
                     "le met en file pour le siège, avec les fiches contact confirmées."),
            {0, {QStringLiteral("official"), QStringLiteral("correct")}});
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    sync::CloseRequest req;
    if (int r = closeRequest(p, f, &req); r >= 0)
        return r;
    // The file's integrity is checked before anything else (sync::closePv): a file changed
    // outside Plume is refused (exit 1, the check's message) even without --official, whose
    // absence is otherwise a usage error (exit 2), as is any file that does not open then.
    try {
        auto s = openStation(p);
        const sync::CloseResult r = sync::closePv(*s, req);
        if (req.officials.isEmpty() && !r.altered)
            return missingOfficials();
        if (r.unlistedOfficials) // a usage error too: only the listed officials sign
            return fail(r.error, Usage);
        if (r.sealed)
            warnHeldSheets(*s); // sealed, but a contact sheet still waits for its correction
        if (p.isSet(jsonOption()))
            return printCloseJson(r);
        return r.sealed ? printSealed(r) : printRefusedClose(r);
    } catch (const store::StoreError &e) {
        if (req.officials.isEmpty())
            return missingOfficials();
        return fail(e.message());
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
}

int outboxList(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args, Text::tr("Liste les envois et leur état de livraison.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStationToRead(p);
    const auto items = sync::Outbox(*s).list();
    if (p.isSet(jsonOption())) {
        QJsonArray a;
        for (const auto &it : items)
            a.append(it.toJson());
        printJson(QJsonDocument(a));
        return Ok;
    }
    for (const auto &it : items) {
        QString detail = it.lastError;
        if (it.state == sync::kStateDelivered)
            detail = QStringLiteral("receipt ") + QJsonDocument::fromJson(it.receipt.toUtf8())
                                                      .object()
                                                      .value(QStringLiteral("receipt"))
                                                      .toString();
        out() << it.uuid << "  " << it.kind.leftJustified(8) << " v" << it.version << "  "
              << it.state.leftJustified(9) << " attempts=" << it.attempts << "  "
              << it.sha256.left(16) << "  " << detail << "\n";
    }
    out().flush();
    return Ok;
}

int outboxShow(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption id(QStringLiteral("id"), Text::tr("UUID de l'envoi."),
                                QStringLiteral("UUID"));
    p.addOptions({dbOption(), id, passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Affiche le corps HTTP exact d'un envoi (sans fin de ligne "
                                   "ajoutée dans un tube)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(id).trimmed().isEmpty())
        return fail(Text::tr("--id UUID est obligatoire"), Usage);
    auto s = openStationToRead(p);
    const auto it = sync::Outbox(*s).item(p.value(id).trimmed().toLower());
    if (!it)
        return fail(Text::tr("pas d'envoi %1 dans la file d'envoi").arg(p.value(id)));
    // A contact batch erased once HQ acknowledged it, or withdrawn before HQ was offered it
    // (a voter withdrew consent), has no body left to show.
    if (it->signedBytes.isEmpty() && it->state != sync::kStateDelivered)
        return fail(Text::tr("l'envoi %1 n'a plus de contenu : il a été retiré de la file "
                             "avant d'être présenté au siège (%2)")
                        .arg(it->uuid, it->lastError));
    if (it->signedBytes.isEmpty())
        return fail(Text::tr("l'envoi %1 n'a plus de contenu : ses contacts ont été effacés "
                             "après leur remise au siège")
                        .arg(it->uuid));
    QByteArray body = it->httpBody();
    out().flush();
    // The exact bytes when piped. A terminal gets them escaped as everything plumectl prints
    // (the row may have been altered with sqlite3: escape sequences), and a newline.
    const bool terminal = isatty(fileno(stdout));
    if (terminal) {
        QByteArray raw = std::exchange(body, {});
        body = i18n::ConsoleDevice::escaped(&raw, true) + '\n';
    }
    std::fwrite(body.constData(), 1, size_t(body.size()), stdout);
    std::fflush(stdout);
    return Ok;
}

int outboxRequeue(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption id(QStringLiteral("id"), Text::tr("UUID de l'envoi."),
                                QStringLiteral("UUID"));
    p.addOptions({dbOption(), id, passphraseOption()}); // its audit entry is sealed with it
    if (int r = parseArgs(
            p, args,
            Text::tr("Remet en file un envoi refusé, une fois la cause réglée (par exemple le "
                     "bureau enregistré au siège) ; plumectl sync l'envoie alors de nouveau."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const QString uuid = p.value(id).trimmed().toLower();
    if (uuid.isEmpty())
        return fail(Text::tr("--id UUID est obligatoire"), Usage);
    auto s = openStation(p);
    sync::Outbox outbox(*s);
    std::optional<sync::OutboxItem> item;
    // Checked and changed in one write transaction: a running sync cannot interleave.
    s->transaction([&] {
        item = outbox.item(uuid);
        if (!item || item->state != sync::kStateRejected)
            return;
        outbox.requeue(uuid);
        s->appendAudit(QStringLiteral("plumectl"), QStringLiteral("outbox.requeued"), uuid,
                       QJsonObject{{QStringLiteral("kind"), item->kind},
                                   {QStringLiteral("version"), item->version},
                                   {QStringLiteral("rejected_because"), item->lastError}});
    });
    if (!item)
        return fail(Text::tr("pas d'envoi %1 dans la file d'envoi").arg(uuid));
    if (item->state != sync::kStateRejected)
        return fail(
            Text::tr(
                "l'envoi %1 est « %2 », pas refusé : seul un envoi refusé peut être remis en file")
                .arg(uuid, item->state));
    out() << Text::tr("remis en file : %1 (%2 v%3) ; plumectl sync l'envoie de nouveau")
                 .arg(uuid, item->kind)
                 .arg(item->version)
          << "\n";
    out().flush();
    return Ok;
}

// Says how many contact batches a ContactScheduler queued, or why it could not (a locked
// station queues nothing).
void reportContacts(sync::ContactScheduler &contacts)
{
    QObject::connect(&contacts, &sync::ContactScheduler::queued, [](int batches) {
        out() << Text::tr("%n lot(s) de fiches contact mis en file", nullptr, batches) << "\n";
        out().flush();
    });
    QObject::connect(&contacts, &sync::ContactScheduler::failed, &warn);
}

// HQ's address and trust from station set-hq, or --hq: a pin or CA given for another host
// is not reused silently.
sync::HqConfig hqConfigFor(const store::Store &station, const std::optional<QString> &hqFlag)
{
    sync::HqConfig config = sync::HqConfig::load(station);
    if (!hqFlag)
        return config;
    const QUrl url(*hqFlag, QUrl::StrictMode);
    if (url != config.url && url.scheme() == QLatin1String("https") &&
        url.host() != config.url.host()) {
        config.pinSha256.clear();
        config.caPem.clear();
    }
    config.url = url;
    return config;
}

// After an item HQ refused (stderr, for a person: stdout keeps its lines): how it is sent
// again once the cause is fixed.
void hintRequeue(const QString &db, const QString &uuid)
{
    warn(Text::tr("le siège a refusé l'envoi %1, qui reste gardé dans la file d'envoi. Une "
                  "fois la cause corrigée (par exemple le bureau enregistré au siège), "
                  "remettez-le en file avec « plumectl outbox requeue --db %2 --id %1 », puis "
                  "relancez plumectl sync.")
             .arg(uuid, db));
}

// One line per change of an item's state (and how a refused one is sent again); with
// --once, the summary line and the exit code (0 when nothing is left to send).
void reportSync(sync::SyncWorker &worker, const QString &db, bool once, int &code)
{
    QObject::connect(&worker, &sync::SyncWorker::itemStateChanged,
                     [db](const QString &uuid, const QString &state, const QString &detail) {
                         out() << uuid << " " << state
                               << (detail.isEmpty() ? QString() : QStringLiteral(" ") + detail)
                               << "\n";
                         out().flush();
                         if (state == sync::kStateRejected)
                             hintRequeue(db, uuid);
                     });
    // The delivery stands; the personal data still on the station is said on stderr.
    QObject::connect(&worker, &sync::SyncWorker::purgeFailed, [](const QString &m) {
        err() << m << "\n";
        err().flush();
    });
    QObject::connect(&worker, &sync::SyncWorker::fatalError, [&code](const QString &m) {
        code = fail(m);
        QCoreApplication::exit(code);
    });
    QObject::connect(&worker, &sync::SyncWorker::finished,
                     [&code, once](int delivered, int pending, int rejected) {
                         if (!once)
                             return;
                         out() << "delivered " << delivered << ", pending " << pending
                               << ", rejected " << rejected << "\n";
                         out().flush();
                         code = pending + rejected == 0 ? Ok : Failure;
                         QCoreApplication::exit(code);
                     });
}

int syncCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption hq(
        QStringLiteral("hq"), Text::tr("Adresse du siège (par défaut : celle de station set-hq)."),
        QStringLiteral("URL"));
    const QCommandLineOption once(
        QStringLiteral("once"),
        Text::tr("Un essai par envoi en file, puis fin (0 quand il ne reste rien à "
                 "envoyer)."));
    p.addOptions({dbOption(), hq, once, passphraseOption()});
    if (int r = parseArgs(p, args, Text::tr("Envoie la file d'envoi au siège.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    // Unlocking is per process and file: the worker's own connection shares it.
    auto station = openStation(p);
    if (sync::hqPublicKey(*station).isEmpty())
        warn(Text::tr("attention : la clé du siège n'est pas enregistrée : rien ne peut "
                      "être marqué livré ; lancez plumectl station set-hq --db FICHIER "
                      "--hq URL --hq-key B64 (plume-hq keys show)"));
    // Ready contact sheets leave with this run: all of them for one pass (--once), else
    // each batch when due (ContactPolicy), as the window does.
    sync::ContactScheduler contacts(*station, QStringLiteral("plumectl sync"));
    reportContacts(contacts);
    contacts.queueDue(p.isSet(once));
    const sync::HqConfig config =
        hqConfigFor(*station, p.isSet(hq) ? std::optional(p.value(hq)) : std::nullopt);
    if (const QString why = config.validate(); !why.isEmpty())
        return fail(why, Usage);
    sync::SyncOptions options;
    options.once = p.isSet(once);
    sync::SyncWorker worker(p.value(dbOption()), config, options);
    int code = Ok;
    reportSync(worker, p.value(dbOption()), options.once, code);
    // Ctrl-C or a kill: the send in flight is abandoned and its item queued again (it stayed
    // 'sending' until the next start, a review of 2026-12-02); exit 1, something is left.
    i18n::onStopSignals(&worker, [&worker, &code] {
        warn(Text::tr("envoi au siège interrompu : ce qui n'est pas livré reste en file"));
        worker.stop();
        code = Failure;
        QCoreApplication::exit(code);
    });
    if (!options.once)
        contacts.start();
    QMetaObject::invokeMethod(&worker, &sync::SyncWorker::start, Qt::QueuedConnection);
    const int rc = QCoreApplication::exec();
    return rc != 0 ? rc : code;
}

} // namespace

void registerSyncCommands(Registry &r)
{
    r.add({{QStringLiteral("station"), QStringLiteral("pubkey")},
           Text::tr("affiche la clé publique Ed25519 du bureau (base64)"),
           stationPubkey});
    r.add({{QStringLiteral("station"), QStringLiteral("rekey")},
           Text::tr("remplace la paire de clés du bureau et signe de nouveau ce qui n'est pas "
                    "livré"),
           stationRekey});
    r.add({{QStringLiteral("station"), QStringLiteral("set-hq")},
           Text::tr("enregistre l'adresse du siège et son empreinte TLS ou son autorité"),
           stationSetHq});
    r.add({{QStringLiteral("station"), QStringLiteral("set-hq-key")},
           Text::tr("enregistre la clé publique Ed25519 du siège (accusés de réception, "
                    "fichiers hors ligne)"),
           stationSetHqKey});
    r.add({{QStringLiteral("close")},
           Text::tr("vérifie, scelle et signe le PV ; le met en file pour le siège"),
           closeCommand});
    r.add({{QStringLiteral("outbox"), QStringLiteral("list")},
           Text::tr("envois et leur état de livraison"),
           outboxList});
    r.add({{QStringLiteral("outbox"), QStringLiteral("show")},
           Text::tr("affiche le corps HTTP exact d'un envoi"),
           outboxShow});
    r.add({{QStringLiteral("outbox"), QStringLiteral("requeue")},
           Text::tr("remet en file un envoi refusé"),
           outboxRequeue});
    r.add({{QStringLiteral("sync")},
           Text::tr("envoie la file d'envoi au siège (--once : un passage)"),
           syncCommand});
}

} // namespace plume::cli
