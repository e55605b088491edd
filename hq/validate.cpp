// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/validate.h"

#include "forms/fieldstate.h"
#include "hq/contactbox.h"
#include "hq/text.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace plume::hq {
namespace {

constexpr int kMaxStrokesPerField = 200;
constexpr int kMaxPointsPerStroke = 3000;
constexpr int kMaxPointsPerPv = 200'000;
constexpr qint64 kMaxInkCoordinate = 100'000;
constexpr qint64 kMaxInkDt = 3'600'000;
constexpr qint64 kMaxInkStart = 86'400'000;
constexpr int kMaxFields = 128;
constexpr int kMaxChecks = 32;
// A body's shape is bounded before it is parsed (sync/submission.h): a PV at these limits fits.
static_assert(sync::kMaxSubmissionContainers >= 2 * kMaxFields * kMaxStrokesPerField + 1000);
static_assert(sync::kMaxSubmissionValues >=
              3 * kMaxPointsPerPv + 4 * kMaxFields * kMaxStrokesPerField + 10'000);

const QString kPvType = QStringLiteral("pv");
const QString kContactsType = QStringLiteral("contacts");

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out << QString::fromLatin1(w);
    return out;
}

// Collects the first refusal; each check returns false once something failed.
class Checker
{
public:
    std::optional<Refusal> refusal;

    bool fail(Rule rule, const QString &message)
    {
        if (!refusal)
            refusal = refuse(422, rule, message);
        return false;
    }
    bool fail(forms::PvRule rule, const QString &message)
    {
        if (!refusal)
            refusal = refuse(rule, message);
        return false;
    }
    bool ok() const { return !refusal; }

    // Exactly these keys: a missing one is named, an unknown one is not (payload content).
    bool exactKeys(const QJsonObject &o, const QStringList &keys, const QString &where)
    {
        for (const QString &k : keys)
            if (!o.contains(k))
                return fail(Rule::Schema, HqText::tr("clé manquante : %1").arg(where + k));
        if (o.size() != keys.size())
            return fail(Rule::Schema, HqText::tr("clé inconnue dans %1").arg(where));
        return true;
    }
    // A string of min..max characters, without U+0000 (which PostgreSQL's text cannot hold).
    bool text(const QJsonValue &v, int min, int max, const QString &where)
    {
        if (!v.isString() || v.toString().size() < min || v.toString().size() > max)
            return fail(Rule::Schema, HqText::tr("%1 doit être un texte de %2 à %3 caractères")
                                          .arg(where)
                                          .arg(min)
                                          .arg(max));
        // Said as such: "a text of 0 to 200 characters" misled for a name of 20 (a review).
        if (v.toString().contains(QChar(0)))
            return fail(Rule::Schema, HqText::tr("%1 contient un caractère nul").arg(where));
        return true;
    }
    bool integer(const QJsonValue &v, qint64 min, qint64 max, Rule rule, const QString &where,
                 qint64 *out = nullptr)
    {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < double(min) || d > double(max) || d != double(qint64(d)))
            return fail(
                rule,
                HqText::tr("%1 doit être un entier entre %2 et %3").arg(where).arg(min).arg(max));
        if (out)
            *out = qint64(d);
        return true;
    }
    bool count(const QJsonValue &v, const QString &where, qint64 *out)
    {
        return integer(v, 0, kMaxCount, Rule::CountRange, where, out);
    }
    bool boolean(const QJsonValue &v, const QString &where)
    {
        return v.isBool() ||
               fail(Rule::Schema, HqText::tr("%1 doit valoir true ou false").arg(where));
    }
    bool isoUtc(const QJsonValue &v, const QString &where)
    {
        const QString s = v.toString();
        if (!v.isString() || s.size() > 40 || !s.endsWith(QLatin1Char('Z')) ||
            !QDateTime::fromString(s, Qt::ISODateWithMs).isValid())
            return fail(Rule::Schema,
                        HqText::tr("%1 doit être une date ISO 8601 en UTC").arg(where));
        return true;
    }
    bool hex64(const QJsonValue &v, const QString &where)
    {
        static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}\\z"));
        return (v.isString() && re.match(v.toString()).hasMatch()) ||
               fail(Rule::Schema, HqText::tr("%1 doit être 64 chiffres hexadécimaux").arg(where));
    }
    bool array(const QJsonValue &v, int min, int max, const QString &where)
    {
        if (!v.isArray() || v.toArray().size() < min || v.toArray().size() > max)
            return fail(Rule::Schema, HqText::tr("%1 doit être une liste de %2 à %3 éléments")
                                          .arg(where)
                                          .arg(min)
                                          .arg(max));
        return true;
    }
    bool object(const QJsonValue &v, const QString &where)
    {
        return v.isObject() || fail(Rule::Schema, HqText::tr("%1 doit être un objet").arg(where));
    }
};

