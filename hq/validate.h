// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Headquarters' checks of a payload against the election (docs/protocol.md §1-2, issue 14
// item 1): the schema of the PV and contacts documents, the election's candidates and
// stations, count ranges, the version signed, and forms::checkPv on the numbers. Pure
// functions of the submission and the election: the fuzz target runs them as they are.
#pragma once

#include "hq/election.h"
#include "hq/rules.h"
#include "sync/submission.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <optional>

namespace plume::hq {

// The counts of a PV, in this order (as the results columns).
inline constexpr std::array<const char *, 6> kCountNames = {"inscrits", "votants", "enveloppes",
                                                            "blancs",   "nuls",    "exprimes"};

// What the results need of a valid PV (the payload itself is not kept in memory).
struct PvSummary
{
    QString electionId;
    std::array<qint64, 6> counts{}; // kCountNames order
    QVector<qint64> voix;           // the election's candidate order
    QStringList explained;          // ids of the rules "to explain" the PV breaks, explained
    bool lateInk = false;
    QString previousSha256;
    QString correctionReason;
    QString remarques;
};

// The election id a payload claims (empty when it has none of the right type).
QString electionIdOf(const sync::Submission &s);

// nullopt when the PV is valid (then *summary is filled); else a 422 refusal. `election` is
// HQ's election of that id (nullptr when unknown).
std::optional<Refusal> validatePv(const sync::Submission &s, const Election *election,
                                  PvSummary *summary);
// The same for a contacts batch (schema, field names, sizes, consent).
std::optional<Refusal> validateContacts(const sync::Submission &s, const Election *election);

} // namespace plume::hq
