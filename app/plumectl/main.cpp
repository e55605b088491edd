// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "i18n/console.h"
#include "i18n/i18n.h"
#include "i18n/process.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "store/text.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <memory>
#include <termios.h>
#include <unistd.h>

namespace plume::cli {

// Escape sequences that a hostile file put in what is printed never reach the terminal.
QTextStream &out()
{
    return i18n::consoleOut();
}

QTextStream &err()
{
    return i18n::consoleErr();
}

namespace {

// The first word no option takes beyond `rules`, or the first option given twice that may
// not be: the sentence to print, or "".
QString strayArgument(const QCommandLineParser &parser, const ArgRules &rules)
{
    const QStringList words = parser.positionalArguments();
    if (words.size() > rules.positionals)
        return Text::tr("mot en trop : « %1 » (une valeur avec des espaces se met entre "
                        "guillemets)")
            .arg(store::printable(words.at(rules.positionals)));
    for (const QString &name : parser.optionNames())
        if (!rules.repeatable.contains(name) && parser.values(name).size() > 1)
            return Text::tr("l'option --%1 est donnée plusieurs fois").arg(name);
    return {};
}

} // namespace

int parseArgs(QCommandLineParser &parser, const QStringList &args, const QString &description,
              const ArgRules &rules)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help = i18n::helpOption();
    parser.addOption(help);
    // Qt names the binary in "Usage:"; name the subcommand instead (args[0]).
    auto helpText = [&] { return i18n::helpTextFor(parser, args.value(0)); };
    if (!parser.parse(args)) {
        err() << "plumectl: " << parser.errorText() << "\n" << helpText();
        err().flush();
        return Usage;
    }
    if (parser.isSet(help)) {
        out() << helpText();
        out().flush();
        return Ok;
    }
    if (const QString stray = strayArgument(parser, rules); !stray.isEmpty()) {
        err() << "plumectl: " << stray << "\n" << helpText();
        err().flush();
        return Usage;
    }
    return -1;
}

const QCommandLineOption &dbOption()
{
    static const QCommandLineOption o(QStringLiteral("db"), Text::tr("Fichier du bureau."),
                                      QStringLiteral("FILE"));
    return o;
}

const QCommandLineOption &jsonOption()
{
    static const QCommandLineOption o(QStringLiteral("json"),
                                      Text::tr("Sortie pour les machines (JSON)."));
    return o;
}

const QCommandLineOption &skipFragmentsOption()
{
    static const QCommandLineOption o(
        QStringLiteral("skip-fragments"),
        Text::tr("Écarte les fragments de segmentation : un seul trait droit étiqueté comme un "
                 "chiffre ou une lettre que personne n'écrit d'un trait droit (une barre seule "
                 "étiquetée 4 ou B). Comptés et signalés."));
    return o;
}

const QCommandLineOption &passphraseOption()
{
    static const QCommandLineOption o(QStringLiteral("passphrase-file"),
                                      Text::tr("Fichier qui contient la phrase secrète du bureau "
                                               "(par défaut : $PLUME_PASSPHRASE_FILE)."),
                                      QStringLiteral("FILE"));
    return o;
}

int requireDb(const QCommandLineParser &parser, bool mustExist)
{
    const QString path = parser.value(dbOption());
    if (path.isEmpty())
        return fail(Text::tr("--db FICHIER est obligatoire"), Usage);
    if (mustExist && !QFileInfo::exists(path))
        return fail(missingStationMessage(path));
    return -1;
}

QString missingStationMessage(const QString &path)
{
    return Text::tr("Le fichier de bureau %1 n'existe pas : vérifiez le chemin donné à --db "
                    "(un nouveau bureau se crée avec « plumectl station init --db FICHIER "
                    "--election FICHIER.json »).")
        .arg(path);
}

std::unique_ptr<store::Store> openStation(const QCommandLineParser &parser)
{
    auto s = store::Store::open(parser.value(dbOption()));
    unlockIfGiven(*s, parser);
    return s;
}

int noSuchSheet(const store::Store &s, const QString &id)
{
    QStringList ids;
    for (const store::Sheet &sh : s.sheets())
        ids << sh.id;
    return fail(Text::tr("Pas de feuille « %1 » dans ce bureau ; ses feuilles : %2.")
                    .arg(id, ids.join(QStringLiteral(", "))));
}