// --- PV: the document's own keys --------------------------------------------------------

bool checkType(Checker &c, const sync::Submission &s, const QString &expected)
{
    const QJsonValue type = s.payload.value(QStringLiteral("type"));
    if (s.kind != expected || type.toString() != s.kind)
        return c.fail(Rule::KindMismatch, HqText::tr("le type du document n'est pas le type "
                                                     "signé de l'envoi"));
    return true;
}

bool checkVersion(Checker &c, const sync::Submission &s, PvSummary *sum)
{
    const QJsonObject &p = s.payload;
    qint64 version = 0;
    if (!c.integer(p.value(QStringLiteral("version")), 1, 1'000'000'000, Rule::Schema,
                   QStringLiteral("version"), &version))
        return false;
    if (version != s.version)
        return c.fail(Rule::VersionMismatch,
                      HqText::tr("la version du document n'est pas la version signée"));
    if (version > forms::kMaxPvVersion) // each is kept and shown: a station's flood stops here
        return c.fail(Rule::VersionLimit,
                      HqText::tr("plus de %1 versions du PV d'un bureau : une autre correction "
                                 "se fait avec le siège, hors de Plume")
                          .arg(forms::kMaxPvVersion));
    const QJsonValue prev = p.value(QStringLiteral("previous_sha256"));
    const QJsonValue reason = p.value(QStringLiteral("correction_reason"));
    if (version == 1 && (prev.toString() != QString() || !prev.isString() ||
                         reason.toString() != QString() || !reason.isString()))
        return c.fail(Rule::Schema, HqText::tr("une version 1 n'a ni previous_sha256 ni "
                                               "correction_reason"));
    if (version > 1 && !c.hex64(prev, QStringLiteral("previous_sha256")))
        return false;
    if (!c.text(reason, 0, 2000, QStringLiteral("correction_reason")))
        return false;
    sum->previousSha256 = prev.toString();
    sum->correctionReason = reason.toString();
    return true;
}

bool checkOfficials(Checker &c, const QJsonObject &p)
{
    const QJsonValue officials = p.value(QStringLiteral("officials"));
    if (!c.array(officials, 1, 20, QStringLiteral("officials")))
        return false;
    for (const QJsonValue &o : officials.toArray())
        if (!c.text(o, 1, 200, QStringLiteral("officials[]")))
            return false;
    return true;
}

// A version > 1 is a correction after the seal: the station (sync::closePv) signs it only
// with a reason of kMinReasonChars characters and kMinOfficialsToExplain distinct officials.
bool checkCorrection(Checker &c, const QJsonObject &p)
{
    if (p.value(QStringLiteral("version")).toInteger() <= 1)
        return true;
    QStringList names;
    for (const QJsonValue &v : p.value(QStringLiteral("officials")).toArray())
        names << v.toString();
    const qsizetype officials = forms::distinctOfficials(names).size();
    const int reason = forms::reasonLength(p.value(QStringLiteral("correction_reason")).toString());
    if (reason >= forms::kMinReasonChars && officials >= forms::kMinOfficialsToExplain)
        return true;
    return c.fail(Rule::CorrectionUnexplained,
                  HqText::tr("une correction après le scellé (version > 1) demande une raison "
                             "(correction_reason) d'au moins %1 caractères et au moins %2 membres "
                             "du bureau distincts")
                      .arg(forms::kMinReasonChars)
                      .arg(forms::kMinOfficialsToExplain));
}

bool checkAudit(Checker &c, const QJsonObject &p)
{
    const QJsonValue audit = p.value(QStringLiteral("audit"));
    if (!c.object(audit, QStringLiteral("audit")))
        return false;
    const QJsonObject a = audit.toObject();
    return c.exactKeys(a, words({"length", "head"}), QStringLiteral("audit.")) &&
           c.integer(a.value(QStringLiteral("length")), 1, qint64(1) << 50, Rule::Schema,
                     QStringLiteral("audit.length")) &&
           c.hex64(a.value(QStringLiteral("head")), QStringLiteral("audit.head"));
}

