// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// drafts list, drafts drop: the corrections typed in the window and not confirmed, kept in
// the station file (docs/store.md, "Drafts"). A PV draft refuses `plumectl close`; these
// show and drop them where the window cannot be opened. A draft is no decision: dropping one
// loses only the typing (nothing is audited, nothing decided).
#include "plumectl/command.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::cli {
namespace {

const QCommandLineOption &sheetOption()
{
    static const QCommandLineOption o(QStringLiteral("sheet"),
                                      Text::tr("Identifiant de la feuille (par défaut : toutes)."),
                                      QStringLiteral("ID"));
    return o;
}

QJsonObject draftJson(const store::Draft &d)
{
    return QJsonObject{{QStringLiteral("sheet"), d.sheetId},
                       {QStringLiteral("field"), d.field},
                       {QStringLiteral("readable"), d.readable},
                       {QStringLiteral("text"), d.readable ? QJsonValue(d.text) : QJsonValue()},
                       {QStringLiteral("updated_at"), d.updatedAt.toString(Qt::ISODateWithMs)}};
}

// SHEET FIELD TEXT, one per line. An unreadable one was not written by Plume (sqlite3): its
// sheet and field, chosen by whoever wrote it (terminal escapes), are not printed.
void printDrafts(const QVector<store::Draft> &drafts)
{
    int unreadable = 0;
    for (const store::Draft &d : drafts) {
        if (!d.readable) {
            ++unreadable;
            continue;
        }
        out() << d.sheetId << " " << d.field << " " << d.text << "\n";
    }
    if (unreadable > 0)
        out() << Text::tr("%n correction(s) non confirmée(s) illisible(s) (écrite(s) hors de "
                          "Plume ?) : plumectl drafts drop --unreadable les écarte.",
                          nullptr, unreadable)
              << "\n";
}

int draftsList(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), sheetOption(), jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Liste les corrections tapées dans la fenêtre et non "
                                   "confirmées (une ligne : feuille, champ, texte)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStationToRead(p);
    if (p.isSet(sheetOption()) && !s->sheet(p.value(sheetOption())))
        return noSuchSheet(*s, p.value(sheetOption())); // not a silent empty list
    const auto drafts = s->drafts(p.value(sheetOption()));
    if (p.isSet(jsonOption())) {
        QJsonArray all;
        for (const store::Draft &d : drafts)
            all.append(draftJson(d));
        printJson(QJsonDocument(all));
    } else {
        printDrafts(drafts);
    }
    out().flush();
    return Ok;
}

// The drafts that --sheet/--field or --unreadable name.
QVector<store::Draft> chosenDrafts(const store::Store &s, const QCommandLineParser &p,
                                   const QCommandLineOption &field,
                                   const QCommandLineOption &unreadable)
{
    QVector<store::Draft> out;
    for (const store::Draft &d : s.drafts(p.value(sheetOption())))
        if (p.isSet(unreadable) ? !d.readable : d.field == p.value(field))
            out.append(d);
    return out;
}

int draftsDrop(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption field(QStringLiteral("field"), Text::tr("Nom du champ."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption unreadable(
        QStringLiteral("unreadable"),
        Text::tr("Écarte les corrections illisibles (écrites hors de Plume), de toute feuille."));
    p.addOptions({dbOption(), sheetOption(), field, unreadable, passphraseOption()});
    if (int r = parseArgs(p, args,
                          Text::tr("Abandonne une correction non confirmée (comme Échap dans la "
                                   "fenêtre) : --sheet ID --field NOM, ou --unreadable."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const bool one = p.isSet(sheetOption()) && p.isSet(field);
    if (one == p.isSet(unreadable))
        return fail(Text::tr("donnez --sheet ID --field NOM, ou --unreadable"), Usage);
    auto s = openStation(p);
    const auto drafts = chosenDrafts(*s, p, field, unreadable);
    if (one && drafts.isEmpty())
        return fail(Text::tr("Pas de correction non confirmée sur le champ « %1 » de la feuille "
                             "« %2 ».")
                        .arg(p.value(field), p.value(sheetOption())));
    for (const store::Draft &d : drafts)
        s->dropDraft(d.sheetId, d.field);
    out() << "dropped=" << drafts.size() << "\n";
    out().flush();
    return Ok;
}

} // namespace

void registerDraftCommands(Registry &r)
{
    r.add({{QStringLiteral("drafts"), QStringLiteral("list")},
           Text::tr("corrections tapées dans la fenêtre et non confirmées"),
           draftsList});
    r.add({{QStringLiteral("drafts"), QStringLiteral("drop")},
           Text::tr("abandonne une correction non confirmée (comme Échap)"),
           draftsDrop});
}

} // namespace plume::cli
