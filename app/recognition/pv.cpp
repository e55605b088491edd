#include "recognition/pv.h"

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
    for (const H &h : hyps)
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
        if (it.key().startsWith(QLatin1String("voix.")))
            voix << it.key();
        PvFieldResult f;
        const Cands &c = cands[it.key()];
        if (!c.isEmpty()) {
            f.value = f.perFieldBest = c.first().first;
            r.perFieldLogProb += c.first().second;
        } else {
            f.flagged = true;
            f.reason = QStringLiteral("illisible");
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

    auto flag = [&](const QString &name, const QString &why) {
        if (!r.fields.contains(name))
            return;
        PvFieldResult &f = r.fields[name];
        f.flagged = true;
        appendReason(f.reason, why);
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
                flag(it.key(),
                     QStringLiteral("lu %1, changé en %2 pour que %3")
                         .arg(f.perFieldBest)
                         .arg(f.value)
                         .arg(pair ? QStringLiteral("votants ≤ inscrits")
                                   : QStringLiteral("exprimés = enveloppes − blancs − nuls = "
                                                    "Σ voix")));
                corrected << fieldLabel(it.key());
            }
        }
        if (!corrected.isEmpty())
            r.message = QStringLiteral("calcul du PV rétabli (%1) : vérifiez sur le papier")
                            .arg(corrected.join(QStringLiteral(", ")));
        return r;
    }

    // Nothing consistent is probable enough: keep the readings, flag every constraint
    // they break.
    r.consistent = false;
    r.jointLogProb = r.perFieldLogProb;
    auto val = [&](const char *n) { return r.fields.value(QLatin1String(n)).value; };
    QStringList broken;
    if (has("votants") && has("inscrits") && val("votants") > val("inscrits")) {
        const QString why =
            QStringLiteral("votants (%1) > inscrits (%2)").arg(val("votants")).arg(val("inscrits"));
        flag(QStringLiteral("votants"), why);
        flag(QStringLiteral("inscrits"), why);
        broken << why;
    }
    if (c1 && val("exprimes") != val("enveloppes") - val("blancs") - val("nuls")) {
        const QString why = QStringLiteral("exprimés (%1) ≠ enveloppes − blancs − nuls (%2)")
                                .arg(val("exprimes"))
                                .arg(val("enveloppes") - val("blancs") - val("nuls"));
        for (const char *n : {"exprimes", "enveloppes", "blancs", "nuls"})
            flag(QLatin1String(n), why);
        broken << why;
    }
    if (voixOk && has("exprimes")) {
        qint64 total = 0;
        for (const QString &v : voix)
            total += r.fields[v].value;
        if (total != val("exprimes")) {
            const QString why =
                QStringLiteral("Σ voix (%1) ≠ exprimés (%2)").arg(total).arg(val("exprimes"));
            flag(QStringLiteral("exprimes"), why);
            for (const QString &v : voix)
                flag(v, why);
            broken << why;
        }
    }
    r.message = found ? QStringLiteral("PV incohérent, aucune lecture cohérente assez "
                                       "probable : ")
                      : QStringLiteral("PV incohérent, aucune lecture cohérente trouvée : ");
    r.message +=
        broken.isEmpty() ? QStringLiteral("champs illisibles") : broken.join(QStringLiteral(" ; "));
    return r;
}

} // namespace plume::recognition
