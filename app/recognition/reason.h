// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Why a reading is flagged, as a code with its arguments: stored in the reading's n-best
// JSON ("reasons": [{"code": "…", "args": […]}]) next to the French text of the reading,
// and rendered in the reader's language when shown (readingReason).
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::recognition {

// The codes are machine contracts (their JSON ids never change); the texts are French
// source strings of the translation context "plume::recognition".
enum class ReasonCode {
    None,
    // field level
    LowConfidence,      // "lecture incertaine (confiance %1 %, ce champ en demande %2 %)" (numbers)
    CharOverBoxes,      // "caractère écrit sur les cases %1-%2"
    InkAfterEmptyBox,   // "encre après une case vide ignorée"
    StrokesOutside,     // "%1 trait(s) hors des cases ignoré(s)"
    LightMark,          // "marque légère"
    NotPostcode,        // "pas un code postal (%1 chiffres sur 5)"
    NotPhone,           // "pas un numéro de téléphone (%1 chiffres sur 10)"
    NotEmail,           // "pas une adresse e-mail"
    NotName,            // "pas un nom"
    NotCommune,         // "pas un nom de commune"
    NoMatch,            // "ne correspond pas au champ"
    Unreadable,         // "illisible"
    UnknownPostcode,    // "code postal inconnu"
    MixedLettersDigits, // "lettres et chiffres mêlés dans « %1 »"
    MisplacedApostrophe,  // "lu %1 : une apostrophe ne suit que la première lettre d'un mot"
    LeadingZero,          // "un nombre ne commence pas par 0"
    ReadLeadingZero,      // "lu %1 ; un nombre ne commence pas par 0"
    ReadNotPhone,         // "lu %1 : un numéro français commence par 0 puis 1 à 9"
    CommuneNotOfPostcode, // "%1 n'est pas une commune du code postal %2"
    // context: a proposal and why
    ReadProposed, // "lu %1 (F2) ; %2 proposé" (%2: a Proposal)
    ProposedInF2, // "%1 proposé en F2" (%1: a Proposal)
    Proposal,     // "%1 (%2)" (%2: why)
    FrequentSurname,
    FrequentGivenName,
    OnlyCommuneOfPostcode,
    CommuneOfPostcode,
    PostcodeOf, // "code postal de %1"
    FromNames,
    FromEmail, // "d'après l'e-mail"
    UsualProvider,
    StreetType,
    StreetWord,
    StreetName, // "nom de rue fréquent"
    StationCode,
    // PV
    PvProposed,   // "lu %1 ; %2 proposé (%3)" (%3: why)
    PvArithmetic, // "calcul du PV"
    RegisteredVoters,
    VotantsEqualEnveloppes,
    PvChanged, // "lu %1, changé en %2 pour que %3" (%3: a rule)
    RuleVotantsInscrits,
    RuleExprimes,
    PvRestored,    // "calcul du PV rétabli (%1) : vérifiez sur le papier"
    BrokenVotants, // "votants (%1) > inscrits (%2)"
    BrokenExprimes,
    BrokenVoix,
    PvIncoherentUnlikely, // "PV incohérent, aucune lecture cohérente assez probable : %1"
    PvIncoherentNone,     // "PV incohérent, aucune lecture cohérente trouvée : %1"
    UnreadableFields,     // "champs illisibles"
};

// A reason: its code and arguments. An argument is a string (a value as read), a number
// (a percentage, rendered with the reader's decimal separator), an object (a nested
// reason) or an array of objects (nested reasons joined by " ; ").
struct Reason
{
    ReasonCode code = ReasonCode::None;
    QJsonArray args;

    Reason() = default;
    Reason(ReasonCode c, QJsonArray a = {}) : code(c), args(std::move(a)) {}
    bool isNull() const { return code == ReasonCode::None; }
    bool operator==(const Reason &o) const { return code == o.code && args == o.args; }

    // The sentence: in the installed translation, or the French source text.
    QString text(bool translated = true) const;
    QJsonObject toJson() const;
    static std::optional<Reason> fromJson(const QJsonObject &json);
};
using Reasons = QVector<Reason>;

// JSON id of a code ("low_confidence", …) and back.
QString reasonCodeId(ReasonCode code);
std::optional<ReasonCode> reasonCodeFromId(const QString &id);

// The reasons joined by " ; " (the one separator of field, PV and form reasons).
QString reasonsText(const Reasons &reasons, bool translated = true);
QJsonArray reasonsToJson(const Reasons &reasons);
// Reasons of a JSON array; nullopt when an entry is not a known reason.
std::optional<Reasons> reasonsFromJson(const QJsonArray &json);

// What a person reads for a stored reading: its n-best's "reasons" rendered in the
// current language (QCoreApplication::translate), or, for readings stored before reason
// codes (or with an unknown code), the stored text as it is.
QString readingReason(const QJsonObject &nbest, const QString &storedReason);

// Adds a reason to a reading (anything with `QString reason` and `Reasons reasons`): the
// French text after " ; ", the code in the list.
template <typename R> void addReason(R &reading, const Reason &why)
{
    if (why.isNull())
        return;
    if (!reading.reason.isEmpty())
        reading.reason += QStringLiteral(" ; ");
    reading.reason += why.text(false);
    reading.reasons.append(why);
}
// Replaces a reading's reasons by one.
template <typename R> void setReason(R &reading, const Reason &why)
{
    reading.reason.clear();
    reading.reasons.clear();
    addReason(reading, why);
}

} // namespace plume::recognition
