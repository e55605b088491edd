// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/rules.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace plume::hq {
namespace {

struct RuleName
{
    Rule rule;
    const char *id;
};

constexpr RuleName kRules[] = {
    {Rule::BadRequest, "bad_request"},
    {Rule::Malformed, "malformed"},
    {Rule::NotFound, "not_found"},
    {Rule::Method, "method"},
    {Rule::Timeout, "timeout"},
    {Rule::BodyTooLarge, "body_too_large"},
    {Rule::ContentType, "content_type"},
    {Rule::HeaderTooLarge, "header_too_large"},
    {Rule::NotImplemented, "not_implemented"},
    {Rule::Unauthorized, "unauthorized"},
    {Rule::StationUnknown, "station_unknown"},
    {Rule::StationRevoked, "station_revoked"},
    {Rule::Signature, "signature"},
    {Rule::Throttled, "throttled"},
    {Rule::Conflict, "conflict"},
    {Rule::PreviousVersion, "previous_version"},
    {Rule::Withdrawn, "withdrawn"},
    {Rule::Storage, "storage"},
    {Rule::Schema, "schema"},
    {Rule::KindMismatch, "kind_mismatch"},
    {Rule::VersionMismatch, "version_mismatch"},
    {Rule::ElectionUnknown, "election_unknown"},
    {Rule::StationMismatch, "station_mismatch"},
    {Rule::StationCode, "station_code"},
    {Rule::CandidateUnknown, "candidate_unknown"},
    {Rule::CandidateRepeated, "candidate_repeated"},
    {Rule::CandidateMissing, "candidate_missing"},
    {Rule::CountRange, "count_range"},
    {Rule::OverInscrits, "over_inscrits"},
    {Rule::FieldMismatch, "field_mismatch"},
    {Rule::Ink, "ink"},
    {Rule::Overflow, "overflow"},
    {Rule::ContactField, "contact_field"},
    {Rule::Consent, "consent"},
    {Rule::SheetRepeated, "sheet_repeated"},
    {Rule::CorrectionUnexplained, "correction_unexplained"},
    {Rule::StationNotListed, "station_not_listed"},
    {Rule::VersionLimit, "version_limit"},
};

} // namespace

QString ruleId(Rule rule)
{
    for (const RuleName &r : kRules)
        if (r.rule == rule)
            return QString::fromLatin1(r.id);
    return QStringLiteral("unknown");
}

QByteArray Refusal::body() const
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("error"), message}, {QStringLiteral("rule"), rule}})
        .toJson(QJsonDocument::Compact);
}

Refusal refuse(int status, Rule rule, const QString &message)
{
    return Refusal{status, ruleId(rule), message};
}

Refusal refuse(forms::PvRule rule, const QString &message)
{
    return Refusal{422, forms::ruleId(rule), message};
}

} // namespace plume::hq
