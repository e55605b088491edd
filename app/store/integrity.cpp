// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What makes the station file tamper-evident (docs/store.md): every row that changes what
// is sealed carries the digest of its content in an audit entry, and signed checkpoints
// anchor the chain's head at each seal.
#include "store/sqlutil.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlRecord>

#include <sodium.h>

namespace plume::store {
using namespace sql;
namespace {

struct AuditedTable
{
    const char *table;
    const char *key;
    const char *keyType; // SQLite's typeof() of every key Plume writes
};

// The tables whose rows change what gets sealed, with their key column.
constexpr AuditedTable kAudited[] = {{"station", "id", "integer"},
                                     {"decisions", "id", "integer"},
                                     {"sheets", "id", "text"},
                                     {"settings", "key", "text"},
                                     {"outbox", "uuid", "text"},
                                     {"struck_strokes", "stroke_id", "integer"},
                                     {"checkpoints", "length", "integer"}};

QString keyColumn(const QString &table)
{
    for (const AuditedTable &t : kAudited)
        if (table == QLatin1String(t.table))
            return QString::fromLatin1(t.key);
    throw StoreError(Text::tr("La table %1 n'est pas couverte par le journal d'audit.").arg(table));
}

// What the officials should do once the file is found altered.
QString tamperAdvice()
{
    return Text::tr(
        "Le fichier du bureau a été modifié hors de Plume : ne scellez rien avec, gardez-le "
        "tel quel comme preuve et prévenez le siège.");
}

} // namespace

CheckResult sql::tampered(const QString &what)
{
    return {false, what + QLatin1Char(' ') + tamperAdvice()};
}

QString sql::lockedWrite()
{
    return Text::tr("Le bureau est verrouillé : modifier son fichier demande sa phrase secrète "
                    "(--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE).");
}

static QJsonValue columnValue(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue::Null;
    switch (v.typeId()) {
    case QMetaType::QByteArray:
        return QString(QStringLiteral("b64:") + QString::fromLatin1(v.toByteArray().toBase64()));
    case QMetaType::LongLong:
    case QMetaType::Int:
        return v.toLongLong();
    case QMetaType::Double:
        return QString::number(v.toDouble(), 'g', 17);
    default:
        return v.toString();
    }
}

QString sql::recordDigest(const QSqlQuery &q)
{
    const QSqlRecord r = q.record();
    QJsonObject o;
    for (int i = 0; i < r.count(); ++i)
        o.insert(r.fieldName(i), columnValue(q.value(i)));
    return QString::fromLatin1(
        QCryptographicHash::hash(compactJson(o).toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString Store::rowDigest(const RowRef &row) const
{
    QSqlQuery q = run(
        m_db, QStringLiteral("SELECT * FROM %1 WHERE %2 = ?").arg(row.table, keyColumn(row.table)),
        {row.key}, Text::tr("lecture d'une ligne à auditer impossible"));
    return q.next() ? recordDigest(q) : QString();
}

qint64 Store::auditRows(const QString &actor, const QString &action, const QString &subject,
                        QJsonObject detail, const QVector<RowRef> &rows)
{
    qint64 id = 0;
    transaction([&] {
        QJsonArray refs;
        for (const RowRef &r : rows) {
            const QString digest = rowDigest(r);
            refs.append(
                QJsonObject{{QStringLiteral("t"), r.table},
                            {QStringLiteral("k"), r.key},
                            {QStringLiteral("h"), digest.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                   : QJsonValue(digest)}});
        }
        detail.insert(QStringLiteral("rows"), refs);
        id = appendAudit(actor, action, subject, detail);
    });
    return id;
}

QVector<Store::RowRef> Store::allAuditedRows() const
{
    QVector<RowRef> out;
    for (const AuditedTable &t : kAudited) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %1")
                        .arg(QLatin1String(t.key), QLatin1String(t.table))))
            throwSql(Text::tr("liste des lignes impossible"), q.lastError());
        while (q.next())
            out.append({QString::fromLatin1(t.table), q.value(0).toString()});
    }
    return out;
}

void Store::adoptRows()
{
    const QVector<RowRef> rows = allAuditedRows();
    if (!rows.isEmpty())
        auditRows(QStringLiteral("system"), QStringLiteral("schema.adopted"),
                  QStringLiteral("store"), QJsonObject{{QStringLiteral("schema"), 2}}, rows);
}

// The digest the audit log last gave a row: nullopt when no entry names it, an empty
// string when Plume deleted it. The JSON of an entry names the key as stored, so a key
// that JSON would escape is looked for without the quick text filter.
std::optional<QString> Store::anchoredDigest(const RowRef &row) const
{
    const bool plainKey =
        !row.key.contains(QLatin1Char('"')) && !row.key.contains(QLatin1Char('\\'));
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT json_extract(r.value, '$.h') FROM audit_log a, "
                                     "json_each(a.detail, '$.rows') r WHERE instr(a.detail, ?) > 0 "
                                     "AND json_extract(r.value, '$.t') = ? "
                                     "AND json_extract(r.value, '$.k') = ? "
                                     "ORDER BY a.id DESC LIMIT 1"),
                      {plainKey ? row.key : QString(), row.table, row.key},
                      Text::tr("lecture du journal d'audit impossible"));
    if (!q.next())
        return std::nullopt;
    return q.value(0).isNull() ? QString() : q.value(0).toString();
}

