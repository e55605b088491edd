// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plumectl eval-sheets: field-level evaluation of the recogniser (issue 16). PVs and contact
// sheets are synthesised from validation writers' characters placed in the template boxes
// (60-80 % of the box height, page addresses and Ncode as the pen sends them) and read back
// through page mode, the window's own FormSession.
#include "plumectl/evalsheets.h"

#include "forms/formspec.h"
#include "ink/inkml.h"
#include "plumectl/command.h"
#include "recognition/classifier.h"
#include "recognition/context.h"
#include "recognition/fragment.h"
#include "recognition/lexicon.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace plume::cli {

using recognition::Lexicons;

namespace {

using Glyph = QVector<ink::Stroke>; // one character sample, in its digitiser's units

// Validation writers' samples: per writer, per character.
struct Samples
{
    QStringList writers;
    QHash<QString, QHash<QChar, QVector<Glyph>>> byWriter;
    QHash<QChar, QVector<QPair<QString, int>>> byChar; // (writer, index in byWriter)
    int fragmentsSkipped = 0;
};

void addSamples(Samples &s, const QString &writer, const ink::InkDocument &doc, bool skipFragments)
{
    for (const ink::InkGroup &g : doc.groups) {
        const QString truth = g.annotations.value(QStringLiteral("truth"));
        if (truth.size() != 1 || g.strokes.isEmpty())
            continue;
        if (skipFragments && recognition::isFragment(truth[0], g.strokes)) {
            ++s.fragmentsSkipped;
            continue;
        }
        auto &list = s.byWriter[writer][truth[0]];
        s.byChar[truth[0]].append({writer, int(list.size())});
        list.append(g.strokes);
    }
}

Samples loadSamples(const QString &data, int valPercent, bool skipFragments)
{
    Samples s;
    for (const char *cat : {"1a", "1b", "1c", "1d"}) {
        QDir dir(data + QStringLiteral("/unipen/") + QLatin1String(cat));
        const QStringList files =
            dir.entryList({QStringLiteral("*.inkml")}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const QString writer = QFileInfo(file).completeBaseName();
            if (!recognition::isValidationWriter(writer, valPercent))
                continue;
            const auto doc = ink::readInkML(dir.filePath(file));
            if (!doc.ok)
                continue;
            if (!s.writers.contains(writer))
                s.writers << writer;
            addSamples(s, writer, doc.document, skipFragments);
        }
    }
    return s;
}

// ---- values -------------------------------------------------------------------------

struct Value
{
    QString text;
    bool longTail = false;
};

double uniform(QRandomGenerator &rng, double lo, double hi)
{
    return lo + (hi - lo) * rng.generateDouble();
}

template <typename T> const T &pick(QRandomGenerator &rng, const QVector<T> &v)
{
    return v[qsizetype(rng.bounded(quint32(v.size())))];
}

const QString &pick(QRandomGenerator &rng, const QStringList &v)
{
    return v[qsizetype(rng.bounded(quint32(v.size())))];
}

// A word no lexicon holds: French-like syllables (an inventory of the generator's own,
// not the decoder's language model), rejected when a lexicon knows it.
QString longTailWord(QRandomGenerator &rng, const Lexicons &lex, int syllables)
{
    static const QStringList onsets =
        QStringLiteral("B BR C CH CL D DR F FR G GR J L M N P PR R S T TR V Z K GU QU H W")
            .split(QLatin1Char(' '));
    static const QStringList vowels =
        QStringLiteral("A E I O U OU AI EAU AU IE EU AN ON IN Y OI").split(QLatin1Char(' '));
    static const QStringList codas = // three empty codas: most words end on a vowel
        QStringLiteral(",,,L,R,N,S,T,X,LLE,RD,C,RT,Z,CK,NE").split(QLatin1Char(','));
    for (;;) {
        QString w;
        for (int i = 0; i < syllables; ++i)
            w += pick(rng, onsets) + pick(rng, vowels);
        w += pick(rng, codas);
        if (!lex.surnames().contains(w) &&
            !lex.givenNames().contains(w.left(1) + w.mid(1).toLower()) && !lex.isStreetWord(w))
            return w;
    }
}

// Share of names, streets and e-mail local parts drawn from the long tail: above the
// issue's 30 %, so that a run of 200 sheets stays above it (values too long for their boxes
// are drawn again, long-tail ones a little more often).
constexpr double kLongTail = 0.36;

Value surname(QRandomGenerator &rng, const Lexicons &lex)
{
    if (rng.generateDouble() < kLongTail)
        return {longTailWord(rng, lex, 2 + int(rng.bounded(2))), true};
    return {pick(rng, lex.surnames()), false};
}

Value givenName(QRandomGenerator &rng, const Lexicons &lex)
{
    if (rng.generateDouble() < kLongTail) {
        const QString w = longTailWord(rng, lex, 2 + int(rng.bounded(2)));
        return {w.left(1) + w.mid(1).toLower(), true};
    }
    return {pick(rng, lex.givenNames()), false};
}

Value address(QRandomGenerator &rng, const Lexicons &lex)
{
    for (;;) {
        const QString number = QString::number(1 + rng.bounded(150));
        const QString type = pick(rng, lex.streetTypes());
        Value v;
        if (rng.generateDouble() < kLongTail) {
            static const QStringList articles = {QStringLiteral("DES"), QStringLiteral("DU"),
                                                 QStringLiteral("DE LA"), QString()};
            const QString article = pick(rng, articles);
            v = {(article.isEmpty() ? QString() : article + QLatin1Char(' ')) +
                     longTailWord(rng, lex, 2 + int(rng.bounded(2))),
                 true};
        } else {
            v = {pick(rng, lex.streetNames()), false};
        }
        v.text = QString(number + QLatin1Char(' ') + type + QLatin1Char(' ') + v.text)
                     .replace(QLatin1Char('\''), QLatin1Char(' '));
        if (v.text.size() <= 29)
            return v;
    }
}

// A commune drawn by population, and one of its postcodes.
QPair<QString, QString> commune(QRandomGenerator &rng, const Lexicons &lex)
{
    static QVector<double> cumulative;
    const auto &rows = lex.communeRows();
    if (cumulative.isEmpty()) {
        double sum = 0;
        for (const auto &r : rows)
            cumulative.append(sum += r.population + 1);
    }
    for (;;) {
        const double x = rng.generateDouble() * cumulative.last();
        const auto it = std::upper_bound(cumulative.cbegin(), cumulative.cend(), x);
        const auto &row = rows[std::min<qsizetype>(it - cumulative.cbegin(), rows.size() - 1)];
        if (row.name.size() <= 21)
            return {row.postcode, row.name};
    }
}

QString ascii(const QString &s)
{
    QString out;
    for (QChar c : s.normalized(QString::NormalizationForm_D))
        if (c.category() != QChar::Mark_NonSpacing)
            out += c;
    return out;
}

// A provider by its share.
QString pickDomain(QRandomGenerator &rng, const Lexicons &lex)
{
    double x = rng.generateDouble() * lex.emailDomains().last().second;
    for (const auto &d : lex.emailDomains())
        if ((x -= d.second) <= 0)
            return d.first;
    return lex.emailDomains().first().first;
}

// A local part: long tail, or made of the names as people make them.
Value localPart(QRandomGenerator &rng, const Lexicons &lex, const QString &p, const QString &n)
{
    const double r = rng.generateDouble();
    const QString digits = QString::number(rng.bounded(100));
    if (r < kLongTail)
        return {longTailWord(rng, lex, 2 + int(rng.bounded(2))).toLower() +
                    (rng.generateDouble() < 0.5 ? digits : QString()),
                true};
    const QChar dot = QLatin1Char('.');
    if (r < 0.55)
        return {p + dot + n, false};
    if (r < 0.65)
        return {p + n, false};
    if (r < 0.75)
        return {p.left(1) + n, false};
    if (r < 0.82)
        return {n + dot + p, false};
    if (r < 0.92)
        return {p + dot + n + digits, false};
    return {p + QLatin1Char('_') + n, false};
}

Value email(QRandomGenerator &rng, const Lexicons &lex, const QString &prenom, const QString &nom)
{
    const QString p = ascii(prenom).toLower().remove(QLatin1Char(' ')).remove(QLatin1Char('\''));
    const QString n = ascii(nom).toLower().remove(QLatin1Char(' ')).remove(QLatin1Char('\''));
    const QString domain = pickDomain(rng, lex);
    for (;;) {
        Value v = localPart(rng, lex, p, n);
        v.text += QLatin1Char('@') + domain;
        if (v.text.size() <= 29)
            return v;
    }
}

QString phone(QRandomGenerator &rng, const QString &postcode)
{
    const int dep = postcode.left(2).toInt();
    const double r = rng.generateDouble();
    QString s;
    if (r < 0.45)
        s = QStringLiteral("06");
    else if (r < 0.65)
        s = QStringLiteral("07");
    else if (r < 0.95) // geographic: the zone of the postcode (roughly)
        s = QStringLiteral("0%1").arg(recognition::phoneZoneOfDepartment(dep));
    else
        s = QStringLiteral("09");
    while (s.size() < 10)
        s += QChar(QLatin1Char('0' + char(rng.bounded(10))));
    return s;
}

struct Sheet
{
    QString page;
    QMap<QString, Value> values; // field -> value written (empty = left blank)
};

Sheet contactSheet(QRandomGenerator &rng, const Lexicons &lex, const QString &page)
{
    Sheet s{page, {}};
    const Value nom = surname(rng, lex), prenom = givenName(rng, lex);
    const auto [postcode, name] = commune(rng, lex);
    s.values[QStringLiteral("nom")] = nom;
    s.values[QStringLiteral("prenom")] = prenom;
    s.values[QStringLiteral("adresse")] = address(rng, lex);
    s.values[QStringLiteral("code_postal")] = {postcode, false};
    s.values[QStringLiteral("commune")] = {name, false};
    s.values[QStringLiteral("email")] = email(rng, lex, prenom.text, nom.text);
    s.values[QStringLiteral("telephone")] = {phone(rng, postcode), false};
    s.values[QStringLiteral("consentement")] = {
        rng.generateDouble() < 0.85 ? QStringLiteral("oui") : QString(), false};
    return s;
}

// A PV whose numbers add up, and the election it belongs to (station code, inscrits).
// The exprimés shared among the candidates (exponential weights).
QVector<int> voixOf(QRandomGenerator &rng, int candidates, int exprimes)
{
    QVector<double> w;
    double sum = 0;
    for (int i = 0; i < candidates; ++i)
        w.append(-std::log(1 - rng.generateDouble() * 0.999)), sum += w.last();
    QVector<int> out;
    int left = exprimes;
    for (int i = 0; i < candidates; ++i) {
        const int v = i + 1 == candidates ? left : int(std::floor(exprimes * w[i] / sum));
        out.append(v);
        left -= v;
    }
    return out;
}

Sheet pvSheet(QRandomGenerator &rng, store::ElectionConfig &election, const QString &page)
{
    const int dep = 1 + int(rng.bounded(95));
    election.stationCode = QStringLiteral("%1%2-%3")
                               .arg(dep == 20 ? 21 : dep, 2, 10, QLatin1Char('0'))
                               .arg(rng.bounded(1, 900), 3, 10, QLatin1Char('0'))
                               .arg(rng.bounded(1, 200), 4, 10, QLatin1Char('0'));
    const int inscrits = 300 + int(rng.bounded(1300));
    election.inscrits = inscrits;
    const int votants = int(std::lround(inscrits * uniform(rng, 0.35, 0.85)));
    const int enveloppes = rng.generateDouble() < 0.9 ? votants : votants - 1 - int(rng.bounded(2));
    const int blancs = int(std::lround(enveloppes * uniform(rng, 0, 0.04)));
    const int nuls = int(std::lround(enveloppes * uniform(rng, 0, 0.03)));
    const int exprimes = enveloppes - blancs - nuls;
    Sheet s{page, {}};
    auto set = [&](const QString &f, qint64 v) { s.values[f] = {QString::number(v), false}; };
    s.values[QStringLiteral("code_bureau")] = {election.stationCode, false};
    set(QStringLiteral("inscrits"),
        rng.generateDouble() < 0.95 ? inscrits : inscrits + 1 + int(rng.bounded(5)));
    set(QStringLiteral("votants"), votants);
    set(QStringLiteral("enveloppes"), enveloppes);
    set(QStringLiteral("blancs"), blancs);
    set(QStringLiteral("nuls"), nuls);
    set(QStringLiteral("exprimes"), exprimes);
    const QVector<int> voix = voixOf(rng, int(election.candidates.size()), exprimes);
    for (int i = 0; i < voix.size(); ++i)
        set(QStringLiteral("voix.") + election.candidates[i].id, voix[i]);
    return s;
}

// ---- ink ----------------------------------------------------------------------------

struct Writer
{
    const Samples &samples;
    QString writer; // the sheet's writer; other validation writers fill missing characters
    QRandomGenerator &rng;

