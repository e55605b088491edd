// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Charsets and the model's thresholds per charset: apart from the network (classifier.cpp),
// so that a program that only names charsets (plume-hq) does not link OpenCV.
#include "recognition/classifier.h"

#include <cmath>

namespace plume::recognition {

namespace {
const QString kDigits = QStringLiteral("0123456789");
const QString kUpper = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const QString kLower = QStringLiteral("abcdefghijklmnopqrstuvwxyz");
const QString kSymbols = QStringLiteral("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
} // namespace

std::optional<Charset> parseCharset(const QString &name)
{
    static const std::pair<const char *, Charset> names[] = {
        {"digits", Charset::Digits}, {"upper", Charset::Upper}, {"lower", Charset::Lower},
        {"alpha", Charset::Alpha},   {"alnum", Charset::Alnum}, {"email", Charset::Email},
        {"name", Charset::Name},     {"all", Charset::All}};
    for (const auto &[n, c] : names)
        if (name == QLatin1String(n))
            return c;
    return std::nullopt;
}

QString charsetName(Charset charset)
{
    switch (charset) {
    case Charset::Digits:
        return QStringLiteral("digits");
    case Charset::Upper:
        return QStringLiteral("upper");
    case Charset::Lower:
        return QStringLiteral("lower");
    case Charset::Alpha:
        return QStringLiteral("alpha");
    case Charset::Alnum:
        return QStringLiteral("alnum");
    case Charset::Email:
        return QStringLiteral("email");
    case Charset::Name:
        return QStringLiteral("name");
    case Charset::All:
        break;
    }
    return QStringLiteral("all");
}

double ModelInfo::charThresholdFor(Charset charset) const
{
    return charThresholds.value(charsetName(charset), charThreshold);
}

double ModelInfo::fieldThresholdFor(Charset charset) const
{
    return fieldThresholds.value(charsetName(charset), fieldThreshold);
}

QString charsetChars(Charset charset)
{
    switch (charset) {
    case Charset::Digits:
        return kDigits;
    case Charset::Upper:
        return kUpper;
    case Charset::Lower:
        return kLower;
    case Charset::Alpha:
        return kUpper + kLower;
    case Charset::Alnum:
        return kDigits + kUpper + kLower;
    case Charset::Email:
        return kLower + kDigits + QStringLiteral("@.-_");
    case Charset::Name:
        return kUpper + kLower + QStringLiteral("-'");
    case Charset::All:
        break;
    }
    return kDigits + kUpper + kLower + kSymbols;
}

void soften(QVector<Candidate> &candidates, double exponent)
{
    if (exponent == 1.0)
        return;
    double sum = 0;
    for (Candidate &c : candidates)
        sum += (c.prob = std::pow(c.prob, exponent));
    if (sum > 0)
        for (Candidate &c : candidates)
            c.prob /= sum;
}

Charset charsetForTruth(QChar truth)
{
    if (kDigits.contains(truth))
        return Charset::Digits;
    if (kUpper.contains(truth))
        return Charset::Upper;
    if (kLower.contains(truth))
        return Charset::Lower;
    return Charset::All;
}

} // namespace plume::recognition
