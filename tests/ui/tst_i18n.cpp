// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Every text of the window in one language (offscreen): French plural forms, Qt's own
// buttons in French, plume_en.ts complete, field labels from the templates in both
// languages, and after a refused seal no English word in the French window, and no French
// word in the English one.
#include "recognition/field.h"
#include "recognition/reason.h"
#include "ui/closingdialog.h"
#include "ui/i18n.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "uitest.h"

#include <QFile>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>

using namespace plume;
using namespace plume::uitest;

namespace {

// Words that only English has (no French word is spelt so).
const QStringList kEnglishWords = {
    QStringLiteral("the"),     QStringLiteral("is"),       QStringLiteral("sealed"),
    QStringLiteral("seal"),    QStringLiteral("field"),    QStringLiteral("fields"),
    QStringLiteral("cannot"),  QStringLiteral("reason"),   QStringLiteral("value"),
    QStringLiteral("values"),  QStringLiteral("official"), QStringLiteral("officials"),
    QStringLiteral("missing"), QStringLiteral("must"),     QStringLiteral("rule"),
    QStringLiteral("votes"),   QStringLiteral("at least"), QStringLiteral("confirm"),
    QStringLiteral("close"),   QStringLiteral("sum"),      QStringLiteral("what")};
// Words that only French has.
const QStringList kFrenchWords = {
    QStringLiteral("le"),     QStringLiteral("les"),       QStringLiteral("des"),
    QStringLiteral("est"),    QStringLiteral("sceller"),   QStringLiteral("scellé"),
    QStringLiteral("valeur"), QStringLiteral("valeurs"),   QStringLiteral("champ"),
    QStringLiteral("champs"), QStringLiteral("règle"),     QStringLiteral("membres"),
    QStringLiteral("raison"), QStringLiteral("au moins"),  QStringLiteral("voix"),
    QStringLiteral("somme"),  QStringLiteral("exprimés"),  QStringLiteral("cochez"),
    QStringLiteral("fermer"), QStringLiteral("que faire"), QStringLiteral("corrigez")};

// A PV that adds up wrong, one signatory, "vu": the seal is refused.
QStringList refusedSealTexts(ui::Station &station)
{
    decidePv(station, {{QStringLiteral("voix.aubert"), QStringLiteral("313")}});
    ui::ClosingDialog d(station);
    d.show();
    d.officialsList()->item(0)->setCheckState(Qt::Checked);
    d.reasonEdit()->setPlainText(QStringLiteral("vu"));
    d.continueButton()->click();
    QStringList texts = visibleTexts(&d);
    texts << d.blockers();
    return texts;
}

} // namespace