    // nullptr when no validation writer wrote c.
    const Glyph *glyph(QChar c) const
    {
        const auto own = samples.byWriter.constFind(writer);
        if (own != samples.byWriter.cend()) {
            const auto list = own->constFind(c);
            if (list != own->cend() && !list->isEmpty())
                return &(*list)[qsizetype(rng.bounded(quint32(list->size())))];
        }
        const auto any = samples.byChar.constFind(c);
        if (any == samples.byChar.cend() || any->isEmpty())
            return nullptr;
        const auto &[w, i] = (*any)[qsizetype(rng.bounded(quint32(any->size())))];
        return &samples.byWriter.find(w)->find(c)->at(i);
    }
};

QRectF glyphBounds(const Glyph &g)
{
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const ink::Stroke &s : g)
        for (const ink::Dot &d : s.dots) {
            x0 = std::min(x0, d.x), y0 = std::min(y0, d.y);
            x1 = std::max(x1, d.x), y1 = std::max(y1, d.y);
        }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

// Scale and centre of a character in its box (mm): letters and digits 60-80 % of the box
// height (narrower when the box width asks), punctuation at its natural size and place.
QPair<double, QPointF> placement(QChar c, const QRectF &b, const QRectF &box, QRandomGenerator &rng)
{
    const double w = std::max(b.width(), 1e-6), h = std::max(b.height(), 1e-6);
    const QPointF jitter(uniform(rng, -0.05, 0.05) * box.width(),
                         uniform(rng, -0.05, 0.05) * box.height());
    const QPointF centre = box.center() + jitter;
    if (c == QLatin1Char('.'))
        return {0.12 * box.height() / std::max(w, h), centre + QPointF(0, 0.3 * box.height())};
    if (c == QLatin1Char('-') || c == QLatin1Char('_'))
        return {uniform(rng, 0.4, 0.6) * box.width() / w,
                centre + QPointF(0, c == QLatin1Char('_') ? 0.35 * box.height() : 0)};
    if (c == QLatin1Char('\''))
        return {0.3 * box.height() / h, centre - QPointF(0, 0.25 * box.height())};
    const double scale = std::min(uniform(rng, 0.6, 0.8) * box.height() / h, 0.9 * box.width() / w);
    return {scale, centre};
}

struct InkWriter
{
    const forms::FormSpec &form;
    ink::PageAddress page;
    qint64 t = 0;
    QVector<ink::Stroke> strokes;

