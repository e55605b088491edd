// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Child of tst_storecrash: writes strokes (through the background StrokeWriter) and
// decisions in a loop, printing each write once it is committed, until it is killed.
#include "store/store.h"
#include "store/strokewriter.h"
#include "teststation.h"

#include <QCoreApplication>

#include <cstdio>

using namespace plume;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_crash_child DB RUN\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const QString run = QString::fromLocal8Bit(argv[2]);
    auto store = store::Store::open(path);
    store->unlock(teststation::kPassphrase); // every audited write needs the passphrase
    std::printf("R\n");
    std::fflush(stdout);
    store::StrokeWriter writer(path);
    for (int i = 0;; ++i) {
        ink::Stroke s;
        s.page = ink::PageAddress{3, 27, 603, 1};
        s.penId = QStringLiteral("r%1-s%2").arg(run).arg(i);
        s.startMs = 1733567400000 + i;
        for (int k = 0; k < 40; ++k)
            s.dots.append(ink::Dot{double(k), double(i % 100), 300.0f, s.startMs + k * 10});
        writer.enqueue(s, store::kPvSheetId);
        if (i % 4 == 0) {
            store::Decision d;
            d.sheetId = store::kPvSheetId;
            d.field = QStringLiteral("votants");
            d.value = QStringLiteral("r%1-d%2").arg(run).arg(i);
            d.official = QStringLiteral("crash-test");
            d.source = store::DecisionSource::Typed;
            store->decide(d);
            std::printf("D %s\n", qPrintable(d.value));
            std::fflush(stdout);
        }
        if (!writer.flush(10000))
            return 1;
        std::printf("S %s\n", qPrintable(s.penId));
        std::fflush(stdout);
    }
}
