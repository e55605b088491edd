// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Joint decoding of the count fields of a PV (procès-verbal) under its arithmetic.
#pragma once

#include "recognition/field.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace plume::recognition {

// Field names: "inscrits", "votants", "enveloppes", "blancs", "nuls", "exprimes",
// "voix.<candidate id>". Each value is the per-box n-best of that count field (empty
// boxes end the number, as in comb fields).
using PvBoxes = QMap<QString, QVector<BoxReading>>;

struct PvFieldResult
{
    qint64 value = -1; // -1 = unreadable
    qint64 perFieldBest = -1;
    QString read; // the boxes' best digits, as read (« 05 », where perFieldBest is 45)
    // Probability of `value`: when the PV is consistent, its marginal over every reading of
    // the PV that satisfies the arithmetic (with the soft priors of PvOptions); otherwise
    // among the field's own readings.
    double confidence = 0;
    bool flagged = false;
    QString reason;  // in French
    Reasons reasons; // the same as codes (reason.h)
};

struct PvDecoding
{
    bool consistent = false; // the chosen values satisfy every constraint
    QMap<QString, PvFieldResult> fields;
    QString message;      // summary for the official (always set when something is flagged)
    Reason messageReason; // the same as a code
    void setMessage(const Reason &why)
    {
        messageReason = why;
        message = why.text(false);
    }
    double jointLogProb = 0;    // of the chosen assignment
    double perFieldLogProb = 0; // of the per-field best readings
};

struct PvOptions
{
    int candidatesPerField = 24; // numbers kept per field
    // A consistent assignment is accepted when its probability is at least this fraction
    // of the per-field best readings' probability; otherwise the PV is reported
    // inconsistent and the per-field readings are kept.
    // (Every value a consistent assignment changes is flagged, so a low bar only moves
    // readings the official is asked to check.)
    double minRelativeProb = 1e-8;
    // Soft priors of the field confidences (never a change of value): the registered
    // number of voters when the election file knows it, and votants = enveloppes (usually).
    std::optional<qint64> expectedInscrits;
    double otherwise = 0.05;         // weight of votants ≠ enveloppes, 1 to 3 apart
    double farOtherwise = 0.002;     // weight of votants and enveloppes further apart
    double inscritsOtherwise = 0.01; // weight of inscrits ≠ the registered number, up to
                                     // inscritsNear apart (late registrations)
    // weight of inscrits further from the registered number: the PV copies the list's
    // count, so 1162 for a list of 1062 is far likelier a misread 0 than 100 late voters
    double inscritsFarOtherwise = 0.0001;
    qint64 inscritsNear = 10;
    // The boxes' probabilities are raised to this power (and normalised) before decoding:
    // under 1, a digit the character model reads wrong but surely can still be put right
    // by the arithmetic, the PV's checksum. 0.8 was chosen on validation writers among
    // 1, 0.9, 0.8, 0.7, 0.6 and 0.5 (eval-sheets): more PVs read right, fewer right counts
    // flagged; lower exponents read more right but flag more.
    double inkExponent = 0.8;
};

// The n most probable numbers of a count field, from its boxes (probabilities multiply).
QVector<QPair<qint64, double>> countCandidates(const QVector<BoxReading> &boxes, int n);

PvDecoding decodePv(const PvBoxes &fields, const PvOptions &options = {});

} // namespace plume::recognition