    void write(const Glyph &g, QChar c, const QRectF &box, QRandomGenerator &rng)
    {
        const QRectF b = glyphBounds(g);
        const auto [scale, centre] = placement(c, b, box, rng);
        for (const ink::Stroke &src : g) {
            ink::Stroke s;
            s.page = page;
            s.penId = QStringLiteral("eval-sheets");
            s.startMs = t;
            for (const ink::Dot &d : src.dots) {
                const QPointF mm = centre + (QPointF(d.x, d.y) - b.center()) * scale;
                const QPointF n = form.toNcode(mm);
                s.dots.append(ink::Dot{std::round(n.x() * 100) / 100, std::round(n.y() * 100) / 100,
                                       float(300 + rng.bounded(400)), t});
                t += 8;
            }
            strokes.append(s);
            t += 120;
        }
        t += 250;
    }
};

// The characters of a value as written in its boxes: one per box, a space leaves a box
// empty; the consent mark is an X.
void writeField(InkWriter &ink, const Writer &writer, const forms::FieldSpec &spec,
                const QString &value)
{
    const QVector<QRectF> boxes = spec.boxRects();
    const QString text = spec.grammar == forms::Grammar::YesNo
                             ? (value.isEmpty() ? QString() : QStringLiteral("X"))
                             : value;
    for (qsizetype i = 0; i < text.size() && i < boxes.size(); ++i)
        if (const Glyph *g = text[i] == QLatin1Char(' ') ? nullptr : writer.glyph(text[i]))
            ink.write(*g, text[i], boxes[i], writer.rng);
    ink.t += 1200;
}

QVector<ink::Stroke> writeSheet(const Sheet &sheet, const forms::FormSpec &form,
                                const Writer &writer, qint64 t0)
{
    InkWriter ink{form, *ink::PageAddress::parse(sheet.page), t0, {}};
    for (const forms::FieldSpec &spec : form.fields)
        if (sheet.values.contains(spec.name))
            writeField(ink, writer, spec, sheet.values[spec.name].text);
    return ink.strokes;
}

// ---- scoring ------------------------------------------------------------------------

struct Tally
{
    qint64 n = 0, right = 0, flagged = 0, rightFlagged = 0, wrongUnflagged = 0;
    void add(bool ok, bool flag)
    {
        ++n;
        right += ok;
        flagged += flag;
        rightFlagged += ok && flag;
        wrongUnflagged += !ok && !flag;
    }
};

struct Outcome
{
    QString kind; // field type of the report
    double confidence = 0;
    bool right = false;
    bool flagged = false; // with --calibrate: flagged for a reason other than confidence
};

struct Report
{
    QMap<QString, Tally> fields, longTail;
    Tally pvCounts, contact, all;
    qint64 pvs = 0, pvsRight = 0, sheets = 0, sheetsRight = 0;
    QVector<Outcome> outcomes;
    QStringList errors;
};

QString kindOf(const QString &field)
{
    if (field.startsWith(QLatin1String("voix.")) || forms::pvCountFields({}).contains(field))
        return QStringLiteral("pv_count");
    return field;
}

// One field read against its truth.
void scoreField(Report &r, const Value &v, const PageField &f, const QString &page, bool pv)
{
    const bool ok = f.value == v.text;
    const QString kind = kindOf(f.field);
    r.fields[kind].add(ok, f.flagged);
    if (v.longTail)
        r.longTail[kind].add(ok, f.flagged);
    r.all.add(ok, f.flagged);
    if (kind == QLatin1String("pv_count"))
        r.pvCounts.add(ok, f.flagged);
    else if (!pv)
        r.contact.add(ok, f.flagged);
    // Calibrated per threshold kind: the PV counts in three (recognition::pvThresholdKind).
    r.outcomes.append(
        {kind == QLatin1String("pv_count") ? recognition::pvThresholdKind(f.field) : kind,
         f.confidence, ok, f.flagged});
    if (!ok)
        r.errors << QStringLiteral("%1 %2: '%3' read '%4' p=%5 %6 (%7)")
                        .arg(page, f.field, v.text, f.value, QString::number(f.confidence, 'f', 6),
                             f.flagged ? QStringLiteral("flagged") : QStringLiteral("NOT FLAGGED"),
                             f.reason);
}

bool score(Report &r, const Sheet &truth, const PageSheet &read, bool pv)
{
    bool allRight = true;
    for (const PageField &f : read.fields) {
        if (!truth.values.contains(f.field) || truth.values[f.field].text.isEmpty())
            continue;
        scoreField(r, truth.values[f.field], f, read.page, pv);
        allRight = allRight && f.value == truth.values[f.field].text;
    }
    for (auto it = truth.values.cbegin(); it != truth.values.cend(); ++it) {
        const bool seen = std::any_of(read.fields.cbegin(), read.fields.cend(),
                                      [&](const PageField &f) { return f.field == it.key(); });
        if (!seen && !it->text.isEmpty())
            allRight = false;
    }
    return allRight;
}

QString pct(qint64 a, qint64 b)
{
    return b ? QString::number(100.0 * double(a) / double(b), 'f', 1) + QStringLiteral(" %")
             : QStringLiteral("-");
}

QString ratio(qint64 a, qint64 b)
{
    return QString::number(b ? double(a) / double(b) : 0.0, 'f', 4);
}

void printTable(const QString &title, const QMap<QString, Tally> &rows, const Tally *total)
{
    out() << title << "\n"
          << "field\tn\tright\tflagged\tright_but_flagged\twrong_unflagged\n";
    auto row = [](const QString &name, const Tally &t) {
        out() << name << "\t" << t.n << "\t" << pct(t.right, t.n) << "\t" << pct(t.flagged, t.n)
              << "\t" << pct(t.rightFlagged, t.right) << "\t" << pct(t.wrongUnflagged, t.n) << "\n";
    };
    for (auto it = rows.cbegin(); it != rows.cend(); ++it)
        row(it.key(), it.value());
    if (total)
        row(QStringLiteral("contact fields"), *total);
}

// Threshold per field type so that >= 99 % of its wrong readings are flagged (all of them
// under 20 errors; by the threshold or by another reason): halfway between the confidence of the
// wrong reading that reaches 99 % and the next larger confidence of the same type.
constexpr int kMinWrongToCalibrate = 20;

// The model's field threshold for the charset a field type is read with.
double modelFieldThreshold(const recognition::ModelInfo &model, const QString &kind)
{
    using recognition::Charset;
    static const QHash<QString, Charset> charsets = {
        {QStringLiteral("pv_count"), Charset::Digits},
        {QStringLiteral("pv_inscrits"), Charset::Digits},
        {QStringLiteral("pv_votants"), Charset::Digits},
        {QStringLiteral("code_bureau"), Charset::Digits},
        {QStringLiteral("code_postal"), Charset::Digits},
        {QStringLiteral("telephone"), Charset::Digits},
        {QStringLiteral("nom"), Charset::Upper},
        {QStringLiteral("commune"), Charset::Upper},
        {QStringLiteral("adresse"), Charset::Upper},
        {QStringLiteral("prenom"), Charset::Name},
        {QStringLiteral("email"), Charset::Email}};
    return charsets.contains(kind) ? model.fieldThresholdFor(charsets.value(kind))
                                   : model.fieldThreshold;
}

// The threshold of one field type (nullopt: no error, the model's own threshold stays):
// the lowest that flags `target` of its wrong readings, flagged for other reasons counted;
// with too few errors to place it, every one of them is flagged, and never under the
// model's own threshold.
std::optional<double> typeThreshold(const QVector<Outcome> &outcomes, double target,
                                    double modelThreshold, qint64 *nWrongOut)
{
    QVector<double> wrong, all;
    qint64 nWrong = 0;
    for (const Outcome &o : outcomes) {
        all.append(o.confidence);
        nWrong += !o.right;
        if (!o.right && !o.flagged)
            wrong.append(o.confidence);
    }
    *nWrongOut = nWrong;
    if (nWrong == 0)
        return std::nullopt;
    const double share = nWrong < kMinWrongToCalibrate ? 1.0 : target;
    std::sort(wrong.begin(), wrong.end());
    std::sort(all.begin(), all.end());
    const qint64 needed = qint64(std::ceil(share * double(nWrong))) - (nWrong - wrong.size());
    double t = 0;
    if (needed > 0) {
        const double w = wrong[std::min<qsizetype>(needed, wrong.size()) - 1];
        const auto next = std::upper_bound(all.cbegin(), all.cend(), w);
        t = next == all.cend() ? std::nextafter(w, 2.0) : (w + *next) / 2;
    }
    return nWrong < kMinWrongToCalibrate ? std::max(t, modelThreshold) : t;
}

QJsonObject calibrate(const QVector<Outcome> &outcomes, double target,
                      const recognition::ModelInfo &model)
{
    QMap<QString, QVector<Outcome>> byKind;
    for (const Outcome &o : outcomes)
        byKind[o.kind].append(o);
    QJsonObject thresholds;
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
        qint64 nWrong = 0;
        const auto t = typeThreshold(*it, target, modelFieldThreshold(model, it.key()), &nWrong);
        out() << "calibration " << it.key() << " n=" << it->size() << " wrong=" << nWrong;
        if (!t) {
            out() << " threshold=model\n";
            continue;
        }
        thresholds.insert(it.key(), *t);
        out() << " threshold=" << QString::number(*t, 'f', 6) << "\n";
    }
    return thresholds;
}

