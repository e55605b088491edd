// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Reading in context (issue 16): the fields of a sheet decoded together, with lexicons and
// the form's rules as a soft prior, and field confidences calibrated per field type.
#pragma once

#include "recognition/field.h"
#include "recognition/lexicon.h"

#include <QHash>
#include <QJsonValue>
#include <QMap>
#include <QString>

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace plume::recognition {

// Share of each field type's wrong readings that its threshold flags (issue 16, item 4).
inline constexpr double kFieldFlagTarget = 0.99;

// Field thresholds per field type ("pv_count", "pv_inscrits", "pv_votants", "code_bureau", "nom",
// "prenom", "adresse", "code_postal", "commune", "email", "telephone", "consentement"), fitted by
// `plumectl eval-sheets --calibrate` on validation writers (resources/models/plume-fields.json).
struct FieldThresholds
{
    QString modelVersion;
    QHash<QString, double> byKind;
    bool disabled = false; // calibration runs: no confidence threshold at all

    // The threshold of a field type; `fallback` when the file has none for it.
    double thresholdFor(const QString &kind, double fallback) const;
    static FieldThresholds none();
    // plume-fields.json of the model directory; nullopt (and *error) when absent or bad.
    static std::optional<FieldThresholds> load(const QString &modelDir, QString *error = nullptr);
};

// The threshold kind of a PV count: "pv_inscrits" and "pv_votants" for the two counts the
// PV's arithmetic does not pin down (bound only by votants <= inscrits and the soft priors
// of the registered number and of votants = enveloppes), "pv_count" for every other one
// (each is checked by an equation). A thresholds file without the first two gives them
// pv_count's.
QString pvThresholdKind(const QString &field);

// log(exp(a) + exp(b)), exact for -inf.
double logAdd(double a, double b);
// The recogniser's texts for a person (French source, translatable in context
// "plume::recognition").
QString trRecognition(const char *text);

// The geographic zone of a French phone number (01 Île-de-France, 02 north-west, 03
// north-east, 04 south-east, 05 south-west) for a department number.
int phoneZoneOfDepartment(int department);

} // namespace plume::recognition

