// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Replays the committed headquarters fuzz corpus (tests/fuzz/corpus_hq) through the fuzz
// target's body: the submission parser and the payload validators.
#include "fuzz_hq.h"

#include <QDir>
#include <QtTest>

class TestFuzzHq : public QObject
{
    Q_OBJECT
private slots:
    void replayCorpus()
    {
        QDir dir(QStringLiteral(PLUME_SOURCE_DIR "/tests/fuzz/corpus_hq"));
        const QStringList files = dir.entryList(QDir::Files);
        QVERIFY(files.size() >= 5);
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray data = f.readAll();
            plume::hq::fuzzHqInput(reinterpret_cast<const std::uint8_t *>(data.constData()),
                                   std::size_t(data.size()));
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzHq)
#include "tst_fuzzhq.moc"