// Before Plume rewrites a row in place: the row is as its last audit entry left it.
// Otherwise the write's own entry would anchor what sqlite3 changed, and `db check` would
// then say ok (a hostile review's finding: a requeue, a sheet's state). Full checks stay
// where the whole file matters (close, sync, rekey, erasures).
void Store::requireAnchored(const RowRef &row) const
{
    const std::optional<QString> anchored = anchoredDigest(row);
    const QString now = rowDigest(row);
    if (anchored ? *anchored == now : now.isEmpty())
        return;
    throw StoreError(
        tampered(Text::tr("%1, ligne %2 : modifiée hors de Plume ; Plume n'y écrit plus.")
                     .arg(row.table, row.key))
            .message);
}

// Every key of the type Plume writes. A key stored as a BLOB or NULL is another row to SQLite
// but reads as the same text: a BLOB copy of an outbox item marked `delivered` passed the
// check, and the purge then erased contacts HQ never received (review of 2026-11-30).
CheckResult Store::checkKeyTypes() const
{
    for (const AuditedTable &t : kAudited) {
        QSqlQuery q =
            run(m_db,
                QStringLiteral("SELECT quote(%1), typeof(%1) FROM %2 WHERE typeof(%1) "
                               "<> ? LIMIT 1")
                    .arg(QLatin1String(t.key), QLatin1String(t.table)),
                {QString::fromLatin1(t.keyType)}, Text::tr("liste des lignes impossible"));
        if (q.next())
            return tampered(Text::tr("%1, ligne %2 : clé de type %3, écrite hors de Plume.")
                                .arg(QString::fromLatin1(t.table), q.value(0).toString(),
                                     q.value(1).toString()));
    }
    return {true, QStringLiteral("ok")};
}

CheckResult Store::checkRows(const QVector<AuditEntry> &log) const
{
    // Latest digest of every row named by the audit log (null = deleted by Plume).
    QHash<QString, std::pair<QJsonValue, qint64>> latest;
    for (const AuditEntry &e : log)
        for (const QJsonValue &v : e.detail.value(QStringLiteral("rows")).toArray()) {
            const QJsonObject r = v.toObject();
            latest.insert(r.value(QStringLiteral("t")).toString() + QLatin1Char('/') +
                              r.value(QStringLiteral("k")).toString(),
                          {r.value(QStringLiteral("h")), e.id});
        }
    QSet<QString> present;
    for (const RowRef &row : allAuditedRows()) {
        const QString id = row.table + QLatin1Char('/') + row.key;
        present.insert(id);
        const auto it = latest.constFind(id);
        if (it == latest.constEnd())
            return tampered(Text::tr("%1, ligne %2 : écrite hors de Plume (aucune entrée d'audit).")
                                .arg(row.table, row.key));
        if (it->first.toString() != rowDigest(row))
            return tampered(
                Text::tr("%1, ligne %2 : modifiée hors de Plume (ne correspond pas à l'entrée "
                         "d'audit %3).")
                    .arg(row.table, row.key)
                    .arg(it->second));
    }
    for (auto it = latest.constBegin(); it != latest.constEnd(); ++it)
        if (!it->first.isNull() && !present.contains(it.key()))
            return tampered(Text::tr("%1 : ligne supprimée hors de Plume (entrée d'audit %2).")
                                .arg(it.key())
                                .arg(it->second));
    return {true, QStringLiteral("ok")};
}

