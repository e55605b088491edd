// Protection of personal data in the station file (docs/privacy.md): the data key, its
// wrapping with the station passphrase, encryption of personal values, purge.
#include "store/store.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

#include <mutex>

namespace plume::store {
namespace {

const QString kDataKeySetting = QStringLiteral("privacy.data_key");       // unprotected only
const QString kKdfSetting = QStringLiteral("privacy.kdf");                // Argon2id params
const QString kWrappedKeySetting = QStringLiteral("privacy.wrapped_key"); // also the verifier
const QByteArray kBlobMagic = QByteArrayLiteral("PLENC1");
const QByteArray kWrapContext = QByteArrayLiteral("plume.privacy.data_key.v1");
constexpr int kMinPassphrase = 8;

void initSodium()
{
    static const int rc = sodium_init();
    if (rc < 0)
        throw StoreError(QStringLiteral("libsodium cannot be initialised"));
}

// Keys unlocked in this process, by canonical file path.
std::mutex &ringMutex()
{
    static std::mutex m;
    return m;
}
QHash<QString, QByteArray> &ring()
{
    static QHash<QString, QByteArray> r;
    return r;
}

const unsigned char *u(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

QByteArray aeadSeal(const QByteArray &key, const QByteArray &plain, const QByteArray &ad)
{
    initSodium();
    QByteArray nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, Qt::Uninitialized);
    randombytes_buf(nonce.data(), size_t(nonce.size()));
    QByteArray out = kBlobMagic + nonce;
    const qsizetype head = out.size();
    out.resize(head + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char *>(out.data() + head), &clen, u(plain),
        static_cast<unsigned long long>(plain.size()), u(ad),
        static_cast<unsigned long long>(ad.size()), nullptr, u(nonce), u(key));
    out.resize(head + qsizetype(clen));
    return out;
}

std::optional<QByteArray> aeadOpen(const QByteArray &key, const QByteArray &blob,
                                   const QByteArray &ad)
{
    initSodium();
    const qsizetype head = kBlobMagic.size() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (!blob.startsWith(kBlobMagic) ||
        blob.size() < head + qsizetype(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        return std::nullopt;
    const QByteArray nonce =
        blob.mid(kBlobMagic.size(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    QByteArray out(blob.size() - head, Qt::Uninitialized);
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(out.data()), &mlen, nullptr, u(blob) + head,
            static_cast<unsigned long long>(blob.size() - head), u(ad),
            static_cast<unsigned long long>(ad.size()), u(nonce), u(key)) != 0)
        return std::nullopt;
    out.resize(qsizetype(mlen));
    return out;
}

struct KdfParams
{
    QByteArray salt;
    quint64 opslimit = 0;
    quint64 memlimit = 0;
};

QByteArray deriveKek(const QString &passphrase, const KdfParams &p)
{
    initSodium();
    const QByteArray pw = passphrase.toUtf8();
    QByteArray kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, Qt::Uninitialized);
    if (crypto_pwhash(reinterpret_cast<unsigned char *>(kek.data()),
                      static_cast<unsigned long long>(kek.size()), pw.constData(),
                      static_cast<unsigned long long>(pw.size()), u(p.salt), p.opslimit,
                      size_t(p.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw StoreError(QStringLiteral("not enough memory to derive the key from the passphrase"));
    return kek;
}

std::optional<KdfParams> parseKdf(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    KdfParams p;
    p.salt = QByteArray::fromBase64(o.value(QStringLiteral("salt")).toString().toLatin1());
    p.opslimit = quint64(o.value(QStringLiteral("opslimit")).toInteger());
    p.memlimit = quint64(o.value(QStringLiteral("memlimit")).toInteger());
    if (o.value(QStringLiteral("alg")).toString() != QLatin1String("argon2id13") ||
        p.salt.size() != crypto_pwhash_SALTBYTES || p.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
        p.memlimit < crypto_pwhash_MEMLIMIT_MIN)
        return std::nullopt;
    return p;
}

} // namespace

QString Store::keyRingId() const
{
    const QString c = QFileInfo(m_path).canonicalFilePath();
    return c.isEmpty() ? QFileInfo(m_path).absoluteFilePath() : c;
}

bool Store::isContactSheet(const QString &sheetId)
{
    return sheetId.startsWith(QLatin1String("contact-"));
}

bool Store::isPersonalField(const QString &sheetId, const QString &field)
{
    return isContactSheet(sheetId) && field != QLatin1String("consentement");
}

bool Store::isSealedPersonal(const QByteArray &stored)
{
    return stored.startsWith(kBlobMagic);
}

void Store::ensureDataKey()
{
    const auto hasKey = [&] { return setting(kDataKeySetting) || setting(kWrappedKeySetting); };
    if (hasKey())
        return;
    // BEGIN IMMEDIATE serialises two processes opening a fresh file: one key only.
    transaction([&] {
        if (hasKey())
            return;
        initSodium();
        QByteArray key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, Qt::Uninitialized);
        crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char *>(key.data()));
        setSetting(kDataKeySetting, key);
        sodium_memzero(key.data(), size_t(key.size()));
    });
}

std::optional<QByteArray> Store::dataKey() const
{
    if (const auto clear = setting(kDataKeySetting))
        return clear;
    std::lock_guard lock(ringMutex());
    const auto it = ring().constFind(keyRingId());
    if (it == ring().constEnd())
        return std::nullopt;
    return *it;
}

QByteArray Store::requireDataKey() const
{
    auto k = dataKey();
    if (!k)
        throw StoreError(QStringLiteral("the station is locked: contact data needs the station "
                                        "passphrase (Store::unlock, --passphrase-file or "
                                        "PLUME_PASSPHRASE_FILE)"));
    return *k;
}

Store::Protection Store::protection() const
{
    if (setting(kDataKeySetting) || !setting(kWrappedKeySetting))
        return Protection::Unprotected;
    std::lock_guard lock(ringMutex());
    return ring().contains(keyRingId()) ? Protection::Unlocked : Protection::Locked;
}

void Store::unlock(const QString &passphrase)
{
    const auto wrapped = setting(kWrappedKeySetting);
    if (!wrapped || setting(kDataKeySetting))
        return; // unprotected: nothing to unlock
    const auto params = parseKdf(setting(kKdfSetting).value_or(QByteArray()));
    if (!params)
        throw StoreError(QStringLiteral("the station's key settings are damaged"));
    QByteArray kek = deriveKek(passphrase, *params);
    const auto key = aeadOpen(kek, *wrapped, kWrapContext);
    sodium_memzero(kek.data(), size_t(kek.size()));
    if (!key)
        throw StoreError(QStringLiteral("wrong station passphrase"));
    std::lock_guard lock(ringMutex());
    ring().insert(keyRingId(), *key);
}

void Store::lock()
{
    std::lock_guard lock(ringMutex());
    auto it = ring().find(keyRingId());
    if (it != ring().end()) {
        sodium_memzero(it->data(), size_t(it->size()));
        ring().erase(it);
    }
}

void Store::setPassphrase(const QString &passphrase, const QString &current)
{
    if (passphrase.size() < kMinPassphrase)
        throw StoreError(QStringLiteral("the station passphrase needs at least %1 characters")
                             .arg(kMinPassphrase));
    if (protection() == Protection::Locked) {
        if (current.isEmpty())
            throw StoreError(QStringLiteral("give the current station passphrase to change it"));
        unlock(current);
    }
    QByteArray key = requireDataKey();
    initSodium();
    KdfParams p;
    p.salt.resize(crypto_pwhash_SALTBYTES);
    randombytes_buf(p.salt.data(), size_t(p.salt.size()));
    p.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    p.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    QByteArray kek = deriveKek(passphrase, p);
    const QByteArray wrapped = aeadSeal(kek, key, kWrapContext);
    sodium_memzero(kek.data(), size_t(kek.size()));
    const QJsonObject kdf{{QStringLiteral("alg"), QStringLiteral("argon2id13")},
                          {QStringLiteral("opslimit"), qint64(p.opslimit)},
                          {QStringLiteral("memlimit"), qint64(p.memlimit)},
                          {QStringLiteral("salt"), QString::fromLatin1(p.salt.toBase64())}};
    transaction([&] {
        setSetting(kKdfSetting, QJsonDocument(kdf).toJson(QJsonDocument::Compact));
        setSetting(kWrappedKeySetting, wrapped);
        QSqlQuery del(m_db);
        del.prepare(QStringLiteral("DELETE FROM settings WHERE key = ?"));
        del.addBindValue(kDataKeySetting);
        if (!del.exec())
            throw StoreError(QStringLiteral("cannot erase the clear data key: ") +
                             del.lastError().text());
        appendAudit(QStringLiteral("system"), QStringLiteral("privacy.passphrase"),
                    QStringLiteral("station"),
                    QJsonObject{{QStringLiteral("kdf"), QStringLiteral("argon2id13")}});
    });
    {
        std::lock_guard lock(ringMutex());
        ring().insert(keyRingId(), key);
    }
    sodium_memzero(key.data(), size_t(key.size()));
    compact(); // the clear key must not stay in the WAL or a free page
}

QString Store::readPassphraseFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw StoreError(
            QStringLiteral("cannot read the passphrase file %1: %2").arg(path, f.errorString()));
    QByteArray line = f.readLine(4096);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        throw StoreError(QStringLiteral("the passphrase file %1 is empty").arg(path));
    return QString::fromUtf8(line);
}

void Store::autoUnlockFromEnvironment()
{
    const QString file = qEnvironmentVariable("PLUME_PASSPHRASE_FILE");
    if (file.isEmpty())
        return;
    const Protection p = protection();
    if (p == Protection::Locked)
        unlock(readPassphraseFile(file));
}

QByteArray Store::sealPersonal(const QByteArray &plain, const QByteArray &context) const
{
    QByteArray key = requireDataKey();
    QByteArray out = aeadSeal(key, plain, context);
    sodium_memzero(key.data(), size_t(key.size()));
    return out;
}

QByteArray Store::openPersonal(const QByteArray &stored, const QByteArray &context) const
{
    if (!isSealedPersonal(stored))
        return stored;
    QByteArray key = requireDataKey();
    const auto plain = aeadOpen(key, stored, context);
    sodium_memzero(key.data(), size_t(key.size()));
    if (!plain)
        throw StoreError(QStringLiteral("an encrypted value does not decrypt (%1): the file "
                                        "is damaged")
                             .arg(QString::fromLatin1(context)));
    return *plain;
}

int Store::purgePersonalData(const QStringList &sheetIds, const QString &actor, bool markPurged)
{
    int rows = 0;
    int sheetsDone = 0;
    transaction([&] {
        for (const QString &id : sheetIds) {
            if (!isContactSheet(id))
                throw StoreError(QStringLiteral("only contact sheets hold personal data"));
            const QStringList sql = {
                QStringLiteral("DELETE FROM decisions WHERE sheet_id = ? AND field <> "
                               "'consentement'"),
                QStringLiteral("DELETE FROM readings WHERE sheet_id = ? AND field <> "
                               "'consentement'"),
                QStringLiteral("DELETE FROM strokes WHERE sheet_id = ?")};
            for (const QString &s : sql) {
                QSqlQuery q(m_db);
                q.prepare(s);
                q.addBindValue(id);
                if (!q.exec())
                    throw StoreError(QStringLiteral("cannot purge personal data: ") +
                                     q.lastError().text());
                rows += q.numRowsAffected();
            }
            if (markPurged) {
                QSqlQuery q(m_db);
                q.prepare(QStringLiteral("UPDATE sheets SET state = 'purged' WHERE id = ?"));
                q.addBindValue(id);
                if (!q.exec())
                    throw StoreError(QStringLiteral("cannot mark the sheet purged: ") +
                                     q.lastError().text());
            }
            ++sheetsDone;
        }
        if (sheetsDone > 0)
            appendAudit(
                actor, QStringLiteral("contacts.purged"), QStringLiteral("contacts"),
                QJsonObject{{QStringLiteral("sheets"), sheetsDone},
                            {QStringLiteral("rows"), rows},
                            {QStringLiteral("sheet_ids"), QJsonArray::fromStringList(sheetIds)}});
    });
    return rows;
}

int Store::purgeDeliveredContacts(const QString &actor)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT uuid, payload FROM outbox WHERE kind = 'contacts' AND "
                               "state = 'delivered' AND length(payload) > 0")))
        throw StoreError(QStringLiteral("cannot read the outbox: ") + q.lastError().text());
    QVector<std::pair<QString, QByteArray>> rows;
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toByteArray()});
    q.finish();
    if (rows.isEmpty())
        return 0;
    if (!dataKey())
        return 0; // locked: `plumectl contacts purge` later
    int sheets = 0;
    transaction([&] {
        for (const auto &[uuid, stored] : rows) {
            const QByteArray bytes = openPersonal(stored, QByteArrayLiteral("outbox.payload"));
            const QJsonObject signedObj = QJsonDocument::fromJson(bytes).object();
            QStringList ids;
            const QJsonArray contacts = signedObj.value(QStringLiteral("payload"))
                                            .toObject()
                                            .value(QStringLiteral("contacts"))
                                            .toArray();
            for (const QJsonValue &c : contacts) {
                const QString id = c.toObject().value(QStringLiteral("sheet")).toString();
                if (isContactSheet(id))
                    ids << id;
            }
            purgePersonalData(ids, actor, true);
            sheets += int(ids.size());
            QSqlQuery blank(m_db);
            blank.prepare(QStringLiteral("UPDATE outbox SET payload = X'' WHERE uuid = ?"));
            blank.addBindValue(uuid);
            if (!blank.exec())
                throw StoreError(QStringLiteral("cannot empty a delivered payload: ") +
                                 blank.lastError().text());
        }
    });
    compact();
    return sheets;
}

bool Store::compact(QString *error)
{
    if (m_txDepth > 0) {
        if (error)
            *error = QStringLiteral("cannot compact inside a transaction");
        return false;
    }
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    q.finish();
    bool ok = q.exec(QStringLiteral("VACUUM"));
    if (!ok && error)
        *error = QStringLiteral("VACUUM failed: ") + q.lastError().text();
    q.finish();
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    q.finish();
    return ok;
}

} // namespace plume::store
