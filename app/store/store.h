// The station store: one SQLite file per polling station (docs/store.md).
//
// WAL journal, synchronous=FULL, foreign keys, numbered migrations each in one
// transaction, an append-only stroke table and a hash-chained audit log.
// One Store object = one connection; use it from one thread only (see StrokeWriter for
// the background writer that keeps ink writes off the GUI thread).
#pragma once

#include "ink/stroke.h"
#include "store/election.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace plume::store {

class StoreError : public std::runtime_error
{
public:
    explicit StoreError(const QString &message)
        : std::runtime_error(message.toStdString()), m_message(message)
    {}
    QString message() const { return m_message; }

private:
    QString m_message;
};

inline const QString kPvSheetId = QStringLiteral("pv");

struct Sheet
{
    QString id;            // "pv" or "contact-N"
    QString form;          // "pv" or "contact"
    ink::PageAddress page; // invalid when not yet written with a pen
    QString state;         // open | review | confirmed | sealed | purged
    QDateTime createdAt;
};

struct StoredStroke
{
    qint64 id = 0;
    QString sheetId; // may be empty when the page is not (yet) a known sheet
    ink::Stroke stroke;
};

struct Reading
{
    qint64 id = 0;
    QString sheetId;
    QString field;
    QString value;
    double confidence = 0;
    bool flagged = false;
    QString reason;
    QJsonObject nbest; // recogniser detail: per-box alternatives with probabilities
    QString modelVersion;
    QDateTime createdAt;
};

enum class DecisionSource { Confirmed, Corrected, Typed };
QString toString(DecisionSource s);
std::optional<DecisionSource> decisionSourceFromString(const QString &s);

struct Decision
{
    qint64 id = 0;
    QString sheetId;
    QString field;
    QString value;
    QString previousValue; // the value shown before (reading or earlier decision)
    QString official;
    DecisionSource source = DecisionSource::Typed;
    qint64 readingId = 0; // 0 = none
    QDateTime decidedAt;
};

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString action;
    QString subject;
    QJsonObject detail;
    QString prevHash;
    QString hash;
};

struct CheckResult
{
    bool ok = false;
    QString message; // "ok" or the first problem found
};

class Store
{
public:
    static int latestSchemaVersion();

    // Creates a new station file. Refuses to overwrite an existing file.
    static std::unique_ptr<Store> create(const QString &path, const ElectionConfig &election);
    // Opens an existing station file; refuses a newer schema (file untouched), migrates an
    // older one in transactions. Throws StoreError.
    static std::unique_ptr<Store> open(const QString &path);

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    QString path() const { return m_path; }
    int schemaVersion() const;
    QSqlDatabase database() const { return m_db; }

    // Runs fn in one transaction (commit if it returns normally, rollback on exception).
    void transaction(const std::function<void()> &fn);

    ElectionConfig election() const;

    // Sheets
    QString newSheet(const QString &form, const ink::PageAddress &page = {});
    QVector<Sheet> sheets() const;
    std::optional<Sheet> sheet(const QString &id) const;
    std::optional<Sheet> sheetForPage(const ink::PageAddress &page) const;
    void setSheetPage(const QString &sheetId, const ink::PageAddress &page);
    void setSheetState(const QString &sheetId, const QString &state, const QString &actor);

    // Strokes (append-only)
    qint64 appendStroke(const ink::Stroke &stroke, const QString &sheetId = {});
    QVector<StoredStroke> strokes(const QString &sheetId) const;
    QVector<StoredStroke> strokesForPage(const ink::PageAddress &page) const;
    qint64 strokeCount() const;

    // Readings and decisions
    qint64 addReading(const Reading &reading);
    std::optional<Reading> latestReading(const QString &sheetId, const QString &field) const;
    // Records the official's decision and its audit row in one transaction.
    qint64 decide(const Decision &decision);
    QVector<Decision> decisions(const QString &sheetId) const;
    std::optional<Decision> latestDecision(const QString &sheetId, const QString &field) const;

    // Audit log
    qint64 appendAudit(const QString &actor, const QString &action, const QString &subject,
                       const QJsonObject &detail);
    QVector<AuditEntry> auditLog() const;
    CheckResult verifyAuditChain() const;
    // PRAGMA integrity_check + foreign_key_check + audit chain.
    CheckResult check() const;

    // Key/value settings (keys, salts, preferences).
    void setSetting(const QString &key, const QByteArray &value);
    std::optional<QByteArray> setting(const QString &key) const;

    // Counts for `plumectl db info`.
    QJsonObject info() const;

    static QString auditHash(const QString &prevHash, const AuditEntry &row);
    static QByteArray canonicalAuditRow(const AuditEntry &row);

private:
    Store(QString path, QSqlDatabase db);
    static QSqlDatabase openConnection(const QString &path);
    void configure();
    void migrate();
    QString m_path;
    QSqlDatabase m_db;
    int m_txDepth = 0;
};

} // namespace plume::store
