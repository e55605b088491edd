// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Consolidated results (docs/hq.md#results): the totals each stored PV updates in the same
// transaction (results_totals, results_voix: the latest version of each station's chain
// replaces its previous one), the flagged stations, the corrections and the key events, all
// read from small tables; each station's own row (pv_latest, pv_votes) is read only when it
// changed (its `seq`). Never computed from the submissions.
#pragma once

#include "hq/election.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <memory>

namespace plume::hq {

struct StationEvent
{
    QString station;
    QString action; // enrolled | replaced | revoked
    QString at;
};

struct StationResult
{
    QString code;
    QString name;
    QString commune;
    qint64 version = 0;
    QString receivedAt;
    std::array<qint64, 6> counts{}; // kCountNames order
    QVector<qint64> voix;           // the election's candidate order
    QStringList explained;          // rules "to explain" the PV breaks (explained by it)
    bool lateInk = false;
    QString remarques;        // operator only
    QString correctionReason; // operator only

    bool flagged() const { return !explained.isEmpty() || lateInk; }
};

struct Correction
{
    QString station;
    qint64 version = 0;
    QString receivedAt;
    QString reason; // operator only
};

// A station's PV chain withdrawn by the operator (`plume-hq pv withdraw`).
struct Withdrawal
{
    QString station;
    QString electionId;
    qint64 versions = 0; // how many versions the chain had
    QString at;
    QString reason; // operator only
};

struct Results
{
    std::shared_ptr<const Election> election;
    qint64 stationsEnrolled = 0;
    qint64 stationsReporting = 0;
    std::array<qint64, 6> totals{};
    QVector<qint64> voix;           // the election's candidate order
    QVector<StationResult> flagged; // the flagged stations' latest PV, by code
    QVector<Correction> corrections;
    QVector<StationEvent> keyEvents; // replacements and revocations
    QVector<Withdrawal> withdrawals; // oldest first
    QString generatedAt;

    const StationResult *flaggedStation(const QString &code) const;
    bool hasWithdrawal(const QString &code) const; // a PV of this station withdrawn by HQ
};

// The stations whose latest PV changed since `seq` (pv_latest.seq, per election), those whose
// PV was withdrawn since (to be taken out first: a station may be back after it), and the
// highest seq read.
struct StationChanges
{
    QStringList removed;
    QVector<StationResult> stations;
    qint64 seq = 0;
};

// The JSON of GET /api/v1/results: free text (remarques, correction and withdrawal reasons)
// only in the operator's view.
QJsonObject resultsJson(const Results &r, bool operatorView);
// GET /api/v1/results/stations/CODE (public, as PREP publishes them); the list is these
// objects in code order.
QJsonObject stationJson(const Election &e, const StationResult &s);

} // namespace plume::hq
