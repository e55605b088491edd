// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The window's lock (Ctrl+L, or after some minutes without keyboard or mouse input): no
// voter's data stays on screen, nothing can be decided or navigated, and only the station
// passphrase (Enter alone for the demo) brings back the same sheet, field and drafts. The
// pen's ink is still stored while locked, and does not keep the window unlocked.
#include "pen/session.h"
#include "pensim/pensimulator.h"
#include "ui/formview.h"
#include "ui/startup.h"
#include "ui/windowlock.h"
#include "uitest.h"

#include <QCloseEvent>
#include <QInputDialog>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>

using namespace plume;
using namespace plume::uitest;

namespace {

const QStringList kContactValues{QStringLiteral("DURANTEL"), QStringLiteral("JEANNETTE"),
                                 QStringLiteral("MONTREUIL")};

// A contact sheet with its values decided, shown in the window; its id.
QString showContact(ui::MainWindow &w, ui::Station &station)
{
    const QString id = station.store().newSheet(QStringLiteral("contact"));
    station.session().pageOfSheet(id);
    const QStringList fields{QStringLiteral("nom"), QStringLiteral("prenom"),
                             QStringLiteral("commune")};
    for (int i = 0; i < fields.size(); ++i)
        station.session().setValue(id, fields[i], kContactValues[i], kAssessor);
    w.showSheet(id);
    w.review()->selectField(QStringLiteral("nom"));
    return id;
}

// What a person can read in the window now: the visible labels, buttons, fields (not
// passwords), list and table items.
QStringList shownTexts(QWidget *root)
{
    QStringList out{root->windowTitle()};
    for (auto *l : root->findChildren<QLabel *>())
        if (l->isVisibleTo(root))
            out << plain(l->text()) << l->toolTip();
    for (auto *b : root->findChildren<QAbstractButton *>())
        if (b->isVisibleTo(root))
            out << b->text() << b->toolTip();
    for (auto *e : root->findChildren<QLineEdit *>())
        if (e->isVisibleTo(root) && e->echoMode() == QLineEdit::Normal)
            out << e->text();
    for (auto *list : root->findChildren<QListWidget *>())
        if (list->isVisibleTo(root))
            for (int i = 0; i < list->count(); ++i)
                out << list->item(i)->text();
    for (auto *t : root->findChildren<QTableWidget *>())
        if (t->isVisibleTo(root))
            for (int r = 0; r < t->rowCount(); ++r)
                for (int c = 0; c < t->columnCount(); ++c)
                    if (t->item(r, c))
                        out << t->item(r, c)->text() << t->item(r, c)->toolTip();
    return out;
}

void pressCtrlL(ui::MainWindow &w)
{
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &w, Qt::Key_L,
                    Qt::ControlModifier);
}

void enter(const QString &text)
{
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClicks(focus, text);
    QTest::keyClick(focus, Qt::Key_Return);
}

// A simulated pen locked by the PIN "1234", listening; connect the station with penSpec().
struct LockedPen
{
    std::unique_ptr<pensim::PenSimulator> sim;
    quint16 port = 0;

    LockedPen()
    {
        pensim::PenSimulator::Options o;
        o.strokes = *pensim::PenSimulator::loadInk(ui::Station::demoInkPath(), nullptr);
        o.pin = QStringLiteral("1234");
        o.quiet = true;
        sim = std::make_unique<pensim::PenSimulator>(o);
        port = sim->listen();
    }
    QString penSpec() const { return QStringLiteral("tcp:127.0.0.1:%1").arg(port); }
};

// Types pin in the next modal box, which must be the pen's PIN box with no wrong PIN sent
// yet, and accepts it.
void answerPinBox(const QString &pin, bool *answered)
{
    onNextModal([pin, answered](QWidget *modal) {
        auto *box = qobject_cast<QInputDialog *>(modal);
        QVERIFY(box);
        QCOMPARE(box->windowTitle(), QStringLiteral("Code du stylo"));
        QVERIFY(box->labelText().contains(QStringLiteral("Essais manqués : 0 sur")));
        box->setTextValue(pin);
        box->accept();
        *answered = true;
    });
}

QAction *actionWithShortcut(ui::MainWindow &w, const QKeySequence &key)
{
    for (QAction *a : w.findChildren<QAction *>())
        if (a->shortcuts().contains(key))
            return a;
    return nullptr;
}

ink::Stroke strokeOn(const ink::PageAddress &page)
{
    ink::Stroke stroke;
    stroke.page = page;
    stroke.penId = QStringLiteral("test");
    static qint64 written = 0; // each one a new stroke, even within one millisecond
    stroke.startMs = QDateTime::currentMSecsSinceEpoch() + written++;
    for (int i = 0; i < 10; ++i)
        stroke.dots.append({10.0 + i, 10.0, 100, stroke.startMs + i * 10});
    return stroke;
}

} // namespace

