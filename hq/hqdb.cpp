#include "hq/hqdb.h"

#include "forms/pvcheck.h"
#include "store/election.h"
#include "sync/canonicaljson.h"
#include "sync/crypto.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSaveFile>
#include <QSet>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

namespace plume::hq {
namespace {

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

void exec(QSqlQuery &q, const QString &what)
{
    if (!q.exec())
        throw HqError(what + QStringLiteral(": ") + q.lastError().text());
}

void execSql(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        throw HqError(
            QStringLiteral("SQL failed (%1): %2").arg(sql.left(60), q.lastError().text()));
}

struct Migration
{
    int version;
    QStringList statements;
};

// Portable SQL: TEXT, BIGINT, PRIMARY KEY, UNIQUE, REFERENCES - nothing engine specific.
const QVector<Migration> &migrations()
{
    static const QVector<Migration> list = {
        {1,
         {
             QStringLiteral("CREATE TABLE stations (code TEXT PRIMARY KEY, public_key TEXT NOT "
                            "NULL, added_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE receipts (uuid TEXT PRIMARY KEY, station TEXT NOT NULL "
                            "REFERENCES stations(code), kind TEXT NOT NULL, version BIGINT NOT "
                            "NULL, sha256 TEXT NOT NULL, receipt TEXT NOT NULL, received_at TEXT "
                            "NOT NULL, UNIQUE (station, kind, version))"),
             QStringLiteral("CREATE TABLE pv_submissions (uuid TEXT PRIMARY KEY REFERENCES "
                            "receipts(uuid), station TEXT NOT NULL, version BIGINT NOT NULL, "
                            "signed TEXT NOT NULL, signature TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX pv_submissions_station ON pv_submissions(station, "
                            "version)"),
             // Contacts apart from results: only `plume-hq contacts export` reads them.
             QStringLiteral("CREATE TABLE contact_batches (uuid TEXT PRIMARY KEY REFERENCES "
                            "receipts(uuid), station TEXT NOT NULL, batch BIGINT NOT NULL, "
                            "signed TEXT NOT NULL, signature TEXT NOT NULL)"),
         }},
    };
    return list;
}

} // namespace

HqDatabase::HqDatabase(QSqlDatabase db, bool postgres) : m_db(std::move(db)), m_postgres(postgres)
{}

HqDatabase::~HqDatabase()
{
    m_queries.clear();
    const QString name = m_db.connectionName();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

std::unique_ptr<HqDatabase> HqDatabase::open(const QString &url, bool fullSync)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("plume-hq-%1").arg(counter.fetchAndAddRelaxed(1));
    const bool pg = url.startsWith(QLatin1String("postgresql://")) ||
                    url.startsWith(QLatin1String("postgres://"));
    QSqlDatabase db;
    if (pg) {
        const QUrl u(url);
        if (!u.isValid())
            throw HqError(QStringLiteral("invalid PostgreSQL URL"));
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        const QUrlQuery query(u);
        const QString host = query.hasQueryItem(QStringLiteral("host"))
                                 ? query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded)
                                 : u.host();
        db.setHostName(host.isEmpty() ? QStringLiteral("localhost") : host);
        if (u.port() > 0)
            db.setPort(u.port());
        db.setUserName(u.userName(QUrl::FullyDecoded));
        db.setPassword(u.password(QUrl::FullyDecoded));
        db.setDatabaseName(u.path().mid(1));
    } else {
        QString path = url;
        if (path.startsWith(QLatin1String("sqlite:")))
            path = path.mid(7);
        if (path.isEmpty())
            throw HqError(QStringLiteral("--db needs sqlite:PATH or postgresql://..."));
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw HqError(QStringLiteral("cannot open the HQ database: ") + error);
    }
    std::unique_ptr<HqDatabase> h(new HqDatabase(db, pg));
    h->configure(fullSync);
    h->migrate();
    return h;
}