bool checkDocument(Checker &c, const sync::Submission &s, PvSummary *sum)
{
    const QJsonObject &p = s.payload;
    if (!checkType(c, s, kPvType) ||
        !c.exactKeys(p,
                     words({"type", "version", "previous_sha256", "correction_reason", "sealed_at",
                            "officials", "election", "station", "counts", "candidates", "remarques",
                            "checks", "missing", "audit", "fields"}),
                     QString()) ||
        !checkVersion(c, s, sum) ||
        !c.isoUtc(p.value(QStringLiteral("sealed_at")), QStringLiteral("sealed_at")) ||
        !checkOfficials(c, p) || !checkCorrection(c, p) ||
        !c.text(p.value(QStringLiteral("remarques")), 0, 10000, QStringLiteral("remarques")) ||
        !c.array(p.value(QStringLiteral("missing")), 0, 0, QStringLiteral("missing")) ||
        !checkAudit(c, p))
        return false;
    sum->remarques = p.value(QStringLiteral("remarques")).toString();
    return true;
}

// --- PV: election, station, counts, candidates ------------------------------------------

bool checkElection(Checker &c, const QJsonObject &p, const Election *election)
{
    const QJsonValue e = p.value(QStringLiteral("election"));
    if (!c.object(e, QStringLiteral("election")))
        return false;
    const QJsonObject o = e.toObject();
    if (!c.exactKeys(o, words({"id", "name", "round", "date"}), QStringLiteral("election.")) ||
        !c.text(o.value(QStringLiteral("id")), 1, 200, QStringLiteral("election.id")) ||
        !c.text(o.value(QStringLiteral("name")), 1, 200, QStringLiteral("election.name")) ||
        !c.integer(o.value(QStringLiteral("round")), 1, 9, Rule::Schema,
                   QStringLiteral("election.round")) ||
        !c.text(o.value(QStringLiteral("date")), 0, 10, QStringLiteral("election.date")))
        return false;
    if (!election || election->id != o.value(QStringLiteral("id")).toString())
        return c.fail(Rule::ElectionUnknown, HqText::tr("le siège ne connaît pas cette élection "
                                                        "(plume-hq elections add)"));
    return true;
}

bool checkStation(Checker &c, const sync::Submission &s)
{
    const QJsonValue st = s.payload.value(QStringLiteral("station"));
    if (!c.object(st, QStringLiteral("station")))
        return false;
    const QJsonObject o = st.toObject();
    if (!c.exactKeys(o, words({"code", "name", "commune"}), QStringLiteral("station.")) ||
        !c.text(o.value(QStringLiteral("code")), 1, 32, QStringLiteral("station.code")) ||
        !c.text(o.value(QStringLiteral("name")), 0, 200, QStringLiteral("station.name")) ||
        !c.text(o.value(QStringLiteral("commune")), 0, 200, QStringLiteral("station.commune")))
        return false;
    if (!isStationCode(s.station))
        return c.fail(Rule::StationCode, HqText::tr("code de bureau invalide : 1 à 32 "
                                                    "caractères parmi 0-9 A-Z a-z et « - »"));
    if (o.value(QStringLiteral("code")).toString() != s.station)
        return c.fail(Rule::StationMismatch, HqText::tr("le bureau du document n'est pas le "
                                                        "bureau qui a signé l'envoi"));
    return true;
}

bool checkCounts(Checker &c, const QJsonObject &p, PvSummary *sum)
{
    const QJsonValue counts = p.value(QStringLiteral("counts"));
    if (!c.object(counts, QStringLiteral("counts")))
        return false;
    const QJsonObject o = counts.toObject();
    QStringList names;
    for (const char *n : kCountNames)
        names << QString::fromLatin1(n);
    if (!c.exactKeys(o, names, QStringLiteral("counts.")))
        return false;
    for (size_t i = 0; i < kCountNames.size(); ++i) {
        const QString where = QStringLiteral("counts.") + names[qsizetype(i)];
        if (!c.count(o.value(names[qsizetype(i)]), where, &sum->counts[i]))
            return false;
    }
    return true;
}

// One entry of "candidates": its election index, or -1 after a refusal.
int checkCandidate(Checker &c, const QJsonValue &v, const Election &e, const QString &where,
                   qint64 *voix)
{
    if (!c.object(v, where))
        return -1;
    const QJsonObject o = v.toObject();
    if (!c.exactKeys(o, words({"id", "name", "order", "voix"}), where + QLatin1Char('.')) ||
        !c.text(o.value(QStringLiteral("id")), 1, 32, where + QStringLiteral(".id")) ||
        !c.text(o.value(QStringLiteral("name")), 0, 200, where + QStringLiteral(".name")) ||
        !c.integer(o.value(QStringLiteral("order")), 0, 1000, Rule::Schema,
                   where + QStringLiteral(".order")) ||
        !c.count(o.value(QStringLiteral("voix")), where + QStringLiteral(".voix"), voix))
        return -1;
    const int index = e.candidateIndex(o.value(QStringLiteral("id")).toString());
    if (index < 0)
        c.fail(Rule::CandidateUnknown,
               HqText::tr("%1 n'est pas un candidat de l'élection").arg(where));
    return index;
}

