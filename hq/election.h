// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What headquarters knows of an election (docs/hq.md#elections): the station election file
// format (docs/election-config.md) with, optionally, every station of the election in a
// "stations" list: [{"code","name","commune","inscrits"}]. Every PV is checked against it.
#pragma once

#include "forms/pvcheck.h"
#include "store/election.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::hq {

// Largest count of a PV (voters of one station), as docs/protocol.md: the station's bound.
inline constexpr qint64 kMaxCount = forms::kMaxPvCount;
// Largest contact batch number: a station has at most store::kMaxInscrits voters, and each
// batch holds at least one (a stolen key once stored batches 2 to 401 in 2.5 s, unbounded).
inline constexpr qint64 kMaxContactBatch = store::kMaxInscrits;

// Station codes at headquarters: 1-32 printable ASCII of [0-9A-Za-z-] (issue 14), the
// same rule as a new station's (store/election.h).
using store::isStationCode;

struct ListedStation
{
    QString code;
    QString name;
    QString commune;
    std::optional<qint64> inscrits; // registered voters, when the election gives them
};

struct Election
{
    QString id;
    QString name;
    int round = 1;
    QString date;
    QVector<store::Candidate> candidates; // in list order
    QHash<QString, ListedStation> stations;
    QByteArray document; // the file, as stored (compact JSON)

    int candidateIndex(const QString &id) const; // -1 when not a candidate
    // The station-side configuration forms::checkPv expects, for one station.
    store::ElectionConfig configFor(const QString &stationCode) const;
    std::optional<qint64> inscritsOf(const QString &stationCode) const;
};

// Parses an election file. nullopt and *error (a sentence naming the key) when invalid.
// Stored: an election HQ already holds, read with the rules it was added under.
std::optional<Election> parseElection(const QByteArray &json, QString *error,
                                      store::ElectionSource source = store::ElectionSource::New);
std::optional<Election> readElectionFile(const QString &path, QString *error);

} // namespace plume::hq
