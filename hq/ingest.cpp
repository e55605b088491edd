// HqDatabase: storing verified submissions exactly once, the PV version chain, the
// per-station results each PV updates, contacts sealed to HQ's key (docs/hq.md).
//
// A group commit costs a fixed number of statements, not a few per submission: what is
// already stored (uuids, versions) is read for the whole batch first, every decision is
// then made in memory, and the new rows go in with multi-row INSERTs (a round trip per
// statement is what PostgreSQL makes expensive).
#include "hq/contactbox.h"
#include "hq/hqdb.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/receipt.h"

#include <QDateTime>
#include <QMap>
#include <QSqlError>

#include <sodium.h>

namespace plume::hq {

// One group commit: what is stored (before it or by it) and the rows it will insert.
struct BatchState
{
    QHash<QString, std::pair<QString, QByteArray>> byUuid; // uuid -> sha256, answer body
    QHash<QString, QString> versions;                      // station|kind|version -> sha256
    std::unique_ptr<ContactSealer> sealer;                 // one ephemeral key per batch
    QVector<QVariantList> receipts, pvs, contacts;
    QMap<QString, QVariantList> latest;         // station -> its pv_latest row (last version)
    QMap<QString, QVector<QVariantList>> votes; // station -> its pv_votes rows
};

namespace {

// Parameters per statement: PostgreSQL pays a round trip per statement; Qt's SQLite driver
// looks each parameter's name up linearly, so many parameters cost it quadratically.
int maxParameters(bool postgres)
{
    return postgres ? 900 : 48;
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

QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        throw HqError(QStringLiteral("cannot prepare: ") + q.lastError().text());
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        throw HqError(QStringLiteral("cannot store: ") + q.lastError().text());
    return q;
}

// "(?, ?, ?), (?, ?, ?)" for n rows of `width` columns.
QString placeholders(qsizetype rows, qsizetype width)
{
    QStringList one(width, QStringLiteral("?"));
    const QString row = QLatin1Char('(') + one.join(QStringLiteral(", ")) + QLatin1Char(')');
    return QStringList(rows, row).join(QStringLiteral(", "));
}

void insertRows(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                const QVector<QVariantList> &rows, int maxParams)
{
    const qsizetype perStatement = std::max<qsizetype>(1, maxParams / columns.size());
    for (qsizetype at = 0; at < rows.size(); at += perStatement) {
        const qsizetype n = std::min(perStatement, rows.size() - at);
        QVariantList binds;
        for (qsizetype i = at; i < at + n; ++i)
            binds += rows[i];
        run(db,
            QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                .arg(table, columns.join(QStringLiteral(", ")), placeholders(n, columns.size())),
            binds);
    }
}

// The receipts already stored for the batch's uuids.
void prefetchUuids(const QSqlDatabase &db, const QVector<Accepted> &batch, BatchState &state,
                   int maxParams)
{
    QStringList uuids;
    for (const Accepted &a : batch)
        uuids << a.submission.uuid;
    uuids.removeDuplicates();
    for (qsizetype at = 0; at < uuids.size(); at += maxParams) {
        const QStringList chunk = uuids.mid(at, maxParams);
        QSqlQuery q =
            run(db,
                QStringLiteral("SELECT uuid, sha256, receipt FROM receipts WHERE uuid "
                               "IN (%1)")
                    .arg(QStringList(chunk.size(), QStringLiteral("?")).join(QStringLiteral(", "))),
                QVariantList(chunk.begin(), chunk.end()));
        while (q.next())
            state.byUuid.insert(q.value(0).toString(),
                                {q.value(1).toString(), q.value(2).toString().toUtf8()});
    }
}

// The hashes stored for the versions the batch claims, and for its PVs' previous versions.
void prefetchVersions(const QSqlDatabase &db, const QVector<Accepted> &batch, BatchState &state,
                      int maxParams)
{
    QVector<QVariantList> keys;
    for (const Accepted &a : batch) {
        const sync::Submission &s = a.submission;
        keys.append({s.station, s.kind, s.version});
        if (s.kind == sync::kKindPv && s.version > 1)
            keys.append({s.station, s.kind, s.version - 1});
    }
    const qsizetype perStatement = maxParams / 3;
    for (qsizetype at = 0; at < keys.size(); at += perStatement) {
        const qsizetype n = std::min(perStatement, keys.size() - at);
        QVariantList binds;
        for (qsizetype i = at; i < at + n; ++i)
            binds += keys[i];
        const QString where =
            QStringList(n, QStringLiteral("(station = ? AND kind = ? AND version = ?)"))
                .join(QStringLiteral(" OR "));
        QSqlQuery q = run(
            db,
            QStringLiteral("SELECT station, kind, version, sha256 FROM receipts WHERE ") + where,
            binds);
        while (q.next())
            state.versions.insert(
                versionKey(q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()),
                q.value(3).toString());
    }
}

} // namespace

QVector<IngestResult> HqDatabase::ingestBatch(const QVector<Accepted> &batch, const HqKeys &keys)
{
    QVector<IngestResult> out(batch.size());
    if (batch.isEmpty())
        return out;
    if (!keys.isValid() || keys.boxPublicKey.size() != crypto_box_PUBLICKEYBYTES)
        throw HqError(HqText::tr("la clé du siège manque : plume-hq keys init"));
    try {
        ensureConnected();
        if (!m_db.transaction())
            throw HqError(QStringLiteral("cannot begin: ") + m_db.lastError().text());
        BatchState state;
        prefetchUuids(m_db, batch, state, maxParameters(m_postgres));
        prefetchVersions(m_db, batch, state, maxParameters(m_postgres));
        for (qsizetype i = 0; i < batch.size(); ++i)
            out[i] = ingestOne(batch[i], keys, state);
        writeRows(state);
        // Receipts leave only after this commit.
        if (!m_db.commit())
            throw HqError(QStringLiteral("commit failed: ") + m_db.lastError().text());
    } catch (const std::exception &e) {
        m_db.rollback();
        noteFailure();
        if (batch.size() > 1 && !m_lost) {
            for (qsizetype i = 0; i < batch.size(); ++i)
                out[i] = ingestBatch({batch[i]}, keys).constFirst();
            return out;
        }
        qWarning("plume-hq: %s", e.what());
        for (IngestResult &r : out)
            r = refused(503, Rule::Storage,
                        HqText::tr("stockage indisponible, réessayez plus tard"));
    }
    return out;
}

IngestResult HqDatabase::ingestOne(const Accepted &a, const HqKeys &keys, BatchState &state)
{
    const sync::Submission &s = a.submission;
    if (const auto it = state.byUuid.constFind(s.uuid); it != state.byUuid.constEnd())
        return it->first == s.sha256 ? IngestResult{200, it->second} : conflict();
    if (state.versions.contains(versionKey(s.station, s.kind, s.version)))
        return conflict();
    if (s.kind == sync::kKindPv && s.version > 1 &&
        state.versions.value(versionKey(s.station, s.kind, s.version - 1)) != a.pv.previousSha256)
        return refused(409, Rule::PreviousVersion,
                       HqText::tr("la version précédente du PV manque ou diffère "
                                  "(previous_sha256) : elle doit arriver d'abord"));
    const QString receivedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
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
    // The chain only grows: this version is the station's latest.
    QVariantList latest{s.station, pv.electionId, s.version, receivedAt};
    for (qint64 c : pv.counts)
        latest << c;
    latest << text(pv.explained.join(QLatin1Char(','))) << int(pv.lateInk) << text(pv.remarques)
           << text(pv.correctionReason);
    state.latest.insert(s.station, latest);
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
    const QByteArray box = state.sealer->seal(s.signedBytes);
    if (box.isEmpty())
        throw HqError(QStringLiteral("cannot seal the contacts to HQ's key"));
    state.contacts.append({s.uuid, s.station, s.version, QString::fromLatin1(box.toBase64()),
                           s.signature, receivedAt});
}

void HqDatabase::writeRows(const BatchState &state)
{
    auto columns = [](const char *list) {
        return QString::fromLatin1(list).split(QStringLiteral(", "));
    };
    const int maxParams = maxParameters(m_postgres);
    insertRows(m_db, QStringLiteral("receipts"),
               columns("uuid, station, kind, version, sha256, receipt, received_at"),
               state.receipts, maxParams);
    insertRows(m_db, QStringLiteral("pv_submissions"),
               columns("uuid, station, version, signed, signature, election_id, "
                       "correction_reason"),
               state.pvs, maxParams);
    insertRows(m_db, QStringLiteral("contact_boxes"),
               columns("uuid, station, batch, sealed, signature, received_at"), state.contacts,
               maxParams);
    if (state.latest.isEmpty())
        return;
    const QStringList stations = state.latest.keys();
    for (const char *table : {"pv_latest", "pv_votes"})
        for (qsizetype at = 0; at < stations.size(); at += maxParams) {
            const QStringList chunk = stations.mid(at, maxParams);
            run(m_db,
                QStringLiteral("DELETE FROM %1 WHERE station IN (%2)")
                    .arg(QLatin1String(table),
                         QStringList(chunk.size(), QStringLiteral("?")).join(QStringLiteral(", "))),
                QVariantList(chunk.begin(), chunk.end()));
        }
    insertRows(m_db, QStringLiteral("pv_latest"),
               columns("station, election_id, version, received_at, inscrits, votants, "
                       "enveloppes, blancs, nuls, exprimes, rules, late_ink, remarques, "
                       "correction_reason"),
               state.latest.values().toVector(), maxParams);
    QVector<QVariantList> votes;
    for (const QVector<QVariantList> &v : state.votes)
        votes += v;
    insertRows(m_db, QStringLiteral("pv_votes"), columns("station, candidate, voix"), votes,
               maxParams);
}

} // namespace plume::hq
