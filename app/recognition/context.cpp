// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/context.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace plume::recognition {

double FieldThresholds::thresholdFor(const QString &kind, double fallback) const
{
    if (disabled)
        return 0;
    return byKind.value(kind, fallback);
}

QString pvThresholdKind(const QString &field)
{
    if (field == QLatin1String("inscrits"))
        return QStringLiteral("pv_inscrits");
    if (field == QLatin1String("votants"))
        return QStringLiteral("pv_votants");
    return QStringLiteral("pv_count");
}

FieldThresholds FieldThresholds::none()
{
    FieldThresholds t;
    t.disabled = true;
    return t;
}

std::optional<FieldThresholds> FieldThresholds::load(const QString &modelDir, QString *error)
{
    QFile f(modelDir + QStringLiteral("/plume-fields.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("plume::recognition", "impossible de lire %1 : %2")
                         .arg(f.fileName(), f.errorString());
        return std::nullopt;
    }
    QJsonParseError perr;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &perr).object();
    if (perr.error != QJsonParseError::NoError) {
        if (error)
            *error = QCoreApplication::translate("plume::recognition",
                                                 "%1 n'est pas du JSON valide : %2")
                         .arg(f.fileName(), perr.errorString());
        return std::nullopt;
    }
    FieldThresholds t;
    t.modelVersion = o.value(QStringLiteral("model_version")).toString();
    const QJsonObject th = o.value(QStringLiteral("field_thresholds")).toObject();
    // Anything but a flag threshold is ignored: the model's threshold of the field's charset
    // applies.
    for (auto it = th.constBegin(); it != th.constEnd(); ++it)
        if (const double v = it.value().toDouble(-1); isFlagThreshold(v))
            t.byKind.insert(it.key(), v);
    return t;
}

int phoneZoneOfDepartment(int d)
{
    if (d == 75 || d == 77 || d == 78 || (d >= 91 && d <= 95))
        return 1;
    static const int northWest[] = {14, 18, 22, 27, 28, 29, 35, 36, 37, 41, 44, 45,
                                    49, 50, 53, 56, 61, 72, 76, 79, 85, 86, 97};
    static const int northEast[] = {2,  8,  10, 21, 25, 39, 51, 52, 54, 55, 57, 58,
                                    59, 60, 62, 67, 68, 70, 71, 80, 88, 89, 90};
    static const int southEast[] = {1,  4,  5,  6,  7,  11, 13, 15, 20, 26, 30, 34,
                                    38, 42, 43, 48, 63, 66, 69, 73, 74, 83, 84};
    for (int x : northWest)
        if (x == d)
            return 2;
    for (int x : northEast)
        if (x == d)
            return 3;
    for (int x : southEast)
        if (x == d)
            return 4;
    return 5;
}

} // namespace plume::recognition

namespace plume::recognition {

namespace {
constexpr double kFloor = 1e-4; // a character the box's n-best does not hold
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
} // namespace

bool isSpacePosition(const QVector<Candidate> &pos)
{
    return pos.size() == 1 && pos.first().ch == QLatin1Char(' ');
}

double logAdd(double a, double b)
{
    if (a == kNegInf)
        return b;
    if (b == kNegInf)
        return a;
    const double m = std::max(a, b);
    return m + std::log(std::exp(a - m) + std::exp(b - m));
}

QString trRecognition(const char *text)
{
    return QCoreApplication::translate("plume::recognition", text);
}

Lattice latticeOf(const QVector<BoxReading> &boxes, bool spaces, bool *inkAfterEnd)
{
    Lattice pos;
    bool ended = false;
    int pendingSpaces = 0;
    if (inkAfterEnd)
        *inkAfterEnd = false;
    for (const BoxReading &b : boxes) {
        if (b.mergedInto)
            continue;
        if (b.empty()) {
            if (spaces && !pos.isEmpty())
                ++pendingSpaces;
            else if (!pos.isEmpty())
                ended = true;
            continue;
        }
        if (ended) {
            if (inkAfterEnd)
                *inkAfterEnd = true;
            continue;
        }
        if (pendingSpaces > 0)
            pos.append({Candidate{QLatin1Char(' '), 1.0}});
        pendingSpaces = 0;
        pos.append(b.nbest);
    }
    return pos;
}

double inkLogProb(const Lattice &lattice, const QString &value, double stopBelow)
{
    if (value.size() != lattice.size())
        return kNegInf;
    double lp = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value[i];
        if (isSpacePosition(lattice[i])) {
            if (c != QLatin1Char(' ') && c != QLatin1Char('-') && c != QLatin1Char('\''))
                return kNegInf;
            continue;
        }
        if (c == QLatin1Char(' '))
            return kNegInf;
        lp += std::log(std::max(probOf(lattice[i], c), kFloor));
        if (lp < stopBelow)
            return kNegInf;
    }
    return lp;
}

