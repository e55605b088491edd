// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// `plume-hq contacts erase` (docs/hq.md#erase): a voter who withdraws consent after their batch
// was delivered is erased at HQ. Machine line `erased: N`, then sentences in plume-hq's
// language; a warning on stderr for each erased contact an earlier export still holds.
// Nothing printed names the person or repeats their e-mail.
#include "hq/cli.h"
#include "hq/contactbox.h"
#include "hq/election.h"
#include "hq/hqdb.h"
#include "hq/text.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>

namespace plume::hq::cli {
namespace {

QCommandLineOption shownIf(bool used, QCommandLineOption option)
{
    if (!used)
        option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// An ISO time as stored, for a person: "2026-12-01 10:20:00 UTC".
QString when(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : iso;
}

bool isEmail(const QString &email)
{
    static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s]+\\z"));
    return email.size() <= 200 && re.match(email).hasMatch();
}

// Who to erase, from the command line: -1 when it is complete, else exit 2 (said).
int readSelector(const QCommandLineParser &p, const EraseOptions &o, ContactSelector &who)
{
    who = {p.value(o.station).trimmed(), p.value(o.sheet).trimmed(), p.value(o.email).trimmed(), 0};
    if (p.isSet(o.email) && (p.isSet(o.station) || p.isSet(o.sheet) || p.isSet(o.batch)))
        return fail(HqText::tr("--email, ou bien --station et --sheet (et --batch) : pas les deux"),
                    2);
    if (p.isSet(o.email))
        return isEmail(who.email)
                   ? -1
                   : fail(HqText::tr("--email : une adresse de courriel (nom@domaine)"), 2);
    if (!p.isSet(o.station) || !p.isSet(o.sheet))
        return fail(HqText::tr("dites qui effacer : --station CODE --sheet contact-N, ou --email "
                               "ADRESSE"),
                    2);
    if (!isStationCode(who.station))
        return fail(HqText::tr("--station CODE : 1 à 32 caractères parmi 0-9 A-Z a-z et « - »"), 2);
    if (contactSheetNumber(who.sheet) < 0)
        return fail(HqText::tr("--sheet : contact-N, le numéro de la fiche"), 2);
    if (!p.isSet(o.batch))
        return -1;
    bool ok = false;
    who.batch = p.value(o.batch).trimmed().toLongLong(&ok);
    return ok && who.batch > 0 && who.batch <= kMaxContactBatch // HQ refuses any other
               ? -1
               : fail(HqText::tr("--batch N : le numéro du lot que le bureau a donné (1, 2, …)"),
                      2);
}

QString noMatch(const ContactSelector &who, const ContactErasure &e)
{
    QString s =
        HqText::tr("aucune fiche de contact gardée au siège ne correspond (%1) : rien n'a "
                   "été effacé")
            .arg(who.email.isEmpty() ? HqText::tr("bureau %1, %2").arg(who.station, who.sheet)
                                     : HqText::tr("ce courriel"));
    if (e.purgedBatches > 0)
        // exported_at is a box's first export: every export after it held the box too.
        s += HqText::tr(" ; %n lot(s) déjà purgé(s) après export (exporté(s) pour la première "
                        "fois le %1) ne se cherche(nt) plus : si la fiche y était, seuls les "
                        "exports faits depuis cette date la gardent, et qui les détient doit l'y "
                        "effacer",
                        nullptr, int(e.purgedBatches))
                 .arg(when(e.firstPurgedExport));
    return s;
}

// Nothing erased yet: the batch has not arrived; its sheet goes when it does.
int printPending(const ContactSelector &who)
{
    out() << "erased: 0\n"
          << "pending: 1\n"
          << HqText::tr("Le lot %1 du bureau %2 n'est pas encore arrivé au siège : l'effacement "
                        "de la fiche %3 est enregistré et s'appliquera à son arrivée, avant qu'il "
                        "soit gardé (le journal des effacements le dira). S'il arrive dans un "
                        "fichier hors ligne, ce fichier la contient encore : détruisez-le après "
                        "l'import.")
                 .arg(who.batch)
                 .arg(who.station, who.sheet)
          << "\n";
    out().flush();
    return 0;
}

// Asked again once done: said, not « rien n'a été effacé ».
int printErasedOnArrival(const ContactSelector &who, const QString &at)
{
    out() << "erased: 0\n"
          << HqText::tr("La fiche %1 du bureau %2 a déjà été effacée à l'arrivée du lot %3 (%4) : "
                        "il n'y a plus rien à effacer.")
                 .arg(who.sheet, who.station)
                 .arg(who.batch)
                 .arg(when(at))
          << "\n";
    out().flush();
    return 0;
}

// The batches the erasure changed: emptied ones, then a sentence for those that keep others.
void printBatches(const ContactErasure &e)
{
    QSet<QString> seen;
    bool edited = false;
    for (const ErasedContact &c : e.erased) {
        if (!c.batchEmptied) {
            edited = true;
            continue;
        }
        if (!seen.contains(c.station + QLatin1Char('/') + QString::number(c.batch)))
            out() << HqText::tr("Le lot %1 du bureau %2 ne garde plus aucun contact : il est vidé "
                                "comme par une purge.")
                         .arg(c.batch)
                         .arg(c.station)
                  << "\n";
        seen.insert(c.station + QLatin1Char('/') + QString::number(c.batch));
    }
    if (edited)
        out() << HqText::tr("La signature du bureau ne couvre plus un lot ainsi modifié : le siège "
                            "ne la garde pas, et l'export marque ses autres contacts "
                            "(batch_edited_at).")
              << "\n";
}

void printErasure(const ContactSelector &who, const ContactErasure &e)
{
    const int n = int(e.erased.size());
    QStringList where;
    for (const ErasedContact &c : e.erased)
        where << HqText::tr("bureau %1, %2, lot %3").arg(c.station, c.sheet).arg(c.batch);
    out() << "erased: " << n << "\n"
          << HqText::tr("%n fiche(s) de contact effacée(s) au siège (%1) ; le journal des "
                        "effacements garde le bureau, la fiche, le lot et la raison, jamais le nom "
                        "ni le courriel.",
                        nullptr, n)
                 .arg(where.join(QStringLiteral(" ; ")))
          << "\n";
    if (!who.email.isEmpty() && n > 1)
        out() << HqText::tr("Ce courriel figurait sur %n fiches : toutes sont effacées.", nullptr,
                            n)
              << "\n";
    printBatches(e);
    out().flush();
    for (const ErasedContact &c : e.erased)
        if (!c.exportedAt.isEmpty())
            // exported_at is the batch's first export; each export since then holds it too.
            err() << HqText::tr("attention : l'export de contacts du %1, et chaque export fait "
                                "depuis, contient encore la fiche %2 du bureau %3 : le siège a "
                                "effacé sa copie, mais qui détient ces fichiers doit l'y effacer "
                                "lui-même.")
                         .arg(when(c.exportedAt), c.sheet, c.station)
                  << "\n";
    err().flush();
}

} // namespace

EraseOptions eraseOptions(bool used)
{
    return {
        shownIf(used, QCommandLineOption(QStringLiteral("station"),
                                         HqText::tr("Bureau de la fiche (avec --sheet)."),
                                         QStringLiteral("CODE"))),
        shownIf(used, QCommandLineOption(QStringLiteral("sheet"),
                                         HqText::tr("Fiche à effacer, contact-N (avec --station)."),
                                         QStringLiteral("contact-N"))),
        shownIf(used, QCommandLineOption(QStringLiteral("email"),
                                         HqText::tr("Efface toute fiche portant ce courriel "
                                                    "(sans tenir compte des majuscules)."),
                                         QStringLiteral("ADRESSE"))),
        shownIf(used, QCommandLineOption(QStringLiteral("batch"),
                                         HqText::tr("Lot qui contient la fiche, comme le bureau "
                                                    "le dit : s'il n'est pas encore arrivé, "
                                                    "l'effacement s'appliquera à son arrivée."),
                                         QStringLiteral("N"))),
        shownIf(used, QCommandLineOption(QStringLiteral("reason"),
                                         HqText::tr("Pourquoi (gardé au journal des effacements ; "
                                                    "sans nom ni coordonnées)."),
                                         QStringLiteral("TEXTE"))),
    };
}

QString eraseDescription()
{
    return HqText::tr("Efface au siège la fiche d'un électeur qui retire son consentement après "
                      "la remise de son lot : le lot est déchiffré avec le fichier de clé, "
                      "rescellé sans elle, et l'effacement est noté sans nom ni courriel.");
}

int contactsErase(const QCommandLineParser &p, const EraseOptions &o)
{
    ContactSelector who;
    if (int r = readSelector(p, o, who); r >= 0)
        return r;
    if (p.value(o.reason).simplified().size() > HqDatabase::kMaxErasureReason)
        return fail(
            HqText::tr("--reason : %1 caractères au plus").arg(HqDatabase::kMaxErasureReason), 2);
    return guarded([&] {
        auto db = HqDatabase::open(dbUrl(p));
        const HqKeys keys = keysFor(p);
        if (!who.station.isEmpty() && !db->station(who.station))
            return fail(HqText::tr("le bureau %1 n'est pas inscrit au siège : rien n'a été effacé")
                            .arg(who.station));
        ContactErasure e = db->eraseContacts(who, p.value(o.reason), keys);
        if (e.erased.isEmpty() && who.batch > 0) {
            if (const auto at = db->erasedOnArrival(who))
                return printErasedOnArrival(who, *at);
            if (db->recordPendingErasure(who, p.value(o.reason)))
                return printPending(who);
            e = db->eraseContacts(who, p.value(o.reason), keys); // it arrived meanwhile
        }
        if (e.erased.isEmpty())
            return fail(noMatch(who, e));
        printErasure(who, e);
        return 0;
    });
}

// The erasures waiting for a batch HQ has not received: `pending: N`, then one sentence each
// (station, sheet, batch, since when; never the reason, which may name the voter). A batch
// that never comes keeps its erasure waiting: the operator sees it here.
int contactsPending(HqDatabase &db)
{
    const QVector<PendingErasure> waiting = db.pendingErasures();
    out() << "pending: " << waiting.size() << "\n";
    for (const PendingErasure &e : waiting)
        out() << HqText::tr("bureau %1, fiche contact-%2, lot %3 : effacement demandé le %4, en "
                            "attente du lot")
                     .arg(e.station)
                     .arg(e.sheet)
                     .arg(e.batch)
                     .arg(when(e.requestedAt))
              << "\n";
    out().flush();
    return 0;
}

} // namespace plume::hq::cli