void HqDatabase::configure(bool fullSync)
{
    if (m_postgres) {
        execSql(m_db, QStringLiteral("SET client_min_messages TO WARNING"));
        execSql(m_db, fullSync ? QStringLiteral("SET synchronous_commit TO on")
                               : QStringLiteral("SET synchronous_commit TO off"));
        return;
    }
    execSql(m_db, QStringLiteral("PRAGMA journal_mode = WAL"));
    execSql(m_db, fullSync ? QStringLiteral("PRAGMA synchronous = FULL")
                           : QStringLiteral("PRAGMA synchronous = NORMAL"));
    execSql(m_db, QStringLiteral("PRAGMA foreign_keys = ON"));
}

int HqDatabase::schemaVersion() const
{
    if (!m_db.tables().contains(QStringLiteral("hq_schema")))
        return 0;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT max(version) FROM hq_schema")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

void HqDatabase::migrate()
{
    if (!m_db.tables().contains(QStringLiteral("hq_schema")))
        execSql(m_db, QStringLiteral("CREATE TABLE IF NOT EXISTS hq_schema (version INTEGER "
                                     "PRIMARY KEY, applied_at TEXT NOT NULL)"));
    const int current = schemaVersion();
    const int latest = migrations().constLast().version;
    if (current > latest)
        throw HqError(QStringLiteral("the HQ database has schema %1, newer than this plume-hq "
                                     "(%2)")
                          .arg(current)
                          .arg(latest));
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        if (!m_db.transaction())
            throw HqError(QStringLiteral("cannot begin migration: ") + m_db.lastError().text());
        try {
            for (const QString &sql : m.statements)
                execSql(m_db, sql);
            QSqlQuery q(m_db);
            q.prepare(QStringLiteral("INSERT INTO hq_schema (version, applied_at) VALUES (?, ?)"));
            q.addBindValue(m.version);
            q.addBindValue(nowIso());
            exec(q, QStringLiteral("cannot record the migration"));
            if (!m_db.commit())
                throw HqError(QStringLiteral("cannot commit migration: ") +
                              m_db.lastError().text());
        } catch (...) {
            m_db.rollback();
            throw;
        }
    }
}

QSqlQuery &HqDatabase::prepared(const QString &sql)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        auto q = std::make_shared<QSqlQuery>(m_db);
        if (!q->prepare(sql))
            throw HqError(QStringLiteral("cannot prepare: ") + q->lastError().text());
        it = m_queries.insert(sql, q);
    }
    return *it.value();
}

void HqDatabase::addStation(const QString &code, const QByteArray &publicKey, bool replace)
{
    if (publicKey.size() != 32)
        throw HqError(QStringLiteral("the public key must be 32 bytes (base64 of an Ed25519 "
                                     "key, as printed by plumectl station pubkey)"));
    const QString b64 = QString::fromLatin1(publicKey.toBase64());
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT public_key FROM stations WHERE code = ?"));
    q.addBindValue(code);
    exec(q, QStringLiteral("cannot read stations"));
    if (q.next()) {
        if (q.value(0).toString() == b64)
            return;
        if (!replace)
            throw HqError(QStringLiteral("station %1 is already enrolled with another key "
                                         "(use --replace to change it)")
                              .arg(code));
        QSqlQuery u(m_db);
        u.prepare(
            QStringLiteral("UPDATE stations SET public_key = ?, added_at = ? WHERE code = ?"));
        u.addBindValue(b64);
        u.addBindValue(nowIso());
        u.addBindValue(code);
        exec(u, QStringLiteral("cannot update the station"));
    } else {
        QSqlQuery i(m_db);
        i.prepare(QStringLiteral("INSERT INTO stations (code, public_key, added_at) VALUES (?, ?, "
                                 "?)"));
        i.addBindValue(code);
        i.addBindValue(b64);
        i.addBindValue(nowIso());
        exec(i, QStringLiteral("cannot enrol the station"));
    }
    m_keys.insert(code, publicKey);
}

