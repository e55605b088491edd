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

    // --- Protection of personal data (docs/privacy.md; implemented in privacy.cpp) -------
    // Personal values (readings/decisions of contact fields, ink of contact sheets, contact
    // submissions in the outbox) are encrypted with the station's data key
    // (XChaCha20-Poly1305). The data key is wrapped with a key derived from the station
    // passphrase (Argon2id). Unprotected: no passphrase set yet (the data key is in the
    // file: set one!). Locked: a passphrase is set and this process has not unlocked the
    // file; reading or writing personal values then throws StoreError. Unlocking is per
    // process and per file: every Store (StrokeWriter's included) on that file shares it.
    enum class Protection { Unprotected, Locked, Unlocked };
    Protection protection() const;
    // Unlocks with the passphrase; throws StoreError("wrong station passphrase") if wrong.
    void unlock(const QString &passphrase);
    void lock(); // forgets the key in this process
    // Sets the passphrase (Unprotected), or changes it (needs `current`, or an unlocked
    // file). At least 8 characters. The clear data key is then erased from the file.
    void setPassphrase(const QString &passphrase, const QString &current = QString());
    // Reads a passphrase file (first line, without the line end). Throws StoreError.
    static QString readPassphraseFile(const QString &path);
    // True for the fields whose values are personal: every field of a contact sheet except
    // the consent box.
    static bool isPersonalField(const QString &sheetId, const QString &field);
    static bool isContactSheet(const QString &sheetId);
    // Encrypts / decrypts a personal value (context: what it is, bound to the ciphertext).
    // openPersonal returns unencrypted input as is. Both throw StoreError when locked.
    QByteArray sealPersonal(const QByteArray &plain, const QByteArray &context) const;
    QByteArray openPersonal(const QByteArray &stored, const QByteArray &context) const;
    static bool isSealedPersonal(const QByteArray &stored);
    // Deletes the personal data of contact sheets (ink, readings and decisions of personal
    // fields; the consent decision stays), optionally marking them `purged`, audited with
    // counts only. Returns the number of rows deleted. secure_delete zeroes the freed space.
    int purgePersonalData(const QStringList &sheetIds, const QString &actor, bool markPurged);
    // Purges the sheets of every contact submission acknowledged by headquarters and
    // empties those outbox payloads, then compacts. Returns the number of sheets purged.
    // Does nothing for batches it cannot read while locked.
    int purgeDeliveredContacts(const QString &actor);
    // WAL checkpoint, VACUUM and truncation of the WAL: no free page or old WAL frame keeps
    // deleted data. Returns false (and *error) if VACUUM could not run (e.g. a transaction
    // open on another connection); the deleted rows are zeroed anyway.
    bool compact(QString *error = nullptr);

    static QString auditHash(const QString &prevHash, const AuditEntry &row);
    static QByteArray canonicalAuditRow(const AuditEntry &row);

private:
    Store(QString path, QSqlDatabase db);
    static QSqlDatabase openConnection(const QString &path);
    void configure();
    void migrate();
    void ensureDataKey();
    void autoUnlockFromEnvironment();
    std::optional<QByteArray> dataKey() const;
    QByteArray requireDataKey() const;
    QString keyRingId() const;
    QString m_path;
    QSqlDatabase m_db;
    int m_txDepth = 0;
};

} // namespace plume::store
