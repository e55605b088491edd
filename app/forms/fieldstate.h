// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What the official sees for each field: reading, decision and state (the same for the GUI,
// plumectl fields and closing).
#pragma once

#include "forms/formspec.h"
#include "store/store.h"

#include <QJsonObject>

namespace plume::forms {

enum class FieldState {
    Empty,     // no ink, no decision
    Writing,   // ink arrived, not decoded yet
    ToType,    // ink, but no recogniser to read it (no model): an official types the value
    Doubtful,  // decoded, flagged: needs an official
    Decoded,   // decoded, confident, but not yet confirmed (nothing counts until confirmed)
    Confirmed, // an official confirmed the reading
    Corrected, // an official replaced the reading
    Typed,     // an official typed the value with no reading
};
QString toString(FieldState s);

struct FieldStatus
{
    QString field;
    QString label;
    FieldState state = FieldState::Empty;
    std::optional<store::Reading> reading;
    std::optional<store::Decision> decision;
    // Ink written in the field after its decision, on a sheet still open (FormSession): the
    // decided value may no longer be what the paper says; an official must look again.
    bool inkAfterDecision = false;
    QString value() const; // decided value, else the reading's value, else ""
    bool isDecided() const { return decision.has_value(); }
    QJsonObject toJson() const;
};

QVector<FieldStatus> fieldStatuses(const store::Store &store, const FormSpec &form,
                                   const QString &sheetId);

// A reading that says "nothing left to read": written when the last ink of a field is
// struck out, so that the field is empty again (its earlier readings stay in the store).
store::Reading clearedReading(const QString &sheetId, const QString &field,
                              const QString &modelVersion);
bool isClearedReading(const store::Reading &reading);

// Checks a typed value against the field's grammar. Empty string = fine, else why not.
QString validateValue(const FieldSpec &field, const QString &value);
// A count as the Count grammar writes it: 1 to 9 digits, a leading zero allowed (the
// official may confirm "077" as the boxes read it; no sign, space or newline). HQ holds a
// sealed PV's fields to it.
bool isCountText(const QString &value);
// The value a decision records: a count without its leading zeros, anything else as it is.
QString recordedValue(const FieldSpec &field, const QString &value);
// Digits as a plain integer ("01250" is 1250, "000" is 0); anything else as it is. The
// exports print counts so, also those decided before decisions were recorded plain.
QString plainCount(const QString &value);

} // namespace plume::forms

namespace plume::forms {

// Records an official's decision on a field, with the same rules everywhere (GUI and
// plumectl): no value = confirm the current reading; a value equal to the reading =
// confirmed, different = corrected, no reading = typed. The value is checked against the
// field's grammar; sealed or purged sheets are refused. Throws store::StoreError with a
// message fit for the official. Returns the decision id.
qint64 decideField(store::Store &store, const FormSpec &form, const QString &sheetId,
                   const QString &field, const std::optional<QString> &value,
                   const QString &official);

// Who decides, strikes, withdraws and signs. When the election file lists its officials,
// only they (the window offers no one else): a name is a listed official when it is the same
// official for distinctOfficials (case, accents, spacing and invisible characters set aside),
// the role in parentheses optional ("marie leroy" is "Marie LEROY (présidente)"). Returns
// the name as listed, which is what gets recorded; "" when the election lists officials and
// none matches. An election that lists nobody (older files) takes any name, as visibleText.
QString listedOfficial(const store::ElectionConfig &election, const QString &name);
// Why `name` may not decide or sign, naming the listed officials; "" when it may.
QString unlistedOfficialMessage(const store::ElectionConfig &election, const QString &name);
// listedOfficial(), or throws store::StoreError with unlistedOfficialMessage().
QString officialAsListed(const store::ElectionConfig &election, const QString &name);

} // namespace plume::forms