bool checkCandidates(Checker &c, const QJsonObject &p, const Election &e, PvSummary *sum)
{
    const QJsonValue list = p.value(QStringLiteral("candidates"));
    if (!list.isArray())
        return c.fail(Rule::Schema, HqText::tr("candidates doit être une liste"));
    sum->voix = QVector<qint64>(e.candidates.size(), -1);
    const QJsonArray a = list.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString where = QStringLiteral("candidates[%1]").arg(i);
        qint64 voix = 0;
        const int index = checkCandidate(c, a[i], e, where, &voix);
        if (index < 0)
            return false;
        if (sum->voix[index] >= 0)
            return c.fail(Rule::CandidateRepeated,
                          HqText::tr("%1 : ce candidat figure déjà dans la liste").arg(where));
        sum->voix[index] = voix;
    }
    if (sum->voix.contains(-1))
        return c.fail(Rule::CandidateMissing, HqText::tr("un candidat de l'élection manque"));
    return true;
}

bool checkChecks(Checker &c, const QJsonObject &p)
{
    const QJsonValue checks = p.value(QStringLiteral("checks"));
    if (!c.array(checks, 0, kMaxChecks, QStringLiteral("checks")))
        return false;
    for (const QJsonValue &v : checks.toArray()) {
        const QJsonObject o = v.toObject();
        const QString where = QStringLiteral("checks[]");
        if (!c.object(v, where) ||
            !c.exactKeys(o, words({"rule", "kind", "explanation", "fields", "blocking"}),
                         where + QLatin1Char('.')) ||
            !c.text(o.value(QStringLiteral("explanation")), 0, 2000, where) ||
            !c.array(o.value(QStringLiteral("fields")), 0, 64, where) ||
            !c.boolean(o.value(QStringLiteral("blocking")), where))
            return false;
        const auto rule = forms::ruleFromId(o.value(QStringLiteral("rule")).toString());
        if (!rule ||
            o.value(QStringLiteral("kind")).toString() != forms::kindId(forms::ruleKind(*rule)))
            return c.fail(Rule::Schema, HqText::tr("checks : règle ou nature inconnue"));
        if (forms::ruleKind(*rule) == forms::RuleKind::Impossible)
            return c.fail(*rule, HqText::tr("un PV scellé ne peut pas enfreindre une règle "
                                            "impossible"));
    }
    return true;
}

// --- PV: fields and their ink -----------------------------------------------------------

struct InkBudget
{
    qint64 points = 0;
};

// A field's ink in time (ms since the epoch): its first stroke, and the field's decision.
struct InkTimes
{
    qint64 first = 0;
    qint64 decided = 0;
};

