// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/store.h"

#include "store/migrations.h"
#include "store/passphrase.h"
#include "store/sqlutil.h"
#include "store/text.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QUuid>

#include <cerrno>
#include <csignal>
#include <map>

#include <sys/stat.h>
#include <unistd.h>

namespace plume::store {
using namespace sql;
namespace {

QJsonObject parseObject(const QString &s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

const QString kGenesisHash = QString(64, QLatin1Char('0'));

const QString kEncPrefix = QStringLiteral("plume-enc1:");

} // namespace

// Personal values in text columns: "plume-enc1:" + base64 of the sealed bytes.
QString sql::sealText(const Store &s, const QString &plain, const QByteArray &context)
{
    return kEncPrefix + QString::fromLatin1(s.sealPersonal(plain.toUtf8(), context).toBase64());
}

namespace {

QByteArray sealedBytes(const QString &stored)
{
    return QByteArray::fromBase64(stored.mid(kEncPrefix.size()).toLatin1());
}

} // namespace

QString sql::openText(const Store &s, const QString &stored, const QByteArray &context)
{
    if (!stored.startsWith(kEncPrefix))
        return stored;
    return QString::fromUtf8(s.openPersonal(sealedBytes(stored), context));
}

bool sql::isSealedText(const QString &stored)
{
    return stored.startsWith(kEncPrefix) && Store::isSealedPersonal(sealedBytes(stored));
}

namespace {

// Stored names of an enum, in enum order.
template <typename E, size_t N> QString nameOf(E value, const char *const (&names)[N])
{
    const auto i = size_t(value);
    return i < N ? QString::fromLatin1(names[i]) : QString();
}

template <typename E, size_t N>
std::optional<E> valueOf(const QString &s, const char *const (&names)[N])
{
    for (size_t i = 0; i < N; ++i)
        if (s == QLatin1String(names[i]))
            return E(i);
    return std::nullopt;
}

const char *const kSourceNames[] = {"confirmed", "corrected", "typed", "withdrawn"};
const char *const kSheetStateNames[] = {"open", "sealed", "purged", "erased"};
const char *const kOutboxStateNames[] = {"queued", "sending", "delivered", "rejected"};

} // namespace

QString toString(DecisionSource s)
{
    return nameOf(s, kSourceNames);
}

std::optional<DecisionSource> decisionSourceFromString(const QString &s)
{
    return valueOf<DecisionSource>(s, kSourceNames);
}

QString toString(SheetState s)
{
    return nameOf(s, kSheetStateNames);
}

std::optional<SheetState> sheetStateFromString(const QString &s)
{
    return valueOf<SheetState>(s, kSheetStateNames);
}

QString toString(OutboxState s)
{
    return nameOf(s, kOutboxStateNames);
}

std::optional<OutboxState> outboxStateFromString(const QString &s)
{
    return valueOf<OutboxState>(s, kOutboxStateNames);
}

int Store::latestSchemaVersion()
{
    return migrations().last().version;
}

QSqlDatabase Store::openConnection(const QString &path)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("plume-store-%1").arg(counter.fetchAndAddRelaxed(1));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw StoreError(Text::tr("Impossible d'ouvrir %1 : %2").arg(path, error));
    }
    return db;
}

struct Store::Statements
{
    std::map<QString, QSqlQuery> bySql; // QSqlQuery moves, never copies
};

Store::Store(QString path, QSqlDatabase db)
    : m_path(std::move(path)), m_db(std::move(db)), m_statements(std::make_unique<Statements>())
{
    rememberFile();
}

// Parsing a statement cost more than running it on the way of every stroke (five statements
// each, and the sheet's state before it): those are prepared once. The caller resets the
// statement once read (sql::Reset), so that no read transaction stays open between strokes.
QSqlQuery &Store::cached(const QString &sql) const
{
    auto it = m_statements->bySql.find(sql);
    if (it == m_statements->bySql.end())
        it = m_statements->bySql.emplace(sql, prepare(m_db, sql)).first;
    return it->second;
}

