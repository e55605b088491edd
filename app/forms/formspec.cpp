// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "forms/formspec.h"

#include "datadir/datadir.h"
#include "recognition/field.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineF>

#include <algorithm>
#include <cmath>
#include <vector>

namespace plume::forms {
namespace {

// Human messages, in French (source language).
struct FormsText
{
    Q_DECLARE_TR_FUNCTIONS(Forms)
};

} // namespace

namespace {
struct GrammarName
{
    Grammar grammar;
    const char *name;
};
constexpr GrammarName kGrammarNames[] = {{Grammar::Count, "count"}, {Grammar::Postcode, "postcode"},
                                         {Grammar::Phone, "phone"}, {Grammar::Upper, "upper"},
                                         {Grammar::Name, "name"},   {Grammar::Alnum, "alnum"},
                                         {Grammar::Email, "email"}, {Grammar::YesNo, "yesno"},
                                         {Grammar::Code, "code"},   {Grammar::Free, "free"}};
} // namespace

std::optional<Grammar> parseGrammar(const QString &name)
{
    for (const GrammarName &g : kGrammarNames)
        if (name == QLatin1String(g.name))
            return g.grammar;
    return std::nullopt;
}

QString grammarName(Grammar grammar)
{
    for (const GrammarName &g : kGrammarNames)
        if (g.grammar == grammar)
            return QLatin1String(g.name);
    return QStringLiteral("free");
}

QVector<QRectF> FieldSpec::boxRects() const
{
    QVector<QRectF> out;
    for (int i = 0; i < boxes; ++i)
        out.append(firstBox.translated(i * pitchMm, 0));
    return out;
}

QRectF FieldSpec::area() const
{
    if (boxes <= 1)
        return firstBox;
    return firstBox.united(firstBox.translated((boxes - 1) * pitchMm, 0));
}

const FieldSpec *FormSpec::field(const QString &name) const
{
    for (const FieldSpec &f : fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

QStringList FormSpec::recognisedFieldNames() const
{
    QStringList out;
    for (const FieldSpec &f : fields)
        if (f.boxes > 0)
            out << f.name;
    return out;
}

QPointF FormSpec::toMm(double ncodeX, double ncodeY) const
{
    return ncodeOriginMm + QPointF(ncodeX, ncodeY) * ink::kMmPerNcodeUnit;
}

QPointF FormSpec::toNcode(QPointF mm) const
{
    return (mm - ncodeOriginMm) / ink::kMmPerNcodeUnit;
}

ink::Stroke strokeToMm(const FormSpec &form, const ink::Stroke &ncode)
{
    ink::Stroke mm = ncode;
    for (ink::Dot &d : mm.dots) {
        const QPointF p = form.toMm(d.x, d.y);
        d.x = p.x();
        d.y = p.y();
    }
    return mm;
}

namespace {

// Farther than this from both neighbours, a dot is a glitch, not a pen movement: at the
// pen's sampling rate consecutive dots of handwriting are well under a millimetre apart.
constexpr double kSpikeMm = 15;
// Ink may run a little past the paper's edge (the Ncode page is larger than the print).
constexpr double kPageMarginMm = 10;

bool onPage(const FormSpec &form, const ink::Dot &d)
{
    const QRectF page = QRectF(QPointF(0, 0), form.pageMm)
                            .adjusted(-kPageMarginMm, -kPageMarginMm, kPageMarginMm, kPageMarginMm);
    return std::isfinite(d.x) && std::isfinite(d.y) && page.contains(d.x, d.y);
}

double dotDistance(const ink::Dot &a, const ink::Dot &b)
{
    return std::hypot(a.x - b.x, a.y - b.y);
}

double medianStep(const QVector<ink::Dot> &dots)
{
    std::vector<double> steps;
    for (qsizetype i = 1; i < dots.size(); ++i)
        steps.push_back(dotDistance(dots[i], dots[i - 1]));
    if (steps.empty())
        return 0;
    std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
    return steps[steps.size() / 2];
}

// A dot that jumps away from the stroke and (inside it) back: farther than the limit from
// each neighbour, its neighbours closer to each other than to it. The limit grows with
// the stroke's own steps, so sparse input (a mouse moved fast) is never cut.
bool isSpike(const QVector<ink::Dot> &dots, qsizetype i, double limit)
{
    const bool hasPrevious = i > 0;
    const bool hasNext = i + 1 < dots.size();
    const double toPrevious = hasPrevious ? dotDistance(dots[i], dots[i - 1]) : 1e300;
    const double toNext = hasNext ? dotDistance(dots[i], dots[i + 1]) : 1e300;
    if (toPrevious <= limit || toNext <= limit)
        return false;
    return !(hasPrevious && hasNext) ||
           dotDistance(dots[i - 1], dots[i + 1]) < std::min(toPrevious, toNext);
}

} // namespace

ink::Stroke withoutGlitches(const FormSpec &form, const ink::Stroke &mm)
{
    ink::Stroke onPageOnly = mm;
    onPageOnly.dots.clear();
    for (const ink::Dot &d : mm.dots)
        if (onPage(form, d))
            onPageOnly.dots.append(d);
    ink::Stroke out = onPageOnly;
    out.dots.clear();
    const double limit = std::max(kSpikeMm, 10 * medianStep(onPageOnly.dots));
    const bool canSpike = onPageOnly.dots.size() >= 3;
    for (qsizetype i = 0; i < onPageOnly.dots.size(); ++i)
        if (!canSpike || !isSpike(onPageOnly.dots, i, limit))
            out.dots.append(onPageOnly.dots[i]);
    return out;
}

QString fieldOfStroke(const FormSpec &form, const ink::Stroke &ncode)
{
    const ink::Stroke mm = withoutGlitches(form, strokeToMm(form, ncode));
    if (mm.dots.isEmpty())
        return {};
    const QPointF centre = mm.bounds().center();
    QString best;
    double bestInk = 0;
    double bestDistance = 1e9;
    for (const FieldSpec &field : form.fields) {
        const QRectF area = field.area().adjusted(-2, -2, 2, 2);
        double ink = recognition::inkInside(mm, area);
        if (ink <= 0 && mm.dots.size() == 1 && area.contains(centre))
            ink = 1e-3;
        if (ink > bestInk) {
            bestInk = ink;
            best = field.name;
        } else if (bestInk == 0 && field.area().adjusted(-4, -4, 4, 4).contains(centre)) {
            const double dist = QLineF(centre, field.area().center()).length();
            if (dist < bestDistance) {
                bestDistance = dist;
                best = field.name;
            }
        }
    }
    return best;
}

QHash<QString, QVector<ink::Stroke>> strokesByField(const FormSpec &form,
                                                    const QVector<ink::Stroke> &strokes)
{
    QHash<QString, QVector<ink::Stroke>> out;
    for (const ink::Stroke &s : strokes)
        if (const QString f = fieldOfStroke(form, s); !f.isEmpty())
            out[f].append(s);
    return out;
}

QStringList pvCountFields(const store::ElectionConfig &election)
{
    QStringList out{QStringLiteral("inscrits"),   QStringLiteral("votants"),
                    QStringLiteral("enveloppes"), QStringLiteral("blancs"),
                    QStringLiteral("nuls"),       QStringLiteral("exprimes")};
    for (const store::Candidate &c : election.candidates)
        out << QStringLiteral("voix.") + c.id;
    return out;
}

QString formsDirectory()
{
    const QString env = qEnvironmentVariable("PLUME_FORMS_DIR");
    if (!env.isEmpty())
        return env;
    return datadir::locate(QStringLiteral("forms"));
}

static std::optional<FieldSpec> parseField(const QJsonObject &o, QString *error)
{
    FieldSpec f;
    f.name = o.value(QStringLiteral("name")).toString();
    f.label = o.value(QStringLiteral("label")).toString();
    f.labelEn = o.value(QStringLiteral("label_en")).toString();
    f.shortLabel = o.value(QStringLiteral("short_label")).toString();
    f.shortLabelEn = o.value(QStringLiteral("short_label_en")).toString();
    const QString grammar = o.value(QStringLiteral("grammar")).toString(QStringLiteral("free"));
    const std::optional<Grammar> g = parseGrammar(grammar);
    if (!g) {
        if (error)
            *error = FormsText::tr("champ « %1 » : grammaire « %2 » inconnue").arg(f.name, grammar);
        return std::nullopt;
    }
    f.grammar = *g;
    f.boxes = o.value(QStringLiteral("boxes")).toInt(0);
    const double x = o.value(QStringLiteral("x_mm")).toDouble(-1);
    const double y = o.value(QStringLiteral("y_mm")).toDouble(-1);
    const double w =
        o.value(QStringLiteral("box_w_mm")).toDouble(o.value(QStringLiteral("w_mm")).toDouble(0));
    const double h =
        o.value(QStringLiteral("box_h_mm")).toDouble(o.value(QStringLiteral("h_mm")).toDouble(0));
    f.pitchMm = o.value(QStringLiteral("pitch_mm")).toDouble(w);
    f.required = o.value(QStringLiteral("required")).toBool(true);
    f.personal = o.value(QStringLiteral("personal")).toBool(false);
    if (f.name.isEmpty() || x < 0 || y < 0 || w <= 0 || h <= 0 || f.boxes < 0 || f.boxes > 64 ||
        f.pitchMm < w) {
        if (error)
            *error = FormsText::tr("champ « %1 » : il faut name, x_mm, y_mm, box_w_mm, box_h_mm, "
                                   "de 0 à 64 cases (boxes) et pitch_mm >= box_w_mm")
                         .arg(f.name);
        return std::nullopt;
    }
    f.firstBox = QRectF(x, y, w, h);
    f.labelLeftMm = o.value(QStringLiteral("label_x_mm")).toDouble(-1);
    return f;
}

namespace {

// Where the PV's candidate rows go: one column under the counts while they fit above
// "bottom_mm", else the template's "columns" (a real first round has 10 to 16 candidates;
// from the sixth, rows ran over the remarks, the signatures and off the page: a review,
// 2026-12-01).
struct Slot
{
    double x, y, labelX; // labelX -1: the form's default
};

// The "repeat" block's layout keys (docs/forms.md).
struct CandidateLayout
{
    double x, y, dy, h, bottom, top, columnsBottom, minDy;
    QJsonArray columns;

    static CandidateLayout read(const QJsonObject &o)
    {
        const auto mm = [&](const char *key, double otherwise) {
            return o.value(QLatin1String(key)).toDouble(otherwise);
        };
        CandidateLayout l{mm("x_mm", 0),
                          mm("y_mm", 0),
                          mm("dy_mm", 12),
                          mm("box_h_mm", 0),
                          mm("bottom_mm", 1e9),
                          0,
                          0,
                          0,
                          o.value(QStringLiteral("columns")).toArray()};
        l.top = mm("columns_y_mm", l.y);
        l.columnsBottom = mm("columns_bottom_mm", l.bottom);
        l.minDy = mm("columns_min_dy_mm", l.dy);
        return l;
    }
    bool oneColumn(qsizetype n) const { return y + (double(n) - 1) * dy + h <= bottom; }
    // How many candidates it holds (said when an election has more).
    int capacity() const
    {
        const int one = int(std::floor((bottom - h - y) / dy)) + 1;
        const int rows = int(std::floor((columnsBottom - h - top) / minDy)) + 1;
        return std::max(one, rows * int(columns.size()));
    }
};

std::optional<QVector<Slot>> candidateSlots(const QJsonObject &o, qsizetype n, QString *error)
{
    const CandidateLayout l = CandidateLayout::read(o);
    QVector<Slot> places;
    if (l.oneColumn(n)) {
        for (qsizetype i = 0; i < n; ++i)
            places.append({l.x, l.y + l.dy * double(i), -1});
        return places;
    }
    const qsizetype perColumn =
        l.columns.isEmpty() ? 0 : (n + l.columns.size() - 1) / l.columns.size();
    const double rowDy =
        perColumn > 1 ? std::min(l.dy, (l.columnsBottom - l.h - l.top) / double(perColumn - 1))
                      : l.dy;
    if (perColumn == 0 || rowDy < l.minDy) {
        if (error)
            *error = FormsText::tr("Le PV imprimé tient au plus %n candidat(s) ; l'élection en "
                                   "compte %1.",
                                   nullptr, l.capacity())
                         .arg(n);
        return std::nullopt;
    }
    for (qsizetype i = 0; i < n; ++i) {
        const QJsonObject c = l.columns[i / perColumn].toObject();
        places.append({c.value(QStringLiteral("x_mm")).toDouble(),
                       l.top + rowDy * double(i % perColumn),
                       c.value(QStringLiteral("label_x_mm")).toDouble(-1)});
    }
    return places;
}

} // namespace

// The PV's "repeat": "candidates" block: one voix.<id> field per candidate, in the election's
// order, laid out by candidateSlots.
static bool expandCandidates(const QJsonObject &o, const store::ElectionConfig &election,
                             FormSpec &form, QString *error)
{
    const auto places = candidateSlots(o, election.candidates.size(), error);
    if (!places)
        return false;
    for (qsizetype i = 0; i < election.candidates.size(); ++i) {
        const store::Candidate &c = election.candidates[i];
        QJsonObject fo = o;
        fo.insert(QStringLiteral("name"),
                  o.value(QStringLiteral("name")).toString().replace(QStringLiteral("{id}"), c.id));
        for (const QString &key : {QStringLiteral("label"), QStringLiteral("label_en"),
                                   QStringLiteral("short_label"), QStringLiteral("short_label_en")})
            fo.insert(key, o.value(key).toString().replace(QStringLiteral("{name}"), c.name));
        fo.insert(QStringLiteral("x_mm"), (*places)[i].x);
        fo.insert(QStringLiteral("y_mm"), (*places)[i].y);
        fo.insert(QStringLiteral("label_x_mm"), (*places)[i].labelX);
        auto f = parseField(fo, error);
        if (!f)
            return false;
        form.fields.append(*f);
    }
    return true;
}

std::optional<FormSpec> loadFormFromJson(const QByteArray &json,
                                         const store::ElectionConfig &election, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        if (error)
            *error = FormsText::tr("Le modèle de formulaire n'est pas un objet JSON : %1")
                         .arg(pe.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    FormSpec form;
    form.id = root.value(QStringLiteral("id")).toString();
    form.title = root.value(QStringLiteral("title")).toString();
    const QJsonObject page = root.value(QStringLiteral("page_mm")).toObject();
    form.pageMm = QSizeF(page.value(QStringLiteral("w")).toDouble(210),
                         page.value(QStringLiteral("h")).toDouble(297));
    const QJsonObject origin = root.value(QStringLiteral("ncode_origin_mm")).toObject();
    form.ncodeOriginMm = QPointF(origin.value(QStringLiteral("x")).toDouble(0),
                                 origin.value(QStringLiteral("y")).toDouble(0));
    for (const QJsonValue &v : root.value(QStringLiteral("instructions")).toArray())
        form.instructions << v.toString();
    for (const QJsonValue &v : root.value(QStringLiteral("fields")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("repeat")).toString() == QLatin1String("candidates")) {
            if (!expandCandidates(o, election, form, error))
                return std::nullopt;
            continue;
        }
        auto f = parseField(o, error);
        if (!f)
            return std::nullopt;
        form.fields.append(*f);
    }
    if (form.id.isEmpty() || form.fields.isEmpty()) {
        if (error)
            *error = FormsText::tr("Le modèle de formulaire demande un id et des champs (fields).");
        return std::nullopt;
    }
    return form;
}

std::optional<FormSpec> loadForm(const QString &id, const store::ElectionConfig &election,
                                 QString *error)
{
    QFile f(formsDirectory() + QLatin1Char('/') + id + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = FormsText::tr("Impossible de lire le modèle de formulaire %1 : %2")
                         .arg(f.fileName(), f.errorString());
        return std::nullopt;
    }
    return loadFormFromJson(f.readAll(), election, error);
}

} // namespace plume::forms
