// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Replays the committed fuzz corpus (tests/fuzz/corpus) through the fuzz target's body.
#include "fuzz_pen.h"

#include <QDir>
#include <QtTest>

class TestFuzzCorpus : public QObject
{
    Q_OBJECT
private slots:
    void replayCorpus()
    {
        QDir dir(QStringLiteral(PLUME_SOURCE_DIR "/tests/fuzz/corpus"));
        const QStringList files = dir.entryList(QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray data = f.readAll();
            plume::pen::fuzzPenInput(reinterpret_cast<const std::uint8_t *>(data.constData()),
                                     std::size_t(data.size()));
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
