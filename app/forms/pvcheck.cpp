// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "forms/pvcheck.h"

#include "forms/formspec.h"
#include "store/text.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cstdlib>

namespace plume::forms {
namespace {

// lupdate context for every sentence of this file.
struct PvCheck
{
    Q_DECLARE_TR_FUNCTIONS(PvCheck)
};

using Counts = QHash<QString, std::optional<qint64>>;

const QString kInscrits = QStringLiteral("inscrits");
const QString kVotants = QStringLiteral("votants");
const QString kEnveloppes = QStringLiteral("enveloppes");
const QString kBlancs = QStringLiteral("blancs");
const QString kNuls = QStringLiteral("nuls");
const QString kExprimes = QStringLiteral("exprimes");
const QString kCodeBureau = QStringLiteral("code_bureau");

QString num(qint64 v)
{
    return QLocale().toString(v);
}

QString adviceFor(PvRule rule)
{
    switch (rule) {
    case PvRule::CountInvalid:
    case PvRule::CountsMissing:
        return PvCheck::tr("Saisissez un nombre entier (0 ou plus) dans chaque case de compte.");
    case PvRule::ExprimesEq:
    case PvRule::SommeVoix:
        return PvCheck::tr("Recomptez et corrigez les valeurs : un PV qui ne s'additionne pas ne "
                           "peut pas être scellé.");
    case PvRule::CodeBureau:
        return PvCheck::tr("Corrigez le code du bureau : il doit être celui de ce bureau de vote.");
    case PvRule::InscritsEcart:
        return PvCheck::tr("Vérifiez le nombre d'inscrits sur la liste d'émargement : un tel écart "
                           "avec la liste électorale ne peut pas être scellé ; appelez la personne "
                           "responsable de l'élection.");
    case PvRule::CompteInscrits:
        return PvCheck::tr("Vérifiez ce nombre (un chiffre de trop ?) : un compte qui dépasse à ce "
                           "point le nombre d'inscrits de la liste électorale ne peut pas être "
                           "scellé ; appelez la personne responsable de l'élection.");
    case PvRule::CompteEcart:
        return PvCheck::tr("Vérifiez ce nombre et celui des inscrits (un chiffre de trop, ou de "
                           "moins ?) : un compte qui dépasse à ce point les inscrits du PV ne peut "
                           "pas être scellé, même expliqué.");
    case PvRule::VotantsLeInscrits:
    case PvRule::EnveloppesVotants:
    case PvRule::InscritsListe:
        return PvCheck::tr("Vérifiez les valeurs ; si elles sont justes, expliquez l'écart dans "
                           "les observations (au moins %n caractères) et faites signer au moins "
                           "deux membres du bureau.",
                           nullptr, kMinReasonChars);
    }
    return {};
}

RuleFailure failure(PvRule rule, const QString &explanation, const QStringList &fields)
{
    return RuleFailure{rule, explanation, fields, adviceFor(rule)};
}

Counts parseCounts(const QHash<QString, QString> &values, const QStringList &fields,
                   QVector<RuleFailure> &out)
{
    Counts n;
    QStringList missing;
    for (const QString &f : fields) {
        const QString v = values.value(f).trimmed();
        bool ok = false;
        const qint64 x = v.toLongLong(&ok);
        if (v.isEmpty()) {
            missing << f;
            n.insert(f, std::nullopt);
        } else if (!ok || x < 0 || x > kMaxPvCount) { // no Σ voix can overflow then
            out.append(failure(PvRule::CountInvalid,
                               PvCheck::tr("« %1 » n'est pas un nombre entier de 0 à %2.")
                                   .arg(v, num(kMaxPvCount)),
                               {f}));
            n.insert(f, std::nullopt);
        } else {
            n.insert(f, x);
        }
    }
    if (!missing.isEmpty())
        out.append(failure(PvRule::CountsMissing,
                           PvCheck::tr("%n valeur(s) manquante(s).", nullptr, int(missing.size())),
                           missing));
    return n;
}

void checkCode(const QHash<QString, QString> &values, const store::ElectionConfig &election,
               QVector<RuleFailure> &out)
{
    if (!values.contains(kCodeBureau) || election.stationCode.isEmpty())
        return;
    const QString code = values.value(kCodeBureau).trimmed();
    if (code.compare(election.stationCode, Qt::CaseInsensitive) == 0)
        return;
    out.append(failure(PvRule::CodeBureau,
                       PvCheck::tr("Le code du bureau lu (« %1 ») n'est pas celui de ce bureau "
                                   "(« %2 »).")
                           .arg(code, election.stationCode),
                       {kCodeBureau}));
}

void checkArithmetic(const Counts &n, QVector<RuleFailure> &out)
{
    const auto env = n.value(kEnveloppes), bl = n.value(kBlancs), nu = n.value(kNuls),
               ex = n.value(kExprimes);
    if (!env || !bl || !nu || !ex || *ex == *env - *bl - *nu)
        return;
    out.append(failure(PvRule::ExprimesEq,
                       PvCheck::tr("Exprimés (%1) ≠ enveloppes − blancs − nuls (%2 − %3 − %4 = "
                                   "%5).")
                           .arg(num(*ex), num(*env), num(*bl), num(*nu), num(*env - *bl - *nu)),
                       {kExprimes, kEnveloppes, kBlancs, kNuls}));
}

void checkSum(const Counts &n, const store::ElectionConfig &election, QVector<RuleFailure> &out)
{
    qint64 sum = 0;
    QStringList voix;
    for (const store::Candidate &c : election.candidates) {
        const QString f = QStringLiteral("voix.") + c.id;
        voix << f;
        const auto v = n.value(f);
        if (!v)
            return; // cannot be judged yet
        sum += *v;
    }
    const auto ex = n.value(kExprimes);
    if (!ex || sum == *ex)
        return;
    out.append(failure(
        PvRule::SommeVoix,
        PvCheck::tr("La somme des voix (%1) ≠ suffrages exprimés (%2).").arg(num(sum), num(*ex)),
        voix << kExprimes));
}

// inscrits differs from the list: to explain within inscritsSlack, impossible beyond.
RuleFailure inscritsFailure(qint64 inscrits, qint64 registered)
{
    if (std::llabs(inscrits - registered) > inscritsSlack(registered))
        return failure(PvRule::InscritsEcart,
                       PvCheck::tr("Le nombre d'inscrits (%1) s'écarte de plus de %2 de celui "
                                   "de la liste électorale (%3).")
                           .arg(num(inscrits), num(inscritsSlack(registered)), num(registered)),
                       {kInscrits});
    return failure(PvRule::InscritsListe,
                   PvCheck::tr("Le nombre d'inscrits (%1) diffère de celui de la liste "
                               "électorale (%2).")
                       .arg(num(inscrits), num(registered)),
                   {kInscrits});
}

void checkToExplain(const Counts &n, const store::ElectionConfig &election,
                    QVector<RuleFailure> &out)
{
    const auto ins = n.value(kInscrits), vot = n.value(kVotants), env = n.value(kEnveloppes);
    if (ins && vot && *vot > *ins)
        out.append(failure(PvRule::VotantsLeInscrits,
                           PvCheck::tr("Il y a plus de votants (%1) que d'inscrits (%2).")
                               .arg(num(*vot), num(*ins)),
                           {kVotants, kInscrits}));
    if (vot && env && *vot != *env)
        out.append(failure(PvRule::EnveloppesVotants,
                           PvCheck::tr("Enveloppes (%1) ≠ votants (%2).").arg(num(*env), num(*vot)),
                           {kEnveloppes, kVotants}));
    if (election.inscrits && ins && *ins != *election.inscrits)
        out.append(inscritsFailure(*ins, *election.inscrits));
}

// Whether the PV explains counts above the list: its inscrits differ from the list (voters
// added by a court) or its votants exceed its inscrits. HQ excuses a count above the list
// only then (and explained).
bool explainsCountsAboveList(const Counts &n, qint64 registered)
{
    const auto ins = n.value(kInscrits), vot = n.value(kVotants);
    return ins && (*ins != registered || (vot && *vot > *ins));
}

// What a count field is called in a sentence: "votants", "les voix de Claire AUBERT"; its id
// ("voix.aubert") read as French words in the English window (a review, 2026-12-01).
QString countName(const QString &field, const store::ElectionConfig &election)
{
    if (field == kVotants)
        return PvCheck::tr("votants");
    if (field == kEnveloppes)
        return PvCheck::tr("enveloppes");
    if (field == kBlancs)
        return PvCheck::tr("blancs");
    if (field == kNuls)
        return PvCheck::tr("nuls");
    if (field == kExprimes)
        return PvCheck::tr("exprimés");
    for (const store::Candidate &c : election.candidates)
        if (field == QLatin1String("voix.") + c.id)
            return PvCheck::tr("voix de %1").arg(c.name);
    return field;
}

// A count above the PV's own inscrits by more than their slack: impossible too (compte_ecart,
// a rule of 2026-12-02: PVs sealed before may break it), whatever the list says (an election
// file without inscrits let 99,999 votants under 100 inscrits be sealed with a sentence, and
// 1,312 votants under 1,188 inscrits passed on a list of 1,250: a hostile review). Within the
// slack it stays a rule to explain. A field already above the list is said once, as that.
void checkBeyondOwnInscrits(const Counts &n, const QStringList &fields,
                            const store::ElectionConfig &election, QVector<RuleFailure> &out)
{
    const auto ins = n.value(kInscrits);
    if (!ins)
        return;
    QSet<QString> said; // above the list already
    for (const RuleFailure &f : std::as_const(out))
        if (f.rule == PvRule::CompteInscrits)
            said.insert(f.fields.value(0));
    const qint64 slack = inscritsSlack(*ins);
    for (const QString &f : fields) {
        const auto v = n.value(f);
        if (f != kInscrits && !said.contains(f) && v && *v > *ins + slack)
            out.append(failure(PvRule::CompteEcart,
                               PvCheck::tr("« %1 » (%2) dépasse de plus de %3 le nombre "
                                           "d'inscrits de ce PV (%4).")
                                   .arg(countName(f, election), num(*v), num(slack), num(*ins)),
                               {f, kInscrits}));
    }
}

// A count above the election's registered number: impossible beyond its slack, whatever
// the PV's own inscrits say (9 million votants under inscrits left at 1,000 must not be
// sealed with a sentence and two names), and above the list at all when nothing on the PV
// explains it (more envelopes than registered voters). HQ refuses both as over_inscrits.
void checkBeyondList(const Counts &n, const QStringList &fields,
                     const store::ElectionConfig &election, QVector<RuleFailure> &out)
{
    if (!election.inscrits)
        return;
    const qint64 registered = *election.inscrits, slack = inscritsSlack(registered);
    const bool explained = explainsCountsAboveList(n, registered);
    for (const QString &f : fields) {
        const auto v = n.value(f);
        if (f == kInscrits || !v || *v <= registered + (explained ? slack : 0))
            continue;
        out.append(failure(
            PvRule::CompteInscrits,
            explained ? PvCheck::tr("« %1 » (%2) dépasse de plus de %3 le nombre d'inscrits de "
                                    "la liste électorale (%4).")
                            .arg(countName(f, election), num(*v), num(slack), num(registered))
                      : PvCheck::tr("« %1 » (%2) dépasse le nombre d'inscrits de la liste "
                                    "électorale (%3), et rien dans le PV ne l'explique (inscrits "
                                    "ajoutés, plus de votants que d'inscrits).")
                            .arg(countName(f, election), num(*v), num(registered)),
            {f}));
    }
}

struct RuleInfo
{
    PvRule rule;
    const char *id;
    RuleKind kind;
    const char *statement; // what the rule asks, in French: the PV document's words
};

constexpr RuleInfo kRules[] = {
    {PvRule::CountInvalid, "entier_positif", RuleKind::Impossible,
     "chaque compte est un nombre entier, 0 ou plus"},
    {PvRule::CountsMissing, "champs_manquants", RuleKind::Impossible,
     "chaque compte du PV a une valeur"},
    {PvRule::ExprimesEq, "exprimes_eq", RuleKind::Impossible,
     "exprimés = enveloppes − blancs − nuls"},
    {PvRule::SommeVoix, "somme_voix", RuleKind::Impossible,
     "la somme des voix des candidats = exprimés"},
    {PvRule::CodeBureau, "code_bureau", RuleKind::Impossible,
     "le code du bureau est celui de l'élection"},
    {PvRule::InscritsEcart, "inscrits_ecart", RuleKind::Impossible,
     "inscrits à 10 près, ou 5 %, du nombre de la liste électorale"},
    {PvRule::CompteInscrits, "compte_inscrits", RuleKind::Impossible,
     "aucun compte ne dépasse la liste électorale de plus de 10, ou 5 %"},
    {PvRule::CompteEcart, "compte_ecart", RuleKind::Impossible,
     "aucun compte ne dépasse les inscrits du PV de plus de 10, ou 5 %"},
    {PvRule::VotantsLeInscrits, "votants_le_inscrits", RuleKind::ToExplain, "votants ≤ inscrits"},
    {PvRule::EnveloppesVotants, "enveloppes_votants", RuleKind::ToExplain, "enveloppes = votants"},
    {PvRule::InscritsListe, "inscrits_liste", RuleKind::ToExplain,
     "inscrits = le nombre de la liste électorale"},
};

const RuleInfo &info(PvRule rule)
{
    for (const RuleInfo &r : kRules)
        if (r.rule == rule)
            return r;
    return kRules[0];
}

} // namespace

qint64 inscritsSlack(qint64 registered)
{
    return std::max<qint64>(10, registered / 20);
}

RuleKind RuleFailure::kind() const
{
    return ruleKind(rule);
}

QString ruleId(PvRule rule)
{
    return QString::fromLatin1(info(rule).id);
}

QString ruleStatementInFrench(PvRule rule)
{
    return QString::fromUtf8(info(rule).statement);
}

QVector<PvRule> allRules()
{
    QVector<PvRule> out;
    for (const RuleInfo &r : kRules)
        out.append(r.rule);
    return out;
}

std::optional<PvRule> ruleFromId(const QString &id)
{
    for (const RuleInfo &r : kRules)
        if (id == QLatin1String(r.id))
            return r.rule;
    return std::nullopt;
}

RuleKind ruleKind(PvRule rule)
{
    return info(rule).kind;
}

QString kindId(RuleKind kind)
{
    return kind == RuleKind::Impossible ? QStringLiteral("impossible")
                                        : QStringLiteral("to_explain");
}

namespace {

// The label's French words: the source of its translation and the PV document's own words.
const char *kindWords(RuleKind kind)
{
    return kind == RuleKind::Impossible ? QT_TRANSLATE_NOOP("PvCheck", "impossible")
                                        : QT_TRANSLATE_NOOP("PvCheck", "à expliquer");
}

} // namespace

QString kindLabel(RuleKind kind)
{
    return PvCheck::tr(kindWords(kind));
}

QString kindLabelInFrench(RuleKind kind)
{
    return QString::fromUtf8(kindWords(kind));
}

QVector<RuleFailure> checkPv(const QHash<QString, QString> &values,
                             const store::ElectionConfig &election)
{
    QVector<RuleFailure> out;
    const QStringList fields = pvCountFields(election);
    const Counts n = parseCounts(values, fields, out);
    checkCode(values, election, out);
    checkArithmetic(n, out);
    checkSum(n, election, out);
    checkBeyondList(n, fields, election, out);
    checkBeyondOwnInscrits(n, fields, election, out);
    checkToExplain(n, election, out);
    return out;
}

bool hasImpossible(const QVector<RuleFailure> &failures)
{
    return std::any_of(failures.begin(), failures.end(),
                       [](const RuleFailure &f) { return f.isImpossible(); });
}

bool hasToExplain(const QVector<RuleFailure> &failures)
{
    return std::any_of(failures.begin(), failures.end(),
                       [](const RuleFailure &f) { return !f.isImpossible(); });
}

namespace {

// Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern): a
// reader sees a space, whatever their category says.
bool drawsNothing(char32_t c)
{
    switch (c) {
    case 0x115F:
    case 0x1160:
    case 0x3164:
    case 0xFFA0:
    case 0x2800:
    case 0xFFFC: // the object replacement character: no object, no ink
        return true;
    default:
        return false;
    }
}

bool isSpaceLike(char32_t c)
{
    const auto cat = QChar::category(c);
    return QChar::isSpace(c) || cat == QChar::Separator_Space || cat == QChar::Separator_Line ||
           cat == QChar::Separator_Paragraph || drawsNothing(c);
}

bool isInvisible(char32_t c)
{
    const auto cat = QChar::category(c);
    return cat == QChar::Other_Format || cat == QChar::Other_Control ||
           cat == QChar::Other_NotAssigned || cat == QChar::Other_PrivateUse ||
           cat == QChar::Other_Surrogate;
}

} // namespace

QString visibleText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        if (isSpaceLike(c))
            out += QLatin1Char(' ');
        else if (!isInvisible(c))
            out += QString::fromUcs4(&c, 1);
    }
    return out.simplified();
}

