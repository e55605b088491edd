// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// GUI smoke test (offscreen): the main window opens on a station, shows the PV and its
// fields by label, records typed values with the official on duty, refuses a bad value in
// words next to the field (no modal box, nothing recorded), and Escape reverts; contact
// sheets leave for headquarters on their own. The official on duty is one of the officials
// the election lists (nothing else can be typed), or a checked name when it lists none, and
// only the listed officials sign the PV.
#include "pen/ble.h"
#include "store/store.h"
#include "sync/seal.h"
#include "ui/closingdialog.h"
#include "ui/fieldlook.h"
#include "ui/formview.h"
#include "ui/mainwindow.h"
#include "ui/pairingdialog.h"
#include "ui/reviewpanel.h"
#include "uitest.h"

#include <QComboBox>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>

using namespace plume;
using namespace plume::uitest;

namespace {

// The names a closing dialog offers to sign the PV.
QStringList signatoryChoices(ui::Station &station, const QString &onDuty)
{
    ui::ClosingDialog d(station, {}, onDuty);
    QStringList out;
    for (int i = 0; i < d.officialsList()->count(); ++i)
        out << d.officialsList()->item(i)->text();
    return out;
}

// Answers the next "official on duty" box: what it offered, then `answer` typed or chosen.
void answerOfficialBox(const QString &answer, bool *editable, QString *label = nullptr)
{
    onNextModal([=](QWidget *modal) {
        auto *input = qobject_cast<QInputDialog *>(modal);
        if (!input) {
            modal->close();
            return;
        }
        auto *combo = input->findChild<QComboBox *>();
        *editable = !combo || combo->isEditable();
        if (label)
            *label = input->labelText();
        input->setTextValue(answer);
        input->accept();
    });
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void opensOnDemoStation()
    {
        DemoWindow demo;
        auto &w = demo.open();
        QCOMPARE(w.sheetList()->count(), 1); // the PV
        QVERIFY(w.windowTitle().contains(QStringLiteral("Bureau 42")));
        // The PV's recognised fields: code, 6 counts, 4 candidates.
        QCOMPARE(w.review()->table()->rowCount(), 11);
        // The table's short label (not cut at 1024×768); the whole one in its tooltip.
        QCOMPARE(w.review()->table()->item(2, 0)->text(), QStringLiteral("Votants (émargements)"));
        QCOMPARE(w.review()->table()->item(2, 0)->toolTip(),
                 QStringLiteral("Nombre de votants (émargements)"));
        QVERIFY(!w.sealBanner()->isVisible());
        QVERIFY(!w.writingBanner()->isVisible());
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 700);
    }

