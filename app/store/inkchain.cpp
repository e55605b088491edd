// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The ink and the readings under chains (docs/store.md, "The ink chain"): every stroke, and
// every reading of the recogniser, as it is stored, is hashed into a chain of its own (one
// row per stroke in `stroke_chain`, per reading in `reading_chain`, written in the row's
// transaction), and every audit entry records the heads of both chains. Ink or readings
// edited, inserted or deleted behind Plume's back before a seal are then found by db check,
// like a decision: the handwriting is the evidence the pen exists for, and a reading edited
// with sqlite3 would have an official confirm what the ink does not say.
#include "store/sqlutil.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonObject>

#include <sodium.h>

#include <optional>

namespace plume::store {
using namespace sql;
namespace {

const QString kGenesis(64, QLatin1Char('0'));
// Set in every audit entry this version writes: the links stored after the entry's anchored
// heads carry a MAC (checked when the file is unlocked).
const QLatin1String kChainMacsKey("chain_macs");

// A link's MAC with the data key, apart from the audit entries' (its own prefix).
QByteArray linkMac(const QByteArray &dataKey, const QString &link)
{
    return Store::auditMac(dataKey, QStringLiteral("link:") + link);
}

// The link carries its MAC (compared in constant time).
bool isSealed(const QByteArray &dataKey, const QString &link, const QByteArray &mac)
{
    const QByteArray want = linkMac(dataKey, link);
    return mac.size() == want.size() &&
           sodium_memcmp(mac.constData(), want.constData(), size_t(want.size())) == 0;
}

QString chainHash(const QString &prev, qint64 rowId, const QString &sheetId, const QString &digest)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prev.toLatin1());
    const QByteArray link = QByteArrayLiteral("\n") + QByteArray::number(rowId) + '\n' +
                            sheetId.toUtf8() + '\n' + digest.toLatin1();
    h.addData(link);
    return QString::fromLatin1(h.result().toHex());
}

// The columns appendStroke and addReading bind, in their order.
constexpr const char *kStrokeColumns[] = {"sheet_id",   "page_address", "pen_id", "start_ms",
                                          "incomplete", "dot_count",    "dots",   "received_at"};
constexpr const char *kReadingColumns[] = {"sheet_id",   "field",         "value",
                                           "confidence", "flagged",       "reason",
                                           "nbest_json", "model_version", "created_at"};

// What differs between the two chains: their tables, and how their rows are named.
struct ChainSpec
{
    const char *rows;   // the chained table
    const char *links;  // its chain
    const char *idName; // the chain's id column
    const char *headKey;
    std::vector<const char *> bound;
};

const ChainSpec &spec(Store::Chain chain)
{
    static const ChainSpec ink{"strokes",
                               "stroke_chain",
                               "stroke_id",
                               Store::kInkHeadKey,
                               {std::begin(kStrokeColumns), std::end(kStrokeColumns)}};
    static const ChainSpec readings{"readings",
                                    "reading_chain",
                                    "reading_id",
                                    Store::kReadingHeadKey,
                                    {std::begin(kReadingColumns), std::end(kReadingColumns)}};
    return chain == Store::Chain::Ink ? ink : readings;
}

// A statement over a chain: {rows} its table, {links} its chain, {id} the chain's id column.
QString sqlFor(Store::Chain chain, const char *statement)
{
    const ChainSpec &s = spec(chain);
    return QString::fromLatin1(statement)
        .replace(QLatin1String("{rows}"), QLatin1String(s.rows))
        .replace(QLatin1String("{links}"), QLatin1String(s.links))
        .replace(QLatin1String("{id}"), QLatin1String(s.idName));
}

bool sameValue(const QVariant &stored, const QVariant &bound)
{
    if (stored.isNull() || bound.isNull())
        return stored.isNull() == bound.isNull();
    if (bound.typeId() == QMetaType::QByteArray)
        return stored.typeId() == QMetaType::QByteArray &&
               stored.toByteArray() == bound.toByteArray();
    return stored.toString() == bound.toString();
}

// The row reads back as it was bound, else something in the file changed it while it was
// written (a planted trigger).
bool writtenAsBound(Store::Chain chain, const QSqlQuery &row, const QVariantList &bound)
{
    const std::vector<const char *> &columns = spec(chain).bound;
    if (size_t(bound.size()) != columns.size())
        return false;
    for (int i = 0; i < bound.size(); ++i)
        if (!sameValue(row.value(QLatin1String(columns[size_t(i)])), bound.at(i)))
            return false;
    return true;
}

} // namespace

