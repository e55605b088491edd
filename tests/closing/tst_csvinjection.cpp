// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
//
// The CSV export neutralises cells a spreadsheet would run as a formula (= + - @ first,
// or a leading tab/CR): a leading apostrophe, and the cell quoted. Other cells are as
// they were.
#include "closing/exports.h"

#include <QTest>

using namespace plume;

namespace {

// The cells of one CSV text (';' separators, RFC 4180 quotes, CRLF rows).
QVector<QStringList> parseCsv(const QString &text)
{
    QVector<QStringList> rows(1);
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (quoted && c == QLatin1Char('"') && next == QLatin1Char('"')) {
            cell += c;
            ++i;
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (!quoted && c == QLatin1Char(';')) {
            rows.last() << cell;
            cell.clear();
        } else if (!quoted && c == QLatin1Char('\r') && next == QLatin1Char('\n')) {
            rows.last() << cell;
            cell.clear();
            rows.append(QStringList());
            ++i;
        } else {
            cell += c;
        }
    }
    rows.removeLast(); // after the last CRLF
    return rows;
}

// The value column (4th) of the rows whose first cell is `section`.
QStringList values(const QVector<QStringList> &rows, const QString &section)
{
    QStringList out;
    for (const QStringList &row : rows)
        if (row.value(0) == section)
            out << row.value(3);
    return out;
}

} // namespace

class TestCsvInjection : public QObject
{
    Q_OBJECT
private slots:
    void formulasAreNeutralised_data();
    void formulasAreNeutralised();
    void plainCellsUnchanged();
    void invisibleCharactersAreShown();
};

void TestCsvInjection::formulasAreNeutralised_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("written");
    QTest::newRow("=") << QStringLiteral("=HYPERLINK(\"http://x\";\"ok\")")
                       << QStringLiteral("'=HYPERLINK(\"http://x\";\"ok\")");
    QTest::newRow("+") << QStringLiteral("+33 1 23") << QStringLiteral("'+33 1 23");
    QTest::newRow("-") << QStringLiteral("-2+3+cmd|' /C calc'!A0")
                       << QStringLiteral("'-2+3+cmd|' /C calc'!A0");
    QTest::newRow("@") << QStringLiteral("@SUM(1+1)") << QStringLiteral("'@SUM(1+1)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("CR") << QStringLiteral("\r=1") << QStringLiteral("'\r=1");
    QTest::newRow("spaces then =") << QStringLiteral("  =1+1") << QStringLiteral("'  =1+1");
}

void TestCsvInjection::formulasAreNeutralised()
{
    QFETCH(QString, cell);
    QFETCH(QString, written);
    closing::PvReport r;
    r.remarks = cell;
    r.officials = {cell};
    closing::PvLine line;
    line.field = QStringLiteral("inscrits");
    line.label = cell;
    line.value = cell;
    r.lines = {line};
    const QByteArray csv = closing::pvCsv(r);
    const auto rows = parseCsv(QString::fromUtf8(csv.mid(3)));
    QCOMPARE(values(rows, QStringLiteral("observations")), QStringList{written});
    QCOMPARE(values(rows, QStringLiteral("membres")), QStringList{written});
    QCOMPARE(values(rows, QStringLiteral("compte")), QStringList{written});
    for (const QStringList &row : rows)
        if (row.value(0) == QLatin1String("compte"))
            QCOMPARE(row.value(2), written); // the label cell of the count line
    // Every neutralised cell is quoted: no raw formula character starts a field.
    const QString text = QString::fromUtf8(csv);
    QVERIFY(!text.contains(QStringLiteral(";") + cell));
}

void TestCsvInjection::plainCellsUnchanged()
{
    closing::PvReport r;
    r.remarks = QStringLiteral("Jean-Marc a signé; a=b");
    r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("1250"),
                   QStringLiteral("e-mail@exemple.fr")};
    const auto rows = parseCsv(QString::fromUtf8(closing::pvCsv(r).mid(3)));
    QCOMPARE(values(rows, QStringLiteral("observations")),
             QStringList{QStringLiteral("Jean-Marc a signé; a=b")});
    QCOMPARE(values(rows, QStringLiteral("membres")), r.officials);
    const QString text = QString::fromUtf8(closing::pvCsv(r));
    QVERIFY(text.contains(QStringLiteral(";Marie LEROY;")));
    QVERIFY(text.contains(QStringLiteral(";1250;")));
    QVERIFY(!text.contains(QStringLiteral(";'")));
    QVERIFY(!text.contains(QStringLiteral(";\"'")));
}

// A right-to-left override in the remarks showed « exprimés = 400 » in a spreadsheet where
// the seal signs 004 (a review of 2026-12-02): written as on the printed PV.
void TestCsvInjection::invisibleCharactersAreShown()
{
    closing::PvReport r;
    r.remarks = QStringLiteral("exprimés = \u202E004");
    r.officials = {QStringLiteral("Marie\u2066 LEROY")};
    const QString text = QString::fromUtf8(closing::pvCsv(r));
    QVERIFY(!text.contains(QChar(0x202E)) && !text.contains(QChar(0x2066)));
    const auto rows = parseCsv(text.mid(1));
    QCOMPARE(values(rows, QStringLiteral("observations")),
             QStringList{QStringLiteral("exprimés = [U+202E]004")});
    QCOMPARE(values(rows, QStringLiteral("membres")),
             QStringList{QStringLiteral("Marie[U+2066] LEROY")});
}

QTEST_GUILESS_MAIN(TestCsvInjection)
#include "tst_csvinjection.moc"
