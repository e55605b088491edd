// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Station store subcommands: station init, db check/info, sheet new, fields, confirm.
#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "store/strokewriter.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include "sync/crypto.h"
#include "sync/seal.h"
#include <algorithm>
#include <mutex>
#include <vector>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::cli {
namespace {

int stationInit(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption election(QStringLiteral("election"),
                                      Text::tr("Fichier de l'élection (JSON)."),
                                      QStringLiteral("FILE.json"));
    p.addOptions({dbOption(), election, passphraseOption()});
    if (int r = parseArgs(
            p, args,
            Text::tr(
                "Crée un nouveau fichier de bureau (n'écrase jamais), protégé par sa phrase "
                "secrète (--passphrase-file, PLUME_PASSPHRASE_FILE, ou demandée au terminal)."));
        r >= 0)
        return r;
    if (int r = requireDb(p, false); r >= 0) // the file to create
        return r;
    if (p.value(election).isEmpty())
        return fail(Text::tr("--election FICHIER.json est obligatoire"), Usage);
    if (const QString dir = QFileInfo(p.value(dbOption())).absolutePath(); !QFileInfo::exists(dir))
        return fail(Text::tr("Le dossier %1 n'existe pas : créez-le d'abord, ou donnez à --db un "
                             "chemin dans un dossier qui existe.")
                        .arg(dir));
    QString error;
    const auto config = store::ElectionConfig::fromFile(p.value(election), &error);
    if (!config)
        return fail(Text::tr("Fichier d'élection invalide : %1").arg(error));
    auto s =
        store::Store::create(p.value(dbOption()), *config, newPassphrase(p, passphraseOption()));
    const sync::KeyPair keys = sync::createStationKeys(*s);
    out() << Text::tr("%1 créé pour le bureau %2 (%3)")
                 .arg(p.value(dbOption()), config->stationCode, config->electionName)
          << "\n"
          << "public key: " << QString::fromLatin1(keys.publicKey.toBase64()) << "\n";
    out().flush();
    return Ok;
}

// db check and db info read a copy of the file (Store::openToRead): the file itself may be
// evidence. An older one's copy is migrated, said on stderr; *olderSchema is the file's own
// version then (0 otherwise).
std::unique_ptr<store::Store> openToRead(const QCommandLineParser &p, bool withPassphrase,
                                         int *olderSchema = nullptr)
{
    int older = 0;
    auto s = store::Store::openToRead(p.value(dbOption()), &older);
    if (older > 0)
        warn(Text::tr("%1 a un schéma plus ancien que ce Plume : lu sur une copie mise à jour, "
                      "le fichier lui-même n'a pas été modifié.")
                 .arg(p.value(dbOption())));
    if (olderSchema)
        *olderSchema = older;
    if (withPassphrase)
        unlockIfGiven(*s, p);
    return s;
}

int dbCheck(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Vérifie l'intégrité et le journal d'audit (ses sceaux avec la "
                                   "phrase secrète ; sans elle, contrôle partiel : code 3)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openToRead(p, true);
    const auto result = s->check();
    // Without the passphrase, the MACs of the audit entries cannot be checked: an entry
    // added with a well-computed hash would pass. Said, and exit 3 instead of 0.
    const bool partial = result.ok && s->protection() == store::Store::Protection::Locked;
    if (p.isSet(jsonOption()))
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), result.ok},
                                            {QStringLiteral("message"), result.message},
                                            {QStringLiteral("macs_checked"), !partial}}));
    else
        out() << result.message << "\n";
    out().flush();
    if (partial)
        warn(Text::tr("contrôle partiel : sans la phrase secrète du bureau, les sceaux du "
                      "journal d'audit ne sont pas vérifiés (--passphrase-file FICHIER ou "
                      "PLUME_PASSPHRASE_FILE)."));
    return result.ok ? (partial ? Untrusted : Ok) : Failure;
}