qint64 msOf(const QJsonValue &iso)
{
    return QDateTime::fromString(iso.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// `late` as far as the document itself proves it: a stroke the pen started a second or more
// after the field's decision (decided_at is written to the second, truncated) is late. The
// converse does not hold: the station also marks late a stroke it stored after the decision
// by its own clock, whatever the pen's clock says (a pen set back an hour).
bool lateAsWritten(Checker &c, qint64 start, bool late, const InkTimes &times)
{
    if (!late && start >= times.decided + 1000)
        return c.fail(Rule::Ink, HqText::tr("un trait commencé après la décision du champ "
                                            "(decided_at) doit être marqué late"));
    return true;
}

bool checkStroke(Checker &c, const QJsonValue &v, const InkTimes &times, InkBudget &budget,
                 bool *late)
{
    const QString where = QStringLiteral("ink.strokes[]");
    if (!c.object(v, where))
        return false;
    const QJsonObject o = v.toObject();
    if (!c.exactKeys(o, words({"t", "late", "p"}), where + QLatin1Char('.')) ||
        !c.integer(o.value(QStringLiteral("t")), 0, kMaxInkStart, Rule::Ink,
                   where + QStringLiteral(".t")) ||
        !c.boolean(o.value(QStringLiteral("late")), where + QStringLiteral(".late")))
        return false;
    *late = o.value(QStringLiteral("late")).toBool();
    if (!lateAsWritten(c, times.first + o.value(QStringLiteral("t")).toInteger(), *late, times))
        return false;
    const QJsonValue p = o.value(QStringLiteral("p"));
    const QJsonArray pts = p.toArray();
    if (!p.isArray() || pts.size() % 3 != 0 || pts.size() > 3 * kMaxPointsPerStroke)
        return c.fail(
            Rule::Ink,
            HqText::tr("un trait doit avoir de 0 à %1 points (x, y, dt)").arg(kMaxPointsPerStroke));
    budget.points += pts.size() / 3;
    if (budget.points > kMaxPointsPerPv)
        return c.fail(Rule::Ink,
                      HqText::tr("plus de %1 points d'encre dans le PV").arg(kMaxPointsPerPv));
    for (qsizetype i = 0; i < pts.size(); ++i)
        if (!c.integer(pts[i], 0, i % 3 == 2 ? kMaxInkDt : kMaxInkCoordinate, Rule::Ink,
                       where + QStringLiteral(".p")))
            return false;
    return true;
}

bool checkInk(Checker &c, const QJsonValue &v, const QJsonValue &decidedAt, InkBudget &budget,
              bool *lateInk)
{
    if (v.isNull())
        return true;
    const QString where = QStringLiteral("fields.*.ink");
    if (!c.object(v, where))
        return false;
    const QJsonObject o = v.toObject();
    const QJsonValue strokes = o.value(QStringLiteral("strokes"));
    if (!c.exactKeys(o, words({"first_at", "last_at", "late_ink", "strokes"}),
                     where + QLatin1Char('.')) ||
        !c.isoUtc(o.value(QStringLiteral("first_at")), where + QStringLiteral(".first_at")) ||
        !c.isoUtc(o.value(QStringLiteral("last_at")), where + QStringLiteral(".last_at")) ||
        !c.boolean(o.value(QStringLiteral("late_ink")), where + QStringLiteral(".late_ink")) ||
        !c.array(strokes, 0, kMaxStrokesPerField, where + QStringLiteral(".strokes")))
        return false;
    const InkTimes times{msOf(o.value(QStringLiteral("first_at"))), msOf(decidedAt)};
    if (times.first > msOf(o.value(QStringLiteral("last_at"))))
        return c.fail(Rule::Ink, HqText::tr("fields.*.ink : first_at est après last_at"));
    bool anyLate = false;
    for (const QJsonValue &s : strokes.toArray()) {
        bool late = false;
        if (!checkStroke(c, s, times, budget, &late))
            return false;
        anyLate = anyLate || late;
    }
    if (anyLate != o.value(QStringLiteral("late_ink")).toBool())
        return c.fail(Rule::Ink, HqText::tr("late_ink ne correspond pas aux traits tardifs"));
    *lateInk = *lateInk || anyLate;
    return true;
}

bool checkField(Checker &c, const QJsonValue &v, InkBudget &budget, bool *lateInk)
{
    const QString where = QStringLiteral("fields.*");
    if (!c.object(v, where))
        return false;
    const QJsonObject o = v.toObject();
    static const QStringList sources = words({"confirmed", "corrected", "typed"});
    if (!c.exactKeys(o, words({"value", "source", "official", "decided_at", "ink"}),
                     where + QLatin1Char('.')) ||
        !c.text(o.value(QStringLiteral("value")), 0, 200, where + QStringLiteral(".value")) ||
        !c.text(o.value(QStringLiteral("official")), 0, 200, where + QStringLiteral(".official")) ||
        !c.isoUtc(o.value(QStringLiteral("decided_at")), where + QStringLiteral(".decided_at")))
        return false;
    if (!sources.contains(o.value(QStringLiteral("source")).toString()))
        return c.fail(Rule::Schema, HqText::tr("fields.*.source : confirmed, corrected ou typed"));
    return checkInk(c, o.value(QStringLiteral("ink")), o.value(QStringLiteral("decided_at")),
                    budget, lateInk);
}

// The numbers written in the fields are the counts of the document.
bool fieldsMatch(Checker &c, const QJsonObject &fields, const Election &e, const PvSummary &sum)
{
    // Written as the station's count grammar writes it: " +0300 " for 300 reached the
    // operator's page as written.
    auto same = [&](const QString &name, qint64 n) {
        bool ok = false;
        const QString value =
            fields.value(name).toObject().value(QStringLiteral("value")).toString();
        if (forms::isCountText(value) && value.toLongLong(&ok) == n && ok)
            return true;
        return c.fail(Rule::FieldMismatch,
                      HqText::tr("la valeur du champ %1 n'est pas celle du compte").arg(name));
    };
    for (size_t i = 0; i < kCountNames.size(); ++i)
        if (!same(QString::fromLatin1(kCountNames[i]), sum.counts[i]))
            return false;
    for (qsizetype i = 0; i < e.candidates.size(); ++i)
        if (!same(QStringLiteral("voix.") + e.candidates[i].id, sum.voix[i]))
            return false;
    return true;
}

// The fields a station sends: the station's code, the counts and one per candidate,
// present, and no other (a review: "voix.c9" for no candidate, a name ending in U+202E
// reached the operator's page as fields of the handwritten PV).
bool checkFieldNames(Checker &c, const QJsonObject &fields, const Election &e)
{
    QStringList required = words({"code_bureau"});
    for (const char *n : kCountNames)
        required << QString::fromLatin1(n);
    for (const store::Candidate &cand : e.candidates)
        required << QStringLiteral("voix.") + cand.id;
    for (const QString &name : std::as_const(required))
        if (!fields.contains(name))
            return c.fail(Rule::Schema, HqText::tr("champ manquant : fields.%1").arg(name));
    if (fields.size() > kMaxFields)
        return c.fail(Rule::Schema, HqText::tr("trop de champs dans fields"));
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!required.contains(it.key()))
            return c.fail(Rule::Schema, HqText::tr("fields contient un champ qui n'est pas un "
                                                   "champ du PV de cette élection"));
    return true;
}

bool checkFields(Checker &c, const QJsonObject &p, const Election &e, PvSummary *sum)
{
    const QJsonValue v = p.value(QStringLiteral("fields"));
    if (!c.object(v, QStringLiteral("fields")))
        return false;
    const QJsonObject fields = v.toObject();
    if (!checkFieldNames(c, fields, e))
        return false;
    InkBudget budget;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!checkField(c, it.value(), budget, &sum->lateInk))
            return false;
    return fieldsMatch(c, fields, e, *sum);
}

