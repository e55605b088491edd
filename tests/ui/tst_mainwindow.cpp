// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// GUI smoke test (offscreen): the main window opens on a station, shows the PV and its
// fields by label, records typed values with the official on duty, refuses a bad value in
// words next to the field (no modal box, nothing recorded), and Escape reverts; contact
// sheets leave for headquarters on their own.
#include "store/store.h"
#include "sync/seal.h"
#include "ui/formview.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "uitest.h"

#include <QLineEdit>
#include <QPushButton>

using namespace plume;
using namespace plume::uitest;

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
        QCOMPARE(w.review()->table()->item(1, 0)->text(), QStringLiteral("Nombre d'inscrits"));
        QVERIFY(!w.sealBanner()->isVisible());
        QVERIFY(!w.writingBanner()->isVisible());
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 700);
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

private:
    static QString fillContact(ui::Station &station, const QString &nom)
    {
        const QString id = station.store().newSheet(QStringLiteral("contact"));
        const QHash<QString, QString> values{
            {QStringLiteral("nom"), nom},
            {QStringLiteral("prenom"), QStringLiteral("JEANNE")},
            {QStringLiteral("code_postal"), QStringLiteral("75011")},
            {QStringLiteral("commune"), QStringLiteral("PARIS")},
            {QStringLiteral("consentement"), QStringLiteral("oui")}};
        for (const QString &f :
             {QStringLiteral("nom"), QStringLiteral("prenom"), QStringLiteral("code_postal"),
              QStringLiteral("commune"), QStringLiteral("consentement")})
            station.session().setValue(id, f, values.value(f), kAssessor);
        return id;
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