namespace {
// The sentences of each chain (strokes are "traits", readings "lectures": the genders
// differ, so each sentence is written whole).
QString notAsBound(Store::Chain c)
{
    return c == Store::Chain::Ink
               ? Text::tr("Le trait n'a pas été enregistré tel quel : le fichier du bureau a été "
                          "modifié hors de Plume (quelque chose y change ce qui s'écrit). L'encre "
                          "reste en attente ; n'utilisez plus ce fichier et prévenez le siège.")
               : Text::tr("La lecture n'a pas été enregistrée telle quelle : le fichier du bureau "
                          "a été modifié hors de Plume (quelque chose y change ce qui s'écrit). "
                          "N'utilisez plus ce fichier et prévenez le siège.");
}
QString missingRow(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink ? Text::tr("Le trait %1 n'existe pas.")
                                   : Text::tr("La lecture %1 n'existe pas."))
        .arg(id);
}
QString brokenAt(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink
                ? Text::tr("Chaîne des traits rompue au trait %1 (trait modifié, ajouté ou "
                           "supprimé hors de Plume).")
                : Text::tr("Chaîne des lectures rompue à la lecture %1 (lecture modifiée, ajoutée "
                           "ou supprimée hors de Plume)."))
        .arg(id);
}
QString notInChain(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink
                ? Text::tr("Trait %1 : écrit hors de Plume (absent de la chaîne des traits).")
                : Text::tr("Lecture %1 : écrite hors de Plume (absente de la chaîne des "
                           "lectures)."))
        .arg(id);
}
QString changedRow(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink ? Text::tr("Trait %1 : modifié hors de Plume (ne correspond "
                                              "plus à la chaîne des traits).")
                                   : Text::tr("Lecture %1 : modifiée hors de Plume (ne "
                                              "correspond plus à la chaîne des lectures)."))
        .arg(id);
}
QString unsealedLink(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink
                ? Text::tr("Trait %1 : son lien dans la chaîne des traits n'a pas le sceau du "
                           "bureau (trait ou chaîne réécrits hors de Plume).")
                : Text::tr("Lecture %1 : son lien dans la chaîne des lectures n'a pas le sceau du "
                           "bureau (lecture ou chaîne réécrites hors de Plume)."))
        .arg(id);
}
QString deletedRow(Store::Chain c, qint64 id)
{
    return (c == Store::Chain::Ink ? Text::tr("Trait %1 : supprimé hors de Plume.")
                                   : Text::tr("Lecture %1 : supprimée hors de Plume."))
        .arg(id);
}
QString anchorLost(Store::Chain c, qint64 entry, qint64 n)
{
    return (c == Store::Chain::Ink
                ? Text::tr("L'entrée d'audit %1 ancre l'encre jusqu'au trait %2, que la chaîne "
                           "des traits n'atteint plus (traits supprimés ou recalculés hors de "
                           "Plume).")
                : Text::tr("L'entrée d'audit %1 ancre les lectures jusqu'à la lecture %2, que la "
                           "chaîne des lectures n'atteint plus (lectures supprimées ou recalculées "
                           "hors de Plume)."))
        .arg(entry)
        .arg(n);
}
} // namespace

struct Store::ChainLink
{
    QString sheetId;
    QString digest;
    QString chain;
    QByteArray mac;
};

std::pair<qint64, QString> Store::chainHead(Chain chain) const
{
    QSqlQuery &q =
        cached(sqlFor(chain, "SELECT {id}, chain FROM {links} ORDER BY {id} DESC LIMIT 1"));
    const Reset reset(q);
    exec(q, Text::tr("lecture de la chaîne impossible"));
    if (!q.next())
        return {0, kGenesis};
    return {q.value(0).toLongLong(), q.value(1).toString()};
}

// The links an entry is about to anchor all carry their MAC: anchored, a link is never
// checked again (a hostile review rewrote a reading, then any `confirm` anchored it and the
// forgery passed every check after). Only the links since the last entry's heads are read.
// The last link of `chain` an audit entry anchored (0: none), and whether the links stored
// after it must carry their MAC (the entry was written by a version that seals them).
static std::optional<qint64> sealedAfter(const QJsonObject &entry, Store::Chain chain)
{
    if (!entry.value(kChainMacsKey).toBool())
        return std::nullopt;
    return entry.value(QLatin1String(spec(chain).headKey))
        .toObject()
        .value(QStringLiteral("n"))
        .toInteger();
}

