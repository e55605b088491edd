// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/pv.h"

#include "recognition/context.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace plume::recognition {

namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

QString fieldLabel(const QString &name)
{
    if (name == QLatin1String("exprimes"))
        return QStringLiteral("exprimés");
    return name;
}

// ---- marginal confidences of a consistent PV ------------------------------------------

using Dist = std::unordered_map<qint64, double>; // value -> probability

Dist normalised(const QVector<QPair<qint64, double>> &cands)
{
    Dist d;
    if (cands.isEmpty())
        return d;
    double z = 0;
    for (const auto &c : cands)
        z += std::exp(c.second - cands.first().second);
    for (const auto &c : cands)
        d[c.first] += std::exp(c.second - cands.first().second) / z;
    return d;
}

// Distribution of the sum of independent counts.
Dist sumOf(const std::vector<const Dist *> &parts)
{
    Dist s{{0, 1.0}};
    for (const Dist *p : parts) {
        Dist next;
        for (const auto &[a, pa] : s)
            for (const auto &[b, pb] : *p)
                next[a + b] += pa * pb;
        s = std::move(next);
    }
    return s;
}

double at(const Dist &d, qint64 v)
{
    auto it = d.find(v);
    return it == d.end() ? 0.0 : it->second;
}

struct PvDists
{
    Dist ins, vot, env, bl, nu, ex;
    std::vector<Dist> voix;
};

// The soft prior of an inscrits value against the election file's registered number.
double inscritsPrior(const PvOptions &o, qint64 inscrits)
{
    if (!o.expectedInscrits || *o.expectedInscrits == inscrits)
        return 1.0;
    return std::llabs(inscrits - *o.expectedInscrits) <= o.inscritsNear ? o.inscritsOtherwise
                                                                        : o.inscritsFarOtherwise;
}

// pair(env): Σ over inscrits ≥ votants of their readings, with the soft priors.
Dist pairWeights(const PvDists &d, const PvOptions &o, Dist *insM, Dist *votM, const Dist &a)
{
    Dist pw;
    for (const auto &[e, pe] : d.env) {
        Q_UNUSED(pe);
        for (const auto &[i, pi] : d.ins)
            for (const auto &[v, pv] : d.vot) {
                if (v > i)
                    continue;
                const double w = pi * pv * inscritsPrior(o, i) *
                                 (v == e                   ? 1.0
                                  : std::llabs(v - e) <= 3 ? o.otherwise
                                                           : o.farOtherwise);
                pw[e] += w;
                if (insM)
                    (*insM)[i] += w * at(a, e), (*votM)[v] += w * at(a, e);
            }
    }
    return pw;
}

// enveloppes, blancs, nuls and exprimés over the triples with exprimés = enveloppes −
// blancs − nuls = Σ voix (s: the distribution of Σ voix); a(env) and g(exprimés) for the
// other marginals.
void blockMarginals(const PvDists &d, const Dist &s, const Dist &pw, QMap<QString, Dist> &m,
                    Dist &a, Dist &g)
{
    for (const auto &[e, pe] : d.env)
        for (const auto &[b, pb] : d.bl)
            for (const auto &[n, pn] : d.nu) {
                const qint64 x = e - b - n;
                const double w = pe * pb * pn * at(d.ex, x) * at(s, x);
                if (w <= 0)
                    continue;
                a[e] += w;
                m[QStringLiteral("enveloppes")][e] += w * at(pw, e);
                m[QStringLiteral("blancs")][b] += w * at(pw, e);
                m[QStringLiteral("nuls")][n] += w * at(pw, e);
                m[QStringLiteral("exprimes")][x] += w * at(pw, e);
                g[x] += pe * pb * pn * at(d.ex, x) * at(pw, e);
            }
}

