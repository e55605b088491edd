// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Drafts (docs/store.md, "Drafts"): corrections typed in the review and not confirmed with
// Enter, kept in the station file so that a crash or a power cut does not lose them. They
// are no decision: outside the audit log, never sealed, exported nor queued. Their text is
// sealed with the data key like a personal value, bound to its sheet and field.
#include "store/sqlutil.h"
#include "store/store.h"

namespace plume::store {
using namespace sql;
namespace {

QByteArray draftContext(const QString &sheetId, const QString &field)
{
    return QByteArrayLiteral("drafts.text/") + sheetId.toUtf8() + '/' + field.toUtf8();
}

} // namespace

void Store::saveDraft(const Draft &d)
{
    run(m_db,
        QStringLiteral("INSERT INTO drafts (sheet_id, field, text, basis, updated_at) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sheet_id, field) DO UPDATE SET "
                       "text = excluded.text, basis = excluded.basis, "
                       "updated_at = excluded.updated_at"),
        {text(d.sheetId), text(d.field), sealText(*this, d.text, draftContext(d.sheetId, d.field)),
         text(d.basis), nowIso()},
        Text::tr("enregistrement de la saisie non confirmée impossible"));
}

void Store::dropDraft(const QString &sheetId, const QString &field)
{
    run(m_db, QStringLiteral("DELETE FROM drafts WHERE sheet_id = ? AND field = ?"),
        {sheetId, field}, Text::tr("suppression de la saisie non confirmée impossible"));
}

QVector<Draft> Store::drafts(const QString &sheetId) const
{
    QSqlQuery q = run(m_db,
                      QStringLiteral("SELECT sheet_id, field, text, basis, updated_at FROM drafts "
                                     "WHERE ? = '' OR sheet_id = ? ORDER BY sheet_id, field"),
                      {text(sheetId), text(sheetId)},
                      Text::tr("lecture des saisies non confirmées impossible"));
    QVector<Draft> out;
    while (q.next()) {
        Draft d{q.value(0).toString(),
                q.value(1).toString(),
                {},
                q.value(3).toString(),
                fromIso(q.value(4).toString())};
        // Plume seals every draft: one in clear (sqlite3), or with the prefix and no sealed
        // bytes, is nobody's typing and never comes back in the editor, one Enter from a
        // decision.
        const QString stored = q.value(2).toString();
        if (!isSealedText(stored)) {
            d.readable = false;
            out.append(d);
            continue;
        }
        try {
            d.text = openText(*this, stored, draftContext(d.sheetId, d.field));
        } catch (const StoreError &) {
            if (protection() == Protection::Locked)
                throw;
            d.readable = false;
        }
        out.append(d);
    }
    return out;
}

QSet<QString> Store::sheetsWithDrafts() const
{
    QSqlQuery q = run(m_db, QStringLiteral("SELECT DISTINCT sheet_id FROM drafts"), {},
                      Text::tr("lecture des saisies non confirmées impossible"));
    QSet<QString> out;
    while (q.next())
        out.insert(q.value(0).toString());
    return out;
}

} // namespace plume::store