namespace {

// Words of at least two letters or digits, and the different letters or digits (case and
// accents aside) of a text.
std::pair<int, int> wordsAndDistinct(const QString &visible)
{
    int words = 0;
    QSet<char32_t> distinct;
    for (const QString &word : visible.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        int run = 0, best = 0;
        for (const char32_t c : word.normalized(QString::NormalizationForm_D).toUcs4()) {
            const bool letter = QChar::isLetterOrNumber(c);
            run = letter ? run + 1 : (QChar::category(c) == QChar::Mark_NonSpacing ? run : 0);
            best = std::max(best, run);
            if (letter)
                distinct.insert(QChar::toCaseFolded(c));
        }
        words += best >= 2 ? 1 : 0;
    }
    return {words, int(distinct.size())};
}

} // namespace

int reasonLength(const QString &reason)
{
    // Characters as a reader counts them: one per code point (an emoji is one, not two
    // UTF-16 units), accents on a letter not counted apart; none when fewer than
    // kMinReasonLetters of them are letters or digits (one letter and symbols explain
    // nothing), or too few words or different letters (one letter typed 20 times neither).
    const QString visible = visibleText(reason);
    int length = 0;
    int letters = 0;
    for (const char32_t c : visible.toUcs4()) {
        const auto cat = QChar::category(c);
        letters += QChar::isLetterOrNumber(c) ? 1 : 0;
        if (cat != QChar::Mark_NonSpacing && cat != QChar::Mark_Enclosing)
            ++length;
    }
    const auto [words, distinct] = wordsAndDistinct(visible);
    const bool says =
        letters >= kMinReasonLetters && words >= kMinReasonWords && distinct >= kMinReasonDistinct;
    return says ? length : 0;
}