InkScorer::InkScorer(const Lattice &lattice) : m_lattice(lattice)
{
    m_table.resize(size_t(lattice.size()));
    m_space.resize(size_t(lattice.size()));
    for (qsizetype i = 0; i < lattice.size(); ++i) {
        std::array<double, 128> &t = m_table[size_t(i)];
        m_space[size_t(i)] = isSpacePosition(lattice[i]);
        if (m_space[size_t(i)]) {
            t.fill(kNegInf);
            t[' '] = t['-'] = t['\''] = 0;
            continue;
        }
        t.fill(std::log(kFloor));
        std::array<bool, 128> seen{};
        for (const Candidate &cand : lattice[i]) // the first candidate of a character counts
            if (const char16_t u = cand.ch.unicode(); u < 128 && !seen[u]) {
                seen[u] = true;
                t[u] = std::log(std::max(cand.prob, kFloor));
            }
        t[' '] = kNegInf;
    }
}

double InkScorer::operator()(const QString &value, double stopBelow) const
{
    if (value.size() != m_lattice.size())
        return kNegInf;
    double lp = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t u = value[i].unicode();
        if (u >= 128) // outside the table: the character's candidates, or the floor
            return inkLogProb(m_lattice, value, stopBelow);
        lp += m_table[size_t(i)][u];
        if (lp < stopBelow || lp == kNegInf)
            return kNegInf;
    }
    return lp;
}

QString asWritten(const Lattice &lattice, const QString &value)
{
    QString out = value;
    for (qsizetype i = 0; i < out.size() && i < lattice.size(); ++i)
        if (isSpacePosition(lattice[i]))
            out[i] = QLatin1Char(' ');
    return out;
}

QJsonValue proposalOf(const Hypothesis &h)
{
    const QString what = h.proposal.isEmpty() ? h.value : h.proposal;
    if (h.why.isNull())
        return what;
    return Reason(ReasonCode::Proposal, {what, h.why.toJson()}).toJson();
}

namespace {
// Hypotheses merged by value (the larger prior and the non-empty reason kept), best first.
QVector<Hypothesis> merged(const QVector<Hypothesis> &hyps)
{
    QVector<Hypothesis> out;
    QHash<QString, qsizetype> at;
    for (const Hypothesis &h : hyps) {
        if (h.score() == kNegInf || std::isnan(h.score()))
            continue;
        auto it = at.constFind(h.value);
        if (it == at.constEnd()) {
            at.insert(h.value, out.size());
            out.append(h);
            continue;
        }
        Hypothesis &m = out[*it];
        if (h.logPrior > m.logPrior) {
            m.logPrior = h.logPrior;
            if (!h.why.isNull())
                m.why = h.why, m.proposal = h.proposal;
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Hypothesis &a, const Hypothesis &b) {
        return a.score() > b.score();
    });
    return out;
}
} // namespace

namespace {
// One extension of a hypothesis by a candidate, scored before its value is built.
struct Extension
{
    qsizetype from; // hypothesis
    qsizetype cand; // candidate of the position
    double logInk, logPrior;
    double score() const { return logInk + logPrior; }
};

// Best first, and in the order they were made among equals: the order std::stable_sort by
// score gives, as a strict order on extensions that all differ.
bool betterExtension(const Extension &a, const Extension &b)
{
    if (a.score() != b.score())
        return a.score() > b.score();
    return a.from != b.from ? a.from < b.from : a.cand < b.cand;
}

// The best `width` extensions of `hyps` by the position's candidates that the filter
// accepts, best first: scored first, strings built only for those taken (sorting 512
// hypotheses with their strings was most of a sheet's decoding time), and only as many
// extensions put in order as are taken (a heap, `width` at a time, not all of them).
QVector<Hypothesis> extend(const QVector<Hypothesis> &hyps, const QVector<Candidate> &pos,
                           const CharLm *lm, int width, const ValueFilter &ok)
{
    std::vector<Extension> ext;
    ext.reserve(size_t(hyps.size() * pos.size()));
    for (qsizetype i = 0; i < hyps.size(); ++i)
        for (qsizetype k = 0; k < pos.size(); ++k)
            if (pos[k].prob > 0)
                ext.push_back(
                    {i, k, hyps[i].logInk + std::log(pos[k].prob),
                     hyps[i].logPrior + (lm ? lm->logProb(hyps[i].value, pos[k].ch) : 0)});
    QVector<Hypothesis> next;
    for (size_t e = 0, ordered = 0; e < ext.size() && next.size() < width; ++e) {
        if (e == ordered) { // the next `width` best of those left, in order
            ordered = std::min(ext.size(), e + size_t(width));
            std::partial_sort(ext.begin() + ptrdiff_t(e), ext.begin() + ptrdiff_t(ordered),
                              ext.end(), betterExtension);
        }
        Hypothesis h{
            hyps[ext[e].from].value + pos[ext[e].cand].ch, ext[e].logInk, ext[e].logPrior, {}, {}};
        if (!ok || ok(h.value, false))
            next.append(std::move(h));
    }
    return next;
}
} // namespace

