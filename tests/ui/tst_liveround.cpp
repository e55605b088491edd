// A whole round, offscreen: the simulated pen writes the demo session -> the fields are
// decoded and shown -> a doubtful or wrong field is corrected with the keyboard -> every
// PV field is confirmed with Enter -> the PV is consistent -> decisions and audit rows
// are in the store.
#include "forms/pvcheck.h"
#include "pensim/pensimulator.h"
#include "store/store.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableWidget>
#include <QtTest>

using namespace plume;

static const QHash<QString, QString> kTruth = {
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
    {QStringLiteral("voix.morel"), QStringLiteral("113")},
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

        // Review with the keyboard only: for each field, Enter if the reading is right,
        // else type the right value then Enter.
        auto *table = w.review()->table();
        table->setFocus();
        for (int guard = 0; guard < 40; ++guard) {
            QString field;
            for (const auto &s : station.session().statuses(QStringLiteral("pv")))
                if (!s.decision) {
                    field = s.field;
                    break;
                }
            if (field.isEmpty())
                break;
            w.review()->selectField(field);
            const auto reading = station.store().latestReading(QStringLiteral("pv"), field);
            if (reading && reading->value == kTruth.value(field)) {
                QTest::keyClick(table, Qt::Key_Return);
            } else {
                QTest::keyClicks(table, kTruth.value(field));
                QCOMPARE(w.review()->editor()->text(), kTruth.value(field));
                QTest::keyClick(w.review()->editor(), Qt::Key_Return);
            }
            QVERIFY2(station.store().latestDecision(QStringLiteral("pv"), field),
                     qPrintable(field));
        }

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
    }
};

QTEST_MAIN(TestLiveRound)
#include "tst_liveround.moc"