std::unique_ptr<store::Store> openStationToRead(const QCommandLineParser &parser)
{
    const QString path = parser.value(dbOption());
    if (!QFileInfo::exists(path) || store::Store::writeRefusal(path).isEmpty())
        return openStation(parser);
    auto s = store::Store::openToRead(path);
    unlockIfGiven(*s, parser);
    return s;
}

void unlockIfGiven(store::Store &store, const QCommandLineParser &parser)
{
    if (parser.isSet(passphraseOption()))
        store.unlockFromFile(parser.value(passphraseOption()));
}

static QString promptHidden(const QString &prompt)
{
    err() << prompt;
    err().flush();
    termios old{};
    const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
    err() << "\n";
    err().flush();
    return line;
}

QString newPassphrase(const QCommandLineParser &parser, const QCommandLineOption &file)
{
    if (parser.isSet(file))
        return store::Store::readPassphraseFile(parser.value(file));
    if (const QString env = qEnvironmentVariable("PLUME_PASSPHRASE_FILE"); !env.isEmpty())
        return store::Store::readPassphraseFile(env);
    if (!isatty(STDIN_FILENO))
        throw store::StoreError(QCoreApplication::translate(
            "plumectl", "Un bureau a toujours une phrase secrète : donnez-la avec "
                        "--passphrase-file FICHIER (ou PLUME_PASSPHRASE_FILE)."));
    const QString first =
        promptHidden(QCoreApplication::translate("plumectl", "Phrase secrète du bureau : "));
    if (promptHidden(QCoreApplication::translate("plumectl", "La même, encore une fois : ")) !=
        first)
        throw store::StoreError(
            QCoreApplication::translate("plumectl", "Les deux phrases secrètes diffèrent."));
    return first;
}

void warn(const QString &message)
{
    err() << "plumectl: " << message << "\n";
    err().flush();
}

void warnHeldSheets(const store::Store &s)
{
    QStringList held = s.sheetsWithDrafts().values();
    held.sort();
    for (const QString &sheet : std::as_const(held))
        if (const auto sh = s.sheet(sheet);
            sh && sh->form == QLatin1String("contact") && sh->state == store::SheetState::Open)
            warn(Text::tr("%1 retenue : une correction tapée n'y est pas confirmée (plumectl "
                          "drafts list, drafts drop)")
                     .arg(sheet));
}

int fail(const QString &message, int code)
{
    warn(message);
    return code;
}

void printJson(const QJsonDocument &doc)
{
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    out().flush();
}

} // namespace plume::cli

using namespace plume::cli;

static void printUsage(const Registry &registry, QTextStream &s)
{
    s << Text::tr("Utilisation : plumectl <commande> [options]   (plumectl <commande> --help pour "
                  "le détail)")
      << "\n\n"
      << Text::tr("Plume %1 - procès-verbaux du bureau de vote au stylo numérique.")
             .arg(QStringLiteral(PLUME_VERSION))
      << "\n\n"
      << Text::tr("Commandes :") << "\n";
    for (const Command &c : registry.commands())
        s << "  " << c.words.join(QLatin1Char(' ')).leftJustified(22) << " " << c.summary << "\n";
    s << "\n"
      << Text::tr("Codes de sortie : 0 réussite, 1 échec, 2 erreur d'utilisation, 3 signature "
                  "d'une clé non vérifiée (verify) ou contrôle partiel sans la phrase secrète "
                  "(db check).")
      << "\n";
    s.flush();
}

// `plumectl station` or `plumectl station --help`: a group's word without its subcommand
// lists that group's commands (exit 0 for --help, 2 otherwise). False when no command
// begins with that word.
static bool printGroup(const Registry &registry, const QStringList &args, int *code)
{
    const QString group = args.value(1);
    QStringList lines;
    for (const Command &c : registry.commands())
        if (c.words.size() > 1 && c.words.first() == group)
            lines << QStringLiteral("  plumectl ") +
                         c.words.join(QLatin1Char(' ')).leftJustified(24) + QLatin1Char(' ') +
                         c.summary;
    if (lines.isEmpty())
        return false;
    const bool help =
        args.size() == 3 && (args[2] == QLatin1String("--help") || args[2] == QLatin1String("-h"));
    QTextStream &s = help ? out() : err();
    if (args.size() == 2)
        warn(Text::tr("« %1 » demande une sous-commande :").arg(group));
    else if (!help)
        warn(Text::tr("commande inconnue « %1 » ; les commandes « %2 » :")
                 .arg(args.mid(1).join(QLatin1Char(' ')), group));
    s << lines.join(QLatin1Char('\n')) << "\n";
    s.flush();
    *code = help ? Ok : Usage;
    return true;
}