// Each candidate's votes: its value v against the others' sum x − v.
void voixMarginals(const PvDists &d, const QStringList &voix, const Dist &g, QMap<QString, Dist> &m)
{
    for (size_t i = 0; i < d.voix.size(); ++i) {
        std::vector<const Dist *> others;
        for (size_t j = 0; j < d.voix.size(); ++j)
            if (j != i)
                others.push_back(&d.voix[j]);
        const Dist rest = sumOf(others);
        Dist &mv = m[voix[int(i)]];
        for (const auto &[x, gx] : g)
            for (const auto &[v, pv] : d.voix[i])
                mv[v] += gx * pv * at(rest, x - v);
    }
}

// Marginal of every count field over the consistent readings of the PV.
QMap<QString, Dist> pvMarginals(const PvDists &d, const QStringList &voix, const PvOptions &o)
{
    std::vector<const Dist *> all;
    for (const Dist &v : d.voix)
        all.push_back(&v);
    Dist a, g; // a(env) = Σ bl,nu ; g(e) = Σ triples with exprimés e
    QMap<QString, Dist> m;
    blockMarginals(d, sumOf(all), pairWeights(d, o, nullptr, nullptr, a), m, a, g);
    pairWeights(d, o, &m[QStringLiteral("inscrits")], &m[QStringLiteral("votants")], a);
    voixMarginals(d, voix, g, m);
    return m;
}

// Normalises each marginal; its most probable value in *best. False when one is empty.
bool normaliseMarginals(QMap<QString, Dist> &m, QMap<QString, qint64> *best)
{
    for (auto it = m.begin(); it != m.end(); ++it) {
        double z = 0, top = -1;
        for (const auto &[v, p] : *it) {
            z += p;
            if (p > top)
                top = p, (*best)[it.key()] = v;
        }
        if (z <= 0)
            return false;
        for (auto &[v, p] : *it)
            p /= z;
    }
    return true;
}

// Each field's confidence: the marginal probability of its value.
void applyMarginals(PvDecoding &r, const QMap<QString, Dist> &m)
{
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        if (r.fields.contains(it.key()))
            r.fields[it.key()].confidence = at(*it, r.fields[it.key()].value);
}

using PvCands = QMap<QString, QVector<QPair<qint64, double>>>;

// The normalised candidates of the named fields; nullopt when one has none.
std::optional<std::vector<Dist>> distsOf(const PvCands &cands, const QStringList &names)
{
    std::vector<Dist> out;
    for (const QString &n : names) {
        if (cands.value(n).isEmpty())
            return std::nullopt;
        out.push_back(normalised(cands.value(n)));
    }
    return out;
}

bool consistent(const QMap<QString, qint64> &v, const QStringList &voix)
{
    qint64 sum = 0;
    for (const QString &name : voix)
        sum += v.value(name);
    const qint64 ex = v.value(QStringLiteral("exprimes"));
    return v.value(QStringLiteral("votants")) <= v.value(QStringLiteral("inscrits")) && sum == ex &&
           ex == v.value(QStringLiteral("enveloppes")) - v.value(QStringLiteral("blancs")) -
                     v.value(QStringLiteral("nuls"));
}

// The most probable value of each field under the arithmetic and the soft priors, when
// together they make a consistent PV: a field it changes is flagged (never a silent change).
// What a count's boxes showed, for « lu … »: its best reading was 45 where the boxes read
// « 05 » (a count never starts with 0), and the reason said « lu 45 » (a review of
// 2026-12-02).
QString readText(const PvFieldResult &f)
{
    return f.read.isEmpty() ? QString::number(f.perFieldBest) : f.read;
}

// A field's earlier proposals, dropped when another value is chosen: a count changed by the
// arithmetic and then given back its reading kept « lu 800, changé en 806 » and said
// « lu 800 ; 800 proposé » (a review of 2026-12-02).
void dropProposals(PvFieldResult &f)
{
    const Reasons before = f.reasons;
    f.reason.clear();
    f.reasons.clear();
    for (const Reason &why : before)
        if (why.code != ReasonCode::PvChanged && why.code != ReasonCode::PvProposed)
            addReason(f, why);
    f.flagged = !f.reasons.isEmpty();
}

