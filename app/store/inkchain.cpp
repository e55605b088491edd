// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The ink under the chain (docs/store.md, "The ink chain"): every stroke, as it is stored,
// is hashed into a chain of its own (one row per stroke in `stroke_chain`, written in the
// stroke's transaction), and every audit entry records the head of that chain. Ink edited,
// inserted or deleted behind Plume's back before a seal is then found by db check, like a
// decision: the handwriting is the evidence the pen exists for.
#include "store/sqlutil.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QHash>

namespace plume::store {
using namespace sql;
namespace {

const QString kInkGenesis(64, QLatin1Char('0'));

QString chainHash(const QString &prev, qint64 strokeId, const QString &sheetId,
                  const QString &digest)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prev.toLatin1());
    const QByteArray link = QByteArrayLiteral("\n") + QByteArray::number(strokeId) + '\n' +
                            sheetId.toUtf8() + '\n' + digest.toLatin1();
    h.addData(link);
    return QString::fromLatin1(h.result().toHex());
}

} // namespace

struct Store::InkLink
{
    QString sheetId;
    QString digest;
    QString chain;
};

std::pair<qint64, QString> Store::inkHead() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT stroke_id, chain FROM stroke_chain ORDER BY stroke_id DESC LIMIT 1")))
        throwSql(Text::tr("lecture de la chaîne des traits impossible"), q.lastError());
    if (!q.next())
        return {0, kInkGenesis};
    return {q.value(0).toLongLong(), q.value(1).toString()};
}

// The columns appendStroke binds, in its order.
constexpr const char *kBoundColumns[] = {"sheet_id",   "page_address", "pen_id", "start_ms",
                                         "incomplete", "dot_count",    "dots",   "received_at"};

static bool sameValue(const QVariant &stored, const QVariant &bound)
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
static bool writtenAsBound(const QSqlQuery &row, const QVariantList &bound)
{
    if (bound.size() != int(std::size(kBoundColumns)))
        return false;
    for (int i = 0; i < bound.size(); ++i)
        if (!sameValue(row.value(QLatin1String(kBoundColumns[i])), bound.at(i)))
            return false;
    return true;
}

void Store::chainStroke(qint64 strokeId, const QVariantList &bound)
{
    QSqlQuery row = run(m_db, QStringLiteral("SELECT * FROM strokes WHERE id = ?"), {strokeId},
                        Text::tr("lecture du trait impossible"));
    if (!row.next())
        throw StoreError(Text::tr("Le trait %1 n'existe pas.").arg(strokeId));
    if (!bound.isEmpty() && !writtenAsBound(row, bound))
        throw StoreError(
            Text::tr("Le trait n'a pas été enregistré tel quel : le fichier du bureau a été "
                     "modifié hors de Plume (quelque chose y change ce qui s'écrit). L'encre "
                     "reste en attente ; n'utilisez plus ce fichier et prévenez le siège."));
    const QString sheetId = row.value(QStringLiteral("sheet_id")).toString();
    const QString digest = recordDigest(row);
    row.finish();
    const QString chain = chainHash(inkHead().second, strokeId, sheetId, digest);
    run(m_db,
        QStringLiteral(
            "INSERT INTO stroke_chain (stroke_id, sheet_id, digest, chain) VALUES (?, ?, ?, ?)"),
        {strokeId, sheetId.isEmpty() ? QVariant() : QVariant(sheetId), digest, chain},
        Text::tr("enregistrement du trait dans la chaîne impossible"));
}

void Store::adoptStrokes()
{
    QSqlQuery ids(m_db);
    if (!ids.exec(QStringLiteral("SELECT id FROM strokes ORDER BY id")))
        throwSql(Text::tr("liste des traits impossible"), ids.lastError());
    QVector<qint64> all;
    while (ids.next())
        all.append(ids.value(0).toLongLong());
    for (qint64 id : all)
        chainStroke(id);
}

// The chain as stored, recomputed link by link: a link edited, inserted or dropped behind
// Plume's back breaks it at that stroke.
CheckResult Store::readInkChain(QHash<qint64, InkLink> &links) const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT stroke_id, sheet_id, digest, chain FROM stroke_chain ORDER BY stroke_id")))
        throwSql(Text::tr("lecture de la chaîne des traits impossible"), q.lastError());
    QString prev = kInkGenesis;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        InkLink link{q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
        if (chainHash(prev, id, link.sheetId, link.digest) != link.chain)
            return tampered(Text::tr("Chaîne des traits rompue au trait %1 (trait modifié, ajouté "
                                     "ou supprimé hors de Plume).")
                                .arg(id));
        prev = link.chain;
        links.insert(id, std::move(link));
    }
    return {true, QStringLiteral("ok")};
}

// Every stroke is in the chain as it is stored; a link without its stroke is ink Plume
// erased itself (a purged or erased contact sheet), nothing else.
CheckResult Store::checkStrokesAgainst(QHash<qint64, InkLink> links) const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT * FROM strokes ORDER BY id")))
        throwSql(Text::tr("liste des traits impossible"), q.lastError());
    while (q.next()) {
        const qint64 id = q.value(QStringLiteral("id")).toLongLong();
        const auto it = links.constFind(id);
        if (it == links.constEnd())
            return tampered(
                Text::tr("Trait %1 : écrit hors de Plume (absent de la chaîne des traits).")
                    .arg(id));
        if (it->digest != recordDigest(q) ||
            it->sheetId != q.value(QStringLiteral("sheet_id")).toString())
            return tampered(
                Text::tr("Trait %1 : modifié hors de Plume (ne correspond plus à la chaîne des "
                         "traits).")
                    .arg(id));
        links.erase(it);
    }
    for (auto it = links.constBegin(); it != links.constEnd(); ++it) {
        const auto s = it->sheetId.isEmpty() ? std::nullopt : sheet(it->sheetId);
        if (!s || !(isErased(s->id) || s->state == SheetState::Purged))
            return tampered(Text::tr("Trait %1 : supprimé hors de Plume.").arg(it.key()));
    }
    return {true, QStringLiteral("ok")};
}

CheckResult Store::checkInk(const QVector<AuditEntry> &log) const
{
    QHash<qint64, InkLink> links;
    if (CheckResult r = readInkChain(links); !r.ok)
        return r;
    // Each audit entry holds the head of the ink chain when it was written.
    for (const AuditEntry &e : log) {
        const QJsonObject head = e.detail.value(QLatin1String(kInkHeadKey)).toObject();
        if (head.isEmpty())
            continue;
        const qint64 n = head.value(QStringLiteral("n")).toInteger();
        const auto it = links.constFind(n);
        if (it == links.constEnd() || it->chain != head.value(QStringLiteral("h")).toString())
            return tampered(Text::tr("L'entrée d'audit %1 ancre l'encre jusqu'au trait %2, que la "
                                     "chaîne des traits n'atteint plus (traits supprimés ou "
                                     "recalculés hors de Plume).")
                                .arg(e.id)
                                .arg(n));
    }
    return checkStrokesAgainst(std::move(links));
}

} // namespace plume::store
