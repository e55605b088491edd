// plume: the polling-station window.
#include "pensim/pensimulator.h"
#include "store/passphrase.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileDialog>
#include <QInputDialog>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QTranslator>

using namespace plume;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("plume"));
    QApplication::setApplicationDisplayName(QStringLiteral("Plume"));
    QApplication::setOrganizationName(QStringLiteral("Plume"));
    QApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.plume.Plume"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Plume — polling-station reports from a digital pen"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Temporary station on the demo election, with a simulated pen."));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Station file to open."),
                                QStringLiteral("FILE"));
    const QCommandLineOption election(QStringLiteral("election"),
                                      QStringLiteral("Election file, to create --db."),
                                      QStringLiteral("FILE.json"));
    const QCommandLineOption penOpt(QStringLiteral("pen"),
                                    QStringLiteral("tcp:HOST:PORT or ble:ADDRESS."),
                                    QStringLiteral("SPEC"));
    const QCommandLineOption pin(QStringLiteral("pin"), QStringLiteral("Pen PIN."),
                                 QStringLiteral("PIN"));
    const QCommandLineOption official(QStringLiteral("official"),
                                      QStringLiteral("Official on duty."), QStringLiteral("NAME"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("fr (default) or en."),
                                  QStringLiteral("LANG"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window (after --quit-after, or 8 s)."),
        QStringLiteral("FILE.png"));
    const QCommandLineOption quitAfter(
        QStringLiteral("quit-after"), QStringLiteral("Quit after S seconds."), QStringLiteral("S"));
    parser.addOptions({demo, db, election, penOpt, pin, official, lang, screenshot, quitAfter});
    parser.process(app);

    QString language = parser.value(lang);
    if (language.isEmpty())
        language =
            QLocale().language() == QLocale::English ? QStringLiteral("en") : QStringLiteral("fr");
    QTranslator qtTranslator, translator;
    if (qtTranslator.load(QStringLiteral("qtbase_") + language,
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    if (language != QLatin1String("fr") &&
        translator.load(QStringLiteral(":/i18n/plume_") + language))
        app.installTranslator(&translator);

    // A new station is protected from the start: ask its passphrase until the store's
    // checker (store/passphrase.h) accepts it.
    const auto askNewPassphrase = [] {
        QString message = QApplication::translate(
            "main", "Choisissez la phrase secrète du bureau (plusieurs mots) : elle protège la "
                    "clé de signature et les fiches contact.");
        for (;;) {
            bool ok = false;
            const QString pass = QInputDialog::getText(
                nullptr, QApplication::translate("main", "Phrase secrète du bureau"), message,
                QLineEdit::Password, QString(), &ok);
            if (!ok)
                throw store::StoreError(
                    QApplication::translate("main", "Un bureau a toujours une phrase secrète."));
            const store::PassphraseStrength strength = store::checkPassphrase(pass);
            if (strength.accepted)
                return pass;
            message = strength.reason;
        }
    };
    ui::Station station;
    try {
        if (parser.isSet(demo)) {
            station.createDemo();
        } else if (parser.isSet(db) && parser.isSet(election)) {
            station.create(parser.value(db), parser.value(election), askNewPassphrase());
        } else if (parser.isSet(db)) {
            station.open(parser.value(db));
        } else {
            // First run: choose an election file and where to keep the station file.
            const QString electionFile = QFileDialog::getOpenFileName(
                nullptr, QApplication::translate("main", "Fichier de l'élection"), QString(),
                QApplication::translate("main", "Élection (*.json)"));
            if (electionFile.isEmpty())
                return 1;
            const QString path = QFileDialog::getSaveFileName(
                nullptr, QApplication::translate("main", "Fichier du bureau de vote"),
                QStringLiteral("bureau.plume"),
                QApplication::translate("main", "Bureau Plume (*.plume)"));
            if (path.isEmpty())
                return 1;
            station.create(path, electionFile, askNewPassphrase());
        }
    } catch (const store::StoreError &e) {
        QMessageBox::critical(nullptr, QStringLiteral("Plume"), e.message());
        return 1;
    }

    // Contact data is encrypted with the station passphrase (docs/privacy.md): ask for it
    // once at start; a new station is asked to set one.
    if (!station.isDemo()) {
        auto &store = station.store();
        if (store.protection() == store::Store::Protection::Locked) {
            QString message = QApplication::translate(
                "main", "Phrase secrète du bureau (protège les fiches contact) :");
            for (;;) {
                bool ok = false;
                const QString pass = QInputDialog::getText(
                    nullptr, QApplication::translate("main", "Mot de passe du bureau"), message,
                    QLineEdit::Password, QString(), &ok);
                if (!ok)
                    return 1;
                try {
                    store.unlock(pass);
                    break;
                } catch (const store::StoreError &) {
                    message =
                        QApplication::translate("main", "Phrase secrète incorrecte.") +
                        QLatin1Char('\n') +
                        QApplication::translate(
                            "main", "Phrase secrète du bureau (protège les fiches contact) :");
                }
            }
        } else if (store.protection() == store::Store::Protection::Unprotected) {
            bool ok = false;
            const QString pass = QInputDialog::getText(
                nullptr, QApplication::translate("main", "Mot de passe du bureau"),
                QApplication::translate(
                    "main", "Choisissez une phrase secrète (8 caractères au moins) : elle chiffre "
                            "les fiches contact sur cet ordinateur."),
                QLineEdit::Password, QString(), &ok);
            if (ok && !pass.isEmpty()) {
                try {
                    store.setPassphrase(pass);
                } catch (const store::StoreError &e) {
                    QMessageBox::warning(nullptr, QStringLiteral("Plume"), e.message());
                }
            }
        }
    }

    try {
        station.start();
    } catch (const store::StoreError &e) {
        QMessageBox::critical(nullptr, QStringLiteral("Plume"), e.message());
        return 1;
    }
    ui::MainWindow window(station);
    if (!station.isDemo() && station.store().protection() == store::Store::Protection::Unprotected)
        window.statusBar()->showMessage(QApplication::translate(
            "main",
            "Attention : les fiches contact ne sont pas protégées par une phrase secrète."));
    window.show();
    if (parser.isSet(official))
        window.setOfficial(parser.value(official));
    else if (parser.isSet(demo) && !station.store().election().officials.isEmpty())
        window.setOfficial(station.store().election().officials.first());
    else
        window.chooseOfficial();

    if (parser.isSet(demo)) {
        QString error;
        if (!station.startDemoPen(&error))
            QMessageBox::warning(&window, QStringLiteral("Plume"), error);
    } else if (parser.isSet(penOpt)) {
        station.connectPen(parser.value(penOpt), parser.value(pin));
    }

    const int quitSeconds = parser.value(quitAfter).toInt();
    if (parser.isSet(screenshot)) {
        const int at = quitSeconds > 0 ? std::max(1, quitSeconds - 1) : 8;
        QTimer::singleShot(at * 1000, &window, [&] {
            station.session().flush();
            // Show the PV with its first doubtful field selected: what an official works on.
            window.showSheet(QStringLiteral("pv"));
            for (const auto &st : station.session().statuses(QStringLiteral("pv")))
                if (st.state == forms::FieldState::Doubtful) {
                    window.review()->selectField(st.field);
                    break;
                }
            QTimer::singleShot(300, &window, [&] {
                const bool ok = window.grab().save(parser.value(screenshot));
                fprintf(stderr, "screenshot %s: %s\n", qPrintable(parser.value(screenshot)),
                        ok ? "saved" : "FAILED");
            });
        });
    }
    if (quitSeconds > 0)
        QTimer::singleShot(quitSeconds * 1000 + 500, &app, &QApplication::quit);
    return app.exec();
}