QVector<Hypothesis> beamSearch(const Lattice &lattice, const CharLm *lm, int keep,
                               const ValueFilter &ok)
{
    QVector<Hypothesis> hyps{Hypothesis{}};
    const int width = std::max(keep, 64);
    for (const auto &pos : lattice)
        hyps = extend(hyps, pos, lm, width, ok);
    QVector<Hypothesis> out;
    for (Hypothesis h : hyps) {
        if (ok && !ok(h.value, true))
            continue;
        if (lm)
            h.logPrior += lm->logProb(h.value, QChar());
        out.append(h);
    }
    std::stable_sort(out.begin(), out.end(), [](const Hypothesis &a, const Hypothesis &b) {
        return a.score() > b.score();
    });
    if (out.size() > keep)
        out.resize(keep);
    return out;
}

ContextReading decide(QVector<Hypothesis> hyps, const Hypothesis &inkBest, double threshold)
{
    hyps.append(inkBest);
    const QVector<Hypothesis> m = merged(hyps);
    ContextReading r;
    if (m.isEmpty())
        return r;
    double z = kNegInf;
    for (const Hypothesis &h : m)
        z = logAdd(z, h.score());
    const Hypothesis &top = m.first();
    const auto ink = std::find_if(m.cbegin(), m.cend(),
                                  [&](const Hypothesis &h) { return h.value == inkBest.value; });
    const bool disagrees =
        ink != m.cend() && top.value != inkBest.value && ink->logInk - top.logInk > kInkDisagrees;
    // A value the context supports (lexicon, postcode, names, station) is shown even when the
    // ink disagrees, flagged, with the plain reading in F2; a mere language-model preference
    // never overrides the ink.
    const Hypothesis &shown = disagrees && top.why.isNull() ? *ink : top;
    r.value = shown.value;
    r.confidence = std::exp(shown.score() - z);
    r.logEvidence = z;
    if (disagrees && &shown == &top) // the plain reading first: F2 keeps what was read
        r.alternatives.append({ink->value, std::exp(ink->score() - z)});
    for (const Hypothesis &h : m)
        if (h.value != shown.value && r.alternatives.size() < 4 &&
            (r.alternatives.isEmpty() || r.alternatives.first().first != h.value))
            r.alternatives.append({h.value, std::exp(h.score() - z)});
    if (disagrees && &shown == &top) {
        r.flagged = true;
        addReason(r, Reason(ReasonCode::ReadProposed, {ink->value, proposalOf(top)}));
    } else if (doubtful(r.confidence, threshold)) {
        r.flagged = true;
        addReason(r, lowConfidence(r.confidence, threshold));
        const auto next = std::find_if(m.cbegin(), m.cend(),
                                       [&](const Hypothesis &h) { return h.value != shown.value; });
        if (next != m.cend() && !next->why.isNull())
            addReason(r, Reason(ReasonCode::ProposedInF2, {proposalOf(*next)}));
    }
    return r;
}

