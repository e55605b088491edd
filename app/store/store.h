// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
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
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

class QSqlQuery;
class QTemporaryDir;

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
// The station's Ed25519 public key (settings); its secret key is a secret setting.
inline const QString kStationPublicKeySetting = QStringLiteral("station.ed25519.public");
// Audit actions that record the station's public key (detail "public_key"), at creation and
// at each new key: check() verifies a signed checkpoint with the key they record by then.
inline const QString kStationKeysAction = QStringLiteral("station.keys");
inline const QString kStationRekeyedAction = QStringLiteral("station.rekeyed");

// A sheet is open (being filled), sealed (the PV signed, or a contact sheet queued for
// headquarters: read-only), purged (its personal data erased once delivered) or erased (a
// contact sheet whose consent was decided "non": its personal data deleted at once; it
// takes no more decisions, and ink written on its page later is refused).
enum class SheetState { Open, Sealed, Purged, Erased };
// "open" | "sealed" | "purged" | "erased" (stored, printed by plumectl)
QString toString(SheetState s);
// The first bytes of an SQLite database (a station file, a copy of one): files no export
// or capture may overwrite.
bool isSqliteHeader(const QByteArray &head);
std::optional<SheetState> sheetStateFromString(const QString &s);

struct Sheet
{
    QString id;            // "pv" or "contact-N"
    QString form;          // "pv" or "contact"
    ink::PageAddress page; // invalid when not yet written with a pen
    SheetState state = SheetState::Open;
    QDateTime createdAt;
};

struct StoredStroke
{
    qint64 id = 0;
    QString sheetId; // may be empty when the page is not (yet) a known sheet
    ink::Stroke stroke;
    bool struck = false; // struck out as stray ink (kept, never sealed nor recognised)
};
QVector<ink::Stroke> strokesOf(const QVector<StoredStroke> &stored); // their ink, in order

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

// Withdrawn: the official took the decision back (Ctrl+Z); the field needs a decision again.
enum class DecisionSource { Confirmed, Corrected, Typed, Withdrawn };
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

// A correction typed in the review and not confirmed with Enter (docs/store.md, "Drafts"):
// kept in the file so that a crash does not lose it, and a contact sheet with one is not
// sent. Never a decision, never audited, never sealed nor exported.
struct Draft
{
    QString sheetId;
    QString field;
    QString text;  // as typed (encrypted at rest like a personal value)
    QString basis; // what the field's ink and reading were when the typing began
    QDateTime updatedAt;
    bool readable = true; // false: its text does not decrypt (damaged or altered file)
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
    QByteArray mac; // keyed with the data key (auditMac); empty in entries of older files
};

struct CheckResult
{
    bool ok = false;
    QString message; // "ok" or the first problem found
};

// A signed anchor of the audit chain, written at each seal (docs/store.md).
struct Checkpoint
{
    qint64 length = 0; // number of audit rows covered
    QString head;      // hash of audit row `length`
    QByteArray signature;
    QDateTime createdAt;
};

// The outbox (docs/sync.md): rows are never deleted.
enum class OutboxState { Queued, Sending, Delivered, Rejected };
QString toString(OutboxState s); // queued | sending | delivered | rejected
std::optional<OutboxState> outboxStateFromString(const QString &s);

struct OutboxRow
{
    QString uuid;
    QString kind; // "pv" | "contacts"
    qint64 version = 0;
    QByteArray payload; // canonical signed bytes (empty once purged, or unreadable locked)
    QString sha256;
    QString signature;
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    QDateTime nextAttemptAt; // invalid = now
    QString lastError;
    QString receipt;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// A row withdrawn before HQ was offered it (a voter's consent, Store::withdrawOutbox):
// rejected, never attempted, its payload emptied. It sends nothing and needs no signature.
inline bool isWithdrawn(const OutboxRow &row)
{
    return row.state == OutboxState::Rejected && row.attempts == 0 && row.payload.isEmpty();
}

// A change of an outbox row's delivery state (Store::updateOutbox).
struct OutboxUpdate
{
    OutboxState state = OutboxState::Queued;
    bool countAttempt = false;
    std::optional<QString> lastError;
    std::optional<QDateTime> nextAttemptAt; // set; an invalid QDateTime clears it
    std::optional<QString> receipt;
};

class Store
{
public:
    static int latestSchemaVersion();

