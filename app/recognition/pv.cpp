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
                const double w =
                    pi * pv *
                    (o.expectedInscrits && *o.expectedInscrits != i ? o.inscritsOtherwise : 1.0) *
                    (v == e ? 1.0 : o.otherwise);
                pw[e] += w;
                if (insM)
                    (*insM)[i] += w * at(a, e), (*votM)[v] += w * at(a, e);
            }
    }
    return pw;
}

// Marginal of every count field over the consistent readings of the PV.
QMap<QString, Dist> pvMarginals(const PvDists &d, const QStringList &voix, const PvOptions &o)
{
    std::vector<const Dist *> all;
    for (const Dist &v : d.voix)
        all.push_back(&v);
    const Dist s = sumOf(all);
    Dist a, g; // a(env) = Σ bl,nu ; g(e) = Σ triples with exprimés e
    QMap<QString, Dist> m;
    const Dist pw = pairWeights(d, o, nullptr, nullptr, a);
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
    pairWeights(d, o, &m[QStringLiteral("inscrits")], &m[QStringLiteral("votants")], a);
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
    return m;
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
void adoptMostProbable(PvDecoding &r, const QMap<QString, qint64> &best, const PvOptions &o)
{
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        PvFieldResult &f = r.fields[it.key()];
        if (f.value == it.value())
            continue;
        Reason why = ReasonCode::PvArithmetic;
        if (it.key() == QLatin1String("inscrits") && o.expectedInscrits &&
            *o.expectedInscrits == it.value())
            why = ReasonCode::RegisteredVoters;
        else if (it.key() == QLatin1String("votants") || it.key() == QLatin1String("enveloppes"))
            why = ReasonCode::VotantsEqualEnveloppes;
        f.value = it.value();
        f.flagged = true;
        addReason(f, Reason(ReasonCode::PvProposed, {QString::number(f.perFieldBest),
                                                     QString::number(f.value), why.toJson()}));
    }
}

// An inconsistent PV: inscrits and votants still have their own marginals (the registered
// number, votants = enveloppes as read, votants <= inscrits).
void setPairConfidences(PvDecoding &r, const QMap<QString, QVector<QPair<qint64, double>>> &cands,
                        const PvOptions &o)
{
    for (const char *n : {"inscrits", "votants", "enveloppes"})
        if (cands.value(QLatin1String(n)).isEmpty())
            return;
    PvDists d{normalised(cands[QStringLiteral("inscrits")]),
              normalised(cands[QStringLiteral("votants")]),
              normalised(cands[QStringLiteral("enveloppes")]),
              {},
              {},
              {},
              {}};
    QMap<QString, Dist> m;
    pairWeights(d, o, &m[QStringLiteral("inscrits")], &m[QStringLiteral("votants")], d.env);
    QMap<QString, qint64> best;
    for (auto it = m.begin(); it != m.end(); ++it) {
        double z = 0, top = -1;
        for (const auto &[v, p] : *it)
            z += p, top = std::max(top, p);
        if (z <= 0)
            return;
        for (auto &[v, p] : *it) {
            if (p == top)
                best[it.key()] = v;
            p /= z;
        }
    }
    if (best.value(QStringLiteral("votants")) <= best.value(QStringLiteral("inscrits")))
        adoptMostProbable(r, best, o);
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        r.fields[it.key()].confidence = at(*it, r.fields[it.key()].value);
}

