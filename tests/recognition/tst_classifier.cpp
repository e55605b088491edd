// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The committed model: loads with OpenCV DNN, gives the logits Python gave on hand-made
// strokes, and reads validation-writer samples of ../shared/data (skipped without data).
#include "ink/inkml.h"
#include "recognition/classifier.h"
#include "recognition/field.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <limits>

#include <cmath>

using namespace plume::recognition;
using plume::ink::Stroke;

namespace {

const QString kModelDir = QStringLiteral(PLUME_SOURCE_DIR "/resources/models");
const QString kData = QStringLiteral(PLUME_SHARED_DATA_DIR "/unipen");

bool isValWriter(const QString &writer, int percent)
{
    const QByteArray h =
        QCryptographicHash::hash(writer.toUtf8(), QCryptographicHash::Md5).toHex().left(8);
    return int(h.toULongLong(nullptr, 16) % 100) < percent;
}

struct Sample
{
    QChar truth;
    QVector<Stroke> strokes;
};

// Up to n samples of validation writers from one UNIPEN category.
QVector<Sample> valSamples(const QString &category, int n, int percent)
{
    QVector<Sample> out;
    QDir dir(kData + QLatin1Char('/') + category);
    const QStringList files = dir.entryList({QStringLiteral("*.inkml")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        if (!isValWriter(QFileInfo(f).completeBaseName(), percent))
            continue;
        const auto doc = plume::ink::readInkML(dir.filePath(f));
        if (!doc.ok)
            continue;
        // A few samples per writer, spread over the file.
        const qsizetype step = std::max<qsizetype>(1, doc.document.groups.size() / 12);
        for (qsizetype i = 0; i < doc.document.groups.size() && out.size() < n; i += step) {
            const auto &g = doc.document.groups[i];
            const QString t = g.annotations.value(QStringLiteral("truth"));
            if (t.size() == 1 && !g.strokes.isEmpty())
                out.append({t[0], g.strokes});
        }
        if (out.size() >= n)
            break;
    }
    return out;
}

// Moves and scales a character into box (keeps aspect, 10 % margin).
QVector<Stroke> intoBox(QVector<Stroke> strokes, const QRectF &box)
{
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const Stroke &s : strokes)
        for (const auto &d : s.dots) {
            x0 = std::min(x0, d.x);
            x1 = std::max(x1, d.x);
            y0 = std::min(y0, d.y);
            y1 = std::max(y1, d.y);
        }
    const double scale = 0.8 * box.width() / std::max({x1 - x0, y1 - y0, 1e-9});
    for (Stroke &s : strokes)
        for (auto &d : s.dots) {
            d.x = box.center().x() + (d.x - (x0 + x1) / 2) * scale;
            d.y = box.center().y() + (d.y - (y0 + y1) / 2) * scale;
        }
    return strokes;
}

} // namespace

class TestClassifier : public QObject
{
    Q_OBJECT

    Classifier classifier;

private slots:
    void initTestCase()
    {
        QElapsedTimer t;
        t.start();
        QString error;
        QVERIFY2(classifier.load(kModelDir, &error), qPrintable(error));
        qInfo("model %s loaded in %lld ms", qPrintable(classifier.info().version), t.elapsed());
        QCOMPARE(classifier.info().classes.size(), 94);
        QVERIFY(classifier.info().temperature > 0.2 && classifier.info().temperature < 5);
        QVERIFY(classifier.info().charThreshold > 0 && classifier.info().charThreshold < 1);
        QVERIFY(QFileInfo(kModelDir + QStringLiteral("/plume-chars.onnx")).size() <
                5 * 1024 * 1024);
    }