void adoptMostProbable(PvDecoding &r, const QMap<QString, qint64> &best, const PvOptions &o)
{
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        PvFieldResult &f = r.fields[it.key()];
        if (f.value == it.value())
            continue;
        dropProposals(f);
        f.value = it.value();
        if (f.value == f.perFieldBest)
            continue; // as read
        Reason why = ReasonCode::PvArithmetic;
        if (it.key() == QLatin1String("inscrits") && o.expectedInscrits &&
            *o.expectedInscrits == it.value())
            why = ReasonCode::RegisteredVoters;
        else if (it.key() == QLatin1String("votants") || it.key() == QLatin1String("enveloppes"))
            why = ReasonCode::VotantsEqualEnveloppes;
        f.flagged = true;
        addReason(f, Reason(ReasonCode::PvProposed,
                            {readText(f), QString::number(f.value), why.toJson()}));
    }
}

// An inscrits as read, or near the election file's number: votants 1300 written over the
// 1250 inscrits of the list made inscrits 7250, the 1 read a 7 (a review of 2026-12-02).
// Such a PV is inconsistent as written, and said so.
bool plausibleInscrits(const PvDecoding &r, qint64 inscrits, const PvOptions &o)
{
    return !o.expectedInscrits || r.fields.value(QStringLiteral("inscrits")).value == inscrits ||
           std::llabs(inscrits - *o.expectedInscrits) <= o.inscritsNear;
}

// The pair (inscrits, votants) the priors prefer can be shown: votants <= inscrits, and an
// inscrits changed stays plausible.
bool pairStands(const PvDecoding &r, const QMap<QString, qint64> &pair, const PvOptions &o)
{
    const qint64 inscrits = pair.value(QStringLiteral("inscrits"));
    return pair.value(QStringLiteral("votants")) <= inscrits && plausibleInscrits(r, inscrits, o);
}

// An inconsistent PV: inscrits and votants still have their own marginals (the registered
// number, votants = enveloppes as read, votants <= inscrits).
void setPairConfidences(PvDecoding &r, const PvCands &cands, const PvOptions &o)
{
    const auto dists = distsOf(cands, {QStringLiteral("inscrits"), QStringLiteral("votants"),
                                       QStringLiteral("enveloppes")});
    if (!dists)
        return;
    const PvDists d{(*dists)[0], (*dists)[1], (*dists)[2], {}, {}, {}, {}};
    QMap<QString, Dist> m;
    pairWeights(d, o, &m[QStringLiteral("inscrits")], &m[QStringLiteral("votants")], d.env);
    QMap<QString, qint64> best;
    if (!normaliseMarginals(m, &best))
        return;
    if (pairStands(r, best, o))
        adoptMostProbable(r, best, o);
    applyMarginals(r, m);
}

// inscrits and votants are bound only by votants <= inscrits: each can take its most
// probable value on its own; the other counts only all together, when consistent.
void adoptBest(PvDecoding &r, QMap<QString, qint64> best, const QStringList &voix,
               const PvOptions &o)
{
    QMap<QString, qint64> pair;
    for (const char *n : {"inscrits", "votants"})
        pair.insert(QLatin1String(n), best.take(QLatin1String(n)));
    if (pairStands(r, pair, o))
        adoptMostProbable(r, pair, o);
    QMap<QString, qint64> chosen = best;
    for (const char *n : {"inscrits", "votants"})
        chosen.insert(QLatin1String(n), r.fields.value(QLatin1String(n)).value);
    if (consistent(chosen, voix))
        adoptMostProbable(r, best, o);
}