class TestWindowLock : public QObject
{
    Q_OBJECT
private slots:
    void ctrlLHidesContactDataAndDisablesActions()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const QString id = showContact(w, demo.station);
        QCOMPARE(wordsFound(shownTexts(&w), kContactValues).size(), kContactValues.size());
        const QKeySequence ctrlL(Qt::CTRL | Qt::Key_L);
        QCOMPARE(w.lockAction()->shortcut(), ctrlL);
        QCOMPARE(actionWithShortcut(w, ctrlL), w.lockAction()); // nothing else on Ctrl+L
        pressCtrlL(w);
        QVERIFY(w.windowLock()->isLocked());
        QVERIFY2(wordsFound(shownTexts(&w), kContactValues).isEmpty(),
                 qPrintable(wordsFound(shownTexts(&w), kContactValues).join(QLatin1Char('\n'))));
        QVERIFY(!w.formView()->isVisibleTo(&w));
        QVERIFY(!w.review()->isVisibleTo(&w));
        QVERIFY(!w.sheetList()->isVisibleTo(&w));
        QVERIFY(shownTexts(&w).join(QLatin1Char('\n')).contains(QStringLiteral("verrouillée")));
        for (const QKeySequence &key :
             {QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::CTRL | Qt::Key_PageUp),
              QKeySequence(QKeySequence::Undo), QKeySequence(Qt::CTRL | Qt::Key_K),
              QKeySequence(Qt::CTRL | Qt::Key_B), QKeySequence(Qt::CTRL | Qt::Key_N)}) {
            QAction *action = actionWithShortcut(w, key);
            QVERIFY2(action && !action->isEnabled(), qPrintable(key.toString()));
        }
        QVERIFY(!w.hqAction()->isEnabled());
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == QStringLiteral("&Quitter"))
                QVERIFY(!a->isEnabled());
        QVERIFY(!w.lockAction()->isEnabled());
        QVERIFY(!w.officialButton()->isEnabled());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(w.formView()->sheet(), id);
        QCloseEvent close; // the window's close button, Alt+F4
        QSpontaneKeyEvent::setSpontaneous(&close);
        qApp->notify(&w, &close);     // as QTest does: sendEvent would make it not spontaneous
        QVERIFY(!close.isAccepted()); // the pen records on: closing needs the passphrase first
    }

    void wrongPassphraseKeepsItLockedRightOneRestores()
    {
        ProtectedWindow p;
        ui::MainWindow &w = *p.window;
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const QString pv = QStringLiteral("pv"), votants = QStringLiteral("votants");
        addReading(p.station, pv, votants, QStringLiteral("877"), true);
        addReading(p.station, pv, QStringLiteral("inscrits"), QStringLiteral("1250"), false);
        w.review()->selectField(QStringLiteral("inscrits"));
        QTest::keyClicks(w.review()->table(), QStringLiteral("1251")); // typed, no Enter
        w.review()->selectField(votants);                              // the typing stays a draft
        QTest::keyClicks(w.review()->table(), QStringLiteral("87"));
        const auto drafts = w.review()->drafts(pv);
        QVERIFY(!drafts.isEmpty());
        const QString typing = w.review()->editor()->text();
        QWidget *focus = QApplication::focusWidget();
        pressCtrlL(w);
        QVERIFY(w.windowLock()->isLocked());
        QCOMPARE(QApplication::focusWidget(), w.windowLock()->passphraseEdit());
        enter(QString()); // Enter alone: nothing confirmed, still locked
        QVERIFY(w.windowLock()->isLocked());
        QCOMPARE(w.windowLock()->failures(), 0);
        QVERIFY(!p.station.store().latestDecision(pv, votants));
        enter(QStringLiteral("pas la bonne phrase"));
        QVERIFY(w.windowLock()->isLocked());
        QCOMPARE(w.windowLock()->failures(), 1);
        QVERIFY(w.windowLock()->passphraseEdit()->text().isEmpty());
        QVERIFY(w.windowLock()->problemLabel()->text().contains(QStringLiteral("incorrecte")));
        enter(teststation::kPassphrase);
        QVERIFY(!w.windowLock()->isLocked());
        QCOMPARE(w.formView()->sheet(), pv);
        QCOMPARE(w.review()->currentField(), votants);
        QCOMPARE(w.review()->drafts(pv), drafts);
        QCOMPARE(w.review()->editor()->text(), typing);
        QCOMPARE(QApplication::focusWidget(), focus);
        QVERIFY(w.closeAction()->isEnabled());
        QVERIFY(!p.station.store().latestDecision(pv, votants));
        QVERIFY(!p.station.store().latestDecision(pv, QStringLiteral("inscrits")));
    }

    // The passphrase's check takes a second; the unlock's Enter pressed twice waited and then
    // confirmed the value the unlock had just shown (a review of 2026-12-02). It now only says
    // what is shown; the next Enter confirms.
    void anEnterPressedDuringTheUnlockConfirmsNothing()
    {
        ProtectedWindow p;
        ui::MainWindow &w = *p.window;
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const QString pv = QStringLiteral("pv"), inscrits = QStringLiteral("inscrits");
        addReading(p.station, pv, inscrits, QStringLiteral("1250"), false);
        w.review()->selectField(inscrits);
        w.review()->table()->setFocus();
        QTest::qWait(ui::ReviewPanel::kRecentChangeMs + 100); // the reading is old news
        pressCtrlL(w);
        enter(teststation::kPassphrase);
        QVERIFY(!w.windowLock()->isLocked());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return); // the one that waited
        QVERIFY(!p.station.store().latestDecision(pv, inscrits));
        QVERIFY2(w.review()->problem()->text().contains(QStringLiteral("1250")),
                 qPrintable(w.review()->problem()->text()));
        QTest::qWait(200); // not a repeat
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(p.station.store().latestDecision(pv, inscrits)->value, QStringLiteral("1250"));
    }

    void failuresMakeTheNextTryWait()
    {
        ProtectedWindow p;
        ui::WindowLock *lock = p.window->windowLock();
        lock->lock();
        for (int i = 0; i < ui::PassphraseTries::kFreeFailures; ++i) {
            QVERIFY(!lock->isWaitingAfterFailures());
            lock->passphraseEdit()->setText(QStringLiteral("mauvaise"));
            lock->tryUnlock();
        }
        QVERIFY(lock->isWaitingAfterFailures());
        QVERIFY(!lock->passphraseEdit()->isEnabled());
        lock->passphraseEdit()->setText(teststation::kPassphrase);
        lock->tryUnlock(); // not even tried while it waits
        QVERIFY(lock->isLocked());
        QVERIFY(lock->problemLabel()->text().contains(QStringLiteral("Nouvel essai")));
    }

    void demoUnlocksWithEnterAlone()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(!w.windowLock()->needsPassphrase());
        w.lockAction()->trigger();
        QVERIFY(shownTexts(&w).join(QLatin1Char('\n')).contains(QStringLiteral("Entrée suffit")));
        enter(QString());
        QVERIFY(!w.windowLock()->isLocked());
        QVERIFY(w.lockAction()->isEnabled());
        QVERIFY(w.review()->isVisibleTo(&w));
    }

    // A voter at a locked laptop must not type wrong PINs until the pen blocks for the day:
    // the pen's PIN box waits for the unlock.
    void penPinWaitsForTheUnlock()
    {
        ProtectedWindow p;
        LockedPen pen;
        QVERIFY(pen.port);
        p.window->windowLock()->lock();
        p.station.connectPen(pen.penSpec());
        QTRY_COMPARE(p.station.pen()->state(), pen::PenSession::State::NeedPin);
        QTest::qWait(300);
        QVERIFY(!QApplication::activeModalWidget());
        // The unlock's Enter pressed twice lands in the PIN box: an empty PIN spends no try,
        // the box asks again (still no wrong PIN), and the right one goes to the pen.
        bool empty = false, answered = false;
        onNextModal([&](QWidget *modal) {
            auto *box = qobject_cast<QInputDialog *>(modal);
            QVERIFY(box);
            box->setTextValue(QString());
            empty = true;
            answerPinBox(QStringLiteral("1234"), &answered); // the box that comes next
            box->accept();
        });
        enter(teststation::kPassphrase);
        QVERIFY(empty);
        QVERIFY(answered);
        QTRY_VERIFY(p.station.pen()->state() != pen::PenSession::State::NeedPin);
    }

    // The lock closes an open PIN box (nothing is sent to the pen); it comes back at unlock.
    void lockClosesThePinBoxAndUnlockBringsItBack()
    {
        ProtectedWindow p;
        QVERIFY(QTest::qWaitForWindowActive(p.window.get()));
        LockedPen pen;
        bool closed = false;
        onNextModal([&](QWidget *modal) {
            QVERIFY(qobject_cast<QInputDialog *>(modal));
            p.window->windowLock()->lock();
            closed = !modal->isVisible();
        });
        p.station.connectPen(pen.penSpec());
        QTRY_VERIFY(closed);
        QVERIFY(p.window->windowLock()->isLocked());
        QTRY_COMPARE(QApplication::focusWidget(), p.window->windowLock()->passphraseEdit());
        QTest::qWait(300);
        QVERIFY(!QApplication::activeModalWidget());
        QCOMPARE(p.station.pen()->state(), pen::PenSession::State::NeedPin);
        bool answered = false;
        answerPinBox(QStringLiteral("1234"), &answered);
        enter(teststation::kPassphrase);
        QVERIFY(answered);
        QTRY_VERIFY(p.station.pen()->state() != pen::PenSession::State::NeedPin);
    }

    void locksAfterInactivityUnlessThereIsInput()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        ui::WindowLock *lock = w.windowLock();
        QCOMPARE(lock->idleInterval(), ui::WindowLock::kDefaultIdleMinutes * 60 * 1000);
        lock->setIdleInterval(1000);
        for (int i = 0; i < 12; ++i) { // 2.4 s of input, a move every 0.2 s
            QTest::mouseMove(w.review()->table(), QPoint(20 + i, 20));
            QTest::qWait(200);
        }
        QVERIFY(!lock->isLocked());
        QTRY_VERIFY_WITH_TIMEOUT(lock->isLocked(), 5000);
        lock->setIdleMinutes(0); // never
        enter(QString());
        QVERIFY(!lock->isLocked());
        QVERIFY(!lock->isIdleTimerActive());
    }

    void penInkIsStoredWhileLockedAndDoesNotKeepItUnlocked()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        const QString contact = demo.station.store().newSheet(QStringLiteral("contact"));
        const auto page = demo.station.session().pageOfSheet(contact);
        w.showSheet(QStringLiteral("pv"));
        w.windowLock()->setIdleInterval(600);
        w.lockAction()->trigger();
        w.windowLock()->setIdleInterval(600);
        QVERIFY(!w.windowLock()->isIdleTimerActive()); // locked: nothing to count
        for (int i = 0; i < 5; ++i)
            demo.station.session().addStroke(strokeOn(page));
        demo.station.session().flush();
        QTRY_COMPARE(demo.station.store().strokes(contact).size(), 5);
        QCOMPARE(w.formView()->sheet(), QStringLiteral("pv")); // the view stays where it was
        enter(QString());
        QVERIFY(!w.windowLock()->isLocked());
        for (int i = 0; i < 10; ++i) { // the pen alone: a voter may hold it
            demo.station.session().addStroke(strokeOn(page));
            QTest::qWait(100);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.windowLock()->isLocked(), 5000);
    }

    void lockClosesOpenDialogs()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        bool shown = false;
        onNextModal([&](QWidget *) {
            shown = true;
            w.windowLock()->lock();
        });
        w.showKeyboardHelp(); // returns once the lock has closed it
        QVERIFY(shown);
        QVERIFY(w.windowLock()->isLocked());
        QVERIFY(!QApplication::activeModalWidget());
    }

    void commandLineSetsTheDelay()
    {
        const QString plume = QStringLiteral("plume");
        QCOMPARE(ui::parseArguments({plume}).lockMinutes, -1); // the setting, else 5
        QCOMPARE(ui::parseArguments({plume, QStringLiteral("--lock-after"), QStringLiteral("0")})
                     .lockMinutes,
                 0);
        QCOMPARE(ui::parseArguments({plume, QStringLiteral("--lock-after=12")}).lockMinutes, 12);
    }

    // PLUME_LOCK_SCREENSHOT=FILE.png: the lock screen as a 1024x768 screen shows it (the demo's;
    // FILE-wrong.png: a protected station's after a wrong passphrase).
    void screenshot()
    {
        const QString path = qEnvironmentVariable("PLUME_LOCK_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("PLUME_LOCK_SCREENSHOT not set");
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        showContact(w, demo.station);
        w.resize(1024, 768);
        w.lockAction()->trigger();
        QTest::qWait(200);
        QVERIFY(w.grab().save(path));
        ProtectedWindow p; // and a wrong passphrase, as an official would see it
        p.window->resize(1024, 768);
        p.window->lockAction()->trigger();
        p.window->windowLock()->passphraseEdit()->setText(QStringLiteral("mauvaise"));
        p.window->windowLock()->tryUnlock();
        QTest::qWait(200);
        QVERIFY(p.window->grab().save(
            QString(path).replace(QStringLiteral(".png"), QStringLiteral("-wrong.png"))));
    }
};

QTEST_MAIN(TestWindowLock)
#include "tst_windowlock.moc"