std::pair<qint64, QString> Store::auditHead() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")))
        throwSql(Text::tr("lecture du journal d'audit impossible"), q.lastError());
    if (!q.next())
        return {0, QString(64, QLatin1Char('0'))};
    return {q.value(0).toLongLong(), q.value(1).toString()};
}

QByteArray Store::checkpointMessage(qint64 length, const QString &head) const
{
    return QByteArrayLiteral("plume-audit-checkpoint/1\n") + election().stationCode.toUtf8() +
           '\n' + QByteArray::number(length) + '\n' + head.toLatin1();
}

void Store::addCheckpoint(const Checkpoint &c, const QString &actor, qint64 pvVersion)
{
    QJsonObject detail{{QStringLiteral("length"), c.length}, {QStringLiteral("head"), c.head}};
    if (pvVersion > 0)
        detail.insert(QStringLiteral("pv_version"), pvVersion);
    transaction([&] {
        run(m_db,
            QStringLiteral("INSERT INTO checkpoints (length, head, signature, created_at) "
                           "VALUES (?, ?, ?, ?)"),
            {c.length, c.head, c.signature, nowIso()},
            Text::tr("enregistrement du point d'ancrage impossible"));
        auditRows(actor, QStringLiteral("audit.checkpoint"), QStringLiteral("audit"), detail,
                  {{QStringLiteral("checkpoints"), QString::number(c.length)}});
    });
}

QVector<Checkpoint> Store::checkpoints() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT length, head, signature, created_at FROM checkpoints ORDER BY length")))
        throwSql(Text::tr("lecture des points d'ancrage impossible"), q.lastError());
    QVector<Checkpoint> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toByteArray(),
                    fromIso(q.value(3).toString())});
    return out;
}

// Every audit entry from the first that must carry a MAC (Store::auditMacFrom) carries the
// right one: an entry added or changed without the passphrase fails, however well chained.
// Checked when the file is unlocked; an older file's entries before that id have none.
CheckResult Store::checkAuditMacs(const QVector<AuditEntry> &log) const
{
    const qint64 from = auditMacFrom();
    const auto key = from > 0 ? dataKey() : std::nullopt;
    if (!key)
        return {true, QStringLiteral("ok")};
    for (const AuditEntry &e : log) {
        if (e.id < from)
            continue;
        const QByteArray want = auditMac(*key, e.hash);
        if (e.mac.size() != want.size() ||
            sodium_memcmp(e.mac.constData(), want.constData(), size_t(want.size())) != 0)
            return {false, Text::tr("ligne d'audit %1 : sceau absent ou faux (ligne ajoutée ou "
                                    "modifiée sans la phrase secrète du bureau)")
                               .arg(e.id)};
    }
    return {true, QStringLiteral("ok")};
}

