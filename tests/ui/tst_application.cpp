// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The window's last guard: a station file failing under a slot ends Plume with a message and
// exit status 1 (a review: the file truncated while the window was open aborted Plume,
// "terminate called after throwing an instance of 'plume::store::StoreError'", exit 134).
#include "store/store.h"
#include "ui/application.h"
#include "ui/station.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>
#include <QtTest>

#include <cstdio>
#include <stdexcept>

using namespace plume;

class TestApplication : public QObject
{
    Q_OBJECT
private slots:
    void aStoreErrorUnderASlotEndsWithAMessage();
    void laterFailuresAddNothing();
    void aStationFileRenamedOverStopsPlume();
};

void TestApplication::aStoreErrorUnderASlotEndsWithAMessage()
{
    auto *app = static_cast<ui::Application *>(qApp);
    QObject receiver;
    QTimer::singleShot(0, &receiver, [] {
        throw store::StoreError(QStringLiteral("La fiche du bureau manque dans le fichier."));
    });
    QTimer::singleShot(10000, &receiver, [] { QCoreApplication::exit(2); }); // no guard: 2
    QCOMPARE(QCoreApplication::exec(), 1);
    QVERIFY2(app->fatalMessage().contains(
                 QStringLiteral("ne peut plus être lu ou écrit.\nLa fiche du bureau manque "
                                "dans le fichier.\n")),
             qPrintable(app->fatalMessage()));
    QVERIFY(app->fatalMessage().contains(QStringLiteral("plumectl db check")));
}

// The first failure is the one said; the loop, run again, is not ended by an old one.
void TestApplication::laterFailuresAddNothing()
{
    auto *app = static_cast<ui::Application *>(qApp);
    const QString first = app->fatalMessage();
    QVERIFY(!first.isEmpty());
    QObject receiver;
    QTimer::singleShot(0, &receiver, [] { throw std::runtime_error("second"); });
    QTimer::singleShot(200, &receiver, [] { QCoreApplication::exit(3); });
    QCOMPARE(QCoreApplication::exec(), 3);
    QCOMPARE(app->fatalMessage(), first);
}

// Another file renamed over the open station file: said within seconds, even while nobody
// writes, with the rescue copy of what the window had (a review: decisions went on into a
// file no longer on disk, and quitting said nothing).
void TestApplication::aStationFileRenamedOverStopsPlume()
{
    auto *app = static_cast<ui::Application *>(qApp);
    app->forgetFatal();
    ui::Station station;
    station.createDemo();
    const QString path = station.store().path();
    {
        QFile other(path + QStringLiteral(".other"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("not the station file");
    }
    QVERIFY(::rename(QFile::encodeName(path + QStringLiteral(".other")).constData(),
                     QFile::encodeName(path).constData()) == 0);
    QObject guard;
    QTimer::singleShot(15000, &guard, [] { QCoreApplication::exit(2); });
    QCOMPARE(QCoreApplication::exec(), 1);
    QVERIFY2(app->fatalMessage().contains(QStringLiteral("a été remplacé par un autre fichier")),
             qPrintable(app->fatalMessage()));
    const auto m = QRegularExpression(QStringLiteral("sauvé dans (\\S+\\.secours-[0-9-]+\\.plume)"))
                       .match(app->fatalMessage());
    QVERIFY2(m.hasMatch(), qPrintable(app->fatalMessage()));
    QVERIFY(QFileInfo::exists(m.captured(1)));
}

int main(int argc, char **argv)
{
    ui::Application app(argc, argv);
    app.setQuietFatal(true);
    TestApplication test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_application.moc"
