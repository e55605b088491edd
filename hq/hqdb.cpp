// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/hqdb.h"

#include "hq/text.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <fcntl.h>
#include <unistd.h>

namespace plume::hq {
namespace {

void execSql(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        throw HqError(
            QStringLiteral("SQL failed (%1): %2").arg(sql.left(60), q.lastError().text()));
}

// Portable SQL: TEXT, BIGINT, PRIMARY KEY, UNIQUE, REFERENCES, ALTER TABLE ADD COLUMN.
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
             QStringLiteral("CREATE TABLE contact_batches (uuid TEXT PRIMARY KEY REFERENCES "
                            "receipts(uuid), station TEXT NOT NULL, batch BIGINT NOT NULL, "
                            "signed TEXT NOT NULL, signature TEXT NOT NULL)"),
         }},
        // Issue 14: elections, key events, results maintained with each PV, contacts sealed
        // to HQ's key (the clear contact_batches of migration 1 goes, see migrate()).
        {2,
         {
             QStringLiteral("CREATE TABLE hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE elections (id TEXT PRIMARY KEY, document TEXT NOT "
                            "NULL, added_at TEXT NOT NULL)"),
             QStringLiteral("ALTER TABLE stations ADD COLUMN revoked_at TEXT"),
             QStringLiteral("CREATE TABLE station_events (code TEXT NOT NULL, action TEXT NOT "
                            "NULL, public_key TEXT, at TEXT NOT NULL)"),
             QStringLiteral("ALTER TABLE pv_submissions ADD COLUMN election_id TEXT"),
             QStringLiteral("ALTER TABLE pv_submissions ADD COLUMN correction_reason TEXT"),
             QStringLiteral("CREATE TABLE pv_latest (station TEXT PRIMARY KEY REFERENCES "
                            "stations(code), election_id TEXT NOT NULL, version BIGINT NOT NULL, "
                            "received_at TEXT NOT NULL, inscrits BIGINT NOT NULL, votants BIGINT "
                            "NOT NULL, enveloppes BIGINT NOT NULL, blancs BIGINT NOT NULL, nuls "
                            "BIGINT NOT NULL, exprimes BIGINT NOT NULL, rules TEXT NOT NULL, "
                            "late_ink BIGINT NOT NULL, remarques TEXT NOT NULL, correction_reason "
                            "TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX pv_latest_election ON pv_latest(election_id)"),
             QStringLiteral("CREATE TABLE pv_votes (station TEXT NOT NULL, candidate TEXT NOT "
                            "NULL, voix BIGINT NOT NULL, PRIMARY KEY (station, candidate))"),
             QStringLiteral("CREATE TABLE contact_boxes (uuid TEXT PRIMARY KEY REFERENCES "
                            "receipts(uuid), station TEXT NOT NULL, batch BIGINT NOT NULL, sealed "
                            "TEXT, signature TEXT NOT NULL, received_at TEXT NOT NULL, "
                            "exported_at TEXT, purged_at TEXT)"),
             QStringLiteral("DROP TABLE contact_batches"),
         }},
        // Issue 14, second pass: results maintained in the transaction that stores each PV
        // (ingest.cpp), read from small tables (results.cpp); the existing rows filled in.
        {3,
         {
             QStringLiteral("CREATE TABLE results_totals (election_id TEXT PRIMARY KEY, "
                            "stations_reporting BIGINT NOT NULL, inscrits BIGINT NOT NULL, "
                            "votants BIGINT NOT NULL, enveloppes BIGINT NOT NULL, blancs BIGINT "
                            "NOT NULL, nuls BIGINT NOT NULL, exprimes BIGINT NOT NULL, last_seq "
                            "BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE results_voix (election_id TEXT NOT NULL, candidate TEXT "
                            "NOT NULL, voix BIGINT NOT NULL, PRIMARY KEY (election_id, "
                            "candidate))"),
             QStringLiteral("CREATE TABLE pv_corrections (station TEXT NOT NULL, version BIGINT "
                            "NOT NULL, election_id TEXT NOT NULL, received_at TEXT NOT NULL, "
                            "reason TEXT NOT NULL, PRIMARY KEY (station, version))"),
             QStringLiteral("CREATE INDEX pv_corrections_election ON pv_corrections(election_id)"),
             QStringLiteral("CREATE TABLE hq_counters (name TEXT PRIMARY KEY, value BIGINT NOT "
                            "NULL)"),
             QStringLiteral("ALTER TABLE pv_latest ADD COLUMN flagged BIGINT NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE pv_latest ADD COLUMN seq BIGINT NOT NULL DEFAULT 0"),
             QStringLiteral("DROP INDEX pv_latest_election"),
             QStringLiteral("CREATE INDEX pv_latest_flagged ON pv_latest(election_id, flagged)"),
             QStringLiteral("CREATE INDEX pv_latest_seq ON pv_latest(election_id, seq)"),
             QStringLiteral("CREATE INDEX station_events_action ON station_events(action)"),
             QStringLiteral("UPDATE pv_latest SET flagged = 1 WHERE rules <> '' OR late_ink <> 0"),
             QStringLiteral("INSERT INTO pv_corrections (station, version, election_id, "
                            "received_at, reason) SELECT p.station, p.version, p.election_id, "
                            "r.received_at, COALESCE(p.correction_reason, '') FROM "
                            "pv_submissions p JOIN receipts r ON r.uuid = p.uuid WHERE "
                            "p.version > 1 AND p.election_id IS NOT NULL"),
             QStringLiteral("INSERT INTO results_totals (election_id, stations_reporting, "
                            "inscrits, votants, enveloppes, blancs, nuls, exprimes, last_seq) "
                            "SELECT election_id, count(*), CAST(sum(inscrits) AS BIGINT), "
                            "CAST(sum(votants) AS BIGINT), CAST(sum(enveloppes) AS BIGINT), "
                            "CAST(sum(blancs) AS BIGINT), CAST(sum(nuls) AS BIGINT), "
                            "CAST(sum(exprimes) AS BIGINT), 0 FROM pv_latest GROUP BY "
                            "election_id"),
             QStringLiteral("INSERT INTO results_voix (election_id, candidate, voix) SELECT "
                            "l.election_id, v.candidate, CAST(sum(v.voix) AS BIGINT) FROM "
                            "pv_votes v JOIN pv_latest l ON l.station = v.station GROUP BY "
                            "l.election_id, v.candidate"),
             QStringLiteral("INSERT INTO hq_counters (name, value) SELECT 'stations_enrolled', "
                            "count(*) FROM stations WHERE revoked_at IS NULL"),
         }},
        // A PV chain delivered with a stolen key, taken out of the totals by the operator
        // (`plume-hq pv withdraw`, withdraw.cpp): kept here whole, never counted again.
        {4,
         {
             QStringLiteral("CREATE TABLE pv_withdrawals (uuid TEXT PRIMARY KEY, station TEXT NOT "
                            "NULL, election_id TEXT NOT NULL, version BIGINT NOT NULL, sha256 "
                            "TEXT NOT NULL, received_at TEXT NOT NULL, receipt TEXT NOT NULL, "
                            "signed TEXT NOT NULL, signature TEXT NOT NULL, correction_reason "
                            "TEXT NOT NULL, reason TEXT NOT NULL, withdrawn_at TEXT NOT NULL, "
                            "seq BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX pv_withdrawals_election ON pv_withdrawals(election_id, "
                            "seq)"),
         }},
        // A contact erased at HQ when its voter withdrew consent after the delivery (`plume-hq
        // contacts erase`, erase.cpp): the audit row, never a name or an e-mail. A box with a
        // row here is no longer the batch its station signed.
        {5,
         {
             QStringLiteral("CREATE TABLE contact_erasures (uuid TEXT NOT NULL, station TEXT NOT "
                            "NULL, sheet TEXT NOT NULL, batch BIGINT NOT NULL, erased_at TEXT NOT "
                            "NULL, reason TEXT NOT NULL, exported_at TEXT)"),
             QStringLiteral("CREATE INDEX contact_erasures_uuid ON contact_erasures(uuid)"),
         }},
        // An erasure asked for a batch the station offered but HQ has not received yet
        // (`contacts erase --batch N`): applied when that batch arrives, before it is sealed
        // here (ingest.cpp); applied_at and uuid say when and into which box.
        {6,
         {
             QStringLiteral("CREATE TABLE contact_erasures_pending (station TEXT NOT NULL, batch "
                            "BIGINT NOT NULL, sheet BIGINT NOT NULL, reason TEXT NOT NULL, "
                            "requested_at TEXT NOT NULL, applied_at TEXT, uuid TEXT, PRIMARY KEY "
                            "(station, batch, sheet))"),
         }},
    };
    return list;
}