Store::~Store()
{
    const QString name = m_db.connectionName();
    m_statements.reset(); // a statement outliving its connection would keep it open
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

void Store::configure()
{
    execSql(m_db, QStringLiteral("PRAGMA foreign_keys = ON"));
    execSql(m_db, QStringLiteral("PRAGMA journal_mode = WAL"));
    execSql(m_db, QStringLiteral("PRAGMA synchronous = FULL"));
    execSql(m_db, QStringLiteral("PRAGMA busy_timeout = 5000"));
    execSql(m_db, QStringLiteral("PRAGMA secure_delete = ON"));
}

int Store::schemaVersion() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

void Store::migrate()
{
    QSqlQuery probe(m_db);
    if (!probe.exec(QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")))
        throwSql(Text::tr("lecture du schéma impossible"), probe.lastError());
    const bool hasVersionTable = probe.next();
    probe.finish();
    if (!hasVersionTable) {
        // A file that is not empty but has no schema_version is not a Plume station.
        QSqlQuery any(m_db);
        if (any.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && any.next() &&
            any.value(0).toInt() > 0)
            throw StoreError(Text::tr("%1 n'est pas un fichier de bureau Plume.").arg(m_path));
    }
    const int current = hasVersionTable ? schemaVersion() : 0;
    m_migrating = true; // before any unlock: migration entries carry no MAC
    const auto done = qScopeGuard([this] { m_migrating = false; });
    if (current > latestSchemaVersion())
        throw StoreError(
            Text::tr("%1 a la version de schéma %2, plus récente que celle que connaît ce Plume "
                     "(%3) : mettez Plume à jour ; le fichier n'a pas été modifié.")
                .arg(m_path)
                .arg(current)
                .arg(latestSchemaVersion()));
    for (const Migration &m : migrations()) {
        if (m.version > current)
            applyMigration(m, current);
    }
}

// One migration in its transaction. A failure is said as what it most likely is: a schema
// number that does not match the content (a review lowered it with sqlite3, and got only
// SQLite's « duplicate column name »).
void Store::applyMigration(const Migration &m, int current)
{
    transaction([&] {
        if (m.version == 1)
            execSql(m_db, QString::fromLatin1(kSchemaVersionTable));
        for (const QString &statement : m.statements)
            migrationStatement(statement, m.version, current);
        if (m.version == 2 && current > 0)
            adoptRows();
        if (m.version == 4 && current > 0)
            adoptChain(Chain::Ink);
        if (m.version == 5 && current > 0)
            adoptChain(Chain::Readings);
        QSqlQuery q(m_db);
        if (m.version == 1)
            q.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        else
            q.prepare(QStringLiteral("UPDATE schema_version SET version = ?"));
        q.addBindValue(m.version);
        exec(q, Text::tr("enregistrement de la version du schéma impossible"));
    });
}

// A statement of a migration. On an existing file, a plain SQL error (a column or table that
// is already there, or missing) means the content does not match the schema number it
// claims: said as such (a review lowered the number with sqlite3 and got only « duplicate
// column name »). A full disk, a busy or read-only file keep their own sentences.
void Store::migrationStatement(const QString &statement, int version, int current)
{
    QSqlQuery q(m_db);
    if (q.exec(statement))
        return;
    constexpr int kSqliteError = 1;
    if (current == 0 || (q.lastError().nativeErrorCode().toInt() & 0xff) != kSqliteError)
        throwSql(Text::tr("exécution de « %1 » impossible").arg(statement.left(60)), q.lastError());
    throw StoreError(Text::tr("%1 ne peut pas passer au schéma %2 (%3). Son contenu ne correspond "
                              "pas à la version de schéma qu'il annonce (%4) : fichier modifié "
                              "hors de Plume, ou abîmé. Gardez-le tel quel et prévenez le siège ; "
                              "la mise à jour s'est arrêtée avant le schéma %2.")
                         .arg(m_path)
                         .arg(version)
                         .arg(q.lastError().text())
                         .arg(current));
}

void Store::transaction(const std::function<void()> &fn)
{
    // Nested calls join the outer transaction. BEGIN IMMEDIATE takes the write lock at
    // once, so two connections never deadlock upgrading a read lock.
    if (m_txDepth > 0) {
        ++m_txDepth;
        try {
            fn();
        } catch (...) {
            --m_txDepth;
            throw;
        }
        --m_txDepth;
        return;
    }
    requireSameFile();
    execSql(m_db, QStringLiteral("BEGIN IMMEDIATE"));
    m_txDepth = 1;
    try {
        fn();
    } catch (...) {
        m_txDepth = 0;
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        throw;
    }
    m_txDepth = 0;
    QSqlQuery commit(m_db);
    if (!commit.exec(QStringLiteral("COMMIT"))) {
        const QSqlError e = commit.lastError();
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        throwSql(Text::tr("validation de la transaction impossible"), e);
    }
}

std::unique_ptr<Store> Store::create(const QString &path, const ElectionConfig &election,
                                     const QString &passphrase)
{
    const PassphraseStrength strength = checkPassphrase(passphrase, passphraseContext(election));
    if (!strength.accepted)
        throw StoreError(strength.reason);
    return createFile(path, election, passphrase, KdfCost::Passphrase);
}

std::unique_ptr<Store> Store::createScratch(const QString &path, const ElectionConfig &election)
{
    auto s = createFile(path, election, randomPassphrase(), KdfCost::RandomKey);
    // Thrown away at the end: no write waits for the disk (a file of 50,000 strokes took
    // 33 s in fdatasync, one per stroke).
    execSql(s->m_db, QStringLiteral("PRAGMA synchronous = OFF"));
    return s;
}

// A new station file: a path where nothing is, in a folder that exists. Not through a symbolic
// link, even a dangling one (someone else's link could send the file anywhere, and SQLite said
// "unable to open database file" for one into no folder).
void Store::refuseNewPath(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink())
        throw StoreError(Text::tr("%1 est un lien symbolique (vers %2) : Plume crée un fichier "
                                  "de bureau à un chemin où rien n'existe, jamais à travers un "
                                  "lien.")
                             .arg(path, info.symLinkTarget()));
    if (info.exists())
        throw StoreError(
            Text::tr("%1 existe déjà : Plume n'écrase jamais un fichier de bureau.").arg(path));
    if (!QFileInfo(info.absolutePath()).isDir())
        throw StoreError(Text::tr("Le dossier %1 n'existe pas : créez-le d'abord, ou choisissez "
                                  "un autre chemin.")
                             .arg(info.absolutePath()));
}

std::unique_ptr<Store> Store::createFile(const QString &path, const ElectionConfig &election,
                                         const QString &passphrase, KdfCost cost)
{
    refuseNewPath(path);
    const mode_t oldMask = ::umask(077); // the file, its -wal and -shm: owner only
    std::unique_ptr<Store> s;
    try {
        s.reset(new Store(path, openConnection(path)));
        s->configure();
        s->protectFile();
        s->migrate();
        s->initStation(election, passphrase, cost);
    } catch (...) {
        ::umask(oldMask);
        throw;
    }
    ::umask(oldMask);
    s->protectFile();
    return s;
}

void Store::initStation(const ElectionConfig &election, const QString &passphrase, KdfCost cost)
{
    QByteArray key(32, Qt::Uninitialized);
    randomBytes(key);
    transaction([&] {
        wrapDataKey(key, passphrase, cost); // first: every audit entry is sealed with it
        QSqlQuery q = prepare(
            m_db, QStringLiteral(
                      "INSERT INTO station (id, code, name, commune, election_json, created_at) "
                      "VALUES (1, ?, ?, ?, ?, ?)"));
        q.addBindValue(text(election.stationCode));
        q.addBindValue(text(election.stationName));
        q.addBindValue(text(election.commune));
        q.addBindValue(compactJson(election.toJson()));
        q.addBindValue(nowIso());
        exec(q, Text::tr("enregistrement du bureau impossible"));
        run(m_db,
            QStringLiteral(
                "INSERT INTO sheets (id, form, state, created_at) VALUES ('pv', 'pv', 'open', ?)"),
            {nowIso()}, Text::tr("création de la feuille du PV impossible"));
        auditRows(QStringLiteral("system"), QStringLiteral("station.init"), election.stationCode,
                  QJsonObject{{QStringLiteral("election"), election.electionId},
                              {QStringLiteral("schema"), latestSchemaVersion()}},
                  {{QStringLiteral("station"), QStringLiteral("1")},
                   {QStringLiteral("sheets"), kPvSheetId}});
    }); // the data key is never written in clear
    wipe(key);
}

bool Store::isOwnFile(const QString &path) const
{
    return isStationFile(m_path, path);
}

namespace {

// A file that does not exist yet has no canonical path: its absolute one then.
QString canonicalOrAbsolute(const QString &path)
{
    const QFileInfo info(path);
    const QString c = info.canonicalFilePath();
    return c.isEmpty() ? info.absoluteFilePath() : c;
}

} // namespace

bool Store::isPassphraseFile(const QString &path) const
{
    return !m_passphraseFile.isEmpty() &&
           canonicalOrAbsolute(path) == canonicalOrAbsolute(m_passphraseFile);
}

bool Store::isStationFile(const QString &stationPath, const QString &path)
{
    const QString out = canonicalOrAbsolute(path);
    const QString db = canonicalOrAbsolute(stationPath);
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        if (out == db + QLatin1String(suffix))
            return true;
    }
    return false;
}

namespace {
// SQLite's answer for a file that is not a database. Only then is the file opened to look at
// it: a file SQLite can read may be held by another connection of this process, and closing
// any descriptor of it drops every POSIX lock the process holds on it. Another process could
// then delete the journal that connection still writes to.
constexpr auto kSqliteNotADatabase = "26";

// An offline delivery file (plumectl outbox export) shares the .plume extension with the
// station file: given as a station, it is named for what it is.
bool isOfflineFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(512).contains("\"format\":\"plume.offline/");
}

// A file SQLite cannot read (a PV exported as JSON, CSV or PDF given as the station): said in
// the reader's language, SQLite's own words only as a technical detail at the end.
StoreError notAStation(const QString &path, const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return StoreError(Text::tr("%1 n'est pas un fichier de bureau Plume : ce n'est pas une base "
                               "de données SQLite (un PV exporté en JSON, CSV ou PDF, "
                               "peut-être ?). Donnez le fichier du bureau, celui que « plumectl "
                               "station init » ou l'assistant de Plume a créé. (détail technique "
                               ": %2)")
                          .arg(path, detail.trimmed()));
}

// Less than this free beside a station file, a failure to open it is the disk's: SQLite needs
// room for its shared-memory index (32 KiB) and the first pages of the journal.
constexpr qint64 kLowDiskBytes = 1024 * 1024;

// Why a SQLite file that exists could not be opened: a medium Plume cannot write to (the
// journal and its index are written beside the file, even to read it), a full disk, else
// not a station file.
StoreError openFailure(const QString &path, const QSqlError &error)
{
    if (error.nativeErrorCode() != QLatin1String(kSqliteNotADatabase)) {
        // open() checked before SQLite: this is a disk filled or a mode changed since.
        if (const QString why = Store::writeRefusal(path); !why.isEmpty())
            return StoreError(why);
    } else if (isOfflineFile(path)) {
        return StoreError(Text::tr("%1 est un fichier de remise hors ligne pour le siège, pas "
                                   "un fichier de bureau : il s'importe au siège avec « plume-hq "
                                   "import ».")
                              .arg(path));
    }
    return notAStation(path, error);
}

// Why this process cannot write `target` (errno of access(2)), or empty.
QString accessRefusal(const QString &path, const QString &target)
{
    if (::access(QFile::encodeName(target).constData(), W_OK) == 0 || errno == ENOENT)
        return {};
    if (errno == EROFS)
        return Text::tr("%1 est sur un support en lecture seule (clé protégée en écriture, "
                        "disque monté en lecture seule) : Plume écrit son journal à côté du "
                        "fichier. Copiez-le sur un disque où vous pouvez écrire, puis "
                        "ouvrez la copie.")
            .arg(path);
    if (errno == EACCES || errno == EPERM)
        return Text::tr("Vous n'avez pas le droit d'écrire dans %1 : Plume écrit son journal "
                        "à côté du fichier. Ouvrez-le avec le compte qui l'a créé, ou "
                        "copiez-le dans un dossier à vous.")
            .arg(target);
    return {};
}
} // namespace

