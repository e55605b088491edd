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
    const QCommandLineOption form(QStringLiteral("form"), QStringLiteral("pv or contact."),
                                  QStringLiteral("FORM"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("PDF to write."),
                                    QStringLiteral("FILE.pdf"));
    const QCommandLineOption election(
        QStringLiteral("election"),
        QStringLiteral("Election file (PV candidates; default: the demo election)."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Station file (its election, instead of --election)."),
        QStringLiteral("FILE"));
    p.addOptions({form, outOpt, election, db});
    if (int r = parseArgs(p, args, QStringLiteral("Render a blank form to print on pen paper."));
        r >= 0)
        return r;
    const QString id = p.value(form);
    if (id != QLatin1String("pv") && id != QLatin1String("contact"))
        return fail(QStringLiteral("--form must be pv or contact"), Usage);
    if (p.value(outOpt).isEmpty())
        return fail(QStringLiteral("--out FILE.pdf is required"), Usage);
    QString error;
    std::optional<store::ElectionConfig> config;
    if (p.isSet(db)) {
        config = store::Store::open(p.value(db))->election();
    } else {
        const QString file = p.isSet(election) ? p.value(election) : datadir::demoElection();
        config = store::ElectionConfig::fromFile(file, &error);
    }
    if (!config)
        return fail(QStringLiteral("invalid election file: ") + error);
    const auto spec = forms::loadForm(id, *config, &error);
    if (!spec)
        return fail(error);
    if (!forms::printBlankForm(*spec, *config, p.value(outOpt), &error))
        return fail(error);
    out() << "wrote " << p.value(outOpt) << "\n";
    out().flush();
    return Ok;
}

} // namespace

void registerFormsCommands(Registry &r)
{
    r.add({{QStringLiteral("forms"), QStringLiteral("print")},
           QStringLiteral("render a blank PV or contact sheet to PDF"),
           formsPrint});
}

} // namespace plume::cli