// A new SQLite file, readable by its owner only (its -wal and -shm take the same mode).
void createPrivateFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        throw HqError(HqText::tr("impossible de créer %1 : %2")
                          .arg(path, QString::fromLocal8Bit(strerror(errno))));
    ::close(fd);
}

// Existing SQLite files are brought back to 0600 (contacts are sealed, but PVs carry names).
void tightenPermissions(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile f(path + suffix);
        const auto loose = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                           QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (f.exists() && (f.permissions() & loose))
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
}

QSqlDatabase postgresConnection(const QString &url, const QString &name)
{
    const QUrl u(url);
    if (!u.isValid())
        throw HqError(HqText::tr("adresse PostgreSQL invalide"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
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
    db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    return db;
}

} // namespace

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QSqlQuery runSql(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
                 const QString &what)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        throw HqError(what + QStringLiteral(": ") + q.lastError().text());
    return q;
}

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

std::optional<QString> HqDatabase::sqlitePath(const QString &url)
{
    if (url.startsWith(QLatin1String("postgresql://")) ||
        url.startsWith(QLatin1String("postgres://")))
        return std::nullopt;
    return url.startsWith(QLatin1String("sqlite:")) ? url.mid(7) : url;
}

std::unique_ptr<HqDatabase> HqDatabase::connect(const QString &url, bool fullSync)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("plume-hq-%1").arg(counter.fetchAndAddRelaxed(1));
    const auto path = sqlitePath(url);
    if (path && path->isEmpty())
        throw HqError(HqText::tr("--db attend sqlite:CHEMIN ou postgresql://…"));
    QSqlDatabase db;
    if (path) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(*path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db = postgresConnection(url, name);
    }
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw HqError(HqText::tr("impossible d'ouvrir la base du siège : %1").arg(error));
    }
    std::unique_ptr<HqDatabase> h(new HqDatabase(db, !path));
    h->m_fullSync = fullSync;
    if (path)
        h->checkIsSqlite();
    return h;
}