void setMarginalConfidences(PvDecoding &r, const PvCands &cands, const QStringList &voix,
                            const PvOptions &o)
{
    const auto dists = distsOf(cands, {QStringLiteral("inscrits"), QStringLiteral("votants"),
                                       QStringLiteral("enveloppes"), QStringLiteral("blancs"),
                                       QStringLiteral("nuls"), QStringLiteral("exprimes")});
    if (!dists)
        return;
    PvDists d{(*dists)[0], (*dists)[1], (*dists)[2], (*dists)[3], (*dists)[4], (*dists)[5], {}};
    for (const QString &v : voix)
        d.voix.push_back(normalised(cands.value(v)));
    QMap<QString, Dist> m = pvMarginals(d, voix, o);
    QMap<QString, qint64> best;
    if (!normaliseMarginals(m, &best))
        return;
    adoptBest(r, best, voix, o);
    applyMarginals(r, m);
}

// The per-box best digits of a count field, up to the first empty box after ink.
QString plainDigits(const QVector<BoxReading> &boxes)
{
    QString s;
    for (const BoxReading &b : boxes) {
        if (b.mergedInto)
            continue;
        if (b.empty()) {
            if (!s.isEmpty())
                break;
            continue;
        }
        s += b.nbest.first().ch;
    }
    return s;
}

// log P(ink | value) of a count from its boxes' readings (a digit outside a box's n-best
// gets a small floor); -inf when the number of digits differs from the boxes written.
double countLogProb(const QVector<BoxReading> &boxes, qint64 value)
{
    const QString digits = QString::number(value);
    qsizetype k = 0;
    double lp = 0;
    for (const BoxReading &b : boxes) {
        if (b.mergedInto || b.empty())
            continue;
        if (k >= digits.size())
            return kNegInf;
        lp += std::log(std::max(probOf(b.nbest, digits[k]), 1e-6));
        ++k;
    }
    return k == digits.size() ? lp : kNegInf;
}

void addCandidate(QVector<QPair<qint64, double>> &cands, const QVector<BoxReading> &boxes,
                  qint64 value)
{
    if (std::any_of(cands.cbegin(), cands.cend(), [&](const auto &c) { return c.first == value; }))
        return;
    const double lp = countLogProb(boxes, value);
    if (lp > kNegInf)
        cands.append({value, lp});
}

} // namespace

QVector<QPair<qint64, double>> countCandidates(const QVector<BoxReading> &boxes, int n)
{
    struct H
    {
        QString s;
        double lp;
    };
    QVector<H> hyps{H{QString(), 0.0}};
    bool any = false;
    for (const BoxReading &b : boxes) {
        if (b.mergedInto)
            continue;
        if (b.empty()) {
            if (any)
                break;
            continue;
        }
        any = true;
        QVector<H> next;
        for (const H &h : hyps)
            for (int k = 0; k < std::min<qsizetype>(b.nbest.size(), 6); ++k) {
                const Candidate &c = b.nbest[k];
                if (!c.ch.isDigit() || c.prob <= 0)
                    continue;
                next.append(H{h.s + c.ch, h.lp + std::log(c.prob)});
            }
        std::sort(next.begin(), next.end(), [](const H &a, const H &b) { return a.lp > b.lp; });
        if (next.size() > n)
            next.resize(n);
        hyps = next;
    }
    QVector<QPair<qint64, double>> out;
    if (!any)
        return out;
    // A count never starts with 0 ("066" is an 8 or a 6 read badly): such readings go last.
    std::stable_partition(hyps.begin(), hyps.end(), [](const H &h) {
        return h.s.size() == 1 || !h.s.startsWith(QLatin1Char('0'));
    });
    for (const H &h : hyps)
        if (h.s.size() == 1 || !h.s.startsWith(QLatin1Char('0')) || out.isEmpty())
            out.append({h.s.toLongLong(), h.lp});
    return out;
}

