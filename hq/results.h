// Consolidated results (docs/hq.md#results): computed from the per-station table that each
// stored PV updates (pv_latest, pv_votes), never from the payloads; served from a snapshot.
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

struct Results
{
    std::shared_ptr<const Election> election;
    int stationsEnrolled = 0;
    std::array<qint64, 6> totals{};
    QVector<qint64> voix;            // the election's candidate order
    QVector<StationResult> stations; // the stations reporting, by code
    QVector<Correction> corrections;
    QVector<StationEvent> keyEvents; // replacements and revocations
    QString generatedAt;

    const StationResult *station(const QString &code) const;
};

// Adds each station's numbers to the totals, in 64 bits with overflow checks (HqError).
void addUpTotals(Results &r);

// The JSON of GET /api/v1/results: free text (remarques, correction reasons) only in the
// operator's view.
QJsonObject resultsJson(const Results &r, bool operatorView);
// GET /api/v1/results/stations (public, as PREP publishes them) and one station.
QJsonArray stationsJson(const Results &r);
QJsonObject stationJson(const Results &r, const StationResult &s);

} // namespace plume::hq
