// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// HqDatabase: a PV chain delivered with a stolen station key taken out of the results by the
// operator (`plume-hq pv withdraw`, docs/hq.md#withdraw). In one transaction: the station's
// latest version leaves the election's totals, every version of its chain moves to
// pv_withdrawals (kept whole: signed bytes, signature, receipt), its uuids are refused for
// ever (409 withdrawn, ingest.cpp), and the station may start its chain again at version 1
// with its new key. Only while the key that signed it no longer counts (revoked, or replaced
// by another): else whoever holds the stolen key would send the next forged PV at once.
#include "hq/hqdb.h"
#include "hq/text.h"
#include "hq/validate.h"
#include "sync/submission.h"

#include <QSqlError>

namespace plume::hq {
namespace {

// A station's latest stored PV: what leaves the totals.
struct LatestPv
{
    QString electionId;
    qint64 version = 0;
    std::array<qint64, 6> counts{};
};

QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    return runSql(db, sql, binds, QStringLiteral("cannot withdraw the PV"));
}

// PostgreSQL: the row locked until the commit (a correction being stored waits, then finds
// the chain gone; ingest.cpp locks it the same way). SQLite: beginWrite holds the write lock.
std::optional<LatestPv> latestPv(const QSqlDatabase &db, const QString &station, bool postgres)
{
    QSqlQuery q = run(db,
                      QStringLiteral("SELECT election_id, version, inscrits, votants, "
                                     "enveloppes, blancs, nuls, exprimes FROM pv_latest WHERE "
                                     "station = ?") +
                          (postgres ? QStringLiteral(" FOR UPDATE") : QString()),
                      {station});
    if (!q.next())
        return std::nullopt;
    LatestPv p{q.value(0).toString(), q.value(1).toLongLong(), {}};
    for (int i = 0; i < 6; ++i)
        p.counts[size_t(i)] = exactCount(q.value(2 + i));
    return p;
}

// The key that signed the chain still counts: the station is not revoked and its enrolled
// key verifies one of the chain's versions (whatever happened in between: a review had the
// stolen key revoked, enrolled again, and the withdrawal pass, after which the thief's next
// chain counted).
bool signingKeyStillCounts(const QSqlDatabase &db, const QString &station, qint64 from)
{
    QSqlQuery k =
        run(db, QStringLiteral("SELECT public_key, revoked_at FROM stations WHERE code = ?"),
            {station});
    if (!k.next() || !k.value(1).isNull())
        return false;
    const QByteArray key = QByteArray::fromBase64(k.value(0).toString().toLatin1());
    k.finish();
    QSqlQuery v = run(db,
                      QStringLiteral("SELECT p.signed, p.signature, r.sha256 FROM pv_submissions "
                                     "p JOIN receipts r ON r.uuid = p.uuid WHERE p.station = ? "
                                     "AND p.version >= ?"),
                      {station, from});
    return anyPvSignedBy(v, key);
}

// A station's votes, read whole before anything else runs: PostgreSQL's driver reads a
// forward-only result a row at a time, and the next statement on the connection drops the rest
// (a withdrawal took only the first candidate's votes out of the totals).
QList<std::pair<QString, qint64>> stationVotes(const QSqlDatabase &db, const QString &station)
{
    QList<std::pair<QString, qint64>> out;
    QSqlQuery votes = run(
        db, QStringLiteral("SELECT candidate, voix FROM pv_votes WHERE station = ?"), {station});
    while (votes.next())
        out.append({votes.value(0).toString(), exactCount(votes.value(1))});
    return out;
}

// The latest version's counts and votes leave the election's totals; returns the seq that
// tells the results readers (HqDatabase::stationChanges) that the station left.
qint64 subtractFromTotals(const QSqlDatabase &db, const QString &station, const LatestPv &pv)
{
    QVariantList binds;
    for (qint64 c : pv.counts)
        binds << c;
    run(db,
        QStringLiteral("UPDATE results_totals SET stations_reporting = stations_reporting - 1, "
                       "inscrits = inscrits - ?, votants = votants - ?, enveloppes = enveloppes "
                       "- ?, blancs = blancs - ?, nuls = nuls - ?, exprimes = exprimes - ?, "
                       "last_seq = last_seq + 1 WHERE election_id = ?"),
        binds << pv.electionId);
    for (const auto &[candidate, voix] : stationVotes(db, station))
        run(db,
            QStringLiteral("UPDATE results_voix SET voix = voix - ? WHERE election_id = ? AND "
                           "candidate = ?"),
            {voix, pv.electionId, candidate});
    QSqlQuery check = run(db,
                          QStringLiteral("SELECT last_seq, stations_reporting, inscrits, votants, "
                                         "enveloppes, blancs, nuls, exprimes FROM results_totals "
                                         "WHERE election_id = ? UNION ALL SELECT 0, voix, 0, 0, 0, "
                                         "0, 0, 0 FROM results_voix WHERE election_id = ?"),
                          {pv.electionId, pv.electionId});
    qint64 seq = -1;
    while (check.next()) { // what is left: exact and never negative
        for (int i = 1; i < 8; ++i)
            exactCount(check.value(i));
        seq = std::max(seq, check.value(0).toLongLong());
    }
    return seq;
}

// The versions from `from` on move to pv_withdrawals; returns how many there were.
qint64 moveChain(const QSqlDatabase &db, const QString &station, const LatestPv &pv,
                 const QString &reason, const QString &at, qint64 seq, qint64 from)
{
    QSqlQuery moved = run(
        db,
        QStringLiteral("INSERT INTO pv_withdrawals (uuid, station, election_id, version, sha256, "
                       "received_at, receipt, signed, signature, correction_reason, reason, "
                       "withdrawn_at, seq) SELECT p.uuid, p.station, COALESCE(p.election_id, ?), "
                       "p.version, r.sha256, r.received_at, r.receipt, p.signed, p.signature, "
                       "COALESCE(p.correction_reason, ''), ?, ?, ? FROM pv_submissions p JOIN "
                       "receipts r ON r.uuid = p.uuid WHERE p.station = ? AND p.version >= ?"),
        {pv.electionId, reason, at, seq, station, from});
    const qint64 versions = moved.numRowsAffected();
    if (from == 1)
        for (const char *sql :
             {"DELETE FROM pv_votes WHERE station = ?", "DELETE FROM pv_latest WHERE station = ?"})
            run(db, QString::fromLatin1(sql), {station});
    for (const char *sql : {"DELETE FROM pv_corrections WHERE station = ? AND version >= ?",
                            "DELETE FROM pv_submissions WHERE station = ? AND version >= ?",
                            "DELETE FROM receipts WHERE station = ? AND kind = 'pv' AND version "
                            ">= ?"})
        run(db, QString::fromLatin1(sql), {station, from});
    return versions;
}

} // namespace