// Connected, read only: a database refused here is left exactly as it was (no WAL switch,
// no table, no permission change). Then the settings and the schema.
std::unique_ptr<HqDatabase> HqDatabase::create(const QString &url, bool fullSync)
{
    const auto path = sqlitePath(url);
    if (path && !path->isEmpty() && !QFileInfo::exists(*path))
        createPrivateFile(*path);
    auto h = connect(url, fullSync);
    if (!h->isPlumeHq() && !h->m_db.tables().isEmpty())
        throw HqError(HqText::tr("cette base contient déjà d'autres tables : ce n'est pas une "
                                 "base plume-hq"));
    h->prepare(path);
    return h;
}

std::unique_ptr<HqDatabase> HqDatabase::open(const QString &url, bool fullSync)
{
    const auto path = sqlitePath(url);
    if (path && !path->isEmpty() && !QFileInfo(*path).isFile())
        throw HqError(HqText::tr("la base %1 n'existe pas (créez-la avec plume-hq init --db "
                                 "URL)")
                          .arg(*path));
    auto h = connect(url, fullSync);
    if (!h->isPlumeHq())
        throw HqError(HqText::tr("ce n'est pas une base plume-hq (créez-en une avec plume-hq "
                                 "init --db URL)"));
    h->prepare(path);
    return h;
}

// A database accepted: its files 0600 before SQLite makes its -wal and -shm (they take the
// main file's mode), the connection's settings, the migrations.
void HqDatabase::prepare(const std::optional<QString> &sqlitePath)
{
    if (sqlitePath)
        tightenPermissions(*sqlitePath);
    configure();
    migrate();
}

// Reads the header (changes nothing): garbage is told apart from a database of another kind.
void HqDatabase::checkIsSqlite()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")))
        throw HqError(HqText::tr("ce fichier n'est pas une base SQLite"));
}

// PostgreSQL writes a failed statement to its server log with its values
// (log_min_error_statement, by default "error"), every INSERT when log_statement is "mod" or
// "all", and slow ones under log_min_duration_statement: two plume-hq racing on one database
// left a group commit's sealed contact boxes there, which outlived their purge (a review,
// 2026-12-01). Each setting is superuser-only: refused for other roles, and said at start.
namespace {

struct LogSetting
{
    const char *name;
    const char *safe; // the value that logs no statement
};

constexpr LogSetting kLogSettings[] = {{"log_min_error_statement", "panic"},
                                       {"log_statement", "none"},
                                       {"log_min_duration_statement", "-1"}};

bool logsStatements(const QSqlDatabase &db, const LogSetting &setting)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SHOW ") + QLatin1String(setting.name)) || !q.next())
        return true;
    const QString value = q.value(0).toString();
    return value != QLatin1String(setting.safe) &&
           !(value == QLatin1String("ddl") && qstrcmp(setting.name, "log_statement") == 0);
}

} // namespace

