// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/classifier.h"

#include "datadir/datadir.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/dnn.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace plume::recognition {

namespace {
const char *const kModelBase = "plume-chars";
} // namespace

// OpenCV DNN sets a network up again (buffers of every layer) whenever the batch size
// changes, which costs more than the pass itself for a field's few characters: one network
// per batch size, and a batch cut into chunks of these sizes (84 = 64 + 16 + 4).
constexpr std::array<int, 4> kBatchSizes{64, 16, 4, 1};

struct Classifier::Private
{
    mutable std::map<int, cv::dnn::Net> nets; // by batch size
    ModelInfo info;
    bool loaded = false;
    // Logits of `count` characters whose features are at img/traj (float rows).
    void forward(int count, float *img, float *traj, std::vector<std::vector<float>> &out) const;
};

void Classifier::Private::forward(int count, float *img, float *traj,
                                  std::vector<std::vector<float>> &out) const
{
    const int imgShape[] = {count, kImgChannels, kGrid, kGrid};
    const int trajShape[] = {count, kTrajChannels, 1, kTrajLen};
    cv::dnn::Net &net = nets.at(count);
    net.setInput(cv::Mat(4, imgShape, CV_32F, img), "img");
    net.setInput(cv::Mat(4, trajShape, CV_32F, traj), "traj");
    const cv::Mat logits = net.forward("logits");
    for (int i = 0; i < count; ++i) {
        const float *p = logits.ptr<float>(i);
        out.emplace_back(p, p + logits.size[1]);
    }
}

Classifier::Classifier() : d(std::make_unique<Private>()) {}
Classifier::~Classifier() = default;

QString Classifier::findModelDir()
{
    const QString file = QLatin1String(kModelBase) + QStringLiteral(".json");
    const QString env = qEnvironmentVariable("PLUME_MODEL_DIR");
    if (!env.isEmpty() && QFileInfo::exists(env + QLatin1Char('/') + file))
        return QDir::cleanPath(env);
    const QString found = datadir::locate(QStringLiteral("models/") + file);
    return found.isEmpty() ? QString() : QFileInfo(found).absolutePath();
}

void Classifier::setNumThreads(int threads)
{
    cv::setNumThreads(threads);
}

bool Classifier::load(const QString &dirIn, QString *error)
{
    auto failWith = [&](const QString &message) {
        if (error)
            *error = message;
        d->loaded = false;
        return false;
    };
    const QString dir = dirIn.isEmpty() ? findModelDir() : dirIn;
    if (dir.isEmpty())
        return failWith(QStringLiteral("no recognition model found (set PLUME_MODEL_DIR)"));
    QFile sidecar(dir + QLatin1Char('/') + QLatin1String(kModelBase) + QStringLiteral(".json"));
    if (!sidecar.open(QIODevice::ReadOnly))
        return failWith(QStringLiteral("cannot open %1").arg(sidecar.fileName()));
    QJsonParseError perr;
    const QJsonObject o = QJsonDocument::fromJson(sidecar.readAll(), &perr).object();
    if (perr.error != QJsonParseError::NoError)
        return failWith(QStringLiteral("%1: %2").arg(sidecar.fileName(), perr.errorString()));
    ModelInfo info;
    info.dir = dir;
    info.version = o.value(QStringLiteral("model_version")).toString();
    for (const QJsonValue &c : o.value(QStringLiteral("classes")).toArray())
        info.classes += c.toString();
    info.temperature = o.value(QStringLiteral("temperature")).toDouble(1.0);
    info.charThreshold = o.value(QStringLiteral("char_flag_threshold")).toDouble(0.5);
    info.fieldThreshold = o.value(QStringLiteral("field_flag_threshold")).toDouble(0.5);
    const auto thresholds = [&](const QString &key) {
        QHash<QString, double> h;
        const QJsonObject t = o.value(key).toObject();
        for (auto it = t.constBegin(); it != t.constEnd(); ++it)
            if (const double v = it.value().toDouble(-1);
                isFlagThreshold(v) && parseCharset(it.key()))
                h.insert(it.key(), v);
        return h;
    };
    info.charThresholds = thresholds(QStringLiteral("char_flag_thresholds"));
    info.fieldThresholds = thresholds(QStringLiteral("field_flag_thresholds"));
    info.valPercent =
        o.value(QStringLiteral("split")).toObject().value(QStringLiteral("val_percent")).toInt(15);
    const QJsonObject prep = o.value(QStringLiteral("preprocessing")).toObject();
    if (prep.value(QStringLiteral("version")).toString() != QLatin1String(kPreprocessVersion))
        return failWith(QStringLiteral("model preprocessing %1 differs from this build's %2")
                            .arg(prep.value(QStringLiteral("version")).toString(),
                                 QLatin1String(kPreprocessVersion)));
    if (info.classes.isEmpty() || info.temperature <= 0)
        return failWith(
            QStringLiteral("%1: no classes or bad temperature").arg(sidecar.fileName()));
    // A threshold of 0 or less would never flag: a sidecar that says so is refused.
    if (!isFlagThreshold(info.charThreshold) || !isFlagThreshold(info.fieldThreshold))
        return failWith(
            QStringLiteral("%1: flag thresholds must lie in (0, 1]").arg(sidecar.fileName()));
    const QString onnx = dir + QLatin1Char('/') +
                         o.value(QStringLiteral("onnx"))
                             .toString(QLatin1String(kModelBase) + QStringLiteral(".onnx"));
    if (QString e = loadNets(onnx); !e.isEmpty())
        return failWith(e);
    d->info = info;
    d->loaded = true;
    // Warm-up runs so that the first real classification is not slower.
    for (int size : kBatchSizes)
        if (logitsMany(QVector<QVector<ink::Stroke>>(size)).size() != size_t(size))
            return failWith(QStringLiteral("%1: no output").arg(onnx));
    if (logits(computeFeatures(std::vector<Polyline>{})).size() != size_t(info.classes.size()))
        return failWith(QStringLiteral("%1: output size differs from the class list").arg(onnx));
    return true;
}

