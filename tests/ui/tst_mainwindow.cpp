// GUI smoke test (offscreen): the main window opens on a station, shows the PV and its
// fields, accepts mouse ink when the pen is dead, and records typed values.
#include "store/store.h"
#include "ui/closingdialog.h"
#include "ui/formview.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

using namespace plume;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void opensOnDemoStation()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.sheetList()->count(), 1); // the PV
        QVERIFY(w.windowTitle().contains(QStringLiteral("Bureau 42")));
        // The PV's recognised fields: code, 6 counts, 4 candidates.
        QCOMPARE(w.review()->table()->rowCount(), 11);
        QCOMPARE(w.review()->table()->item(1, 0)->text(), QStringLiteral("Nombre d'inscrits"));
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 800);
    }

    void typedValueWithoutInk()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        w.setOfficial(QStringLiteral("Paul GIRARD (assesseur)"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *table = w.review()->table();
        w.review()->selectField(QStringLiteral("inscrits"));
        table->setFocus();
        QTest::keyClicks(table, QStringLiteral("1250"));
        QCOMPARE(w.review()->editor()->text(), QStringLiteral("1250"));
        QTest::keyClick(w.review()->editor(), Qt::Key_Return);
        const auto d =
            station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("inscrits"));
        QVERIFY(d);
        QCOMPARE(d->value, QStringLiteral("1250"));
        QCOMPARE(d->official, QStringLiteral("Paul GIRARD (assesseur)"));
        QVERIFY(d->source == store::DecisionSource::Typed);
        // A bad value is refused, nothing recorded.
        w.review()->selectField(QStringLiteral("votants"));
        QTest::keyClicks(table, QStringLiteral("8x2"));
        QTimer::singleShot(200, [] {
            if (auto *box = QApplication::activeModalWidget())
                box->close();
        });
        QTest::keyClick(w.review()->editor(), Qt::Key_Return);
        QVERIFY(!station.store().latestDecision(QStringLiteral("pv"), QStringLiteral("votants")));
        // Escape reverts the editor.
        QTest::keyClick(w.review()->editor(), Qt::Key_Escape);
        QCOMPARE(w.review()->editor()->text(), QString());
    }

    void closingDialogSeals()
    {
        ui::Station station;
        station.createDemo();
        const QHash<QString, QString> values = {
            {QStringLiteral("code_bureau"), QStringLiteral("75056-0042")},
            {QStringLiteral("inscrits"), QStringLiteral("1250")},
            {QStringLiteral("votants"), QStringLiteral("872")},
            {QStringLiteral("enveloppes"), QStringLiteral("872")},
            {QStringLiteral("blancs"), QStringLiteral("12")},
            {QStringLiteral("nuls"), QStringLiteral("7")},
            {QStringLiteral("exprimes"), QStringLiteral("853")},
            {QStringLiteral("voix.aubert"), QStringLiteral("312")},
            {QStringLiteral("voix.benali"), QStringLiteral("270")},
            {QStringLiteral("voix.dufour"), QStringLiteral("158")},
            {QStringLiteral("voix.morel"), QStringLiteral("113")}};
        for (auto it = values.begin(); it != values.end(); ++it)
            station.session().setValue(QStringLiteral("pv"), it.key(), it.value(),
                                       QStringLiteral("Marie LEROY (présidente)"));
        ui::ClosingDialog dialog(station);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *officials = dialog.findChild<QListWidget *>();
        QVERIFY(officials);
        officials->item(0)->setCheckState(Qt::Checked);
        officials->item(1)->setCheckState(Qt::Checked);
        QPushButton *seal = nullptr;
        for (auto *b : dialog.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Sceller le PV"))
                seal = b;
        QVERIFY(seal);
        QTest::mouseClick(seal, Qt::LeftButton);
        QCOMPARE(dialog.sealedHash().size(), 64);
        QVERIFY(station.store().sheet(QStringLiteral("pv"))->state ==
                plume::store::SheetState::Sealed);
        // A sealed PV refuses silent changes.
        QVERIFY_THROWS_EXCEPTION(
            store::StoreError,
            station.session().setValue(QStringLiteral("pv"), QStringLiteral("nuls"),
                                       QStringLiteral("8"), QStringLiteral("X")));
    }

    void mouseInkIsStored()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *view = w.formView();
        view->setWritingEnabled(true);
        // Draw a stroke inside the first box of "inscrits" (120 mm, 60 mm on the page).
        const auto &form = station.session().formOfSheet(QStringLiteral("pv"));
        const QRectF box = form.field(QStringLiteral("inscrits"))->boxRects().first();
        const double scale = std::min((view->width() - 24) / 210.0, (view->height() - 24) / 297.0);
        const double x0 = (view->width() - 210 * scale) / 2;
        auto toWidget = [&](QPointF mm) {
            return QPoint(int(x0 + mm.x() * scale), int(12 + mm.y() * scale));
        };
        QTest::mousePress(view, Qt::LeftButton, {}, toWidget(box.center() + QPointF(0, -3)));
        for (int i = -2; i <= 3; ++i) {
            QMouseEvent move(QEvent::MouseMove, toWidget(box.center() + QPointF(0, i)),
                             view->mapToGlobal(toWidget(box.center() + QPointF(0, i))),
                             Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view, &move);
        }
        QTest::mouseRelease(view, Qt::LeftButton, {}, toWidget(box.center() + QPointF(0, 3)));
        QCOMPARE(
            station.session().fieldStrokes(QStringLiteral("pv"), QStringLiteral("inscrits")).size(),
            1);
        QVERIFY(station.writer().flush());
        QCOMPARE(station.store().strokes(QStringLiteral("pv")).size(), 1);
        QCOMPARE(station.store().strokes(QStringLiteral("pv")).first().stroke.penId,
                 QStringLiteral("mouse"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