// Only what logs statements is set: a refused SET is itself an error line in the log.
void HqDatabase::quietServerLog()
{
    for (const LogSetting &setting : kLogSettings) {
        if (!logsStatements(m_db, setting))
            continue;
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("SET %1 TO '%2'")
                   .arg(QLatin1String(setting.name), QLatin1String(setting.safe)));
    }
}

QString HqDatabase::quietLogValue(const QString &setting)
{
    for (const LogSetting &s : kLogSettings)
        if (setting == QLatin1String(s.name))
            return QLatin1String(s.safe);
    return {};
}

QStringList HqDatabase::serverLogHazards() const
{
    QStringList on;
    for (const LogSetting &setting : kLogSettings)
        if (m_postgres && logsStatements(m_db, setting))
            on << QLatin1String(setting.name);
    return on;
}

bool HqDatabase::isPlumeHq() const
{
    return m_db.tables().contains(QStringLiteral("hq_schema"));
}

void HqDatabase::configure()
{
    if (m_postgres) {
        execSql(m_db, QStringLiteral("SET client_min_messages TO WARNING"));
        execSql(m_db, m_fullSync ? QStringLiteral("SET synchronous_commit TO on")
                                 : QStringLiteral("SET synchronous_commit TO off"));
        quietServerLog();
        return;
    }
    try {
        execSql(m_db, QStringLiteral("PRAGMA journal_mode = WAL"));
    } catch (const HqError &) {
        throw HqError(HqText::tr("ce fichier n'est pas une base SQLite"));
    }
    execSql(m_db, m_fullSync ? QStringLiteral("PRAGMA synchronous = FULL")
                             : QStringLiteral("PRAGMA synchronous = NORMAL"));
    execSql(m_db, QStringLiteral("PRAGMA foreign_keys = ON"));
    execSql(m_db, QStringLiteral("PRAGMA secure_delete = ON"));
}

int HqDatabase::schemaVersion() const
{
    if (!isPlumeHq())
        return 0;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT max(version) FROM hq_schema")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

void HqDatabase::migrate()
{
    if (!isPlumeHq())
        execSql(m_db, QStringLiteral("CREATE TABLE IF NOT EXISTS hq_schema (version INTEGER "
                                     "PRIMARY KEY, applied_at TEXT NOT NULL)"));
    const int current = schemaVersion();
    const int latest = migrations().constLast().version;
    if (current > latest)
        throw HqError(HqText::tr("la base du siège a le schéma %1, plus récent que ce plume-hq "
                                 "(%2)")
                          .arg(current)
                          .arg(latest));
    for (const Migration &m : migrations())
        if (m.version > current)
            apply(m);
}

// One migration in its transaction.
void HqDatabase::apply(const Migration &m)
{
    if (m.version == 2) {
        // Migration 1 kept contacts in clear; they cannot be sealed without the key file.
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("SELECT count(*) FROM contact_batches")) && q.next() &&
            q.value(0).toLongLong() > 0)
            throw HqError(HqText::tr("cette base garde des contacts en clair d'une version "
                                     "antérieure : exportez-les avec elle, videz la table "
                                     "contact_batches, puis relancez"));
    }
    beginWrite();
    try {
        for (const QString &sql : m.statements)
            execSql(m_db, sql);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO hq_schema (version, applied_at) VALUES (?, ?)"));
        q.addBindValue(m.version);
        q.addBindValue(nowIso());
        if (!q.exec() || !m_db.commit())
            throw HqError(QStringLiteral("cannot record migration %1: %2")
                              .arg(m.version)
                              .arg(m_db.lastError().text()));
    } catch (...) {
        m_db.rollback();
        throw;
    }
}

QSqlQuery &HqDatabase::prepared(const QString &sql)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        auto q = std::make_shared<QSqlQuery>(m_db);
        if (!q->prepare(sql)) {
            noteFailure();
            throw HqError(QStringLiteral("cannot prepare: ") + q->lastError().text());
        }
        it = m_queries.insert(sql, q);
    }
    return *it.value();
}