std::optional<QByteArray> HqDatabase::stationKey(const QString &code)
{
    if (auto it = m_keys.constFind(code); it != m_keys.constEnd())
        return it.value();
    QSqlQuery &q = prepared(QStringLiteral("SELECT public_key FROM stations WHERE code = ?"));
    q.addBindValue(code);
    exec(q, QStringLiteral("cannot read stations"));
    if (!q.next())
        return std::nullopt;
    const QByteArray key = QByteArray::fromBase64(q.value(0).toString().toLatin1());
    q.finish();
    m_keys.insert(code, key);
    return key;
}

int HqDatabase::stationCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM stations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

static QByteArray errorBody(const QString &message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
        .toJson(QJsonDocument::Compact);
}

IngestResult HqDatabase::ingest(const sync::Submission &s)
{
    return ingestBatch({s}).constFirst();
}

QVector<IngestResult> HqDatabase::ingestBatch(const QVector<sync::Submission> &batch)
{
    QVector<IngestResult> out(batch.size());
    if (batch.isEmpty())
        return out;
    const QByteArray conflict =
        errorBody(QStringLiteral("this uuid is already stored with different content"));
    if (!m_db.transaction()) {
        for (IngestResult &r : out)
            r = {503, errorBody(QStringLiteral("storage unavailable, retry later"))};
        return out;
    }
    try {
        QHash<QString, qsizetype> byUuid; // uuid -> index of its first answer in this batch
        QSet<QString> versions;           // station|kind|version stored by this batch
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const sync::Submission &s = batch[i];
            if (auto it = byUuid.constFind(s.uuid); it != byUuid.constEnd()) {
                out[i] = batch[it.value()].sha256 == s.sha256
                             ? IngestResult{200, out[it.value()].body}
                             : IngestResult{409, conflict};
                continue;
            }
            {
                QSqlQuery &q =
                    prepared(QStringLiteral("SELECT sha256, receipt FROM receipts WHERE uuid = ?"));
                q.addBindValue(s.uuid);
                exec(q, QStringLiteral("cannot read receipts"));
                if (q.next()) {
                    const bool same = q.value(0).toString() == s.sha256;
                    out[i] = same ? IngestResult{200, q.value(1).toString().toUtf8()}
                                  : IngestResult{409, conflict};
                    q.finish();
                    if (same)
                        byUuid.insert(s.uuid, i);
                    continue;
                }
                q.finish();
            }
            const QString versionKey = s.station + QLatin1Char('|') + s.kind + QLatin1Char('|') +
                                       QString::number(s.version);
            bool taken = versions.contains(versionKey);
            if (!taken) {
                QSqlQuery &c = prepared(QStringLiteral(
                    "SELECT uuid FROM receipts WHERE station = ? AND kind = ? AND version = ?"));
                c.addBindValue(s.station);
                c.addBindValue(s.kind);
                c.addBindValue(s.version);
                exec(c, QStringLiteral("cannot read receipts"));
                taken = c.next();
                c.finish();
            }
            if (taken) {
                out[i] = {409, errorBody(QStringLiteral("%1 version %2 of this station is already "
                                                        "stored under another uuid")
                                             .arg(s.kind)
                                             .arg(s.version))};
                continue;
            }
            const QString receivedAt = nowIso();
            const QString receiptId =
                sync::sha256Hex(
                    (s.uuid + QLatin1Char('|') + s.sha256 + QLatin1Char('|') + receivedAt).toUtf8())
                    .left(32);
            const QByteArray receipt =
                sync::canonicalJson(QJsonObject{{QStringLiteral("receipt"), receiptId},
                                                {QStringLiteral("uuid"), s.uuid},
                                                {QStringLiteral("sha256"), s.sha256},
                                                {QStringLiteral("station"), s.station},
                                                {QStringLiteral("kind"), s.kind},
                                                {QStringLiteral("version"), s.version},
                                                {QStringLiteral("received_at"), receivedAt}})
                    .value_or(QByteArray());
            QSqlQuery &r = prepared(QStringLiteral(
                "INSERT INTO receipts (uuid, station, kind, version, sha256, receipt, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"));
            r.addBindValue(s.uuid);
            r.addBindValue(s.station);
            r.addBindValue(s.kind);
            r.addBindValue(s.version);
            r.addBindValue(s.sha256);
            r.addBindValue(QString::fromUtf8(receipt));
            r.addBindValue(receivedAt);
            exec(r, QStringLiteral("cannot store the receipt"));
            QSqlQuery &d =
                prepared(s.kind == sync::kKindPv
                             ? QStringLiteral("INSERT INTO pv_submissions (uuid, station, "
                                              "version, signed, signature) VALUES (?, ?, "
                                              "?, ?, ?)")
                             : QStringLiteral("INSERT INTO contact_batches (uuid, "
                                              "station, batch, signed, signature) VALUES "
                                              "(?, ?, ?, ?, ?)"));
            d.addBindValue(s.uuid);
            d.addBindValue(s.station);
            d.addBindValue(s.version);
            d.addBindValue(QString::fromUtf8(s.signedBytes));
            d.addBindValue(s.signature);
            exec(d, QStringLiteral("cannot store the submission"));
            out[i] = {201, receipt};
            byUuid.insert(s.uuid, i);
            versions.insert(versionKey);
        }
        // Receipts leave only after this commit.
        if (!m_db.commit())
            throw HqError(QStringLiteral("commit failed: ") + m_db.lastError().text());
    } catch (const HqError &e) {
        m_db.rollback();
        if (batch.size() > 1) {
            for (qsizetype i = 0; i < batch.size(); ++i)
                out[i] = ingest(batch[i]);
            return out;
        }
        qWarning("plume-hq: %s", qPrintable(e.message()));
        out[0] = {503, errorBody(QStringLiteral("storage failure, retry later"))};
    }
    return out;
}

