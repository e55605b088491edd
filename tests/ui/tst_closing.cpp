// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Sealing as a deliberate act and corrections after the seal, in the window (offscreen):
// an impossible rule blocks; a rule to explain needs two officials and a real reason;
// Enter never seals, twice or not; a summary comes before the seal; a sealed PV is
// read-only everywhere until "Corriger le PV scellé…", whose corrections are sealed as
// version N+1 through sync::closePv.
#include "closing/offline.h"
#include "datadir/datadir.h"
#include "sync/crypto.h"
#include "sync/hqconfig.h"
#include "sync/outbox.h"
#include "sync/receipt.h"
#include "sync/seal.h"
#include "ui/closingdialog.h"
#include "ui/formview.h"
#include "ui/hqdialog.h"
#include "ui/i18n.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "uitest.h"

#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTemporaryDir>

using namespace plume;
using namespace plume::uitest;

namespace {

void tick(ui::ClosingDialog &d, int count)
{
    for (int i = 0; i < d.officialsList()->count(); ++i)
        d.officialsList()->item(i)->setCheckState(i < count ? Qt::Checked : Qt::Unchecked);
}

const QString kReason = QStringLiteral("Deux enveloppes trouvées sous la table de dépouillement");

// The consistent demo PV, decided and sealed as version 1 by two officials.
bool sealVersionOne(ui::Station &station)
{
    decidePv(station);
    return sync::closePv(station.store(), {{kPresident, kAssessor}, {}, {}}).sealed;
}

int sealedVersions(ui::Station &station)
{
    return int(sync::sealedPvVersions(station.store()).size());
}

// « Siège… » on the last screen records headquarters there and says so.
void configureHqFromTheLastScreen(ui::ClosingDialog &d, ui::Station &station)
{
    const QByteArray key = sync::generateKeyPair().publicKey;
    onNextModal([key](QWidget *modal) {
        auto *hq = qobject_cast<ui::HqDialog *>(modal);
        QVERIFY(hq);
        hq->urlEdit()->setText(QStringLiteral("http://localhost:8443"));
        hq->keyEdit()->setText(QString::fromLatin1(key.toBase64()));
        QTest::keyClick(hq->keyEdit(), Qt::Key_Return);
    });
    d.hqButton()->click();
    QCOMPARE(station.hqState(), ui::Station::HqState::Ready);
    QVERIFY(plain(d.resultLabel()->text()).contains(QStringLiteral("Siège enregistré")));
    QVERIFY(!d.hqButton()->isVisible());
}
// The PV of `station` decided and sealed through the dialog's own buttons (checks ticked,
// Continuer, Sceller); the dialog is left on its last screen.
void sealThroughTheDialog(ui::Station &station, ui::ClosingDialog &d)
{
    decidePv(station);
    d.show();
    tick(d, 2);
    d.continueButton()->click();
    d.sealButton()->click();
}

// Types `path` in the next file dialog, as a person types the name (Qt's own dialog: the name
// field, then accept); *offered gets the name it offered. With seen, the message box that
// follows is answered and *seen gets its texts.
void chooseFile(const QString &path, QString *offered, QStringList *seen = nullptr)
{
    onNextModal([path, offered, seen](QWidget *modal) {
        auto *files = qobject_cast<QFileDialog *>(modal);
        if (!files) {
            modal->close();
            return;
        }
        if (offered)
            *offered = files->selectedFiles().value(0);
        if (seen)
            answerNextModal(QStringLiteral("OK"), seen);
        files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(path);
        static_cast<QDialog *>(files)->accept(); // QFileDialog::accept, protected there
    });
}

} // namespace