// After a withdrawal from version N > 1: version N - 1, kept, is the station's latest again,
// in the totals and in its per-station row (at `seq`: the readers see it change).
void HqDatabase::restoreVersion(const QString &station, const QString &electionId, qint64 version,
                                qint64 seq)
{
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT p.signed, p.signature, r.sha256, r.received_at FROM "
                                     "pv_submissions p JOIN receipts r ON r.uuid = p.uuid WHERE "
                                     "p.station = ? AND p.version = ?"),
                      {station, version});
    if (!q.next())
        throw HqError(QStringLiteral("version %1 of %2 is not stored").arg(version).arg(station));
    const auto s = sync::Submission::fromSigned(q.value(0).toString().toUtf8(),
                                                q.value(2).toString(), q.value(1).toString());
    const QString receivedAt = q.value(3).toString();
    q.finish();
    PvSummary pv;
    const Election *e = election(electionId);
    if (!s || !e || validatePv(*s, e, &pv))
        throw HqError(
            QStringLiteral("version %1 of %2 does not read again").arg(version).arg(station));
    const QVariantList values = latestPvValues(pv);
    run(m_db,
        QStringLiteral("UPDATE results_totals SET stations_reporting = stations_reporting + 1, "
                       "inscrits = inscrits + ?, votants = votants + ?, enveloppes = enveloppes "
                       "+ ?, blancs = blancs + ?, nuls = nuls + ?, exprimes = exprimes + ? WHERE "
                       "election_id = ?"),
        values.mid(0, qsizetype(pv.counts.size())) << electionId);
    run(m_db,
        QStringLiteral("UPDATE pv_latest SET version = ?, received_at = ?, inscrits = ?, votants "
                       "= ?, enveloppes = ?, blancs = ?, nuls = ?, exprimes = ?, rules = ?, "
                       "late_ink = ?, remarques = ?, correction_reason = ?, flagged = ?, seq = ? "
                       "WHERE station = ?"),
        QVariantList{version, receivedAt} + values + QVariantList{seq, station});
    for (qsizetype i = 0; i < e->candidates.size(); ++i) {
        run(m_db,
            QStringLiteral("UPDATE results_voix SET voix = voix + ? WHERE election_id = ? AND "
                           "candidate = ?"),
            {pv.voix.value(i), electionId, e->candidates[i].id});
        run(m_db,
            QStringLiteral("UPDATE pv_votes SET voix = ? WHERE station = ? AND candidate = ?"),
            {pv.voix.value(i), station, e->candidates[i].id});
    }
}

Withdrawal HqDatabase::withdrawPv(const QString &station, const QString &reason, qint64 fromVersion)
{
    const QString why = reason.simplified();
    if (why.size() < kMinWithdrawalReason || why.size() > kMaxWithdrawalReason)
        throw HqError(HqText::tr("--reason : dites pourquoi le PV est retiré, en %1 à %2 "
                                 "caractères")
                          .arg(kMinWithdrawalReason)
                          .arg(kMaxWithdrawalReason));
    ensureConnected();
    return inWriteTransaction([&] { return withdrawInTransaction(station, why, fromVersion); });
}

Withdrawal HqDatabase::withdrawInTransaction(const QString &station, const QString &reason,
                                             qint64 from)
{
    const auto pv = latestPv(m_db, station, m_postgres);
    if (!pv)
        throw HqError(HqText::tr("le siège n'a reçu aucun PV du bureau %1").arg(station));
    if (from < 1 || from > pv->version)
        throw HqError(HqText::tr("le bureau %1 n'a pas de version %2 à retirer (sa dernière "
                                 "version reçue est la %3)")
                          .arg(station)
                          .arg(from)
                          .arg(pv->version));
    if (signingKeyStillCounts(m_db, station, from))
        throw HqError(HqText::tr("la clé qui a signé le PV du bureau %1 est toujours inscrite : "
                                 "révoquez-la d'abord (plume-hq stations revoke, ou stations add "
                                 "--replace avec une nouvelle clé du bureau), sinon qui détient "
                                 "la clé volée enverra un autre PV")
                          .arg(station));
    const QString at = nowIso();
    const qint64 seq = subtractFromTotals(m_db, station, *pv);
    const qint64 versions = moveChain(m_db, station, *pv, reason, at, seq, from);
    if (from > 1) // the versions before stay: the last of them counts again
        restoreVersion(station, pv->electionId, from - 1, seq);
    logStationEvent(station, QStringLiteral("pv_withdrawn"), QString());
    return Withdrawal{station, pv->electionId, versions, at, reason};
}

} // namespace plume::hq
