// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq: headquarters server and operator commands (docs/hq.md).
#include "hq/cli.h"
#include "hq/text.h"
#include "i18n/i18n.h"
#include "i18n/process.h"

#include <QCoreApplication>
#include <QTextStream>

#include <sys/stat.h>

using namespace plume::hq;

namespace {

void usage(QTextStream &s)
{
    s << HqText::tr(
             "Utilisation : plume-hq <commande> [options]   (plume-hq <commande> --help pour "
             "le détail)")
      << "\n\n"
      << "  init --db URL\n"
         "  keys init --db URL [--key-file F]\n"
         "  keys adopt --db URL [--key-file F]\n"
         "  keys show --db URL\n"
         "  elections add --db URL --election FILE.json\n"
         "  stations add --db URL --station CODE --public-key B64 [--replace]\n"
         "  stations revoke --db URL --station CODE\n"
         "  pv withdraw --db URL --station CODE --reason TEXT [--from-version N]\n"
         "  serve --db URL --listen HOST:PORT [--key-file F] [--operator-token-file F]\n"
         "        [--tls-cert F --tls-key F] [--max-body N] [--durability full|process]\n"
         "        [--max-connections N] [--max-connections-per-address N]\n"
         "        [--header-timeout S] [--idle-timeout S] [--quiet]\n"
         "  results --db URL [--election ID]\n"
         "  contacts export --db URL [--key-file F] --out FILE\n"
         "  contacts retention --db URL --days N|off\n"
         "  contacts purge --db URL [--days N]\n"
         "  contacts erase --db URL [--key-file F] (--station CODE --sheet contact-N\n"
         "        [--batch N] | --email ADDRESS) [--reason TEXT]\n"
         "  contacts pending --db URL\n"
         "  import --db URL [--key-file F] [--max-body N] [--receipts F] FILE.plume...\n\n"
      << HqText::tr("URL : sqlite:CHEMIN ou postgresql://user:pass@host:port/db[?host=DOSSIER] ; "
                    "--db vaut par défaut $PLUME_HQ_DB, --key-file $PLUME_HQ_KEY_FILE, sinon "
                    "<chemin sqlite>.key.")
      << "\n";
}

int dispatch(const QStringList &a)
{
    auto rest = [&](int n) {
        QStringList r = a.mid(1 + n);
        r.prepend(QStringLiteral("plume-hq ") + a.mid(1, n).join(QLatin1Char(' ')));
        return r;
    };
    const QString c1 = a.value(1), c2 = a.value(2);
    auto is = [](const QString &s, const char *w) { return s == QLatin1String(w); };
    if (is(c1, "init"))
        return cli::initCommand(rest(1));
    if (is(c1, "keys") && (is(c2, "init") || is(c2, "adopt") || is(c2, "show")))
        return cli::keysCommand(c2, rest(2));
    if (is(c1, "elections") && is(c2, "add"))
        return cli::electionsAdd(rest(2));
    if (is(c1, "stations") && (is(c2, "add") || is(c2, "revoke")))
        return cli::stationsCommand(c2, rest(2));
    if (is(c1, "pv") && is(c2, "withdraw"))
        return cli::pvWithdraw(rest(2));
    if (is(c1, "serve"))
        return cli::serveCommand(rest(1));
    if (is(c1, "results"))
        return cli::resultsCommand(rest(1));
    if (is(c1, "contacts") && (is(c2, "export") || is(c2, "retention") || is(c2, "purge") ||
                               is(c2, "erase") || is(c2, "pending")))
        return cli::contactsCommand(c2, rest(2));
    if (is(c1, "import"))
        return cli::importCommand(rest(1));
    if (is(c1, "--version")) {
        cli::out() << "plume-hq " PLUME_VERSION "\n";
        return 0;
    }
    const bool help = is(c1, "--help") || is(c1, "-h");
    if (!help && !c1.isEmpty())
        cli::fail(HqText::tr("commande inconnue « %1 »").arg(a.mid(1).join(QLatin1Char(' '))), 2);
    QTextStream e(help ? stdout : stderr);
    usage(e);
    return help ? 0 : 2;
}

} // namespace

int main(int argc, char **argv)
{
    plume::i18n::protectProcessMemory(); // no core dump of contacts or keys
    // Everything plume-hq creates (databases, key files, exports) is for its owner only.
    umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("plume-hq"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    // Human sentences (help, errors, the texts of HTTP answers) in the language of the
    // environment, French by default, as plumectl; the machine lines (created …, stored …,
    // JSON, HTTP rule codes) never change.
    plume::i18n::installTranslators(app, plume::i18n::languageFromEnvironment());
    const int code = dispatch(app.arguments());
    cli::out().flush();
    return code;
}
