// HqDatabase: storing verified submissions exactly once, the PV version chain, the
// per-station results each PV updates, contacts sealed to HQ's key (docs/hq.md).
#include "hq/contactbox.h"
#include "hq/hqdb.h"
#include "hq/text.h"
#include "sync/crypto.h"
#include "sync/receipt.h"

#include <QDateTime>
#include <QSqlError>

#include <sodium.h>

namespace plume::hq {

// What one group commit has stored so far (its rows are not committed yet).
struct BatchState
{
    QHash<QString, std::pair<QString, QByteArray>> byUuid; // uuid -> sha256, answer body
    QHash<QString, QString> versions;                      // station|kind|version -> sha256
    std::unique_ptr<ContactSealer> sealer;                 // one ephemeral key per batch
};

namespace {

QString versionKey(const QString &station, const QString &kind, qint64 version)
{
    return station + QLatin1Char('|') + kind + QLatin1Char('|') + QString::number(version);
}

void exec(QSqlQuery &q, const QString &what)
{
    if (!q.exec())
        throw HqError(what + QStringLiteral(": ") + q.lastError().text());
}

void bind(QSqlQuery &q, const QVariantList &values)
{
    for (const QVariant &v : values)
        q.addBindValue(v);
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
        for (qsizetype i = 0; i < batch.size(); ++i)
            out[i] = ingestOne(batch[i], keys, state);
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
                        HqText::tr("stockage indisponible, réessayez plus "
                                   "tard"));
    }
    return out;
}

IngestResult HqDatabase::ingestOne(const Accepted &a, const HqKeys &keys, BatchState &state)
{
    const sync::Submission &s = a.submission;
    if (const auto known = knownUuid(s, state))
        return *known;
    if (storedSha(state, s.station, s.kind, s.version))
        return conflict();
    if (s.kind == sync::kKindPv && s.version > 1 &&
        storedSha(state, s.station, s.kind, s.version - 1) != a.pv.previousSha256)
        return refused(409, Rule::PreviousVersion,
                       HqText::tr("la version précédente du PV manque ou diffère "
                                  "(previous_sha256) : elle doit arriver d'abord"));
    return storeNew(a, keys, state);
}

// The answer for a uuid already stored (or stored earlier in this batch), if any.
std::optional<IngestResult> HqDatabase::knownUuid(const sync::Submission &s, BatchState &state)
{
    if (const auto it = state.byUuid.constFind(s.uuid); it != state.byUuid.constEnd())
        return it->first == s.sha256 ? IngestResult{200, it->second} : conflict();
    QSqlQuery &q = prepared(QStringLiteral("SELECT sha256, receipt FROM receipts WHERE uuid = ?"));
    bind(q, {s.uuid});
    exec(q, QStringLiteral("cannot read receipts"));
    if (!q.next()) {
        q.finish();
        return std::nullopt;
    }
    const bool same = q.value(0).toString() == s.sha256;
    const QByteArray body = q.value(1).toString().toUtf8();
    q.finish();
    if (same)
        state.byUuid.insert(s.uuid, {s.sha256, body});
    return same ? IngestResult{200, body} : conflict();
}

// The hash stored for a station's kind and version (in this batch or before), if any.
std::optional<QString> HqDatabase::storedSha(const BatchState &state, const QString &station,
                                             const QString &kind, qint64 version)
{
    if (const auto it = state.versions.constFind(versionKey(station, kind, version));
        it != state.versions.constEnd())
        return it.value();
    QSqlQuery &c = prepared(QStringLiteral(
        "SELECT sha256 FROM receipts WHERE station = ? AND kind = ? AND version = ?"));
    bind(c, {station, kind, version});
    exec(c, QStringLiteral("cannot read receipts"));
    std::optional<QString> sha;
    if (c.next())
        sha = c.value(0).toString();
    c.finish();
    return sha;
}