namespace {

using Sums = std::unordered_map<qint64, std::pair<double, std::vector<int>>>;

// The most probable choice of each Σ voix total (log-probability, candidate index per
// field), at most 20,000 totals kept.
Sums voixSums(const PvCands &cands, const QStringList &voix)
{
    Sums sums;
    sums[0] = {0.0, {}};
    for (const QString &v : voix) {
        Sums next;
        const auto &c = cands[v];
        for (const auto &[sum, e] : sums)
            for (int k = 0; k < c.size(); ++k) {
                const qint64 s = sum + c[k].first;
                const double lp = e.first + c[k].second;
                auto it = next.find(s);
                if (it == next.end() || it->second.first < lp) {
                    auto choice = e.second;
                    choice.push_back(k);
                    next[s] = {lp, std::move(choice)};
                }
            }
        if (next.size() > 20000) {
            std::vector<std::pair<double, qint64>> order;
            for (const auto &[t, e] : next)
                order.push_back({e.first, t});
            std::nth_element(order.begin(), order.begin() + 20000, order.end(),
                             [](const auto &a, const auto &b) { return a.first > b.first; });
            Sums kept;
            for (size_t i = 0; i < 20000; ++i)
                kept[order[i].second] = std::move(next[order[i].second]);
            next = std::move(kept);
        }
        sums = std::move(next);
    }
    return sums;
}

// One PV decoding: candidates per field, the most probable consistent choice, and either
// its adoption (flagged changes) or the broken rules.
struct PvDecoder
{
    const PvOptions &options;
    PvCands cands;
    QStringList voix;
    PvDecoding r;
    QMap<QString, qint64> chosen;
    Sums sums;
    bool voixOk = false;
    bool c1 = false; // enveloppes, blancs, nuls and exprimés all read

    bool has(const char *name) const { return !cands.value(QLatin1String(name)).isEmpty(); }
    double lpOf(const QString &name, qint64 v) const
    {
        for (const auto &c : cands.value(name))
            if (c.first == v)
                return c.second;
        return kNegInf;
    }
    qint64 val(const char *n) const { return r.fields.value(QLatin1String(n)).value; }

    void readField(const QString &name, const QVector<BoxReading> &boxes)
    {
        cands.insert(name, countCandidates(boxes, options.candidatesPerField));
        // The registered number is always a candidate of inscrits, however badly it reads.
        if (name == QLatin1String("inscrits") && options.expectedInscrits)
            addCandidate(cands[name], boxes, *options.expectedInscrits);
        if (name.startsWith(QLatin1String("voix.")))
            voix << name;
        PvFieldResult f;
        const auto &c = cands[name];
        if (!c.isEmpty()) {
            f.value = f.perFieldBest = c.first().first;
            r.perFieldLogProb += c.first().second;
        } else {
            f.flagged = true;
            setReason(f, ReasonCode::Unreadable);
        }
        // The boxes read a leading 0 ("066"): whatever is chosen, say so.
        const QString plain = plainDigits(boxes);
        f.read = plain;
        if (plain.size() > 1 && plain.startsWith(QLatin1Char('0'))) {
            f.flagged = true;
            addReason(f, Reason(ReasonCode::ReadLeadingZero, {plain}));
        }
        r.fields.insert(name, f);
    }

    // votants <= inscrits (independent of the rest).
    double choosePair()
    {
        double lpPair = 0;
        if (!has("votants") || !has("inscrits")) {
            for (const char *n : {"votants", "inscrits"})
                if (has(n))
                    lpPair += cands[QLatin1String(n)].first().second,
                        chosen[QLatin1String(n)] = cands[QLatin1String(n)].first().first;
            return lpPair;
        }
        lpPair = kNegInf;
        for (const auto &v : cands[QStringLiteral("votants")])
            for (const auto &i : cands[QStringLiteral("inscrits")])
                if (v.first <= i.first && plausibleInscrits(r, i.first, options) &&
                    v.second + i.second > lpPair) {
                    lpPair = v.second + i.second;
                    chosen[QStringLiteral("votants")] = v.first;
                    chosen[QStringLiteral("inscrits")] = i.first;
                }
        return lpPair;
    }

    double lpVoix(qint64 total) const
    {
        if (!voixOk)
            return 0.0;
        auto it = sums.find(total);
        return it == sums.end() ? kNegInf : it->second.first;
    }
    void chooseVoix(qint64 total)
    {
        if (!voixOk)
            return;
        const auto &choice = sums.at(total).second;
        for (int i = 0; i < voix.size(); ++i)
            chosen[voix[i]] = cands[voix[i]][choice[size_t(i)]].first;
    }