QString Store::writeRefusal(const QString &path)
{
    const QString dir = QFileInfo(path).absolutePath();
    const QStringList targets{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm"),
                              dir};
    for (const QString &target : targets)
        if (const QString why = accessRefusal(path, target); !why.isEmpty())
            return why;
    const QStorageInfo disk(dir);
    if (disk.isValid() && disk.bytesAvailable() >= 0 && disk.bytesAvailable() < kLowDiskBytes)
        return Text::tr("%1 ne peut pas être ouvert : le disque qui le porte est "
                        "plein (%2 Kio libres). Libérez de la place sur ce disque "
                        "puis recommencez ; le fichier n'a pas été modifié.")
            .arg(path)
            .arg(disk.bytesAvailable() / 1024);
    return {};
}

std::unique_ptr<Store> Store::open(const QString &path)
{
    if (!QFileInfo::exists(path))
        throw StoreError(Text::tr("%1 n'existe pas.").arg(path));
    // Refused before SQLite, which would open it read-only and fail at the first write,
    // leaving its journal files behind (a review, 2026-12-01).
    if (const QString why = writeRefusal(path); !why.isEmpty())
        throw StoreError(why);
    std::unique_ptr<Store> s(new Store(path, openConnection(path)));
    // Read the version before changing anything (journal mode included).
    {
        QSqlQuery header(s->m_db);
        if (!header.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !header.next())
            throw openFailure(path, header.lastError());
        // Only create() makes a station: an empty file (emptied, or a typo) is not turned into
        // a blank station that would pass db check.
        if (header.value(0).toInt() == 0)
            throw StoreError(
                Text::tr("%1 est vide : ce n'est pas un fichier de bureau Plume (s'il en était un, "
                         "il a été vidé : gardez-le tel quel et prévenez le siège ; un nouveau "
                         "bureau se crée avec « plumectl station init »).")
                    .arg(path));
    }
    const int v = s->m_openedSchema = s->schemaVersion();
    if (v > latestSchemaVersion())
        throw StoreError(
            Text::tr("%1 a la version de schéma %2, plus récente que celle que connaît ce Plume "
                     "(%3) : mettez Plume à jour ; le fichier n'a pas été modifié.")
                .arg(path)
                .arg(v)
                .arg(latestSchemaVersion()));
    s->configure();
    s->protectFile();
    s->migrate();
    s->ensureDataKey();
    s->autoUnlockFromEnvironment();
    return s;
}

