// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Results: read from the small tables each stored PV updates (HqDatabase::results), each
// station's row only when it changed (HqDatabase::stationChanges); their JSON views.
#include "hq/results.h"

#include "hq/hqdb.h"
#include "hq/text.h"

#include <QSqlError>

#include <algorithm>

namespace plume::hq {
bool Results::hasWithdrawal(const QString &code) const
{
    return std::any_of(withdrawals.begin(), withdrawals.end(),
                       [&](const Withdrawal &w) { return w.station == code; });
}

namespace {

QSqlQuery select(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    return runSql(db, sql, binds, QStringLiteral("cannot read results"));
}

const QString kStationColumns =
    QStringLiteral("station, version, received_at, inscrits, votants, enveloppes, blancs, nuls, "
                   "exprimes, rules, late_ink, remarques, correction_reason, seq");

StationResult stationRow(const QSqlQuery &q, const Election &e)
{
    StationResult s;
    s.code = q.value(0).toString();
    const ListedStation listed = e.stations.value(s.code);
    s.name = listed.name;
    s.commune = listed.commune;
    s.version = q.value(1).toLongLong();
    s.receivedAt = q.value(2).toString();
    for (int i = 0; i < 6; ++i)
        s.counts[size_t(i)] = q.value(3 + i).toLongLong();
    const QString rules = q.value(9).toString();
    s.explained = rules.isEmpty() ? QStringList() : rules.split(QLatin1Char(','));
    s.lateInk = q.value(10).toLongLong() != 0;
    s.remarques = q.value(11).toString();
    s.correctionReason = q.value(12).toString();
    s.voix = QVector<qint64>(e.candidates.size(), 0);
    return s;
}

// Reads station rows (kStationColumns, then `tail`: FROM … WHERE …) and their votes (`votes`:
// station, candidate, voix).
QVector<StationResult> readStations(const QSqlDatabase &db, const Election &e, const QString &tail,
                                    const QString &votes, const QVariantList &binds,
                                    qint64 *maxSeq = nullptr)
{
    QVector<StationResult> out;
    QHash<QString, qsizetype> index;
    QSqlQuery q =
        select(db, QStringLiteral("SELECT ") + kStationColumns + QLatin1Char(' ') + tail, binds);
    while (q.next()) {
        index.insert(q.value(0).toString(), out.size());
        out.append(stationRow(q, e));
        if (maxSeq)
            *maxSeq = std::max(*maxSeq, q.value(13).toLongLong());
    }
    if (out.isEmpty())
        return out;
    QSqlQuery v = select(db, votes, binds);
    while (v.next()) {
        const qsizetype at = index.value(v.value(0).toString(), -1);
        const int c = e.candidateIndex(v.value(1).toString());
        if (at >= 0 && c >= 0)
            out[at].voix[c] = v.value(2).toLongLong();
    }
    return out;
}

void readTotals(const QSqlDatabase &db, const Election &e, Results &r)
{
    QSqlQuery t = select(db,
                         QStringLiteral("SELECT stations_reporting, inscrits, votants, enveloppes, "
                                        "blancs, nuls, exprimes FROM results_totals WHERE "
                                        "election_id = ?"),
                         {e.id});
    if (t.next()) {
        r.stationsReporting = exactCount(t.value(0));
        for (int i = 0; i < 6; ++i)
            r.totals[size_t(i)] = exactCount(t.value(1 + i));
    }
    r.voix = QVector<qint64>(e.candidates.size(), 0);
    QSqlQuery v =
        select(db, QStringLiteral("SELECT candidate, voix FROM results_voix WHERE election_id = ?"),
               {e.id});
    while (v.next())
        if (const int c = e.candidateIndex(v.value(0).toString()); c >= 0)
            r.voix[c] = exactCount(v.value(1));
}

void readCorrections(const QSqlDatabase &db, const QString &electionId, Results &r)
{
    QSqlQuery c = select(db,
                         QStringLiteral("SELECT station, version, received_at, reason FROM "
                                        "pv_corrections WHERE election_id = ? ORDER BY "
                                        "received_at, station, version"),
                         {electionId});
    while (c.next())
        r.corrections.append({c.value(0).toString(), c.value(1).toLongLong(), c.value(2).toString(),
                              c.value(3).toString()});
}

void readWithdrawals(const QSqlDatabase &db, const QString &electionId, Results &r)
{
    QSqlQuery w = select(db,
                         QStringLiteral("SELECT station, count(*), withdrawn_at, min(reason) FROM "
                                        "pv_withdrawals WHERE election_id = ? GROUP BY station, "
                                        "withdrawn_at ORDER BY withdrawn_at, station"),
                         {electionId});
    while (w.next())
        r.withdrawals.append({w.value(0).toString(), electionId, w.value(1).toLongLong(),
                              w.value(2).toString(), w.value(3).toString()});
}

QJsonObject electionJson(const Election &e)
{
    return QJsonObject{{QStringLiteral("id"), e.id},
                       {QStringLiteral("name"), e.name},
                       {QStringLiteral("round"), e.round},
                       {QStringLiteral("date"), e.date}};
}

QJsonArray flaggedRules(const Results &r, const StationResult &s)
{
    QHash<QString, QString> values;
    for (size_t i = 0; i < kCountNames.size(); ++i)
        values.insert(QString::fromLatin1(kCountNames[i]), QString::number(s.counts[i]));
    for (qsizetype i = 0; i < r.election->candidates.size(); ++i)
        values.insert(QStringLiteral("voix.") + r.election->candidates[i].id,
                      QString::number(s.voix.value(i)));
    QJsonArray rules;
    for (const forms::RuleFailure &f : forms::checkPv(values, r.election->configFor(s.code)))
        if (s.explained.contains(forms::ruleId(f.rule)))
            rules.append(QJsonObject{{QStringLiteral("rule"), forms::ruleId(f.rule)},
                                     {QStringLiteral("kind"), forms::kindId(f.kind())},
                                     {QStringLiteral("explanation"), f.explanation},
                                     {QStringLiteral("blocking"), f.isImpossible()}});
    return rules;
}

} // namespace

qint64 exactCount(const QVariant &v)
{
    // Integers only (QPSQL gives a non-negative BIGINT as an unsigned one).
    const int type = v.typeId();
    const bool integer = type == QMetaType::LongLong || type == QMetaType::Int ||
                         type == QMetaType::ULongLong || type == QMetaType::UInt;
    if (!integer || (type == QMetaType::ULongLong && v.toULongLong() > quint64(INT64_MAX)))
        throw HqError(HqText::tr("un total dépasse 64 bits : résultats refusés"));
    const qint64 n = v.toLongLong();
    if (n < 0)
        throw HqError(HqText::tr("un total est négatif : résultats refusés"));
    return n;
}

const StationResult *Results::flaggedStation(const QString &code) const
{
    const auto it =
        std::lower_bound(flagged.begin(), flagged.end(), code,
                         [](const StationResult &s, const QString &c) { return s.code < c; });
    return it != flagged.end() && it->code == code ? &*it : nullptr;
}

namespace {

QJsonArray flaggedJson(const Results &r, bool operatorView)
{
    QJsonArray flagged;
    for (const StationResult &s : r.flagged) {
        QJsonObject f{{QStringLiteral("station"), s.code},
                      {QStringLiteral("version"), s.version},
                      {QStringLiteral("late_ink"), s.lateInk},
                      {QStringLiteral("rules"), flaggedRules(r, s)}};
        if (operatorView)
            f.insert(QStringLiteral("remarques"), s.remarques);
        flagged.append(f);
    }
    return flagged;
}

QJsonArray correctionsJson(const Results &r, bool operatorView)
{
    QJsonArray corrections;
    for (const Correction &c : r.corrections) {
        QJsonObject o{{QStringLiteral("station"), c.station},
                      {QStringLiteral("version"), c.version},
                      {QStringLiteral("received_at"), c.receivedAt}};
        if (operatorView)
            o.insert(QStringLiteral("reason"), c.reason);
        corrections.append(o);
    }
    return corrections;
}

QJsonArray withdrawalsJson(const Results &r, bool operatorView)
{
    QJsonArray out;
    for (const Withdrawal &w : r.withdrawals) {
        QJsonObject o{{QStringLiteral("station"), w.station},
                      {QStringLiteral("versions"), w.versions},
                      {QStringLiteral("withdrawn_at"), w.at}};
        if (operatorView)
            o.insert(QStringLiteral("reason"), w.reason);
        out.append(o);
    }
    return out;
}

} // namespace

Results HqDatabase::results(const QString &electionId)
{
    Results r;
    const Election *e = election(electionId);
    if (!e)
        throw HqError(HqText::tr("élection inconnue : %1").arg(electionId));
    r.election = m_elections.value(electionId);
    r.generatedAt = nowIso();
    r.stationsEnrolled = stationCount();
    readTotals(m_db, *e, r);
    r.flagged = readStations(m_db, *e,
                             QStringLiteral("FROM pv_latest WHERE election_id = ? AND flagged = 1 "
                                            "ORDER BY station"),
                             QStringLiteral("SELECT v.station, v.candidate, v.voix FROM pv_latest "
                                            "l JOIN pv_votes v ON v.station = l.station WHERE "
                                            "l.election_id = ? AND l.flagged = 1"),
                             {e->id});
    readCorrections(m_db, electionId, r);
    readWithdrawals(m_db, electionId, r);
    r.keyEvents = keyEvents();
    return r;
}

StationChanges HqDatabase::stationChanges(const QString &electionId, qint64 seq)
{
    const Election *e = election(electionId);
    if (!e)
        throw HqError(HqText::tr("élection inconnue : %1").arg(electionId));
    StationChanges c;
    c.seq = seq;
    c.stations = readStations(m_db, *e,
                              QStringLiteral("FROM pv_latest WHERE election_id = ? AND seq > ? "
                                             "ORDER BY station"),
                              QStringLiteral("SELECT v.station, v.candidate, v.voix FROM "
                                             "pv_latest l JOIN pv_votes v ON v.station = "
                                             "l.station WHERE l.election_id = ? AND l.seq > ?"),
                              {e->id, seq}, &c.seq);
    QSqlQuery w = select(m_db,
                         QStringLiteral("SELECT station, max(seq) FROM pv_withdrawals WHERE "
                                        "election_id = ? AND seq > ? GROUP BY station ORDER BY "
                                        "station"),
                         {e->id, seq});
    while (w.next()) {
        c.removed << w.value(0).toString();
        c.seq = std::max(c.seq, w.value(1).toLongLong());
    }
    return c;
}

QJsonObject resultsJson(const Results &r, bool operatorView)
{
    QJsonArray candidates, events;
    for (qsizetype i = 0; i < r.election->candidates.size(); ++i)
        candidates.append(QJsonObject{{QStringLiteral("id"), r.election->candidates[i].id},
                                      {QStringLiteral("name"), r.election->candidates[i].name},
                                      {QStringLiteral("voix"), r.voix.value(i)}});
    for (const StationEvent &ev : r.keyEvents)
        events.append(QJsonObject{{QStringLiteral("station"), ev.station},
                                  {QStringLiteral("action"), ev.action},
                                  {QStringLiteral("at"), ev.at}});
    QJsonObject out{{QStringLiteral("election"), electionJson(*r.election)},
                    {QStringLiteral("stations_enrolled"), r.stationsEnrolled},
                    {QStringLiteral("stations_expected"), int(r.election->stations.size())},
                    {QStringLiteral("stations_reporting"), r.stationsReporting},
                    {QStringLiteral("candidates"), candidates},
                    {QStringLiteral("flagged"), flaggedJson(r, operatorView)},
                    {QStringLiteral("corrections"), correctionsJson(r, operatorView)},
                    {QStringLiteral("key_events"), events},
                    {QStringLiteral("withdrawals"), withdrawalsJson(r, operatorView)},
                    {QStringLiteral("generated_at"), r.generatedAt}};
    for (size_t i = 0; i < kCountNames.size(); ++i)
        out.insert(QString::fromLatin1(kCountNames[i]), r.totals[i]);
    return out;
}

QJsonObject stationJson(const Election &e, const StationResult &s)
{
    QJsonArray voix;
    for (qsizetype i = 0; i < e.candidates.size(); ++i)
        voix.append(QJsonObject{{QStringLiteral("id"), e.candidates[i].id},
                                {QStringLiteral("voix"), s.voix.value(i)}});
    QJsonObject o{{QStringLiteral("station"), s.code},
                  {QStringLiteral("name"), s.name},
                  {QStringLiteral("commune"), s.commune},
                  {QStringLiteral("version"), s.version},
                  {QStringLiteral("received_at"), s.receivedAt},
                  {QStringLiteral("candidates"), voix},
                  {QStringLiteral("rules"), QJsonArray::fromStringList(s.explained)},
                  {QStringLiteral("late_ink"), s.lateInk}};
    for (size_t i = 0; i < kCountNames.size(); ++i)
        o.insert(QString::fromLatin1(kCountNames[i]), s.counts[i]);
    return o;
}

} // namespace plume::hq