    // exprimés = enveloppes − blancs − nuls = Σ voix.
    double chooseBlock()
    {
        double lp = kNegInf;
        qint64 best[4] = {-1, 0, 0, 0}; // exprimés, enveloppes, blancs, nuls
        for (const auto &env : cands[QStringLiteral("enveloppes")])
            for (const auto &bl : cands[QStringLiteral("blancs")])
                for (const auto &nu : cands[QStringLiteral("nuls")]) {
                    const qint64 e = env.first - bl.first - nu.first;
                    if (e < 0)
                        continue;
                    const double l = env.second + bl.second + nu.second +
                                     lpOf(QStringLiteral("exprimes"), e) + lpVoix(e);
                    if (l > lp)
                        lp = l, best[0] = e, best[1] = env.first, best[2] = bl.first,
                        best[3] = nu.first;
                }
        if (best[0] >= 0) {
            chosen[QStringLiteral("exprimes")] = best[0];
            chosen[QStringLiteral("enveloppes")] = best[1];
            chosen[QStringLiteral("blancs")] = best[2];
            chosen[QStringLiteral("nuls")] = best[3];
            chooseVoix(best[0]);
        }
        return lp;
    }

    // Σ voix = exprimés, without the rest of the block.
    double chooseExprimes()
    {
        double lp = kNegInf;
        qint64 bestE = -1;
        for (const auto &e : cands[QStringLiteral("exprimes")])
            if (const double l = e.second + lpVoix(e.first); l > lp)
                lp = l, bestE = e.first;
        if (bestE >= 0) {
            chosen[QStringLiteral("exprimes")] = bestE;
            chooseVoix(bestE);
        }
        return lp;
    }

    // Fields in no applicable constraint keep their best reading.
    double restLogProb() const
    {
        double lpRest = 0;
        for (auto it = cands.cbegin(); it != cands.cend(); ++it) {
            if (chosen.contains(it.key()) || it.value().isEmpty())
                continue;
            const bool inBlock = it.key() == QLatin1String("enveloppes") ||
                                 it.key() == QLatin1String("blancs") ||
                                 it.key() == QLatin1String("nuls") ||
                                 it.key() == QLatin1String("exprimes") || voix.contains(it.key());
            const bool blockFailed = (c1 || (has("exprimes") && voixOk)) && inBlock;
            if (!blockFailed)
                lpRest += it.value().first().second;
        }
        return lpRest;
    }

    double confidenceOf(const QString &name, qint64 v) const
    {
        double z = 0, p = 0;
        for (const auto &c : cands.value(name)) {
            z += std::exp(c.second);
            if (c.first == v)
                p = std::exp(c.second);
        }
        return z > 0 ? p / z : 0.0;
    }

    void flag(const QString &name, const Reason &why)
    {
        if (!r.fields.contains(name))
            return;
        PvFieldResult &f = r.fields[name];
        f.flagged = true;
        addReason(f, why);
    }

    // The consistent choice is probable enough: adopted, every change flagged.
    void adoptConsistent()
    {
        r.consistent = true;
        for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
            PvFieldResult &f = r.fields[it.key()];
            f.value = it.value();
            f.confidence = confidenceOf(it.key(), f.value);
            if (f.value == f.perFieldBest)
                continue;
            const bool pair =
                it.key() == QLatin1String("votants") || it.key() == QLatin1String("inscrits");
            const Reason rule(pair ? ReasonCode::RuleVotantsInscrits : ReasonCode::RuleExprimes);
            flag(it.key(), Reason(ReasonCode::PvChanged,
                                  {readText(f), QString::number(f.value), rule.toJson()}));
        }
        if (voixOk)
            setMarginalConfidences(r, cands, voix, options);
        QStringList corrected; // the counts shown other than read, once every choice is made
        for (auto it = r.fields.cbegin(); it != r.fields.cend(); ++it)
            if (it->value != it->perFieldBest)
                corrected << fieldLabel(it.key());
        if (!corrected.isEmpty())
            r.setMessage(Reason(ReasonCode::PvRestored, {corrected.join(QStringLiteral(", "))}));
    }

