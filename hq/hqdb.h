// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Headquarters database: the same schema and migrations on SQLite and PostgreSQL (QtSql
// QSQLITE / QPSQL), portable SQL only (docs/hq.md). One HqDatabase is one connection, used
// by the thread that opened it; plume-hq serve opens three (requests, storage, results).
#pragma once

#include <type_traits>

#include "hq/election.h"
#include "hq/keys.h"
#include "hq/results.h"
#include "hq/validate.h"
#include "sync/submission.h"

#include <QByteArray>
#include <QElapsedTimer>
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

struct Migration
{
    int version;
    QStringList statements; // portable SQL
};

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
    // 201 stored, 200 exact duplicate, 401 the station's key changed or was revoked since
    // the check, 409 conflict/previous_version, 503
    int status = 500;
    QByteArray body; // the signed receipt (200/201) or {"error","rule"}
};

// A submission that passed every check (signature, election), ready to be stored. Its
// payload may be dropped to save memory: what is stored is submission.signedBytes.
struct Accepted
{
    sync::Submission submission;
    PvSummary pv;         // kind pv only
    QByteArray publicKey; // the station key its signature was verified with
};

struct StationRecord
{
    QByteArray publicKey; // 32 bytes
    bool revoked = false;
};

// 401 station_unknown, station_revoked, or signature when the station's key is not `key`
// (an empty key: any); nullopt when the station may submit.
std::optional<Refusal> keyRefusal(const std::optional<StationRecord> &station,
                                  const QByteArray &key = {});

// A PV's pv_latest values from inscrits to flagged (the six counts, rules, late_ink,
// remarques, correction_reason, flagged; texts never NULL): what storing a PV writes
// (ingest.cpp) and a withdrawal from version N writes back for version N - 1 (withdraw.cpp).
QVariantList latestPvValues(const PvSummary &pv);

// Now, UTC, ISO 8601 with milliseconds: every time plume-hq stores.
QString nowIso();

// A statement prepared on db, its values bound in order and executed (forward only): HqError
// "WHAT: the driver's message" when it fails. The SQL of plume-hq's commands goes through it.
QSqlQuery runSql(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
                 const QString &what);
// Whether one of the rows (signed bytes, signature, sha256: a stored PV) verifies with the
// key. Reads the rows to the end or to the first that does.
bool anyPvSignedBy(QSqlQuery &rows, const QByteArray &key);

// A stored total or count: an exact 64-bit integer, never negative; else HqError (SQLite
// turns an integer sum that overflows into a REAL).
qint64 exactCount(const QVariant &v);

// Who `plume-hq contacts erase` erases: a station's sheet (both exact), or every contact
// whose e-mail is `email` (case-insensitive, spaces around it ignored).
struct ContactSelector
{
    QString station;
    QString sheet; // contact-N
    QString email;
    qint64 batch = 0; // with station and sheet: the batch the station says holds it (0: any)
};

// An erasure waiting for its batch (`contacts erase --batch N` before HQ received it).
struct PendingErasure
{
    QString station;
    qint64 sheet = 0; // N of contact-N
    qint64 batch = 0;
    QString requestedAt; // ISO, UTC
};

// One contact erased from a sealed batch (never its name or e-mail).
struct ErasedContact
{
    QString station;
    QString sheet;
    qint64 batch = 0;
    QString exportedAt;        // the batch's earlier export, which still holds it; empty if none
    bool batchEmptied = false; // no contact left: emptied as a purge empties one
};

struct ContactErasure
{
    QVector<ErasedContact> erased;
    QString erasedAt;
    // Batches already purged (of the station; all of them for an e-mail): not searched, their
    // contacts are only in the exports made from their first export (the earliest of those
    // times) until their purge.
    qint64 purgedBatches = 0;
    QString firstPurgedExport;
};

class HqDatabase
{
public:
    // url: "sqlite:PATH", a plain PATH, or "postgresql://user:pass@host:port/db[?host=/dir]".
    // fullSync: SQLite synchronous=FULL / PostgreSQL synchronous_commit=on (docs/hq.md).
    //
    // create(): `plume-hq init`. A new SQLite file is created with mode 0600 (an existing
    // one is brought to 0600); a PostgreSQL database must exist (createdb) and gets the
    // tables. Refuses a database that holds other tables. open(): every other command;
    // refuses a database that does not exist or is not a plume-hq database (HqError with a
    // sentence saying what to do), and applies pending migrations. A refused database is
    // left as it was, byte for byte: it is only read before the checks.
    static std::unique_ptr<HqDatabase> create(const QString &url, bool fullSync = true);
    static std::unique_ptr<HqDatabase> open(const QString &url, bool fullSync = true);
    // The SQLite file of url, or nullopt for PostgreSQL.
    static std::optional<QString> sqlitePath(const QString &url);
    ~HqDatabase();
    HqDatabase(const HqDatabase &) = delete;
    HqDatabase &operator=(const HqDatabase &) = delete;

    bool isPostgres() const { return m_postgres; }
    QSqlDatabase database() const { return m_db; }
    int schemaVersion() const;

