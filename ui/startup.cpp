// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/startup.h"

#include "i18n/i18n.h"
#include "ui/firstrunwizard.h"
#include "ui/i18n.h"
#include "ui/mainwindow.h"
#include "ui/passphrase.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"
#include "ui/windowlock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace plume::ui {
namespace {

// lupdate context for the start-up texts.
struct Startup
{
    Q_DECLARE_TR_FUNCTIONS(Startup)
};

bool unlockOrProtect(Station &station)
{
    auto &store = station.store();
    if (store.protection() == store::Store::Protection::Locked)
        return UnlockDialog(store).exec() == QDialog::Accepted;
    if (store.protection() == store::Store::Protection::Unprotected)
        return SetPassphraseDialog(store).exec() == QDialog::Accepted;
    return true;
}

void saveScreenshot(MainWindow &window, Station &station, const QString &path)
{
    station.session().flush();
    // Show the PV with its first doubtful field selected: what an official works on.
    window.showSheet(QStringLiteral("pv"));
    for (const auto &st : station.session().statuses(QStringLiteral("pv")))
        if (st.state == forms::FieldState::Doubtful) {
            window.review()->selectField(st.field);
            break;
        }
    QTimer::singleShot(300, &window, [&window, path] {
        const bool ok = window.grab().save(path);
        fprintf(stderr, "screenshot %s: %s (%dx%d)\n", qPrintable(path), ok ? "saved" : "FAILED",
                window.width(), window.height());
    });
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        Startup::tr("Plume — procès-verbaux du bureau de vote au stylo numérique"));
    // Our own help option: Qt's text for it is not translated in Debian's qtbase_fr.
    parser.addOption(i18n::helpOption());
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("station.plume"),
                                 Startup::tr("Fichier du bureau à ouvrir."),
                                 QStringLiteral("[station.plume]"));
    auto option = [&](const char *name, const QString &help, const char *value = nullptr) {
        parser.addOption(
            value ? QCommandLineOption(QString::fromLatin1(name), help, QString::fromLatin1(value))
                  : QCommandLineOption(QString::fromLatin1(name), help));
    };
    option("demo", Startup::tr("Bureau temporaire sur l'élection de démonstration, avec un "
                               "stylo simulé."));
    option("db", Startup::tr("Fichier du bureau à ouvrir."), "FILE");
    option("election", Startup::tr("Fichier de l'élection, pour créer --db."), "FILE.json");
    option("pen", Startup::tr("tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER."), "SPEC");
    option("pin", Startup::tr("Code du stylo."), "PIN");
    option("official", Startup::tr("Membre du bureau de service."), "NAME");
    option("lang", Startup::tr("fr (par défaut) ou en."), "LANG");
    option("screenshot",
           Startup::tr("Enregistre une image PNG de la fenêtre (après --quit-after, ou 8 s)."),
           "FILE.png");
    option("quit-after", Startup::tr("Quitte après S secondes."), "S");
    option("lock-after",
           Startup::tr("Verrouille la fenêtre après MINUTES sans clavier ni souris (5 par "
                       "défaut ; 0 : jamais)."),
           "MINUTES");
}

} // namespace

QString languageFromArguments(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments[i + 1];
        if (arguments[i].startsWith(QLatin1String("--lang=")))
            return arguments[i].mid(7);
    }
    return i18n::languageFromEnvironment(); // as plumectl: French unless English is asked
}

bool asksOnlyForText(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char *text : {"-h", "--help", "-v", "--version"})
            if (std::strcmp(argv[i], text) == 0)
                return true;
    return false;
}