namespace {
// Copies a SQLite file with the journals that hold its last writes.
void copyStationFile(const QString &from, const QString &to)
{
    for (const char *suffix : {"", "-wal", "-journal"}) {
        const QString source = from + QLatin1String(suffix);
        if ((*suffix == 0 || QFileInfo::exists(source)) &&
            !QFile::copy(source, to + QLatin1String(suffix)))
            throw StoreError(Text::tr("Copie de %1 impossible.").arg(source));
        // The copy is this reader's own: writable, whatever the file's mode (QFile::copy
        // keeps a read-only one's, and the copy was then refused as unwritable).
        QFile::setPermissions(to + QLatin1String(suffix),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
}

// A consistent copy of a SQLite file's committed state (a live writer notwithstanding), made
// from a read-only connection (VACUUM INTO): nothing is written to the file. False when it
// cannot be read that way (a hot journal to roll back, a damaged file).
bool snapshotStationFile(const QString &from, const QString &to)
{
    const QString name = QStringLiteral("plume-snapshot-%1").arg(QUuid::createUuid().toString());
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(from);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery q(db);
            // VACUUM INTO copies the tables and builds the indexes anew: a damaged index page
            // vanished from the copy, and `db check` said ok on a file every other command
            // called malformed (a review of 2026-12-02). A file that fails SQLite's own check
            // is copied as it is instead, so that its check finds what is wrong.
            ok = q.exec(QStringLiteral("PRAGMA quick_check")) && q.next() &&
                 q.value(0).toString() == QLatin1String("ok");
            q.finish();
            ok = ok && q.prepare(QStringLiteral("VACUUM INTO ?")) && (q.addBindValue(to), q.exec());
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!ok)
        QFile::remove(to);
    return ok;
}

// The copy openToRead reads: a snapshot, else the files as they are (their journals with
// them, rolled back in the copy).
void copyForReading(const QString &from, const QString &to)
{
    if (!snapshotStationFile(from, to))
        copyStationFile(from, to);
}

// Where openToRead puts its copy (the file's encrypted contacts with it): the user's runtime
// folder (a tmpfs, private, emptied at logout) when there is one, else the temporary folder.
// Copies left by a reader that was killed are removed: their folder names the pid.
QString readCopyFolder()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const QString base =
        QFileInfo(runtime).isDir() && QFileInfo(runtime).isWritable() ? runtime : QDir::tempPath();
    const QString prefix = QStringLiteral("plume-read-");
    for (const QFileInfo &stale :
         QDir(base).entryInfoList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const pid_t pid = stale.fileName().section(QLatin1Char('-'), 2, 2).toInt(&ok);
        if (ok && pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH &&
            stale.ownerId() == ::getuid())
            QDir(stale.filePath()).removeRecursively();
    }
    return base + QLatin1Char('/') + prefix + QString::number(::getpid()) +
           QStringLiteral("-XXXXXX");
}
} // namespace

std::unique_ptr<Store> Store::openToRead(const QString &path, int *olderSchema)
{
    if (olderSchema)
        *olderSchema = 0;
    if (!QFileInfo::exists(path))
        return open(path); // says so
    auto dir = std::make_unique<QTemporaryDir>(readCopyFolder());
    if (!dir->isValid())
        throw StoreError(Text::tr("Dossier temporaire impossible : %1").arg(dir->errorString()));
    const QString copy = dir->filePath(QFileInfo(path).fileName());
    copyForReading(path, copy);
    std::unique_ptr<Store> s;
    try {
        s = open(copy);
    } catch (const StoreError &e) { // named as the file the caller gave
        throw StoreError(QString(e.message()).replace(copy, path));
    }
    s->m_copyDir = std::move(dir);
    if (olderSchema && s->m_openedSchema < latestSchemaVersion())
        *olderSchema = s->m_openedSchema;
    return s;
}

ElectionConfig Store::election() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT election_json FROM station WHERE id = 1")) || !q.next())
        throw StoreError(Text::tr("La fiche du bureau manque dans le fichier."));
    QString error;
    auto e =
        ElectionConfig::fromJson(q.value(0).toString().toUtf8(), &error, ElectionSource::Stored);
    if (!e)
        throw StoreError(
            Text::tr("L'élection enregistrée dans le fichier est invalide : %1").arg(error));
    return *e;
}

QString Store::newSheet(const QString &form, const ink::PageAddress &page)
{
    if (form != QLatin1String("contact"))
        throw StoreError(
            Text::tr("On ne peut ajouter que des fiches contact (le PV existe déjà)."));
    QString id;
    transaction([&] {
        QSqlQuery n(m_db);
        if (!n.exec(QStringLiteral("SELECT count(*) FROM sheets WHERE form = 'contact'")) ||
            !n.next())
            throwSql(Text::tr("comptage des feuilles impossible"), n.lastError());
        id = QStringLiteral("contact-%1").arg(n.value(0).toInt() + 1);
        // One page carries one sheet (SQLite said « UNIQUE constraint failed »).
        if (const auto taken = page.isValid() ? sheetForPage(page) : std::nullopt)
            throw StoreError(Text::tr("La page %1 porte déjà la feuille « %2 » : une page ne "
                                      "porte qu'une feuille ; rien n'est ajouté.")
                                 .arg(page.toString(), taken->id));
        QSqlQuery q = prepare(
            m_db, QStringLiteral("INSERT INTO sheets (id, form, page_address, state, created_at) "
                                 "VALUES (?, ?, ?, 'open', ?)"));
        q.addBindValue(id);
        q.addBindValue(form);
        q.addBindValue(page.isValid() ? QVariant(page.toString()) : QVariant());
        q.addBindValue(nowIso());
        exec(q, Text::tr("création de la feuille impossible"));
        auditRows(
            QStringLiteral("system"), QStringLiteral("sheet.new"), id,
            QJsonObject{{QStringLiteral("form"), form}, {QStringLiteral("page"), page.toString()}},
            {{QStringLiteral("sheets"), id}});
    });
    return id;
}

static Sheet sheetFromQuery(const QSqlQuery &q)
{
    Sheet s;
    s.id = q.value(0).toString();
    s.form = q.value(1).toString();
    s.page = ink::PageAddress::parse(q.value(2).toString()).value_or(ink::PageAddress{});
    s.state = sheetStateFromString(q.value(3).toString()).value_or(SheetState::Open);
    s.createdAt = fromIso(q.value(4).toString());
    return s;
}

static const QString kSheetColumns =
    QStringLiteral("SELECT id, form, page_address, state, created_at FROM sheets ");

QVector<Sheet> Store::sheets() const
{
    QSqlQuery q(m_db);
    // PV first, then contact sheets in numeric order.
    if (!q.exec(kSheetColumns + QStringLiteral("ORDER BY form = 'contact', rowid")))
        throwSql(Text::tr("liste des feuilles impossible"), q.lastError());
    QVector<Sheet> out;
    while (q.next())
        out.append(sheetFromQuery(q));
    return out;
}

