// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Comb fields without the model: stroke-to-box assignment, characters over two boxes,
// empty boxes, grammar decoding from per-box n-best readings.
#include "recognition/field.h"

#include <QTest>
#include <limits>

using namespace plume::recognition;
using plume::ink::Dot;
using plume::ink::Stroke;

namespace {

Stroke line(std::initializer_list<std::pair<double, double>> pts)
{
    Stroke s;
    qint64 t = 0;
    for (const auto &[x, y] : pts)
        s.dots.append(Dot{x, y, 0, t += 10});
    return s;
}

QVector<QRectF> comb(int n, double w = 10)
{
    QVector<QRectF> boxes;
    for (int i = 0; i < n; ++i)
        boxes.append(QRectF(i * w, 0, w, w));
    return boxes;
}

// One box reading: `text` read with probability `p`, the rest on `alt`.
BoxReading box(QChar best, double p = 0.97, QChar alt = QLatin1Char('?'))
{
    BoxReading b;
    b.nbest = {Candidate{best, p}, Candidate{alt, 1 - p}};
    return b;
}

QVector<BoxReading> boxes(const QString &text)
{
    QVector<BoxReading> out;
    for (QChar c : text)
        out.append(c == QLatin1Char(' ') ? BoxReading{} : box(c, 0.97, QLatin1Char('7')));
    return out;
}

} // namespace

class TestField : public QObject
{
    Q_OBJECT

private slots:
    void strokeCrossingBorderGoesToBoxWithMostInk()
    {
        const auto b = comb(3);
        // 2 units in box 0, 4 in box 1.
        QCOMPARE(assignStrokesToBoxes({line({{8, 5}, {14, 5}})}, b), QVector<int>{1});
        // 7 units in box 2, 3 in box 1.
        QCOMPARE(assignStrokesToBoxes({line({{17, 2}, {27, 2}})}, b), QVector<int>{2});
        // A dot inside box 0; a stroke far outside the field is dropped.
        QCOMPARE(assignStrokesToBoxes({line({{3, 3}}), line({{100, 100}, {110, 100}})}, b),
                 (QVector<int>{0, -1}));
        QCOMPARE(inkInside(line({{8, 5}, {14, 5}}), b[0]), 2.0);
        // Just above box 1 (10 units high): a dot (an i's) belongs to it; a bar of 4 units
        // with no ink in any box stays outside (a bar above a 3 once read it 5, unflagged).
        QCOMPARE(assignStrokesToBoxes({line({{14.5, -1}, {15.5, -1.5}})}, b), QVector<int>{1});
        QCOMPARE(assignStrokesToBoxes({line({{13, -1}, {17, -1}})}, b), QVector<int>{-1});
        QCOMPARE(groupInk({line({{3, 3}, {6, 7}}), line({{13, -1}, {17, -1}})}, b).outside, 1);
        // The same bar dipping into the box: most of its ink is outside, it stays outside.
        QCOMPARE(assignStrokesToBoxes({line({{13, -1}, {16.6, -1}, {17, 0.4}})}, b),
                 QVector<int>{-1});
        // A stroke mostly inside (a descender below the box) is the box's.
        QCOMPARE(assignStrokesToBoxes({line({{15, 3}, {15, 12}})}, b), QVector<int>{1});
    }

