// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The PV's arithmetic and consistency rules, explained in plain French (translatable).
//
// Two kinds of rule (docs/seal.md):
//  - Impossible: a PV that breaks it is never sealed (exprimés ≠ enveloppes − blancs − nuls,
//    Σ voix ≠ exprimés, code du bureau ≠ the election's, a count missing, not a number or
//    negative). The officials must correct the values.
//  - ToExplain: sealable only with a written reason of at least kMinReasonChars characters
//    and the signatures of at least kMinOfficialsToExplain officials present (votants >
//    inscrits, enveloppes ≠ votants, inscrits ≠ the election's registered number).
#pragma once

#include "store/election.h"

#include <QHash>
#include <QJsonArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace plume::forms {

enum class PvRule {
    CountInvalid,      // a count is not a non-negative integer
    CountsMissing,     // a count has no value
    ExprimesEq,        // exprimés = enveloppes − blancs − nuls
    SommeVoix,         // Σ voix = exprimés
    CodeBureau,        // code du bureau = the election's station code
    VotantsLeInscrits, // votants ≤ inscrits
    EnveloppesVotants, // enveloppes = votants
    InscritsListe,     // inscrits = the election's registered number
    InscritsEcart,     // inscrits within inscritsSlack() of the registered number
    CompteInscrits,    // no other count above the registered number by more than the slack
    CompteEcart,       // no count above the PV's own inscrits by more than their slack
};

enum class RuleKind { Impossible, ToExplain };

// The largest count a PV may hold (HQ's bound, hq::kMaxCount): five boxes on the form, and
// no station has more registered voters (store::kMaxInscrits); above it a count is not a
// count, and no sum of them can overflow. (It was 10,000,000: HQ counted 10 million votes
// for a station whose election file gives no inscrits, a review of 2026-12-02.)
inline constexpr qint64 kMaxPvCount = 99'999;
inline constexpr int kMinReasonChars = 20;       // a reason shorter than this explains nothing
inline constexpr int kMinReasonLetters = 10;     // letters or digits among them, at least
inline constexpr int kMinReasonWords = 3;        // words of two letters or digits, at least
inline constexpr int kMinReasonDistinct = 6;     // different letters or digits, at least
inline constexpr int kMinOfficialsToExplain = 2; // officials who sign a PV with a rule to explain
// The most versions of one station's PV (the first and its corrections after the seal): HQ
// refuses more (422 version_limit), the station does not seal more.
inline constexpr int kMaxPvVersion = 20;

// How far the PV's inscrits may be from the election's registered number and still be a
// rule to explain (voters added or struck off by a court on election day, a handful per
// station): 10, or 5 % of the list when that is more. Further is impossible: two officials
// and a sentence must not turn a station of 1,000 voters into one of 10 million.
qint64 inscritsSlack(qint64 registered);

struct RuleFailure
{
    PvRule rule = PvRule::CountInvalid;
    QString explanation; // translated sentence, with the numbers
    QStringList fields;  // fields involved (field names, e.g. voix.aubert)
    QString advice;      // translated: what the officials should do

    RuleKind kind() const;
    bool isImpossible() const { return kind() == RuleKind::Impossible; }
};

// Stable ids used in JSON, the PV document and HQ: entier_positif, champs_manquants,
// exprimes_eq, somme_voix, code_bureau, votants_le_inscrits, enveloppes_votants,
// inscrits_liste, inscrits_ecart, compte_inscrits.
QString ruleId(PvRule rule);
// What the rule asks, in words (« exprimés = enveloppes − blancs − nuls »), for the PV
// document, which is French whatever the window's language (closing::exportPv).
QString ruleStatementInFrench(PvRule rule);
QVector<PvRule> allRules(); // every rule, impossible ones first
std::optional<PvRule> ruleFromId(const QString &id);
RuleKind ruleKind(PvRule rule);
// "impossible" | "to_explain" (JSON), and the translated label ("impossible", "à expliquer").
QString kindId(RuleKind kind);
QString kindLabel(RuleKind kind);
QString kindLabelInFrench(RuleKind kind); // the PV document's words, whatever the language

// values: field name -> value (as typed/decided; missing or empty = not filled).
// code_bureau is compared with election.stationCode when values holds it.
QVector<RuleFailure> checkPv(const QHash<QString, QString> &values,
                             const store::ElectionConfig &election);
bool hasImpossible(const QVector<RuleFailure> &failures);
bool hasToExplain(const QVector<RuleFailure> &failures);

// Text as a reader sees it: invisible characters (zero-width spaces and joiners, control
// and format characters) dropped, every kind of space made one plain space (so are the
// letters that draw nothing: Hangul fillers, the blank Braille pattern), trimmed.
QString visibleText(const QString &text);
// The length of a written reason that counts against kMinReasonChars: its visible text's
// characters (code points, combining marks not counted apart); 0 with fewer than
// kMinReasonLetters letters or digits, kMinReasonWords words or kMinReasonDistinct different
// letters or digits ("xxxxxxxxxxxxxxxxxxxx" and "été été été été" explain nothing).
int reasonLength(const QString &reason);

// One official's name as compared: its letters and digits, without accents, case-folded
// ("Marie LÉROY", "marie  leroy", "MarieLEROY", "Marie-Leroy" and "Marie LEROY" + U+200B are
// one official).
QString officialKey(const QString &name);

// A name without the roles in parentheses or brackets around it ("Marie LEROY (présidente)",
// "(présidente) Marie LEROY", "Marie LEROY [a] (b)" → "Marie LEROY").
QString withoutRole(const QString &name);

// The officials who sign, each once: names as visibleText, blank ones dropped, and a name
// given again with other case, accents, spacing, invisible characters or another role in
// parentheses ("Marie LEROY", "marie  leroy ", "Marie LÉROY", "Marie LEROY" + U+200B,
// "Marie LEROY (secrétaire)") counted once, so that one official cannot be the two that a
// rule to explain needs (namesakes listed under two roles count once too: a third official
// signs). Keeps the first spelling.
QStringList distinctOfficials(const QStringList &names);

// [{"rule","kind","explanation","fields","blocking"}]; blocking = kind is impossible.
QJsonArray toJson(const QVector<RuleFailure> &failures);

} // namespace plume::forms