std::optional<Sheet> Store::sheet(const QString &id) const
{
    QSqlQuery q = prepare(m_db, kSheetColumns + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    exec(q, Text::tr("lecture de la feuille impossible"));
    if (!q.next())
        return std::nullopt;
    return sheetFromQuery(q);
}

std::optional<SheetState> Store::sheetState(const QString &id) const
{
    QSqlQuery &q = cached(QStringLiteral("SELECT state FROM sheets WHERE id = ?"));
    const Reset reset(q);
    bindAll(q, {id});
    exec(q, Text::tr("lecture de la feuille impossible"));
    if (!q.next())
        return std::nullopt;
    return sheetStateFromString(q.value(0).toString()).value_or(SheetState::Open);
}

std::optional<Sheet> Store::sheetForPage(const ink::PageAddress &page) const
{
    if (!page.isValid())
        return std::nullopt;
    QSqlQuery q = prepare(m_db, kSheetColumns + QStringLiteral("WHERE page_address = ?"));
    q.addBindValue(page.toString());
    exec(q, Text::tr("lecture de la feuille impossible"));
    if (!q.next())
        return std::nullopt;
    return sheetFromQuery(q);
}

void Store::setSheetPage(const QString &sheetId, const ink::PageAddress &page)
{
    transaction([&] {
        requireAnchored({QStringLiteral("sheets"), sheetId});
        run(m_db, QStringLiteral("UPDATE sheets SET page_address = ? WHERE id = ?"),
            {page.toString(), sheetId},
            Text::tr("enregistrement de la page de la feuille impossible"));
        auditRows(QStringLiteral("system"), QStringLiteral("sheet.page"), sheetId,
                  QJsonObject{{QStringLiteral("page"), page.toString()}},
                  {{QStringLiteral("sheets"), sheetId}});
    });
}

void Store::setSheetState(const QString &sheetId, SheetState state, const QString &actor)
{
    transaction([&] {
        requireAnchored({QStringLiteral("sheets"), sheetId});
        QSqlQuery q = run(m_db, QStringLiteral("UPDATE sheets SET state = ? WHERE id = ?"),
                          {toString(state), sheetId},
                          Text::tr("enregistrement de l'état de la feuille impossible"));
        if (q.numRowsAffected() != 1)
            throw StoreError(Text::tr("Pas de feuille « %1 ».").arg(sheetId));
        auditRows(actor, QStringLiteral("sheet.state"), sheetId,
                  QJsonObject{{QStringLiteral("state"), toString(state)}},
                  {{QStringLiteral("sheets"), sheetId}});
    });
}

qint64 Store::appendStroke(const ink::Stroke &stroke, const QString &sheetId)
{
    QSqlQuery &q = cached(QStringLiteral(
        // Never an id Plume used before: a purge deletes strokes (the newest ones too)
        // but keeps their links in the ink chain.
        "INSERT INTO strokes (id, sheet_id, page_address, pen_id, start_ms, incomplete, "
        "dot_count, dots, received_at) VALUES (1 + max(coalesce((SELECT max(id) FROM "
        "strokes), 0), coalesce((SELECT max(stroke_id) FROM stroke_chain), 0)), "
        "?, ?, ?, ?, ?, ?, ?, ?)"));
    const Reset reset(q);
    const QByteArray dots = ink::encodeDots(stroke.dots, stroke.startMs);
    // Ink of a contact sheet is personal (handwritten names): encrypted; so is ink on a page
    // of no known sheet (a contact written in another notebook). Only the PV's is in clear.
    bindAll(q,
            {sheetId.isEmpty() ? QVariant() : QVariant(sheetId),
             stroke.page.isValid() ? stroke.page.toString() : QStringLiteral("unknown"),
             text(stroke.penId), stroke.startMs, stroke.incomplete ? 1 : 0, int(stroke.dots.size()),
             sheetId != kPvSheetId ? sealPersonal(dots, QByteArrayLiteral("strokes.dots")) : dots,
             nowIso()});
    return insertChained(Chain::Ink, q, Text::tr("enregistrement du trait impossible"));
}

// Runs a prepared INSERT of a chained row and links the row in the same transaction.
qint64 Store::insertChained(Chain chain, QSqlQuery &q, const QString &error)
{
    const QVariantList bound = q.boundValues();
    qint64 id = 0;
    transaction([&] {
        exec(q, error);
        id = q.lastInsertId().toLongLong();
        chainRow(chain, id, bound);
    });
    return id;
}

static QVector<StoredStroke> readStrokes(const Store &store, QSqlQuery &q)
{
    QVector<StoredStroke> out;
    while (q.next()) {
        StoredStroke s;
        s.id = q.value(0).toLongLong();
        s.sheetId = q.value(1).toString();
        s.stroke.page = ink::PageAddress::parse(q.value(2).toString()).value_or(ink::PageAddress{});
        s.stroke.penId = q.value(3).toString();
        s.stroke.startMs = q.value(4).toLongLong();
        s.stroke.incomplete = q.value(5).toInt() != 0;
        s.struck = !q.value(7).isNull();
        const QDateTime received = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs);
        s.stroke.receivedMs = received.isValid() ? received.toMSecsSinceEpoch() : 0;
        auto dots = ink::decodeDots(
            store.openPersonal(q.value(6).toByteArray(), QByteArrayLiteral("strokes.dots")),
            s.stroke.startMs);
        if (!dots)
            throw StoreError(Text::tr("Le trait %1 est endommagé (points illisibles).").arg(s.id));
        s.stroke.dots = *dots;
        out.append(s);
    }
    return out;
}

QVector<StoredStroke> Store::strokes(const QString &sheetId) const
{
    QSqlQuery q = prepare(
        m_db,
        QStringLiteral(
            "SELECT strokes.id, strokes.sheet_id, page_address, pen_id, start_ms, incomplete, "
            "dots, struck_strokes.stroke_id, received_at FROM strokes LEFT JOIN struck_strokes ON "
            "struck_strokes.stroke_id = strokes.id WHERE strokes.sheet_id = ? ORDER BY "
            "strokes.id"));
    q.addBindValue(sheetId);
    exec(q, Text::tr("lecture des traits impossible"));
    return readStrokes(*this, q);
}

QVector<StoredStroke> Store::strokesForPage(const ink::PageAddress &page) const
{
    QSqlQuery q = prepare(
        m_db,
        QStringLiteral(
            "SELECT strokes.id, strokes.sheet_id, page_address, pen_id, start_ms, incomplete, "
            "dots, struck_strokes.stroke_id, received_at FROM strokes LEFT JOIN struck_strokes ON "
            "struck_strokes.stroke_id = strokes.id WHERE page_address = ? ORDER BY strokes.id"));
    q.addBindValue(page.isValid() ? page.toString() : QStringLiteral("unknown"));
    exec(q, Text::tr("lecture des traits impossible"));
    return readStrokes(*this, q);
}

bool isSqliteHeader(const QByteArray &head)
{
    return head.startsWith(QByteArrayLiteral("SQLite format 3\0"));
}

QVector<ink::Stroke> strokesOf(const QVector<StoredStroke> &stored)
{
    QVector<ink::Stroke> out;
    out.reserve(stored.size());
    for (const StoredStroke &s : stored)
        out.append(s.stroke);
    return out;
}

QVector<ink::Stroke> Store::readInk(const QString &sheetId) const
{
    const QVector<StoredStroke> stored = strokes(sheetId);
    const QVector<ink::Stroke> all = strokesOf(stored);
    QVector<ink::Stroke> out;
    for (const StoredStroke &s : stored)
        if (!s.struck && !ink::hasCompleteCopy(s.stroke, all))
            out.append(s.stroke);
    return out;
}