struct Options
{
    QString data;
    quint32 seed = 1;
    int pvs = 200, sheets = 200, showErrors = 0;
    bool skipFragments = false;   // a diagnostic: the headline numbers keep them
    bool withoutLexicons = false; // a diagnostic: what a station without its lexicons reads
    QString calibrateOut;
    QString inkDir; // --write-ink: pv-<n>.inkml and contacts.inkml, as the pen would send them
};

void writeInk(const Options &o, const QString &name, const QVector<ink::Stroke> &strokes)
{
    if (o.inkDir.isEmpty())
        return;
    QDir().mkpath(o.inkDir);
    QFile f(o.inkDir + QLatin1Char('/') + name);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(ink::writeCaptureInkML(strokes)) < 0)
        warn(Text::tr("impossible d'écrire %1 : %2").arg(f.fileName(), f.errorString()));
}

void addOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("data"), Text::tr("Les données d'écriture (../shared/data)."),
                 QStringLiteral("dir")});
    p.addOption({QStringLiteral("seed"), Text::tr("Graine aléatoire (1 par défaut)."),
                 QStringLiteral("n"), QStringLiteral("1")});
    p.addOption({QStringLiteral("pvs"), Text::tr("PV à synthétiser (200 par défaut)."),
                 QStringLiteral("n"), QStringLiteral("200")});
    p.addOption({QStringLiteral("sheets"),
                 Text::tr("Fiches contact à synthétiser (200 par défaut)."), QStringLiteral("n"),
                 QStringLiteral("200")});
    p.addOption({QStringLiteral("show-errors"),
                 Text::tr("Affiche au plus n lectures fausses (0 par défaut)."),
                 QStringLiteral("n"), QStringLiteral("0")});
    p.addOption({QStringLiteral("calibrate"),
                 Text::tr("Lit sans seuils de confiance et écrit les seuils de champ qui "
                          "signalent au moins 99 % des lectures fausses de chaque type."),
                 QStringLiteral("FILE.json")});
    p.addOption(
        {QStringLiteral("model-dir"), Text::tr("Dossier du modèle."), QStringLiteral("dir")});
    p.addOption(skipFragmentsOption());
    p.addOption({QStringLiteral("without-lexicons"),
                 Text::tr("Lit chaque champ seul, sans lexique ni contexte, comme un poste "
                          "dont les lexiques manquent (les valeurs sont tirées des lexiques "
                          "comme d'habitude).")});
    p.addOption({QStringLiteral("write-ink"),
                 Text::tr("Écrit aussi l'encre synthétisée (pv-N.inkml, contacts.inkml) dans "
                          "DIR, pour `plumectl recognize FICHIER --json`."),
                 QStringLiteral("DIR")});
}

