// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Protection of personal data in the station file (docs/privacy.md): the data key, its
// wrapping with the station passphrase, encryption of personal values, purge.
#include "store/passphrase.h"
#include "store/sqlutil.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopedValueRollback>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

#include <mutex>

namespace plume::store {
namespace {

const QString kDataKeySetting = QStringLiteral("privacy.data_key");       // unprotected only
const QString kKdfSetting = QStringLiteral("privacy.kdf");                // Argon2id params
const QString kWrappedKeySetting = QStringLiteral("privacy.wrapped_key"); // also the verifier
// The data key's MAC of its wrapping (and of the first audit entry that must carry a MAC):
// a process holding the key tells a passphrase changed by another process from a wrapping
// put in by hand.
const QString kWrappingMacSetting = QStringLiteral("privacy.wrapping_mac");
const QByteArray kBlobMagic = QByteArrayLiteral("PLENC1");
const QByteArray kWrapContext = QByteArrayLiteral("plume.privacy.data_key.v1");
// Argon2id limits of today (MODERATE: 3 passes, 256 MiB, about 0.5-1 s per guess). A file
// with lower stored limits is re-wrapped with these at its next unlock.
const quint64 kOpsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
const quint64 kMemLimit = crypto_pwhash_MEMLIMIT_MODERATE;

void initSodium()
{
    static const int rc = sodium_init();
    if (rc < 0)
        throw StoreError(
            sql::Text::tr("La bibliothèque de chiffrement (libsodium) ne démarre pas."));
}

// Keys unlocked in this process, by canonical file path.
std::mutex &ringMutex()
{
    static std::mutex m;
    return m;
}
// An unlocked data key, and the first audit entry that must carry a MAC (0: none, a key
// wrapped by an older version).
struct UnlockedKey
{
    QByteArray key;
    qint64 macFrom = 0;
};
QHash<QString, UnlockedKey> &ring()
{
    static QHash<QString, UnlockedKey> r;
    return r;
}

// What the passphrase wraps: the data key, then the first audit entry that must carry a
// MAC (8 bytes, little-endian). A key wrapped by an older version is the data key alone.
QByteArray wrapPlain(const QByteArray &key, qint64 macFrom)
{
    QByteArray plain = key;
    for (int i = 0; i < 8; ++i)
        plain.append(char((quint64(macFrom) >> (8 * i)) & 0xff));
    return plain;
}

qint64 macFromOf(const QByteArray &plain)
{
    if (plain.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES + 8)
        return 0;
    quint64 v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | uchar(plain[crypto_aead_xchacha20poly1305_ietf_KEYBYTES + i]);
    return qint64(v);
}

// BLAKE2b keyed with the data key (the audit entries' MAC and the wrapping's).
QByteArray keyedHash(const QByteArray &dataKey, const QByteArray &in)
{
    initSodium();
    QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), size_t(out.size()),
                       reinterpret_cast<const unsigned char *>(in.constData()), quint64(in.size()),
                       reinterpret_cast<const unsigned char *>(dataKey.constData()),
                       size_t(dataKey.size()));
    return out;
}

QByteArray wrappingMac(const QByteArray &dataKey, const QByteArray &wrapped, qint64 macFrom)
{
    const QByteArray number = QByteArray::number(macFrom);
    return number + ':' +
           keyedHash(dataKey,
                     QByteArrayLiteral("plume.privacy.wrapping.v1:") + number + ':' + wrapped)
               .toHex();
}

// The first audit entry that must carry a MAC, when the setting is the data key's MAC of
// this wrapping.
std::optional<qint64> wrappedWith(const QByteArray &dataKey, const QByteArray &wrapped,
                                  const QByteArray &mac)
{
    bool ok = false;
    const qint64 from = mac.left(mac.indexOf(':')).toLongLong(&ok);
    const QByteArray expected = ok ? wrappingMac(dataKey, wrapped, from) : QByteArray();
    if (!ok || expected.size() != mac.size() ||
        sodium_memcmp(expected.constData(), mac.constData(), size_t(mac.size())) != 0)
        return std::nullopt;
    return from;
}

