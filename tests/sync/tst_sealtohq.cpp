// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A PV sealed by the station's own code (sync::closePv, with handwriting in the boxes of a
// field, one stroke struck out and one written after the decision) is accepted by a real
// plume-hq, stored with its ink unchanged, and drawn on the operator's station page: one
// SVG polyline per sealed stroke at the sealed coordinates, the late one highlighted.
#include "hqtestutil.h"
#include "synctestutil.h"

#include "forms/formspec.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using namespace plume::testutil;

class TestSealToHq : public QObject
{
    Q_OBJECT
private slots:
    void sealedInkStoredAndDrawn();
};

namespace {

const QByteArray kToken = QByteArrayLiteral("operator-token-0123456789");

// A stroke of 5 dots along the diagonal of box `box` of `field`, starting at `startMs`.
ink::Stroke boxStroke(const forms::FormSpec &form, const QString &field, int box, qint64 startMs)
{
    const QRectF b = form.field(field)->boxRects().at(box).adjusted(1, 1, -1, -1);
    ink::Stroke st;
    st.page = ink::PageAddress{3, 27, 603, 1};
    st.penId = QStringLiteral("t");
    st.startMs = startMs;
    for (int k = 0; k < 5; ++k) {
        const QPointF n = form.toNcode(QPointF(b.left() + k, b.top() + k));
        st.dots.append({n.x(), n.y(), 300, startMs + k * 10});
    }
    return st;
}

// A demo station whose "inscrits" carries three strokes written before the decision (the
// last struck out) and one written after it; the PV sealed by two officials.
sync::CloseResult sealWithInk(store::Store &s)
{
    QString error;
    const auto form = forms::loadForm(QStringLiteral("pv"), s.election(), &error);
    if (!form || !form->field(QStringLiteral("inscrits")))
        qFatal("pv form: %s", qPrintable(error));
    const QString field = QStringLiteral("inscrits");
    const qint64 before = QDateTime::currentMSecsSinceEpoch() - 600'000;
    QVector<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << s.appendStroke(boxStroke(*form, field, i, before + i * 1000), store::kPvSheetId);
    s.strikeStroke(ids.last(), QStringLiteral("Marie LEROY"), QStringLiteral("rature"));
    fillPv(s);
    const qint64 after = QDateTime::currentMSecsSinceEpoch() + 1000;
    s.appendStroke(boxStroke(*form, field, 3, after), store::kPvSheetId);
    return sync::closePv(s,
                         {{QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")}, {}, {}});
}

// The "x,y x,y ..." of a sealed stroke's points (docs/protocol.md §1: x, y, dt triples).
QString sealedPoints(const QJsonObject &stroke)
{
    const QJsonArray p = stroke.value(QStringLiteral("p")).toArray();
    QStringList out;
    for (qsizetype i = 0; i + 2 < p.size(); i += 3)
        out << QStringLiteral("%1,%2").arg(p[i].toInteger()).arg(p[i + 1].toInteger());
    return out.join(QLatin1Char(' '));
}

QJsonObject fieldInk(const QJsonObject &pvPayload, const QString &field)
{
    return pvPayload.value(QStringLiteral("fields"))
        .toObject()
        .value(field)
        .toObject()
        .value(QStringLiteral("ink"))
        .toObject();
}

} // namespace

void TestSealToHq::sealedInkStoredAndDrawn()
{
    QTemporaryDir dir;
    QFile election(QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"));
    QVERIFY(election.open(QIODevice::ReadOnly));
    hqtest::HqFixture hq;
    hq.init(dir.path(), election.readAll());
    auto station = newStation(dir.filePath(QStringLiteral("station.db")));
    const auto sealed = sealWithInk(*station);
    QVERIFY2(sealed.sealed, qPrintable(sealed.error));
    const QJsonObject ink = fieldInk(sealed.pv->payload, QStringLiteral("inscrits"));
    const QJsonArray strokes = ink.value(QStringLiteral("strokes")).toArray();
    QCOMPARE(strokes.size(), 3); // the struck stroke is not sealed
    QVERIFY(ink.value(QStringLiteral("late_ink")).toBool());

    const QString code = station->election().stationCode;
    hq.db->addStation(code, *sync::stationPublicKey(*station));
    hq::HqServer server(hq.url, hq.options(true));
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    QNetworkAccessManager nam;
    const hqtest::Reply created = hqtest::post(nam, port, sealed.pv->httpBody());
    QVERIFY2(created.status == 201, created.body.constData());

    // Stored as sealed.
    const auto versions = hq.db->pvVersions(code);
    QCOMPARE(versions.size(), 1);
    QCOMPARE(fieldInk(versions[0], QStringLiteral("inscrits")), ink);

    // Drawn: one polyline per sealed stroke, at its points, only the late one highlighted.
    const hqtest::Reply page = hqtest::get(nam, port, QStringLiteral("/stations/") + code, kToken);
    QCOMPARE(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    static const QRegularExpression polyline(
        QStringLiteral("<polyline( class=\"late\")? points=\"([^\"]*)\"/>"));
    QStringList drawn, late;
    for (auto it = polyline.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        drawn << m.captured(2);
        if (!m.captured(1).isEmpty())
            late << m.captured(2);
    }
    QStringList expected, expectedLate;
    for (const QJsonValue &s : strokes) {
        expected << sealedPoints(s.toObject());
        if (s.toObject().value(QStringLiteral("late")).toBool())
            expectedLate << sealedPoints(s.toObject());
    }
    QCOMPARE(drawn, expected);
    QCOMPARE(expectedLate.size(), 1);
    QCOMPARE(late, expectedLate);
    QVERIFY(html.contains(QStringLiteral("encre tardive")));
}

QTEST_GUILESS_MAIN(TestSealToHq)
#include "tst_sealtohq.moc"
