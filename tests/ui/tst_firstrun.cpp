// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// First run and opening (offscreen): the wizard explains and checks the election file and
// the station file, asks the passphrase twice with a strength meter (the store's checker,
// the station's words) and does not go on without one; unlocking
// retries after a wrong passphrase and asks before quitting; `plume station.plume` opens
// that station.
#include "store/passphrase.h"
#include "store/store.h"
#include "ui/firstrunwizard.h"
#include "ui/passphrase.h"
#include "ui/startup.h"
#include "ui/station.h"
#include "uitest.h"

#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>

using namespace plume;
using namespace plume::uitest;

namespace {

const QString kDemoElection = QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json");
const QString kGood = QStringLiteral("cheval agrafe batterie correcte");

bool pageComplete(QWizard &w)
{
    return w.currentPage()->isComplete();
}

QString createProtectedStation(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("b.plume"));
    ui::Station station;
    station.create(path, kDemoElection, kGood);
    return path;
}

// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double x = luminance(a), y = luminance(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

// Sets an environment variable for the life of the object.
struct ScopedEnv
{
    QByteArray name, old;
    bool had;
    ScopedEnv(const char *n, const QString &value)
        : name(n), old(qgetenv(n)), had(qEnvironmentVariableIsSet(n))
    {
        qputenv(n, value.toLocal8Bit());
    }
    ~ScopedEnv() { had ? qputenv(name.constData(), old) : qunsetenv(name.constData()); }
};

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private slots:
    void wizardOneScreenPerFileThenPassphrase()
    {
        QTemporaryDir dir;
        ui::Station station;
        ui::FirstRunWizard w(station);
        w.show();
        QVERIFY(!pageComplete(w)); // no election file yet
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{not json");
        bad.close();
        w.electionEdit()->setText(bad.fileName());
        QVERIFY(!pageComplete(w));
        QVERIFY(w.electionInfo()->text().contains(QStringLiteral("pas un fichier d'élection")));
        w.electionEdit()->setText(kDemoElection);
        QVERIFY(pageComplete(w));
        QVERIFY(w.electionInfo()->text().contains(QStringLiteral("75056-0042")));
        w.next();
        // The station file: never an existing one.
        w.stationEdit()->setText(bad.fileName());
        QVERIFY(!pageComplete(w));
        QVERIFY(w.stationInfo()->text().contains(QStringLiteral("existe déjà")));
        const QString path = dir.filePath(QStringLiteral("bureau.plume"));
        w.stationEdit()->setText(path);
        QVERIFY(pageComplete(w));
        w.next();
        // The passphrase, twice; no way on without it.
        auto *pass = w.passphrase();
        QVERIFY(!pageComplete(w));
        pass->first()->setText(QStringLiteral("court"));
        pass->second()->setText(QStringLiteral("court"));
        QVERIFY(!pageComplete(w));
        QVERIFY(pass->verdict()->text().contains(QStringLiteral("au moins")));
        // Long enough but a known password: the store's checker refuses it here too.
        pass->first()->setText(QStringLiteral("azertyuiop"));
        pass->second()->setText(QStringLiteral("azertyuiop"));
        QVERIFY(!pageComplete(w));
        QVERIFY(pass->verdict()->text().contains(QStringLiteral("refusée")));
        // The first copy alone is no mistake yet: the second is asked for, not in red.
        pass->second()->clear();
        pass->first()->setText(kGood);
        QVERIFY(pass->verdict()->text().contains(QStringLiteral("seconde fois")));
        QVERIFY(!pass->verdict()->styleSheet().contains(QStringLiteral("b00000")));
        QVERIFY(!pageComplete(w));
        pass->second()->setText(kGood + QStringLiteral("x"));
        QVERIFY(!pageComplete(w));
        QVERIFY(pass->verdict()->text().contains(QStringLiteral("différentes")));
        QVERIFY(!w.validateCurrentPage());
        QVERIFY(!QFile::exists(path)); // nothing created before the end
        pass->second()->setText(kGood);
        QVERIFY(pageComplete(w));
        w.button(QWizard::FinishButton)->click();
        QCOMPARE(w.result(), int(QDialog::Accepted));
        QVERIFY(QFile::exists(path));
        QVERIFY(station.store().protection() != store::Store::Protection::Unprotected);
        const auto reopened = store::Store::open(path);
        reopened->lock(); // as a new process: the passphrase is needed
        QCOMPARE(reopened->protection(), store::Store::Protection::Locked);
    }

    // The folder suggested (Documents) may not exist yet: it is created on "Suivant", not
    // refused; a folder that cannot be created is refused in words.
    void missingDefaultFolderIsCreated()
    {
        QTemporaryDir home;
        const ScopedEnv h("HOME", home.path());
        const ScopedEnv c("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")));
        const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QVERIFY2(docs.startsWith(home.path()), qPrintable(docs));
        QVERIFY(!QDir(docs).exists());
        ui::Station station;
        ui::FirstRunWizard w(station);
        w.show();
        w.electionEdit()->setText(kDemoElection);
        QCOMPARE(w.stationEdit()->text(),
                 QDir(docs).filePath(QStringLiteral("bureau-75056-0042.plume")));
        w.next();
        QVERIFY(pageComplete(w));
        QVERIFY2(w.stationInfo()->text().contains(QStringLiteral("sera créé")),
                 qPrintable(w.stationInfo()->text()));
        QVERIFY(!QDir(docs).exists()); // nothing made before the official goes on
        w.next();
        QVERIFY(QDir(docs).exists());
        QCOMPARE(w.currentId(), w.pageIds().constLast());
        w.back();
        QFile file(home.filePath(QStringLiteral("un-fichier")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        w.stationEdit()->setText(file.fileName() + QStringLiteral("/dossier/b.plume"));
        QVERIFY(!pageComplete(w));
        QVERIFY(w.stationInfo()->text().contains(QStringLiteral("ne peut pas être créé")));
    }

    // The meter's words sit inside the bar, black on light colours (readable at every
    // score); a long refusal is shown whole, even with a larger font.
    void strengthWordsReadableAndRefusalWhole()
    {
        for (int score = 0; score <= 4; ++score) {
            QVERIFY2(contrast(Qt::black, ui::strengthColour(score)) >= 7,
                     qPrintable(QString::number(score)));
            QVERIFY(contrast(Qt::black, Qt::white) >= 7);
        }
        QVERIFY(ui::strengthColour(1) != ui::strengthColour(store::kMinPassphraseScore));
        const QFont normal = QApplication::font();
        QFont large = normal;
        large.setPointSizeF(normal.pointSizeF() * 1.35);
        QApplication::setFont(large);
        QTemporaryDir dir;
        ui::Station station;
        ui::FirstRunWizard w(station);
        w.prefill(kDemoElection, dir.filePath(QStringLiteral("b.plume")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.next();
        w.next();
        auto *pass = w.passphrase();
        const QString names = QStringLiteral("claire aubert paris");
        pass->first()->setText(names);
        pass->second()->setText(names);
        QApplication::processEvents();
        QApplication::setFont(normal);
        QLabel *verdict = pass->verdict();
        QVERIFY(verdict->text().contains(QStringLiteral("refusée")));
        QVERIFY(pass->meter()->isTextVisible());
        QVERIFY(pass->meter()->height() >= pass->meter()->fontMetrics().height() + 4);
        QVERIFY2(verdict->height() >= verdict->heightForWidth(verdict->width()),
                 qPrintable(QStringLiteral("%1 px for %2")
                                .arg(verdict->height())
                                .arg(verdict->heightForWidth(verdict->width()))));
        const QRect shown(verdict->mapTo(&w, QPoint(0, 0)), verdict->size());
        QVERIFY(w.currentPage()->geometry().contains(
            QRect(verdict->mapTo(w.currentPage()->parentWidget(), QPoint(0, 0)), verdict->size())));
        QVERIFY(w.rect().contains(shown));
    }

    // The meter shows the store's checker, with the station's own words, in words too.
    void strengthMeterWithTheStationsWords()
    {
        QTemporaryDir dir;
        ui::Station station;
        ui::FirstRunWizard w(station);
        w.prefill(kDemoElection, dir.filePath(QStringLiteral("b.plume")));
        auto *pass = w.passphrase();
        QCOMPARE(pass->meter()->value(), 0);
        QCOMPARE(pass->strength()->text(), QString()); // nothing typed, nothing said
        const auto election = *store::ElectionConfig::fromFile(kDemoElection, nullptr);
        const QStringList context = store::passphraseContext(election);
        // A candidate and the commune: strong for zxcvbn alone, weak for this station.
        const QString names = QStringLiteral("claire aubert paris");
        QCOMPARE(store::checkPassphrase(names).score, 4);
        const auto here = store::checkPassphrase(names, context);
        QVERIFY(here.score < store::kMinPassphraseScore);
        pass->first()->setText(names);
        pass->second()->setText(names);
        QCOMPARE(pass->meter()->value(), here.score);
        QVERIFY(!pass->isAcceptable());
        QVERIFY2(pass->verdict()->text().contains(QStringLiteral("candidat")),
                 qPrintable(pass->verdict()->text()));
        QVERIFY(plain(pass->strength()->text()).contains(ui::strengthWords(here.score)));
        for (const char *typed : {"password1", "azertyuiop", "cheval agrafe batterie correcte"}) {
            const QString p = QString::fromLatin1(typed);
            pass->first()->setText(p);
            const auto strength = store::checkPassphrase(p, context);
            QCOMPARE(pass->meter()->value(), strength.score);
            QCOMPARE(pass->meter()->text(), ui::strengthWords(strength.score));
            QVERIFY(plain(pass->strength()->text())
                        .contains(ui::guessTimeWords(strength.guessesLog10)));
        }
        QCOMPARE(ui::strengthWords(0), QStringLiteral("très faible"));
        QCOMPARE(
            ui::guessTimeWords(store::checkPassphrase(QStringLiteral("password1")).guessesLog10),
            QStringLiteral("moins d'une minute"));
        QCOMPARE(ui::guessTimeWords(20), QStringLiteral("des siècles"));
    }

    // The legacy dialog (a station without a passphrase) has the same meter and words.
    void setPassphraseDialogHasTheMeter()
    {
        QTemporaryDir dir;
        const QString path = createProtectedStation(dir);
        auto s = store::Store::open(path);
        ui::SetPassphraseDialog d(*s);
        const QString names = QStringLiteral("claire aubert paris");
        d.fields()->first()->setText(names);
        d.fields()->second()->setText(names);
        QCOMPARE(d.fields()->meter()->value(),
                 store::checkPassphrase(names, store::passphraseContext(s->election())).score);
        QVERIFY(!d.fields()->isAcceptable());
    }

    void unlockRetriesAfterAWrongPassphrase()
    {
        QTemporaryDir dir;
        const QString path = createProtectedStation(dir);
        ui::Station station;
        station.open(path);
        store::Store::open(path)->lock(); // this process forgets the key
        QCOMPARE(station.store().protection(), store::Store::Protection::Locked);
        ui::UnlockDialog d(station.store());
        d.show();
        d.passphraseEdit()->setText(QStringLiteral("pas la bonne phrase"));
        d.accept();
        QVERIFY(d.isVisible()); // still asking
        QCOMPARE(d.failures(), 1);
        QVERIFY(d.errorLabel()->text().contains(QStringLiteral("incorrecte")));
        // The dialog grew for the error: every line of it shown, none cut at the bottom.
        QLabel *error = d.errorLabel();
        QVERIFY(error->height() >= error->heightForWidth(error->width()));
        QVERIFY(d.rect().contains(QRect(error->mapTo(&d, QPoint(0, 0)), error->size())));
        // Cancel asks first; "Revenir" keeps the dialog.
        answerNextModal(QStringLiteral("Revenir"));
        d.reject();
        QVERIFY(d.isVisible());
        // From the third failure, each try waits, as on the lock page (a review: 17 tries in a
        // row, each as slow as the key derivation only); the right one is refused meanwhile.
        d.tries().setFirstWait(400);
        for (int i = 2; i <= 3; ++i) {
            d.passphraseEdit()->setText(QStringLiteral("pas la bonne phrase"));
            d.accept();
        }
        QCOMPARE(d.failures(), 3);
        QVERIFY(!d.passphraseEdit()->isEnabled());
        QVERIFY2(d.errorLabel()->text().contains(QStringLiteral("Nouvel essai possible dans")),
                 qPrintable(d.errorLabel()->text()));
        d.passphraseEdit()->setText(kGood);
        d.accept();
        QVERIFY(d.isVisible());
        QCOMPARE(station.store().protection(), store::Store::Protection::Locked);
        // Enter meanwhile asks nothing (it asked « Quitter Plume ? », a review).
        bool asked = false; // set only from the event loop of a box Enter would open
        QTimer::singleShot(0, &d, [&asked] {
            QWidget *box = QApplication::activeModalWidget();
            if (box && box->inherits("QMessageBox")) {
                asked = true;
                box->close();
            }
        });
        // The field is off: the keyboard is on the next button, « Quitter Plume ».
        QPushButton *quit = nullptr;
        for (QPushButton *b : d.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Quitter Plume"))
                quit = b;
        QVERIFY(quit);
        quit->setFocus();
        QTest::keyClick(quit, Qt::Key_Return);
        QVERIFY(!asked);
        QVERIFY(d.isVisible());
        QTRY_VERIFY(d.passphraseEdit()->isEnabled());
        QVERIFY(d.errorLabel()->text().contains(QStringLiteral("Vous pouvez réessayer.")));
        d.passphraseEdit()->setText(kGood);
        d.accept();
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(station.store().protection(), store::Store::Protection::Unlocked);
    }

    void unlockCancelQuitsOnlyWhenConfirmed()
    {
        QTemporaryDir dir;
        const QString path = createProtectedStation(dir);
        ui::Station station;
        station.open(path);
        station.store().lock();
        ui::UnlockDialog d(station.store());
        d.show();
        QStringList seen;
        answerNextModal(QStringLiteral("Quitter Plume"), &seen);
        d.reject();
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
        QVERIFY(seen.join(QLatin1Char(' ')).contains(QStringLiteral("Sans la phrase secrète")));
    }

    // One window per station file (a review: two windows on one file each recorded
    // decisions the other never showed). A lock left by a process that is gone is taken over.
    void oneWindowPerStationFile()
    {
        QTemporaryDir dir;
        const QString path = createProtectedStation(dir);
        const QString lockFile =
            QFileInfo(path).canonicalFilePath() + QStringLiteral(".window-lock");
        {
            ui::Station first;
            first.open(path);
            QVERIFY(QFileInfo::exists(lockFile));
            ui::Station second;
            QVERIFY(QFile::link(path, dir.filePath(QStringLiteral("other-name.plume"))));
            for (const QString &name : {path, dir.filePath(QStringLiteral("other-name.plume"))}) {
                try {
                    second.open(name);
                    QFAIL("a second window opened the same station file");
                } catch (const store::StoreError &e) {
                    QVERIFY2(e.message().contains(QStringLiteral("déjà ouvert dans une autre "
                                                                 "fenêtre Plume (processus %1")
                                                      .arg(QCoreApplication::applicationPid())),
                             qPrintable(e.message()));
                }
            }
            QVERIFY(!second.hasStore());
        }
        QVERIFY(!QFileInfo::exists(lockFile)); // the first window closed: released
        // A window killed leaves its lock behind, with a process that is gone.
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 pid = gone.processId();
        QVERIFY(gone.waitForFinished());
        {
            QFile f(lockFile); // QLockFile's own format
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::number(pid) + "\nplume\n" + QSysInfo::machineHostName().toUtf8() +
                    "\n" + QSysInfo::machineUniqueId() + "\n" + QSysInfo::bootUniqueId() + "\n");
        }
        {
            ui::Station after;
            after.open(path);
            QVERIFY(after.hasStore());
        }
        // A lock naming no process (empty, garbage: a power cut) is taken over once it is not
        // being written (a review: it blocked the station for good).
        for (const QByteArray &garbage :
             {QByteArray(), QByteArray(85, '\0'), QByteArray("\0\xff garbage")}) {
            QFile f(lockFile);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(garbage);
            f.close();
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-10),
                                  QFileDevice::FileModificationTime));
            f.close();
            ui::Station after;
            after.open(path);
            QVERIFY(after.hasStore());
        }
    }

    void positionalArgumentOpensThatStation()
    {
        const QString program = QStringLiteral("plume");
        QCOMPARE(ui::parseArguments({program, QStringLiteral("/tmp/bureau.plume")}).db,
                 QStringLiteral("/tmp/bureau.plume"));
        QCOMPARE(
            ui::parseArguments({program, QStringLiteral("--db"), QStringLiteral("a.plume")}).db,
            QStringLiteral("a.plume"));
        const auto demo = ui::parseArguments({program, QStringLiteral("--demo"),
                                              QStringLiteral("--quit-after"), QStringLiteral("3")});
        QVERIFY(demo.demo);
        QCOMPARE(demo.quitAfter, 3);
        QCOMPARE(
            ui::languageFromArguments({program, QStringLiteral("--lang"), QStringLiteral("en")}),
            QStringLiteral("en"));
        QCOMPARE(ui::languageFromArguments({program, QStringLiteral("--lang=fr")}),
                 QStringLiteral("fr"));
        // The parsed file is opened (after its passphrase).
        QTemporaryDir dir;
        const QString path = createProtectedStation(dir);
        store::Store::open(path)->lock();
        ui::Station station;
        onNextModal([](QWidget *unlock) {
            answerNextModal(QStringLiteral("Quitter Plume")); // …and confirm
            for (auto *b : unlock->findChildren<QPushButton *>())
                if (b->text() == QStringLiteral("Quitter Plume"))
                    b->click(); // the unlock dialog: give up…
        });
        QVERIFY(!ui::openStation(station, ui::parseArguments({program, path})));
        QVERIFY(station.hasStore());
        QCOMPARE(station.store().path(), path);
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
