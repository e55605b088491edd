// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Ink primitives: page addresses, dot blobs, InkML read/write.
#include "ink/inkml.h"
#include "ink/stroke.h"

#include <QDir>
#include <QRandomGenerator>
#include <QtTest>

#include <sys/stat.h>
#include <thread>

using namespace plume::ink;

class TestInk : public QObject
{
    Q_OBJECT
private slots:
    void pageAddress()
    {
        const auto p = PageAddress::parse(QStringLiteral("3.27.603.1"));
        QVERIFY(p);
        QCOMPARE(p->section, 3);
        QCOMPARE(p->owner, 27);
        QCOMPARE(p->note, 603);
        QCOMPARE(p->page, 1);
        QCOMPARE(p->toString(), QStringLiteral("3.27.603.1"));
        QVERIFY(!PageAddress::parse(QStringLiteral("3.27.603")));
        QVERIFY(!PageAddress::parse(QStringLiteral("3.27.x.1")));
        QVERIFY(!PageAddress::parse(QStringLiteral("256.1.1.1")));
        QVERIFY(!PageAddress::parse(QStringLiteral("-1.1.1.1")));
        QVERIFY(!PageAddress{}.isValid());
    }

    void blobRoundTrip()
    {
        QVector<Dot> dots;
        for (int i = 0; i < 100; ++i)
            dots.append(Dot{100.25 + i * 0.37, 50.5 - i * 0.11, float(i * 7), 1000 + i * 13});
        const QByteArray blob = encodeDots(dots, 1000);
        QCOMPARE(blob.size(), 5 + 100 * 14);
        const auto back = decodeDots(blob, 1000);
        QVERIFY(back);
        QCOMPARE(back->size(), dots.size());
        for (int i = 0; i < dots.size(); ++i) {
            QVERIFY(qAbs((*back)[i].x - dots[i].x) < 1e-4);
            QVERIFY(qAbs((*back)[i].y - dots[i].y) < 1e-4);
            QCOMPARE((*back)[i].t, dots[i].t);
            QCOMPARE((*back)[i].force, dots[i].force);
        }
    }

    void corruptBlobsAreRejected()
    {
        QVector<Dot> dots{{1, 2, 3, 4}, {5, 6, 7, 8}};
        const QByteArray blob = encodeDots(dots, 0);
        QVERIFY(!decodeDots(QByteArray(), 0));
        QVERIFY(!decodeDots(blob.left(blob.size() - 1), 0));
        QByteArray wrongVersion = blob;
        wrongVersion[0] = 9;
        QVERIFY(!decodeDots(wrongVersion, 0));
        QByteArray wrongCount = blob;
        wrongCount[1] = 3;
        QVERIFY(!decodeDots(wrongCount, 0));
        auto *rng = QRandomGenerator::global();
        for (int i = 0; i < 2000; ++i) { // random garbage never crashes
            QByteArray junk(int(rng->bounded(64)), Qt::Uninitialized);
            for (char &c : junk)
                c = char(rng->bounded(256));
            decodeDots(junk, 0);
        }
    }