void Store::requireSealedTails(const QJsonObject &last) const
{
    const auto key = dataKey();
    for (const Chain chain : {Chain::Ink, Chain::Readings}) {
        const auto anchored = sealedAfter(last, chain);
        if (!key || !anchored)
            return;
        QSqlQuery &q = cached(sqlFor(chain, "SELECT {id}, chain, mac FROM {links} WHERE {id} > ?"));
        const Reset reset(q);
        bindAll(q, {*anchored});
        exec(q, Text::tr("lecture de la chaîne impossible"));
        while (q.next())
            if (!isSealed(*key, q.value(1).toString(), q.value(2).toByteArray()))
                throw StoreError(tampered(unsealedLink(chain, q.value(0).toLongLong())).message);
    }
}

void Store::anchorChains(QJsonObject &detail, const QJsonObject &last) const
{
    requireSealedTails(last);
    for (const Chain chain : {Chain::Ink, Chain::Readings})
        if (const auto [n, head] = chainHead(chain); n > 0)
            detail.insert(QLatin1String(spec(chain).headKey),
                          QJsonObject{{QStringLiteral("n"), n}, {QStringLiteral("h"), head}});
    detail.insert(kChainMacsKey, true);
}

void Store::chainRow(Chain chain, qint64 id, const QVariantList &bound)
{
    QString sheetId, digest;
    {
        QSqlQuery &row = cached(sqlFor(chain, "SELECT * FROM {rows} WHERE id = ?"));
        const Reset reset(row);
        bindAll(row, {id});
        exec(row, Text::tr("lecture de la ligne à chaîner impossible"));
        if (!row.next())
            throw StoreError(missingRow(chain, id));
        if (!bound.isEmpty() && !writtenAsBound(chain, row, bound))
            throw StoreError(notAsBound(chain));
        sheetId = row.value(QStringLiteral("sheet_id")).toString();
        digest = recordDigest(row);
    }
    const QString link = chainHash(chainHead(chain).second, id, sheetId, digest);
    // Every link is sealed, so nothing is chained while locked. An older file's rows, chained
    // by its migration (before the chains had a MAC column), are anchored by the next entry.
    const auto key = dataKey();
    if (!key && !m_migrating)
        throw StoreError(lockedWrite());
    const QVariant sheet = sheetId.isEmpty() ? QVariant() : QVariant(sheetId);
    QSqlQuery &insert =
        m_migrating
            ? cached(sqlFor(chain, "INSERT INTO {links} ({id}, sheet_id, digest, chain) "
                                   "VALUES (?, ?, ?, ?)"))
            : cached(sqlFor(chain, "INSERT INTO {links} ({id}, sheet_id, digest, chain, mac) "
                                   "VALUES (?, ?, ?, ?, ?)"));
    const Reset reset(insert);
    QVariantList values{id, sheet, digest, link};
    if (!m_migrating)
        values << linkMac(*key, link);
    bindAll(insert, values);
    exec(insert, Text::tr("enregistrement dans la chaîne impossible"));
}

void Store::adoptChain(Chain chain)
{
    QSqlQuery ids(m_db);
    if (!ids.exec(sqlFor(chain, "SELECT id FROM {rows} ORDER BY id")))
        throwSql(Text::tr("liste des lignes à chaîner impossible"), ids.lastError());
    QVector<qint64> all;
    while (ids.next())
        all.append(ids.value(0).toLongLong());
    for (qint64 id : all)
        chainRow(chain, id);
}

// The chain as stored, recomputed link by link: a link edited, inserted or dropped behind
// Plume's back breaks it at that row.
CheckResult Store::readChain(Chain chain, QHash<qint64, ChainLink> &links) const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            sqlFor(chain, "SELECT {id}, sheet_id, digest, chain, mac FROM {links} ORDER BY {id}")))
        throwSql(Text::tr("lecture de la chaîne impossible"), q.lastError());
    QString prev = kGenesis;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        ChainLink link{q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                       q.value(4).toByteArray()};
        if (chainHash(prev, id, link.sheetId, link.digest) != link.chain)
            return tampered(brokenAt(chain, id));
        prev = link.chain;
        links.insert(id, std::move(link));
    }
    return {true, QStringLiteral("ok")};
}