namespace {
// '.', '-' and '_' are one blob or bar to the classifier (its input is scaled to the ink):
// the box tells them apart. Small ink (under a quarter of the box height) is '.', a bar in
// the lower third of its box is '_', higher up it is '-'.
void placePunctuation(QVector<Candidate> &nbest, const QVector<ink::Stroke> &strokes,
                      const QRectF &box)
{
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const ink::Stroke &s : strokes)
        for (const ink::Dot &d : s.dots) {
            x0 = std::min(x0, d.x), x1 = std::max(x1, d.x);
            y0 = std::min(y0, d.y), y1 = std::max(y1, d.y);
        }
    const bool small = std::max(x1 - x0, y1 - y0) < 0.25 * box.height();
    const bool low = (y0 + y1) / 2 > box.top() + box.height() * 2 / 3;
    const QChar keep = small ? QLatin1Char('.') : low ? QLatin1Char('_') : QLatin1Char('-');
    double moved = 0;
    for (Candidate &c : nbest)
        if (c.ch != keep && QStringLiteral(".-_").contains(c.ch))
            moved += c.prob, c.prob = 0;
    if (moved <= 0)
        return;
    auto it =
        std::find_if(nbest.begin(), nbest.end(), [&](const Candidate &c) { return c.ch == keep; });
    if (it == nbest.end())
        nbest.append({keep, moved});
    else
        it->prob += moved;
    nbest.removeIf([](const Candidate &c) { return c.prob <= 0; });
    std::stable_sort(nbest.begin(), nbest.end(),
                     [](const Candidate &a, const Candidate &b) { return a.prob > b.prob; });
}
} // namespace

namespace {
// The box readings of a field without their n-best; its characters to classify appended
// to `characters` (with their box in `at`).
QVector<BoxReading> emptyReadings(const BoxInk &g, QVector<QVector<ink::Stroke>> &characters,
                                  QVector<qsizetype> &at)
{
    QVector<BoxReading> readings(g.strokes.size());
    for (qsizetype b = 0; b < g.strokes.size(); ++b) {
        BoxReading &br = readings[b];
        br.strokeCount = int(g.strokes[b].size());
        br.mergedInto = g.mergedInto[b];
        br.note = g.notes[b];
        if (!g.strokes[b].isEmpty() && !br.mergedInto) {
            characters.append(g.strokes[b]);
            at.append(b);
        }
    }
    return readings;
}
} // namespace

QVector<BoxesResult> readBoxesMany(const Classifier &classifier,
                                   const QVector<BoxesRequest> &requests)
{
    QVector<BoxesResult> out(requests.size());
    QVector<BoxInk> ink;
    QVector<QVector<ink::Stroke>> characters;
    QVector<QPair<qsizetype, qsizetype>> where; // (request, box) of each character
    for (qsizetype r = 0; r < requests.size(); ++r) {
        ink.append(groupInk(requests[r].strokes, requests[r].boxes));
        QVector<qsizetype> at;
        out[r].boxes = emptyReadings(ink.last(), characters, at);
        out[r].outside = ink.last().outside;
        for (qsizetype b : at)
            where.append({r, b});
    }
    const auto logits = classifier.logitsMany(characters);
    for (qsizetype i = 0; i < qsizetype(logits.size()); ++i) {
        const auto [r, b] = where[i];
        const BoxesRequest &req = requests[r];
        QVector<Candidate> &nbest = out[r].boxes[b].nbest;
        nbest = classifier.fromLogits(logits[size_t(i)], req.allowed, req.n);
        if (req.allowed.contains(QLatin1Char('_')) && req.allowed.contains(QLatin1Char('.')))
            placePunctuation(nbest, ink[r].strokes[b], req.boxes[b]);
    }
    return out;
}

QVector<BoxReading> readBoxes(const Classifier &classifier, const QVector<ink::Stroke> &strokes,
                              const QVector<QRectF> &boxes, const QString &allowed, int n,
                              int *outside)
{
    const QVector<BoxesResult> r = readBoxesMany(classifier, {{strokes, boxes, allowed, n}});
    if (outside)
        *outside = r.first().outside;
    return r.first().boxes;
}

ContextReading decodeStationCode(const QVector<BoxReading> &boxes, const QString &stationCode,
                                 double threshold)
{
    const Lattice l = latticeOf(boxes, true);
    QVector<Hypothesis> hyps;
    const double uniform = std::log(1.0 / 11);
    for (const Hypothesis &h : beamSearch(l, nullptr, 16, {}))
        hyps.append({h.value, h.logInk, std::log(0.05) + uniform * double(l.size()), {}, {}});
    if (hyps.isEmpty())
        return {};
    const Hypothesis inkBest = hyps.first();
    if (!stationCode.isEmpty())
        hyps.append(
            {stationCode, inkLogProb(l, stationCode), std::log(0.95), ReasonCode::StationCode, {}});
    return decide(hyps, inkBest, threshold);
}

} // namespace plume::recognition
