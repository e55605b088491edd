// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Any screen from 1024x768 (offscreen, on screens of 1024x768 and 1280x720): the window
// opens fitted to the available area, the review panel is whole and visible (the page
// shrinks or scrolls first), the page zooms with Ctrl+plus/minus and Ctrl+wheel, focus
// starts in the review on the first field that needs an official, arrow keys never change
// the official on duty, F1 lists every key. With PLUME_SCREENSHOT_DIR set, it also saves
// the screenshots of the README and docs (review, strike-out, closing summary, sealed PV,
// first-run passphrase) at 1024x768 (docs/images).
#include "pen/ble.h"
#include "pensim/pensimulator.h"
#include "sync/seal.h"
#include "teststation.h"
#include "ui/closingdialog.h"
#include "ui/firstrunwizard.h"
#include "ui/formview.h"
#include "ui/i18n.h"
#include "ui/inkzoom.h"
#include "ui/mainwindow.h"
#include "ui/pairingdialog.h"
#include "ui/passphrase.h"
#include "ui/reviewpanel.h"
#include "ui/strikedialog.h"
#include "uitest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyleOptionButton>
#include <QTemporaryFile>

using namespace plume;
using namespace plume::uitest;

namespace {

// Inside the window and not squeezed below its minimum size.
bool wholeAndVisible(QWidget *widget, QWidget *window)
{
    const QRect r(widget->mapTo(window, QPoint(0, 0)), widget->size());
    return widget->isVisible() && window->rect().contains(r) &&
           widget->width() >= widget->minimumSizeHint().width() &&
           widget->height() >= widget->minimumSizeHint().height();
}

QScreen *screenNamed(const QString &name)
{
    for (QScreen *s : QGuiApplication::screens())
        if (s->name() == name)
            return s;
    return nullptr;
}

// The demo ink, written at once (no pen simulator): readings like in the demo.
void writeDemoInk(ui::Station &station)
{
    QString why;
    const auto strokes = pensim::PenSimulator::loadInk(ui::Station::demoInkPath(), &why);
    QVERIFY2(strokes, qPrintable(why));
    for (const pensim::SimStroke &s : *strokes) {
        ink::Stroke stroke;
        stroke.page = s.page;
        stroke.penId = QStringLiteral("replay");
        stroke.startMs = s.downMs;
        stroke.dots = s.dots;
        station.session().addStroke(stroke);
    }
    station.session().flush();
}

// The window as the president sees it on the 1024x768 screen; false if it never showed.
bool showOnSmallScreen(ui::MainWindow &w)
{
    w.setOfficial(kPresident);
    w.setScreen(screenNamed(QStringLiteral("small")));
    w.fitToScreen();
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

// The part of the page the scroller shows, in the page's coordinates.
QRect shownPart(ui::MainWindow &w)
{
    const QWidget *viewport = w.pageScroller()->viewport();
    return QRect(w.formView()->mapFrom(viewport, QPoint(0, 0)), viewport->size());
}

// "x,y wxh out of x,y wxh": a rect that should lie in the part shown.
QString outOf(const QRect &r, const QRect &shown)
{
    const auto text = [](const QRect &q) {
        return QStringLiteral("%1,%2 %3x%4").arg(q.x()).arg(q.y()).arg(q.width()).arg(q.height());
    };
    return text(r) + QStringLiteral(" out of ") + text(shown);
}

// The status bar's message, whole: it ends before the first widget shown beside it.
bool messageIsWhole(ui::MainWindow &w)
{
    QStatusBar *bar = w.statusBar();
    int right = bar->width();
    for (QWidget *child : bar->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        if (child->isVisible())
            right = std::min(right, child->geometry().left());
    const int needed = 6 + bar->fontMetrics().horizontalAdvance(bar->currentMessage()) + 2;
    if (needed > right)
        qWarning("message %d px, room %d px: %s", needed, right, qPrintable(bar->currentMessage()));
    return !bar->currentMessage().isEmpty() && needed <= right;
}

// The label of a button, whole, in the room its style gives it now (focused or not).
bool labelFits(QPushButton *button)
{
    QStyleOptionButton option;
    option.initFrom(button);
    option.text = button->text();
    const QRect room =
        button->style()->subElementRect(QStyle::SE_PushButtonContents, &option, button);
    const int needed = button->fontMetrics().horizontalAdvance(option.text.remove(u'&'));
    if (room.width() < needed)
        qWarning("« %s » cut: %d px for %d px, focus %d", qPrintable(button->text()), room.width(),
                 needed, int(button->hasFocus()));
    return room.width() >= needed;
}

// Every visible button of `window`, focused one after the other, shows its whole label.
bool focusNeverCutsALabel(QWidget *window)
{
    bool fits = true;
    for (auto *b : window->findChildren<QPushButton *>()) {
        if (!b->isVisibleTo(window) || b->focusPolicy() == Qt::NoFocus)
            continue;
        b->setFocus();
        QApplication::processEvents();
        fits = labelFits(b) && fits;
        b->clearFocus();
        QApplication::processEvents();
        fits = labelFits(b) && fits;
    }
    return fits;
}

void save(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PLUME_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(200); // the layout settles, as on screen
    QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
}

void tick2(ui::ClosingDialog &d)
{
    d.officialsList()->item(0)->setCheckState(Qt::Checked);
    d.officialsList()->item(1)->setCheckState(Qt::Checked);
}

} // namespace

class TestSmallScreen : public QObject
{
    Q_OBJECT
private slots:
    void fitsEveryScreen_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("1024x768") << QStringLiteral("small");
        QTest::newRow("1280x720") << QStringLiteral("wide");
        QTest::newRow("1024x768 at twice the density") << QStringLiteral("hidpi");
    }

    void fitsEveryScreen()
    {
        QFETCH(QString, name);
        QScreen *target = screenNamed(name);
        QVERIFY2(target, "the offscreen configuration of main() has this screen");
        const QSize screen = target->availableGeometry().size();
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        w.setScreen(target);
        w.move(target->geometry().topLeft());
        w.fitToScreen();
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.frameGeometry().width() <= screen.width() &&
                     w.frameGeometry().height() <= screen.height(),
                 qPrintable(QStringLiteral("%1x%2").arg(w.width()).arg(w.height())));
        QVERIFY(w.minimumSizeHint().width() <= 1024 && w.minimumSizeHint().height() <= 720);
        for (QWidget *part :
             {static_cast<QWidget *>(w.review()), static_cast<QWidget *>(w.review()->table()),
              static_cast<QWidget *>(w.review()->editor())})
            QVERIFY2(wholeAndVisible(part, &w), part->metaObject()->className());
        QVERIFY(w.review()->width() >= w.review()->minimumWidth());
        // Every PV row is reachable in the table without scrolling the window.
        auto *table = w.review()->table();
        QVERIFY(table->height() > table->rowHeight(0) * 5);
        // Drawn at the screen's density: twice the pixels on the high-density screen.
        QCOMPARE(w.grab().devicePixelRatio(), target->devicePixelRatio());
        qInfo("%s: screen %dx%d (density %g), window %dx%d, review %dx%d", qPrintable(name),
              screen.width(), screen.height(), target->devicePixelRatio(), w.width(), w.height(),
              w.review()->width(), w.review()->height());
    }