// Every row is in the chain as it is stored; a link without its row is a row Plume erased
// itself (a purged or erased contact sheet), nothing else.
CheckResult Store::checkRowsAgainst(Chain chain, QHash<qint64, ChainLink> links,
                                    qint64 unplacedThrough) const
{
    QSqlQuery q(m_db);
    if (!q.exec(sqlFor(chain, "SELECT * FROM {rows} ORDER BY id")))
        throwSql(Text::tr("liste des lignes chaînées impossible"), q.lastError());
    while (q.next()) {
        const qint64 id = q.value(QStringLiteral("id")).toLongLong();
        const auto it = links.constFind(id);
        if (it == links.constEnd())
            return tampered(notInChain(chain, id));
        if (it->digest != recordDigest(q) ||
            it->sheetId != q.value(QStringLiteral("sheet_id")).toString())
            return tampered(changedRow(chain, id));
        links.erase(it);
    }
    // A purge leaves thousands of links without their rows: each sheet is asked once.
    QHash<QString, bool> erased;
    for (auto it = links.constBegin(); it != links.constEnd(); ++it) {
        if (it->sheetId.isEmpty() && it.key() <= unplacedThrough)
            continue; // ink on no sheet, purged (purgeUnplacedInk)
        auto known = erased.find(it->sheetId);
        if (known == erased.end())
            known = erased.insert(it->sheetId, erasedByPlume(it->sheetId));
        if (!*known)
            return tampered(deletedRow(chain, it.key()));
    }
    return {true, QStringLiteral("ok")};
}

// The rows of a purged or erased contact sheet are deleted by Plume itself.
bool Store::erasedByPlume(const QString &sheetId) const
{
    const auto s = sheetId.isEmpty() ? std::nullopt : sheet(sheetId);
    return s && (isErased(s->id) || s->state == SheetState::Purged);
}

// The last stroke on no sheet that purgeUnplacedInk deleted (its audit entries), 0: none.
static qint64 unplacedPurgedThrough(const QVector<AuditEntry> &log)
{
    qint64 through = 0;
    for (const AuditEntry &e : log)
        if (e.action == QLatin1String(Store::kUnplacedPurged))
            through = std::max(through, e.detail.value(QStringLiteral("through")).toInteger());
    return through;
}

// The links stored after the last audit entry's anchored head (the entry written by this
// version) carry the MAC of the data key: a reading edited with sqlite3 and its chain
// recomputed, before any audit entry anchored it, no longer passes (a hostile review sealed
// a PV that way with values its ink contradicts). Checked when the file is unlocked.
CheckResult Store::checkLinkMacs(Chain chain, const QHash<qint64, ChainLink> &links,
                                 const QVector<AuditEntry> &log) const
{
    const auto key = dataKey();
    const auto anchored = log.isEmpty() ? std::nullopt : sealedAfter(log.last().detail, chain);
    if (!key || !anchored)
        return {true, QStringLiteral("ok")};
    for (auto it = links.constBegin(); it != links.constEnd(); ++it)
        if (it.key() > *anchored && !isSealed(*key, it->chain, it->mac))
            return tampered(unsealedLink(chain, it.key()));
    return {true, QStringLiteral("ok")};
}

CheckResult Store::checkChain(Chain chain, const QVector<AuditEntry> &log) const
{
    QHash<qint64, ChainLink> links;
    if (CheckResult r = readChain(chain, links); !r.ok)
        return r;
    // Each audit entry holds the heads of the chains when it was written.
    for (const AuditEntry &e : log) {
        const QJsonObject head = e.detail.value(QLatin1String(spec(chain).headKey)).toObject();
        if (head.isEmpty())
            continue;
        const qint64 n = head.value(QStringLiteral("n")).toInteger();
        const auto it = links.constFind(n);
        if (it == links.constEnd() || it->chain != head.value(QStringLiteral("h")).toString())
            return tampered(anchorLost(chain, e.id, n));
    }
    if (CheckResult r = checkLinkMacs(chain, links, log); !r.ok)
        return r;
    return checkRowsAgainst(chain, std::move(links),
                            chain == Chain::Ink ? unplacedPurgedThrough(log) : 0);
}

} // namespace plume::store