int parseOptions(const QStringList &args, Options &o, QCommandLineParser &p)
{
    addOptions(p);
    if (int rc = parseArgs(
            p, args,
            Text::tr("Synthétise des PV et des fiches contact avec les caractères des "
                     "scripteurs de validation placés dans les cases des modèles (60-80 % "
                     "de la hauteur de case, adresses de page et Ncode comme le stylo les "
                     "envoie), les lit en mode page (la FormSession de la fenêtre) et "
                     "affiche, par type de champ : justes, signalés, justes mais signalés, "
                     "faux non signalés ; puis de même pour les valeurs rares (noms, rues, "
                     "parties locales de courriel qu'aucun lexique ne contient). "
                     "Déterministe pour un --seed.\n"
                     "Dernière ligne : pv_all_right=... contact_sheets_all_right=... "
                     "contact_fields_right=... right_flagged=... unflagged_wrong=... "
                     "(right_flagged : champs de fiche justes mais signalés ; "
                     "unflagged_wrong : faux non signalés, sur tous les champs)."));
        rc >= 0)
        return rc;
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    o.data = p.value(QStringLiteral("data"));
    o.seed = p.value(QStringLiteral("seed")).toUInt(&ok1);
    o.pvs = p.value(QStringLiteral("pvs")).toInt(&ok2);
    o.sheets = p.value(QStringLiteral("sheets")).toInt(&ok3);
    o.showErrors = p.value(QStringLiteral("show-errors")).toInt(&ok4);
    o.calibrateOut = p.value(QStringLiteral("calibrate"));
    o.inkDir = p.value(QStringLiteral("write-ink"));
    o.skipFragments = p.isSet(skipFragmentsOption());
    o.withoutLexicons = p.isSet(QStringLiteral("without-lexicons"));
    if (o.data.isEmpty())
        return fail(Text::tr("eval-sheets attend --data DOSSIER"), Usage);
    if (!ok1 || !ok2 || !ok3 || !ok4 || o.pvs < 0 || o.sheets < 0 || o.pvs + o.sheets == 0)
        return fail(Text::tr("--seed, --pvs, --sheets et --show-errors attendent des nombres"),
                    Usage);
    return -1;
}

