// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The C++ preprocessing equals tools/train/preprocess.py on hand-made strokes
// (reference tensors written by tools/train/make_reference.py); the fragment rule of
// `plumectl eval --skip-fragments` (twin of data.is_fragment).
#include "recognition/fragment.h"
#include "recognition/preprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace plume::recognition;

class TestPreprocess : public QObject
{
    Q_OBJECT

    QJsonArray cases;

    static std::vector<Polyline> strokesOf(const QJsonObject &c)
    {
        std::vector<Polyline> strokes;
        for (const QJsonValue &s : c.value(QStringLiteral("strokes")).toArray()) {
            Polyline p;
            for (const QJsonValue &pt : s.toArray())
                p.emplace_back(pt.toArray().at(0).toDouble(), pt.toArray().at(1).toDouble());
            strokes.push_back(p);
        }
        return strokes;
    }

    static std::vector<float> dense(const QJsonArray &sparse, size_t size)
    {
        std::vector<float> v(size, 0.0f);
        for (const QJsonValue &e : sparse)
            v[size_t(e.toArray().at(0).toInt())] = float(e.toArray().at(1).toDouble());
        return v;
    }

    static double maxDiff(const std::vector<float> &a, const std::vector<float> &b)
    {
        if (a.size() != b.size())
            return 1e9;
        double m = 0;
        for (size_t i = 0; i < a.size(); ++i)
            m = std::max(m, double(std::abs(a[i] - b[i])));
        return m;
    }

private slots:
    void initTestCase()
    {
        QFile f(QStringLiteral(PLUME_SOURCE_DIR "/tests/recognition/data/prep_reference.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("version")).toString(), QLatin1String(kPreprocessVersion));
        cases = o.value(QStringLiteral("cases")).toArray();
        QVERIFY(cases.size() >= 5);
    }

    void matchesPython_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(
                cases[i].toObject().value(QStringLiteral("name")).toString().toUtf8().constData())
                << i;
    }

    void matchesPython()
    {
        QFETCH(int, index);
        const QJsonObject c = cases[index].toObject();
        const Features f = computeFeatures(strokesOf(c));
        const auto img = dense(c.value(QStringLiteral("img")).toArray(), f.img.size());
        const auto traj = dense(c.value(QStringLiteral("traj")).toArray(), f.traj.size());
        QCOMPARE(f.img.size(), size_t(kImgChannels * kGrid * kGrid));
        QCOMPARE(f.traj.size(), size_t(kTrajChannels * kTrajLen));
        QVERIFY2(maxDiff(f.img, img) < 1e-4, qPrintable(QString::number(maxDiff(f.img, img))));
        QVERIFY2(maxDiff(f.traj, traj) < 1e-4, qPrintable(QString::number(maxDiff(f.traj, traj))));
    }

    // The comparison is sensitive: a shifted point or reversed stroke order changes tensors.
    // Cases of tools/train/data.is_fragment, computed by hand.
    void fragmentRule()
    {
        auto stroke = [](std::initializer_list<std::pair<double, double>> pts) {
            plume::ink::Stroke s;
            for (const auto &[x, y] : pts)
                s.dots.append(plume::ink::Dot{x, y, 0, 0});
            return s;
        };
        const plume::ink::Stroke bar = stroke({{0, 0}, {1, 30}, {0, 60}, {2, 90}});
        // A lone bar is a fragment of a 4, a B or an n, not of a 1, an I, an i or an l.
        QVERIFY(isFragment(QLatin1Char('4'), {bar}));
        QVERIFY(isFragment(QLatin1Char('B'), {bar}));
        QVERIFY(isFragment(QLatin1Char('n'), {bar}));
        for (char c : {'1', 'I', 'i', 'l', '-', '/'})
            QVERIFY(!isFragment(QLatin1Char(c), {bar}));
        // Two strokes, a curve, a closed shape, a flat zigzag: real characters.
        QVERIFY(!isFragment(QLatin1Char('4'), {bar, stroke({{-20, 60}, {20, 60}})}));
        QVERIFY(!isFragment(QLatin1Char('7'), {stroke({{0, 0}, {40, 0}, {10, 60}})}));
        QVERIFY(!isFragment(
            QLatin1Char('0'),
            {stroke({{0, 0}, {20, 10}, {20, 50}, {0, 60}, {-20, 50}, {-20, 10}, {0, 1}})}));
        // A flat, dense zigzag (a cursive n): close to its chord but a long path.
        plume::ink::Stroke zigzag;
        for (int k = 0; k <= 30; ++k)
            zigzag.dots.append(plume::ink::Dot{2.0 * k, k % 2 ? -6.0 : 0.0, 0, 0});
        QVERIFY(!isFragment(QLatin1Char('n'), {zigzag}));
        // Deviation limit: 12 % of the chord.
        QVERIFY(isFragment(QLatin1Char('N'), {stroke({{0, 0}, {5.9, 50}, {0, 100}})}));
        QVERIFY(!isFragment(QLatin1Char('N'), {stroke({{0, 0}, {20, 50}, {0, 100}})}));
        QVERIFY(!isFragment(QLatin1Char('4'), {stroke({{3, 3}})}));
        QVERIFY(!isFragment(QLatin1Char('4'), {}));
    }

    void detectsDifferences()
    {
        const QJsonObject c = cases[1].toObject(); // "plus": two strokes
        auto strokes = strokesOf(c);
        const Features ref = computeFeatures(strokes);
        std::swap(strokes[0], strokes[1]);
        QVERIFY(maxDiff(computeFeatures(strokes).traj, ref.traj) > 0.1);
        strokes = strokesOf(c);
        strokes[0][2].second += 5;
        QVERIFY(maxDiff(computeFeatures(strokes).img, ref.img) > 0.1);
    }

    void emptyInkIsZero()
    {
        const Features f = computeFeatures(std::vector<Polyline>{});
        for (float v : f.img)
            QCOMPARE(v, 0.0f);
        for (float v : f.traj)
            QCOMPARE(v, 0.0f);
    }

    void invariantToTranslationAndScale()
    {
        auto strokes = strokesOf(cases[0].toObject());
        const Features ref = computeFeatures(strokes);
        for (auto &s : strokes)
            for (auto &[x, y] : s) {
                x = x * 3 + 1000;
                y = y * 3 - 77;
            }
        QVERIFY(maxDiff(computeFeatures(strokes).img, ref.img) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestPreprocess)
#include "tst_preprocess.moc"