// Rendering commands (PDF export, forms print) need QGuiApplication, on the offscreen
// platform so that plumectl stays headless; the others need only QCoreApplication.
static std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    const QByteArray first = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (first != "export" && first != "forms" && first != "close")
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // The offscreen platform wants a private runtime directory; give it one.
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/plumectl-runtime-" +
                               QByteArray::number(uint(getuid()));
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QFile::setPermissions(QString::fromLocal8Bit(dir), QFileDevice::ReadOwner |
                                                               QFileDevice::WriteOwner |
                                                               QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    return std::make_unique<QGuiApplication>(argc, argv);
}

// The command whose words match the most arguments, or nullptr.
static const Command *commandFor(const Registry &registry, const QStringList &args)
{
    const Command *best = nullptr;
    for (const Command &c : registry.commands()) {
        if (c.words.size() > args.size() - 1)
            continue;
        bool match = true;
        for (int i = 0; i < c.words.size() && match; ++i)
            match = args[1 + i] == c.words[i];
        if (match && (!best || c.words.size() > best->words.size()))
            best = &c;
    }
    return best;
}

static void registerCommands(Registry &registry)
{
    registerStoreCommands(registry);
    registerDraftCommands(registry);
    registerPenCommands(registry);
    registerRecognitionCommands(registry);
    registerFormsCommands(registry);
    registerSyncCommands(registry);
    registerClosingCommands(registry);
}

// --passphrase-file wins over $PLUME_PASSPHRASE_FILE: a store opens with the variable's
// passphrase before a command reads its options, so a variable left over (a passphrase
// changed since, another station's) made every command fail « incorrecte », even one given
// the right file and one that needs none (a review of 2026-12-02).
static void preferPassphraseOption(const QStringList &args)
{
    const QString option = QStringLiteral("--passphrase-file");
    for (qsizetype i = 1; i < args.size(); ++i) {
        QString file;
        if (args[i] == option && i + 1 < args.size())
            file = args[i + 1];
        else if (args[i].startsWith(option + QLatin1Char('=')))
            file = args[i].mid(option.size() + 1);
        if (!file.isEmpty())
            qputenv("PLUME_PASSPHRASE_FILE", file.toLocal8Bit());
    }
}

int main(int argc, char **argv)
{
    plume::i18n::protectProcessMemory(); // no core dump of contacts or keys
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("plumectl"));
    QCoreApplication::setOrganizationName(QStringLiteral("Plume"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    // Human sentences in the language of the environment, French by default; the machine
    // lines (valid, strokes=N …, accuracy=…, JSON) never change.
    plume::i18n::installTranslators(*app, plume::i18n::languageFromEnvironment());
    Registry registry;
    registerCommands(registry);
    const QStringList args = app->arguments();
    preferPassphraseOption(args);
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        printUsage(registry, args.size() < 2 ? err() : out());
        return args.size() < 2 ? Usage : Ok;
    }
    if (args[1] == QLatin1String("--version")) {
        out() << "plumectl " PLUME_VERSION "\n";
        out().flush();
        return Ok;
    }
    const Command *command = commandFor(registry, args);
    int code = Usage;
    if (!command && args.size() <= 3 && printGroup(registry, args, &code))
        return code;
    if (!command) {
        warn(Text::tr("commande inconnue « %1 »").arg(args.mid(1).join(QLatin1Char(' '))));
        printUsage(registry, err());
        return Usage;
    }
    QStringList rest = args.mid(1 + command->words.size());
    rest.prepend(QStringLiteral("plumectl ") + command->words.join(QLatin1Char(' ')));
    // A station file that cannot be opened, read or written ends any command the same way:
    // its message on stderr, exit code 1; with --json, also {"error": message} on stdout, so
    // that a script reading the JSON has something to read.
    try {
        return command->run(rest);
    } catch (const plume::store::StoreError &e) {
        if (rest.contains(QLatin1String("--json")))
            printJson(QJsonDocument(QJsonObject{{QStringLiteral("error"), e.message()}}));
        return fail(e.message());
    }
}