struct Context
{
    const recognition::Classifier &classifier;
    const Lexicons &lex;
    const Samples &samples;
    store::ElectionConfig election;
    forms::FormSpec pvForm, contactForm;
    PageOptions pageOptions;
};

void evalPvs(const Context &c, const Options &o, QRandomGenerator &rng, Report &r)
{
    for (int i = 0; i < o.pvs; ++i) {
        store::ElectionConfig election = c.election;
        const Sheet truth = pvSheet(rng, election, QStringLiteral("3.27.603.1"));
        const Writer writer{c.samples, pick(rng, c.samples.writers), rng};
        const auto strokes = writeSheet(truth, c.pvForm, writer, 1763829000000 + i * 600000LL);
        writeInk(o, QStringLiteral("pv-%1.inkml").arg(i + 1), strokes);
        const auto read = readPages(strokes, c.classifier, election, c.pageOptions);
        ++r.pvs;
        r.pvsRight += !read.isEmpty() && score(r, truth, read.first(), true);
    }
}

void evalContacts(const Context &c, const Options &o, QRandomGenerator &rng, Report &r)
{
    QVector<ink::Stroke> strokes;
    QHash<QString, Sheet> truths;
    for (int i = 0; i < o.sheets; ++i) {
        const Sheet truth = contactSheet(rng, c.lex, QStringLiteral("3.27.604.%1").arg(i + 1));
        const Writer writer{c.samples, pick(rng, c.samples.writers), rng};
        strokes += writeSheet(truth, c.contactForm, writer, 1763829000000 + i * 600000LL);
        truths.insert(truth.page, truth);
    }
    writeInk(o, QStringLiteral("contacts.inkml"), strokes);
    // One contact sheet per registered voter at most (FormSession::lastContactPage).
    store::ElectionConfig election = c.election;
    election.inscrits = std::max(election.inscrits.value_or(0), o.sheets);
    for (const PageSheet &read : readPages(strokes, c.classifier, election, c.pageOptions)) {
        if (!truths.contains(read.page))
            continue;
        ++r.sheets;
        r.sheetsRight += score(r, truths[read.page], read, false);
    }
}