    // The sidecar's per-charset thresholds are used for their charset; a charset
    // without one (name) falls back to the model-wide threshold.
    void perCharsetThresholds()
    {
        QFile f(kModelDir + QStringLiteral("/plume-chars.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject chars = o.value(QStringLiteral("char_flag_thresholds")).toObject();
        const QJsonObject fields = o.value(QStringLiteral("field_flag_thresholds")).toObject();
        QVERIFY(chars.contains(QStringLiteral("digits")));
        QVERIFY(fields.contains(QStringLiteral("digits")));
        const ModelInfo &info = classifier.info();
        QCOMPARE(info.charThresholdFor(Charset::Digits),
                 chars.value(QStringLiteral("digits")).toDouble());
        QCOMPARE(info.fieldThresholdFor(Charset::Lower),
                 fields.value(QStringLiteral("lower")).toDouble());
        QCOMPARE(info.fieldThresholdFor(Charset::Name), info.fieldThreshold);
        QCOMPARE(info.charThresholdFor(Charset::Name), info.charThreshold);
        ModelInfo bare;
        bare.charThreshold = 0.25;
        QCOMPARE(bare.charThresholdFor(Charset::Digits), 0.25);
    }

    void missingModelFails()
    {
        Classifier c;
        QString error;
        QVERIFY(!c.load(QDir::tempPath() + QStringLiteral("/no-such-model-dir"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!c.isLoaded());
    }

    // A sidecar whose flag thresholds would never flag (0 or less, over 1) is refused; a
    // charset's own threshold out of range is ignored (the model-wide one applies).
    void thresholdsOutOfRange()
    {
        QFile sidecar(kModelDir + QStringLiteral("/plume-chars.json"));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject good = QJsonDocument::fromJson(sidecar.readAll()).object();
        auto loadWith = [&](const QString &key, const QJsonValue &v, Classifier *c) {
            QTemporaryDir dir;
            QJsonObject o = good;
            o.insert(key, v);
            QFile out(dir.filePath(QStringLiteral("plume-chars.json")));
            if (!out.open(QIODevice::WriteOnly) ||
                !QFile::copy(kModelDir + QStringLiteral("/plume-chars.onnx"),
                             dir.filePath(QStringLiteral("plume-chars.onnx"))))
                return false;
            out.write(QJsonDocument(o).toJson());
            out.close();
            return c->load(dir.path());
        };
        Classifier c;
        QVERIFY(loadWith(QStringLiteral("field_flag_threshold"), 0.9, &c));
        for (const double bad : {0.0, -0.5, 1.5}) {
            Classifier refused;
            QVERIFY(!loadWith(QStringLiteral("field_flag_threshold"), bad, &refused));
            QVERIFY(!loadWith(QStringLiteral("char_flag_threshold"), bad, &refused));
        }
        Classifier partly;
        QVERIFY(loadWith(QStringLiteral("char_flag_thresholds"),
                         QJsonObject{{QStringLiteral("digits"), 0.0}}, &partly));
        QCOMPARE(partly.info().charThresholdFor(Charset::Digits), partly.info().charThreshold);
    }

    // OpenCV's output equals PyTorch's on the reference strokes (selftest in the sidecar).
    void logitsMatchPyTorch()
    {
        QFile sidecar(kModelDir + QStringLiteral("/plume-chars.json"));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonArray selftest = QJsonDocument::fromJson(sidecar.readAll())
                                        .object()
                                        .value(QStringLiteral("selftest"))
                                        .toArray();
        QFile ref(QStringLiteral(PLUME_SOURCE_DIR "/tests/recognition/data/prep_reference.json"));
        QVERIFY(ref.open(QIODevice::ReadOnly));
        const QJsonArray cases = QJsonDocument::fromJson(ref.readAll())
                                     .object()
                                     .value(QStringLiteral("cases"))
                                     .toArray();
        QVERIFY(selftest.size() >= 5);
        int checked = 0;
        for (const QJsonValue &st : selftest) {
            const QString name = st.toObject().value(QStringLiteral("case")).toString();
            for (const QJsonValue &c : cases) {
                if (c.toObject().value(QStringLiteral("name")).toString() != name)
                    continue;
                std::vector<Polyline> strokes;
                for (const QJsonValue &s :
                     c.toObject().value(QStringLiteral("strokes")).toArray()) {
                    Polyline p;
                    for (const QJsonValue &pt : s.toArray())
                        p.emplace_back(pt.toArray().at(0).toDouble(),
                                       pt.toArray().at(1).toDouble());
                    strokes.push_back(p);
                }
                const auto z = classifier.logits(computeFeatures(strokes));
                const QJsonArray want = st.toObject().value(QStringLiteral("logits")).toArray();
                QCOMPARE(z.size(), size_t(want.size()));
                double maxDiff = 0;
                for (size_t i = 0; i < z.size(); ++i)
                    maxDiff = std::max(maxDiff, std::abs(double(z[i]) - want[int(i)].toDouble()));
                QVERIFY2(maxDiff < 2e-3,
                         qPrintable(name + QStringLiteral(": ") + QString::number(maxDiff)));
                ++checked;
            }
        }
        QVERIFY(checked >= 5);
    }

    // A network gone wrong (a logit not a finite number) reads every character of the
    // charset as equally likely: finite probabilities summing to one, nothing sure.
    void logitsNotANumberKnowNothing()
    {
        std::vector<float> z(size_t(classifier.info().classes.size()), 1.0f);
        z[size_t(classifier.info().classes.indexOf(QLatin1Char('3')))] = 40.0f;
        QCOMPARE(classifier.fromLogits(z, QStringLiteral("0123456789"), 1).first().ch,
                 QLatin1Char('3'));
        for (const float bad :
             {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
            z[size_t(classifier.info().classes.indexOf(QLatin1Char('7')))] = bad;
            const auto c = classifier.fromLogits(z, QStringLiteral("0123456789"), 0);
            QCOMPARE(c.size(), 10);
            for (const Candidate &x : c)
                QCOMPARE(x.prob, 0.1);
        }
    }

    void probabilitiesAreRestrictedToTheCharset()
    {
        // A pen-down bar sampled like a tablet (31 points, slight lean): a "1".
        QVector<Stroke> one(1);
        for (int i = 0; i <= 30; ++i)
            one[0].dots.append({0.05 * i, double(i), 0, 10 * i});
        const auto digits = classifier.classify(one, Charset::Digits, 0);
        QCOMPARE(digits.size(), 10);
        double sum = 0;
        for (const Candidate &c : digits) {
            QVERIFY(c.ch.isDigit());
            sum += c.prob;
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-6);
        QCOMPARE(digits.first().ch, QLatin1Char('1'));
        const auto upper = classifier.classify(one, Charset::Upper, 3);
        QCOMPARE(upper.size(), 3);
        QVERIFY(upper.first().ch.isUpper());
        QVERIFY(upper[0].prob >= upper[1].prob);
    }

    void readsValidationWriters_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<double>("minAccuracy");
        QTest::newRow("digits") << QStringLiteral("1a") << 0.95;
        QTest::newRow("upper") << QStringLiteral("1b") << 0.88;
        QTest::newRow("lower") << QStringLiteral("1c") << 0.85;
    }

    void readsValidationWriters()
    {
        QFETCH(QString, category);
        QFETCH(double, minAccuracy);
        if (!QFileInfo::exists(kData))
            QSKIP("../shared/data is not here");
        const auto samples = valSamples(category, 200, classifier.info().valPercent);
        QVERIFY(samples.size() >= 100);
        int ok = 0;
        for (const Sample &s : samples) {
            const auto c = classifier.classify(s.strokes, charsetForTruth(s.truth), 1);
            ok += !c.isEmpty() && c.first().ch == s.truth;
        }
        const double acc = double(ok) / samples.size();
        qInfo("%s: %d/%d = %.3f", qPrintable(category), ok, int(samples.size()), acc);
        QVERIFY2(acc >= minAccuracy, qPrintable(QString::number(acc)));
    }

    // Real digits placed in comb boxes: the field value is read, an empty box ends it.
    void recognisesDigitFields()
    {
        if (!QFileInfo::exists(kData))
            QSKIP("../shared/data is not here");
        const auto samples = valSamples(QStringLiteral("1a"), 60, classifier.info().valPercent);
        QVERIFY(samples.size() >= 60);
        QVector<QRectF> boxes;
        for (int b = 0; b < 6; ++b)
            boxes.append(QRectF(b * 80.0, 0, 80, 80));
        int correct = 0, fields = 0;
        for (int f = 0; f + 5 <= samples.size(); f += 5, ++fields) {
            QVector<Stroke> ink;
            QString truth;
            for (int k = 0; k < 5; ++k) {
                ink += intoBox(samples[f + k].strokes, boxes[k]);
                truth += samples[f + k].truth;
            }
            const FieldReading r = recognizeField(classifier, ink, boxes, FieldGrammar::digits());
            correct += r.value == truth;
            QCOMPARE(r.boxes.size(), 6);
            QVERIFY(r.boxes[5].empty());
            if (r.value != truth)
                QVERIFY(r.value.size() == 5);
        }
        QVERIFY2(correct >= fields * 8 / 10, qPrintable(QString::number(correct)));
        // Ink after an empty box is not part of the value.
        QVector<Stroke> ink = intoBox(samples[0].strokes, boxes[0]);
        ink += intoBox(samples[1].strokes, boxes[2]);
        const FieldReading r = recognizeField(classifier, ink, boxes, FieldGrammar::digits());
        QCOMPARE(r.value.size(), 1);
        QVERIFY(r.flagged);
    }
};

QTEST_GUILESS_MAIN(TestClassifier)
#include "tst_classifier.moc"