    // Creates a new station file (mode 0600), protected by the passphrase (refused with a
    // French reason when checkPassphrase does not accept it). Refuses to overwrite an
    // existing file. The file is unlocked in this process afterwards.
    static std::unique_ptr<Store> create(const QString &path, const ElectionConfig &election,
                                         const QString &passphrase);
    // A throwaway station for tools (plumectl recognize, eval-sheets, bench; the demo): it
    // is protected by a random 144-bit passphrase that nobody keeps, so its key derivation
    // uses libsodium's minimum Argon2id cost (a guess costs nothing, but 2^144 guesses are
    // out of reach whatever each costs). Never for a station a person will reopen: its
    // writes do not wait for the disk (synchronous = OFF; a killed process loses nothing, a
    // power cut may).
    static std::unique_ptr<Store> createScratch(const QString &path,
                                                const ElectionConfig &election);
    // Opens an existing station file; refuses a newer schema (file untouched), migrates an
    // older one in transactions. Throws StoreError.
    static std::unique_ptr<Store> open(const QString &path);
    // Opens a station file only to read it (db check, db info, verify): the file may be
    // evidence, so nothing is written to it, not even a WAL checkpoint. A consistent copy of
    // it (VACUUM INTO from a read-only connection; the files as they are when that fails) is
    // opened instead, migrated when older, and removed with the Store; *olderSchema is the
    // file's own version when it was older (0 otherwise).
    static std::unique_ptr<Store> openToRead(const QString &path, int *olderSchema = nullptr);
    // Why this process cannot write the station file at path, its -wal and -shm or the folder
    // they go in: a read-only medium, no permission, a full disk (under 1 MiB free). Empty
    // when it can. open() refuses such a file with this sentence.
    static QString writeRefusal(const QString &path);

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    QString path() const { return m_path; }
    // True when writing a file at `path` would replace this station file or one of its
    // SQLite companions (-wal, -shm, -journal), links followed: exports and captures
    // refuse such an output path (a typo must never destroy the station's data).
    bool isOwnFile(const QString &path) const;
    static bool isStationFile(const QString &stationPath, const QString &path);
    // True when `path` is the passphrase file this Store was unlocked from (unlockFromFile,
    // $PLUME_PASSPHRASE_FILE): an export written there would lock the station out.
    bool isPassphraseFile(const QString &path) const;
    int schemaVersion() const;

    // Runs fn in one transaction (commit if it returns normally, rollback on exception).
    // The outermost one first checks that the path still names the file this connection
    // opened (requireSameFile).
    void transaction(const std::function<void()> &fn);
    // Throws StoreError when the station file was replaced (a rename over it) or deleted since
    // it was opened: nothing more is written to a file no longer on disk. What this
    // connection still reads is first saved beside it (rescueCopy), and the error says where.
    void requireSameFile();

    ElectionConfig election() const;

    // Sheets
    QString newSheet(const QString &form, const ink::PageAddress &page = {});
    QVector<Sheet> sheets() const;
    std::optional<Sheet> sheet(const QString &id) const;
    // A sheet's state alone, nullopt when there is no such sheet. FormSession asks before
    // every stroke it keeps (ink on a sealed, erased or purged sheet), so the statement is
    // prepared once per connection and reset after each use.
    std::optional<SheetState> sheetState(const QString &id) const;
    std::optional<Sheet> sheetForPage(const ink::PageAddress &page) const;
    void setSheetPage(const QString &sheetId, const ink::PageAddress &page);
    void setSheetState(const QString &sheetId, SheetState state, const QString &actor);

