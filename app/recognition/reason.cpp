// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Flag reasons as codes, rendered in the reader's language (reason.h).
#include "recognition/reason.h"

#include <QCoreApplication>

#include <array>
#include <cmath>

namespace plume::recognition {

namespace {

constexpr const char *kContext = "plume::recognition";

struct Entry
{
    ReasonCode code;
    const char *id;
    const char *text;      // French source
    bool percents = false; // number arguments are percentages, one decimal
};

// NOLINTBEGIN: one line per code
constexpr std::array kEntries{
    Entry{ReasonCode::LowConfidence, "low_confidence",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "lecture incertaine (confiance %1 %, ce champ en demande %2 %)"),
          true},
    Entry{ReasonCode::CharOverBoxes, "char_over_boxes",
          QT_TRANSLATE_NOOP("plume::recognition", "caractère écrit sur les cases %1-%2")},
    Entry{ReasonCode::InkAfterEmptyBox, "ink_after_empty_box",
          QT_TRANSLATE_NOOP("plume::recognition", "encre après une case vide ignorée")},
    Entry{ReasonCode::StrokesOutside, "strokes_outside",
          QT_TRANSLATE_NOOP("plume::recognition", "%1 trait(s) hors des cases ignoré(s)")},
    Entry{ReasonCode::LightMark, "light_mark",
          QT_TRANSLATE_NOOP("plume::recognition", "marque légère")},
    Entry{ReasonCode::NotPostcode, "not_postcode",
          QT_TRANSLATE_NOOP("plume::recognition", "pas un code postal (%1 chiffres sur 5)")},
    Entry{
        ReasonCode::NotPhone, "not_phone",
        QT_TRANSLATE_NOOP("plume::recognition", "pas un numéro de téléphone (%1 chiffres sur 10)")},
    Entry{ReasonCode::NotEmail, "not_email",
          QT_TRANSLATE_NOOP("plume::recognition", "pas une adresse e-mail")},
    Entry{ReasonCode::NotName, "not_name", QT_TRANSLATE_NOOP("plume::recognition", "pas un nom")},
    Entry{ReasonCode::NotCommune, "not_commune",
          QT_TRANSLATE_NOOP("plume::recognition", "pas un nom de commune")},
    Entry{ReasonCode::NoMatch, "no_match",
          QT_TRANSLATE_NOOP("plume::recognition", "ne correspond pas au champ")},
    Entry{ReasonCode::Unreadable, "unreadable",
          QT_TRANSLATE_NOOP("plume::recognition", "illisible")},
    Entry{ReasonCode::UnknownPostcode, "unknown_postcode",
          QT_TRANSLATE_NOOP("plume::recognition", "code postal inconnu")},
    Entry{ReasonCode::MixedLettersDigits, "mixed_letters_digits",
          QT_TRANSLATE_NOOP("plume::recognition", "lettres et chiffres mêlés dans « %1 »")},
    Entry{ReasonCode::MisplacedApostrophe, "misplaced_apostrophe",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "lu %1 : une apostrophe ne suit que la première lettre d'un mot")},
    Entry{ReasonCode::LeadingZero, "leading_zero",
          QT_TRANSLATE_NOOP("plume::recognition", "un nombre ne commence pas par 0")},
    Entry{ReasonCode::ReadLeadingZero, "read_leading_zero",
          QT_TRANSLATE_NOOP("plume::recognition", "lu %1 ; un nombre ne commence pas par 0")},
    Entry{ReasonCode::ReadNotPhone, "read_not_phone",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "lu %1 : un numéro français commence par 0 puis 1 à 9")},
    Entry{ReasonCode::CommuneNotOfPostcode, "commune_not_of_postcode",
          QT_TRANSLATE_NOOP("plume::recognition", "%1 n'est pas une commune du code postal %2")},
    Entry{ReasonCode::ReadProposed, "read_proposed",
          QT_TRANSLATE_NOOP("plume::recognition", "lu %1 (F2) ; %2 proposé")},
    Entry{ReasonCode::ProposedInF2, "proposed_in_f2",
          QT_TRANSLATE_NOOP("plume::recognition", "%1 proposé en F2")},
    Entry{ReasonCode::Proposal, "proposal", QT_TRANSLATE_NOOP("plume::recognition", "%1 (%2)")},
    Entry{ReasonCode::FrequentSurname, "frequent_surname",
          QT_TRANSLATE_NOOP("plume::recognition", "nom fréquent")},
    Entry{ReasonCode::FrequentGivenName, "frequent_given_name",
          QT_TRANSLATE_NOOP("plume::recognition", "prénom fréquent")},
    Entry{ReasonCode::OnlyCommuneOfPostcode, "only_commune_of_postcode",
          QT_TRANSLATE_NOOP("plume::recognition", "seule commune de ce code postal")},
    Entry{ReasonCode::CommuneOfPostcode, "commune_of_postcode",
          QT_TRANSLATE_NOOP("plume::recognition", "commune de ce code postal")},
    Entry{ReasonCode::PostcodeOf, "postcode_of",
          QT_TRANSLATE_NOOP("plume::recognition", "code postal de %1")},
    Entry{ReasonCode::FromNames, "from_names",
          QT_TRANSLATE_NOOP("plume::recognition", "d'après le prénom et le nom")},
    Entry{ReasonCode::FromEmail, "from_email",
          QT_TRANSLATE_NOOP("plume::recognition", "d'après l'e-mail")},
    Entry{ReasonCode::UsualProvider, "usual_provider",
          QT_TRANSLATE_NOOP("plume::recognition", "fournisseur courant")},
    Entry{ReasonCode::StreetType, "street_type",
          QT_TRANSLATE_NOOP("plume::recognition", "type de voie")},
    Entry{ReasonCode::StreetWord, "street_word",
          QT_TRANSLATE_NOOP("plume::recognition", "mot de rue")},
    Entry{ReasonCode::StreetName, "street_name",
          QT_TRANSLATE_NOOP("plume::recognition", "nom de rue fréquent")},
    Entry{ReasonCode::StationCode, "station_code",
          QT_TRANSLATE_NOOP("plume::recognition", "code de ce bureau")},
    Entry{ReasonCode::PvProposed, "pv_proposed",
          QT_TRANSLATE_NOOP("plume::recognition", "lu %1 ; %2 proposé (%3)")},
    Entry{ReasonCode::PvArithmetic, "pv_arithmetic",
          QT_TRANSLATE_NOOP("plume::recognition", "calcul du PV")},
    Entry{ReasonCode::RegisteredVoters, "registered_voters",
          QT_TRANSLATE_NOOP("plume::recognition", "nombre d'inscrits de la liste électorale")},
    Entry{ReasonCode::VotantsEqualEnveloppes, "votants_equal_enveloppes",
          QT_TRANSLATE_NOOP("plume::recognition", "votants = enveloppes")},
    Entry{ReasonCode::PvChanged, "pv_changed",
          QT_TRANSLATE_NOOP("plume::recognition", "lu %1, changé en %2 pour que %3")},
    Entry{ReasonCode::RuleVotantsInscrits, "rule_votants_inscrits",
          QT_TRANSLATE_NOOP("plume::recognition", "votants ≤ inscrits")},
    Entry{
        ReasonCode::RuleExprimes, "rule_exprimes",
        QT_TRANSLATE_NOOP("plume::recognition", "exprimés = enveloppes − blancs − nuls = Σ voix")},
    Entry{ReasonCode::PvRestored, "pv_restored",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "calcul du PV rétabli (%1) : vérifiez sur le papier")},
    Entry{ReasonCode::BrokenVotants, "broken_votants",
          QT_TRANSLATE_NOOP("plume::recognition", "votants (%1) > inscrits (%2)")},
    Entry{
        ReasonCode::BrokenExprimes, "broken_exprimes",
        QT_TRANSLATE_NOOP("plume::recognition", "exprimés (%1) ≠ enveloppes − blancs − nuls (%2)")},
    Entry{ReasonCode::BrokenVoix, "broken_voix",
          QT_TRANSLATE_NOOP("plume::recognition", "Σ voix (%1) ≠ exprimés (%2)")},
    Entry{ReasonCode::PvIncoherentUnlikely, "pv_incoherent_unlikely",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "PV incohérent, aucune lecture cohérente assez probable : %1")},
    Entry{ReasonCode::PvIncoherentNone, "pv_incoherent_none",
          QT_TRANSLATE_NOOP("plume::recognition",
                            "PV incohérent, aucune lecture cohérente trouvée : %1")},
    Entry{ReasonCode::UnreadableFields, "unreadable_fields",
          QT_TRANSLATE_NOOP("plume::recognition", "champs illisibles")},
};
// NOLINTEND

