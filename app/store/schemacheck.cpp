// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station file's schema and column types as Plume made them (docs/store.md, "The
// schema is checked too"). A trigger planted with sqlite3 runs inside Plume's own writes:
// it could rewrite ink or a decision after Plume wrote it and before the audit or the ink
// chain records its digest. And a BLOB retyped to the TEXT "b64:…" keeps its row digest.
#include "store/migrations.h"
#include "store/sqlutil.h"
#include "store/store.h"

#include <QAtomicInteger>
#include <QSqlDatabase>

namespace plume::store {
using namespace sql;
namespace {

struct SchemaObject
{
    QString type, name, table, sql;
    bool operator==(const SchemaObject &) const = default;
};

const QString kSchemaQuery =
    QStringLiteral("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
                   "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");

// The SQL as SQLite keeps it, compared without what versions of SQLite may write
// differently (quotes around a renamed table's name, spacing, case): a trigger's or a
// table's content still differs.
QString normalised(QString sql)
{
    sql.remove(QLatin1Char('"')).remove(QLatin1Char('`'));
    return sql.simplified().toCaseFolded();
}

QVector<SchemaObject> schemaOf(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(kSchemaQuery))
        throwSql(Text::tr("lecture du schéma impossible"), q.lastError());
    QVector<SchemaObject> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    normalised(q.value(3).toString())});
    return out;
}

struct ExpectedSchema
{
    QVector<SchemaObject> objects;
    QVector<QPair<QString, QString>> blobColumns; // (table, column) declared BLOB
};

QVector<QPair<QString, QString>> blobColumnsOf(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT m.name, p.name FROM sqlite_master m "
                               "JOIN pragma_table_info(m.name) p "
                               "WHERE m.type = 'table' AND p.type = 'BLOB' ORDER BY 1, 2")))
        throwSql(Text::tr("lecture du schéma impossible"), q.lastError());
    QVector<QPair<QString, QString>> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString()});
    return out;
}

// The schema every migration builds, from an empty database in memory: a new file and an
// upgraded one run the same statements in the same order.
ExpectedSchema buildExpectedSchema()
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("plume-schema-%1").arg(counter.fetchAndAddRelaxed(1));
    ExpectedSchema out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open())
            throwSql(Text::tr("lecture du schéma impossible"), db.lastError());
        execSql(db, QString::fromLatin1(kSchemaVersionTable));
        for (const Migration &m : migrations())
            for (const QString &statement : m.statements)
                execSql(db, statement);
        out = {schemaOf(db), blobColumnsOf(db)};
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

const ExpectedSchema &expectedSchema()
{
    static const ExpectedSchema schema = buildExpectedSchema();
    return schema;
}

QString describe(const SchemaObject &o)
{
    if (o.type == QLatin1String("trigger"))
        return Text::tr("déclencheur « %1 »").arg(o.name);
    if (o.type == QLatin1String("view"))
        return Text::tr("vue « %1 »").arg(o.name);
    if (o.type == QLatin1String("index"))
        return Text::tr("index « %1 »").arg(o.name);
    return Text::tr("table « %1 »").arg(o.name);
}

} // namespace

CheckResult Store::checkSchema() const
{
    const QVector<SchemaObject> have = schemaOf(m_db);
    const QVector<SchemaObject> &want = expectedSchema().objects;
    for (const SchemaObject &o : have) {
        const auto same = std::find_if(want.cbegin(), want.cend(), [&](const SchemaObject &w) {
            return w.type == o.type && w.name == o.name;
        });
        if (same == want.cend())
            return tampered(
                Text::tr("Schéma modifié hors de Plume (ajout : %1).").arg(describe(o)));
        if (!(*same == o))
            return tampered(
                Text::tr("Schéma modifié hors de Plume (changement : %1).").arg(describe(o)));
    }
    for (const SchemaObject &w : want)
        if (std::none_of(have.cbegin(), have.cend(), [&](const SchemaObject &o) {
                return w.type == o.type && w.name == o.name;
            }))
            return tampered(
                Text::tr("Schéma modifié hors de Plume (suppression : %1).").arg(describe(w)));
    return {true, QStringLiteral("ok")};
}

// Every value of a column the schema declares BLOB is a blob (or NULL): the row digests
// write a blob as the string "b64:…", which a TEXT value could imitate.
CheckResult Store::checkBlobColumns() const
{
    for (const auto &[table, column] : expectedSchema().blobColumns) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT rowid FROM %1 WHERE typeof(%2) NOT IN ('blob', 'null') "
                                   "LIMIT 1")
                        .arg(table, column)))
            throwSql(Text::tr("lecture du schéma impossible"), q.lastError());
        if (q.next())
            return tampered(Text::tr("%1, ligne %2 : la colonne %3 a changé de type hors de Plume.")
                                .arg(table, q.value(0).toString(), column));
    }
    return {true, QStringLiteral("ok")};
}

} // namespace plume::store
