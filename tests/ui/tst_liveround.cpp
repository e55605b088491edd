// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A whole round, offscreen: the simulated pen writes the demo session -> the fields are
// decoded and shown -> a doubtful or wrong field is corrected with the keyboard -> every
// PV field is confirmed with Enter (a doubtful one: Enter, then Ctrl+Enter) -> the PV is consistent
// -> decisions and audit rows are in the store -> Ctrl+K, two officials ticked, the summary, the
// seal: keyboard only, every key counted (the README's "keys from just written to sealed").
#include "forms/pvcheck.h"
#include "pensim/pensimulator.h"
#include "store/store.h"
#include "sync/seal.h"
#include "ui/closingdialog.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"
#include "uitest.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScopeGuard>
#include <QTableWidget>
#include <QtTest>

using namespace plume;

static const QHash<QString, QString> kTruth = teststation::demoPv(); // what was written

// Every key the official presses, counted.
struct Keyboard
{
    int keys = 0;
    void press(QWidget *w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QVERIFY(w);
        QTest::keyClick(w, key, mods);
        ++keys;
    }
    void type(QWidget *w, const QString &text)
    {
        QTest::keyClicks(w, text);
        keys += int(text.size());
    }
};

class TestLiveRound : public QObject
{
    Q_OBJECT
private slots:
    void wholeRound()
    {
        ui::Station station;
        station.createDemo();
        QVERIFY2(station.recogniserLoaded(), qPrintable(station.recogniserError()));
        station.session().setRecognitionDelayMs(200);
        ui::MainWindow w(station);
        const QString official = QStringLiteral("Marie LEROY (présidente)");
        w.setOfficial(official);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QString error;
        QVERIFY2(station.startDemoPen(&error), qPrintable(error));

        // The pen writes the PV and three contact sheets; every stroke is stored.
        QString why;
        const auto demoInk = pensim::PenSimulator::loadInk(ui::Station::demoInkPath(), &why);
        QVERIFY2(demoInk, qPrintable(why));
        const int expectedStrokes = int(demoInk->size());
        QVERIFY(expectedStrokes > 100);
        QTRY_VERIFY_WITH_TIMEOUT(station.writer().committedSeq() >= quint64(expectedStrokes),
                                 180000);
        QCOMPARE(station.writer().committedSeq(), quint64(expectedStrokes)); // each exactly once
        station.session().flush();
        QTRY_COMPARE_WITH_TIMEOUT(station.store().sheets().size(), 4, 10000);

        // Every PV field was decoded; none counts until confirmed.
        w.showSheet(QStringLiteral("pv"));
        const auto before = station.session().statuses(QStringLiteral("pv"));
        int wrong = 0, flagged = 0, wrongUnflagged = 0;
        for (const auto &s : before) {
            QVERIFY2(s.reading, qPrintable(s.field));
            QVERIFY(!s.decision);
            const bool isWrong = s.reading->value != kTruth.value(s.field);
            wrong += isWrong;
            flagged += s.reading->flagged;
            wrongUnflagged += isWrong && !s.reading->flagged;
        }
        qInfo("PV: %d fields, %d read wrong, %d flagged, %d wrong but not flagged",
              int(before.size()), wrong, flagged, wrongUnflagged);
        QVERIFY(flagged >= 1); // the demo has deliberately hard characters

        // Review with the keyboard only, following the cursor: Enter if the reading is
        // right (when it is doubtful: Enter shows the ink, Ctrl+Enter keeps it), else type the
        // right value then Enter.
        auto *table = w.review()->table();
        table->setFocus();
        Keyboard keyboard;
        int retyped = 0;
        for (int guard = 0; guard < 40; ++guard) {
            const QString field = w.review()->currentField();
            if (station.store().latestDecision(QStringLiteral("pv"), field))
                break; // the cursor came back to a decided field: all done
            const auto reading = station.store().latestReading(QStringLiteral("pv"), field);
            if (reading && reading->value == kTruth.value(field)) {
                keyboard.press(table, Qt::Key_Return);
                if (reading->flagged) {
                    QVERIFY(!station.store().latestDecision(QStringLiteral("pv"), field));
                    QTest::qWait(900); // a look at the enlarged ink (ReviewPanel::kLookMs)
                    keyboard.press(table, Qt::Key_Return, Qt::ControlModifier);
                }
            } else {
                ++retyped;
                keyboard.type(table, kTruth.value(field));
                QCOMPARE(w.review()->editor()->text(), kTruth.value(field));
                keyboard.press(w.review()->editor(), Qt::Key_Return);
            }
            QVERIFY2(station.store().latestDecision(QStringLiteral("pv"), field),
                     qPrintable(field));
        }
        for (const auto &s : station.session().statuses(QStringLiteral("pv")))
            QVERIFY2(s.decision, qPrintable(s.field));
        const int reviewKeys = keyboard.keys;

        // All decided, consistent, audited.
        const auto values = station.session().pvValues(true);
        for (auto it = kTruth.begin(); it != kTruth.end(); ++it)
            QCOMPARE(values.value(it.key()), it.value());
        const auto failures = forms::checkPv(values, station.store().election());
        QVERIFY2(failures.isEmpty(),
                 failures.isEmpty() ? "" : qPrintable(failures.first().explanation));
        QVERIFY(w.review()->pvStatus()->text().contains(QStringLiteral("cohérent")));
        int decisionRows = 0, corrected = 0;
        for (const auto &e : station.store().auditLog()) {
            if (e.action.startsWith(QLatin1String("decision."))) {
                ++decisionRows;
                QCOMPARE(e.actor, official);
                corrected += e.action == QLatin1String("decision.corrected");
            }
        }
        QCOMPARE(decisionRows, int(kTruth.size()));
        QCOMPARE(corrected, wrong);
        QVERIFY(station.store().check().ok);

        // Ctrl+K, then the closing screen with the keyboard: two officials, the summary,
        // the seal (Enter never seals: Space on the buttons).
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        bool sealed = false;
        uitest::onNextModal([&](QWidget *modal) {
            auto *d = qobject_cast<ui::ClosingDialog *>(modal);
            const auto close = qScopeGuard([modal] { modal->close(); }); // even on failure
            QVERIFY(d);
            auto focus = [d] { return d->focusWidget(); };
            QTRY_COMPARE(focus(), static_cast<QWidget *>(d->officialsList()));
            keyboard.press(focus(), Qt::Key_Down);
            keyboard.press(focus(), Qt::Key_Space);
            keyboard.press(focus(), Qt::Key_Down);
            keyboard.press(focus(), Qt::Key_Space);
            keyboard.press(focus(), Qt::Key_Tab); // the remarks (optional here)
            keyboard.press(focus(), Qt::Key_Tab); // "Continuer vers le résumé…"
            QCOMPARE(focus(), static_cast<QWidget *>(d->continueButton()));
            keyboard.press(focus(), Qt::Key_Space);
            QCOMPARE(focus(), static_cast<QWidget *>(d->backButton()));
            keyboard.press(focus(), Qt::Key_Tab);
            QCOMPARE(focus(), static_cast<QWidget *>(d->sealButton()));
            keyboard.press(focus(), Qt::Key_Space);
            sealed = d->isSealed();
        });
        keyboard.press(table, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(sealed);
        QVERIFY(station.store().sheet(QStringLiteral("pv"))->state == store::SheetState::Sealed);
        QCOMPARE(sync::sealedPvVersions(station.store()).size(), 1);
        qInfo("keys from just written to sealed: %d (%d to review the %d PV fields, %d retyped; "
              "%d to seal)",
              keyboard.keys, reviewKeys, int(kTruth.size()), retyped, keyboard.keys - reviewKeys);
    }
};

QTEST_MAIN(TestLiveRound)
#include "tst_liveround.moc"
