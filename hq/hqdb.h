// Headquarters database: the same schema and migrations on SQLite and PostgreSQL (QtSql
// QSQLITE / QPSQL), portable SQL only (docs/hq.md).
#pragma once

#include "sync/submission.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>
#include <stdexcept>

namespace plume::hq {

class HqError : public std::runtime_error
{
public:
    explicit HqError(const QString &m) : std::runtime_error(m.toStdString()), m_message(m) {}
    QString message() const { return m_message; }

private:
    QString m_message;
};

struct IngestResult
{
    int status = 500; // 201 stored, 200 exact duplicate, 409 conflict, 503 storage failure
    QByteArray body;  // receipt JSON (200/201) or {"error": ...}
};

class HqDatabase
{
public:
    // url: "sqlite:PATH", a plain PATH, or "postgresql://user:pass@host:port/db[?host=/dir]".
    // fullSync (SQLite): synchronous=FULL, every receipt survives power loss (one fsync per
    // submission). false: synchronous=NORMAL in WAL, survives a crash or kill of plume-hq
    // but not a power cut (docs/hq.md). PostgreSQL: synchronous_commit on / off.
    static std::unique_ptr<HqDatabase> open(const QString &url, bool fullSync = true);
    ~HqDatabase();
    HqDatabase(const HqDatabase &) = delete;
    HqDatabase &operator=(const HqDatabase &) = delete;

    bool isPostgres() const { return m_postgres; }
    QSqlDatabase database() const { return m_db; }
    int schemaVersion() const;

    // Enrols a station (32-byte Ed25519 key). Replacing a different key needs replace=true.
    void addStation(const QString &code, const QByteArray &publicKey, bool replace = false);
    std::optional<QByteArray> stationKey(const QString &code); // cached
    int stationCount() const;

    // Stores a verified submission, exactly once, in one transaction; the receipt is
    // returned only after COMMIT succeeded.
    IngestResult ingest(const sync::Submission &s);
    // Group commit: stores several verified submissions in one transaction (one fsync),
    // results in the same order; duplicates inside the batch are handled as across
    // batches. If the transaction fails, falls back to one transaction per submission.
    QVector<IngestResult> ingestBatch(const QVector<sync::Submission> &batch);

    // Totals over the latest PV version of each station, flagged stations, corrections.
    QJsonObject results() const;
    qint64 receiptCount() const;
    // Receipt JSON for a uuid, if stored.
    std::optional<QByteArray> receipt(const QString &uuid) const;

    // Writes every contact (JSON array) to `path` with mode 0600; returns the number.
    int exportContacts(const QString &path) const;

    bool ping() const;

private:
    HqDatabase(QSqlDatabase db, bool postgres);
    void configure(bool fullSync);
    void migrate();
    QSqlQuery &prepared(const QString &sql); // cached prepared statement

    QSqlDatabase m_db;
    bool m_postgres = false;
    QHash<QString, QByteArray> m_keys;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
};

} // namespace plume::hq