void Store::strikeStroke(qint64 strokeId, const QString &actor, const QString &reason)
{
    if (actor.trimmed().isEmpty() || reason.trimmed().isEmpty())
        throw StoreError(QCoreApplication::translate(
            "Store", "Rayer un trait demande le nom du membre du bureau et une raison."));
    transaction([&] {
        QSqlQuery q = run(m_db, QStringLiteral("SELECT sheet_id FROM strokes WHERE id = ?"),
                          {strokeId}, Text::tr("lecture du trait impossible"));
        if (!q.next())
            throw StoreError(Text::tr("Pas de trait %1.").arg(strokeId));
        const QVariant sheetId = q.value(0);
        q.finish();
        requireAnchored({QStringLiteral("struck_strokes"), QString::number(strokeId)});
        run(m_db,
            QStringLiteral("INSERT INTO struck_strokes (stroke_id, sheet_id, actor, reason, "
                           "struck_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
            {strokeId, sheetId, actor.trimmed(), reason.trimmed(), nowIso()},
            Text::tr("impossible de barrer le trait"));
        auditRows(actor.trimmed(), QStringLiteral("stroke.struck"), sheetId.toString(),
                  QJsonObject{{QStringLiteral("stroke"), strokeId},
                              {QStringLiteral("reason"), reason.trimmed()}},
                  {{QStringLiteral("struck_strokes"), QString::number(strokeId)}});
    });
}

QSet<qint64> Store::struckStrokeIds(const QString &sheetId) const
{
    QSqlQuery q =
        run(m_db, QStringLiteral("SELECT stroke_id FROM struck_strokes WHERE sheet_id = ?"),
            {sheetId}, Text::tr("lecture des traits barrés impossible"));
    QSet<qint64> out;
    while (q.next())
        out.insert(q.value(0).toLongLong());
    return out;
}

qint64 Store::strokeCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM strokes")) || !q.next())
        throwSql(Text::tr("comptage des traits impossible"), q.lastError());
    return q.value(0).toLongLong();
}