void remember(const QString &ringId, const QByteArray &key, qint64 macFrom)
{
    std::lock_guard lock(ringMutex());
    ring().insert(ringId, {key, macFrom});
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
        throw StoreError(sql::Text::tr("Pas assez de mémoire pour dériver la clé de la phrase "
                                       "secrète (il faut 256 Mio libres)."));
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

// randomKey: the passphrase is random (Store::createScratch), so the cost buys nothing.
KdfParams freshParams(bool randomKey)
{
    initSodium();
    KdfParams p;
    p.salt.resize(crypto_pwhash_SALTBYTES);
    randombytes_buf(p.salt.data(), size_t(p.salt.size()));
    p.opslimit = randomKey ? crypto_pwhash_OPSLIMIT_MIN : kOpsLimit;
    p.memlimit = randomKey ? crypto_pwhash_MEMLIMIT_MIN : kMemLimit;
    return p;
}

QByteArray kdfJson(const KdfParams &p)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("alg"), QStringLiteral("argon2id13")},
                           {QStringLiteral("opslimit"), qint64(p.opslimit)},
                           {QStringLiteral("memlimit"), qint64(p.memlimit)},
                           {QStringLiteral("salt"), QString::fromLatin1(p.salt.toBase64())}})
        .toJson(QJsonDocument::Compact);
}

QString ringIdOf(const QByteArray &wrapped)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(wrapped, QCryptographicHash::Sha256).toHex());
}

// The Argon2id settings of a protected file; throws StoreError when they are damaged.
KdfParams requireKdf(const std::optional<QByteArray> &json)
{
    const auto params = parseKdf(json.value_or(QByteArray()));
    if (!params)
        throw StoreError(sql::Text::tr("Les réglages de clé du bureau sont endommagés."));
    return *params;
}

// The wrapped data key opened with the passphrase (*kek: the key that opened it; the caller
// wipes both). Throws StoreError when the passphrase is not the station's.
QByteArray openWrapped(const QByteArray &wrapped, const KdfParams &params,
                       const QString &passphrase, QByteArray *kek)
{
    *kek = deriveKek(passphrase, params);
    auto plain = aeadOpen(*kek, wrapped, kWrapContext);
    if (!plain) {
        sql::wipe(*kek);
        throw StoreError(sql::Text::tr("Phrase secrète du bureau incorrecte."));
    }
    return *plain;
}

} // namespace

namespace sql {

void randomBytes(QByteArray &out)
{
    initSodium();
    randombytes_buf(out.data(), size_t(out.size()));
}

void wipe(QByteArray &secret)
{
    if (!secret.isEmpty())
        sodium_memzero(secret.data(), size_t(secret.size()));
}

} // namespace sql

// Keys are remembered by the wrapped key they open: every connection to the file (the
// StrokeWriter's too), and every copy of it, share one unlock in this process.
QString Store::keyRingId() const
{
    return ringIdOf(setting(kWrappedKeySetting).value_or(QByteArray()));
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
        sql::wipe(key);
    });
}

// Once wrapped, the data key is never read in clear: a `privacy.data_key` row planted
// beside the wrapped one must not make the file look unprotected (its MACs unchecked).
std::optional<QByteArray> Store::dataKey() const
{
    if (keyTakenAway())
        return std::nullopt;
    if (!setting(kWrappedKeySetting))
        return setting(kDataKeySetting);
    std::lock_guard lock(ringMutex());
    const auto it = ring().constFind(keyRingId());
    if (it == ring().constEnd())
        return std::nullopt;
    return it->key;
}

QByteArray Store::requireDataKey() const
{
    auto k = dataKey();
    if (!k)
        throw StoreError(sql::Text::tr("Le bureau est verrouillé : les fiches contact ne se lisent "
                                       "et ne s'écrivent qu'avec sa phrase secrète."));
    return *k;
}

Store::Protection Store::protection() const
{
    if (keyTakenAway())
        return Protection::Locked;
    if (!setting(kWrappedKeySetting))
        return Protection::Unprotected;
    const QString id = keyRingId();
    std::lock_guard lock(ringMutex());
    if (!ring().contains(id))
        return Protection::Locked;
    m_heldRing = id;
    return Protection::Unlocked;
}

// Once the file is protected and unlocked here, its wrapped key deleted (then the file looks
// unprotected: Enter alone would open the window's lock, « Siège… » would not ask) or
// replaced by another station's (whose passphrase the insider knows) is no unprotected file
// nor another passphrase: it reads as locked until Plume opens it again. A passphrase changed
// through Plume (any connection of this process) remembers the same data key under its new
// wrapping: no tampering. Store::lock() forgets the key, and with it what was held.
bool Store::keyTakenAway() const
{
    if (m_heldRing.isEmpty())
        return false;
    const QString now = keyRingId();
    std::lock_guard lock(ringMutex());
    const auto held = ring().constFind(m_heldRing);
    if (held == ring().constEnd()) {
        m_heldRing.clear();
        return false;
    }
    if (now == m_heldRing)
        return false;
    const auto current = ring().constFind(now);
    if (current == ring().constEnd())
        return !followNewWrapping(now, held->key);
    if (current->key != held->key)
        return true;
    m_heldRing = now;
    return false;
}