// --- PV: the rules of the PV, as the station applies them -------------------------------

// The numbers of the PV as forms::checkPv reads them.
QHash<QString, QString> pvValues(const sync::Submission &s, const Election &e, const PvSummary &sum)
{
    QHash<QString, QString> values;
    for (size_t i = 0; i < kCountNames.size(); ++i)
        values.insert(QString::fromLatin1(kCountNames[i]), QString::number(sum.counts[i]));
    for (qsizetype i = 0; i < e.candidates.size(); ++i)
        values.insert(QStringLiteral("voix.") + e.candidates[i].id, QString::number(sum.voix[i]));
    const QJsonObject fields = s.payload.value(QStringLiteral("fields")).toObject();
    values.insert(QStringLiteral("code_bureau"), fields.value(QStringLiteral("code_bureau"))
                                                     .toObject()
                                                     .value(QStringLiteral("value"))
                                                     .toString());
    return values;
}

// Remarks of kMinReasonChars characters and kMinOfficialsToExplain officials: what a rule to
// explain needs (docs/seal.md).
bool isExplained(const sync::Submission &s, const PvSummary &sum)
{
    QStringList names;
    for (const QJsonValue &v : s.payload.value(QStringLiteral("officials")).toArray())
        names << v.toString();
    const int officials = int(forms::distinctOfficials(names).size());
    return forms::reasonLength(sum.remarques) >= forms::kMinReasonChars &&
           officials >= forms::kMinOfficialsToExplain;
}

// The PV's own `checks` list the rule (the station sealed it as a rule to explain).
bool carries(const QJsonObject &p, forms::PvRule rule)
{
    for (const QJsonValue &v : p.value(QStringLiteral("checks")).toArray())
        if (v.toObject().value(QStringLiteral("rule")).toString() == forms::ruleId(rule))
            return true;
    return false;
}

// The first count above `limit` ("counts.x" or "voix.id").
QString overInscrits(const Election &e, const PvSummary &sum, qint64 limit)
{
    for (size_t i = 0; i < kCountNames.size(); ++i)
        if (sum.counts[i] > limit)
            return QStringLiteral("counts.") + QString::fromLatin1(kCountNames[i]);
    for (qsizetype i = 0; i < sum.voix.size(); ++i)
        if (sum.voix[i] > limit)
            return QStringLiteral("voix.") + e.candidates[i].id;
    return {};
}