qint64 Store::addReading(const Reading &r)
{
    QSqlQuery q = prepare(
        m_db,
        QStringLiteral(
            // Never an id Plume used before: a purge deletes readings (the newest ones too)
            // but keeps their links in the chain of readings.
            "INSERT INTO readings (id, sheet_id, field, value, confidence, flagged, reason, "
            "nbest_json, model_version, created_at) VALUES (1 + max(coalesce((SELECT max(id) "
            "FROM readings), 0), coalesce((SELECT max(reading_id) FROM reading_chain), 0)), ?, "
            "?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(text(r.sheetId));
    q.addBindValue(text(r.field));
    const bool personal = isPersonalField(r.sheetId, r.field);
    const auto protect = [&](const QString &v, const char *context) {
        return personal ? sealText(*this, v, context) : v;
    };
    q.addBindValue(text(protect(r.value, "readings.value")));
    q.addBindValue(r.confidence);
    q.addBindValue(r.flagged ? 1 : 0);
    q.addBindValue(text(protect(r.reason, "readings.reason")));
    q.addBindValue(protect(compactJson(r.nbest), "readings.nbest_json"));
    q.addBindValue(text(r.modelVersion));
    q.addBindValue(nowIso());
    return insertChained(Chain::Readings, q, Text::tr("enregistrement de la lecture impossible"));
}

std::optional<Reading> Store::latestReading(const QString &sheetId, const QString &field) const
{
    QSqlQuery q = prepare(
        m_db, QStringLiteral(
                  "SELECT id, sheet_id, field, value, confidence, flagged, reason, nbest_json, "
                  "model_version, created_at FROM readings WHERE sheet_id = ? AND field = ? "
                  "ORDER BY id DESC LIMIT 1"));
    q.addBindValue(sheetId);
    q.addBindValue(field);
    exec(q, Text::tr("lecture des lectures impossible"));
    if (!q.next())
        return std::nullopt;
    Reading r;
    r.id = q.value(0).toLongLong();
    r.sheetId = q.value(1).toString();
    r.field = q.value(2).toString();
    r.value = openText(*this, q.value(3).toString(), "readings.value");
    r.confidence = q.value(4).toDouble();
    r.flagged = q.value(5).toInt() != 0;
    r.reason = openText(*this, q.value(6).toString(), "readings.reason");
    r.nbest = parseObject(openText(*this, q.value(7).toString(), "readings.nbest_json"));
    r.modelVersion = q.value(8).toString();
    r.createdAt = fromIso(q.value(9).toString());
    return r;
}

qint64 Store::decide(const Decision &d)
{
    if (d.official.trimmed().isEmpty())
        throw StoreError(Text::tr("Une décision demande le nom du membre du bureau."));
    if (!sheet(d.sheetId))
        throw StoreError(Text::tr("Pas de feuille « %1 ».").arg(d.sheetId));
    const bool personal = isPersonalField(d.sheetId, d.field);
    // Without consent, nothing more is kept of a contact sheet (docs/privacy.md).
    if (isErased(d.sheetId))
        throw StoreError(QCoreApplication::translate(
                             "Store", "La fiche %1 a été effacée faute de consentement : elle ne "
                                      "reçoit plus de décision.")
                             .arg(d.sheetId));
    qint64 id = 0;
    transaction([&] {
        id = insertDecision(d, personal);
        if (d.source != DecisionSource::Withdrawn) // Ctrl+Z keeps what is being typed
            dropDraft(d.sheetId, d.field);
        // The audit log is append-only and never purged: no personal value goes into it.
        auditRows(d.official, QStringLiteral("decision.") + toString(d.source),
                  d.sheetId + QLatin1Char('/') + d.field,
                  personal ? QJsonObject{{QStringLiteral("decision"), id},
                                         {QStringLiteral("personal"), true}}
                           : QJsonObject{{QStringLiteral("decision"), id},
                                         {QStringLiteral("old"), d.previousValue},
                                         {QStringLiteral("new"), d.value}},
                  {{QStringLiteral("decisions"), QString::number(id)}});
        // No consent: the sheet's personal data goes at this decision, and the sheet with it.
        if (isContactSheet(d.sheetId) && d.field == QLatin1String("consentement") &&
            d.value == QLatin1String("non") && d.source != DecisionSource::Withdrawn) {
            eraseSheets({d.sheetId}, d.official);
        }
    });
    return id;
}

bool Store::isErased(const QString &sheetId) const
{
    if (!isContactSheet(sheetId))
        return false;
    const auto s = sheet(sheetId);
    if (s && s->state == SheetState::Erased)
        return true;
    const auto consent = latestDecision(sheetId, QStringLiteral("consentement"));
    return s && s->state == SheetState::Open && consent && consent->value == QLatin1String("non");
}

qint64 Store::insertDecision(const Decision &d, bool personal)
{
    const auto protect = [&](const QString &v, const char *context) {
        return personal ? sealText(*this, v, context) : v;
    };
    QSqlQuery q = prepare(
        m_db,
        QStringLiteral(
            "INSERT INTO decisions (sheet_id, field, value, previous_value, official, source, "
            "reading_id, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(text(d.sheetId));
    q.addBindValue(text(d.field));
    q.addBindValue(text(protect(d.value, "decisions.value")));
    q.addBindValue(text(protect(d.previousValue, "decisions.previous_value")));
    q.addBindValue(text(d.official.trimmed()));
    q.addBindValue(toString(d.source));
    q.addBindValue(d.readingId > 0 ? QVariant(d.readingId) : QVariant());
    q.addBindValue(nowIso());
    exec(q, Text::tr("enregistrement de la décision impossible"));
    return q.lastInsertId().toLongLong();
}

qint64 Store::withdrawDecision(const QString &sheetId, const QString &field,
                               const QString &official)
{
    const auto target = sheet(sheetId);
    if (target && target->state != SheetState::Open)
        throw StoreError(QCoreApplication::translate("Store", "Cette feuille est scellée ou "
                                                              "effacée : ses décisions ne peuvent "
                                                              "plus être reprises."));
    const auto current = latestDecision(sheetId, field);
    if (!current)
        throw StoreError(
            QCoreApplication::translate("Store", "Le champ %1 n'a pas de décision à retirer.")
                .arg(field));
    Decision d;
    d.sheetId = sheetId;
    d.field = field;
    d.previousValue = current->value;
    d.official = official;
    d.source = DecisionSource::Withdrawn;
    d.readingId = current->readingId;
    return decide(d);
}

static Decision decisionFromQuery(const Store &store, const QSqlQuery &q)
{
    Decision d;
    d.id = q.value(0).toLongLong();
    d.sheetId = q.value(1).toString();
    d.field = q.value(2).toString();
    d.value = openText(store, q.value(3).toString(), "decisions.value");
    d.previousValue = openText(store, q.value(4).toString(), "decisions.previous_value");
    d.official = q.value(5).toString();
    d.source = decisionSourceFromString(q.value(6).toString()).value_or(DecisionSource::Typed);
    d.readingId = q.value(7).toLongLong();
    d.decidedAt = fromIso(q.value(8).toString());
    return d;
}

static const QString kDecisionColumns = QStringLiteral(
    "SELECT id, sheet_id, field, value, previous_value, official, source, reading_id, "
    "decided_at FROM decisions ");

QVector<Decision> Store::decisions(const QString &sheetId) const
{
    QSqlQuery q =
        prepare(m_db, kDecisionColumns + QStringLiteral("WHERE sheet_id = ? ORDER BY id"));
    q.addBindValue(sheetId);
    exec(q, Text::tr("lecture des décisions impossible"));
    QVector<Decision> out;
    while (q.next())
        out.append(decisionFromQuery(*this, q));
    return out;
}

std::optional<Decision> Store::latestDecision(const QString &sheetId, const QString &field) const
{
    QSqlQuery q = prepare(
        m_db, kDecisionColumns +
                  QStringLiteral("WHERE sheet_id = ? AND field = ? ORDER BY id DESC LIMIT 1"));
    q.addBindValue(sheetId);
    q.addBindValue(field);
    exec(q, Text::tr("lecture des décisions impossible"));
    if (!q.next())
        return std::nullopt;
    Decision d = decisionFromQuery(*this, q);
    if (d.source == DecisionSource::Withdrawn)
        return std::nullopt; // taken back: the field needs an official again
    return d;
}

QByteArray Store::canonicalAuditRow(const AuditEntry &row)
{
    // Canonical row: compact JSON, keys in this fixed order, detail as its compact JSON
    // (QJsonDocument sorts object keys), times as ISO 8601 UTC with milliseconds.
    const QString detail = compactJson(row.detail);
    QJsonObject o; // QJsonObject sorts keys: action, actor, at, detail, id, subject
    o.insert(QStringLiteral("id"), row.id);
    o.insert(QStringLiteral("at"), row.at.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("actor"), row.actor);
    o.insert(QStringLiteral("action"), row.action);
    o.insert(QStringLiteral("subject"), row.subject);
    o.insert(QStringLiteral("detail"), detail);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString Store::auditHash(const QString &prevHash, const AuditEntry &row)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash.toLatin1());
    h.addData(canonicalAuditRow(row));
    return QString::fromLatin1(h.result().toHex());
}

qint64 Store::appendAudit(const QString &actor, const QString &action, const QString &subject,
                          const QJsonObject &detail)
{
    qint64 id = 0;
    transaction([&] {
        QSqlQuery last(m_db);
        if (!last.exec(
                QStringLiteral("SELECT id, hash, detail FROM audit_log ORDER BY id DESC LIMIT 1")))
            throwSql(Text::tr("lecture du journal d'audit impossible"), last.lastError());
        AuditEntry e;
        e.prevHash = kGenesisHash;
        e.id = 1;
        QJsonObject lastDetail;
        if (last.next()) {
            e.id = last.value(0).toLongLong() + 1;
            e.prevHash = last.value(1).toString();
            lastDetail = parseObject(last.value(2).toString());
        }
        last.finish();
        e.at = QDateTime::fromString(nowIso(), Qt::ISODateWithMs);
        e.actor = actor;
        e.action = action;
        e.subject = subject;
        e.detail = detail;
        if (!m_migrating) // the ink and the readings as they stand: anchored with this entry
            anchorChains(e.detail, lastDetail);
        e.hash = auditHash(e.prevHash, e);
        const auto key = dataKey();
        if (!key && !m_migrating)
            throw StoreError(lockedWrite());
        QSqlQuery q = prepare(
            m_db, QStringLiteral("INSERT INTO audit_log (id, at, actor, action, subject, detail, "
                                 "prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(e.id);
        q.addBindValue(e.at.toUTC().toString(Qt::ISODateWithMs));
        q.addBindValue(text(actor));
        q.addBindValue(text(action));
        q.addBindValue(text(subject));
        q.addBindValue(compactJson(e.detail));
        q.addBindValue(e.prevHash);
        q.addBindValue(e.hash);
        q.addBindValue(key ? QVariant(auditMac(*key, e.hash))
                           : QVariant(QMetaType(QMetaType::QByteArray)));
        exec(q, Text::tr("écriture dans le journal d'audit impossible"));
        id = e.id;
    });
    return id;
}

QVector<AuditEntry> Store::auditLog() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, at, actor, action, subject, detail, prev_hash, hash, "
                               "mac FROM audit_log ORDER BY id")))
        throwSql(Text::tr("lecture du journal d'audit impossible"), q.lastError());
    QVector<AuditEntry> out;
    while (q.next()) {
        AuditEntry e;
        e.id = q.value(0).toLongLong();
        e.at = fromIso(q.value(1).toString());
        e.actor = q.value(2).toString();
        e.action = q.value(3).toString();
        e.subject = q.value(4).toString();
        e.detail = parseObject(q.value(5).toString());
        e.prevHash = q.value(6).toString();
        e.hash = q.value(7).toString();
        e.mac = q.value(8).toByteArray();
        out.append(e);
    }
    return out;
}

CheckResult Store::verifyAuditChain() const
{
    return verifyAuditChain(auditLog());
}

CheckResult Store::verifyAuditChain(const QVector<AuditEntry> &log) const
{
    QString prev = kGenesisHash;
    qint64 expectedId = 1;
    for (const AuditEntry &e : log) {
        if (e.id != expectedId)
            return {false, Text::tr("ligne d'audit %1 : numéro %2 attendu (une ligne manque)")
                               .arg(e.id)
                               .arg(expectedId)};
        if (e.prevHash != prev)
            return {false,
                    Text::tr("ligne d'audit %1 : ne s'enchaîne pas à la précédente").arg(e.id)};
        if (auditHash(prev, e) != e.hash)
            return {false,
                    Text::tr("ligne d'audit %1 : empreinte différente (ligne modifiée)").arg(e.id)};
        prev = e.hash;
        ++expectedId;
    }
    return checkAuditMacs(log);
}

CheckResult Store::check() const
{
    // One snapshot for every step: the window's writer thread stores ink on its own
    // connection meanwhile, and a stroke seen without its link (read a moment earlier) is
    // not "written outside Plume". A deferred BEGIN reads one snapshot; nothing is written.
    // What the check names may come from the altered file (a row's key, a trigger's name:
    // terminal escapes that print "ok"): the message is printable, never raw.
    const auto safe = [](CheckResult r) {
        r.message = printable(r.message);
        return r;
    };
    if (m_txDepth > 0)
        return safe(checkSnapshot());
    execSql(m_db, QStringLiteral("BEGIN"));
    const auto end = qScopeGuard([this] { QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK")); });
    return safe(checkSnapshot());
}

namespace {

// One row of integrity_check may hold several problems, one to a line, under a line naming
// the database ("*** in database main ***").
QStringList sqliteProblems(const QString &row)
{
    QStringList out;
    for (const QString &line : row.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.startsWith(QLatin1String("***")))
            out << line.trimmed();
    return out;
}

// SQLite's sentences are in English: the count first, then the first three, as SQLite says them.
QString sqliteProblemsText(const QStringList &problems)
{
    constexpr qsizetype kShown = 3;
    QString said = problems.mid(0, kShown).join(QStringLiteral(" ; "));
    if (problems.size() > kShown)
        said += QStringLiteral(" ; …");
    return Text::tr("Contrôle d'intégrité SQLite : %n problème(s) dans les pages du fichier "
                    "(SQLite, en anglais : %1)",
                    nullptr, int(problems.size()))
        .arg(said);
}

} // namespace

// SQLite's own checks: the file's pages and the references between tables.
CheckResult Store::checkSqlite() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return {false,
                Text::tr("Contrôle d'intégrité SQLite impossible : %1").arg(q.lastError().text())};
    QStringList problems;
    while (q.next())
        problems << sqliteProblems(q.value(0).toString());
    if (problems != QStringList{QStringLiteral("ok")})
        return {false, sqliteProblemsText(problems)};
    QSqlQuery fk(m_db);
    if (fk.exec(QStringLiteral("PRAGMA foreign_key_check")) && fk.next())
        return {false, Text::tr("Contrôle des références : table %1, ligne %2")
                           .arg(fk.value(0).toString(), fk.value(1).toString())};
    return {true, QStringLiteral("ok")};
}

CheckResult Store::checkSnapshot() const
{
    if (CheckResult r = checkSqlite(); !r.ok)
        return r;
    // The audit log is read once for the steps that need it. The schema last: an
    // attacker's dropped trigger is named after the edit it allowed.
    const QVector<AuditEntry> log = auditLog();
    const std::function<CheckResult()> steps[] = {[&] { return checkProtection(log); },
                                                  [&] { return verifyAuditChain(log); },
                                                  [&] { return checkAnchors(log); },
                                                  [&] { return checkKeyTypes(); },
                                                  [&] { return checkRows(log); },
                                                  [&] { return checkChain(Chain::Ink, log); },
                                                  [&] { return checkChain(Chain::Readings, log); },
                                                  [&] { return checkBlobColumns(); },
                                                  [&] { return checkSchema(); }};
    for (const auto &step : steps)
        if (CheckResult r = step(); !r.ok)
            return r;
    return {true, QStringLiteral("ok")};
}

void Store::setSetting(const QString &key, const QByteArray &value)
{
    transaction([&] {
        run(m_db,
            QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
            {key, value}, Text::tr("enregistrement du réglage impossible"));
        auditRows(QStringLiteral("system"), QStringLiteral("setting"), key, QJsonObject(),
                  {{QStringLiteral("settings"), key}});
    });
}

std::optional<QByteArray> Store::setting(const QString &key) const
{
    QSqlQuery &q = cached(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    const Reset reset(q);
    bindAll(q, {key});
    exec(q, Text::tr("lecture du réglage impossible"));
    if (!q.next())
        return std::nullopt;
    return q.value(0).toByteArray();
}

void Store::removeSetting(const QString &key)
{
    transaction([&] {
        run(m_db, QStringLiteral("DELETE FROM settings WHERE key = ?"), {key},
            Text::tr("effacement du réglage impossible"));
        auditRows(QStringLiteral("system"), QStringLiteral("setting.removed"), key, QJsonObject(),
                  {{QStringLiteral("settings"), key}});
    });
}

void Store::setSecretSetting(const QString &key, const QByteArray &value)
{
    setSetting(key, sealPersonal(value, key.toUtf8()));
}

std::optional<QByteArray> Store::secretSetting(const QString &key) const
{
    const auto stored = setting(key);
    if (!stored)
        return std::nullopt;
    return openPersonal(*stored, key.toUtf8());
}

QJsonObject Store::info() const
{
    const ElectionConfig e = election();
    auto count = [&](const QString &table) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return qint64(-1);
        return q.value(0).toLongLong();
    };
    QJsonObject o{{QStringLiteral("path"), m_path},
                  {QStringLiteral("schema_version"), schemaVersion()},
                  {QStringLiteral("station"), e.stationCode},
                  {QStringLiteral("station_name"), e.stationName},
                  {QStringLiteral("election"), e.electionName},
                  {QStringLiteral("round"), e.round},
                  {QStringLiteral("candidates"), int(e.candidates.size())}};
    for (const QString &t :
         {QStringLiteral("sheets"), QStringLiteral("strokes"), QStringLiteral("readings"),
          QStringLiteral("decisions"), QStringLiteral("audit_log"), QStringLiteral("outbox")})
        o.insert(t, count(t));
    return o;
}

} // namespace plume::store
