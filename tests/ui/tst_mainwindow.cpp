// GUI smoke test (offscreen): the main window opens on a station, shows the PV and its
// fields by label, records typed values with the official on duty, refuses a bad value in
// words next to the field (no modal box, nothing recorded), and Escape reverts.
#include "store/store.h"
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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