// A count above the election's inscrits (issues 14 and 15, the lead's decision): accepted
// only as an explained rule to explain that HQ finds itself (inscrits_liste: voters added
// on election day, or votants_le_inscrits) and that the sealed PV lists in its `checks`,
// and within the slack of inscrits_ecart (votants_le_inscrits once excused 9 million votants
// on a list of 1000); else 422 over_inscrits. The PV is then stored and flagged.
bool checkInscrits(Checker &c, const sync::Submission &s, const Election &e, const PvSummary &sum,
                   const QVector<forms::RuleFailure> &failures)
{
    const std::optional<qint64> inscrits = e.inscritsOf(s.station);
    const QString over = inscrits ? overInscrits(e, sum, *inscrits) : QString();
    if (over.isEmpty())
        return true;
    const qint64 slack = forms::inscritsSlack(*inscrits);
    const bool excused = overInscrits(e, sum, *inscrits + slack).isEmpty() && isExplained(s, sum) &&
                         std::any_of(failures.begin(), failures.end(), [&](const auto &f) {
                             return (f.rule == forms::PvRule::InscritsListe ||
                                     f.rule == forms::PvRule::VotantsLeInscrits) &&
                                    carries(s.payload, f.rule);
                         });
    return excused || c.fail(Rule::OverInscrits,
                             HqText::tr("%1 dépasse le nombre d'inscrits du bureau dans "
                                        "l'élection (accepté seulement jusqu'à %4 de plus, avec "
                                        "la règle %2 ou %3 expliquée dans le PV)")
                                 .arg(over, forms::ruleId(forms::PvRule::InscritsListe),
                                      forms::ruleId(forms::PvRule::VotantsLeInscrits),
                                      QString::number(slack)));
}

// --- PV: the rules of the PV, as the station applies them -------------------------------

// What HQ says of a failed rule of forms::checkPv: the station's explanation when it holds
// only numbers HQ read itself; else (code_bureau quotes what was written) a fixed sentence
// naming the rule and its fields: an error never echoes payload content.
QString explanation(const forms::RuleFailure &f)
{
    switch (f.rule) {
    case forms::PvRule::ExprimesEq:
    case forms::PvRule::SommeVoix:
    case forms::PvRule::VotantsLeInscrits:
    case forms::PvRule::EnveloppesVotants:
    case forms::PvRule::InscritsListe:
    case forms::PvRule::InscritsEcart:
    case forms::PvRule::CompteEcart:
    case forms::PvRule::CountsMissing:
        return f.explanation;
    case forms::PvRule::CodeBureau:
        return HqText::tr("règle code_bureau : le code écrit dans le champ code_bureau n'est pas "
                          "celui du bureau qui a signé l'envoi");
    default:
        return HqText::tr("règle %1 : valeur refusée dans le champ %2")
            .arg(forms::ruleId(f.rule), f.fields.join(QStringLiteral(", ")));
    }
}

bool checkRules(Checker &c, const sync::Submission &s, const Election &e, PvSummary *sum)
{
    const QVector<forms::RuleFailure> failures =
        forms::checkPv(pvValues(s, e, *sum), e.configFor(s.station));
    // An impossible rule is named first (inscrits_ecart rather than over_inscrits), except
    // compte_inscrits, which HQ has always answered as over_inscrits (checkInscrits).
    for (const forms::RuleFailure &f : failures)
        if (f.isImpossible() && f.rule != forms::PvRule::CompteInscrits)
            return c.fail(f.rule, explanation(f));
    if (!checkInscrits(c, s, e, *sum, failures))
        return false;
    const bool explained = isExplained(s, *sum);
    for (const forms::RuleFailure &f : failures) {
        if (!explained)
            return c.fail(f.rule, HqText::tr("%1 Une règle à expliquer demande des observations "
                                             "d'au moins %2 caractères et au moins %3 membres "
                                             "du bureau.")
                                      .arg(explanation(f))
                                      .arg(forms::kMinReasonChars)
                                      .arg(forms::kMinOfficialsToExplain));
        sum->explained << forms::ruleId(f.rule);
    }
    return true;
}

// Σ voix in 64 bits, checked (the ranges make an overflow impossible; the check stays).
bool checkSums(Checker &c, const PvSummary &sum)
{
    qint64 total = 0;
    for (qint64 v : sum.voix)
        if (__builtin_add_overflow(total, v, &total))
            return c.fail(Rule::Overflow, HqText::tr("la somme des voix dépasse 64 bits"));
    return true;
}

// --- contacts ---------------------------------------------------------------------------

// What every contact grammar of the station allows (forms::validateValue): empty, or a
// letter or digit first, and no control or format character (newlines, bidi overrides,
// zero-width spaces). A stolen key sent "\t=1+1" and U+202E into HQ's export (a review,
// 2026-12-01); a real station never sends them.
bool plainContactValue(const QString &value)
{
    static const QRegularExpression plain(
        QStringLiteral("^(?:[\\p{L}\\p{N}][^\\p{Cc}\\p{Cf}]*)?\\z"));
    return plain.match(value).hasMatch();
}