// A seal's anchor (its audit.checkpoint entry, sealed with the data key's MAC) is followed by
// that version's pv.sealed entry and outbox row. The seal signs the chain's head before its own
// entries (the PV carries the anchor): without this, deleting those entries and the outbox
// row with sqlite3, no passphrase needed, unsealed the PV with the file still "ok".
CheckResult Store::checkSealsAfterAnchors(const QVector<AuditEntry> &log,
                                          const QVector<OutboxRow> &outbox) const
{
    QSet<qint64> queued;
    for (const OutboxRow &row : outbox)
        if (row.kind == QLatin1String("pv"))
            queued.insert(row.version);
    const auto gone = [&](qint64 version) {
        return tampered(Text::tr("Le PV scellé version %1 a disparu du journal d'audit ou de la "
                                 "file d'envoi (scellement effacé hors de Plume).")
                            .arg(version));
    };
    qint64 awaited = 0; // the version whose seal must follow the last seal's anchor
    for (const AuditEntry &e : log) {
        const qint64 version = e.detail.value(QStringLiteral("version")).toInteger();
        if (e.action == QLatin1String("audit.checkpoint"))
            awaited = e.detail.value(QStringLiteral("pv_version")).toInteger();
        else if (e.action == QLatin1String("pv.sealed") && !queued.contains(version))
            return gone(version);
        else if (e.action == QLatin1String("pv.sealed") && version == awaited)
            awaited = 0;
    }
    return awaited > 0 ? gone(awaited) : CheckResult{true, QStringLiteral("ok")};
}

namespace {

// The station's public key when its audit log was `length` entries long: the last one the log
// records by then (station.keys at creation, station.rekeyed after a new key: a checkpoint
// signed before a new key stays verified with the key it was signed with), else `current`.
QByteArray stationKeyAt(const QVector<AuditEntry> &log, qint64 length, const QByteArray &current)
{
    QByteArray key = current;
    for (const AuditEntry &e : log) {
        if (e.id > length)
            break;
        if (e.action == kStationKeysAction || e.action == kStationRekeyedAction)
            key = QByteArray::fromBase64(
                e.detail.value(QStringLiteral("public_key")).toString().toLatin1());
    }
    return key;
}

} // namespace

// Every anchor (signed checkpoint, sealed PV in the outbox) must lie on the chain as it is.
CheckResult Store::checkAnchors(const QVector<AuditEntry> &log) const
{
    const QVector<OutboxRow> outbox = outboxRows(false); // read once for both checks
    if (CheckResult r = checkSealsAfterAnchors(log, outbox); !r.ok)
        return r;
    const auto hashAt = [&](qint64 length) {
        QSqlQuery q = run(m_db, QStringLiteral("SELECT hash FROM audit_log WHERE id = ?"), {length},
                          Text::tr("lecture du journal d'audit impossible"));
        return q.next() ? q.value(0).toString() : QString();
    };
    const QByteArray current = setting(kStationPublicKeySetting).value_or(QByteArray());
    for (const Checkpoint &c : checkpoints()) {
        const QByteArray msg = checkpointMessage(c.length, c.head);
        const QByteArray pub = stationKeyAt(log, c.length, current);
        if (pub.size() != crypto_sign_PUBLICKEYBYTES || c.signature.size() != crypto_sign_BYTES ||
            crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(c.signature.data()),
                                        reinterpret_cast<const unsigned char *>(msg.data()),
                                        quint64(msg.size()),
                                        reinterpret_cast<const unsigned char *>(pub.data())) != 0)
            return tampered(
                Text::tr("Point d'ancrage %1 : la signature du bureau ne correspond pas.")
                    .arg(c.length));
        if (hashAt(c.length) != c.head)
            return tampered(
                Text::tr("Le journal d'audit n'atteint plus le point d'ancrage signé %1 "
                         "(journal tronqué ou recalculé).")
                    .arg(c.length));
    }
    for (const OutboxRow &row : outbox) {
        const QJsonObject audit = QJsonDocument::fromJson(row.payload)
                                      .object()
                                      .value(QStringLiteral("payload"))
                                      .toObject()
                                      .value(QStringLiteral("audit"))
                                      .toObject();
        if (row.kind != QLatin1String("pv") || audit.isEmpty())
            continue;
        const qint64 length = audit.value(QStringLiteral("length")).toInteger();
        if (hashAt(length) != audit.value(QStringLiteral("head")).toString())
            return tampered(
                Text::tr("Le journal d'audit ne mène plus au PV scellé version %1 (journal "
                         "tronqué ou recalculé).")
                    .arg(row.version));
    }
    return {true, QStringLiteral("ok")};
}

void Store::protectFile() const
{
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const QString f = m_path + QLatin1String(suffix);
        if (QFile::exists(f))
            QFile::setPermissions(f, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
}

} // namespace plume::store