// The passphrase changed by another process (`plumectl station set-passphrase` while the
// window runs): the same data key, wrapped again by a holder of it. The window then lost
// every stroke written after it, the file reading as locked (a review of 2026-12-02).
// Called with the ring's mutex held.
bool Store::followNewWrapping(const QString &now, QByteArray key) const
{
    const auto wrapped = setting(kWrappedKeySetting);
    const auto mac = setting(kWrappingMacSetting);
    if (!wrapped || !mac || ringIdOf(*wrapped) != now)
        return false;
    const auto from = wrappedWith(key, *wrapped, *mac);
    if (!from)
        return false;
    ring().insert(now, {key, *from});
    m_heldRing = now;
    return true;
}

void Store::confirmPassphrase(const QString &passphrase) const
{
    if (keyTakenAway())
        throw StoreError(sql::Text::tr(
            "La clé du bureau a été enlevée ou remplacée dans le fichier depuis que Plume l'a "
            "ouvert (modifié hors de Plume) : la phrase secrète ne peut plus être vérifiée. "
            "Fermez Plume, puis vérifiez le fichier (plumectl db check)."));
    const auto wrapped = setting(kWrappedKeySetting);
    if (!wrapped)
        return; // unprotected: no passphrase to confirm
    QByteArray kek;
    QByteArray plain = openWrapped(*wrapped, requireKdf(setting(kKdfSetting)), passphrase, &kek);
    sql::wipe(kek);
    sql::wipe(plain);
}

