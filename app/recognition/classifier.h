// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Boxed-character classifier: the ONNX model of resources/models run by OpenCV DNN.
#pragma once

#include "ink/stroke.h"
#include "recognition/preprocess.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

namespace plume::recognition {

enum class Charset { Digits, Upper, Lower, Alpha, Alnum, Email, Name, All };

// "digits", "upper", "lower", "alpha", "alnum", "email", "name", "all".
std::optional<Charset> parseCharset(const QString &name);
QString charsetName(Charset charset);
// The characters of a charset. email = a-z 0-9 @ . - _ ; name = A-Z a-z - '.
QString charsetChars(Charset charset);
// The charset `plumectl eval` uses for a sample when none is given: digits for 0-9,
// upper for A-Z, lower for a-z, all otherwise.
Charset charsetForTruth(QChar truth);

struct Candidate
{
    QChar ch;
    double prob = 0; // calibrated, renormalised over the allowed characters
};

// The candidates' probabilities raised to `exponent` and normalised again: under 1, the
// ink weighs less against what context knows (the PV's arithmetic, a postcode's communes).
void soften(QVector<Candidate> &candidates, double exponent);

struct ModelInfo
{
    QString version;
    QString dir;
    QString classes; // output index -> character
    double temperature = 1.0;
    double charThreshold = 0.5;  // a character below this is flagged
    double fieldThreshold = 0.5; // a field reading below this is flagged
    // Per charset (sidecar char_flag_thresholds / field_flag_thresholds, by charset
    // name): each catches >= 95 % of the errors of its own charset. Charsets without
    // their own threshold use the ones above.
    QHash<QString, double> charThresholds;
    QHash<QString, double> fieldThresholds;
    double charThresholdFor(Charset charset) const;
    double fieldThresholdFor(Charset charset) const;
    int valPercent = 15; // writer split: md5(writer)[:8] % 100 < valPercent
};

// A flag threshold is a probability above 0: 0 or less would never flag, over 1 always
// (the model's sidecar and the field thresholds of plume-fields.json).
inline bool isFlagThreshold(double t)
{
    return t > 0 && t <= 1;
}

class Classifier
{
public:
    Classifier();
    ~Classifier();
    Classifier(const Classifier &) = delete;
    Classifier &operator=(const Classifier &) = delete;

    // Model directory: $PLUME_MODEL_DIR, else datadir::locate("models/…") (installed
    // share dir; the source tree in a developer build). Empty if none holds the model.
    static QString findModelDir();
    // Threads OpenCV DNN may use (process wide); 1 for the single-core benchmark.
    static void setNumThreads(int threads);

    // Loads plume-chars.onnx and plume-chars.json from dir (findModelDir() when empty).
    bool load(const QString &dir = {}, QString *error = nullptr);
    bool isLoaded() const;
    const ModelInfo &info() const;

    // Raw logits for precomputed features (size = classes).
    std::vector<float> logits(const Features &features) const;
    // Calibrated probabilities over `allowed` (characters outside the model are ignored),
    // best first, at most n.
    QVector<Candidate> classify(const QVector<ink::Stroke> &strokes, const QString &allowed,
                                int n = 5) const;
    QVector<Candidate> classify(const QVector<ink::Stroke> &strokes, Charset charset,
                                int n = 5) const;
    QVector<Candidate> fromLogits(const std::vector<float> &logits, const QString &allowed,
                                  int n = 5) const;
    // Several characters in one forward pass of the network (the boxes of a field): the
    // same readings as classify() one by one, in about half the time.
    QVector<QVector<Candidate>> classifyMany(const QVector<QVector<ink::Stroke>> &characters,
                                             const QString &allowed, int n = 5) const;
    // Raw logits of several characters in one forward pass (each then read over its own
    // charset with fromLogits).
    std::vector<std::vector<float>>
    logitsMany(const QVector<QVector<ink::Stroke>> &characters) const;

private:
    QString loadNets(const QString &onnx); // error text, empty on success
    struct Private;
    std::unique_ptr<Private> d;
};

// The model's writer split (ModelInfo::valPercent): a validation writer when the first 8
// hex digits of md5(writer key), as a number, mod 100 < valPercent (tools/train/data.py).
bool isValidationWriter(const QString &writer, int valPercent);

} // namespace plume::recognition