bool noDisplay()
{
    return qEnvironmentVariableIsEmpty("DISPLAY") &&
           qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
           qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int refuseWithoutDisplay(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setLanguage(languageFromArguments(QCoreApplication::arguments()));
    installTranslators(app);
    std::fputs(qPrintable(Startup::tr("plume : aucun écran ici (ni DISPLAY ni WAYLAND_DISPLAY) : "
                                      "Plume ouvre une fenêtre. Lancez-le dans une session "
                                      "graphique, ou utilisez plumectl en ligne de commande "
                                      "(plumectl --help).\n")),
               stderr);
    return 1;
}

StartOptions parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(0);
    }
    StartOptions o;
    o.demo = parser.isSet(QStringLiteral("demo"));
    o.db = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                              : parser.positionalArguments().value(0);
    o.election = parser.value(QStringLiteral("election"));
    o.pen = parser.value(QStringLiteral("pen"));
    o.pin = parser.value(QStringLiteral("pin"));
    o.official = parser.value(QStringLiteral("official"));
    o.screenshot = parser.value(QStringLiteral("screenshot"));
    o.quitAfter = parser.value(QStringLiteral("quit-after")).toInt();
    if (parser.isSet(QStringLiteral("lock-after"))) {
        bool ok = false;
        o.lockMinutes = parser.value(QStringLiteral("lock-after")).toInt(&ok);
        if (!ok || o.lockMinutes < 0) {
            std::fputs(qPrintable(Startup::tr("plume : --lock-after attend un nombre de minutes "
                                              "(0 : jamais).\n")),
                       stderr);
            std::exit(2);
        }
    }
    return o;
}

bool openStation(Station &station, const StartOptions &options)
{
    try {
        if (options.demo) {
            station.createDemo();
            return true;
        }
        if (!options.db.isEmpty() && options.election.isEmpty()) {
            station.open(options.db);
        } else {
            FirstRunWizard wizard(station);
            wizard.prefill(options.election, options.db);
            if (wizard.exec() != QDialog::Accepted)
                return false;
        }
        if (!unlockOrProtect(station))
            return false;
        station.start();
    } catch (const store::StoreError &e) {
        QMessageBox::critical(
            nullptr, QStringLiteral("Plume"),
            Startup::tr("Le bureau n'a pas pu être ouvert : %1\n\nVérifiez le nom et le dossier du "
                        "fichier (un bureau finit par .plume), ou lancez Plume sans fichier pour "
                        "créer un nouveau bureau.")
                .arg(e.message()));
        return false;
    }
    return true;
}

namespace {

// --lock-after, else the setting lock/afterMinutes (QSettings), else 5.
int lockMinutes(const StartOptions &options)
{
    if (options.lockMinutes >= 0)
        return options.lockMinutes;
    const QVariant setting = QSettings().value(QStringLiteral("lock/afterMinutes"));
    bool ok = false;
    const int minutes = setting.toInt(&ok);
    return ok && minutes >= 0 ? minutes : WindowLock::kDefaultIdleMinutes;
}

// --screenshot and --quit-after, set before any dialog of the session: a dialog waiting for
// an answer (who is on duty) does not hold them back, and quitting closes it too.
void scheduleScreenshotAndQuit(MainWindow &window, Station &station, const StartOptions &options)
{
    if (!options.screenshot.isEmpty()) {
        const int at = options.quitAfter > 0 ? std::max(1, options.quitAfter - 1) : 8;
        QTimer::singleShot(at * 1000, &window, [&window, &station, options] {
            saveScreenshot(window, station, options.screenshot);
        });
    }
    if (options.quitAfter > 0) {
        // quit() first; then, every half second, exit(): a dialog still waiting for an answer
        // before the main loop runs (who is on duty) left quit() nothing to end, and the
        // window then stayed open for ever. The station closes as at any exit.
        auto *again = new QTimer(qApp);
        QObject::connect(again, &QTimer::timeout, qApp, [] { QCoreApplication::exit(0); });
        QTimer::singleShot(options.quitAfter * 1000 + 500, qApp, [again] {
            QApplication::quit();
            again->start(500);
        });
    }
}

} // namespace

void startSession(MainWindow &window, Station &station, const StartOptions &options)
{
    scheduleScreenshotAndQuit(window, station, options);
    window.windowLock()->setIdleMinutes(lockMinutes(options));
    // --official NAME counts only as a listed official (a valid name when none is listed).
    const QStringList officials = station.store().election().officials;
    if (options.official.isEmpty() || !window.setOfficial(options.official)) {
        if (options.demo && !officials.isEmpty())
            window.setOfficial(officials.first());
        else
            window.chooseOfficial();
    }
    QString error;
    if (options.demo && !station.startDemoPen(&error))
        QMessageBox::warning(&window, QStringLiteral("Plume"), error);
    else if (!options.demo && !options.pen.isEmpty())
        station.connectPen(options.pen, options.pin); // a refusal: penError, the status bar
}

} // namespace plume::ui
