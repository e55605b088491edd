// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// HqDatabase: storing verified submissions exactly once, the PV version chain, the results
// each PV updates, contacts sealed to HQ's key (docs/hq.md).
//
// A group commit costs a fixed number of statements, not a few per submission: what is
// already stored (station keys, uuids, versions, the previous version of each corrected PV)
// is read for the whole batch first, every decision is then made in memory, and the new rows
// go in with multi-row INSERTs — on PostgreSQL in one round trip (hq/sqlscript.h).
//
// Results: each stored PV replaces, in the same transaction, its station's previous version
// in the election's totals (results_totals, results_voix: new counts minus the previous
// version's, in 64 bits with overflow checks, then checked again as stored), and its
// station's row (pv_latest, pv_votes) with the next `seq` of the election, so that readers
// read only small tables and the rows that changed (results.cpp).
#include "hq/contactbox.h"
#include "hq/hqdb.h"
#include "hq/sqlscript.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/receipt.h"

#include <QMap>
#include <QSqlError>

#include <sodium.h>

namespace plume::hq {

namespace {

// A station's latest stored PV: what a correction replaces in the totals.
struct PreviousPv
{
    QString electionId;
    qint64 version = 0;
    std::array<qint64, 6> counts{};
    QVector<qint64> voix; // the election's candidate order
};

// What a batch adds to one election's totals.
struct TotalsDelta
{
    qint64 reporting = 0;
    std::array<qint64, 6> counts{};
    QVector<qint64> voix;
};

} // namespace

// One group commit: what is stored (before it or by it) and the rows it will write.
struct BatchState
{
    QHash<QString, StationRecord> keys;                    // station -> its key, read now
    QHash<QString, std::pair<QString, QByteArray>> byUuid; // uuid -> sha256, answer body
    QHash<QString, QString> versions;                      // station|kind|version -> sha256
    QSet<QString> withdrawn;                               // uuids of withdrawn PVs
    QHash<QString, PreviousPv> previous;                   // station -> its latest PV
    std::unique_ptr<ContactSealer> sealer;                 // one ephemeral key per batch
    // station|contacts|batch -> sheet number -> reason: erasures asked before it arrived
    QHash<QString, QHash<qint64, QString>> pendingErasures;
    QVector<QVariantList> receipts, pvs, contacts, corrections;
    QVector<QVariantList> erasures, erasuresApplied; // contact_erasures rows, pending rows done
    QMap<QString, QVariantList> latest;              // station -> its pv_latest row (last version)
    QMap<QString, QVector<QVariantList>> votes;      // station -> its pv_votes rows
    QMap<QString, TotalsDelta> totals;               // election -> what the batch adds
};

namespace {

const QStringList kTotalColumns = {QStringLiteral("stations_reporting"),
                                   QStringLiteral("inscrits"),
                                   QStringLiteral("votants"),
                                   QStringLiteral("enveloppes"),
                                   QStringLiteral("blancs"),
                                   QStringLiteral("nuls"),
                                   QStringLiteral("exprimes")};

QStringList columns(const char *list)
{
    return QString::fromLatin1(list).split(QStringLiteral(", "));
}

QString versionKey(const QString &station, const QString &kind, qint64 version)
{
    return station + QLatin1Char('|') + kind + QLatin1Char('|') + QString::number(version);
}

// An empty text column, never NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

void checkedAdd(qint64 &total, qint64 n)
{
    if (__builtin_add_overflow(total, n, &total))
        throw HqError(HqText::tr("un total dépasse 64 bits : envoi non enregistré"));
}

IngestResult refused(int status, Rule rule, const QString &message)
{
    return {status, refuse(status, rule, message).body()};
}

IngestResult conflict()
{
    return refused(409, Rule::Conflict,
                   HqText::tr("cet envoi est déjà enregistré avec un autre contenu, ou cette "
                              "version du bureau l'est sous un autre identifiant"));
}

QByteArray signedReceipt(const sync::Submission &s, const QString &receivedAt, const HqKeys &keys)
{
    const QString id =
        sync::sha256Hex(
            (s.uuid + QLatin1Char('|') + s.sha256 + QLatin1Char('|') + receivedAt).toUtf8())
            .left(32);
    return sync::signReceipt(QJsonObject{{QStringLiteral("receipt"), id},
                                         {QStringLiteral("uuid"), s.uuid},
                                         {QStringLiteral("sha256"), s.sha256},
                                         {QStringLiteral("station"), s.station},
                                         {QStringLiteral("kind"), s.kind},
                                         {QStringLiteral("version"), s.version},
                                         {QStringLiteral("received_at"), receivedAt}},
                             keys.secretKey);
}

// "a = excluded.a, …" (replace) or "a = table.a + excluded.a, …" (add).
QString onConflict(const QString &key, const QString &table, const QStringList &cols, bool add)
{
    QStringList set;
    for (const QString &c : cols)
        set << (add ? QStringLiteral("%1 = %2.%1 + excluded.%1").arg(c, table)
                    : QStringLiteral("%1 = excluded.%1").arg(c));
    return QStringLiteral("ON CONFLICT (%1) DO UPDATE SET %2")
        .arg(key, set.join(QStringLiteral(", ")));
}

// Station keys, stored and withdrawn uuids and versions of the batch: one SELECT (PostgreSQL:
// one round trip), rows tagged k, u, w and v.
QVector<SqlScript::Part> knownParts(const QVector<Accepted> &batch)
{
    SqlScript::Part keys{QStringLiteral("SELECT 'k', code, public_key, CASE WHEN revoked_at IS "
                                        "NULL THEN 0 ELSE 1 END, '' FROM stations WHERE code IN "
                                        "(%1)"),
                         QStringLiteral("?"),
                         QStringLiteral(", "),
                         {}};
    SqlScript::Part uuids{QStringLiteral("SELECT 'u', uuid, sha256, 0, receipt FROM receipts "
                                         "WHERE uuid IN (%1)"),
                          QStringLiteral("?"),
                          QStringLiteral(", "),
                          {}};
    SqlScript::Part withdrawn{QStringLiteral("SELECT 'w', uuid, '', 0, '' FROM pv_withdrawals "
                                             "WHERE uuid IN (%1)"),
                              QStringLiteral("?"),
                              QStringLiteral(", "),
                              {}};
    SqlScript::Part versions{QStringLiteral("SELECT 'v', station, kind, version, sha256 FROM "
                                            "receipts WHERE %1"),
                             QStringLiteral("(station = ? AND kind = ? AND version = ?)"),
                             QStringLiteral(" OR "),
                             {}};
    SqlScript::Part pending{QStringLiteral("SELECT 'e', station, reason, batch, CAST(sheet AS "
                                           "TEXT) FROM contact_erasures_pending WHERE applied_at "
                                           "IS NULL AND (%1)"),
                            QStringLiteral("(station = ? AND batch = ?)"),
                            QStringLiteral(" OR "),
                            {}};
    QSet<QString> stations, seen;
    for (const Accepted &a : batch) {
        const sync::Submission &s = a.submission;
        if (s.kind == sync::kKindContacts)
            pending.items.append({s.station, s.version});
        if (!stations.contains(s.station))
            keys.items.append({s.station});
        stations.insert(s.station);
        if (!seen.contains(s.uuid)) {
            uuids.items.append({s.uuid});
            withdrawn.items.append({s.uuid});
        }
        seen.insert(s.uuid);
        versions.items.append({s.station, s.kind, s.version});
        if (s.kind == sync::kKindPv && s.version > 1)
            versions.items.append({s.station, s.kind, s.version - 1});
    }
    return {keys, uuids, withdrawn, versions, pending};
}

} // namespace

// Everything the batch's decisions need, read in its transaction.
void HqDatabase::prefetch(const QVector<Accepted> &batch, BatchState &state)
{
    SqlScript read(m_db, m_postgres);
    read.select(knownParts(batch), [&](const QSqlQuery &q) {
        const QString tag = q.value(0).toString(), a = q.value(1).toString();
        const QString b = q.value(2).toString();
        if (tag == QLatin1String("k"))
            state.keys.insert(a, StationRecord{QByteArray::fromBase64(b.toLatin1()),
                                               q.value(3).toLongLong() != 0});
        else if (tag == QLatin1String("u"))
            state.byUuid.insert(a, {b, q.value(4).toString().toUtf8()});
        else if (tag == QLatin1String("w"))
            state.withdrawn.insert(a);
        else if (tag == QLatin1String("e"))
            state.pendingErasures[versionKey(a, sync::kKindContacts, q.value(3).toLongLong())]
                .insert(q.value(4).toLongLong(), b);
        else
            state.versions.insert(versionKey(a, b, q.value(3).toLongLong()), q.value(4).toString());
    });
    // The stations whose PV is corrected: their latest stored version and its votes.
    SqlScript::Part corrected{
        QStringLiteral("SELECT l.station, l.election_id, l.version, l.inscrits, l.votants, "
                       "l.enveloppes, l.blancs, l.nuls, l.exprimes, v.candidate, v.voix FROM "
                       "pv_latest l LEFT JOIN pv_votes v ON v.station = l.station WHERE "
                       "l.station IN (%1)") +
            // PostgreSQL (READ COMMITTED): the rows stay as read until the commit, so a
            // withdrawal (withdraw.cpp, which locks them too) comes wholly before or after.
            // SQLite: the transaction holds the write lock already (beginWrite).
            (m_postgres ? QStringLiteral(" FOR UPDATE OF l") : QString()),
        QStringLiteral("?"),
        QStringLiteral(", "),
        {}};
    for (const Accepted &a : batch)
        if (a.submission.kind == sync::kKindPv && a.submission.version > 1)
            corrected.items.append({a.submission.station});
    read.select({corrected}, [&](const QSqlQuery &q) {
        PreviousPv &p = state.previous[q.value(0).toString()];
        const Election *e = election(q.value(1).toString());
        if (p.voix.isEmpty()) {
            p.electionId = q.value(1).toString();
            p.version = q.value(2).toLongLong();
            for (int i = 0; i < 6; ++i)
                p.counts[size_t(i)] = q.value(3 + i).toLongLong();
            p.voix = QVector<qint64>(e ? e->candidates.size() : 0, 0);
        }
        if (const int c = e ? e->candidateIndex(q.value(9).toString()) : -1; c >= 0)
            p.voix[c] = q.value(10).toLongLong();
    });
}

QVector<IngestResult> HqDatabase::ingestBatch(const QVector<Accepted> &batch, const HqKeys &keys)
{
    if (batch.isEmpty())
        return {};
    if (!keys.isValid() || keys.boxPublicKey.size() != crypto_box_PUBLICKEYBYTES)
        throw HqError(HqText::tr("la clé du siège manque : plume-hq keys init"));
    return ingestOrRetry(batch, keys, true);
}

// A connection PostgreSQL dropped (a restart) is found by the first batch after it: that batch,
// rolled back, runs once more on a new connection instead of answering 503.
QVector<IngestResult> HqDatabase::ingestOrRetry(const QVector<Accepted> &batch, const HqKeys &keys,
                                                bool mayReconnect)
{
    QVector<IngestResult> out(batch.size());
    try {
        ensureConnected();
        ingestInTransaction(batch, keys, out);
    } catch (const std::exception &e) {
        const bool wasConnected = !m_lost;
        if (m_db.isOpen())
            m_db.rollback();
        noteFailure();
        if (wasConnected && m_lost && mayReconnect)
            return ingestOrRetry(batch, keys, false);
        if (batch.size() > 1 && !m_lost) {
            for (qsizetype i = 0; i < batch.size(); ++i)
                out[i] = ingestOrRetry({batch[i]}, keys, false).constFirst();
            return out;
        }
        qWarning("plume-hq: %s", e.what());
        for (IngestResult &r : out)
            r = refused(503, Rule::Storage,
                        HqText::tr("stockage indisponible, réessayez plus tard"));
    }
    return out;
}

// PostgreSQL: the batch's stations held FOR SHARE until the commit, so that `stations
// revoke` (or a key replaced) waits for the submissions being stored with the old key, and
// a batch begun after it reads it revoked. Under READ COMMITTED a plain SELECT did not:
// a PV checked before a revoke committed after it, and `pv withdraw`, run next, found no PV
// (a review). SQLite's BEGIN IMMEDIATE already serialises both.
void HqDatabase::lockStations(const QVector<Accepted> &batch)
{
    QStringList codes;
    for (const Accepted &a : batch)
        if (!codes.contains(a.submission.station))
            codes << a.submission.station;
    std::sort(codes.begin(), codes.end());
    const QStringList marks(codes.size(), QStringLiteral("?"));
    QVariantList binds(codes.cbegin(), codes.cend());
    runSql(m_db,
           QStringLiteral("SELECT code FROM stations WHERE code IN (%1) ORDER BY code FOR SHARE")
               .arg(marks.join(QStringLiteral(", "))),
           binds, QStringLiteral("cannot lock the stations"));
}

void HqDatabase::ingestInTransaction(const QVector<Accepted> &batch, const HqKeys &keys,
                                     QVector<IngestResult> &out)
{
    beginWrite();
    if (m_postgres && !batch.isEmpty())
        lockStations(batch);
    BatchState state;
    prefetch(batch, state);
    for (qsizetype i = 0; i < batch.size(); ++i)
        out[i] = ingestOne(batch[i], keys, state);
    writeRows(state);
    // Receipts leave only after this commit.
    if (!m_db.commit())
        throw HqError(QStringLiteral("commit failed: ") + m_db.lastError().text());
}

IngestResult HqDatabase::ingestOne(const Accepted &a, const HqKeys &keys, BatchState &state)
{
    const sync::Submission &s = a.submission;
    // The key read in this transaction: a replacement or revocation counts even when the
    // request thread checked the signature with a key it had cached.
    const auto key = state.keys.constFind(s.station);
    if (const auto r = keyRefusal(
            key == state.keys.constEnd() ? std::nullopt : std::optional(key.value()), a.publicKey))
        return {r->status, r->body()};
    if (state.withdrawn.contains(s.uuid)) // its chain was withdrawn: it never counts again
        return refused(409, Rule::Withdrawn,
                       HqText::tr("ce PV a été retiré des résultats par le siège (clé volée) : "
                                  "il ne peut plus être reçu"));
    if (const auto it = state.byUuid.constFind(s.uuid); it != state.byUuid.constEnd())
        return it->first == s.sha256 ? IngestResult{200, it->second} : conflict();
    if (state.versions.contains(versionKey(s.station, s.kind, s.version)))
        return conflict();
    if (s.kind == sync::kKindPv && s.version > 1) {
        if (state.versions.value(versionKey(s.station, s.kind, s.version - 1)) !=
            a.pv.previousSha256)
            return refused(409, Rule::PreviousVersion,
                           HqText::tr("la version précédente du PV manque ou diffère "
                                      "(previous_sha256) : elle doit arriver d'abord"));
        const auto prev = state.previous.constFind(s.station);
        if (prev == state.previous.constEnd() || prev->version != s.version - 1)
            throw HqError(QStringLiteral("pv_latest does not hold version %1 of %2")
                              .arg(s.version - 1)
                              .arg(s.station));
        if (prev->electionId != a.pv.electionId)
            return refused(409, Rule::Conflict,
                           HqText::tr("une correction reste dans l'élection de la version "
                                      "qu'elle corrige"));
    }
    const QString receivedAt = nowIso();
    const QByteArray receipt = signedReceipt(s, receivedAt, keys);
    state.receipts.append(
        {s.uuid, s.station, s.kind, s.version, s.sha256, QString::fromUtf8(receipt), receivedAt});
    if (s.kind == sync::kKindPv)
        addPvRows(a, receivedAt, state);
    else
        addContactRow(a, keys, receivedAt, state);
    state.byUuid.insert(s.uuid, {s.sha256, receipt});
    state.versions.insert(versionKey(s.station, s.kind, s.version), s.sha256);
    return {201, receipt};
}

QVariantList latestPvValues(const PvSummary &pv)
{
    QVariantList values;
    for (qint64 c : pv.counts)
        values << c;
    return values << text(pv.explained.join(QLatin1Char(','))) << int(pv.lateInk)
                  << text(pv.remarques) << text(pv.correctionReason)
                  << int(!pv.explained.isEmpty() || pv.lateInk);
}

void HqDatabase::addPvRows(const Accepted &a, const QString &receivedAt, BatchState &state)
{
    const sync::Submission &s = a.submission;
    const PvSummary &pv = a.pv;
    const Election *e = election(pv.electionId);
    if (!e || e->candidates.size() != pv.voix.size())
        throw HqError(QStringLiteral("election %1 is not the one the PV was checked with")
                          .arg(pv.electionId));
    state.pvs.append({s.uuid, s.station, s.version, QString::fromUtf8(s.signedBytes), s.signature,
                      pv.electionId, text(pv.correctionReason)});
    TotalsDelta &d = state.totals[pv.electionId];
    d.voix.resize(pv.voix.size());
    if (s.version > 1) { // the previous version leaves the totals (same election: ingestOne)
        const PreviousPv &prev = state.previous[s.station];
        state.corrections.append(
            {s.station, s.version, pv.electionId, receivedAt, text(pv.correctionReason)});
        for (size_t i = 0; i < prev.counts.size(); ++i)
            checkedAdd(d.counts[i], -prev.counts[i]);
        for (qsizetype i = 0; i < d.voix.size(); ++i)
            checkedAdd(d.voix[i], -prev.voix.value(i));
    } else {
        checkedAdd(d.reporting, 1);
    }
    for (size_t i = 0; i < pv.counts.size(); ++i)
        checkedAdd(d.counts[i], pv.counts[i]);
    for (qsizetype i = 0; i < d.voix.size(); ++i)
        checkedAdd(d.voix[i], pv.voix[i]);
    state.previous[s.station] = PreviousPv{pv.electionId, s.version, pv.counts, pv.voix};
    // The chain only grows: this version is the station's latest.
    state.latest.insert(s.station, QVariantList{s.station, pv.electionId, s.version, receivedAt} +
                                       latestPvValues(pv));
    QVector<QVariantList> votes;
    for (qsizetype i = 0; i < pv.voix.size(); ++i)
        votes.append({s.station, e->candidates[i].id, pv.voix[i]});
    state.votes.insert(s.station, votes);
}

void HqDatabase::addContactRow(const Accepted &a, const HqKeys &keys, const QString &receivedAt,
                               BatchState &state)
{
    const sync::Submission &s = a.submission;
    if (!state.sealer)
        state.sealer = std::make_unique<ContactSealer>(keys.boxPublicKey);
    const QVariant none(QMetaType::fromType<QString>());
    qsizetype kept = -1;
    QByteArray plain = erasePending(s, receivedAt, state, &kept);
    if (kept == 0) { // nobody left: emptied as a purge empties one (erase.cpp)
        state.contacts.append(
            {s.uuid, s.station, s.version, none, QStringLiteral(""), receivedAt, receivedAt});
        return;
    }
    const QByteArray box = state.sealer->seal(plain);
    if (kept > 0)
        sodium_memzero(plain.data(), size_t(plain.size()));
    if (box.isEmpty())
        throw HqError(QStringLiteral("cannot seal the contacts to HQ's key"));
    // A box an erasure changed is no longer what the station signed (as erase.cpp does).
    state.contacts.append({s.uuid, s.station, s.version, QString::fromLatin1(box.toBase64()),
                           kept < 0 ? s.signature : QStringLiteral(""), receivedAt, none});
}

// The erasures asked before this batch arrived (`contacts erase --batch`): its sheets taken
// out before it is sealed here, an audit row for each (its reason dropped if it names the
// person: it could not be checked before), the pending rows marked applied. *kept: the
// contacts left, -1 when none was erased (the station's bytes as they are).
QByteArray HqDatabase::erasePending(const sync::Submission &s, const QString &receivedAt,
                                    BatchState &state, qsizetype *kept)
{
    const auto pending =
        state.pendingErasures.value(versionKey(s.station, sync::kKindContacts, s.version));
    if (pending.isEmpty())
        return s.signedBytes;
    const auto numbers = pending.keys();
    QJsonArray erased;
    qsizetype left = 0;
    const QByteArray plain =
        withoutSheets(s.signedBytes, QSet<qint64>(numbers.begin(), numbers.end()), &erased, &left);
    for (const QJsonValue &c : std::as_const(erased)) {
        const QString sheet = c.toObject().value(QStringLiteral("sheet")).toString();
        const qint64 n = contactSheetNumber(sheet);
        const QString reason =
            namesTheContact(pending.value(n), c.toObject()) ? QStringLiteral("") : pending.value(n);
        state.erasures.append({s.uuid, s.station, sheet, s.version, receivedAt, reason,
                               QVariant(QMetaType::fromType<QString>())});
        state.erasuresApplied.append({receivedAt, s.uuid, s.station, s.version, n});
    }
    if (erased.size() < pending.size()) // said without a name: the operator may have mistyped
        qWarning("plume-hq: batch %lld of station %s arrived; %lld pending erasure(s) name a "
                 "sheet it does not hold",
                 static_cast<long long>(s.version), qPrintable(s.station),
                 static_cast<long long>(pending.size() - erased.size()));
    *kept = erased.isEmpty() ? -1 : left;
    return plain;
}

// results_totals and results_voix: the batch's deltas added; pv_latest rows numbered with
// the election's next seqs (results_totals.last_seq, updated just before), pv_votes; then
// what is stored now, for writeRows to check.
void HqDatabase::addResults(SqlScript &w, const BatchState &state)
{
    QHash<QString, qint64> rowsOf; // election -> its pv_latest rows in the batch
    for (const QVariantList &row : state.latest)
        ++rowsOf[row[1].toString()];
    QVector<QVariantList> totals, voix, latest, votes;
    for (auto it = state.totals.cbegin(); it != state.totals.cend(); ++it) {
        QVariantList row{it.key(), it->reporting};
        for (qint64 c : it->counts)
            row << c;
        totals.append(row << rowsOf.value(it.key()));
        const Election *e = election(it.key());
        for (qsizetype i = 0; e && i < it->voix.size(); ++i)
            voix.append({it.key(), e->candidates[i].id, it->voix[i]});
    }
    QHash<QString, qint64> left = rowsOf;
    for (QVariantList row : state.latest) {
        const QString election = row[1].toString();
        latest.append(row << election << --left[election]);
    }
    for (const QVector<QVariantList> &v : state.votes)
        votes += v;
    const QStringList totalColumns = kTotalColumns + QStringList{QStringLiteral("last_seq")};
    const QStringList latestColumns =
        columns("election_id, version, received_at, inscrits, votants, enveloppes, blancs, nuls, "
                "exprimes, rules, late_ink, remarques, correction_reason, flagged, seq");
    const QStringList voixColumn{QStringLiteral("voix")};
    w.insert(QStringLiteral("results_totals"),
             QStringList{QStringLiteral("election_id")} + totalColumns, totals,
             onConflict(QStringLiteral("election_id"), QStringLiteral("results_totals"),
                        totalColumns, true));
    w.insert(QStringLiteral("results_voix"), columns("election_id, candidate, voix"), voix,
             onConflict(QStringLiteral("election_id, candidate"), QStringLiteral("results_voix"),
                        voixColumn, true));
    w.insert(
        QStringLiteral("pv_latest"), QStringList{QStringLiteral("station")} + latestColumns, latest,
        onConflict(QStringLiteral("station"), QStringLiteral("pv_latest"), latestColumns, false),
        QStringLiteral("(%1, (SELECT last_seq FROM results_totals WHERE election_id = ?) - ?)")
            .arg(placeholders(latestColumns.size())));
    w.insert(QStringLiteral("pv_votes"), columns("station, candidate, voix"), votes,
             onConflict(QStringLiteral("station, candidate"), QStringLiteral("pv_votes"),
                        voixColumn, false));
    const QStringList elections = state.totals.keys();
    w.add(QStringLiteral("SELECT election_id, %1 FROM results_totals WHERE election_id IN (%2) "
                         "UNION ALL SELECT election_id, voix, 0, 0, 0, 0, 0, 0 FROM results_voix "
                         "WHERE election_id IN (%2)")
              .arg(kTotalColumns.join(QStringLiteral(", ")), placeholders(elections.size())),
          QVariantList(elections.begin(), elections.end()) +
              QVariantList(elections.begin(), elections.end()));
}

// The sealed contact boxes go last, in a round trip of their own: PostgreSQL logs the whole
// script of a failed statement, and a duplicate receipt of two plume-hq racing put every box
// of the group commit in its server log (a review, 2026-12-01; HqDatabase::quietServerLog).
void HqDatabase::writeRows(BatchState &state)
{
    SqlScript w(m_db, m_postgres);
    w.insert(QStringLiteral("receipts"),
             columns("uuid, station, kind, version, sha256, receipt, received_at"), state.receipts);
    w.insert(QStringLiteral("pv_submissions"),
             columns("uuid, station, version, signed, signature, election_id, correction_reason"),
             state.pvs);
    w.insert(QStringLiteral("pv_corrections"),
             columns("station, version, election_id, received_at, reason"), state.corrections);
    if (!state.latest.isEmpty())
        addResults(w, state);
    QSqlQuery check = w.run();
    while (!state.latest.isEmpty() && check.next()) // what is stored now: exact, never negative
        for (int i = 1; i < 8; ++i)
            exactCount(check.value(i));
    SqlScript boxes(m_db, m_postgres);
    boxes.insert(QStringLiteral("contact_boxes"),
                 columns("uuid, station, batch, sealed, signature, received_at, purged_at"),
                 state.contacts);
    if (!boxes.isEmpty())
        boxes.run();
    for (const QVariantList &row : std::as_const(state.erasures))
        runSql(m_db,
               QStringLiteral("INSERT INTO contact_erasures (uuid, station, sheet, batch, "
                              "erased_at, reason, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
               row, QStringLiteral("cannot record the erasure"));
    for (const QVariantList &row : std::as_const(state.erasuresApplied))
        runSql(m_db,
               QStringLiteral("UPDATE contact_erasures_pending SET applied_at = ?, uuid = ?, "
                              "reason = '' WHERE station = ? AND batch = ? AND sheet = ?"),
               row, QStringLiteral("cannot record the erasure"));
}

} // namespace plume::hq