std::optional<QByteArray> HqDatabase::receipt(const QString &uuid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT receipt FROM receipts WHERE uuid = ?"));
    q.addBindValue(uuid);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toString().toUtf8();
}

qint64 HqDatabase::receiptCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM receipts")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

bool HqDatabase::ping() const
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

QJsonObject HqDatabase::results() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT p.station, p.version, p.signed, r.received_at FROM "
                               "pv_submissions p JOIN receipts r ON r.uuid = p.uuid ORDER BY "
                               "p.station, p.version")))
        throw HqError(QStringLiteral("cannot read results: ") + q.lastError().text());
    struct Latest
    {
        qint64 version = 0;
        QJsonObject payload;
        QString receivedAt;
    };
    QMap<QString, Latest> latest;
    QJsonArray corrections;
    while (q.next()) {
        const QString station = q.value(0).toString();
        const qint64 version = q.value(1).toLongLong();
        const QJsonObject signedObj =
            QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        const QJsonObject payload = signedObj.value(QStringLiteral("payload")).toObject();
        Latest &l = latest[station];
        if (version >= l.version)
            l = {version, payload, q.value(3).toString()};
        if (version > 1)
            corrections.append(QJsonObject{
                {QStringLiteral("station"), station},
                {QStringLiteral("version"), version},
                {QStringLiteral("reason"), payload.value(QStringLiteral("correction_reason"))},
                {QStringLiteral("received_at"), q.value(3).toString()}});
    }
    static const QStringList countNames = {QStringLiteral("inscrits"),   QStringLiteral("votants"),
                                           QStringLiteral("enveloppes"), QStringLiteral("exprimes"),
                                           QStringLiteral("blancs"),     QStringLiteral("nuls")};
    QHash<QString, qint64> totals;
    struct Cand
    {
        QString name;
        int order = 0;
        qint64 voix = 0;
    };
    QMap<QString, Cand> cands;
    QJsonArray flagged;
    for (auto it = latest.cbegin(); it != latest.cend(); ++it) {
        const QJsonObject &p = it.value().payload;
        const QJsonObject counts = p.value(QStringLiteral("counts")).toObject();
        QHash<QString, QString> values;
        store::ElectionConfig election;
        for (const QString &c : countNames) {
            const QJsonValue v = counts.value(c);
            if (v.isDouble()) {
                totals[c] += qint64(v.toDouble());
                values.insert(c, QString::number(qint64(v.toDouble())));
            }
        }
        for (const QJsonValue &cv : p.value(QStringLiteral("candidates")).toArray()) {
            const QJsonObject c = cv.toObject();
            const QString id = c.value(QStringLiteral("id")).toString();
            Cand &agg = cands[id];
            agg.name = c.value(QStringLiteral("name")).toString();
            agg.order = c.value(QStringLiteral("order")).toInt();
            store::Candidate ec;
            ec.id = id;
            ec.name = agg.name;
            ec.order = agg.order;
            election.candidates.append(ec);
            if (c.value(QStringLiteral("voix")).isDouble()) {
                const qint64 v = qint64(c.value(QStringLiteral("voix")).toDouble());
                agg.voix += v;
                values.insert(QStringLiteral("voix.") + id, QString::number(v));
            }
        }
        // HQ checks the arithmetic itself rather than trusting the station's report.
        const auto failures = forms::checkPv(values, election);
        if (!failures.isEmpty()) {
            QJsonArray rules;
            for (const auto &f : failures)
                rules.append(QJsonObject{{QStringLiteral("rule"), forms::ruleId(f.rule)},
                                         {QStringLiteral("kind"), forms::kindId(f.kind())},
                                         {QStringLiteral("explanation"), f.explanation},
                                         {QStringLiteral("blocking"), f.isImpossible()}});
            flagged.append(
                QJsonObject{{QStringLiteral("station"), it.key()},
                            {QStringLiteral("version"), it.value().version},
                            {QStringLiteral("remarques"), p.value(QStringLiteral("remarques"))},
                            {QStringLiteral("rules"), rules}});
        }
    }
    QVector<std::pair<QString, Cand>> sorted;
    for (auto it = cands.cbegin(); it != cands.cend(); ++it)
        sorted.append({it.key(), it.value()});
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.second.order < b.second.order; });
    QJsonArray candidates;
    for (const auto &[id, c] : sorted)
        candidates.append(QJsonObject{{QStringLiteral("id"), id},
                                      {QStringLiteral("name"), c.name},
                                      {QStringLiteral("voix"), c.voix}});
    QJsonObject out{{QStringLiteral("stations_enrolled"), stationCount()},
                    {QStringLiteral("stations_reporting"), int(latest.size())},
                    {QStringLiteral("candidates"), candidates},
                    {QStringLiteral("flagged"), flagged},
                    {QStringLiteral("corrections"), corrections},
                    {QStringLiteral("generated_at"), nowIso()}};
    for (const QString &c : countNames)
        out.insert(c, totals.value(c));
    return out;
}

int HqDatabase::exportContacts(const QString &path) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT station, batch, signed FROM contact_batches ORDER BY "
                               "station, batch")))
        throw HqError(QStringLiteral("cannot read contacts: ") + q.lastError().text());
    QJsonArray all;
    while (q.next()) {
        const QJsonObject payload = QJsonDocument::fromJson(q.value(2).toString().toUtf8())
                                        .object()
                                        .value(QStringLiteral("payload"))
                                        .toObject();
        for (const QJsonValue &c : payload.value(QStringLiteral("contacts")).toArray())
            all.append(QJsonObject{
                {QStringLiteral("station"), q.value(0).toString()},
                {QStringLiteral("batch"), q.value(1).toLongLong()},
                {QStringLiteral("sheet"), c.toObject().value(QStringLiteral("sheet"))},
                {QStringLiteral("fields"), c.toObject().value(QStringLiteral("fields"))}});
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw HqError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
    if (!f.commit())
        throw HqError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return int(all.size());
}

} // namespace plume::hq