    void flagBroken(const Reason &why, const QStringList &fields, Reasons &broken)
    {
        for (const QString &f : fields)
            flag(f, why);
        broken << why;
    }

    // Nothing consistent is probable enough: the readings kept, every broken rule flagged.
    void flagInconsistent(bool found)
    {
        r.consistent = false;
        setPairConfidences(r, cands, options);
        r.jointLogProb = r.perFieldLogProb;
        Reasons broken;
        if (has("votants") && has("inscrits") && val("votants") > val("inscrits"))
            flagBroken({ReasonCode::BrokenVotants,
                        {QString::number(val("votants")), QString::number(val("inscrits"))}},
                       {QStringLiteral("votants"), QStringLiteral("inscrits")}, broken);
        const qint64 rest = val("enveloppes") - val("blancs") - val("nuls");
        if (c1 && val("exprimes") != rest)
            flagBroken({ReasonCode::BrokenExprimes,
                        {QString::number(val("exprimes")), QString::number(rest)}},
                       {QStringLiteral("exprimes"), QStringLiteral("enveloppes"),
                        QStringLiteral("blancs"), QStringLiteral("nuls")},
                       broken);
        qint64 total = 0;
        for (const QString &v : voix)
            total += r.fields[v].value;
        if (voixOk && has("exprimes") && total != val("exprimes"))
            flagBroken({ReasonCode::BrokenVoix,
                        {QString::number(total), QString::number(val("exprimes"))}},
                       QStringList{QStringLiteral("exprimes")} + voix, broken);
        const QJsonValue what = broken.isEmpty()
                                    ? QJsonValue(Reason(ReasonCode::UnreadableFields).toJson())
                                    : QJsonValue(reasonsToJson(broken));
        r.setMessage(Reason(found ? ReasonCode::PvIncoherentUnlikely : ReasonCode::PvIncoherentNone,
                            {what}));
    }
};

// The boxes with each n-best's probabilities raised to `exponent` and normalised.
PvBoxes softened(PvBoxes fields, double exponent)
{
    for (QVector<BoxReading> &boxes : fields)
        for (BoxReading &b : boxes)
            soften(b.nbest, exponent);
    return fields;
}

} // namespace

PvDecoding decodePv(const PvBoxes &input, const PvOptions &options)
{
    const PvBoxes fields = softened(input, options.inkExponent);
    PvDecoder d{options, {}, {}, {}, {}, {}};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        d.readField(it.key(), it.value());
    const double lpPair = d.choosePair();
    d.voixOk =
        !d.voix.isEmpty() && std::all_of(d.voix.cbegin(), d.voix.cend(),
                                         [&](const QString &v) { return !d.cands[v].isEmpty(); });
    if (d.voixOk)
        d.sums = voixSums(d.cands, d.voix);
    d.c1 = d.has("enveloppes") && d.has("blancs") && d.has("nuls") && d.has("exprimes");
    double lpBlock = 0;
    if (d.c1)
        lpBlock = d.chooseBlock();
    else if (d.has("exprimes") && d.voixOk)
        lpBlock = d.chooseExprimes();
    d.r.jointLogProb = lpPair + lpBlock + d.restLogProb();
    const bool found = d.r.jointLogProb > kNegInf;
    const bool probable =
        found && d.r.jointLogProb - d.r.perFieldLogProb >= std::log(options.minRelativeProb);
    for (auto it = d.r.fields.begin(); it != d.r.fields.end(); ++it)
        it->confidence = d.confidenceOf(it.key(), it->value);
    if (probable)
        d.adoptConsistent();
    else
        d.flagInconsistent(found);
    return d.r;
}

} // namespace plume::recognition
