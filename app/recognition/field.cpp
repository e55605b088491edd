// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/field.h"

#include "recognition/context.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>

namespace plume::recognition {

const QStringList &emailDomains()
{
    static const QStringList domains = {
        QStringLiteral("gmail.com"),      QStringLiteral("orange.fr"),
        QStringLiteral("free.fr"),        QStringLiteral("laposte.net"),
        QStringLiteral("hotmail.fr"),     QStringLiteral("hotmail.com"),
        QStringLiteral("yahoo.fr"),       QStringLiteral("yahoo.com"),
        QStringLiteral("sfr.fr"),         QStringLiteral("wanadoo.fr"),
        QStringLiteral("outlook.fr"),     QStringLiteral("outlook.com"),
        QStringLiteral("icloud.com"),     QStringLiteral("live.fr"),
        QStringLiteral("neuf.fr"),        QStringLiteral("bbox.fr"),
        QStringLiteral("aol.com"),        QStringLiteral("gmx.fr"),
        QStringLiteral("protonmail.com"), QStringLiteral("proton.me"),
        QStringLiteral("msn.com")};
    return domains;
}

namespace {

double strokeLength(const ink::Stroke &s)
{
    double len = 0;
    for (qsizetype i = 1; i < s.dots.size(); ++i)
        len += std::hypot(s.dots[i].x - s.dots[i - 1].x, s.dots[i].y - s.dots[i - 1].y);
    return len;
}

// The bounds of `count` strokes from `first`.
QRectF inkBounds(const ink::Stroke *first, qsizetype count)
{
    // Not QRectF::united: it ignores the zero-size rectangles of single points.
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const ink::Stroke *s = first; s != first + count; ++s)
        for (const ink::Dot &d : s->dots) {
            x0 = std::min(x0, d.x);
            y0 = std::min(y0, d.y);
            x1 = std::max(x1, d.x);
            y1 = std::max(y1, d.y);
        }
    return x0 > x1 ? QRectF() : QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

QRectF inkBounds(const QVector<ink::Stroke> &strokes)
{
    return inkBounds(strokes.constData(), strokes.size());
}

// A stroke no longer than this share of a box's smaller side is a dot (an i's, an accent).
constexpr double kDotShare = 0.25;
// A longer stroke with less than this share of its ink inside the boxes is outside them.
constexpr double kInsideShare = 0.5;

double rectDistance(const QRectF &r, QPointF p)
{
    const double dx = std::max({r.left() - p.x(), 0.0, p.x() - r.right()});
    const double dy = std::max({r.top() - p.y(), 0.0, p.y() - r.bottom()});
    return std::hypot(dx, dy);
}

// The box holding most of the stroke's ink (-1: none); *inside: its ink inside every box.
int boxWithMostInk(const ink::Stroke &s, const QRectF &sb, const QVector<QRectF> &boxes,
                   double *inside)
{
    int best = -1;
    double bestInk = 0;
    *inside = 0;
    for (int b = 0; b < boxes.size(); ++b) {
        // No ink inside a box the stroke's bounds do not reach (edges included).
        const QRectF &r = boxes[b];
        if (sb.right() < r.left() || sb.left() > r.right() || sb.bottom() < r.top() ||
            sb.top() > r.bottom())
            continue;
        const double v = inkInside(s, r);
        *inside += v;
        if (v > bestInk) {
            bestInk = v;
            best = b;
        }
    }
    return best;
}

// A dot (an i's, an accent): no longer than kDotShare of a box's smaller side.
bool isDot(const QRectF &sb, const QVector<QRectF> &boxes)
{
    const QRectF &box = boxes.constFirst();
    return std::max(sb.width(), sb.height()) <= kDotShare * std::min(box.width(), box.height());
}

// The box a dot outside every box belongs to: the nearest, within half a box width.
int boxOfDot(const QRectF &sb, const QVector<QRectF> &boxes)
{
    int best = -1;
    double bestDist = 1e300;
    for (int b = 0; b < boxes.size(); ++b) {
        const double dist = rectDistance(boxes[b], sb.center());
        if (dist < bestDist && dist <= 0.5 * boxes[b].width()) {
            bestDist = dist;
            best = b;
        }
    }
    return best;
}

} // namespace

// A stroke belongs to the box holding most of its ink. A stroke mostly outside the boxes
// (less than kInsideShare of its ink in them) belongs to none, unless it is a dot (an i's,
// an accent: then the nearest box): it is not read and flags the field. A bar drawn just
// above a 3, or dipping into its box, made it a 5, read sure and unflagged.
QVector<int> assignStrokesToBoxes(const QVector<ink::Stroke> &strokes, const QVector<QRectF> &boxes)
{
    QVector<int> out;
    for (const ink::Stroke &s : strokes) {
        if (s.dots.isEmpty() || boxes.isEmpty()) {
            out.append(-1);
            continue;
        }
        const QRectF sb = inkBounds(&s, 1);
        double inside = 0;
        const int best = boxWithMostInk(s, sb, boxes, &inside);
        if (isDot(sb, boxes))
            out.append(best >= 0 ? best : boxOfDot(sb, boxes));
        else
            out.append(inside >= kInsideShare * strokeLength(s) ? best : -1);
    }
    return out;
}

BoxInk groupInk(const QVector<ink::Stroke> &strokes, const QVector<QRectF> &boxes)
{
    BoxInk g;
    const qsizetype n = boxes.size();
    g.strokes.resize(n);
    g.notes.resize(n);
    g.mergedInto.fill(false, n);
    const QVector<int> owner = assignStrokesToBoxes(strokes, boxes);
    for (qsizetype i = 0; i < strokes.size(); ++i) {
        if (owner[i] < 0)
            ++g.outside;
        else if (!strokes[i].dots.isEmpty())
            g.strokes[owner[i]].append(strokes[i]);
    }
    auto totalInk = [&](qsizetype b) {
        double t = 0;
        for (const ink::Stroke &s : g.strokes[b])
            t += strokeLength(s);
        return t;
    };
    auto inkIn = [&](qsizetype b, qsizetype box) {
        double t = 0;
        for (const ink::Stroke &s : g.strokes[b])
            t += inkInside(s, boxes[box]);
        return t;
    };
    auto note = [&](qsizetype keep, qsizetype other) {
        const qsizetype lo = std::min(keep, other), hi = std::max(keep, other);
        g.notes[keep] = Reason(ReasonCode::CharOverBoxes, {int(lo + 1), int(hi + 1)});
        g.notes[other] = g.notes[keep];
        g.mergedInto[other] = true;
    };
    for (qsizetype i = 0; i + 1 < n; ++i) {
        if (g.mergedInto[i])
            continue;
        const qsizetype j = i + 1;
        const bool hasI = !g.strokes[i].isEmpty(), hasJ = !g.strokes[j].isEmpty();
        if (hasI && hasJ) {
            // One group centred inside the other's horizontal extent: one character cut
            // by the border (e.g. a "+" whose bar holds most ink on the left box).
            const QRectF a = inkBounds(g.strokes[i]), b = inkBounds(g.strokes[j]);
            const QRectF &narrow = a.width() <= b.width() ? a : b;
            const QRectF &wide = a.width() <= b.width() ? b : a;
            const double margin = 0.1 * std::min(boxes[i].width(), boxes[j].width());
            const double c = narrow.center().x();
            if (c > wide.left() + margin && c < wide.right() - margin) {
                const qsizetype keep = totalInk(i) >= totalInk(j) ? i : j;
                const qsizetype other = keep == i ? j : i;
                g.strokes[keep] += g.strokes[other];
                g.strokes[other].clear();
                note(keep, other);
            }
        } else if (hasI != hasJ) {
            // One group with much of its ink in the empty neighbour: written over both.
            const qsizetype full = hasI ? i : j, empty = hasI ? j : i;
            const double total = totalInk(full);
            if (total > 0 && inkIn(full, empty) > 0.35 * total)
                note(full, empty);
        }
    }
    return g;
}

void appendReason(QString &reasons, const QString &reason)
{
    if (!reasons.isEmpty())
        reasons += QStringLiteral(" ; ");
    reasons += reason;
}

QString lowConfidenceReason(double confidence, double threshold)
{
    return lowConfidence(confidence, threshold).text(false);
}

Reason lowConfidence(double confidence, double threshold)
{
    // The confidence rounded down and the threshold up: a confidence under its threshold
    // never reads as equal to it (98.96 % under 98.97 % reads 98,9 % under 99,0 %). One
    // decimal, or up to 3 for a threshold under 100 % that one would round up to 100,0 %.
    int decimals = 1;
    while (decimals < 3 && threshold < 1 &&
           std::ceil(threshold * std::pow(10.0, decimals + 2)) >= 100 * std::pow(10.0, decimals))
        ++decimals;
    const double factor = std::pow(10.0, decimals + 2), scale = std::pow(10.0, decimals);
    return {ReasonCode::LowConfidence,
            {std::floor(confidence * factor) / scale, std::ceil(threshold * factor) / scale}};
}

Charset grammarCharset(const FieldGrammar &grammar)
{
    switch (grammar.kind) {
    case FieldGrammar::Digits:
    case FieldGrammar::Postcode:
    case FieldGrammar::Phone:
        return Charset::Digits;
    case FieldGrammar::Name:
        return Charset::Name;
    case FieldGrammar::Email:
        return Charset::Email;
    case FieldGrammar::YesNo:
        break;
    }
    return Charset::All;
}

namespace {

// Prefix (final = false) or complete (final = true) validity of a value.
bool grammarOk(FieldGrammar::Kind kind, const QString &s, bool final)
{
    switch (kind) {
    case FieldGrammar::Digits:
        return allDigits(s) && (!final || !s.isEmpty());
    case FieldGrammar::Postcode:
        return postcodeShape(s, final);
    case FieldGrammar::Phone:
        return phoneShape(s, final);
    case FieldGrammar::Name:
        return nameShape(s, final, false);
    case FieldGrammar::Email:
        return s.count(QLatin1Char('@')) <= 1 &&
               !digitBeforeLetter(s.section(QLatin1Char('@'), 0, 0));
    case FieldGrammar::YesNo:
        break;
    }
    return true;
}

Reason grammarProblem(FieldGrammar::Kind kind, const QString &best)
{
    switch (kind) {
    case FieldGrammar::Postcode:
        return {ReasonCode::NotPostcode, {int(best.size())}};
    case FieldGrammar::Phone:
        return {ReasonCode::NotPhone, {int(best.size())}};
    case FieldGrammar::Email:
        return ReasonCode::NotEmail;
    case FieldGrammar::Name:
        return ReasonCode::NotName;
    default:
        break;
    }
    return ReasonCode::NoMatch;
}

struct Hyp
{
    QString s;
    double logp = 0;
};

struct Decoded
{
    bool ok = false;
    QString value;
    double logp = -1e300;
};

// Beam search over positions (each a list of candidates) under grammarOk.
Decoded beamDecode(FieldGrammar::Kind kind, const QVector<QVector<Candidate>> &pos, int beam = 128)
{
    QVector<Hyp> hyps{Hyp{}};
    for (const auto &cands : pos) {
        QVector<Hyp> next;
        for (const Hyp &h : hyps)
            for (const Candidate &c : cands) {
                if (c.prob <= 0)
                    continue;
                Hyp e{h.s + c.ch, h.logp + std::log(c.prob)};
                if (grammarOk(kind, e.s, false))
                    next.append(e);
            }
        std::sort(next.begin(), next.end(),
                  [](const Hyp &a, const Hyp &b) { return a.logp > b.logp; });
        if (next.size() > beam)
            next.resize(beam);
        hyps = next;
        if (hyps.isEmpty())
            return {};
    }
    for (const Hyp &h : hyps)
        if (grammarOk(kind, h.s, true))
            return {true, h.s, h.logp};
    return {false, hyps.isEmpty() ? QString() : hyps.first().s,
            hyps.isEmpty() ? -1e300 : hyps.first().logp};
}

using Positions = QVector<QVector<Candidate>>;

// The most probable character of a position among `allowed` (0 when none).
double bestIn(const QVector<Candidate> &pos, const QString &allowed, QChar *ch)
{
    double best = 0;
    for (const Candidate &c : pos)
        if (allowed.contains(c.ch) && c.prob > best) {
            best = c.prob;
            *ch = c.ch;
        }
    return best;
}

// The best characters of positions [from, to) among `allowed`; not ok when one has none.
Decoded bestChars(const Positions &pos, qsizetype from, qsizetype to, const QString &allowed)
{
    Decoded d{true, {}, 0};
    for (qsizetype i = from; i < to; ++i) {
        QChar ch;
        const double p = bestIn(pos[i], allowed, &ch);
        if (p <= 0)
            return {};
        d.logp += std::log(p);
        d.value += ch;
    }
    return d;
}

// The most probable local part of positions [from, to): letters, digits and . _ -, never a
// digit directly before a letter (lea.martin75 is written, p0ub0l is a misreading). Two
// states: the value so far ends with a digit, or not.
Decoded bestLocalPart(const Positions &pos, qsizetype from, qsizetype to)
{
    static const QString chars = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789._-");
    Decoded other{true, {}, 0}, digit{false, {}, -1e300};
    for (qsizetype i = from; i < to; ++i) {
        Decoded nextOther{false, {}, -1e300}, nextDigit{false, {}, -1e300};
        for (const Candidate &c : pos[i]) {
            if (c.prob <= 0 || !chars.contains(c.ch))
                continue;
            Decoded &into = c.ch.isDigit() ? nextDigit : nextOther;
            for (const Decoded *from : {&other, &digit})
                if (from->ok && !(from == &digit && c.ch.isLetter()) &&
                    from->logp + std::log(c.prob) > into.logp)
                    into = {true, from->value + c.ch, from->logp + std::log(c.prob)};
        }
        other = nextOther;
        digit = nextDigit;
    }
    return other.logp >= digit.logp ? other : digit;
}

// The usual domain of the right length the ink likes best (positions from `from`).
Decoded lexiconDomain(const Positions &pos, qsizetype from)
{
    Decoded best{false, {}, -1e300};
    const qsizetype dlen = pos.size() - from;
    for (const QString &d : emailDomains()) {
        if (d.size() != dlen)
            continue;
        // A character the box's n-best lacks costs a floor (as in reading in context): a
        // usual provider with one smudged letter stays a candidate.
        double dlp = std::log(kUsualDomainPrior);
        for (qsizetype k = 0; k < dlen; ++k)
            dlp += std::log(std::max(probOf(pos[from + k], d[k]), 1e-4));
        if (dlp > best.logp)
            best = {true, d, dlp};
    }
    return best;
}

// Any domain at a strong prior penalty: the best characters, with the most probable
// interior '.'.
Decoded freeDomain(const Positions &pos, qsizetype from)
{
    const qsizetype dlen = pos.size() - from;
    Decoded d =
        bestChars(pos, from, pos.size(), QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789-"));
    if (!d.ok)
        return {};
    double bestDotGain = -1e300;
    qsizetype dotAt = -1;
    for (qsizetype k = 1; k + 2 < dlen; ++k) {
        const double pd = probOf(pos[from + k], QLatin1Char('.'));
        const double gain =
            pd > 0 ? std::log(pd) - std::log(probOf(pos[from + k], d.value[k])) : -1e300;
        if (pd > 0 && gain > bestDotGain)
            bestDotGain = gain, dotAt = k;
    }
    if (dotAt < 0)
        return {};
    d.value[dotAt] = QLatin1Char('.');
    d.logp += otherDomainLogPrior(dlen) + bestDotGain;
    return d;
}

// local@domain: exact search over the '@' position; the domain is a lexicon entry or,
// at a strong prior penalty, any [a-z0-9-]+(.[a-z0-9-]+)+ string.
Decoded emailDecode(const Positions &pos)
{
    Decoded out;
    for (qsizetype at = 1; at + 3 < pos.size(); ++at) {
        const double pAt = probOf(pos[at], QLatin1Char('@'));
        if (pAt <= 0)
            continue;
        const Decoded local = bestLocalPart(pos, 0, at);
        if (!local.ok || local.value.startsWith(QLatin1Char('.')) ||
            local.value.endsWith(QLatin1Char('.')))
            continue;
        Decoded dom = lexiconDomain(pos, at + 1);
        if (const Decoded free = freeDomain(pos, at + 1); free.ok && free.logp > dom.logp)
            dom = free;
        const double lp = std::log(pAt) + local.logp + dom.logp;
        if (dom.ok && lp > out.logp)
            out = {true, local.value + QLatin1Char('@') + dom.value, lp};
    }
    return out;
}

void flagWith(FieldReading &r, const Reason &why)
{
    r.flagged = true;
    addReason(r, why);
}

} // namespace

namespace {

// A tick box: "yes" when any box holds ink, as sure as its surest mark.
FieldReading readYesNo(const QVector<BoxReading> &boxes, double fieldThreshold)
{
    FieldReading r;
    r.boxes = boxes;
    double best = 0;
    bool any = false;
    for (const BoxReading &b : boxes)
        if (!b.empty()) {
            any = true;
            best = std::max(best, b.nbest.first().prob);
        }
    r.value = any ? QStringLiteral("yes") : QStringLiteral("no");
    r.confidence = any ? best : 1.0;
    if (doubtful(r.confidence, fieldThreshold))
        flagWith(r, ReasonCode::LightMark);
    return r;
}

// The boxes' own notes (a character across two boxes …), each once.
void flagBoxNotes(FieldReading &r, const QVector<BoxReading> &boxes)
{
    Reasons notes;
    for (const BoxReading &b : boxes)
        if (!b.note.isNull() && !notes.contains(b.note))
            notes << b.note;
    for (const Reason &n : notes)
        flagWith(r, n);
}

// Nothing the grammar allows: the decoder's partial value when it covers every position,
// else each box's best, flagged with the grammar's problem.
void keepUngrammatical(FieldReading &r, const Decoded &d, const Lattice &pos,
                       FieldGrammar::Kind kind)
{
    QString raw;
    double lp = 0;
    for (const auto &c : pos) {
        raw += c.first().ch;
        lp += std::log(std::max(c.first().prob, 1e-300));
    }
    r.value = d.value.size() == pos.size() ? d.value : raw;
    r.confidence = std::exp(d.value.size() == pos.size() ? d.logp : lp);
    flagWith(r, grammarProblem(kind, r.value));
}

} // namespace

FieldReading decodeField(const QVector<BoxReading> &boxes, const FieldGrammar &grammar,
                         double fieldThreshold)
{
    if (grammar.kind == FieldGrammar::YesNo)
        return readYesNo(boxes, fieldThreshold);
    FieldReading r;
    r.boxes = boxes;
    // Positions of the value: up to the first empty box (names: an empty box between
    // letters is a space; trailing empty boxes end the value).
    bool inkAfterEnd = false;
    const Lattice pos = latticeOf(boxes, grammar.kind == FieldGrammar::Name, &inkAfterEnd);
    flagBoxNotes(r, boxes);
    if (inkAfterEnd)
        flagWith(r, ReasonCode::InkAfterEmptyBox);
    if (pos.isEmpty()) {
        r.confidence = 1.0;
        return r;
    }
    const Decoded d =
        grammar.kind == FieldGrammar::Email ? emailDecode(pos) : beamDecode(grammar.kind, pos);
    if (!d.ok) {
        keepUngrammatical(r, d, pos, grammar.kind);
        return r;
    }
    r.value = d.value;
    r.confidence = std::exp(d.logp);
    if (doubtful(r.confidence, fieldThreshold))
        flagWith(r, lowConfidence(r.confidence, fieldThreshold));
    return r;
}

namespace {
// A yes/no box: a mark of a fifth of the box width or more is a clear "yes".
QVector<Candidate> markReading(const QVector<ink::Stroke> &strokes, const QRectF &box)
{
    double len = 0;
    for (const ink::Stroke &s : strokes)
        len += inkInside(s, box);
    const double p = std::min(1.0, 0.5 + 2.5 * len / std::max(box.width(), 1e-9));
    return {Candidate{QLatin1Char('x'), p}};
}
} // namespace

FieldReading recognizeField(const Classifier &classifier, const QVector<ink::Stroke> &strokes,
                            const QVector<QRectF> &boxes, const FieldGrammar &grammar)
{
    const BoxInk g = groupInk(strokes, boxes);
    QVector<BoxReading> readings(boxes.size());
    QVector<QVector<ink::Stroke>> characters; // classified together, in one forward pass
    QVector<qsizetype> at;
    for (qsizetype b = 0; b < boxes.size(); ++b) {
        BoxReading &br = readings[b];
        br.strokeCount = int(g.strokes[b].size());
        br.mergedInto = g.mergedInto[b];
        br.note = g.notes[b];
        if (g.strokes[b].isEmpty())
            continue;
        if (grammar.kind == FieldGrammar::YesNo) {
            br.nbest = markReading(g.strokes[b], boxes[b]);
            continue;
        }
        characters.append(g.strokes[b]);
        at.append(b);
    }
    const QString allowed = charsetChars(grammarCharset(grammar));
    const auto nbest = classifier.classifyMany(characters, allowed, 8);
    for (qsizetype i = 0; i < nbest.size(); ++i)
        readings[at[i]].nbest = nbest[i];
    FieldReading r = decodeField(readings, grammar,
                                 classifier.info().fieldThresholdFor(grammarCharset(grammar)));
    if (g.outside > 0)
        flagWith(r, Reason(ReasonCode::StrokesOutside, {g.outside}));
    return r;
}

bool allDigits(const QString &s)
{
    return std::all_of(s.cbegin(), s.cend(), [](QChar c) { return c.isDigit(); });
}

bool isNameSeparator(QChar c)
{
    return c == QLatin1Char('-') || c == QLatin1Char('\'') || c == QLatin1Char(' ');
}

bool misplacedApostrophe(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i)
        if (s[i] == QLatin1Char('\'') && i >= 2 && !isNameSeparator(s[i - 2]))
            return true;
    return false;
}

bool digitBeforeLetter(const QString &s)
{
    for (qsizetype i = 1; i < s.size(); ++i)
        if (s[i - 1].isDigit() && s[i].isLetter())
            return true;
    return false;
}

bool nameShape(const QString &s, bool final, bool capsOnly)
{
    bool lower = false, badCase = false;
    if (misplacedApostrophe(s))
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (isNameSeparator(c)) {
            if (i == 0 || isNameSeparator(s[i - 1]))
                return false;
            continue;
        }
        if (!c.isLetter())
            return false;
        const bool wordStart = i == 0 || isNameSeparator(s[i - 1]);
        lower = lower || c.isLower();
        badCase = badCase || (wordStart ? c.isLower() : c.isUpper());
    }
    if ((capsOnly && lower) || (lower && badCase))
        return false;
    return !final || (!s.isEmpty() && !isNameSeparator(s.back()));
}

bool postcodeShape(const QString &s, bool final)
{
    if (s.size() > 5 || !allDigits(s))
        return false;
    if (s.size() >= 2) {
        const int dep = s.left(2).toInt();
        if (dep < 1 || dep == 96 || dep > 98)
            return false;
    }
    return !final || s.size() == 5;
}

bool phoneShape(const QString &s, bool final)
{
    if (s.size() > 10 || !allDigits(s))
        return false;
    if (!s.isEmpty() && s[0] != QLatin1Char('0'))
        return false;
    if (s.size() >= 2 && s[1] == QLatin1Char('0'))
        return false;
    return !final || s.size() == 10;
}

} // namespace plume::recognition
