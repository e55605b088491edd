// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
//
// Resource lookup (app/datadir): the installed layout <exe>/../share/plume wins over the
// source tree, which only a developer build knows.
#include "datadir/datadir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace plume;

class TestDataDir : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void sourceTreeOnlyInDeveloperBuild();
    void installedLayoutWins();
    void missingIsEmpty();

private:
    // <exe dir>/../share/plume, as a package installs it (next to this test binary).
    QString m_installed;
};

void TestDataDir::init()
{
    m_installed =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/plume"));
    QVERIFY2(!QDir(m_installed).exists(), "left over from an earlier run");
}

void TestDataDir::cleanup()
{
    QDir(QFileInfo(m_installed).absolutePath()).removeRecursively();
}

void TestDataDir::sourceTreeOnlyInDeveloperBuild()
{
    const QStringList dirs = datadir::searchDirs();
    QCOMPARE(dirs.value(0), m_installed);
    const QString demo = datadir::demoElection();
    if (PLUME_DEVELOPER_BUILD_ON) {
        QCOMPARE(dirs.size(), 2);
        QCOMPARE(demo, QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"));
        QCOMPARE(datadir::locate(QStringLiteral("forms")),
                 QStringLiteral(PLUME_SOURCE_DIR "/resources/forms"));
    } else {
        QCOMPARE(dirs.size(), 1);
        QVERIFY(demo.isEmpty());
    }
}

void TestDataDir::installedLayoutWins()
{
    QVERIFY(QDir().mkpath(m_installed + QStringLiteral("/elections")));
    QFile f(m_installed + QStringLiteral("/elections/demo.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{}");
    f.close();
    QCOMPARE(datadir::demoElection(), m_installed + QStringLiteral("/elections/demo.json"));
    QCOMPARE(datadir::locate(QStringLiteral("elections/../elections/demo.json")),
             m_installed + QStringLiteral("/elections/demo.json"));
    // What the installed tree lacks still comes from the next place (developer build).
    const QString forms = datadir::locate(QStringLiteral("forms/pv.json"));
    QVERIFY(!forms.startsWith(m_installed));
}

void TestDataDir::missingIsEmpty()
{
    QVERIFY(datadir::locate(QStringLiteral("no/such/resource.json")).isEmpty());
}

QTEST_GUILESS_MAIN(TestDataDir)
#include "tst_datadir.moc"