    void zoomOnThePage()
    {
        DemoWindow demo;
        auto &w = demo.open();
        auto *scroller = w.pageScroller();
        const int fitted = w.formView()->width();
        QCOMPARE(scroller->zoom(), 1.0);
        scroller->zoomIn();
        QVERIFY(w.formView()->width() > fitted);
        QVERIFY(scroller->horizontalScrollBar()->maximum() > 0 ||
                scroller->verticalScrollBar()->maximum() > 0);
        // Ctrl+wheel on the page zooms; a plain wheel does not.
        const double before = scroller->zoom();
        QWheelEvent wheel(QPointF(10, 10), w.formView()->mapToGlobal(QPointF(10, 10)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                          false);
        QApplication::sendEvent(w.formView(), &wheel);
        QVERIFY(scroller->zoom() > before);
        QWheelEvent plainWheel(QPointF(10, 10), w.formView()->mapToGlobal(QPointF(10, 10)),
                               QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                               Qt::NoScrollPhase, false);
        const double zoomed = scroller->zoom();
        QApplication::sendEvent(w.formView(), &plainWheel);
        QCOMPARE(scroller->zoom(), zoomed);
        // Zoomed in, the selected field is scrolled into view.
        w.review()->selectField(QStringLiteral("voix.morel"));
        const QRect field = w.formView()->fieldRect(QStringLiteral("voix.morel"));
        const QRect shown(w.formView()->mapFrom(scroller->viewport(), QPoint(0, 0)),
                          scroller->viewport()->size());
        QVERIFY(shown.intersects(field));
        scroller->setZoom(1.0);
        QCOMPARE(w.formView()->width(), fitted);
    }

    void focusStartsOnTheFirstFieldThatNeedsAnOfficial()
    {
        // Nothing written yet: the first field, which waits for a value.
        ui::Station blank;
        blank.createDemo();
        ui::MainWindow w(blank);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.focusWidget(), w.review()->table());
        QCOMPARE(w.review()->currentField(), QStringLiteral("code_bureau"));
        // After the demo ink: the first field, in form order, read or doubtful.
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        station.session().setValue(QStringLiteral("pv"), QStringLiteral("code_bureau"),
                                   QStringLiteral("75056-0042"), kPresident);
        QString first;
        for (const auto &s : station.session().statuses(QStringLiteral("pv")))
            if (first.isEmpty() &&
                (s.state == forms::FieldState::Doubtful || s.state == forms::FieldState::Decoded))
                first = s.field;
        QVERIFY(!first.isEmpty() && first != QStringLiteral("code_bureau"));
        ui::MainWindow w2(station);
        w2.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w2));
        QCOMPARE(w2.focusWidget(), w2.review()->table());
        QCOMPARE(w2.review()->currentField(), first);
    }

    void arrowKeysKeepTheOfficial()
    {
        DemoWindow demo;
        auto &w = demo.open(kAssessor);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        // Tab through every widget and press every navigation key on each.
        for (int stop = 0; stop < 8; ++stop) {
            QWidget *focus = QApplication::focusWidget();
            QVERIFY(focus);
            for (auto key : {Qt::Key_Up, Qt::Key_Down, Qt::Key_PageUp, Qt::Key_PageDown,
                             Qt::Key_Home, Qt::Key_End, Qt::Key_Left, Qt::Key_Right})
                QTest::keyClick(focus, key);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        w.officialButton()->setFocus();
        for (auto key : {Qt::Key_Up, Qt::Key_Down, Qt::Key_PageDown, Qt::Key_End})
            QTest::keyClick(w.officialButton(), key);
        QCOMPARE(w.official(), kAssessor);
        QCOMPARE(w.review()->official(), kAssessor);
        // Only the explicit act changes it.
        onNextModal([](QWidget *m) {
            if (auto *input = qobject_cast<QInputDialog *>(m)) {
                input->setTextValue(kAssessor2);
                input->accept();
            }
        });
        w.officialButton()->click();
        QCOMPARE(w.official(), kAssessor2);
    }

    void keyboardHelpIsComplete()
    {
        const QString help = plain(ui::MainWindow::keyboardHelpText());
        for (const char *key : {"Entrée", "Échap", "F2", "Tab", "Ctrl+Page", "Ctrl+K", "Ctrl+Maj+K",
                                "Ctrl+W", "Ctrl+N", "Ctrl+P", "Ctrl+plus", "F1"})
            QVERIFY2(help.contains(QString::fromUtf8(key)), key);
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        // On the 1024x768 screen, the window and its button are whole (a review: 798 px high,
        // « Fermer » below the screen's edge).
        w.setScreen(screenNamed(QStringLiteral("small")));
        QStringList seen;
        QRect shown, button;
        onNextModal([&](QWidget *modal) {
            shown = modal->frameGeometry();
            for (auto *l : modal->findChildren<QLabel *>())
                seen << l->text();
            for (auto *b : modal->findChildren<QAbstractButton *>())
                if (b->text().remove(QLatin1Char('&')) == QStringLiteral("Fermer"))
                    button = QRect(b->mapTo(modal, QPoint(0, 0)), b->size());
            modal->close();
        });
        QTest::keyClick(w.review()->table(), Qt::Key_F1);
        QVERIFY(seen.join(QLatin1Char(' ')).contains(QStringLiteral("Ctrl+K")));
        const QRect screen = w.screen()->availableGeometry();
        QVERIFY2(shown.height() <= screen.height() && shown.width() <= screen.width(),
                 qPrintable(QStringLiteral("%1x%2").arg(shown.width()).arg(shown.height())));
        QVERIFY(button.isValid() && button.bottom() < shown.height());
    }

    void sheetSwitchingWithTheKeyboard()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.showSheet(QStringLiteral("pv"));
        QVERIFY(w.sheetList()->count() >= 2);
        QTest::keyClick(w.review()->table(), Qt::Key_PageDown, Qt::ControlModifier);
        QVERIFY(w.formView()->sheet() != QStringLiteral("pv"));
        QTest::keyClick(w.review()->table(), Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(w.formView()->sheet(), QStringLiteral("pv"));
        QCOMPARE(QApplication::focusWidget(), w.review()->table());
    }

    // The focus frame never takes room from a label: a focused button is as wide inside as
    // an unfocused one (main window and closing screens, at 1024x768).
    void focusKeepsLabelsWhole()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.officialButton()->focusPolicy() != Qt::NoFocus);
        QVERIFY(focusNeverCutsALabel(&w));
        ui::ClosingDialog d(station, {}, kPresident, &w);
        d.show();
        d.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        tick2(d);
        QVERIFY(focusNeverCutsALabel(&d));
        d.continueButton()->click();
        QVERIFY(focusNeverCutsALabel(&d));
        d.sealButton()->click();
        QVERIFY(d.isSealed());
        QVERIFY(focusNeverCutsALabel(&d)); // « Exporter en PDF », « Fichier hors ligne… »
        save(&d, QStringLiteral("closing-done.png"));
    }

    // Correcting the sealed PV at 1024x768: the state of a pending correction is short (the
    // whole sentence in its tooltip), so the field column keeps the candidates' names whole.
    void correctionKeepsNamesReadable()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        decidePv(station);
        QVERIFY(sync::closePv(station.store(), {{kPresident, kAssessor}, {}, {}}).sealed);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        w.startCorrection();
        typeValue(w, QStringLiteral("voix.dufour"), QStringLiteral("157"));
        typeValue(w, QStringLiteral("exprimes"), QStringLiteral("852"));
        QTest::qWait(50);
        auto *table = w.review()->table();
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->data(Qt::UserRole) == QStringLiteral("voix.dufour"))
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("158 → 157"));
        QVERIFY(table->item(row, 2)->toolTip().contains(QStringLiteral("Correction en attente")));
        const int margin = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString label = table->item(r, 0)->text();
            if (!label.startsWith(QStringLiteral("Voix")))
                continue;
            const int needed = table->fontMetrics().horizontalAdvance(label) + margin;
            QVERIFY2(table->columnWidth(0) >= needed,
                     qPrintable(QStringLiteral("%1: %2 px for %3 px")
                                    .arg(label)
                                    .arg(table->columnWidth(0))
                                    .arg(needed)));
        }
        w.review()->abandonCorrection();
    }

    // A long field label (the consent's) wraps in the review panel instead of running off
    // its edge.
    void longFieldTitleWraps()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        const QString id = station.store().newSheet(QStringLiteral("contact"));
        w.showSheet(id);
        w.review()->selectField(QStringLiteral("consentement"));
        QTest::qWait(50);
        QLabel *title = w.review()->fieldTitle();
        QVERIFY(title->text().startsWith(QStringLiteral("J'accepte d'être recontacté(e)")));
        QVERIFY(title->fontMetrics().horizontalAdvance(title->text()) > title->width());
        QVERIFY(title->wordWrap());
        QVERIFY(wholeAndVisible(title, &w));
        QVERIFY(title->x() + title->width() <= w.review()->width());
        QVERIFY2(title->height() >= title->heightForWidth(title->width()),
                 qPrintable(QStringLiteral("%1 px high, needs %2")
                                .arg(title->height())
                                .arg(title->heightForWidth(title->width()))));
    }

    // The enlarged ink shows the written part of a field, clearly bigger than on the page:
    // a short name in a strip of 24 boxes, a long e-mail address wrapped on rows, and the
    // same in the strike-out dialog.
    void enlargedInkIsBiggerThanThePage()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        w.stepSheet(1);
        const QString sheet = w.formView()->sheet();
        QVERIFY(sheet != QStringLiteral("pv"));
        auto *zoom = w.review()->inkZoom();
        for (const QString &field : {QStringLiteral("nom"), QStringLiteral("email")}) {
            w.review()->selectField(field);
            QTest::qWait(20);
            const QRectF area = station.session().formOfSheet(sheet).field(field)->area();
            const double page = w.formView()->fieldRect(field).width() / area.width();
            const auto layout = zoom->layout();
            qInfo("%s: page %.2f px/mm, enlarged %.2f px/mm on %lld row(s)", qPrintable(field),
                  page, layout.scale, qint64(layout.rows.size()));
            QVERIFY(zoom->isVisible());
            QVERIFY2(layout.scale >= 2 * page, qPrintable(field));
            for (const QRectF &row : layout.rows)
                QVERIFY(row.width() * layout.scale <= zoom->width());
            if (field == QStringLiteral("nom")) // the written part only
                QVERIFY(zoom->writtenArea().width() < area.width() / 2);
        }
        w.review()->selectField(QStringLiteral("nom"));
        double struck = 0;
        onNextModal([&struck](QWidget *modal) {
            if (auto *zoom = modal->findChild<ui::InkZoom *>())
                struck = zoom->layout().scale;
            modal->close();
        });
        QTest::keyClick(w.review()->table(), Qt::Key_B, Qt::ControlModifier);
        const double page =
            w.formView()->fieldRect(QStringLiteral("nom")).height() /
            station.session().formOfSheet(sheet).field(QStringLiteral("nom"))->area().height();
        QVERIFY2(struck >= 2 * page, qPrintable(QString::number(struck)));
    }

    // A draft's note beside its field (« 872 → 871 (non confirmé) ») was drawn over
    // « Votants » at 1024x768: no field's note covers another field, its label or its note,
    // at 1024x768 and at a normal size, with a draft on every count of the PV.
    void draftNotesCoverNoOtherField_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1024x768") << QSize();
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }

    void draftNotesCoverNoOtherField()
    {
        QFETCH(QSize, size);
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        if (size.isEmpty()) {
            QVERIFY(showOnSmallScreen(w));
        } else {
            w.setOfficial(kPresident);
            w.resize(size);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
        }
        const forms::FormSpec &pv = station.session().form(QStringLiteral("pv"));
        QStringList counts;
        for (const forms::FieldSpec &f : pv.fields)
            if (f.grammar == forms::Grammar::Count)
                counts << f.name;
        for (const QString &field : counts) { // the widest value a count box takes
            w.review()->selectField(field);
            QTest::keyClicks(w.review()->table(), QStringLiteral("88888"));
        }
        w.review()->selectField(QStringLiteral("code_bureau"));
        QCOMPARE(w.review()->draftCount(), int(counts.size()));
        const ui::FormView *view = w.formView();
        for (const QString &field : counts) {
            const QRect note = view->valueRect(field);
            QVERIFY2(note.isValid() && view->rect().contains(note), qPrintable(field));
            for (const forms::FieldSpec &other : pv.fields) {
                if (other.name == field)
                    continue;
                for (const QRect &r : {view->fieldRect(other.name), view->labelRect(other.name),
                                       view->valueRect(other.name)})
                    QVERIFY2(!note.intersects(r),
                             qPrintable(QStringLiteral("%1 on %2").arg(field, other.name)));
            }
        }
    }

    // Writing with the mouse (Ctrl+W) at 1024x768 zoomed the page so that « Votants »'s label
    // and reading were cut, and Ctrl+W again left the page zoomed: the field, its label and its
    // reading are whole in view, and Ctrl+W again puts back the page as it was.
    void writingZoomShowsTheFieldAndEndsWithIt()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        const QString votants = QStringLiteral("votants");
        w.review()->selectField(votants);
        auto *scroller = w.pageScroller();
        const double before = scroller->zoom();
        const int fitted = w.formView()->fieldRect(votants).width();
        QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
        QVERIFY(w.formView()->writingEnabled());
        QApplication::processEvents();
        QVERIFY(w.formView()->fieldRect(votants).width() > fitted); // bigger boxes
        const QRect shown = shownPart(w);
        const ui::FormView *view = w.formView();
        for (const QRect &r :
             {view->fieldRect(votants), view->labelRect(votants), view->valueRect(votants)})
            QVERIFY2(r.isValid() && shown.contains(r), qPrintable(outOf(r, shown)));
        QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
        QVERIFY(!w.formView()->writingEnabled());
        QCOMPARE(scroller->zoom(), before);
        QCOMPARE(w.formView()->fieldRect(votants).width(), fitted);
    }

    // Writing with the mouse on a new station: the value typed for a field, then the next
    // field, stay whole in view (a review had every reading at the viewport's right edge,
    // cut to its first digit, the view kept scrolled to the left).
    void writingKeepsTheFieldsWholeAsTheyChange()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        const QString inscrits = QStringLiteral("inscrits");
        w.review()->selectField(inscrits);
        QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
        QVERIFY(w.formView()->writingEnabled());
        QApplication::processEvents();
        QTest::keyClicks(w.review()->table(), QStringLiteral("1250"));
        QTest::keyClick(w.review()->table(), Qt::Key_Return);
        QApplication::processEvents();
        const ui::FormView *view = w.formView();
        const QString next = view->selectedField();
        QVERIFY(next != inscrits);
        for (const QString &field : {next, inscrits}) {
            w.review()->selectField(field);
            QApplication::processEvents();
            const QRect shown = shownPart(w);
            const QRect r = view->fieldExtent(field);
            QVERIFY2(r.isValid() && shown.contains(r),
                     qPrintable(field + QStringLiteral(": ") + outOf(r, shown)));
        }
    }

    // The README and docs screenshots at 1024x768 (saved only with PLUME_SCREENSHOT_DIR).
    void screenshotsAt1024x768()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        w.review()->selectField(QStringLiteral("votants"));
        QTest::keyClick(w.review()->table(), Qt::Key_Return); // the enlarged ink
        QVERIFY(w.size().width() <= 1024 && w.size().height() <= 768);
        save(&w, QStringLiteral("review-1024x768.png"));
        // A draft on « Enveloppes » (typed, left without Enter), then writing with the mouse
        // (Ctrl+W) on « Votants », and back (Ctrl+W again).
        w.review()->selectField(QStringLiteral("enveloppes"));
        QTest::keyClicks(w.review()->table(), QStringLiteral("871"));
        w.review()->selectField(QStringLiteral("votants"));
        QCOMPARE(w.review()->draftCount(), 1);
        save(&w, QStringLiteral("draft-1024x768.png"));
        QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
        save(&w, QStringLiteral("writing-1024x768.png"));
        QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
        save(&w, QStringLiteral("after-writing-1024x768.png"));
        w.review()->selectField(QStringLiteral("enveloppes"));
        QTest::keyClick(w.review()->editor(), Qt::Key_Escape); // the draft dropped: sealed below
        QCOMPARE(w.review()->draftCount(), 0);
        decidePv(station);
        w.review()->refresh();
        ui::ClosingDialog d(station, {}, kPresident, &w);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.officialsList()->item(0)->setCheckState(Qt::Checked);
        d.officialsList()->item(1)->setCheckState(Qt::Checked);
        QVERIFY(d.continueButton()->isEnabled());
        save(&d, QStringLiteral("closing-check.png"));
        d.continueButton()->click();
        save(&d, QStringLiteral("closing-summary.png"));
        d.sealButton()->click();
        QVERIFY(d.isSealed());
        d.accept();
        w.review()->refresh();
        w.showSheet(QStringLiteral("pv"));
        w.startCorrection();
        for (const auto &[field, value] :
             {std::pair{QStringLiteral("blancs"), QStringLiteral("11")},
              std::pair{QStringLiteral("nuls"), QStringLiteral("8")}}) {
            typeValue(w, field, value);
        }
        save(&w, QStringLiteral("correction-1024x768.png"));
        QVERIFY(w.sealBanner()->isVisible());
        w.review()->abandonCorrection();
    }

    // Striking out stray ink (Ctrl+B) at 1024x768: the dialog fits, shows the field's
    // strokes (the last one chosen) and strikes it with its reason.
    void strikeOutAt1024x768()
    {
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        const QString pv = QStringLiteral("pv"), field = QStringLiteral("votants");
        const qsizetype before = station.session().fieldStrokes(pv, field).size();
        QVERIFY(before > 1);
        w.review()->selectField(field);
        bool fits = false;
        onNextModal([&](QWidget *modal) {
            auto *d = qobject_cast<ui::StrikeDialog *>(modal);
            if (!d) {
                modal->close();
                return;
            }
            fits = d->frameGeometry().width() <= 1024 && d->frameGeometry().height() <= 768 &&
                   d->strokeList()->currentRow() == d->strokeList()->count() - 1;
            QTest::keyClicks(d->reasonEdit(), QStringLiteral("trait de stylo hors de la case"));
            save(d, QStringLiteral("strike-1024x768.png"));
            d->strikeButton()->click();
        });
        QTest::keyClick(w.review()->table(), Qt::Key_B, Qt::ControlModifier);
        QVERIFY(fits);
        QCOMPARE(station.session().fieldStrokes(pv, field).size(), before - 1);
        QCOMPARE(station.session().struckStrokes(pv).size(), 1);
    }

    // Pairing without Bluetooth at 1024x768: the reason and what to do whole, every button's
    // label whole (the mouse one among them).
    // Ctrl+Z says what it took back in the status bar, whole at 1024x768; a longer message
    // takes the room of the sending state while it shows.
    void statusMessagesAreWholeAt1024x768()
    {
        ui::Station station;
        station.createDemo();
        decidePv(station);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.review()->selectField(QStringLiteral("votants"));
        QTest::keyClick(w.review()->table(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("reprise")));
        QVERIFY(messageIsWhole(w));
        w.statusBar()->showMessage(QStringLiteral("Contacts remis au siège mais pas encore "
                                                  "effacés de ce poste : disque plein. Nouvel "
                                                  "essai au prochain reçu."));
        QVERIFY(messageIsWhole(w));
        w.statusBar()->clearMessage();
        const auto labels = w.statusBar()->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *l) {
            return l->isVisible() && l->text().startsWith(QStringLiteral("Envoi au siège"));
        })); // the sending state is back
    }

    // With a pen connected, every label of the status bar whole at 1024x768 (a review: the
    // pen's lost events and the sending state were cut mid-word).
    void statusLabelsAreWholeWithAPenAt1024x768()
    {
        ui::Station station;
        station.createDemo();
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        QString error;
        const auto strokes = pensim::PenSimulator::loadInk(ui::Station::demoInkPath(), &error);
        QVERIFY2(strokes, qPrintable(error));
        pensim::PenSimulator::Options options;
        options.strokes = *strokes;
        options.quiet = true;
        options.faults = {QStringLiteral("lose-events")};
        pensim::PenSimulator pen(options);
        const quint16 port = pen.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        station.connectPen(QStringLiteral("tcp:127.0.0.1:%1").arg(port));
        QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()
                                     ->findChild<QLabel *>(QStringLiteral("penStatus"))
                                     ->text()
                                     .contains(QStringLiteral("perdu")),
                                 30000);
        w.statusBar()->clearMessage();
        w.statusBar()->layout()->activate();
        for (const QLabel *l : w.statusBar()->findChildren<QLabel *>()) {
            if (!l->isVisible())
                continue;
            const int needed = l->fontMetrics().horizontalAdvance(l->text());
            QVERIFY2(needed <= l->contentsRect().width(),
                     qPrintable(QStringLiteral("%1 px in %2: %3")
                                    .arg(needed)
                                    .arg(l->contentsRect().width())
                                    .arg(l->text())));
        }
    }

    void pairingWithoutBluetoothAt1024x768()
    {
        QString why;
        if (pen::PenScanner::bluetoothAvailable(&why))
            QSKIP("this machine has a Bluetooth adapter");
        ui::PairingDialog d;
        d.setScreen(screenNamed(QStringLiteral("small")));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(wholeAndVisible(d.statusLabel(), &d));
        QVERIFY(wholeAndVisible(d.mouseButton(), &d));
        QVERIFY(d.frameGeometry().width() <= 1024 && d.frameGeometry().height() <= 768);
        QVERIFY(focusNeverCutsALabel(&d));
        save(&d, QStringLiteral("pairing-no-bluetooth-1024x768.png"));
    }

    // A station file whose decision was edited with sqlite3 opens with the red banner (the
    // check of `plumectl db check`, its message, what to do), whole at 1024x768, the review
    // still usable; nothing is repaired. An untouched file opens without it.
    void integrityBannerAt1024x768_data()
    {
        QTest::addColumn<bool>("tampered");
        QTest::newRow("untouched") << false;
        QTest::newRow("decision edited with raw SQL") << true;
    }

    void integrityBannerAt1024x768()
    {
        QFETCH(bool, tampered);
        ui::Station station;
        station.createDemo();
        writeDemoInk(station);
        decidePv(station);
        const QString edit =
            QStringLiteral("UPDATE decisions SET value = '785' WHERE field = 'voix.morel'");
        if (tampered)
            QVERIFY(teststation::RawDb(station.store().path()).exec(edit));
        QElapsedTimer clock;
        clock.start();
        const store::CheckResult check = station.store().check();
        qInfo("integrity check of the demo station: %lld ms", qint64(clock.elapsed()));
        QCOMPARE(check.ok, !tampered);
        ui::MainWindow w(station);
        QVERIFY(showOnSmallScreen(w));
        QTRY_VERIFY(w.isIntegrityChecked()); // on its own thread: the window answers meanwhile
        QCOMPARE(w.integrityBanner()->isVisible(), tampered);
        QVERIFY(wholeAndVisible(w.review()->table(), &w));
        if (!tampered)
            return;
        QVERIFY(wholeAndVisible(w.integrityBannerText(), &w));
        QVERIFY(w.size().width() <= 1024 && w.size().height() <= 768);
        QVERIFY(w.integrityBanner()->mapTo(&w, QPoint(0, 0)).y() <
                w.review()->mapTo(&w, QPoint(0, 0)).y());
        const QString shown = plain(w.integrityBannerText()->text());
        QVERIFY2(check.message.contains(QStringLiteral("decisions, ligne")),
                 qPrintable(check.message));
        for (const QString &part :
             {check.message, QStringLiteral("modifié hors de Plume"),
              QStringLiteral("ne pourra pas être scellé"), QStringLiteral("PV papier"),
              QStringLiteral("plumectl db check")})
            QVERIFY2(shown.contains(part), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("UPDATE")) &&
                     !shown.contains(QStringLiteral("SELECT")),
                 qPrintable(shown));
        save(&w, QStringLiteral("integrity-1024x768.png"));
        // Persistent: still there on another sheet and after a decision; nothing repaired.
        w.stepSheet(1);
        QVERIFY(w.integrityBanner()->isVisible());
        w.showSheet(QStringLiteral("pv"));
        typeValue(w, QStringLiteral("votants"), QStringLiteral("872"));
        QVERIFY(w.integrityBanner()->isVisible());
        QVERIFY(!station.store().check().ok);
        QCOMPARE(station.store()
                     .latestDecision(QStringLiteral("pv"), QStringLiteral("voix.morel"))
                     ->value,
                 QStringLiteral("785"));
    }

    void firstRunScreenshots()
    {
        ui::Station station;
        ui::FirstRunWizard wizard(station);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        wizard.electionEdit()->setText(
            QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"));
        QVERIFY(wizard.currentPage()->isComplete());
        save(&wizard, QStringLiteral("firstrun-election.png"));
        wizard.next();
        wizard.next();
        wizard.passphrase()->first()->setText(QStringLiteral("cheval agrafe"));
        wizard.passphrase()->second()->setText(QStringLiteral("cheval agrafe batterie"));
        QVERIFY(!wizard.currentPage()->isComplete());
        save(&wizard, QStringLiteral("firstrun-passphrase.png"));
        QVERIFY(wizard.frameGeometry().width() <= 1024 && wizard.frameGeometry().height() <= 768);
    }
};

// The offscreen platform with the screens of the issue (QT_QPA_PLATFORM from ctest is
// replaced: the configuration file describes two screens side by side).
int main(int argc, char **argv)
{
    QTemporaryFile config(QDir::tempPath() + QStringLiteral("/plume-screens-XXXXXX.json"));
    if (!config.open())
        return 1;
    config.write(R"({"screens":[
        {"name":"small","x":0,"y":0,"width":1024,"height":768,"logicalDpi":96,"dpr":1},
        {"name":"wide","x":1024,"y":0,"width":1280,"height":720,"logicalDpi":96,"dpr":1},
        {"name":"hidpi","x":2304,"y":0,"width":2048,"height":1536,"logicalDpi":192,"logicalBaseDpi":96,"dpr":1}]})");
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toLocal8Bit());
    QApplication app(argc, argv);
    ui::setLanguage(QStringLiteral("fr"));
    ui::installTranslators(app); // as plume does
    TestSmallScreen test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_smallscreen.moc"