    // HQ's Ed25519 public key (empty before `keys init`); set once: refuses another key.
    QByteArray publicKey() const;
    void setPublicKey(const QByteArray &ed25519PublicKey);

    // Elections: added once (the same file again is a no-op, another one with the same id
    // is refused). election() caches: an election never changes once added.
    void addElection(const Election &election);
    const Election *election(const QString &id);
    QStringList electionIds() const; // oldest first

    // Stations: enrol (another key needs replace=true, and lifts a revocation), revoke.
    // Every change is logged in station_events. station() reads the database every time
    // (and refreshes the cache); cachedStation() answers from this connection's cache when it
    // can: ingestBatch reads every key again in its transaction, so a change made by another
    // process still counts at the next request (docs/hq.md#api).
    void addStation(const QString &code, const QByteArray &publicKey, bool replace = false);
    void revokeStation(const QString &code);
    std::optional<StationRecord> station(const QString &code);
    std::optional<StationRecord> cachedStation(const QString &code);
    void forgetStation(const QString &code);
    qint64 stationCount() const;             // enrolled, not revoked (a counter, not a scan)
    QVector<StationEvent> keyEvents() const; // replacements and revocations, oldest first

    // Stores verified submissions in one transaction (group commit), results in the same
    // order; the receipts are signed with keys.secretKey, contacts sealed to
    // keys.boxPublicKey. In the same transaction: each station's key is read again (401 when
    // it is no longer the one the signature was checked with, or revoked), and each PV
    // replaces its previous version in the election's totals (results_totals, results_voix:
    // exact, 64-bit, overflow-checked). Duplicates and chains inside the batch are handled
    // as across batches. If the transaction fails, falls back to one transaction per
    // submission.
    QVector<IngestResult> ingestBatch(const QVector<Accepted> &batch, const HqKeys &keys);
    qint64 receiptCount() const;

    // Takes a station's PV chain out of the results (`plume-hq pv withdraw`, withdraw.cpp):
    // refused (HqError) unless the station's key was revoked or replaced after the chain's
    // last version came, and without a reason of kMinWithdrawalReason to
    // kMaxWithdrawalReason characters. The versions are kept in pv_withdrawals, their uuids
    // refused for ever (409 withdrawn); the station may start again at version 1.
    // fromVersion > 1: only the versions from it on (a thief's correction on top of the
    // station's own versions); the version before counts again.
    Withdrawal withdrawPv(const QString &station, const QString &reason, qint64 fromVersion = 1);
    static constexpr qsizetype kMinWithdrawalReason = 20;
    static constexpr qsizetype kMaxWithdrawalReason = 2000;
    std::optional<QByteArray> receipt(const QString &uuid) const; // receipt JSON, if stored

    // Results of one election (results.cpp), read from small tables only: the totals each
    // stored PV keeps up to date, the flagged stations, corrections, key events. Its cost
    // does not grow with the number of stations reporting (tst_hqresults counts it).
    Results results(const QString &electionId);
    // The stations of an election whose latest PV was stored after `seq` (-1: all of them),
    // and those whose PV was withdrawn after it.
    StationChanges stationChanges(const QString &electionId, qint64 seq);
    // A consistent view for several reads (the results thread): a read transaction,
    // REPEATABLE READ on PostgreSQL. endRead() ends it.
    void beginRead();
    void endRead();
    // A write transaction (BEGIN IMMEDIATE on SQLite: it waits for the write lock).
    void beginWrite();
    // body() in a write transaction, committed after it, rolled back if anything throws;
    // returns what body returns.
    template <typename Body> auto inWriteTransaction(Body body) -> decltype(body())
    {
        beginWrite();
        try {
            if constexpr (std::is_void_v<decltype(body())>) {
                body();
                commitWrite();
            } else {
                auto result = body();
                commitWrite();
                return result;
            }
        } catch (...) {
            m_db.rollback();
            throw;
        }
    }
    void commitWrite(); // throws HqError with the database's words
    // The stored PV versions of a station for one election (every election's when empty),
    // oldest first (payload objects), for the operator's station page.
    QVector<QJsonObject> pvVersions(const QString &station, const QString &electionId = {});

