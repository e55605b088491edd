// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Why headquarters refuses a request: every error answer is {"error": SENTENCE, "rule": ID}
// (docs/protocol.md §3). The ids are a machine contract; the sentences are translatable and
// never echo payload content.
#pragma once

#include "forms/pvcheck.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace plume::hq {

enum class Rule {
    // HTTP and envelope (400, 401, 404, 405, 408, 413, 415, 431, 501)
    BadRequest,     // bad_request: not HTTP/1.1 as we speak it
    Malformed,      // malformed: the body is not a submission envelope
    NotFound,       // not_found
    Method,         // method
    Timeout,        // timeout
    BodyTooLarge,   // body_too_large
    ContentType,    // content_type
    HeaderTooLarge, // header_too_large
    NotImplemented, // not_implemented (a transfer coding other than chunked)
    Unauthorized,   // unauthorized (operator pages without the token)
    StationUnknown, // station_unknown
    StationRevoked, // station_revoked
    Signature,      // signature (hash or Ed25519 signature wrong)
    Throttled,      // throttled (429): too many of this address's submissions refused 401
    // Storage (409, 503)
    Conflict,        // conflict
    PreviousVersion, // previous_version
    Withdrawn,       // withdrawn: a PV the operator withdrew (plume-hq pv withdraw)
    Storage,         // storage
    // The payload against the election (422); forms::PvRule ids are used as well
    Schema,                // schema: a key missing or unknown, a wrong type or size
    KindMismatch,          // kind_mismatch: payload type != signed kind
    VersionMismatch,       // version_mismatch: payload version/batch != signed version
    ElectionUnknown,       // election_unknown
    StationMismatch,       // station_mismatch: payload station != signed station
    StationCode,           // station_code: not [0-9A-Za-z-]{1,32}
    CandidateUnknown,      // candidate_unknown
    CandidateRepeated,     // candidate_repeated
    CandidateMissing,      // candidate_missing
    CountRange,            // count_range: not an integer 0 <= n <= 10^7
    OverInscrits,          // over_inscrits: a count above the station's inscrits
    FieldMismatch,         // field_mismatch: fields.<name>.value != the count
    Ink,                   // ink: strokes outside the protocol's limits
    Overflow,              // overflow: a sum that does not fit in 64 bits
    ContactField,          // contact_field: a field that is not on the contact form
    Consent,               // consent: a contact without consent
    SheetRepeated,         // sheet_repeated: the same contact sheet twice in one batch
    CorrectionUnexplained, // correction_unexplained: a version > 1 without its reason/officials
    StationNotListed,      // station_not_listed: not in the list of an election that has one
    VersionLimit,          // version_limit: more corrections than kMaxPvVersion
};

QString ruleId(Rule rule);

// A refusal: the HTTP status, the rule id and a sentence for people.
struct Refusal
{
    int status = 0;
    QString rule;
    QString message;

    QByteArray body() const; // {"error": message, "rule": rule}, compact JSON
};

Refusal refuse(int status, Rule rule, const QString &message);
Refusal refuse(forms::PvRule rule, const QString &message); // 422

} // namespace plume::hq