    // Strokes (append-only)
    qint64 appendStroke(const ink::Stroke &stroke, const QString &sheetId = {});
    QVector<StoredStroke> strokes(const QString &sheetId) const; // struck ones included
    // The sheet's ink as it is read, drawn and sealed: no struck stroke, and no stroke cut
    // live whose complete copy from the pen's memory is there (ink::isCutCopyOf).
    QVector<ink::Stroke> readInk(const QString &sheetId) const;
    // Strikes out stray ink: the stroke stays (append-only) but is no longer read, sealed
    // or drawn as the field's handwriting. Audited; a reason is required.
    void strikeStroke(qint64 strokeId, const QString &actor, const QString &reason);
    QSet<qint64> struckStrokeIds(const QString &sheetId) const;
    QVector<StoredStroke> strokesForPage(const ink::PageAddress &page) const;
    qint64 strokeCount() const;

    // Readings and decisions
    qint64 addReading(const Reading &reading);
    std::optional<Reading> latestReading(const QString &sheetId, const QString &field) const;
    // Records the official's decision and its audit row in one transaction. The consent box
    // of a contact sheet decided "non" erases the sheet in the same transaction (personal
    // decisions, readings and ink deleted, state Erased, audited). Refused on an erased sheet.
    qint64 decide(const Decision &decision);
    // Takes the field's current decision back (Ctrl+Z): a new audited decision with source
    // Withdrawn; latestDecision() is then nullopt until an official decides again.
    qint64 withdrawDecision(const QString &sheetId, const QString &field, const QString &official);
    QVector<Decision> decisions(const QString &sheetId) const; // all, withdrawals included
    // The field's current decision; nullopt when there is none or it was withdrawn.
    std::optional<Decision> latestDecision(const QString &sheetId, const QString &field) const;

    // Drafts (drafts.cpp): one per (sheet, field), replaced by the next one typed. A
    // decision on the field drops it in its transaction (not a withdrawal); a purge of the
    // sheet deletes them. Throw StoreError (locked). A draft whose text does not decrypt is
    // listed, not readable (text empty), so that the window can set it aside.
    void saveDraft(const Draft &draft);
    void dropDraft(const QString &sheetId, const QString &field);
    QVector<Draft> drafts(const QString &sheetId = {}) const; // every sheet's when empty
    QSet<QString> sheetsWithDrafts() const;

    // Audit log
    qint64 appendAudit(const QString &actor, const QString &action, const QString &subject,
                       const QJsonObject &detail);
    QVector<AuditEntry> auditLog() const;
    CheckResult verifyAuditChain() const;
    // The audit chain's head: number of rows and hash of the last one.
    std::pair<qint64, QString> auditHead() const;
    // PRAGMA integrity_check + foreign_key_check + audit chain + every decisions, sheets,
    // settings, outbox and struck_strokes row against its latest audit entry + every
    // checkpoint (signature by the station key, and the chain reaches it).
    CheckResult check() const;
    // check(), or StoreError with its message: what a file edited outside Plume must not do.
    void requireIntact() const;

    // Checkpoints: the bytes the station key signs for an anchor, and the anchors.
    QByteArray checkpointMessage(qint64 length, const QString &head) const;
    // pvVersion > 0: the checkpoint a PV version's seal signs (its `audit` anchor); check()
    // then wants that version's seal after it (pv.sealed and its outbox row): the seal's own
    // entries come after the anchor, and deleting them must not leave an "ok" file.
    void addCheckpoint(const Checkpoint &checkpoint, const QString &actor, qint64 pvVersion = 0);
    QVector<Checkpoint> checkpoints() const;

    // Key/value settings (keys, salts, preferences); every write is audited.
    void setSetting(const QString &key, const QByteArray &value);
    std::optional<QByteArray> setting(const QString &key) const;
    void removeSetting(const QString &key);
    // A secret setting (e.g. the station's Ed25519 secret key): encrypted with the data
    // key, so only readable once the station is unlocked. Both throw StoreError when locked.
    void setSecretSetting(const QString &key, const QByteArray &value);
    std::optional<QByteArray> secretSetting(const QString &key) const;

