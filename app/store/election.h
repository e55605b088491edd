// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Election configuration: the JSON file given at station set-up (docs/election-config.md).
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::store {

// What the printed PV holds (resources/forms/pv.json: two columns of six candidates; its
// five boxes per count). A new election above either is refused at the station and at HQ
// alike: a 12-candidate PV ran off the page, a 300-candidate one was sealed and never
// counted, inscrits over 99 999 could never be written (a review, 2026-12-01).
inline constexpr int kMaxCandidates = 12;
inline constexpr int kMaxInscrits = 99'999;

struct Candidate
{
    QString id;   // stable, used in field names: voix.<id>
    QString name; // as printed on the PV
    int order = 0;
};

// Where an election file comes from: a new station takes only what headquarters accepts;
// the copy kept in a station file is read with the rules it was created under.
enum class ElectionSource {
    New,    // station set-up: the station code is [A-Za-z0-9-]{1,32}, as at HQ
    Stored, // a station file's own copy: also the '_' that earlier builds took
};

// Whether a station code is one headquarters accepts: 1-32 of [A-Za-z0-9-] (issue 14), the
// one rule of a new station and of plume-hq (a code HQ refuses would only fail on election
// night, at the first delivery). A station file made before that rule may hold a '_': read
// as Stored, it still opens, to close and export its report.
bool isStationCode(const QString &code, ElectionSource source = ElectionSource::New);

struct ElectionConfig
{
    QString electionId;
    QString electionName;
    int round = 1;
    QString date; // ISO yyyy-mm-dd
    QString stationCode;
    QString stationName;
    QString commune;
    std::optional<int> inscrits;   // registered voters, if known in advance
    QVector<Candidate> candidates; // sorted by list order
    QStringList officials;         // president first, then assessors (may be empty)

    // The first pen time of ink this station reads from a pen's memory: two days before the
    // election day, at local midnight (headers pre-filled the day before; stations overseas
    // vote the day before the date); 0 when the date does not parse.
    qint64 penInkNotBeforeMs() const;

    QJsonObject toJson() const;
    // Validates and parses. On error returns nullopt and sets *error (never throws).
    static std::optional<ElectionConfig> fromJson(const QByteArray &json, QString *error,
                                                  ElectionSource source = ElectionSource::New);
    static std::optional<ElectionConfig> fromFile(const QString &path, QString *error);
};

} // namespace plume::store