    void readTrainingFormat()
    {
        const QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<ink xmlns=\"http://www.w3.org/2003/InkML\">\n"
                               "  <annotation type=\"writer\">w1</annotation>\n"
                               "  <traceGroup>\n"
                               "    <annotation type=\"truth\">&amp;</annotation>\n"
                               "    <trace>165 -430, 164 -429, 164 -427</trace>\n"
                               "    <trace>1 2, 3 4</trace>\n"
                               "  </traceGroup>\n"
                               "  <traceGroup><annotation type=\"truth\">7</annotation><trace>0 0, "
                               "10 10</trace></traceGroup>\n"
                               "</ink>\n";
        const auto r = readInkMLData(xml);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.document.annotations.value(QStringLiteral("writer")), QStringLiteral("w1"));
        QCOMPARE(r.document.groups.size(), 2);
        QCOMPARE(r.document.groups[0].annotations.value(QStringLiteral("truth")),
                 QStringLiteral("&"));
        QCOMPARE(r.document.groups[0].strokes.size(), 2);
        QCOMPARE(r.document.groups[0].strokes[0].dots.size(), 3);
        QCOMPARE(r.document.groups[0].strokes[0].dots[1].y, -429.0);
    }

    void captureRoundTrip()
    {
        Stroke a;
        a.page = PageAddress{3, 27, 603, 1};
        a.startMs = 1733567400000;
        a.dots = {{125.25, 192.5, 449, 1733567400000}, {125.37, 193.01, 450, 1733567400012}};
        Stroke b = a;
        b.page = PageAddress{3, 27, 603, 2};
        const QByteArray xml = writeCaptureInkML({a, b, a});
        QVERIFY(xml.contains("<annotation type=\"pageAddress\">3.27.603.1</annotation>"));
        QVERIFY(xml.contains("125.25 192.50 1733567400000 449"));
        const auto r = readInkMLData(xml);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.document.groups.size(), 2); // one traceGroup per page
        QCOMPARE(r.document.groups[0].strokes.size(), 2);
        QCOMPARE(r.document.groups[0].strokes[0].page, a.page);
        QCOMPARE(r.document.groups[0].strokes[0].dots[1].t, qint64(1733567400012));
        QCOMPARE(r.document.groups[0].strokes[0].dots[1].force, 450.0f);
    }

    void malformedInkML()
    {
        QVERIFY(!readInkMLData("<ink><trace>1 2, x y</trace></ink>").ok);
        QVERIFY(!readInkMLData("<ink><trace>1 2, 3</trace></ink>").ok);
        const auto r = readInkMLData("<ink><traceGroup>");
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("ligne 1 : ")), qPrintable(r.error));
    }

    // Trace values are read by a fast path for plain decimals and by QString's reader for
    // the rest: every value reads as QString::toDouble reads it, and what it refuses (or
    // finds infinite) is refused.
    void traceValuesReadAsQStringDoes_data()
    {
        QTest::addColumn<QString>("value");
        const char *values[] = {"12.5", "-3",    "1763829000000", "0",      "-0",     ".5",
                                "-.25", "5.",    "1e3",           "1E-3",   "2.5e+2", "+7",
                                "007",  "1e999", "-1e999",        "1e-400", "nan",    "inf",
                                "-inf", "0x10",  "1-2",           "--1",    "-",      ".",
                                "e5",   "1e",    "1.2.3",         "١٢",     "12\t",   "1_0"};
        for (const char *v : values)
            QTest::newRow(v) << QString::fromUtf8(v);
        QTest::newRow("long") << QStringLiteral("3.14159265358979323846264338327950288");
    }

    void traceValuesReadAsQStringDoes()
    {
        QFETCH(QString, value);
        bool ok = false;
        const double expected = value.toDouble(&ok);
        const auto r = readInkMLData(QStringLiteral("<ink><trace>%1 4, 1 %1</trace></ink>")
                                         .arg(value.toHtmlEscaped())
                                         .toUtf8());
        QCOMPARE(r.ok, ok && std::isfinite(expected));
        if (!r.ok) {
            QVERIFY2(r.error.contains(QStringLiteral("pas un nombre")), qPrintable(r.error));
            return;
        }
        const QVector<Dot> &dots = r.document.looseStrokes.at(0).dots;
        QCOMPARE(dots.size(), 2);
        QCOMPARE(dots[0].x, expected); // exactly: both readers round correctly
        QCOMPARE(dots[1].y, expected);
    }

    // Points are split on commas (empty ones skipped) and values on spaces once a point is
    // trimmed; a point of spaces only has no values.
    void traceSplitting()
    {
        const auto r = readInkMLData("<ink><trace>\n 1 2,,3   4 ,\n5 6\n</trace></ink>");
        QVERIFY2(r.ok, qPrintable(r.error));
        const QVector<Dot> &dots = r.document.looseStrokes.at(0).dots;
        QCOMPARE(dots.size(), 3);
        QCOMPARE(dots[1].x, 3.0);
        QCOMPARE(dots[2].y, 6.0);
        QVERIFY(!readInkMLData("<ink><trace>1 2, </trace></ink>").ok);
        QVERIFY(!readInkMLData("<ink><trace>1\t2</trace></ink>").ok);
    }

    // A file over the limit is refused before it is read (a sparse file: no disk used).
    void oversizedInkMLIsRefusedUnread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.inkml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray ink("<ink><trace>1 2, 3 4</trace></ink>");
        QVERIFY(f.write(ink) == ink.size());
        QVERIFY(f.resize(kMaxInkMLBytes + 1));
        f.close();
        const auto r = readInkML(path);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("trop grand")), qPrintable(r.error));
        QVERIFY(f.resize(ink.size()));
        QVERIFY2(readInkML(path).ok, "the same file under the limit is read");
    }

    // A device or a pipe has no size to check: read bounded (/dev/zero was read until memory
    // ran out); ink under the limit through a pipe is read as from a file.
    void deviceOrPipeIsReadBounded()
    {
        const auto zero = readInkML(QStringLiteral("/dev/zero"));
        QVERIFY(!zero.ok);
        QVERIFY2(zero.error.contains(QStringLiteral("plus de 64 Mio")), qPrintable(zero.error));
        QVERIFY(!readInkML(QDir::tempPath()).ok); // a folder
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("ink.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        std::thread writer([&fifo] {
            QFile w(fifo);
            if (w.open(QIODevice::WriteOnly))
                w.write("<ink><trace>1 2, 3 4</trace></ink>");
        });
        const auto piped = readInkML(fifo);
        writer.join();
        QVERIFY2(piped.ok, qPrintable(piped.error));
        QCOMPARE(piped.document.looseStrokes.size(), 1);
    }

    // What a file of legal size holds is bounded before Qt's reader pays for it: unclosed
    // markup 1,000 deep (63 MiB of it grew the reader to 3.9 GB), a start tag of 20,000
    // attributes (100,000 took 22 s), a trace of too many points. Each is refused with its
    // line; the same file within the limits reads.
    void hostileMarkupIsRefusedWithItsLine_data()
    {
        QTest::addColumn<QByteArray>("ink");
        QTest::addColumn<QString>("said");
        QByteArray deep = "<ink>\n";
        for (int i = 0; i < 1000; ++i)
            deep += "<traceGroup>";
        QTest::newRow("deep") << deep << QStringLiteral("ligne 2 : éléments imbriqués");
        // End tags inside processing instructions, or before any start, once drove the
        // depth count down: 1000 levels then read (a 10-million-level file took 1.9 GB).
        QByteArray hidden = "<ink>\n";
        for (int i = 0; i < 1000; ++i)
            hidden += "<?p </></>?><traceGroup>";
        QTest::newRow("ends in processing instructions")
            << hidden << QStringLiteral("ligne 2 : éléments imbriqués");
        QByteArray early = "<ink>\n" + QByteArray("</x>").repeated(100);
        QTest::newRow("ends before starts") << early + QByteArray("<traceGroup>").repeated(100)
                                            << QStringLiteral("ligne 2 : éléments imbriqués");
        QByteArray attrs = "<ink>\n<traceGroup";
        for (int i = 0; i < 20000; ++i)
            attrs += " a" + QByteArray::number(i) + "=\"x>\"";
        QTest::newRow("long tag") << attrs + "/></ink>" << QStringLiteral("ligne 2 : balise");
        QByteArray points = "<ink>\n<trace>";
        for (qsizetype i = 0; i <= kMaxTracePoints; ++i)
            points += "1 2,";
        QTest::newRow("points") << points + "</trace></ink>"
                                << QStringLiteral("ligne 2 : trace de plus de");
        // An entity used many times grew Qt's reader to 3.4 GB (a review of 2026-12-02).
        QTest::newRow("entity") << QByteArray("<!DOCTYPE ink [<!ENTITY a \"<trace/>\">]>\n<ink>") +
                                       QByteArray("&a;").repeated(1000) + "</ink>"
                                << QStringLiteral("ligne 1 : déclaration DOCTYPE refusée");
    }
    void hostileMarkupIsRefusedWithItsLine()
    {
        QFETCH(QByteArray, ink);
        QFETCH(QString, said);
        const auto r = readInkMLData(ink);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith(said), qPrintable(r.error));
        // Within the limits: 32 levels, comments and CDATA of any length, '>' quoted.
        QByteArray fine = "<!-- " + QByteArray(200000, '<') + " --><ink a=\"1>2\">";
        for (int i = 0; i < kMaxInkMLDepth - 2; ++i) // <ink>, the groups, <trace>
            fine += "<traceGroup>";
        fine += "<annotation type=\"t\"><![CDATA[" + QByteArray(200000, '>') + "]]></annotation>";
        fine += "<trace>1 2, 3 4</trace>";
        for (int i = 0; i < kMaxInkMLDepth - 2; ++i)
            fine += "</traceGroup>";
        const auto ok = readInkMLData(fine + "</ink>");
        QVERIFY2(ok.ok, qPrintable(ok.error));
        QCOMPARE(ok.document.groups.size(), 1);
        QCOMPARE(ok.document.groups[0].strokes.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestInk)
#include "tst_ink.moc"