// Letters and digits only: "MarieLEROY", "Marie-Leroy" and "Marie\u180eLEROY" are the one
// official "Marie LEROY" (a review counted such spellings as a second official at HQ).
QString officialKey(const QString &name)
{
    QString key;
    for (const char32_t c : store::withoutAccents(visibleText(name)).toCaseFolded().toUcs4())
        if (QChar::isLetterOrNumber(c))
            key += QString::fromUcs4(&c, 1);
    return key;
}

// Every role, in parentheses or brackets, before or after the name.
QString withoutRole(const QString &name)
{
    static const QRegularExpression role(QStringLiteral("[(\\[][^()\\[\\]]*[)\\]]"));
    return visibleText(QString(name).remove(role));
}

QStringList distinctOfficials(const QStringList &names)
{
    QStringList out, seen;
    for (const QString &name : names) {
        const QString key = officialKey(withoutRole(name));
        if (key.isEmpty() || seen.contains(key))
            continue;
        seen << key;
        out << visibleText(name);
    }
    return out;
}

QJsonArray toJson(const QVector<RuleFailure> &failures)
{
    QJsonArray a;
    for (const RuleFailure &f : failures)
        a.append(QJsonObject{{QStringLiteral("rule"), ruleId(f.rule)},
                             {QStringLiteral("kind"), kindId(f.kind())},
                             {QStringLiteral("explanation"), f.explanation},
                             {QStringLiteral("fields"), QJsonArray::fromStringList(f.fields)},
                             {QStringLiteral("blocking"), f.isImpossible()}});
    return a;
}

} // namespace plume::forms