    // --- Outbox (docs/sync.md; implemented in outboxstore.cpp) ---------------------------
    // Contact payloads are encrypted at rest. Every change is audited.
    void insertOutbox(const OutboxRow &row);
    // Oldest first. strict: throw when a contact payload cannot be read (locked); else it is
    // left empty (listing).
    QVector<OutboxRow> outboxRows(bool strict = false) const;
    std::optional<OutboxRow> outboxRow(const QString &uuid) const;
    // Queued rows whose next attempt is due at `now` (all queued rows if now is invalid).
    QVector<OutboxRow> dueOutboxRows(const QDateTime &now) const;
    std::optional<QDateTime> nextOutboxAttempt() const;
    qint64 maxOutboxVersion(const QString &kind) const; // 0 if none
    // Throws StoreError when the row is missing, or emptied and asked to be queued. Returns
    // false, changing nothing, when a row asked to be sending is no longer queued with
    // something to send (withdrawn, or taken by another sender, since it was chosen), or when
    // a delivered row is asked to be queued or rejected (a late answer to an earlier try).
    bool updateOutbox(const QString &uuid, const OutboxUpdate &update);
    // A queued row never offered to HQ (attempts 0) taken out of the file: payload emptied
    // (it may hold voters), state rejected with `why`, audited `outbox.withdrawn`. Throws
    // StoreError for a row already offered (HQ may hold it) or in another state.
    void withdrawOutbox(const QString &uuid, const QString &why, const QString &actor);
    // Rows written to an offline file for HQ (closing::exportOutbox): each counts as offered
    // (attempts + 1, audited `outbox.exported` with the key the file was encrypted to), since
    // HQ may import the file at any time.
    void markOutboxExported(const QStringList &uuids, const QString &actor,
                            const QByteArray &recipientKey);
    // New signatures (uuid -> base64) for items not delivered, audited (a new station key).
    void setOutboxSignatures(const QHash<QString, QString> &signatureByUuid);
    // Rows left 'sending' (all, or those claimed before claimedBefore) back to 'queued'.
    int recoverInterruptedOutbox(const QDateTime &claimedBefore = {});
    QHash<OutboxState, int> outboxCounts() const;

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
    // One Argon2id derivation; raises the file's KDF limits when they are below today's.
    void unlock(const QString &passphrase);
    // unlock() with readPassphraseFile(path); the file is then isPassphraseFile().
    void unlockFromFile(const QString &path);
    void lock(); // forgets the key in this process
    // Asks for the passphrase again before a change that sends personal data elsewhere (the
    // window's « Siège… », in a file unlocked hours before): throws StoreError when it is not
    // the station's. One Argon2id derivation; nothing changes. Unprotected: accepts anything.
    void confirmPassphrase(const QString &passphrase) const;
    // Sets the passphrase (Unprotected), or changes it (needs `current`, or an unlocked
    // file). Refused unless checkPassphrase accepts it. The clear data key (and a clear
    // signing key of an old file) are then erased from the file.
    void setPassphrase(const QString &passphrase, const QString &current = QString());
    // A strong random passphrase (temporary stations: demo, benchmarks).
    static QString randomPassphrase();
    // Reads a passphrase file (first line, without the line end). Throws StoreError.
    static QString readPassphraseFile(const QString &path);
    // True for the fields whose values are personal: every field of a contact sheet except
    // the consent box.
    static bool isPersonalField(const QString &sheetId, const QString &field);
    static bool isContactSheet(const QString &sheetId);
    // An erased contact sheet: state Erased, or (a file of an older version) its consent
    // decided "non".
    bool isErased(const QString &sheetId) const;
    // Encrypts / decrypts a personal value (context: what it is, bound to the ciphertext).
    // openPersonal returns unencrypted input as is. Both throw StoreError when locked.
    QByteArray sealPersonal(const QByteArray &plain, const QByteArray &context) const;
    QByteArray openPersonal(const QByteArray &stored, const QByteArray &context) const;
    static bool isSealedPersonal(const QByteArray &stored);
    // Deletes the personal data of contact sheets (ink, readings and decisions of personal
    // fields; the consent decision stays), optionally marking them `purged`, audited with
    // counts only. Returns the number of rows deleted. secure_delete zeroes the freed space.
    // These erasures (and the two below) refuse a file that fails check() (StoreError):
    // nothing is erased on the word of a row edited outside Plume.
    int purgePersonalData(const QStringList &sheetIds, const QString &actor, bool markPurged);
    // Purges the sheets of every contact submission acknowledged by headquarters and
    // empties those outbox payloads, then compacts. Returns the number of sheets purged.
    // Does nothing for batches it cannot read while locked.
    int purgeDeliveredContacts(const QString &actor);
    // The contact sheets a contacts submission's signed bytes carry (OutboxRow::payload).
    static QStringList contactSheetsOf(const QByteArray &signedPayload);
    // Deletes the ink written on pages of no known sheet (kept encrypted until then: it may
    // be a contact written in another notebook), audited with the last id deleted, so that
    // check() knows Plume deleted those strokes. Returns the number of strokes deleted.
    int purgeUnplacedInk(const QString &actor);
    // The open contact sheets (never queued) whose consent is not decided "oui": a blank
    // box, or a consent never confirmed, is no consent.
    QStringList sheetsWithoutConsent() const;
    // Erases contact sheets as a consent "non" does: their personal data deleted, state
    // `erased` (audited).
    void eraseSheets(const QStringList &sheetIds, const QString &actor);
    // WAL checkpoint, VACUUM and truncation of the WAL: no free page or old WAL frame keeps
    // deleted data. Returns false (and *error) if VACUUM could not run (e.g. a transaction
    // open on another connection); the deleted rows are zeroed anyway.
    bool compact(QString *error = nullptr);