class TestClosing : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        ui::setLanguage(QStringLiteral("fr"));
        QVERIFY(ui::installTranslators(*qApp)); // as plume does: French plural forms
    }

    void impossibleRuleBlocks()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station, {{QStringLiteral("voix.aubert"), QStringLiteral("313")}});
        ui::ClosingDialog d(station);
        d.show();
        tick(d, 3);
        d.reasonEdit()->setPlainText(kReason);
        QVERIFY(!d.continueButton()->isEnabled());
        const QString why = d.blockers().join(QLatin1Char(' '));
        QVERIFY2(why.contains(QStringLiteral("règle impossible")), qPrintable(why));
        const QString page = visibleTexts(&d).join(QLatin1Char('\n'));
        QVERIFY(page.contains(QStringLiteral("Règle impossible")));
        QVERIFY(page.contains(QStringLiteral("Voix : Claire AUBERT"))); // labels, not ids
        QVERIFY(!page.contains(QStringLiteral("voix.aubert")));
        QVERIFY(!page.contains(QStringLiteral("--reason")));
        d.continueButton()->click();
        QCOMPARE(d.pages()->currentIndex(), 0);
        QCOMPARE(sealedVersions(station), 0);
    }

    // A pen emptying its memory while the dialog is open: its strokes wait to be placed, so
    // « ink written after the decision » could not see them yet, and the PV was sealed with
    // them only listed as late (a review of 2026-12-02). The seal waits for them.
    void sealWaitsForInkStillBeingPlaced()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::ClosingDialog d(station);
        tick(d, 1);
        QVERIFY2(d.blockers().isEmpty(), qPrintable(d.blockers().join(QLatin1Char(' '))));
        const forms::FormSpec &form = station.session().form(QStringLiteral("pv"));
        const QRectF box = form.field(QStringLiteral("nuls"))->boxRects().at(0);
        for (int n = 0; n < 120; ++n) {
            ink::Stroke stroke;
            stroke.page = station.session().pageOfSheet(QStringLiteral("pv"));
            stroke.penId = QStringLiteral("pen");
            stroke.fromMemory = true; // the pen's memory: placed after it is all taken
            stroke.startMs = QDateTime::currentMSecsSinceEpoch() + n * 1000;
            for (int i = 0; i < 10; ++i) {
                const QPointF p = form.toNcode({box.center().x(), box.top() + 1 + i * 0.4});
                stroke.dots.append({p.x(), p.y(), 100, stroke.startMs + i * 10});
            }
            station.session().addStroke(stroke);
        }
        QVERIFY(station.session().unplacedStrokes() > 0);
        QVERIFY2(d.blockers().join(QLatin1Char(' ')).contains(QStringLiteral("attend")),
                 qPrintable(d.blockers().join(QLatin1Char(' '))));
        QTRY_COMPARE(station.session().unplacedStrokes(), 0);
        const QString after = d.blockers().join(QLatin1Char(' '));
        QVERIFY2(!after.contains(QStringLiteral("attend")) &&
                     after.contains(QStringLiteral("après la décision")),
                 qPrintable(after));
    }

    // Ticking the officials one by one with the mouse: the list stays where it is while the
    // list of what is left to do shortens (a line less moved it 14 px down, and the second
    // click unticked the first official: a review at 1024x768).
    void officialsStayUnderTheMouse()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::ClosingDialog d(station);
        d.resize(1000, 700);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto *list = d.officialsList();
        const int before = list->mapTo(&d, QPoint()).y();
        const int blockers = d.blockers().size();
        tick(d, 1);
        QCoreApplication::processEvents();
        QVERIFY(d.blockers().size() < blockers); // the line about ticking is gone
        QCOMPARE(list->mapTo(&d, QPoint()).y(), before);
        tick(d, 0);
        QCoreApplication::processEvents();
        QCOMPARE(list->mapTo(&d, QPoint()).y(), before);
    }

    // Values left to confirm: the checks page is not green about the rules (« ✔ Toutes les
    // règles du PV sont respectées » over two values « non confirmé »: a review).
    void rulesNotGreenOverValuesToConfirm()
    {
        ui::Station station;
        station.createDemo();
        const auto pv = teststation::demoPv();
        for (const QString &f : {QStringLiteral("inscrits"), QStringLiteral("votants")})
            station.session().setValue(QStringLiteral("pv"), f, pv.value(f), kPresident);
        ui::ClosingDialog d(station);
        d.show();
        const QString page = visibleTexts(&d).join(QLatin1Char('\n'));
        QVERIFY2(!page.contains(QStringLiteral("Toutes les règles du PV sont respectées")),
                 qPrintable(page));
        QVERIFY2(page.contains(QStringLiteral("reste(nt) à confirmer")) ||
                     page.contains(QStringLiteral("restent à confirmer")),
                 qPrintable(page));
        decidePv(station);
        ui::ClosingDialog all(station);
        all.show();
        QVERIFY(visibleTexts(&all)
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("Toutes les règles du PV sont respectées")));
    }

    // Many failing rules on a small screen: their list scrolls, and the keyboard reaches it
    // and scrolls it (the fourth rule was below the fold, out of the keyboard's reach: Tab
    // went from the officials to the buttons; a review at 1024x768).
    void failingRulesAreReadByKeyboard()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station, {{QStringLiteral("votants"), QStringLiteral("2000")},
                           {QStringLiteral("enveloppes"), QStringLiteral("1990")},
                           {QStringLiteral("blancs"), QStringLiteral("500")},
                           {QStringLiteral("nuls"), QStringLiteral("600")},
                           {QStringLiteral("exprimes"), QStringLiteral("999")},
                           {QStringLiteral("voix.aubert"), QStringLiteral("5")}});
        ui::ClosingDialog d(station);
        d.resize(640, 420);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QScrollArea *area = nullptr;
        for (QScrollArea *a : d.findChildren<QScrollArea *>(QStringLiteral("readByKeyboard")))
            area = a->isVisible() && !a->isAncestorOf(d.blockersLabel()) ? a : area;
        QVERIFY(area);
        QScrollBar *bar = area->verticalScrollBar();
        QVERIFY2(bar->maximum() > 0, "the rules fit: the test needs them to scroll");
        d.officialsList()->setFocus();
        bool reached = false;
        for (int i = 0; i < 12 && !reached; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
            reached = QApplication::focusWidget() == area;
        }
        QVERIFY2(reached, "Shift+Tab from the officials never reaches the rules");
        QTest::keyClick(area, Qt::Key_PageDown);
        QVERIFY(bar->value() > 0);
    }

    void ruleToExplainNeedsTwoOfficialsAndAReason()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station, {{QStringLiteral("enveloppes"), QStringLiteral("871")},
                           {QStringLiteral("exprimes"), QStringLiteral("852")},
                           {QStringLiteral("voix.aubert"), QStringLiteral("311")}});
        ui::ClosingDialog d(station);
        d.show();
        tick(d, 1);
        d.reasonEdit()->setPlainText(kReason);
        QVERIFY(!d.continueButton()->isEnabled()); // one signatory is not enough
        QVERIFY(d.blockers().join(QLatin1Char(' ')).contains(QStringLiteral("Cochez au moins 2")));
        tick(d, 2);
        d.reasonEdit()->setPlainText(QStringLiteral("vu"));
        QVERIFY(!d.continueButton()->isEnabled()); // "vu" explains nothing
        QVERIFY(d.blockers().join(QLatin1Char(' ')).contains(QStringLiteral("au moins 20")));
        d.reasonEdit()->setPlainText(kReason);
        QVERIFY2(d.continueButton()->isEnabled(), qPrintable(d.blockers().join(QLatin1Char(' '))));
        d.continueButton()->click();
        QCOMPARE(d.pages()->currentIndex(), 1);
        QVERIFY(visibleTexts(&d)
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("Vous allez sceller la version 1")));
        d.sealButton()->click();
        QVERIFY(d.isSealed());
        const auto v = sync::sealedPvVersions(station.store());
        QCOMPARE(v.size(), 1);
        QCOMPARE(v.first().payload.value(QStringLiteral("officials")).toArray().size(), 2);
        QVERIFY(v.first().payload.value(QStringLiteral("remarques")).toString().contains(kReason));
    }

    // Something changed while the summary was shown (a decision taken back, ink written
    // after a decision: the pen keeps writing while the dialog is open): "Sceller" did
    // nothing at all, without a word. It goes back to the checks, which say why.
    void sealRefusedLaterSaysWhy()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::ClosingDialog d(station);
        d.show();
        tick(d, 2);
        QVERIFY(d.continueButton()->isEnabled());
        d.continueButton()->click();
        QCOMPARE(d.pages()->currentIndex(), 1);
        station.session().withdraw(QStringLiteral("pv"), QStringLiteral("nuls"), kAssessor);
        d.sealButton()->click();
        QVERIFY(!d.isSealed());
        QCOMPARE(sealedVersions(station), 0);
        QCOMPARE(d.pages()->currentIndex(), 0);
        QVERIFY(d.blockersLabel()->isVisible());
        const QString why = plain(d.blockersLabel()->text());
        QVERIFY2(why.contains(QStringLiteral("Confirmez d'abord")), qPrintable(why));
        QVERIFY(!d.continueButton()->isEnabled());
    }

    // An election that lists no officials: the one on duty is the only name offered, so the
    // others present type theirs (it used to be impossible to seal a rule to explain from
    // the window then). Names are checked and never counted twice.
    void officialsTypedWhenTheElectionListsNone()
    {
        QTemporaryDir dir;
        QFile demo(datadir::demoElection());
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QJsonObject election = QJsonDocument::fromJson(demo.readAll()).object();
        election.remove(QStringLiteral("officials"));
        const QString electionFile = dir.filePath(QStringLiteral("election.json"));
        QFile f(electionFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(election).toJson());
        f.close();
        ui::Station station;
        station.create(dir.filePath(QStringLiteral("s.plume")), electionFile,
                       store::Store::randomPassphrase());
        station.start();
        decidePv(station, {{QStringLiteral("enveloppes"), QStringLiteral("871")},
                           {QStringLiteral("exprimes"), QStringLiteral("852")},
                           {QStringLiteral("voix.aubert"), QStringLiteral("311")}});
        ui::ClosingDialog d(station, {}, QStringLiteral("Marie LEROY"));
        d.show();
        QVERIFY(d.newOfficialEdit() && d.newOfficialEdit()->isVisible());
        tick(d, 1);
        d.reasonEdit()->setPlainText(kReason);
        QVERIFY(!d.continueButton()->isEnabled());
        QVERIFY(d.blockers().join(QLatin1Char(' ')).contains(QStringLiteral("par son nom")));
        const auto add = [&](const QString &name) {
            d.newOfficialEdit()->setFocus();
            d.newOfficialEdit()->setText(name);
            QTest::keyClick(d.newOfficialEdit(), Qt::Key_Return); // adds; never seals
            return d.newOfficialProblem()->text();
        };
        QVERIFY(add(QStringLiteral("  marie   leroy ")).contains(QStringLiteral("déjà")));
        QVERIFY(add(QStringLiteral("1234")).contains(QStringLiteral("lettres")));
        QCOMPARE(d.officialsList()->count(), 1);
        QVERIFY(add(QStringLiteral("Paul  GIRARD")).isEmpty());
        QCOMPARE(d.officialsList()->count(), 2);
        QCOMPARE(d.officialsList()->item(1)->text(), QStringLiteral("Paul GIRARD"));
        QVERIFY(d.newOfficialEdit()->text().isEmpty());
        QCOMPARE(d.pages()->currentIndex(), 0);
        QVERIFY2(d.continueButton()->isEnabled(), qPrintable(d.blockers().join(QLatin1Char(' '))));
        d.continueButton()->click();
        d.sealButton()->click();
        QVERIFY(d.isSealed());
        const auto v = sync::sealedPvVersions(station.store());
        QCOMPARE(v.first().payload.value(QStringLiteral("officials")).toArray().size(), 2);
    }

    // The last screen says where the sealed PV goes, as the status bar does: to
    // headquarters when the network allows, or, with no headquarters configured, queued
    // until it is (and how).
    void deliveryFollowsTheHeadquartersSetting()
    {
        for (const bool configured : {false, true}) {
            ui::Station station;
            station.createDemo();
            if (configured)
                sync::HqConfig{QUrl(QStringLiteral("http://127.0.0.1:9")), {}, {}}.save(
                    station.store());
            ui::ClosingDialog d(station);
            sealThroughTheDialog(station, d);
            QVERIFY(d.isSealed());
            const QString done = plain(d.resultLabel()->text());
            QCOMPARE(done.contains(QStringLiteral("dès que le réseau le permet")), configured);
            QCOMPARE(done.contains(QStringLiteral("aucun siège n'est configuré")), !configured);
            QCOMPARE(done.contains(QStringLiteral("plumectl station set-hq")), !configured);
            QVERIFY2(done.contains(QStringLiteral("de fiches contact")), qPrintable(done));
            QCOMPARE(d.hqButton()->isVisible(), !configured);
            if (!configured)
                configureHqFromTheLastScreen(d, station);
        }
    }

    // The export buttons of the last screen: the file is offered next to the station file,
    // and once written the screen says where it went.
    void exportSaysWhereTheFileWent()
    {
        ui::Station station;
        station.createDemo();
        ui::ClosingDialog d(station);
        sealThroughTheDialog(station, d);
        QVERIFY(d.isSealed());
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("pv.csv"));
        QString offered;
        chooseFile(out, &offered);
        for (auto *b : d.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Exporter en CSV"))
                b->click();
        QCOMPARE(QFileInfo(offered).absolutePath(),
                 QFileInfo(station.store().path()).absolutePath());
        QCOMPARE(QFileInfo(offered).fileName(), QStringLiteral("pv-75056-0042.csv"));
        QVERIFY2(QFileInfo(out).size() > 0, qPrintable(plain(d.resultLabel()->text())));
        const QString done = plain(d.resultLabel()->text());
        QVERIFY2(done.contains(QStringLiteral("PV exporté en CSV : ") + out), qPrintable(done));
    }

    // Without network, the sealed PV and the contact sheets leave in a file for HQ: made from
    // the last screen (the window used to send the official to plumectl). Without HQ's key it
    // is refused before a file is chosen; with it, the file holds every pending submission.
    void offlineFileFromTheLastScreen()
    {
        ui::Station station;
        station.createDemo();
        ui::ClosingDialog d(station);
        sealThroughTheDialog(station, d);
        QVERIFY(d.isSealed());
        QVERIFY(plain(d.resultLabel()->text()).contains(QStringLiteral("« Fichier hors ligne… »")));
        QPushButton *offline = nullptr;
        for (auto *b : d.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Fichier hors ligne…"))
                offline = b;
        QVERIFY(offline);
        QStringList seen;
        answerNextModal(QStringLiteral("OK"), &seen);
        offline->click();
        QVERIFY2(seen.join(u' ').contains(QStringLiteral("« Siège… »")),
                 qPrintable(seen.join(u' ')));
        // HQ's key recorded (any valid Ed25519 public key stands in for HQ's here).
        sync::setHqPublicKey(station.store(), sync::stationKeys(station.store())->publicKey);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("livraison.plume"));
        QString offered;
        chooseFile(out, &offered);
        offline->click();
        QVERIFY2(QFileInfo(offered).fileName().startsWith(QStringLiteral("livraison-75056-0042-")),
                 qPrintable(offered));
        QFile f(out);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(plain(d.resultLabel()->text())));
        const QJsonObject file = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(file.value(QStringLiteral("format")).toString(), closing::kOfflineFormat);
        const int count = file.value(QStringLiteral("count")).toInt();
        QCOMPARE(count, int(sync::Outbox(station.store()).list().size()));
        QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        const QString done = plain(d.resultLabel()->text());
        QVERIFY2(done.contains(QStringLiteral("pour le siège dans ") + out), qPrintable(done));
    }

    // The offline loop closed in the window: HQ's receipts file, chosen from the Fichier menu,
    // marks the items delivered (as `plumectl outbox receipts`); a file that is not one is
    // refused in words and changes nothing.
    void receiptsBroughtBackInTheWindow()
    {
        ui::Station station;
        station.createDemo();
        fillContact(station, QStringLiteral("DURAND"));
        ui::ClosingDialog d(station);
        sealThroughTheDialog(station, d);
        QVERIFY(d.isSealed());
        ui::Station hq; // its station keys stand in for headquarters' key pair
        hq.createDemo();
        const auto hqKeys = sync::stationKeys(hq.store());
        sync::setHqPublicKey(station.store(), hqKeys->publicKey);
        QJsonArray receipts;
        for (const sync::OutboxItem &it : sync::Outbox(station.store()).list())
            receipts.append(QString::fromLatin1(
                sync::signReceipt(
                    {{QStringLiteral("receipt"), it.uuid.left(8)},
                     {QStringLiteral("uuid"), it.uuid},
                     {QStringLiteral("sha256"), it.sha256},
                     {QStringLiteral("station"), station.store().election().stationCode},
                     {QStringLiteral("kind"), it.kind},
                     {QStringLiteral("version"), it.version},
                     {QStringLiteral("received_at"), QStringLiteral("2026-11-22T21:00:00Z")}},
                    hqKeys->secretKey)
                    .toBase64()));
        const int n = int(receipts.size());
        QVERIFY(n > 0);
        // One more that is no receipt of this station, its identifier markup: listed as refused.
        receipts.append(QString::fromLatin1(QByteArray(R"({"uuid":"<b>forgé</b>"})").toBase64()));
        QTemporaryDir dir;
        const auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() ? f.fileName()
                                                                                  : QString();
        };
        const QString bad = write(QStringLiteral("bad.json"), "{\"format\":\"other\"}");
        const QString good =
            write(QStringLiteral("r.json"),
                  QJsonDocument(QJsonObject{{QStringLiteral("format"), sync::kReceiptsFormat},
                                            {QStringLiteral("receipts"), receipts}})
                      .toJson());
        ui::MainWindow w(station);
        QStringList seen;
        chooseFile(bad, nullptr, &seen);
        w.receiptsAction()->trigger();
        QVERIFY2(seen.join(u' ').contains(QStringLiteral("fichier d'accusés de réception")),
                 qPrintable(seen.join(u' ')));
        QCOMPARE(sync::Outbox(station.store()).counts().delivered, 0);
        seen.clear();
        chooseFile(good, nullptr, &seen);
        w.receiptsAction()->trigger();
        QCOMPARE(sync::Outbox(station.store()).counts().delivered, n);
        QVERIFY2(seen.join(u' ').contains(QStringLiteral("%1 envoi").arg(n)),
                 qPrintable(seen.join(u' ')));
        QVERIFY2(seen.join(u' ').contains(QStringLiteral("<b>forgé</b> refusé : ")),
                 qPrintable(seen.join(u' ')));
        // The delivered contact sheets are erased here: the list says so, and counts nothing
        // ("1/8 confirmés" was left on a sheet whose readings are gone).
        int purged = 0;
        for (int i = 0; i < w.sheetList()->count(); ++i) {
            const QString id = w.sheetList()->item(i)->data(Qt::UserRole).toString();
            if (station.store().sheet(id)->state != store::SheetState::Purged)
                continue;
            ++purged;
            QTRY_VERIFY(w.sheetList()->item(i)->text().endsWith(
                QStringLiteral("envoyée au siège, effacée du bureau")));
            QVERIFY(!w.sheetList()->item(i)->text().contains(QStringLiteral("confirmés")));
        }
        QVERIFY(purged > 0);
    }

    void enterNeverSeals()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::ClosingDialog d(station);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        tick(d, 2);
        QVERIFY(d.continueButton()->isEnabled());
        for (auto *b : d.findChildren<QPushButton *>()) {
            QVERIFY2(!b->isDefault() && !b->autoDefault(), qPrintable(b->text()));
        }
        d.continueButton()->setFocus();
        QTest::keyClick(d.continueButton(), Qt::Key_Return);
        QTest::keyClick(&d, Qt::Key_Return);
        QCOMPARE(d.pages()->currentIndex(), 0); // Enter does not even go on
        d.continueButton()->click();
        QCOMPARE(d.pages()->currentIndex(), 1);
        // The summary: "Vous allez sceller la version 1", Revenir has the focus.
        QVERIFY(visibleTexts(&d)
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("Vous allez sceller la version 1")));
        QCOMPARE(d.sealButton()->text().remove(QLatin1Char('&')),
                 QStringLiteral("Sceller la version 1"));
        QTest::keyClick(&d, Qt::Key_Return);
        QTest::keyClick(&d, Qt::Key_Return);
        d.sealButton()->setFocus();
        QTest::keyClick(d.sealButton(), Qt::Key_Return);
        QTest::keyClick(d.sealButton(), Qt::Key_Enter);
        QCOMPARE(sealedVersions(station), 0);
        d.backButton()->click();
        QCOMPARE(d.pages()->currentIndex(), 0);
        d.continueButton()->click();
        d.sealButton()->click(); // the deliberate act
        QCOMPARE(sealedVersions(station), 1);
        QCOMPARE(d.pages()->currentIndex(), 2);
        QTest::keyClick(&d, Qt::Key_Return);
        QTest::keyClick(&d, Qt::Key_Return);
        d.sealButton()->click(); // hidden page: nothing happens twice
        QCOMPARE(sealedVersions(station), 1);
    }

    void sealedPvIsReadOnlyEverywhere()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        QVERIFY(w.sealBanner()->isVisible());
        QVERIFY(
            plain(w.sealBannerText()->text()).contains(QStringLiteral("PV scellé (version 1)")));
        QVERIFY(w.sheetList()->item(0)->text().contains(QStringLiteral("scellé")));
        w.review()->selectField(QStringLiteral("nuls"));
        QVERIFY(w.review()->editor()->isReadOnly());
        QTest::keyClicks(w.review()->table(), QStringLiteral("8"));
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("7"));
        QTest::keyClick(w.review()->table(), Qt::Key_Return);
        QCOMPARE(
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("nuls"))->value,
            QStringLiteral("7"));
        QVERIFY(w.review()->hint()->text().contains(QStringLiteral("Corriger le PV scellé")));
        QCOMPARE(sealedVersions(station), 1);
    }

    void correctionAfterTheSealMakesVersionTwo()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        w.correctAction()->trigger();
        QVERIFY(w.review()->isCorrecting());
        // Two new values (the sum still holds): pending, shown as corrections.
        auto *table = w.review()->table();
        typeValue(w, QStringLiteral("blancs"), QStringLiteral("11"));
        typeValue(w, QStringLiteral("nuls"), QStringLiteral("8"));
        QCOMPARE(w.review()->corrections().size(), 2);
        QVERIFY(plain(w.sealBannerText()->text()).contains(QStringLiteral("2 corrections")));
        QCOMPARE(
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("nuls"))->value,
            QStringLiteral("7")); // nothing decided before the seal
        // Ctrl+K: the closing screen for version 2, driven like an official would.
        bool seen = false;
        onNextModal([&seen](QWidget *modal) {
            auto *d = qobject_cast<ui::ClosingDialog *>(modal);
            if (!d) {
                modal->close();
                return;
            }
            seen = visibleTexts(d).join(QLatin1Char(' ')).contains(QStringLiteral("version 2"));
            tick(*d, 2);
            d->reasonEdit()->setPlainText(kReason);
            d->continueButton()->click();
            d->sealButton()->click();
            d->accept();
        });
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(seen);
        const auto versions = sync::sealedPvVersions(station.store());
        QCOMPARE(versions.size(), 2);
        const QJsonObject payload = versions.last().payload;
        QCOMPARE(payload.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(payload.value(QStringLiteral("correction_reason")).toString(), kReason);
        QCOMPARE(payload.value(QStringLiteral("counts"))
                     .toObject()
                     .value(QStringLiteral("nuls"))
                     .toInt(),
                 8);
        QCOMPARE(
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("blancs"))->value,
            QStringLiteral("11"));
        QVERIFY(!w.review()->isCorrecting());
        QVERIFY(w.review()->corrections().isEmpty());
        QVERIFY(plain(w.sealBannerText()->text()).contains(QStringLiteral("version 2")));
        QVERIFY(w.review()->editor()->isReadOnly());
    }

    // A file altered outside Plume after the window opened it (a decision edited with
    // sqlite3): Ctrl+K and Ctrl+Shift+K say at once that the file was altered, in a box that
    // carries the check's message, and never open the closing screen that asks for the
    // officials' names and a reason; nothing is sealed or started.
    void alteredFileRefusedBeforeTheClosingScreen()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        QTRY_VERIFY(w.isIntegrityChecked());
        QVERIFY(!w.integrityBanner()->isVisible());
        QVERIFY(teststation::RawDb(station.store().path())
                    .exec(QStringLiteral("UPDATE decisions SET value = '785' WHERE field = "
                                         "'voix.morel'")));
        const QString found = station.store().check().message;
        QVERIFY(!found.isEmpty());
        const auto expectBox = [&](const std::function<void()> &act) {
            QStringList texts;
            bool closingScreen = false;
            onNextModal([&](QWidget *modal) {
                closingScreen = qobject_cast<ui::ClosingDialog *>(modal) != nullptr;
                texts = visibleTexts(modal);
                modal->close();
            });
            act();
            QVERIFY(!closingScreen);
            const QString shown = texts.join(QLatin1Char(' '));
            for (const QString &part : {QStringLiteral("modifié hors de Plume"), found,
                                        QStringLiteral("ne pourra pas être scellé")})
                QVERIFY2(shown.contains(part), qPrintable(shown));
        };
        expectBox([&] { w.correctAction()->trigger(); });
        QVERIFY(!w.review()->isCorrecting());
        QVERIFY(w.integrityBanner()->isVisible());
        w.activateWindow(); // back from the box, as an official would be
        QVERIFY(QTest::qWaitForWindowActive(&w));
        expectBox([&] { QTest::keyClick(w.review()->table(), Qt::Key_K, Qt::ControlModifier); });
        QCOMPARE(sealedVersions(station), 1);
    }

    void ctrlZOnTheSealedPv()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        auto *table = w.review()->table();
        const int decisions = int(station.store().decisions(QStringLiteral("pv")).size());
        // Sealed: nothing to take back.
        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(int(station.store().decisions(QStringLiteral("pv")).size()), decisions);
        QVERIFY(station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("nuls")));
        // While correcting, Ctrl+Z drops the last pending correction, and only that.
        w.correctAction()->trigger();
        typeValue(w, QStringLiteral("blancs"), QStringLiteral("11"));
        typeValue(w, QStringLiteral("nuls"), QStringLiteral("8"));
        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.review()->corrections(),
                 (QHash<QString, QString>{{QStringLiteral("blancs"), QStringLiteral("11")}}));
        QCOMPARE(w.review()->currentField(), QStringLiteral("nuls"));
        QVERIFY(plain(w.sealBannerText()->text()).contains(QStringLiteral("1 correction")));
        QCOMPARE(int(station.store().decisions(QStringLiteral("pv")).size()), decisions);
        w.review()->abandonCorrection();
    }

    // Correcting a sealed PV (version N+1): a new value typed and left without Enter is a
    // draft like any other: Ctrl+K shows it instead of sealing without it, the quit box
    // counts it with the pending corrections, abandoning the correction drops it.
    void draftWhileCorrectingTheSealedPv()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        w.correctAction()->trigger();
        auto *table = w.review()->table();
        typeValue(w, QStringLiteral("blancs"), QStringLiteral("11"));
        w.review()->selectField(QStringLiteral("nuls"));
        QTest::keyClicks(table, QStringLiteral("8"));
        w.review()->selectField(QStringLiteral("inscrits")); // left without Enter
        QCOMPARE(w.review()->draftCount(QStringLiteral("pv")), 1);
        QCOMPARE(w.review()->corrections().size(), 1); // the draft is no correction yet
        bool closingScreen = false;
        QTimer probe;
        probe.setInterval(20);
        connect(&probe, &QTimer::timeout, this, [&closingScreen] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                closingScreen = true;
                modal->close();
            }
        });
        probe.start();
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier);
        probe.stop();
        QVERIFY2(!closingScreen, "version 2 offered for sealing without the value typed");
        QCOMPARE(w.review()->currentField(), QStringLiteral("nuls"));
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("8"));
        // A draft over a pending correction says, on the page as in the table, from what.
        w.review()->selectField(QStringLiteral("blancs"));
        QTest::keyClicks(table, QStringLiteral("13"));
        w.review()->selectField(QStringLiteral("inscrits"));
        forms::FieldStatus blancs;
        for (const auto &s : station.session().statuses(QStringLiteral("pv")))
            if (s.field == QStringLiteral("blancs"))
                blancs = s;
        QCOMPARE(w.formView()->valueText(blancs), QStringLiteral("11 → 13 (non confirmé)"));
        w.review()->selectField(QStringLiteral("blancs"));
        QTest::keyClick(w.review()->editor(), Qt::Key_Escape);
        QStringList seen;
        answerNextModal(QStringLiteral("Revenir"), &seen);
        QVERIFY(!w.close());
        const QString said = seen.join(QLatin1Char(' '));
        QVERIFY2(said.contains(QStringLiteral("pas encore scellées : 1")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("1 correction saisie, non confirmée")),
                 qPrintable(said));
        w.review()->abandonCorrection();
        QCOMPARE(w.review()->draftCount(), 0);
        QVERIFY(w.close()); // nothing pending: no question
        QCOMPARE(sealedVersions(station), 1);
    }

    void abandonedCorrectionLeavesNoTrace()
    {
        DemoWindow demo;
        auto &station = demo.station;
        QVERIFY(sealVersionOne(station));
        auto &w = demo.open(kAssessor);
        w.correctAction()->trigger();
        typeValue(w, QStringLiteral("nuls"), QStringLiteral("9"));
        QCOMPARE(w.review()->corrections().size(), 1);
        // Closing the window asks first: pending corrections are not lost silently.
        QStringList seen;
        answerNextModal(QStringLiteral("Revenir"), &seen);
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        QVERIFY(seen.join(QLatin1Char(' ')).contains(QStringLiteral("pas encore scellées : 1")));
        w.review()->abandonCorrection();
        QVERIFY(w.close()); // nothing pending: no question
        QVERIFY(w.review()->corrections().isEmpty());
        QVERIFY(w.review()->editor()->isReadOnly());
        QCOMPARE(sealedVersions(station), 1);
    }
};

QTEST_MAIN(TestClosing)
#include "tst_closing.moc"