// A write transaction. On SQLite, BEGIN IMMEDIATE takes the write lock at once and waits
// for it (busy timeout): a deferred BEGIN that read first could not take it after another
// connection wrote, and failed at once with "database is locked" (a review had key changes
// and withdrawals fail so while stations were sending, and stations answered 503).
// SQLite's error is the BEGIN query's: m_db.lastError() was empty, and a lock held past the
// busy timeout printed "cannot begin: " and nothing more (a review).
void HqDatabase::beginWrite()
{
    QSqlQuery begin(m_db);
    if (m_postgres ? m_db.transaction() : begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return;
    const QString why = (m_postgres ? m_db.lastError() : begin.lastError()).text();
    throw HqError(HqText::tr("la base du siège ne prend pas d'écriture : %1 (une autre commande "
                             "ou un autre programme la tient peut-être ; réessayez)")
                      .arg(why.isEmpty() ? HqText::tr("raison inconnue") : why));
}

void HqDatabase::commitWrite()
{
    if (!m_db.commit())
        throw HqError(QStringLiteral("cannot commit: ") + m_db.lastError().text());
}

void HqDatabase::beginRead()
{
    // A connection PostgreSQL dropped (a restart) is opened again at once: the results stayed
    // as they were until plume-hq was restarted.
    for (int attempt = 0;; ++attempt) {
        const bool wasConnected = !m_lost;
        ensureConnected();
        if (m_db.transaction())
            break;
        const QString why = m_db.lastError().text();
        noteFailure();
        if (attempt > 0 || !wasConnected || !m_lost)
            throw HqError(QStringLiteral("cannot begin: ") + why);
    }
    if (m_postgres)
        execSql(m_db, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
}

void HqDatabase::endRead()
{
    if (!m_db.commit())
        m_db.rollback();
}

// A connection found dropped is opened again at once: the first /healthz after PostgreSQL
// came back said "db down".
bool HqDatabase::ping()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool wasConnected = !m_lost;
        try {
            ensureConnected();
        } catch (const HqError &) {
            return false;
        }
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("SELECT 1")) && q.next())
            return true;
        m_lost = true;
        if (!wasConnected)
            return false;
    }
    return false;
}

void HqDatabase::noteFailure()
{
    if (!m_postgres)
        return;
    if (!m_db.isOpen()) { // a failed reconnection: no statement to try (and no warning)
        m_lost = true;
        return;
    }
    QSqlQuery q(m_db);
    if (!(q.exec(QStringLiteral("SELECT 1")) && q.next()))
        m_lost = true;
}

void HqDatabase::ensureConnected()
{
    if (!m_lost)
        return;
    // At most a few attempts a second: each failed attempt costs a connect timeout.
    if (m_lastReconnect.isValid() && m_lastReconnect.elapsed() < 250)
        throw HqError(HqText::tr("base de données indisponible, réessayez plus tard"));
    m_lastReconnect.start();
    m_queries.clear();
    m_db.close();
    if (!m_db.open())
        throw HqError(HqText::tr("base de données indisponible, réessayez plus tard"));
    configure();
    m_lost = false;
}

QString HqDatabase::meta(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM hq_meta WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        throw HqError(QStringLiteral("cannot read hq_meta: ") + q.lastError().text());
    return q.next() ? q.value(0).toString() : QString();
}

void HqDatabase::setMeta(const QString &key, const QString &value)
{
    QSqlQuery d(m_db);
    d.prepare(QStringLiteral("DELETE FROM hq_meta WHERE key = ?"));
    d.addBindValue(key);
    QSqlQuery i(m_db);
    i.prepare(QStringLiteral("INSERT INTO hq_meta (key, value) VALUES (?, ?)"));
    i.addBindValue(key);
    i.addBindValue(value);
    beginWrite();
    if (!d.exec() || (!value.isNull() && !i.exec()) || !m_db.commit()) {
        m_db.rollback();
        throw HqError(QStringLiteral("cannot write hq_meta: ") + m_db.lastError().text());
    }
}

QByteArray HqDatabase::publicKey() const
{
    return QByteArray::fromBase64(meta(QStringLiteral("ed25519.public")).toLatin1());
}

void HqDatabase::setPublicKey(const QByteArray &ed25519PublicKey)
{
    const QByteArray current = publicKey();
    if (current == ed25519PublicKey)
        return;
    if (!current.isEmpty())
        throw HqError(HqText::tr("ce siège a déjà sa clé (plume-hq keys show) : les bureaux la "
                                 "connaissent, elle ne se remplace pas"));
    setMeta(QStringLiteral("ed25519.public"), QString::fromLatin1(ed25519PublicKey.toBase64()));
}

std::optional<int> HqDatabase::retentionDays() const
{
    bool ok = false;
    const int days = meta(QStringLiteral("contacts.retention_days")).toInt(&ok);
    return ok ? std::optional<int>(days) : std::nullopt;
}

void HqDatabase::setRetentionDays(std::optional<int> days)
{
    setMeta(QStringLiteral("contacts.retention_days"), days ? QString::number(*days) : QString());
}

qint64 HqDatabase::receiptCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM receipts")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
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

} // namespace plume::hq
