// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Form subcommands: forms print.
#include "datadir/datadir.h"
#include "forms/formpainter.h"
#include "forms/formspec.h"
#include "plumectl/command.h"
#include "store/store.h"

namespace plume::cli {
namespace {

int formsPrint(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption form(QStringLiteral("form"), Text::tr("pv ou contact."),
                                  QStringLiteral("FORM"));
    const QCommandLineOption outOpt(QStringLiteral("out"), Text::tr("PDF à écrire."),
                                    QStringLiteral("FILE.pdf"));
    const QCommandLineOption election(
        QStringLiteral("election"),
        Text::tr(
            "Fichier de l'élection (candidats du PV ; par défaut : l'élection de démonstration)."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption db(
        QStringLiteral("db"), Text::tr("Fichier du bureau (son élection, au lieu de --election)."),
        QStringLiteral("FILE"));
    p.addOptions({form, outOpt, election, db});
    if (int r = parseArgs(
            p, args, Text::tr("Produit un formulaire vierge à imprimer sur le papier du stylo."));
        r >= 0)
        return r;
    const QString id = p.value(form);
    if (id != QLatin1String("pv") && id != QLatin1String("contact"))
        return fail(Text::tr("--form doit valoir pv ou contact"), Usage);
    if (p.value(outOpt).isEmpty())
        return fail(Text::tr("--out FICHIER.pdf est obligatoire"), Usage);
    QString error;
    std::optional<store::ElectionConfig> config;
    if (p.isSet(db)) {
        config = store::Store::open(p.value(db))->election();
    } else {
        const QString file = p.isSet(election) ? p.value(election) : datadir::demoElection();
        config = store::ElectionConfig::fromFile(file, &error);
    }
    if (!config)
        return fail(Text::tr("Fichier d'élection invalide : %1").arg(error));
    const auto spec = forms::loadForm(id, *config, &error);
    if (!spec)
        return fail(error);
    if (!forms::printBlankForm(*spec, *config, p.value(outOpt), &error))
        return fail(error);
    out() << Text::tr("écrit : %1").arg(p.value(outOpt)) << "\n";
    out().flush();
    return Ok;
}

} // namespace

void registerFormsCommands(Registry &r)
{
    r.add({{QStringLiteral("forms"), QStringLiteral("print")},
           Text::tr("PV ou fiche contact vierge en PDF"),
           formsPrint});
}

} // namespace plume::cli