    void characterOverTwoBoxesIsMergedAndFlagged()
    {
        const auto b = comb(4);
        // A "+" centred on the border of boxes 2 and 3 (indices 1, 2): the bar has most
        // of its ink in box 2, the stem lies in box 3.
        const QVector<Stroke> strokes = {line({{3, 5}, {6, 5}}),        // box 1: "-"
                                         line({{15, 5}, {24, 5}}),      // bar
                                         line({{20.5, 1}, {20.5, 9}})}; // stem
        const BoxInk g = groupInk(strokes, b);
        QCOMPARE(g.strokes[0].size(), 1);
        QCOMPARE(g.strokes[1].size() + g.strokes[2].size(), 2); // both strokes together
        QVERIFY(g.strokes[1].isEmpty() || g.strokes[2].isEmpty());
        QVERIFY(g.mergedInto[1] || g.mergedInto[2]);
        QCOMPARE(g.notes[1].text(false), QStringLiteral("caractère écrit sur les cases 2-3"));
        // Separate characters in neighbouring boxes stay separate.
        const BoxInk h = groupInk({line({{2, 2}, {8, 8}}), line({{12, 2}, {18, 8}})}, b);
        QCOMPARE(h.strokes[0].size(), 1);
        QCOMPARE(h.strokes[1].size(), 1);
        QVERIFY(!h.mergedInto[0] && !h.mergedInto[1]);

        // Decoding: the merged box does not end the value and the field is flagged.
        QVector<BoxReading> r = {box(QLatin1Char('1')), box(QLatin1Char('4')), BoxReading{},
                                 box(QLatin1Char('2'))};
        r[2].mergedInto = true;
        r[1].note = r[2].note = Reason(ReasonCode::CharOverBoxes, {2, 3});
        const FieldReading f = decodeField(r, FieldGrammar::digits(), 0.5);
        QCOMPARE(f.value, QStringLiteral("142"));
        QVERIFY(f.flagged);
        QVERIFY(f.reason.contains(QStringLiteral("sur les cases 2-3")));
        QCOMPARE(f.reasons.first().code, ReasonCode::CharOverBoxes);
    }

    void emptyBoxEndsTheValue()
    {
        const FieldReading f =
            decodeField(boxes(QStringLiteral("12 3")), FieldGrammar::digits(), 0.5);
        QCOMPARE(f.value, QStringLiteral("12"));
        QVERIFY(f.flagged);
        QVERIFY(f.reason.contains(QStringLiteral("après une case vide")));
        const FieldReading g =
            decodeField(boxes(QStringLiteral("12  ")), FieldGrammar::digits(), 0.5);
        QCOMPARE(g.value, QStringLiteral("12"));
        QVERIFY(!g.flagged);
        QVERIFY(g.confidence > 0.9);
        // Leading empty boxes are skipped; an entirely empty field reads "".
        QCOMPARE(decodeField(boxes(QStringLiteral(" 5")), FieldGrammar::digits(), 0.5).value,
                 QStringLiteral("5"));
        QCOMPARE(decodeField(boxes(QStringLiteral("   ")), FieldGrammar::digits(), 0.5).value,
                 QString());
    }

    void postcode()
    {
        // First box reads "0" best, but "00..." is no department: the grammar picks 7.
        auto r = boxes(QStringLiteral("05000"));
        r[0] = box(QLatin1Char('0'), 0.55, QLatin1Char('7'));
        r[1] = box(QLatin1Char('0'), 0.9, QLatin1Char('6'));
        FieldReading f = decodeField(r, FieldGrammar::postcode(), 0.3);
        QCOMPARE(f.value, QStringLiteral("70000"));
        QVERIFY(f.confidence < 0.45);
        // Four digits: not a postcode, said so.
        f = decodeField(boxes(QStringLiteral("7500 ")), FieldGrammar::postcode(), 0.3);
        QVERIFY(f.flagged);
        QVERIFY(f.reason.contains(QStringLiteral("4 chiffres sur 5")));
        QCOMPARE(f.value, QStringLiteral("7500"));
        QCOMPARE(decodeField(boxes(QStringLiteral("75011")), FieldGrammar::postcode(), 0.3).value,
                 QStringLiteral("75011"));
    }

    void phone()
    {
        auto r = boxes(QStringLiteral("0612345678"));
        r[0] = box(QLatin1Char('6'), 0.6, QLatin1Char('0')); // must start with 0
        r[1] = box(QLatin1Char('0'), 0.6, QLatin1Char('6')); // then not 0
        const FieldReading f = decodeField(r, FieldGrammar::phone(), 0.1);
        QCOMPARE(f.value, QStringLiteral("0612345678"));
        const FieldReading g =
            decodeField(boxes(QStringLiteral("061234567")), FieldGrammar::phone(), 0.1);
        QVERIFY(g.flagged);
        QVERIFY(g.reason.contains(QStringLiteral("9 chiffres sur 10")));
    }