const Entry *entryOf(ReasonCode code)
{
    for (const Entry &e : kEntries)
        if (e.code == code)
            return &e;
    return nullptr;
}

QString sourceText(const char *text, bool translated)
{
    return translated ? QCoreApplication::translate(kContext, text) : QString::fromUtf8(text);
}

// A count, or a percentage with one decimal and the reader's decimal separator ("98,5" in
// French); more decimals (up to 3) where one would round a value under 100 up to 100,0 (a
// threshold of 99.977 % reads "99,98 %", never "100,0 %"), or where the value has them
// (lowConfidence rounds the confidence down and the threshold up to 2 decimals: 99.87 %
// under 99.92 % read « 99,9 % » under « 99,9 %», a review of 2026-12-02).
QString number(double v, bool percent, bool translated)
{
    if (!percent && v == std::floor(v) && std::abs(v) < 1e15)
        return QString::number(qint64(v));
    const QString separator = sourceText(QT_TRANSLATE_NOOP("plume::recognition", ","), translated);
    const auto needsMore = [v](int decimals) {
        const double shown = QString::number(v, 'f', decimals).toDouble();
        return std::abs(shown - v) > 1e-9 || (v < 100 && shown >= 100);
    };
    int decimals = 1;
    while (decimals < 3 && needsMore(decimals))
        ++decimals;
    return QString::number(v, 'f', decimals).replace(QLatin1Char('.'), separator);
}