    // Contacts (contacts.cpp): decrypted with the key file, written to `path` (mode 0600),
    // marked exported. Returns the number of contacts.
    int exportContacts(const QString &path, const HqKeys &keys);
    // Erases the sealed contacts exported more than `days` days ago (the receipts stay, so
    // a resent batch is still a duplicate). Returns the number of batches purged.
    int purgeExportedContacts(int days);
    // Erases the contacts `who` names from their sealed batches (erase.cpp): each batch that
    // holds one is opened with keys, re-sealed without it (a batch left empty is purged), its
    // station signature dropped (the box is no longer what the station signed) and an audit
    // row written to contact_erasures (station, sheet, batch, time, reason; never a name or an
    // e-mail), in one transaction; then the SQLite WAL is truncated. A reason that names the
    // person is refused (HqError, nothing changed), as is a key file that is not this base's.
    ContactErasure eraseContacts(const ContactSelector &who, const QString &reason,
                                 const HqKeys &keys);
    static constexpr qsizetype kMaxErasureReason = 2000;
    // The sheet of `who` (station, sheet and batch) is erased from that batch when it arrives
    // (`contacts erase --batch N` for a batch not received yet; ingest.cpp applies it before
    // sealing the box). False, and nothing recorded, when HQ has received that batch already
    // (then eraseContacts is the answer); serialised with ingest (the station row locked).
    bool recordPendingErasure(const ContactSelector &who, const QString &reason);
    // When the erasure recorded for `who` was applied as its batch arrived; nullopt if not.
    std::optional<QString> erasedOnArrival(const ContactSelector &who);
    // The erasures still waiting for their batch, oldest first (`contacts pending`).
    QVector<PendingErasure> pendingErasures();
    std::optional<int> retentionDays() const;
    void setRetentionDays(std::optional<int> days);

    // True when the connection answers; after a failure the next call reconnects.
    bool ping();

    // PostgreSQL settings under which its server log keeps HQ's statements with their values
    // (sealed contact boxes that a purge cannot erase there): each session turns them off
    // where its role may (a superuser, or GRANT SET ON PARAMETER); the names of those left
    // on. Empty on SQLite.
    QStringList serverLogHazards() const;
    // The value of such a setting that logs no statement ("panic", "none", "-1").
    static QString quietLogValue(const QString &setting);

private:
    HqDatabase(QSqlDatabase db, bool postgres);
    static std::unique_ptr<HqDatabase> connect(const QString &url, bool fullSync);
    void checkIsSqlite();
    void prepare(const std::optional<QString> &sqlitePath);
    void configure();
    void quietServerLog();
    void migrate();
    void apply(const Migration &m);
    bool isPlumeHq() const;
    QSqlQuery &prepared(const QString &sql); // cached prepared statement
    // Reconnects when the last failure lost the connection; throws HqError if it cannot.
    void ensureConnected();
    void noteFailure(); // after a failed statement: was the connection lost?
    QVector<IngestResult> ingestOrRetry(const QVector<Accepted> &batch, const HqKeys &keys,
                                        bool mayReconnect);
    void truncateWal(); // SQLite: no old page of the WAL keeps what was deleted
    void requireOwnKeys(const HqKeys &keys) const; // HqError: not this base's key file
    QStringList erasureCandidates(const ContactSelector &who, const HqKeys &keys);
    void purgedBatchesOf(const ContactSelector &who, ContactErasure &e);
    int exportContactsLocked(const QString &path, const HqKeys &keys); // in beginWrite()
    QByteArray erasePending(const sync::Submission &s, const QString &receivedAt,
                            struct BatchState &state, qsizetype *kept);
    void eraseFromBox(const QString &uuid, const ContactSelector &who, const QString &reason,
                      const class ContactSealer &sealer, const HqKeys &keys, ContactErasure &e);

    QString meta(const QString &key) const;
    void setMeta(const QString &key, const QString &value);
    void logStationEvent(const QString &code, const QString &action, const QString &key);
    // Throws unless the key is this station's alone and never signed its withdrawn PVs.
    void checkKeyIsTheStations(const QString &code, const QByteArray &publicKey);
    void addToCounter(const QString &name, qint64 delta);
    void ingestInTransaction(const QVector<Accepted> &batch, const HqKeys &keys,
                             QVector<IngestResult> &out);
    void prefetch(const QVector<Accepted> &batch, struct BatchState &state);
    void lockStations(const QVector<Accepted> &batch);
    IngestResult ingestOne(const Accepted &a, const HqKeys &keys, BatchState &state);
    void addPvRows(const Accepted &a, const QString &receivedAt, BatchState &state);
    void addContactRow(const Accepted &a, const HqKeys &keys, const QString &receivedAt,
                       BatchState &state);
    void writeRows(BatchState &state);
    void addResults(class SqlScript &w, const BatchState &state);
    Withdrawal withdrawInTransaction(const QString &station, const QString &reason, qint64 from);
    void restoreVersion(const QString &station, const QString &electionId, qint64 version,
                        qint64 seq);

    static constexpr qsizetype kStationCacheSize = 1'000'000;

    QSqlDatabase m_db;
    bool m_postgres = false;
    bool m_fullSync = true;
    bool m_lost = false;
    QElapsedTimer m_lastReconnect;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    QHash<QString, std::shared_ptr<const Election>> m_elections;
    QHash<QString, StationRecord> m_stationCache;
};

// Why an export to path is refused when path exists: plume-hq never replaces an export of
// contacts (contactsExport checks first, exportContacts again when it links the file).
QString existingExportMessage(const QString &path);

// The signed bytes of a contact box (base64 of the sealed box), opened with HQ's key file;
// HqError when it does not open (another key, a damaged base).
QByteArray openSealedContacts(const QString &sealedB64, const HqKeys &keys);

} // namespace plume::hq