    static QString auditHash(const QString &prevHash, const AuditEntry &row);
    // The MAC of an audit entry's hash with a key derived from the data key: without the
    // passphrase nobody can add or change an entry that `check()` then accepts.
    static QByteArray auditMac(const QByteArray &dataKey, const QString &hash);
    static QByteArray canonicalAuditRow(const AuditEntry &row);

    // Row references for the audit: the digest of a row as stored (docs/store.md).
    struct RowRef
    {
        QString table;
        QString key;
    };

    // The two chains of rows under the audit log, and the audit detail keys of their heads.
    enum class Chain { Ink, Readings };
    static constexpr const char *kInkHeadKey = "ink_head";
    static constexpr const char *kReadingHeadKey = "reading_head";
    static constexpr const char *kUnplacedPurged = "ink.unplaced_purged"; // audit action

private:
    Store(QString path, QSqlDatabase db);
    // Appends an audit entry whose detail carries the digest of each row (null: deleted).
    qint64 auditRows(const QString &actor, const QString &action, const QString &subject,
                     QJsonObject detail, const QVector<RowRef> &rows);
    QString rowDigest(const RowRef &row) const;
    std::optional<QString> anchoredDigest(const RowRef &row) const;
    void requireAnchored(const RowRef &row) const; // throws if the row was edited outside Plume
    CheckResult checkRows(const QVector<AuditEntry> &log) const;
    CheckResult checkKeyTypes() const;
    CheckResult checkAnchors(const QVector<AuditEntry> &log) const;
    CheckResult checkSealsAfterAnchors(const QVector<AuditEntry> &log,
                                       const QVector<OutboxRow> &outbox) const;
    QVector<RowRef> allAuditedRows() const;
    void adoptRows(); // migration 2: one audit entry covering the rows of an older file
    // The chains (inkchain.cpp): each stroke, and each reading, hashed into a chain of its
    // own (`stroke_chain`, `reading_chain`) as it is written; each audit entry records both
    // heads (kInkHeadKey, kReadingHeadKey).
    struct ChainLink;
    std::pair<qint64, QString> chainHead(Chain chain) const; // last id chained, its hash
    // Links a row into its chain. With `bound` (the values the INSERT bound), the row must
    // read back as bound, else throws: a trigger planted in the file would otherwise rewrite
    // it before it is chained.
    void chainRow(Chain chain, qint64 id, const QVariantList &bound = {});
    qint64 insertChained(Chain chain, QSqlQuery &insert, const QString &error);
    void adoptChain(Chain chain); // migrations 4 and 5: chains the rows of an older file
    // Records each chain's head ({"n": last id, "h": its hash}) in an audit entry's detail
    // under kInkHeadKey and kReadingHeadKey (an empty chain is not recorded).
    // Throws when a link to anchor lacks its MAC (`last`: the last entry's detail).
    void anchorChains(QJsonObject &detail, const QJsonObject &last) const;
    void requireSealedTails(const QJsonObject &last) const;
    CheckResult checkChain(Chain chain, const QVector<AuditEntry> &log) const;
    CheckResult checkLinkMacs(Chain chain, const QHash<qint64, ChainLink> &links,
                              const QVector<AuditEntry> &log) const;
    CheckResult checkSnapshot() const;    // check(), inside one read transaction
    void requireIntactToErase() const;    // check() before personal data is erased
    CheckResult checkSqlite() const;      // integrity_check and foreign_key_check
    CheckResult checkSchema() const;      // schemacheck.cpp: no trigger or table of its own
    CheckResult checkBlobColumns() const; // a BLOB retyped to TEXT keeps its digest
    CheckResult readChain(Chain chain, QHash<qint64, ChainLink> &links) const;
    // unplacedThrough: the last stroke on no sheet that purgeUnplacedInk deleted (ink chain).
    CheckResult checkRowsAgainst(Chain chain, QHash<qint64, ChainLink> links,
                                 qint64 unplacedThrough) const;
    bool erasedByPlume(const QString &sheetId) const; // its chained rows deleted by Plume
    void protectFile() const;
    enum class KdfCost { Passphrase, RandomKey };
    static void refuseNewPath(const QString &path);
    static std::unique_ptr<Store> createFile(const QString &path, const ElectionConfig &election,
                                             const QString &passphrase, KdfCost cost);
    void initStation(const ElectionConfig &election, const QString &passphrase, KdfCost cost);
    qint64 insertDecision(const Decision &d, bool personal);
    void wrapDataKey(const QByteArray &key, const QString &passphrase,
                     KdfCost cost = KdfCost::Passphrase);
    void upgradeKdf(const QString &passphrase);
    static QSqlDatabase openConnection(const QString &path);
    void configure();
    void migrate();
    void applyMigration(const struct Migration &m, int current);
    void migrationStatement(const QString &statement, int version, int current);
    void ensureDataKey();
    void autoUnlockFromEnvironment();
    std::optional<QByteArray> dataKey() const;
    QByteArray requireDataKey() const;
    QString keyRingId() const;
    // Whether the wrapped key this connection saw open the data key was deleted or replaced
    // outside Plume since (sqlite3): the file then reads as locked, never as unprotected.
    bool keyTakenAway() const;
    bool followNewWrapping(const QString &now,
                           QByteArray key) const; // key: a copy (ring() may grow)
    // The first audit entry that must carry a MAC (from the wrapped key, so that nobody
    // without the passphrase can lower it); 0 when not known (locked, unprotected).
    qint64 auditMacFrom() const;
    qint64 firstUnsealedAuditId() const; // 1 + the last entry without a MAC (1 if none)
    void sealAuditFromNow(const QByteArray &kek, const QByteArray &key);
    CheckResult checkAuditMacs(const QVector<AuditEntry> &log) const;
    CheckResult checkProtection(const QVector<AuditEntry> &log) const; // passphrase removed?
    CheckResult verifyAuditChain(const QVector<AuditEntry> &log) const;
    QString m_path;
    QString m_passphraseFile; // unlockFromFile's
    QSqlDatabase m_db;
    std::unique_ptr<QTemporaryDir> m_copyDir; // openToRead: the copy's directory
    int m_openedSchema = 0;                   // the schema version open() found, before migrating
    int m_txDepth = 0;
    quint64 m_fileDevice = 0, m_fileInode = 0; // the file opened (0: not known)
    QString
        m_fileLost; // requireSameFile's sentence, once said (one rescue copy, not one per write)
    mutable bool m_erasureChecked = false; // requireIntactToErase passed for this erasure
    bool m_migrating = false;              // migrations may write audit entries while locked
    mutable QString m_heldRing; // the wrapped key seen unlocking the file here (keyTakenAway)
    // The statements run for every stroke, prepared once for this connection (cached());
    // dropped before the connection closes.
    struct Statements;
    mutable std::unique_ptr<Statements> m_statements;
    QSqlQuery &cached(const QString &sql) const;
    void rememberFile();
    QString rescueCopy(QString *error);
};

} // namespace plume::store