QString Classifier::loadNets(const QString &onnx)
{
    QFile f(onnx);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot load %1").arg(onnx);
    const QByteArray bytes = f.readAll();
    d->nets.clear();
    try {
        for (int size : kBatchSizes) {
            cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.constData(), size_t(bytes.size()));
            if (net.empty())
                return QStringLiteral("cannot load %1").arg(onnx);
            net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
            net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
            d->nets.emplace(size, net);
        }
    } catch (const cv::Exception &e) {
        return QStringLiteral("cannot load %1: %2").arg(onnx, QString::fromUtf8(e.what()));
    }
    return {};
}

bool Classifier::isLoaded() const
{
    return d->loaded;
}

const ModelInfo &Classifier::info() const
{
    return d->info;
}

std::vector<float> Classifier::logits(const Features &f) const
{
    if (!d->loaded)
        return {};
    std::vector<float> img(f.img.begin(), f.img.end()), traj(f.traj.begin(), f.traj.end());
    std::vector<std::vector<float>> out;
    d->forward(1, img.data(), traj.data(), out);
    return out.front();
}

QVector<Candidate> Classifier::fromLogits(const std::vector<float> &z, const QString &allowed,
                                          int n) const
{
    QVector<Candidate> c;
    if (z.size() != size_t(d->info.classes.size()))
        return c;
    double zmax = -1e300;
    QVector<int> idx;
    for (QChar ch : allowed) {
        const qsizetype i = d->info.classes.indexOf(ch);
        if (i < 0 || idx.contains(int(i)))
            continue;
        idx.append(int(i));
        zmax = std::max(zmax, double(z[size_t(i)]) / d->info.temperature);
    }
    // A network gone wrong (a logit that is not a finite number) knows nothing: every
    // character of the charset equally likely, so that every field it reads is doubtful.
    const bool lost =
        std::any_of(idx.cbegin(), idx.cend(), [&](int i) { return !std::isfinite(z[size_t(i)]); });
    double sum = 0;
    for (int i : idx) {
        const double e = lost ? 1.0 : std::exp(double(z[size_t(i)]) / d->info.temperature - zmax);
        c.append({d->info.classes.at(i), e});
        sum += e;
    }
    for (Candidate &x : c)
        x.prob /= sum;
    std::stable_sort(c.begin(), c.end(),
                     [](const Candidate &a, const Candidate &b) { return a.prob > b.prob; });
    if (n > 0 && c.size() > n)
        c.resize(n);
    return c;
}

std::vector<std::vector<float>>
Classifier::logitsMany(const QVector<QVector<ink::Stroke>> &characters) const
{
    std::vector<std::vector<float>> out;
    if (!d->loaded || characters.isEmpty())
        return out;
    const size_t imgSize = size_t(kImgChannels) * kGrid * kGrid;
    const size_t trajSize = size_t(kTrajChannels) * kTrajLen;
    int done = 0;
    const int count = int(characters.size());
    while (done < count) {
        const int left = count - done;
        // The largest size that fits, or 4 (padded) for 2-3 characters.
        int size = 1;
        for (int s : kBatchSizes)
            if (s <= left || (s == 4 && left >= 2)) {
                size = s;
                break;
            }
        std::vector<float> img(imgSize * size_t(size)), traj(trajSize * size_t(size));
        const int real = std::min(size, left);
        for (int i = 0; i < real; ++i) {
            const Features f = computeFeatures(characters[done + i]);
            std::copy(f.img.begin(), f.img.end(), img.begin() + ptrdiff_t(imgSize * size_t(i)));
            std::copy(f.traj.begin(), f.traj.end(), traj.begin() + ptrdiff_t(trajSize * size_t(i)));
        }
        d->forward(size, img.data(), traj.data(), out);
        out.resize(size_t(done + real)); // padding rows dropped
        done += real;
    }
    return out;
}

QVector<QVector<Candidate>>
Classifier::classifyMany(const QVector<QVector<ink::Stroke>> &characters, const QString &allowed,
                         int n) const
{
    QVector<QVector<Candidate>> out;
    for (const std::vector<float> &z : logitsMany(characters))
        out.append(fromLogits(z, allowed, n));
    return out;
}

QVector<Candidate> Classifier::classify(const QVector<ink::Stroke> &strokes, const QString &allowed,
                                        int n) const
{
    return fromLogits(logits(computeFeatures(strokes)), allowed, n);
}

QVector<Candidate> Classifier::classify(const QVector<ink::Stroke> &strokes, Charset charset,
                                        int n) const
{
    return classify(strokes, charsetChars(charset), n);
}

bool isValidationWriter(const QString &writer, int valPercent)
{
    const QByteArray h =
        QCryptographicHash::hash(writer.toUtf8(), QCryptographicHash::Md5).toHex().left(8);
    return int(h.toULongLong(nullptr, 16) % 100) < valPercent;
}

} // namespace plume::recognition