void Store::unlock(const QString &passphrase)
{
    const auto wrapped = setting(kWrappedKeySetting);
    if (!wrapped)
        return; // unprotected: nothing to unlock
    const KdfParams params = requireKdf(setting(kKdfSetting));
    QByteArray kek;
    QByteArray plain = openWrapped(*wrapped, params, passphrase, &kek);
    QByteArray key = plain.left(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    const qint64 macFrom = macFromOf(plain);
    sql::wipe(plain);
    remember(ringIdOf(*wrapped), key, macFrom);
    if (macFrom == 0) // a key wrapped by an older version: audit entries sealed from now on
        sealAuditFromNow(kek, key);
    sql::wipe(kek);
    sql::wipe(key);
    if (params.opslimit < kOpsLimit || params.memlimit < kMemLimit)
        upgradeKdf(passphrase);
    protection(); // what is held from now on (keyTakenAway)
}

// Raises the file's Argon2id limits to today's (the same data key, wrapped again).
void Store::upgradeKdf(const QString &passphrase)
{
    QByteArray key = requireDataKey();
    wrapDataKey(key, passphrase);
    sql::wipe(key);
}

void Store::lock()
{
    std::lock_guard lock(ringMutex());
    auto it = ring().find(keyRingId());
    if (it != ring().end()) {
        sodium_memzero(it->key.data(), size_t(it->key.size()));
        ring().erase(it);
    }
}

qint64 Store::auditMacFrom() const
{
    if (protection() != Protection::Unlocked)
        return 0;
    std::lock_guard lock(ringMutex());
    return ring().value(keyRingId()).macFrom;
}

// A passphrase is never taken off a station: a file that had one (its audit log says so)
// and has none now lost it outside Plume, its audit MACs with it.
CheckResult Store::checkProtection(const QVector<AuditEntry> &log) const
{
    if (protection() != Protection::Unprotected)
        return {true, QStringLiteral("ok")};
    for (const AuditEntry &e : log)
        if (e.action == QLatin1String("privacy.passphrase"))
            return sql::tampered(
                sql::Text::tr("La phrase secrète du bureau (posée à l'entrée d'audit %1) a été "
                              "retirée hors de Plume.")
                    .arg(e.id));
    return {true, QStringLiteral("ok")};
}

qint64 Store::firstUnsealedAuditId() const
{
    QSqlQuery q = sql::run(m_db,
                           QStringLiteral("SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log WHERE "
                                          "mac IS NULL OR length(mac) = 0"),
                           {}, sql::Text::tr("lecture du journal d'audit impossible"));
    return q.next() ? q.value(0).toLongLong() : 1;
}

// The data key wrapped again with the same key from the passphrase, now with the first
// audit entry that must carry a MAC: the next one.
void Store::sealAuditFromNow(const QByteArray &kek, const QByteArray &key)
{
    transaction([&] {
        const qint64 from = firstUnsealedAuditId();
        QByteArray plain = wrapPlain(key, from);
        const QByteArray wrapped = aeadSeal(kek, plain, kWrapContext);
        sql::wipe(plain);
        remember(ringIdOf(wrapped), key, from);
        setSetting(kWrappedKeySetting, wrapped);
        setSetting(kWrappingMacSetting, wrappingMac(key, wrapped, from));
    });
}

QByteArray Store::auditMac(const QByteArray &dataKey, const QString &hash)
{
    return keyedHash(dataKey, QByteArrayLiteral("plume.audit.mac.v1:") + hash.toLatin1());
}

// Wraps the data key with a key derived from the passphrase (one Argon2id derivation) and
// stores it with its parameters; erases a clear data key and seals clear `*.secret`
// settings of an older file. The key stays unlocked in this process.
void Store::wrapDataKey(const QByteArray &key, const QString &passphrase, KdfCost cost)
{
    const KdfParams p = freshParams(cost == KdfCost::RandomKey);
    QByteArray kek = deriveKek(passphrase, p);
    const qint64 known = auditMacFrom();
    const qint64 from = known > 0 ? known : firstUnsealedAuditId();
    QByteArray plain = wrapPlain(key, from);
    const QByteArray wrapped = aeadSeal(kek, plain, kWrapContext);
    sql::wipe(plain);
    sql::wipe(kek);
    remember(ringIdOf(wrapped), key, from);
    transaction([&] {
        // The wrapped key first: the audit entries of these settings are sealed with it.
        setSetting(kWrappedKeySetting, wrapped);
        setSetting(kWrappingMacSetting, wrappingMac(key, wrapped, from));
        setSetting(kKdfSetting, kdfJson(p));
        if (setting(kDataKeySetting))
            removeSetting(kDataKeySetting);
        QSqlQuery q = sql::run(m_db,
                               QStringLiteral("SELECT key, value FROM settings WHERE key "
                                              "LIKE '%.secret'"),
                               {}, sql::Text::tr("lecture des réglages impossible"));
        QVector<std::pair<QString, QByteArray>> clear;
        while (q.next())
            if (!isSealedPersonal(q.value(1).toByteArray()))
                clear.append({q.value(0).toString(), q.value(1).toByteArray()});
        q.finish();
        for (auto &[name, value] : clear) {
            setSecretSetting(name, value);
            sql::wipe(value);
        }
        appendAudit(QStringLiteral("system"), QStringLiteral("privacy.passphrase"),
                    QStringLiteral("station"),
                    QJsonObject{{QStringLiteral("kdf"), QStringLiteral("argon2id13")},
                                {QStringLiteral("opslimit"), qint64(p.opslimit)},
                                {QStringLiteral("memlimit"), qint64(p.memlimit)}});
    });
}

void Store::setPassphrase(const QString &passphrase, const QString &current)
{
    QStringList context;
    try {
        context = passphraseContext(election());
    } catch (const StoreError &) {
    }
    const PassphraseStrength strength = checkPassphrase(passphrase, context);
    if (!strength.accepted)
        throw StoreError(strength.reason);
    if (protection() == Protection::Locked) {
        if (current.isEmpty())
            throw StoreError(sql::Text::tr(
                "Pour changer la phrase secrète du bureau, donnez d'abord l'actuelle."));
        unlock(current);
    }
    QByteArray key = requireDataKey();
    wrapDataKey(key, passphrase);
    sql::wipe(key);
    compact(); // a clear key must not stay in the WAL or a free page
}

QString Store::randomPassphrase()
{
    QByteArray bytes(24, Qt::Uninitialized);
    sql::randomBytes(bytes);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

QString Store::readPassphraseFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw StoreError(sql::Text::tr("Impossible de lire le fichier de phrase secrète %1 : %2")
                             .arg(path, f.errorString()));
    QByteArray line = f.readLine(4096);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        throw StoreError(sql::Text::tr("Le fichier de phrase secrète %1 est vide.").arg(path));
    return QString::fromUtf8(line);
}

void Store::autoUnlockFromEnvironment()
{
    const QString file = qEnvironmentVariable("PLUME_PASSPHRASE_FILE");
    if (file.isEmpty())
        return;
    if (protection() == Protection::Locked)
        unlockFromFile(file);
}

void Store::unlockFromFile(const QString &path)
{
    unlock(readPassphraseFile(path));
    m_passphraseFile = path;
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
        throw StoreError(sql::Text::tr("Une valeur chiffrée ne se déchiffre pas (%1) : le "
                                       "fichier est endommagé.")
                             .arg(QString::fromLatin1(context)));
    return *plain;
}

// Personal data is erased only from a file that passes its check. A delivery or a refused
// consent forged with sqlite3 would otherwise erase contacts HQ never received, and the
// erasure's audit entry would anchor the forged row, after which `db check` said ok (a
// hostile review did both; a third moved a consented sheet's decisions onto another and
// refused consent there, inside `decide`'s transaction). Checked once per erasure: the
// erasures that call others set m_erasureChecked around them.
void Store::requireIntact() const
{
    if (const CheckResult r = check(); !r.ok)
        throw StoreError(r.message);
}

void Store::requireIntactToErase() const
{
    if (m_erasureChecked)
        return;
    if (const CheckResult r = check(); !r.ok)
        throw StoreError(sql::Text::tr("%1 Aucune donnée personnelle n'est effacée tant que le "
                                       "fichier ne passe pas son contrôle")
                             .arg(r.message));
}

int Store::purgePersonalData(const QStringList &sheetIds, const QString &actor, bool markPurged)
{
    if (sheetIds.isEmpty())
        return 0;
    requireIntactToErase();
    int rows = 0;
    QVector<RowRef> changed;
    transaction([&] {
        for (const QString &id : sheetIds) {
            if (!isContactSheet(id))
                throw StoreError(
                    sql::Text::tr("Seules les fiches contact portent des données personnelles."));
            QSqlQuery ids =
                sql::run(m_db,
                         QStringLiteral("SELECT id FROM decisions WHERE sheet_id = ? "
                                        "AND field <> 'consentement'"),
                         {id}, sql::Text::tr("effacement des données personnelles impossible"));
            while (ids.next())
                changed.append({QStringLiteral("decisions"), ids.value(0).toString()});
            QSqlQuery struck = sql::run(
                m_db, QStringLiteral("SELECT stroke_id FROM struck_strokes WHERE sheet_id = ?"),
                {id}, sql::Text::tr("effacement des données personnelles impossible"));
            while (struck.next())
                changed.append({QStringLiteral("struck_strokes"), struck.value(0).toString()});
            for (const char *table : {"decisions", "readings"})
                rows +=
                    sql::run(m_db,
                             QStringLiteral("DELETE FROM %1 WHERE sheet_id = ? AND field <> "
                                            "'consentement'")
                                 .arg(QLatin1String(table)),
                             {id}, sql::Text::tr("effacement des données personnelles impossible"))
                        .numRowsAffected();
            for (const char *table : {"struck_strokes", "drafts"})
                sql::run(
                    m_db,
                    QStringLiteral("DELETE FROM %1 WHERE sheet_id = ?").arg(QLatin1String(table)),
                    {id}, sql::Text::tr("effacement des données personnelles impossible"));
            rows += sql::run(m_db, QStringLiteral("DELETE FROM strokes WHERE sheet_id = ?"), {id},
                             sql::Text::tr("effacement des données personnelles impossible"))
                        .numRowsAffected();
            if (markPurged) {
                sql::run(m_db, QStringLiteral("UPDATE sheets SET state = 'purged' WHERE id = ?"),
                         {id}, sql::Text::tr("marquage de la feuille effacée impossible"));
                changed.append({QStringLiteral("sheets"), id});
            }
        }
        if (!sheetIds.isEmpty())
            auditRows(
                actor, QStringLiteral("contacts.purged"), QStringLiteral("contacts"),
                QJsonObject{{QStringLiteral("sheets"), int(sheetIds.size())},
                            {QStringLiteral("rows"), rows},
                            {QStringLiteral("sheet_ids"), QJsonArray::fromStringList(sheetIds)}},
                changed);
    });
    return rows;
}

QStringList Store::contactSheetsOf(const QByteArray &signedPayload)
{
    QStringList ids;
    const QJsonArray contacts = QJsonDocument::fromJson(signedPayload)
                                    .object()
                                    .value(QStringLiteral("payload"))
                                    .toObject()
                                    .value(QStringLiteral("contacts"))
                                    .toArray();
    for (const QJsonValue &c : contacts) {
        const QString id = c.toObject().value(QStringLiteral("sheet")).toString();
        if (isContactSheet(id))
            ids << id;
    }
    return ids;
}

int Store::purgeDeliveredContacts(const QString &actor)
{
    QVector<OutboxRow> delivered;
    for (const OutboxRow &r : outboxRows(false))
        if (r.kind == QLatin1String("contacts") && r.state == OutboxState::Delivered)
            delivered.append(r);
    QSqlQuery q = sql::run(m_db,
                           QStringLiteral("SELECT uuid FROM outbox WHERE kind = 'contacts' AND "
                                          "state = 'delivered' AND length(payload) > 0"),
                           {}, sql::Text::tr("lecture de la file d'envoi impossible"));
    QSet<QString> withPayload;
    while (q.next())
        withPayload.insert(q.value(0).toString());
    q.finish();
    if (withPayload.isEmpty() || !dataKey())
        return 0; // nothing to do, or locked: `plumectl contacts purge` later
    requireIntactToErase();
    const QScopedValueRollback checked(m_erasureChecked, true);
    int sheets = 0;
    transaction([&] {
        for (const OutboxRow &row : std::as_const(delivered)) {
            if (!withPayload.contains(row.uuid))
                continue;
            const QStringList ids = contactSheetsOf(row.payload);
            purgePersonalData(ids, actor, true);
            sheets += int(ids.size());
            sql::run(m_db, QStringLiteral("UPDATE outbox SET payload = X'' WHERE uuid = ?"),
                     {row.uuid}, sql::Text::tr("effacement d'un envoi livré impossible"));
            auditRows(actor, QStringLiteral("outbox.purged"), row.uuid, QJsonObject(),
                      {{QStringLiteral("outbox"), row.uuid}});
        }
    });
    compact();
    return sheets;
}

QStringList Store::sheetsWithoutConsent() const
{
    QStringList ids;
    for (const Sheet &sh : sheets()) {
        if (!isContactSheet(sh.id) || sh.state != SheetState::Open || isErased(sh.id))
            continue;
        const auto consent = latestDecision(sh.id, QStringLiteral("consentement"));
        if (!consent || consent->value != QLatin1String("oui"))
            ids << sh.id;
    }
    return ids;
}

void Store::eraseSheets(const QStringList &sheetIds, const QString &actor)
{
    if (sheetIds.isEmpty())
        return;
    requireIntactToErase();
    const QScopedValueRollback checked(m_erasureChecked, true);
    transaction([&] {
        purgePersonalData(sheetIds, actor, false);
        for (const QString &id : sheetIds)
            setSheetState(id, SheetState::Erased, actor);
    });
}

int Store::purgeUnplacedInk(const QString &actor)
{
    requireIntactToErase(); // ink moved off its sheet with sqlite3 is not erased on its word
    int deleted = 0;
    transaction([&] {
        QSqlQuery last = sql::run(m_db,
                                  QStringLiteral("SELECT max(id), count(*) FROM strokes WHERE "
                                                 "sheet_id IS NULL"),
                                  {}, sql::Text::tr("lecture des traits impossible"));
        if (!last.next() || last.value(1).toInt() == 0)
            return;
        const qint64 through = last.value(0).toLongLong();
        last.finish();
        deleted = sql::run(m_db, QStringLiteral("DELETE FROM strokes WHERE sheet_id IS NULL"), {},
                           sql::Text::tr("effacement des données personnelles impossible"))
                      .numRowsAffected();
        auditRows(
            actor, QLatin1String(kUnplacedPurged), QStringLiteral("strokes"),
            QJsonObject{{QStringLiteral("strokes"), deleted}, {QStringLiteral("through"), through}},
            {});
    });
    return deleted;
}

bool Store::compact(QString *error)
{
    if (m_txDepth > 0) {
        if (error)
            *error = sql::Text::tr("compactage impossible pendant une transaction");
        return false;
    }
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    q.finish();
    bool ok = q.exec(QStringLiteral("VACUUM"));
    if (!ok && error)
        *error = sql::Text::tr("Compactage (VACUUM) impossible : %1").arg(q.lastError().text());
    q.finish();
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    q.finish();
    return ok;
}

} // namespace plume::store