    // Ctrl+P on a computer without Bluetooth: the dialog says so and what to do, and Enter
    // takes its "write with the mouse" button (the same mode as Ctrl+W).
    void pairingWithoutBluetoothOffersTheMouse()
    {
        QString why;
        if (pen::PenScanner::bluetoothAvailable(&why))
            QSKIP("this machine has a Bluetooth adapter");
        DemoWindow demo;
        auto &w = demo.open(kPresident);
        QStringList seen;
        bool mouseIsDefault = false;
        onNextModal([&](QWidget *modal) {
            seen = visibleTexts(modal);
            auto *dialog = qobject_cast<ui::PairingDialog *>(modal);
            mouseIsDefault = dialog && dialog->mouseButton()->isDefault();
            QTest::keyClick(modal, Qt::Key_Return);
        });
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier);
        const QString texts = seen.join(QLatin1Char('\n'));
        QVERIFY2(texts.contains(QStringLiteral("Aucun adaptateur Bluetooth")), qPrintable(texts));
        QVERIFY2(texts.contains(QStringLiteral("Écrire à la souris")), qPrintable(texts));
        QVERIFY(mouseIsDefault);
        QVERIFY(w.writeAction()->isChecked());
        QVERIFY(w.writingBanner()->isVisible());
    }

    // A sheet clicked in the list left the keyboard there, and the list's type-to-search took
    // the typing: « P » jumped to the PV, the letters never reached the value editor (a
    // review of 2026-12-02). They reach the editor of the sheet shown.
    void typingInTheSheetListReachesTheEditor()
    {
        DemoWindow demo;
        auto &w = demo.open(kPresident);
        QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier); // a contact sheet, shown
        QTRY_COMPARE(w.sheetList()->count(), 2);
        QTRY_VERIFY(w.formView()->sheet() != QStringLiteral("pv"));
        const QString contact = w.formView()->sheet();
        w.review()->selectField(QStringLiteral("nom"));
        w.sheetList()->setFocus();
        QTest::keyClicks(w.sheetList(), QStringLiteral("PAUL"));
        QTest::qWait(50); // a sheet change would be queued
        QCOMPARE(w.formView()->sheet(), contact);
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("PAUL"));
    }

    void typedValueWithoutInk()
    {
        DemoWindow demo;
        auto &station = demo.station;
        auto &w = demo.open(kAssessor);
        auto *table = w.review()->table();
        w.review()->selectField(QStringLiteral("inscrits"));
        QTest::keyClicks(table, QStringLiteral("1250"));
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("1250"));
        QTest::keyClick(w.review()->editor(), Qt::Key_Return);
        const auto d =
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits"));
        QVERIFY(d);
        QCOMPARE(d->value, QStringLiteral("1250"));
        QCOMPARE(d->official, kAssessor);
        QVERIFY(d->source == store::DecisionSource::Typed);
        // A bad value is refused in French next to the field, nothing recorded.
        typeValue(w, QStringLiteral("votants"), QStringLiteral("8x2"));
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(!station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("votants")));
        QVERIFY(visibleTexts(&w)
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("Un compte s'écrit en chiffres seulement")));
        // Escape reverts the editor.
        QTest::keyClick(w.review()->editor(), Qt::Key_Escape);
        QCOMPARE(w.review()->editor()->text(), QString());
    }

    // Digits typed while the focus sits on a button of the window (the official on duty, the
    // seal banner's) reach the value editor: they were dropped without a word. Shortcuts and
    // Enter stay what they were (a button's Enter never confirms a value).
    void typingOnAButtonReachesTheValue()
    {
        DemoWindow demo;
        auto &station = demo.station;
        auto &w = demo.open(kAssessor);
        w.review()->selectField(QStringLiteral("inscrits"));
        QPushButton *button = w.officialButton();
        QTest::keyClicks(button, QStringLiteral("1250"));
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("1250"));
        QTest::keyClick(button, Qt::Key_Return);
        QVERIFY(!station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits")));
        QTest::keyClick(w.review()->editor(), Qt::Key_Return);
        QCOMPARE(
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits"))->value,
            QStringLiteral("1250"));
        QTest::keyClick(button, Qt::Key_J, Qt::ControlModifier); // not a "j" in the value
        QVERIFY(!w.review()->editor()->text().contains(QLatin1Char('j')));
    }

    void nobodyOnDutyNothingRecorded()
    {
        DemoWindow demo;
        auto &station = demo.station;
        auto &w = demo.open();
        typeValue(w, QStringLiteral("inscrits"), QStringLiteral("1250"));
        QVERIFY(!station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits")));
        QVERIFY(w.officialButton()->text().contains(QStringLiteral("personne")));
    }

    // Contact sheets leave on their own: a ready sheet is queued within the policy's wait
    // even when nothing else is confirmed, and at once when a batch is full.
    void contactsLeaveOnTheirOwn()
    {
        DemoWindow demo;
        auto &station = demo.station;
        sync::ContactPolicy policy;
        policy.maxWaitSeconds = 1;
        policy.checkSeconds = 1;
        station.setContactPolicy(policy);
        auto &w = demo.open(kAssessor);
        const QString id = fillContact(station, QStringLiteral("DURAND"));
        QVERIFY(station.store().sheet(id)->state == store::SheetState::Open); // not yet due
        QCOMPARE(station.store().outboxRows().size(), 0);
        // Nobody confirms anything else: the timer sends it.
        QTRY_VERIFY_WITH_TIMEOUT(station.store().sheet(id)->state == store::SheetState::Sealed,
                                 8000);
        const auto rows = station.store().outboxRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().kind, QStringLiteral("contacts"));
        QCOMPARE(station.store().auditLog().last().action, QStringLiteral("contacts.batched"));
        QTRY_VERIFY(w.sheetList()->item(1)->text().contains(QStringLiteral("envoyée")));
        // A full batch leaves right after the confirmation that fills it.
        policy.maxWaitSeconds = 3600;
        policy.maxPerBatch = 1;
        station.setContactPolicy(policy);
        const QString second = fillContact(station, QStringLiteral("MARTIN"));
        QVERIFY(station.store().sheet(second)->state == store::SheetState::Sealed);
        QCOMPARE(station.store().outboxRows().size(), 2);
        // Without consent, never.
        const QString refused = station.store().newSheet(QStringLiteral("contact"));
        station.session().setValue(refused, QStringLiteral("consentement"), QStringLiteral("non"),
                                   kAssessor);
        QCOMPARE(station.queueContacts(true), 0);
        QCOMPARE(station.store().outboxRows().size(), 2);
    }

    // The election lists its officials: only they can be on duty, under their own spelling,
    // and only they sign (one person never counts twice under two spellings).
    void officialOnDutyIsAListedOne()
    {
        DemoWindow demo;
        auto &station = demo.station;
        auto &w = demo.open(kPresident);
        const QString mixed = QStringLiteral("Paul GIRARD (assesseur)mArie leroi");
        bool editable = true;
        answerOfficialBox(mixed, &editable);
        w.chooseOfficial(); // the text typed is not one of the choices: nothing changes
        QVERIFY(!editable); // a choice, not a text box
        QCOMPARE(w.official(), kPresident);
        answerOfficialBox(kAssessor, &editable);
        QVERIFY(w.chooseOfficial());
        QCOMPARE(w.official(), kAssessor);
        // Typed elsewhere (--official): refused unless listed; kept as listed.
        QVERIFY(!w.setOfficial(mixed));
        QCOMPARE(w.official(), kAssessor);
        QVERIFY(w.setOfficial(QStringLiteral("  marie   leroy (PRÉSIDENTE) ")));
        QCOMPARE(w.official(), kPresident);
        typeValue(w, QStringLiteral("inscrits"), QStringLiteral("1250"));
        QCOMPARE(station.store()
                     .latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits"))
                     ->official,
                 kPresident);
        // The signatories are the listed officials, whatever the spelling on duty.
        const QStringList listed = station.store().election().officials;
        QCOMPARE(signatoryChoices(station, QStringLiteral("marie leroy (présidente)")), listed);
        QCOMPARE(signatoryChoices(station, mixed), listed);
        QCOMPARE(signatoryChoices(station, kAssessor), listed);
    }

    // Nobody on duty yet: no name is chosen in advance, so the stray Enter that follows the
    // passphrase chooses nobody (a hostile review had it choose the first official listed).
    void strayEnterChoosesNobody()
    {
        DemoWindow demo;
        auto &w = demo.open();
        QVERIFY(w.official().isEmpty());
        auto keys = [](const QVector<Qt::Key> &sequence) {
            onNextModal([sequence](QWidget *modal) {
                QWidget *focus = modal->focusWidget() ? modal->focusWidget() : modal;
                for (Qt::Key k : sequence)
                    QTest::keyClick(focus, k);
            });
        };
        keys({Qt::Key_Return});
        QVERIFY(!w.chooseOfficial());
        QVERIFY(w.official().isEmpty());
        keys({Qt::Key_Down, Qt::Key_Return}); // chosen with the arrows, then Enter
        QVERIFY(w.chooseOfficial());
        QCOMPARE(w.official(), demo.station.store().election().officials.constFirst());
        keys({Qt::Key_Return}); // someone on duty: Enter keeps them
        QVERIFY(w.chooseOfficial());
        QCOMPARE(w.official(), demo.station.store().election().officials.constFirst());
    }

    // A pending correction of the sealed PV that breaks a rule turns the navigator red at
    // once, as the PV panel does; it was green ("11/11 confirmés — scellé") before.
    void pendingCorrectionThatBreaksARuleIsNotGreen()
    {
        DemoWindow demo;
        decidePv(demo.station);
        QVERIFY(sync::closePv(demo.station.store(), {{kPresident, kAssessor}, {}, {}}).sealed);
        auto &w = demo.open(kPresident);
        auto pvItem = [&] { return w.sheetList()->item(0); };
        QCOMPARE(pvItem()->background().color(), ui::stateColour(forms::FieldState::Confirmed));
        w.startCorrection();
        const QString votants = teststation::demoPv().value(QStringLiteral("votants"));
        typeValue(w, QStringLiteral("votants"), QString::number(votants.toInt() - 1));
        QVERIFY(!w.review()->corrections().isEmpty());
        QVERIFY2(pvItem()->text().contains(QStringLiteral("règle")), qPrintable(pvItem()->text()));
        QVERIFY(pvItem()->background().color() != ui::stateColour(forms::FieldState::Confirmed));
        w.review()->abandonCorrection();
        QCOMPARE(pvItem()->background().color(), ui::stateColour(forms::FieldState::Confirmed));
    }

    // No official listed: a typed name, trimmed and checked (asked again when wrong); the
    // official on duty is then the one who signs.
    void typedOfficialWhenNoneIsListed()
    {
        QTemporaryDir dir;
        QFile demo(QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(demo.readAll()).object();
        json.remove(QStringLiteral("officials"));
        QFile election(dir.filePath(QStringLiteral("election.json")));
        QVERIFY(election.open(QIODevice::WriteOnly));
        election.write(QJsonDocument(json).toJson());
        election.close();
        ui::Station station;
        station.create(dir.filePath(QStringLiteral("b.plume")), election.fileName(),
                       teststation::kPassphrase);
        station.start();
        ui::MainWindow w(station);
        w.show();
        QCOMPARE(ui::MainWindow::officialNameProblem(QStringLiteral("   ")).isEmpty(), false);
        QCOMPARE(ui::MainWindow::officialNameProblem(QStringLiteral("12345")).isEmpty(), false);
        QCOMPARE(ui::MainWindow::officialNameProblem(QString(61, QLatin1Char('a'))).isEmpty(),
                 false);
        QVERIFY(
            ui::MainWindow::officialNameProblem(QStringLiteral("Anne-Sophie D'ARC (présidente)"))
                .isEmpty());
        bool editable = false;
        QString secondLabel;
        onNextModal([&](QWidget *modal) { // a blank name first: asked again, with why
            auto *input = qobject_cast<QInputDialog *>(modal);
            QVERIFY(input && !input->findChild<QComboBox *>());
            answerOfficialBox(QStringLiteral("  Jean   DUPONT "), &editable, &secondLabel);
            input->setTextValue(QStringLiteral("   "));
            input->accept();
        });
        QVERIFY(w.chooseOfficial());
        QVERIFY2(secondLabel.contains(QStringLiteral("Tapez le nom")), qPrintable(secondLabel));
        QCOMPARE(w.official(), QStringLiteral("Jean DUPONT"));
        QVERIFY(!w.setOfficial(QStringLiteral("<b>42</b>")));
        QCOMPARE(w.official(), QStringLiteral("Jean DUPONT"));
        QCOMPARE(signatoryChoices(station, w.official()),
                 QStringList{QStringLiteral("Jean DUPONT")});
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
