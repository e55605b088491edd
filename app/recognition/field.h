// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Comb fields: one character per printed box, decoded under a field grammar.
#pragma once

#include "ink/stroke.h"
#include "recognition/classifier.h"
#include "recognition/reason.h"

#include <QRectF>
#include <QString>
#include <QVector>

#include <cmath>

namespace plume::recognition {

struct FieldGrammar
{
    enum Kind {
        Digits,   // a count: 1..boxes digits
        Postcode, // 5 digits, department 01-95 or 97/98
        Phone,    // French phone: 10 digits, 0 then 1-9
        Name,     // letters, hyphen, apostrophe; an empty box between letters is a space;
                  // all capitals or capitalised words
        Email,    // local@domain.tld, usual domains preferred (emailDomains())
        YesNo,    // any mark in the box(es) = "yes"
    };
    Kind kind = Digits;
    static FieldGrammar digits() { return {Digits}; }
    static FieldGrammar postcode() { return {Postcode}; }
    static FieldGrammar phone() { return {Phone}; }
    static FieldGrammar name() { return {Name}; }
    static FieldGrammar email() { return {Email}; }
    static FieldGrammar yesNo() { return {YesNo}; }
};

// The usual e-mail domains of the lexicon.
const QStringList &emailDomains();

struct BoxReading
{
    QVector<Candidate> nbest; // empty for an empty box
    int strokeCount = 0;
    bool empty() const { return nbest.isEmpty(); }
    bool mergedInto = false; // its ink belongs to the character of a neighbouring box
    Reason note;             // e.g. "caractère écrit sur les cases 3-4"
};

struct FieldReading
{
    QString value;
    double confidence = 0; // probability of the value given the boxes' readings
    bool flagged = false;
    QString reason;  // why it is flagged, in French ("" when not flagged)
    Reasons reasons; // the same as codes (reason.h)
    QVector<BoxReading> boxes;
};

// Which box each stroke belongs to: the box holding most of its ink (arc length inside
// the box; a dot counts where it lies). A stroke with no ink inside any box goes to the
// nearest box when within half a box width of it, else -1 (outside the field).
QVector<int> assignStrokesToBoxes(const QVector<ink::Stroke> &strokes,
                                  const QVector<QRectF> &boxes);

// Arc length of a stroke inside rect.
double inkInside(const ink::Stroke &stroke, const QRectF &rect);

// Groups the strokes per box and merges a character written over two neighbouring boxes
// into the box with most of its ink (the other box is marked mergedInto, with a note).
struct BoxInk
{
    QVector<QVector<ink::Stroke>> strokes; // per box
    QVector<Reason> notes;                 // per box
    QVector<bool> mergedInto;              // per box
    int outside = 0;                       // strokes outside every box
};
BoxInk groupInk(const QVector<ink::Stroke> &strokes, const QVector<QRectF> &boxes);

// Decodes per-box n-best readings under a grammar (boxes already classified). Used by
// recognizeField and directly by tests.
FieldReading decodeField(const QVector<BoxReading> &boxes, const FieldGrammar &grammar,
                         double fieldThreshold);

// Appends a flag reason to the ones already given: "a ; b" (the one separator of
// field, PV and form reasons).
void appendReason(QString &reasons, const QString &reason);

// A confidence under its threshold, or not a number (a model gone wrong): doubtful, never
// silently accepted.
inline bool doubtful(double confidence, double threshold)
{
    return !(confidence >= threshold);
}

// The reason given for a field below its threshold, in French as shown to the official:
// "lecture incertaine (confiance 98,5 %, ce champ en demande 99,2 %)" (one decimal, the confidence
// rounded down and the threshold up, so that they never read as equal).
QString lowConfidenceReason(double confidence, double threshold);
// The same as a reason code with its two percentages.
Reason lowConfidence(double confidence, double threshold);

// Priors of the domain of an e-mail, for the plain reading and reading in context alike: a
// usual provider 0.97 (times its share in context), any other domain 0.03 spread over its
// characters (38 possible each).
inline constexpr double kUsualDomainPrior = 0.97;
inline constexpr double kOtherDomainPrior = 0.03;
inline constexpr double kDomainChars = 38;
// log prior of one particular domain of `length` characters that is no usual provider.
inline double otherDomainLogPrior(qsizetype length)
{
    return std::log(kOtherDomainPrior) - double(length) * std::log(kDomainChars);
}

// The probability of `ch` in a box's n-best (0 when the n-best does not hold it; an n-best
// holds each character once).
inline double probOf(const QVector<Candidate> &candidates, QChar ch)
{
    for (const Candidate &c : candidates)
        if (c.ch == ch)
            return c.prob;
    return 0;
}

// The shapes of values, for a prefix (final = false) or a whole value (final = true).
bool allDigits(const QString &s);
bool isNameSeparator(QChar c); // '-', '\'' or ' '
// An apostrophe after more than one letter of its word (names write D'ALMEIDA, L'HUILLIER,
// N'DIAYE, DE L'ISLE: a lone bar read as ' inside a word is a misreading).
bool misplacedApostrophe(const QString &s);
// A digit directly followed by a letter (e-mail local parts put digits last: lea.martin75;
// p0ub0l is a misreading of poubol).
bool digitBeforeLetter(const QString &s);
// Letters in words separated by single '-', '\'' or ' ', an apostrophe only after a word's
// first letter; all capitals, or every word capitalised (with capsOnly: all capitals).
bool nameShape(const QString &s, bool final, bool capsOnly);
// 5 digits, department 01-95 or 97/98.
bool postcodeShape(const QString &s, bool final);
// French phone: 10 digits, 0 then 1-9.
bool phoneShape(const QString &s, bool final);

// Charset used to classify the boxes of a grammar.
Charset grammarCharset(const FieldGrammar &grammar);

FieldReading recognizeField(const Classifier &classifier, const QVector<ink::Stroke> &strokes,
                            const QVector<QRectF> &boxes, const FieldGrammar &grammar);

} // namespace plume::recognition