class TestI18n : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        ui::setLanguage(QStringLiteral("fr"));
        QVERIFY(ui::installTranslators(*qApp));
    }

    void frenchPluralForms()
    {
        auto ink = [](int n) {
            return QCoreApplication::translate("plume::ui::MainWindow",
                                               "Encre : %n trait(s) enregistré(s)", nullptr, n);
        };
        QCOMPARE(ink(0), QStringLiteral("Encre : 0 trait enregistré"));
        QCOMPARE(ink(1), QStringLiteral("Encre : 1 trait enregistré"));
        QCOMPARE(ink(2), QStringLiteral("Encre : 2 traits enregistrés"));
        QCOMPARE(QCoreApplication::translate("PvCheck", "%n valeur(s) manquante(s).", nullptr, 3),
                 QStringLiteral("3 valeurs manquantes."));
    }

    void qtOwnButtonsInFrench()
    {
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                 QStringLiteral("Annuler"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Close"), QStringLiteral("Fermer"));
    }

    void englishTranslationComplete()
    {
        QFile ts(QStringLiteral(PLUME_SOURCE_DIR "/translations/plume_en.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        const int messages = int(text.count(QStringLiteral("<message")));
        QVERIFY(messages > 200);
        QCOMPARE(int(text.count(QStringLiteral("type=\"unfinished\""))), 0);
        QCOMPARE(int(text.count(QStringLiteral("<translation></translation>"))), 0);
        // Every context of the window is there, the PV rules included.
        for (const char *context :
             {"plume::ui::MainWindow", "plume::ui::ReviewPanel", "plume::ui::ClosingDialog",
              "plume::ui::FirstRunWizard", "plume::ui::StrikeDialog", "FieldLook", "PvCheck",
              "Startup",
              // the core the window shows, and plumectl
              "Store", "Election", "Passphrase", "Forms", "plume::forms::FormSession", "Seal",
              "Submission", "Exports", "Pen", "plumectl"})
            QVERIFY2(text.contains(QStringLiteral("<name>%1</name>").arg(QLatin1String(context))),
                     context);
    }

    void fieldLabelsInBothLanguages()
    {
        ui::Station station;
        station.createDemo();
        const auto &pv = station.session().form(QStringLiteral("pv"));
        QCOMPARE(ui::fieldLabel(pv, QStringLiteral("voix.aubert")),
                 QStringLiteral("Voix : Claire AUBERT"));
        ui::setLanguage(QStringLiteral("en"));
        QCOMPARE(ui::fieldLabel(pv, QStringLiteral("voix.aubert")),
                 QStringLiteral("Votes: Claire AUBERT"));
        for (const auto &f : pv.fields)
            QVERIFY2(!f.labelEn.isEmpty(), qPrintable(f.name));
        for (const auto &f : station.session().form(QStringLiteral("contact")).fields)
            QVERIFY2(!f.labelEn.isEmpty(), qPrintable(f.name));
        // The field table's short labels: each language its own, the label when none.
        QCOMPARE(ui::fieldShortLabel(pv, QStringLiteral("votants")),
                 QStringLiteral("Voters (signatures)"));
        QCOMPARE(ui::fieldShortLabel(pv, QStringLiteral("inscrits")),
                 QStringLiteral("Registered voters"));
        ui::setLanguage(QStringLiteral("fr"));
        QCOMPARE(ui::fieldShortLabel(pv, QStringLiteral("votants")),
                 QStringLiteral("Votants (émargements)"));
        QCOMPARE(ui::fieldShortLabel(pv, QStringLiteral("inscrits")), QStringLiteral("Inscrits"));
        QCOMPARE(ui::fieldShortLabel(pv, QStringLiteral("voix.aubert")),
                 QStringLiteral("Voix : Claire AUBERT"));
    }

    void noEnglishInTheFrenchWindowAfterARefusedSeal()
    {
        ui::Station station;
        station.createDemo();
        const QStringList texts = refusedSealTexts(station);
        QVERIFY(texts.join(QLatin1Char(' ')).contains(QStringLiteral("Règle impossible")));
        const QStringList english = wordsFound(texts, kEnglishWords);
        QVERIFY2(english.isEmpty(), qPrintable(english.join(QLatin1Char('\n'))));
    }

    // Last: it installs the English translation for the rest of this process.
    void noFrenchInTheEnglishWindowAfterARefusedSeal()
    {
        ui::setLanguage(QStringLiteral("en"));
        QVERIFY(ui::installTranslators(*qApp));
        ui::Station station;
        station.createDemo();
        const QStringList texts = refusedSealTexts(station);
        const QString all = texts.join(QLatin1Char(' '));
        QVERIFY2(all.contains(QStringLiteral("Votes: Claire AUBERT")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("impossible")), qPrintable(all));
        const QStringList french = wordsFound(texts, kFrenchWords);
        QVERIFY2(french.isEmpty(), qPrintable(french.join(QLatin1Char('\n'))));
        // Messages of the core come out in English too.
        try {
            store::Store::open(QStringLiteral("/nonexistent/b.plume"));
            QFAIL("a missing station file opened");
        } catch (const store::StoreError &e) {
            QCOMPARE(e.message(), QStringLiteral("/nonexistent/b.plume does not exist."));
        }
        // A file that is not a station (an exported PV): the whole sentence in English,
        // SQLite's own words only as the trailing technical detail.
        QTemporaryDir dir;
        QFile json(dir.filePath(QStringLiteral("pv.json")));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(
            QByteArray(R"({"type":"pv","version":1,"counts":{"inscrits":1250}})").repeated(40));
        json.close();
        try {
            store::Store::open(json.fileName());
            QFAIL("a JSON file opened as a station");
        } catch (const store::StoreError &e) {
            const QString m = e.message();
            QVERIFY2(m.startsWith(json.fileName() + QStringLiteral(" is not a Plume station file")),
                     qPrintable(m));
            QVERIFY2(m.endsWith(QStringLiteral("(technical detail: file is not a database)")),
                     qPrintable(m));
            QVERIFY2(wordsFound({m}, kFrenchWords).isEmpty(), qPrintable(m));
        }
        QCOMPARE(QCoreApplication::translate("Store", "Phrase secrète du bureau incorrecte."),
                 QStringLiteral("Wrong station passphrase."));
        // The main window too (its title names the station and the election: data).
        ui::MainWindow w(station);
        w.show();
        QStringList shown = visibleTexts(&w);
        shown.removeFirst();
        const QStringList window = wordsFound(shown, kFrenchWords);
        QVERIFY2(window.isEmpty(), qPrintable(window.join(QLatin1Char('\n'))));
        // A doubtful reading's reason is stored in French with its codes: shown in English.
        ui::Station fresh;
        fresh.createDemo();
        ui::MainWindow review(fresh);
        review.show();
        const recognition::Reasons reasons = {recognition::lowConfidence(0.412, 0.9314)};
        store::Reading r;
        r.sheetId = QStringLiteral("pv");
        r.field = QStringLiteral("nuls");
        r.value = QStringLiteral("7");
        r.confidence = 0.412;
        r.flagged = true;
        r.reason = recognition::reasonsText(reasons, false);
        r.modelVersion = QStringLiteral("test");
        r.nbest = QJsonObject{{QStringLiteral("reasons"), recognition::reasonsToJson(reasons)}};
        fresh.store().addReading(r);
        emit fresh.session().fieldChanged(r.sheetId, r.field);
        review.review()->selectField(r.field);
        const QString hint = review.review()->hint()->text();
        QVERIFY2(hint.contains(QStringLiteral("uncertain reading (confidence 41.2 %")),
                 qPrintable(hint));
        QVERIFY2(!hint.contains(QStringLiteral("lecture incertaine")), qPrintable(hint));
    }

    // `plume --help` over ssh (no display) prints its help, in French, with no English line
    // (Qt's own help option text is not translated by Debian); a window asked for without a
    // display is refused in the user's language instead of Qt's abort.
    void helpAndRefusalWithoutADisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << QString() << 0
                              << QStringLiteral("-h, --help               Affiche cette aide.");
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << QString() << 0
                                 << QStringLiteral("plume 0.");
        QTest::newRow("window, French") << QStringList{QStringLiteral("--demo")} << QString() << 1
                                        << QStringLiteral("aucun écran ici");
        QTest::newRow("window, English")
            << QStringList{QStringLiteral("--demo")} << QStringLiteral("en") << 1
            << QStringLiteral("no display here");
    }

    void helpAndRefusalWithoutADisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, language);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "LANGUAGE"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        if (!language.isEmpty())
            env.insert(QStringLiteral("LANGUAGE"), language);
        QProcess plume;
        plume.setProcessEnvironment(env);
        plume.start(QStringLiteral(PLUME_GUI_BINARY), arguments);
        QVERIFY(plume.waitForFinished(30000));
        const QString output =
            QString::fromUtf8(plume.readAllStandardOutput() + plume.readAllStandardError());
        QCOMPARE(plume.exitStatus(), QProcess::NormalExit);
        QCOMPARE(plume.exitCode(), exitCode);
        QVERIFY2(output.contains(expected), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("Displays")) &&
                     !output.contains(QStringLiteral("platform plugin")),
                 qPrintable(output));
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