IngestResult HqDatabase::storeNew(const Accepted &a, const HqKeys &keys, BatchState &state)
{
    const sync::Submission &s = a.submission;
    const QString receivedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QByteArray receipt = signedReceipt(s, receivedAt, keys);
    QSqlQuery &r = prepared(QStringLiteral(
        "INSERT INTO receipts (uuid, station, kind, version, sha256, receipt, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    bind(r,
         {s.uuid, s.station, s.kind, s.version, s.sha256, QString::fromUtf8(receipt), receivedAt});
    exec(r, QStringLiteral("cannot store the receipt"));
    if (s.kind == sync::kKindPv)
        storePv(a, receivedAt);
    else
        storeContacts(a, keys, receivedAt, state);
    state.byUuid.insert(s.uuid, {s.sha256, receipt});
    state.versions.insert(versionKey(s.station, s.kind, s.version), s.sha256);
    return {201, receipt};
}

void HqDatabase::storePv(const Accepted &a, const QString &receivedAt)
{
    const sync::Submission &s = a.submission;
    const PvSummary &pv = a.pv;
    const Election *e = election(pv.electionId);
    if (!e || e->candidates.size() != pv.voix.size())
        throw HqError(QStringLiteral("election %1 is not the one the PV was checked with")
                          .arg(pv.electionId));
    QSqlQuery &p = prepared(QStringLiteral(
        "INSERT INTO pv_submissions (uuid, station, version, signed, signature, election_id, "
        "correction_reason) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    bind(p, {s.uuid, s.station, s.version, QString::fromUtf8(s.signedBytes), s.signature,
             pv.electionId, text(pv.correctionReason)});
    exec(p, QStringLiteral("cannot store the PV"));
    // The chain only grows: this version is the station's latest.
    for (const char *table : {"pv_latest", "pv_votes"}) {
        QSqlQuery &d =
            prepared(QStringLiteral("DELETE FROM %1 WHERE station = ?").arg(QLatin1String(table)));
        bind(d, {s.station});
        exec(d, QStringLiteral("cannot replace the results"));
    }
    QSqlQuery &l = prepared(QStringLiteral(
        "INSERT INTO pv_latest (station, election_id, version, received_at, inscrits, votants, "
        "enveloppes, blancs, nuls, exprimes, rules, late_ink, remarques, correction_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bind(l, {s.station, pv.electionId, s.version, receivedAt});
    for (qint64 c : pv.counts)
        l.addBindValue(c);
    bind(l, {text(pv.explained.join(QLatin1Char(','))), int(pv.lateInk), text(pv.remarques),
             text(pv.correctionReason)});
    exec(l, QStringLiteral("cannot store the results"));
    QSqlQuery &v = prepared(
        QStringLiteral("INSERT INTO pv_votes (station, candidate, voix) VALUES (?, ?, ?)"));
    for (qsizetype i = 0; i < pv.voix.size(); ++i) {
        bind(v, {s.station, e->candidates[i].id, pv.voix[i]});
        exec(v, QStringLiteral("cannot store the votes"));
    }
}

void HqDatabase::storeContacts(const Accepted &a, const HqKeys &keys, const QString &receivedAt,
                               BatchState &state)
{
    const sync::Submission &s = a.submission;
    if (!state.sealer)
        state.sealer = std::make_unique<ContactSealer>(keys.boxPublicKey);
    const QByteArray box = state.sealer->seal(s.signedBytes);
    if (box.isEmpty())
        throw HqError(QStringLiteral("cannot seal the contacts to HQ's key"));
    QSqlQuery &c = prepared(QStringLiteral(
        "INSERT INTO contact_boxes (uuid, station, batch, sealed, signature, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    bind(c, {s.uuid, s.station, s.version, QString::fromLatin1(box.toBase64()), s.signature,
             receivedAt});
    exec(c, QStringLiteral("cannot store the contacts"));
}

} // namespace plume::hq