// `sheets` collects the sheet numbers seen in the batch (contact-7 and contact-007 are one).
bool checkContact(Checker &c, const QJsonValue &v, QSet<qint64> &sheets)
{
    static const QStringList allowed = words({"nom", "prenom", "adresse", "code_postal", "commune",
                                              "email", "telephone", "consentement"});
    const QString where = QStringLiteral("contacts[]");
    if (!c.object(v, where))
        return false;
    const QJsonObject o = v.toObject();
    if (!c.exactKeys(o, words({"sheet", "fields"}), where + QLatin1Char('.')) ||
        !c.object(o.value(QStringLiteral("fields")), where + QStringLiteral(".fields")))
        return false;
    const qint64 sheet = contactSheetNumber(o.value(QStringLiteral("sheet")).toString());
    if (sheet < 0)
        return c.fail(Rule::Schema, HqText::tr("contacts[].sheet doit être contact-N"));
    if (sheets.contains(sheet))
        return c.fail(Rule::SheetRepeated,
                      HqText::tr("une fiche contact figure deux fois dans le même lot"));
    sheets.insert(sheet);
    const QJsonObject fields = o.value(QStringLiteral("fields")).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!allowed.contains(it.key()))
            return c.fail(Rule::ContactField,
                          HqText::tr("un champ n'appartient pas à la fiche contact"));
        if (!c.text(it.value(), 0, 200, where + QStringLiteral(".fields.") + it.key()))
            return false;
        if (!plainContactValue(it.value().toString()))
            return c.fail(Rule::ContactField,
                          HqText::tr("une valeur de contact commence par une lettre ou un "
                                     "chiffre et ne contient aucun caractère de contrôle"));
    }
    // The station sends only sheets whose consent is "oui", and says so (docs/protocol.md §2).
    if (fields.value(QStringLiteral("consentement")).toString() != QLatin1String("oui"))
        return c.fail(Rule::Consent, HqText::tr("une fiche sans consentement ne quitte jamais "
                                                "le bureau"));
    return true;
}

} // namespace

QString electionIdOf(const sync::Submission &s)
{
    const QJsonValue e = s.payload.value(QStringLiteral("election"));
    return e.isObject() ? e.toObject().value(QStringLiteral("id")).toString() : e.toString();
}

std::optional<Refusal> validatePv(const sync::Submission &s, const Election *election,
                                  PvSummary *summary)
{
    Checker c;
    PvSummary sum;
    const QJsonObject &p = s.payload;
    if (checkDocument(c, s, &sum) && checkElection(c, p, election) && checkStation(c, s)) {
        sum.electionId = election->id;
        if (checkCounts(c, p, &sum) && checkCandidates(c, p, *election, &sum) &&
            checkChecks(c, p) && checkFields(c, p, *election, &sum) && checkSums(c, sum))
            checkRules(c, s, *election, &sum);
    }
    if (c.refusal)
        return c.refusal;
    *summary = std::move(sum);
    return std::nullopt;
}

std::optional<Refusal> validateContacts(const sync::Submission &s, const Election *election)
{
    Checker c;
    const QJsonObject &p = s.payload;
    if (!checkType(c, s, kContactsType) ||
        !c.exactKeys(p, words({"type", "election", "batch", "contacts"}), QString()) ||
        !c.text(p.value(QStringLiteral("election")), 1, 200, QStringLiteral("election")))
        return c.refusal;
    if (!election || election->id != p.value(QStringLiteral("election")).toString())
        c.fail(Rule::ElectionUnknown, HqText::tr("le siège ne connaît pas cette élection "
                                                 "(plume-hq elections add)"));
    else if (!isStationCode(s.station))
        c.fail(Rule::StationCode, HqText::tr("code de bureau invalide : 1 à 32 caractères "
                                             "parmi 0-9 A-Z a-z et « - »"));
    else if (c.integer(p.value(QStringLiteral("batch")), 1, kMaxContactBatch, Rule::Schema,
                       QStringLiteral("batch")) &&
             p.value(QStringLiteral("batch")).toInteger() != s.version)
        c.fail(Rule::VersionMismatch, HqText::tr("le numéro de lot n'est pas la version signée"));
    else if (c.array(p.value(QStringLiteral("contacts")), 1, 50, QStringLiteral("contacts"))) {
        QSet<qint64> sheets;
        for (const QJsonValue &v : p.value(QStringLiteral("contacts")).toArray())
            if (!checkContact(c, v, sheets))
                break;
    }
    return c.refusal;
}

} // namespace plume::hq