namespace plume::recognition {

// The positions of a comb field: one per box with ink, up to the first empty box (with
// `spaces`, an empty box between characters is a space position, {' ', 1}).
using Lattice = QVector<QVector<Candidate>>;
// A space position of a lattice (an empty box between characters).
bool isSpacePosition(const QVector<Candidate> &pos);
// How much likelier the ink alone must find a reading before a value context prefers is
// kept out of the field (shown flagged, or not at all): 20 to 1, as a log ratio.
inline const double kInkDisagrees = std::log(20.0);
Lattice latticeOf(const QVector<BoxReading> &boxes, bool spaces, bool *inkAfterEnd = nullptr);
// log P(ink | value): the boxes' probabilities of the value's characters (a character the
// n-best does not hold gets a small floor); a space position also takes '-' and '\''.
// With `stopBelow`, the sum stops (-inf) as soon as it falls under it.
double inkLogProb(const Lattice &lattice, const QString &value,
                  double stopBelow = -std::numeric_limits<double>::infinity());
// inkLogProb of many values against one lattice (lexicon words): the log probabilities of
// the ASCII characters at each position looked up in a table made once.
class InkScorer
{
public:
    explicit InkScorer(const Lattice &lattice);
    double operator()(const QString &value,
                      double stopBelow = -std::numeric_limits<double>::infinity()) const;

private:
    const Lattice &m_lattice;
    std::vector<std::array<double, 128>> m_table; // log P per position and ASCII character
    std::vector<bool> m_space;                    // space positions
};
// The value as written: lexicon characters at space positions become spaces.
QString asWritten(const Lattice &lattice, const QString &value);

struct Hypothesis
{
    QString value;
    double logInk = 0;   // log P(ink | value)
    double logPrior = 0; // log P(value) (lexicon, language model, rules)
    Reason why;          // why context likes it (nom fréquent), null for a plain reading
    QString proposal;    // how it is proposed, e.g. "75011 → PARIS"; default: the value
    double score() const { return logInk + logPrior; }
};

// "MARTIN (nom fréquent)": a hypothesis as a proposal (its value, or its `proposal`, and
// why context proposes it); the bare value when context has no reason.
QJsonValue proposalOf(const Hypothesis &h);

struct ContextReading
{
    QString value;
    double confidence = 0; // posterior probability of the value
    bool flagged = false;
    QString reason;                               // in French
    Reasons reasons;                              // the same as codes (reason.h)
    QVector<QPair<QString, double>> alternatives; // other values, most probable first
    // log of the summed scores of the hypotheses decide() weighed: how well the field's
    // model explains the ink (-inf when the reading did not come from decide()).
    double logEvidence = -std::numeric_limits<double>::infinity();
};

// The best values of a lattice by ink (plus the character model's log-probability when lm
// is given, in logPrior), `keep` of them; `ok(prefix, final)` rejects values early.
using ValueFilter = std::function<bool(const QString &, bool)>;
QVector<Hypothesis> beamSearch(const Lattice &lattice, const CharLm *lm, int keep,
                               const ValueFilter &ok);

// The posterior over hypotheses (merged by value). The most probable value is read unless
// the ink clearly disagrees with it (the plain reading `inkBest` is 20 times likelier on
// the ink alone): then the plain reading is kept, flagged, and the context's value is
// proposed in F2. A value below `threshold` is flagged, with the context's proposal if any.
ContextReading decide(QVector<Hypothesis> hyps, const Hypothesis &inkBest, double threshold);

// Reads a contact sheet in context: nom and prénom against the name lexicons and a
// character model, code_postal and commune jointly (the communes of the postcode),
// email jointly with prénom and nom and against the usual providers, adresse word by word
// (street types and words), telephone by the French numbering plan. `fields` maps the
// field names of resources/forms/contact.json to their boxes' readings; the result has
// one reading per field given, or, with `changed`, per field given that reads in context
// with it (nom, prénom and email; code postal, commune and téléphone; adresse alone).
// With `cache` (one per sheet), a field whose boxes and the readings it depends on did not
// change since the last call is not decoded again.
class ContactDecodingCache;
QMap<QString, ContextReading>
decodeContactSheet(const QMap<QString, QVector<BoxReading>> &fields, const Lexicons &lexicons,
                   const FieldThresholds &thresholds, const ModelInfo &model,
                   const QString &changed = {}, ContactDecodingCache *cache = nullptr);

// The last decoding of each contact field with the fingerprint of what it depended on.
class ContactDecodingCache
{
public:
    std::optional<ContextReading> find(const QString &field, const QByteArray &key) const;
    void insert(const QString &field, const QByteArray &key, const ContextReading &reading);

private:
    QHash<QString, QPair<QByteArray, ContextReading>> m_entries;
};

// The code du bureau against the station's own code (the prior), box by box.
ContextReading decodeStationCode(const QVector<BoxReading> &boxes, const QString &stationCode,
                                 double threshold);

// The characters each contact field is read with.
QString contactFieldChars(const QString &field);

// Per-box readings of a comb field (strokes grouped by box, each box classified over
// `allowed`, n best), as recognizeField computes them; `outside` counts strokes outside
// every box.
QVector<BoxReading> readBoxes(const Classifier &classifier, const QVector<ink::Stroke> &strokes,
                              const QVector<QRectF> &boxes, const QString &allowed, int n,
                              int *outside = nullptr);

// The boxes of several fields (a whole sheet) read in one forward pass of the network.
struct BoxesRequest
{
    QVector<ink::Stroke> strokes;
    QVector<QRectF> boxes;
    QString allowed;
    int n = 8;
};
struct BoxesResult
{
    QVector<BoxReading> boxes;
    int outside = 0; // strokes outside every box
};
QVector<BoxesResult> readBoxesMany(const Classifier &classifier,
                                   const QVector<BoxesRequest> &requests);

} // namespace plume::recognition