int writeCalibration(const Options &o, const recognition::Classifier &classifier, const Report &r)
{
    QJsonObject doc{
        {QStringLiteral("model_version"), classifier.info().version},
        {QStringLiteral("target_wrong_flagged"), recognition::kFieldFlagTarget},
        {QStringLiteral("command"),
         QStringLiteral("plumectl eval-sheets --data DIR --seed %1 --pvs %2 --sheets %3 "
                        "--calibrate FILE")
             .arg(o.seed)
             .arg(o.pvs)
             .arg(o.sheets)},
        {QStringLiteral("field_thresholds"),
         calibrate(r.outcomes, recognition::kFieldFlagTarget, classifier.info())}};
    QFile f(o.calibrateOut);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(QJsonDocument(doc).toJson()) < 0)
        return fail(Text::tr("impossible d'écrire %1 : %2").arg(o.calibrateOut, f.errorString()));
    out() << "wrote " << o.calibrateOut << "\n";
    return Ok;
}

void printReport(const Report &r, const Options &o)
{
    for (int i = 0; i < std::min<int>(o.showErrors, int(r.errors.size())); ++i)
        out() << "error: " << r.errors[i] << "\n";
    printTable(QStringLiteral("# all values"), r.fields, &r.contact);
    printTable(QStringLiteral("# long tail (no lexicon holds them)"), r.longTail, nullptr);
    out() << "pv_counts_right_flagged=" << ratio(r.pvCounts.rightFlagged, r.pvCounts.right)
          << " fields=" << r.all.n << " wrong_unflagged_fields=" << r.all.wrongUnflagged << "\n";
    out() << "pv_all_right=" << ratio(r.pvsRight, r.pvs)
          << " contact_sheets_all_right=" << ratio(r.sheetsRight, r.sheets)
          << " contact_fields_right=" << ratio(r.contact.right, r.contact.n)
          << " right_flagged=" << ratio(r.contact.rightFlagged, r.contact.right)
          << " unflagged_wrong=" << ratio(r.all.wrongUnflagged, r.all.n) << "\n";
    out().flush();
}

} // namespace