void setMarginalConfidences(PvDecoding &r,
                            const QMap<QString, QVector<QPair<qint64, double>>> &cands,
                            const QStringList &voix, const PvOptions &o)
{
    static const char *const names[] = {"inscrits", "votants", "enveloppes",
                                        "blancs",   "nuls",    "exprimes"};
    for (const char *n : names)
        if (cands.value(QLatin1String(n)).isEmpty())
            return;
    PvDists d{normalised(cands[QStringLiteral("inscrits")]),
              normalised(cands[QStringLiteral("votants")]),
              normalised(cands[QStringLiteral("enveloppes")]),
              normalised(cands[QStringLiteral("blancs")]),
              normalised(cands[QStringLiteral("nuls")]),
              normalised(cands[QStringLiteral("exprimes")]),
              {}};
    for (const QString &v : voix)
        d.voix.push_back(normalised(cands.value(v)));
    const QMap<QString, Dist> m = pvMarginals(d, voix, o);
    QMap<QString, qint64> best;
    for (auto it = m.cbegin(); it != m.cend(); ++it) {
        double z = 0, top = -1;
        for (const auto &[v, p] : *it) {
            z += p;
            if (p > top)
                top = p, best[it.key()] = v;
        }
        if (z <= 0)
            return;
        for (auto &[v, p] : const_cast<Dist &>(*it))
            p /= z;
    }
    // inscrits and votants are bound only by votants <= inscrits: each can take its most
    // probable value on its own; the other counts only all together, when consistent.
    QMap<QString, qint64> pair, block = best;
    for (const char *n : {"inscrits", "votants"})
        pair.insert(QLatin1String(n), block.take(QLatin1String(n)));
    if (pair.value(QStringLiteral("votants")) <= pair.value(QStringLiteral("inscrits")))
        adoptMostProbable(r, pair, o);
    QMap<QString, qint64> chosen = block;
    for (const char *n : {"inscrits", "votants"})
        chosen.insert(QLatin1String(n), r.fields.value(QLatin1String(n)).value);
    if (consistent(chosen, voix))
        adoptMostProbable(r, block, o);
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        if (r.fields.contains(it.key()))
            r.fields[it.key()].confidence = at(*it, r.fields[it.key()].value);
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
        double p = 1e-6;
        for (const Candidate &c : b.nbest)
            if (c.ch == digits[k])
                p = std::max(c.prob, 1e-6);
        lp += std::log(p);
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

PvDecoding decodePv(const PvBoxes &fields, const PvOptions &options)
{
    PvDecoding r;
    using Cands = QVector<QPair<qint64, double>>;
    QMap<QString, Cands> cands;
    QStringList voix;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        cands.insert(it.key(), countCandidates(it.value(), options.candidatesPerField));
        // The registered number is always a candidate of inscrits, however badly it reads.
        if (it.key() == QLatin1String("inscrits") && options.expectedInscrits)
            addCandidate(cands[it.key()], it.value(), *options.expectedInscrits);
        if (it.key().startsWith(QLatin1String("voix.")))
            voix << it.key();
        PvFieldResult f;
        const Cands &c = cands[it.key()];
        if (!c.isEmpty()) {
            f.value = f.perFieldBest = c.first().first;
            r.perFieldLogProb += c.first().second;
        } else {
            f.flagged = true;
            setReason(f, ReasonCode::Unreadable);
        }
        // The boxes read a leading 0 ("066"): whatever is chosen, say so.
        const QString plain = plainDigits(it.value());
        if (plain.size() > 1 && plain.startsWith(QLatin1Char('0'))) {
            f.flagged = true;
            addReason(f, Reason(ReasonCode::ReadLeadingZero, {plain}));
        }
        r.fields.insert(it.key(), f);
    }
    auto has = [&](const char *name) { return !cands.value(QLatin1String(name)).isEmpty(); };
    auto lpOf = [&](const QString &name, qint64 v) {
        for (const auto &c : cands.value(name))
            if (c.first == v)
                return c.second;
        return kNegInf;
    };
    QMap<QString, qint64> chosen;

    // votants <= inscrits (independent of the rest).
    double lpPair = 0;
    if (has("votants") && has("inscrits")) {
        lpPair = kNegInf;
        for (const auto &v : cands[QStringLiteral("votants")])
            for (const auto &i : cands[QStringLiteral("inscrits")])
                if (v.first <= i.first && v.second + i.second > lpPair) {
                    lpPair = v.second + i.second;
                    chosen[QStringLiteral("votants")] = v.first;
                    chosen[QStringLiteral("inscrits")] = i.first;
                }
    } else {
        for (const char *n : {"votants", "inscrits"})
            if (has(n))
                lpPair += cands[QLatin1String(n)].first().second,
                    chosen[QLatin1String(n)] = cands[QLatin1String(n)].first().first;
    }

    // Σ voix: best log-probability and choice per total.
    const bool voixOk =
        !voix.isEmpty() && std::all_of(voix.cbegin(), voix.cend(),
                                       [&](const QString &v) { return !cands[v].isEmpty(); });
    std::unordered_map<qint64, std::pair<double, std::vector<int>>> sums;
    if (voixOk) {
        sums[0] = {0.0, {}};
        for (const QString &v : voix) {
            std::unordered_map<qint64, std::pair<double, std::vector<int>>> next;
            for (const auto &[sum, e] : sums) {
                const Cands &c = cands[v];
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
            }
            if (next.size() > 20000) {
                std::vector<std::pair<double, qint64>> order;
                for (const auto &[s, e] : next)
                    order.push_back({e.first, s});
                std::nth_element(order.begin(), order.begin() + 20000, order.end(),
                                 [](const auto &a, const auto &b) { return a.first > b.first; });
                std::unordered_map<qint64, std::pair<double, std::vector<int>>> kept;
                for (size_t i = 0; i < 20000; ++i)
                    kept[order[i].second] = std::move(next[order[i].second]);
                next = std::move(kept);
            }
            sums = std::move(next);
        }
    }
    auto lpVoix = [&](qint64 total) {
        if (!voixOk)
            return 0.0;
        auto it = sums.find(total);
        return it == sums.end() ? kNegInf : it->second.first;
    };
    auto chooseVoix = [&](qint64 total) {
        if (!voixOk)
            return;
        const auto &choice = sums.at(total).second;
        for (int i = 0; i < voix.size(); ++i)
            chosen[voix[i]] = cands[voix[i]][choice[size_t(i)]].first;
    };

    // exprimés = enveloppes − blancs − nuls, Σ voix = exprimés.
    const bool c1 = has("enveloppes") && has("blancs") && has("nuls") && has("exprimes");
    double lpBlock = 0;
    if (c1) {
        lpBlock = kNegInf;
        qint64 bestE = -1, bestEnv = 0, bestBl = 0, bestNu = 0;
        for (const auto &env : cands[QStringLiteral("enveloppes")])
            for (const auto &bl : cands[QStringLiteral("blancs")])
                for (const auto &nu : cands[QStringLiteral("nuls")]) {
                    const qint64 e = env.first - bl.first - nu.first;
                    if (e < 0)
                        continue;
                    const double lp = env.second + bl.second + nu.second +
                                      lpOf(QStringLiteral("exprimes"), e) + lpVoix(e);
                    if (lp > lpBlock) {
                        lpBlock = lp;
                        bestE = e;
                        bestEnv = env.first;
                        bestBl = bl.first;
                        bestNu = nu.first;
                    }
                }
        if (bestE >= 0) {
            chosen[QStringLiteral("enveloppes")] = bestEnv;
            chosen[QStringLiteral("blancs")] = bestBl;
            chosen[QStringLiteral("nuls")] = bestNu;
            chosen[QStringLiteral("exprimes")] = bestE;
            chooseVoix(bestE);
        }
    } else if (has("exprimes") && voixOk) {
        lpBlock = kNegInf;
        qint64 bestE = -1;
        for (const auto &e : cands[QStringLiteral("exprimes")]) {
            const double lp = e.second + lpVoix(e.first);
            if (lp > lpBlock) {
                lpBlock = lp;
                bestE = e.first;
            }
        }
        if (bestE >= 0) {
            chosen[QStringLiteral("exprimes")] = bestE;
            chooseVoix(bestE);
        }
    }
    // Fields in no applicable constraint keep their best reading.
    double lpRest = 0;
    for (auto it = cands.cbegin(); it != cands.cend(); ++it)
        if (!chosen.contains(it.key()) && !it.value().isEmpty()) {
            const bool inBlock = it.key() == QLatin1String("enveloppes") ||
                                 it.key() == QLatin1String("blancs") ||
                                 it.key() == QLatin1String("nuls") ||
                                 it.key() == QLatin1String("exprimes") || voix.contains(it.key());
            const bool blockFailed = (c1 || (has("exprimes") && voixOk)) && inBlock;
            if (!blockFailed)
                lpRest += it.value().first().second;
        }
    r.jointLogProb = lpPair + lpBlock + lpRest;
    const bool found = r.jointLogProb > kNegInf;
    const bool probable =
        found && r.jointLogProb - r.perFieldLogProb >= std::log(options.minRelativeProb);

    auto confidenceOf = [&](const QString &name, qint64 v) {
        double z = 0, p = 0;
        for (const auto &c : cands.value(name)) {
            z += std::exp(c.second);
            if (c.first == v)
                p = std::exp(c.second);
        }
        return z > 0 ? p / z : 0.0;
    };
    for (auto it = r.fields.begin(); it != r.fields.end(); ++it)
        it->confidence = confidenceOf(it.key(), it->value);

    auto flag = [&](const QString &name, const Reason &why) {
        if (!r.fields.contains(name))
            return;
        PvFieldResult &f = r.fields[name];
        f.flagged = true;
        addReason(f, why);
    };
    QStringList corrected;
    if (probable) {
        r.consistent = true;
        for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
            PvFieldResult &f = r.fields[it.key()];
            f.value = it.value();
            f.confidence = confidenceOf(it.key(), f.value);
            if (f.value != f.perFieldBest) {
                const bool pair =
                    it.key() == QLatin1String("votants") || it.key() == QLatin1String("inscrits");
                const Reason rule(pair ? ReasonCode::RuleVotantsInscrits
                                       : ReasonCode::RuleExprimes);
                flag(it.key(),
                     Reason(ReasonCode::PvChanged, {QString::number(f.perFieldBest),
                                                    QString::number(f.value), rule.toJson()}));
                corrected << fieldLabel(it.key());
            }
        }
        if (!corrected.isEmpty())
            r.setMessage(Reason(ReasonCode::PvRestored, {corrected.join(QStringLiteral(", "))}));
        if (voixOk)
            setMarginalConfidences(r, cands, voix, options);
        return r;
    }

    // Nothing consistent is probable enough: keep the readings, flag every constraint
    // they break.
    r.consistent = false;
    setPairConfidences(r, cands, options);
    r.jointLogProb = r.perFieldLogProb;
    auto val = [&](const char *n) { return r.fields.value(QLatin1String(n)).value; };
    Reasons broken;
    if (has("votants") && has("inscrits") && val("votants") > val("inscrits")) {
        const Reason why(ReasonCode::BrokenVotants,
                         {QString::number(val("votants")), QString::number(val("inscrits"))});
        flag(QStringLiteral("votants"), why);
        flag(QStringLiteral("inscrits"), why);
        broken << why;
    }
    if (c1 && val("exprimes") != val("enveloppes") - val("blancs") - val("nuls")) {
        const Reason why(ReasonCode::BrokenExprimes,
                         {QString::number(val("exprimes")),
                          QString::number(val("enveloppes") - val("blancs") - val("nuls"))});
        for (const char *n : {"exprimes", "enveloppes", "blancs", "nuls"})
            flag(QLatin1String(n), why);
        broken << why;
    }
    if (voixOk && has("exprimes")) {
        qint64 total = 0;
        for (const QString &v : voix)
            total += r.fields[v].value;
        if (total != val("exprimes")) {
            const Reason why(ReasonCode::BrokenVoix,
                             {QString::number(total), QString::number(val("exprimes"))});
            flag(QStringLiteral("exprimes"), why);
            for (const QString &v : voix)
                flag(v, why);
            broken << why;
        }
    }
    const QJsonValue what = broken.isEmpty()
                                ? QJsonValue(Reason(ReasonCode::UnreadableFields).toJson())
                                : QJsonValue(reasonsToJson(broken));
    r.setMessage(
        Reason(found ? ReasonCode::PvIncoherentUnlikely : ReasonCode::PvIncoherentNone, {what}));
    return r;
}

} // namespace plume::recognition