int dbInfo(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption()});
    if (int r = parseArgs(p, args, Text::tr("Décrit un fichier de bureau.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    int olderSchema = 0;
    auto s = openToRead(p, false, &olderSchema);
    QJsonObject info = s->info();
    info.insert(QStringLiteral("path"), p.value(dbOption())); // the file's, not its copy's
    if (olderSchema > 0)
        info.insert(QStringLiteral("schema_version"), olderSchema);
    if (p.isSet(jsonOption())) {
        printJson(QJsonDocument(info));
    } else {
        for (auto it = info.begin(); it != info.end(); ++it)
            out() << it.key() << ": " << it.value().toVariant().toString() << "\n";
        out().flush();
    }
    return Ok;
}

int sheetNew(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption form(QStringLiteral("form"), Text::tr("Formulaire : contact."),
                                  QStringLiteral("FORM"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  Text::tr("Adresse de page du stylo S.O.N.P (facultative)."),
                                  QStringLiteral("ADDRESS"));
    p.addOptions({dbOption(), form, page, passphraseOption()});
    if (int r = parseArgs(
            p, args, Text::tr("Ajoute une feuille et affiche son identifiant (le PV est « pv »)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(form) != QLatin1String("contact"))
        return fail(
            Text::tr("--form contact est obligatoire (la feuille du PV existe déjà : « pv »)"),
            Usage);
    ink::PageAddress address;
    if (p.isSet(page)) {
        const auto parsed = ink::PageAddress::parse(p.value(page));
        if (!parsed)
            return fail(Text::tr("--page doit ressembler à 3.27.603.1"), Usage);
        address = *parsed;
    }
    auto s = openStation(p);
    out() << s->newSheet(QStringLiteral("contact"), address) << "\n";
    out().flush();
    return Ok;
}

// -1 when the sheet takes a decision on field name; else says why, with what to do instead
// (the fields its form has, how a sealed PV is corrected), and returns Failure.
int checkDecidable(const store::Sheet &sheet, const forms::FormSpec &form, const QString &name)
{
    const forms::FieldSpec *spec = form.field(name);
    if (!spec || spec->boxes == 0)
        return fail(Text::tr("La feuille « %1 » (formulaire %2) n'a pas de champ « %3 » ; ses "
                             "champs : %4.")
                        .arg(sheet.id, form.id, name,
                             form.recognisedFieldNames().join(QStringLiteral(", "))));
    if (sheet.id == store::kPvSheetId && sheet.state == store::SheetState::Sealed)
        return fail(Text::tr("Le PV est scellé : il se corrige par une nouvelle version, avec "
                             "plumectl close --correct %1=VALEUR --reason TEXTE et deux "
                             "--official NOM.")
                        .arg(name));
    return -1;
}

// A consent "non" on a contact sheet already batched for HQ: the voter withdraws it.
bool withdrawsConsent(const store::Sheet &sheet, const QString &field,
                      const std::optional<QString> &typed)
{
    return store::Store::isContactSheet(sheet.id) && sheet.state == store::SheetState::Sealed &&
           field == QLatin1String("consentement") && typed &&
           typed->trimmed() == QLatin1String("non");
}

// The batch that holds the sheet leaves the outbox, the sheet is erased, the batch's other
// sheets are batched again (sync::withdrawConsent).
int withdrawConsent(store::Store &s, const QString &sheetId, const QString &official, bool json)
{
    const sync::WithdrawalResult r = sync::withdrawConsent(s, sheetId, official);
    if (!r.error.isEmpty())
        return fail(r.error);
    QJsonArray batches;
    for (const sync::Submission &b : r.rebatched)
        batches.append(b.version);
    if (json) {
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("sheet"), sheetId},
                                            {QStringLiteral("withdrawn_batch"), r.withdrawnBatch},
                                            {QStringLiteral("rebatched"), batches}}));
        return Ok;
    }
    out() << Text::tr("%1 : consentement retiré, fiche effacée ; le lot %2 est retiré de la file "
                      "d'envoi, %n autre(s) lot(s) refait(s) avec ses autres fiches.",
                      nullptr, int(r.rebatched.size()))
                 .arg(sheetId)
                 .arg(r.withdrawnBatch)
          << "\n";
    out().flush();
    return Ok;
}

// The sheet of --sheet, or every sheet; nullopt when --sheet names none (said).
std::optional<QVector<store::Sheet>> sheetsOf(const store::Store &s,
                                              const std::optional<QString> &sheetId)
{
    if (!sheetId)
        return s.sheets();
    auto one = s.sheet(*sheetId);
    if (!one) {
        noSuchSheet(s, *sheetId);
        return std::nullopt;
    }
    return QVector<store::Sheet>{*one};
}

// name, state, reading=VALUE (CONFIDENCE[, doubtful]) or -, decision=VALUE by OFFICIAL or -.
void printFieldLine(const forms::FieldStatus &st)
{
    const QString reading =
        st.reading ? QStringLiteral("%1 (%2%3)")
                         .arg(st.reading->value)
                         .arg(st.reading->confidence, 0, 'f', 2)
                         .arg(st.reading->flagged ? QStringLiteral(", doubtful") : QString())
                   : QStringLiteral("-");
    const QString decision =
        st.decision ? QStringLiteral("%1 by %2").arg(st.decision->value, st.decision->official)
                    : QStringLiteral("-");
    out() << st.field.leftJustified(16) << " " << forms::toString(st.state).leftJustified(10)
          << " reading=" << reading << " decision=" << decision << "\n";
}

QJsonObject sheetFieldsJson(const store::Sheet &sh, const QVector<forms::FieldStatus> &statuses)
{
    QJsonArray fieldsJson;
    for (const auto &st : statuses)
        fieldsJson.append(st.toJson());
    return QJsonObject{{QStringLiteral("sheet"), sh.id},
                       {QStringLiteral("form"), sh.form},
                       {QStringLiteral("state"), store::toString(sh.state)},
                       {QStringLiteral("fields"), fieldsJson}};
}

int fields(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(QStringLiteral("sheet"),
                                   Text::tr("Identifiant de la feuille (par défaut : toutes)."),
                                   QStringLiteral("ID"));
    p.addOptions({dbOption(), sheet, jsonOption(), passphraseOption()});
    if (int r =
            parseArgs(p, args, Text::tr("Liste les champs : lecture, confiance, décision, état."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStationToRead(p);
    const auto election = s->election();
    const auto sheets = sheetsOf(*s, p.isSet(sheet) ? std::optional(p.value(sheet)) : std::nullopt);
    if (!sheets)
        return Failure;
    const bool json = p.isSet(jsonOption());
    QJsonArray all;
    for (const store::Sheet &sh : *sheets) {
        QString error;
        const auto form = forms::loadForm(sh.form, election, &error);
        if (!form)
            return fail(error);
        const auto statuses = forms::fieldStatuses(*s, *form, sh.id);
        if (json) {
            all.append(sheetFieldsJson(sh, statuses));
            continue;
        }
        out() << "# sheet " << sh.id << " (" << sh.form << ", " << store::toString(sh.state)
              << ")\n";
        for (const auto &st : statuses)
            printFieldLine(st);
    }
    if (json)
        printJson(QJsonDocument(all));
    out().flush();
    return Ok;
}

// A doubtful reading is never confirmed unseen, as in the window (two Enters, the ink
// enlarged): here its value must be typed again with --value, from the paper.
int refuseDoubtfulUnseen(const store::Store &s, const QString &sheet, const QString &field,
                         const std::optional<QString> &typed)
{
    const auto reading = s.latestReading(sheet, field);
    if (typed || !reading || !reading->flagged)
        return -1;
    // Neither the value proposed (it would be pasted back unseen) nor, on a contact sheet,
    // shown: error messages name fields, never personal values.
    return fail(Text::tr("%1/%2 : la lecture est douteuse, rien n'est enregistré. Regardez "
                         "l'encre sur le papier, puis tapez ce qui y est écrit avec --value.")
                    .arg(sheet, field));
}

int confirm(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(QStringLiteral("sheet"), Text::tr("Identifiant de la feuille."),
                                   QStringLiteral("ID"));
    const QCommandLineOption field(QStringLiteral("field"), Text::tr("Nom du champ."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption value(QStringLiteral("value"),
                                   Text::tr("Valeur tapée (par défaut : confirmer la lecture, "
                                            "si elle n'est pas douteuse)."),
                                   QStringLiteral("V"));
    const QCommandLineOption official(QStringLiteral("official"),
                                      Text::tr("Nom du membre du bureau qui décide."),
                                      QStringLiteral("NAME"));
    p.addOptions({dbOption(), sheet, field, value, official, jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Enregistre la décision d'un membre du bureau sur un champ."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    for (const auto *o : {&sheet, &field, &official})
        if (p.value(*o).trimmed().isEmpty())
            return fail(Text::tr("--%1 est obligatoire").arg(o->names().constFirst()), Usage);
    auto s = openStation(p);
    const auto sh = s->sheet(p.value(sheet));
    if (!sh)
        return noSuchSheet(*s, p.value(sheet));
    QString error;
    const auto form = forms::loadForm(sh->form, s->election(), &error);
    if (!form)
        return fail(error);
    if (int r = checkDecidable(*sh, *form, p.value(field)); r >= 0)
        return r;
    // Only an official the election lists decides: anyone else is a usage error, as a
    // missing --official is.
    if (const QString why = forms::unlistedOfficialMessage(s->election(), p.value(official));
        !why.isEmpty())
        return fail(why, Usage);
    const std::optional<QString> typed =
        p.isSet(value) ? std::optional<QString>(p.value(value)) : std::nullopt;
    if (withdrawsConsent(*sh, p.value(field), typed))
        return withdrawConsent(*s, sh->id, p.value(official), p.isSet(jsonOption()));
    // One write transaction: a capture running meanwhile cannot slip a new doubtful reading
    // between the check and the decision.
    int refused = -1;
    qint64 id = 0;
    s->transaction([&] {
        refused = refuseDoubtfulUnseen(*s, sh->id, p.value(field), typed);
        if (refused < 0)
            id = forms::decideField(*s, *form, sh->id, p.value(field), typed, p.value(official));
    });
    if (refused >= 0)
        return refused;
    const store::Decision d = *s->latestDecision(sh->id, p.value(field));
    // A contact sheet complete with consent goes to headquarters in the next batch.
    if (store::Store::isContactSheet(sh->id))
        sync::queueReadyContacts(*s, d.official, false);
    if (p.isSet(jsonOption()))
        printJson(
            QJsonDocument(QJsonObject{{QStringLiteral("decision"), id},
                                      {QStringLiteral("sheet"), d.sheetId},
                                      {QStringLiteral("field"), d.field},
                                      {QStringLiteral("value"), d.value},
                                      {QStringLiteral("source"), store::toString(d.source)}}));
    else
        out() << d.sheetId << "/" << d.field << " = " << d.value << " ("
              << store::toString(d.source) << " by " << d.official << ")\n";
    out().flush();
    return Ok;
}

// A station file for the benchmark, in dir.
QString benchStation(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("bench.plume"));
    store::ElectionConfig e;
    e.electionName = QStringLiteral("bench");
    e.stationCode = QStringLiteral("BENCH");
    e.candidates = {{QStringLiteral("a"), QStringLiteral("A"), 1}};
    store::Store::create(path, e, store::Store::randomPassphrase()).reset();
    return path;
}

// Stroke i of the benchmark: 60 dots (a digit written in ~0.5 s).
ink::Stroke benchStroke(int i)
{
    ink::Stroke s;
    s.page = ink::PageAddress{3, 27, 603, 1};
    s.penId = QStringLiteral("bench");
    s.startMs = 1763829000000 + i * 600;
    for (int k = 0; k < 60; ++k)
        s.dots.append(ink::Dot{50 + k * 0.05, 20 + k * 0.03, 400, s.startMs + k * 8});
    return s;
}

// When each stroke was enqueued and when it was committed (µs on one clock).
struct StrokeTimes
{
    explicit StrokeTimes(int n) : enqueuedAt(size_t(n) + 1, 0), committedAt(size_t(n) + 1, 0) {}
    std::vector<qint64> enqueuedAt, committedAt;
    std::mutex m;
};

// Writes n strokes at perSecond (0: as fast as possible) through a StrokeWriter; the
// sorted latencies enqueue -> committed (fsync'd: journal_mode=WAL, synchronous=FULL), in
// µs, or nullopt with the writer's error.
std::optional<std::vector<qint64>> durableLatencies(const QString &path, int n, double perSecond,
                                                    const QElapsedTimer &clock, QString *error)
{
    StrokeTimes times(n);
    store::StrokeWriter writer(path);
    QObject::connect(
        &writer, &store::StrokeWriter::committed, &writer,
        [&](quint64 seq, qint64) {
            const qint64 now = clock.nsecsElapsed() / 1000;
            std::lock_guard lock(times.m);
            for (quint64 s = seq; s >= 1 && times.committedAt[s] == 0; --s)
                times.committedAt[s] = now;
        },
        Qt::DirectConnection);
    for (int i = 1; i <= n; ++i) {
        if (perSecond > 0) {
            const qint64 due = qint64(1e6 * (i - 1) / perSecond);
            while (clock.nsecsElapsed() / 1000 < due)
                QThread::usleep(200);
        }
        const ink::Stroke s = benchStroke(i);
        {
            std::lock_guard lock(times.m);
            times.enqueuedAt[size_t(i)] = clock.nsecsElapsed() / 1000;
        }
        writer.enqueue(s, store::kPvSheetId);
    }
    if (!writer.flush(60000)) {
        *error = writer.lastError();
        return std::nullopt;
    }
    std::lock_guard lock(times.m);
    std::vector<qint64> latencyUs;
    for (int i = 1; i <= n; ++i)
        latencyUs.push_back(times.committedAt[size_t(i)] - times.enqueuedAt[size_t(i)]);
    std::sort(latencyUs.begin(), latencyUs.end());
    return latencyUs;
}

void printStoreBench(const std::vector<qint64> &latencyUs, int n, double perSecond, double seconds,
                     bool json)
{
    auto pct = [&](double q) {
        return latencyUs[size_t(std::min<double>(latencyUs.size() - 1, q * latencyUs.size()))] /
               1000.0;
    };
    if (json) {
        printJson(QJsonDocument(
            QJsonObject{{QStringLiteral("strokes"), n},
                        {QStringLiteral("offered_rate_per_s"), perSecond},
                        {QStringLiteral("seconds"), seconds},
                        {QStringLiteral("durable_ms_p50"), pct(0.50)},
                        {QStringLiteral("durable_ms_p99"), pct(0.99)},
                        {QStringLiteral("durable_ms_max"), latencyUs.back() / 1000.0}}));
        return;
    }
    out() << QStringLiteral("store: %1 strokes of 60 dots at %2/s; enqueue -> durable p50 %3 "
                            "ms, p99 %4 ms, max %5 ms\n")
                 .arg(n)
                 .arg(perSecond > 0 ? QString::number(perSecond) : QStringLiteral("max"))
                 .arg(pct(0.5), 0, 'f', 2)
                 .arg(pct(0.99), 0, 'f', 2)
                 .arg(latencyUs.back() / 1000.0, 0, 'f', 2);
    out().flush();
}

int benchStore(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption strokes(QStringLiteral("strokes"),
                                     Text::tr("Nombre de traits à écrire (2000 par défaut)."),
                                     QStringLiteral("N"));
    const QCommandLineOption rate(
        QStringLiteral("rate"),
        Text::tr("Traits par seconde (20 par défaut ; 0 = aussi vite que possible)."),
        QStringLiteral("R"));
    p.addOptions({strokes, rate, jsonOption()});
    if (int r = parseArgs(
            p, args,
            Text::tr("Délai avant qu'un trait soit durable, par l'écrivain en arrière-plan."));
        r >= 0)
        return r;
    const int n = p.isSet(strokes) ? p.value(strokes).toInt() : 2000;
    const double perSecond = p.isSet(rate) ? p.value(rate).toDouble() : 20;
    if (n <= 0 || perSecond < 0)
        return fail(Text::tr("--strokes doit être > 0 et --rate >= 0"), Usage);
    QTemporaryDir dir;
    const QString path = benchStation(dir);
    QElapsedTimer clock;
    clock.start();
    QString error;
    const auto latencyUs = durableLatencies(path, n, perSecond, clock, &error);
    if (!latencyUs)
        return fail(Text::tr("l'écrivain n'a pas fini : %1").arg(error));
    printStoreBench(*latencyUs, n, perSecond, clock.nsecsElapsed() / 1e9, p.isSet(jsonOption()));
    return Ok;
}

} // namespace

void registerStoreCommands(Registry &r)
{
    r.add({{QStringLiteral("bench"), QStringLiteral("store")},
           Text::tr("délai de durabilité d'un trait (mise en file -> écrit sur disque)"),
           benchStore});
    r.add({{QStringLiteral("station"), QStringLiteral("init")},
           Text::tr("crée un fichier de bureau à partir d'un fichier d'élection"),
           stationInit});
    r.add({{QStringLiteral("db"), QStringLiteral("check")},
           Text::tr("intégrité et journal d'audit : affiche ok ou la première ligne fautive"),
           dbCheck});
    r.add({{QStringLiteral("db"), QStringLiteral("info")},
           Text::tr("décrit un fichier de bureau"),
           dbInfo});
    r.add({{QStringLiteral("sheet"), QStringLiteral("new")},
           Text::tr("ajoute une fiche contact, affiche son identifiant"),
           sheetNew});
    r.add({{QStringLiteral("fields")}, Text::tr("champs avec lecture, décision et état"), fields});
    r.add({{QStringLiteral("confirm")},
           Text::tr("enregistre la décision d'un membre du bureau"),
           confirm});
}

} // namespace plume::cli