int evalSheets(const QStringList &args)
{
    Options o;
    QCommandLineParser p;
    if (int rc = parseOptions(args, o, p); rc >= 0)
        return rc;
    recognition::Classifier classifier;
    QString error;
    if (!classifier.load(p.value(QStringLiteral("model-dir")), &error))
        return fail(error);
    const Lexicons &lex = Lexicons::shared();
    if (!lex.isLoaded())
        return fail(Text::tr("eval-sheets a besoin des lexiques (resources/lexicons)"));
    const Samples samples = loadSamples(o.data, classifier.info().valPercent, o.skipFragments);
    if (samples.writers.isEmpty())
        return fail(
            Text::tr("aucun échantillon de scripteur de validation sous %1/unipen").arg(o.data));
    const auto election = store::ElectionConfig::fromFile(
        forms::formsDirectory() + QStringLiteral("/../elections/demo.json"), &error);
    if (!election)
        return fail(Text::tr("fichier d'élection invalide : %1").arg(error));
    const auto pvForm = forms::loadForm(QStringLiteral("pv"), *election, &error);
    const auto contactForm = forms::loadForm(QStringLiteral("contact"), *election, &error);
    if (!pvForm || !contactForm)
        return fail(error);
    Context c{classifier, lex, samples, *election, *pvForm, *contactForm, {}};
    c.pageOptions.noFlagThresholds = !o.calibrateOut.isEmpty();
    c.pageOptions.withoutLexicons = o.withoutLexicons;
    // Throwaway station files: in memory when the system has a tmpfs (fsync costs nothing).
    if (QFileInfo(QStringLiteral("/dev/shm")).isWritable())
        c.pageOptions.tempRoot = QStringLiteral("/dev/shm");
    // One random stream per kind of sheet: --pvs does not change the contact sheets drawn.
    QRandomGenerator pvRng(std::array<quint32, 2>{o.seed, 1}.data(), 2);
    QRandomGenerator contactRng(std::array<quint32, 2>{o.seed, 2}.data(), 2);
    Report r;
    evalPvs(c, o, pvRng, r);
    evalContacts(c, o, contactRng, r);
    out() << "model " << classifier.info().version << ", seed " << o.seed << ", "
          << samples.writers.size() << " validation writers, " << r.pvs << " PVs, " << r.sheets
          << " contact sheets";
    if (o.skipFragments)
        out() << ", " << samples.fragmentsSkipped << " fragments left out (--skip-fragments)";
    if (o.withoutLexicons)
        out() << ", read without lexicons (--without-lexicons)";
    out() << "\n";
    printReport(r, o);
    if (o.calibrateOut.isEmpty())
        return Ok;
    return writeCalibration(o, classifier, r);
}

} // namespace plume::cli
