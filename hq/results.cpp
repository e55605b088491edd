// Results: read from pv_latest / pv_votes (HqDatabase::results), added up with overflow
// checks, and their public and operator JSON views.
#include "hq/results.h"

#include "hq/hqdb.h"
#include "hq/text.h"

#include <QDateTime>
#include <QSqlError>

#include <algorithm>

namespace plume::hq {
namespace {

QSqlQuery select(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        throw HqError(QStringLiteral("cannot read results: ") + q.lastError().text());
    return q;
}

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

void checkedAdd(qint64 &total, qint64 n)
{
    if (__builtin_add_overflow(total, n, &total))
        throw HqError(HqText::tr("un total dépasse 64 bits : résultats refusés"));
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

const StationResult *Results::station(const QString &code) const
{
    const auto it =
        std::lower_bound(stations.begin(), stations.end(), code,
                         [](const StationResult &s, const QString &c) { return s.code < c; });
    return it != stations.end() && it->code == code ? &*it : nullptr;
}

void addUpTotals(Results &r)
{
    r.totals = {};
    r.voix = QVector<qint64>(r.election->candidates.size(), 0);
    for (const StationResult &s : std::as_const(r.stations)) {
        for (size_t i = 0; i < r.totals.size(); ++i)
            checkedAdd(r.totals[i], s.counts[i]);
        for (qsizetype i = 0; i < r.voix.size(); ++i)
            checkedAdd(r.voix[i], s.voix.value(i));
    }
}

namespace {

// Each reporting station's latest PV, with its votes.
void readStations(const QSqlDatabase &db, const Election &e, Results &r)
{
    QSqlQuery q = select(db,
                         QStringLiteral("SELECT station, version, received_at, inscrits, votants, "
                                        "enveloppes, blancs, nuls, exprimes, rules, late_ink, "
                                        "remarques, correction_reason FROM pv_latest WHERE "
                                        "election_id = ? ORDER BY station"),
                         {e.id});
    QHash<QString, qsizetype> index;
    while (q.next()) {
        index.insert(q.value(0).toString(), r.stations.size());
        r.stations.append(stationRow(q, e));
    }
    QSqlQuery v = select(db,
                         QStringLiteral("SELECT v.station, v.candidate, v.voix FROM pv_votes v "
                                        "JOIN pv_latest l ON l.station = v.station WHERE "
                                        "l.election_id = ?"),
                         {e.id});
    while (v.next()) {
        const qsizetype at = index.value(v.value(0).toString(), -1);
        const int c = e.candidateIndex(v.value(1).toString());
        if (at >= 0 && c >= 0)
            r.stations[at].voix[c] = v.value(2).toLongLong();
    }
}

void readCorrections(const QSqlDatabase &db, const QString &electionId, Results &r)
{
    QSqlQuery c = select(db,
                         QStringLiteral("SELECT p.station, p.version, r.received_at, "
                                        "p.correction_reason FROM pv_submissions p JOIN receipts "
                                        "r ON r.uuid = p.uuid WHERE p.version > 1 AND "
                                        "p.election_id = ? ORDER BY r.received_at, p.station"),
                         {electionId});
    while (c.next())
        r.corrections.append({c.value(0).toString(), c.value(1).toLongLong(), c.value(2).toString(),
                              c.value(3).toString()});
}

QJsonArray flaggedJson(const Results &r, bool operatorView)
{
    QJsonArray flagged;
    for (const StationResult &s : r.stations) {
        if (!s.flagged())
            continue;
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

} // namespace

Results HqDatabase::results(const QString &electionId)
{
    Results r;
    const Election *e = election(electionId);
    if (!e)
        throw HqError(HqText::tr("élection inconnue : %1").arg(electionId));
    r.election = m_elections.value(electionId);
    r.generatedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    r.stationsEnrolled = stationCount();
    readStations(m_db, *e, r);
    addUpTotals(r);
    readCorrections(m_db, electionId, r);
    for (const StationEvent &ev : stationEvents())
        if (ev.action != QLatin1String("enrolled"))
            r.keyEvents.append(ev);
    return r;
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
                    {QStringLiteral("stations_reporting"), int(r.stations.size())},
                    {QStringLiteral("candidates"), candidates},
                    {QStringLiteral("flagged"), flaggedJson(r, operatorView)},
                    {QStringLiteral("corrections"), correctionsJson(r, operatorView)},
                    {QStringLiteral("key_events"), events},
                    {QStringLiteral("generated_at"), r.generatedAt}};
    for (size_t i = 0; i < kCountNames.size(); ++i)
        out.insert(QString::fromLatin1(kCountNames[i]), r.totals[i]);
    return out;
}

QJsonObject stationJson(const Results &r, const StationResult &s)
{
    QJsonArray voix;
    for (qsizetype i = 0; i < r.election->candidates.size(); ++i)
        voix.append(QJsonObject{{QStringLiteral("id"), r.election->candidates[i].id},
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

QJsonArray stationsJson(const Results &r)
{
    QJsonArray out;
    for (const StationResult &s : r.stations)
        out.append(stationJson(r, s));
    return out;
}

} // namespace plume::hq