    void emailLexicon()
    {
        // "jean@gmaii.com": the lexicon restores gmail.com; '@' read second best.
        auto r = boxes(QStringLiteral("jean@gmail.com"));
        r[4] = box(QLatin1Char('a'), 0.55, QLatin1Char('@'));
        r[9] = box(QLatin1Char('i'), 0.7, QLatin1Char('l'));
        FieldReading f = decodeField(r, FieldGrammar::email(), 0.01);
        QCOMPARE(f.value, QStringLiteral("jean@gmail.com"));
        // Two letters of the provider missing from their boxes' readings (gmz-l.com): still
        // the usual provider, not a made-up domain.
        r = boxes(QStringLiteral("jean@gmail.com"));
        r[7] = box(QLatin1Char('z'), 0.9, QLatin1Char('7'));
        r[8] = box(QLatin1Char('-'), 0.9, QLatin1Char('7'));
        f = decodeField(r, FieldGrammar::email(), 0.01);
        QCOMPARE(f.value, QStringLiteral("jean@gmail.com"));
        // An unknown but well-formed domain is kept when read clearly.
        f = decodeField(boxes(QStringLiteral("a.b@mairie.fr")), FieldGrammar::email(), 0.01);
        QCOMPARE(f.value, QStringLiteral("a.b@mairie.fr"));
        // No '@' anywhere: not an e-mail address, flagged.
        f = decodeField(boxes(QStringLiteral("jeangmail.com")), FieldGrammar::email(), 0.01);
        QVERIFY(f.flagged);
        QVERIFY(f.reason.contains(QStringLiteral("e-mail")));
    }

    void names()
    {
        auto r = boxes(QStringLiteral("LE GALL"));
        r[1] = box(QLatin1Char('e'), 0.55, QLatin1Char('E')); // all capitals wins
        FieldReading f = decodeField(r, FieldGrammar::name(), 0.1);
        QCOMPARE(f.value, QStringLiteral("LE GALL"));
        f = decodeField(boxes(QStringLiteral("Jean-Pierre")), FieldGrammar::name(), 0.1);
        QCOMPARE(f.value, QStringLiteral("Jean-Pierre"));
        f = decodeField(boxes(QStringLiteral("D'ARC  ")), FieldGrammar::name(), 0.1);
        QCOMPARE(f.value, QStringLiteral("D'ARC"));
    }

    void lowConfidenceReasonNeverReadsEqual()
    {
        QCOMPARE(
            lowConfidenceReason(0.98961, 0.98969),
            QStringLiteral("lecture incertaine (confiance 98,9 %, ce champ en demande 99,0 %)"));
        QCOMPARE(
            lowConfidenceReason(0.412, 0.9314),
            QStringLiteral("lecture incertaine (confiance 41,2 %, ce champ en demande 93,2 %)"));
        QCOMPARE(
            lowConfidenceReason(0.0, 0.5),
            QStringLiteral("lecture incertaine (confiance 0,0 %, ce champ en demande 50,0 %)"));
    }

    void yesNo()
    {
        QCOMPARE(decodeField({BoxReading{}}, FieldGrammar::yesNo(), 0.5).value,
                 QStringLiteral("no"));
        QCOMPARE(decodeField({box(QLatin1Char('x'), 0.9)}, FieldGrammar::yesNo(), 0.5).value,
                 QStringLiteral("yes"));
    }

    void lowConfidenceIsFlagged()
    {
        auto r = boxes(QStringLiteral("42"));
        r[1] = box(QLatin1Char('2'), 0.51, QLatin1Char('7'));
        const FieldReading f = decodeField(r, FieldGrammar::digits(), 0.8);
        QCOMPARE(f.value, QStringLiteral("42"));
        QVERIFY(f.flagged);
        QVERIFY(f.reason.contains(QStringLiteral("lecture incertaine")));
    }

    // A model gone wrong (a probability that is not a number) is never read as sure.
    void notANumberIsFlagged()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(doubtful(nan, 0.5));
        QVERIFY(doubtful(0.4, 0.5));
        QVERIFY(!doubtful(0.5, 0.5));
        auto r = boxes(QStringLiteral("42"));
        r[1] = box(QLatin1Char('2'), nan, QLatin1Char('7'));
        QVERIFY(decodeField(r, FieldGrammar::digits(), 0.8).flagged);
        QVERIFY(decodeField(r, FieldGrammar::postcode(), 0.8).flagged);
        QVERIFY(decodeField({box(QLatin1Char('x'), nan)}, FieldGrammar::yesNo(), 0.5).flagged);
    }
};

QTEST_GUILESS_MAIN(TestField)
#include "tst_field.moc"