QString argText(const QJsonValue &arg, bool percent, bool translated)
{
    if (arg.isDouble())
        return number(arg.toDouble(), percent, translated);
    if (arg.isObject()) {
        const auto nested = Reason::fromJson(arg.toObject());
        return nested ? nested->text(translated) : QString();
    }
    if (arg.isArray()) {
        const auto nested = reasonsFromJson(arg.toArray());
        return nested ? reasonsText(*nested, translated) : QString();
    }
    return arg.toString();
}

} // namespace

QString reasonCodeId(ReasonCode code)
{
    const Entry *e = entryOf(code);
    return e ? QString::fromLatin1(e->id) : QString();
}

std::optional<ReasonCode> reasonCodeFromId(const QString &id)
{
    for (const Entry &e : kEntries)
        if (id == QLatin1String(e.id))
            return e.code;
    return std::nullopt;
}

QString Reason::text(bool translated) const
{
    const Entry *e = entryOf(code);
    if (!e)
        return {};
    // One pass over %1..%9: an argument holding "%1" is never substituted again.
    const QString pattern = sourceText(e->text, translated);
    QString out;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const int k = i + 1 < pattern.size() ? pattern[i + 1].digitValue() : -1;
        if (pattern[i] == QLatin1Char('%') && k >= 1 && k <= args.size()) {
            out += argText(args[k - 1], e->percents, translated);
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

QJsonObject Reason::toJson() const
{
    return QJsonObject{{QStringLiteral("code"), reasonCodeId(code)},
                       {QStringLiteral("args"), args}};
}

std::optional<Reason> Reason::fromJson(const QJsonObject &json)
{
    const auto code = reasonCodeFromId(json.value(QStringLiteral("code")).toString());
    if (!code)
        return std::nullopt;
    const QJsonArray args = json.value(QStringLiteral("args")).toArray();
    for (const QJsonValue &a : args)
        if ((a.isObject() && !fromJson(a.toObject())) ||
            (a.isArray() && !reasonsFromJson(a.toArray())))
            return std::nullopt;
    return Reason(*code, args);
}

QString reasonsText(const Reasons &reasons, bool translated)
{
    QStringList parts;
    for (const Reason &r : reasons)
        parts << r.text(translated);
    // French puts a space before the semicolon; the reader's language decides.
    const QString separator = translated ? QCoreApplication::translate("plume::recognition", " ; ")
                                         : QStringLiteral(" ; ");
    return parts.join(separator);
}

QJsonArray reasonsToJson(const Reasons &reasons)
{
    QJsonArray out;
    for (const Reason &r : reasons)
        out.append(r.toJson());
    return out;
}

std::optional<Reasons> reasonsFromJson(const QJsonArray &json)
{
    Reasons out;
    for (const QJsonValue &v : json) {
        const auto r = v.isObject() ? Reason::fromJson(v.toObject()) : std::nullopt;
        if (!r)
            return std::nullopt;
        out.append(*r);
    }
    return out;
}

QString readingReason(const QJsonObject &nbest, const QString &storedReason)
{
    const QJsonValue codes = nbest.value(QStringLiteral("reasons"));
    if (!codes.isArray() || codes.toArray().isEmpty())
        return storedReason;
    const auto reasons = reasonsFromJson(codes.toArray());
    return reasons ? reasonsText(*reasons, true) : storedReason;
}

} // namespace plume::recognition
