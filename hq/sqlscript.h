// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Statements sent to the database in as few round trips as the backend allows (docs/hq.md,
// threads and durability). On PostgreSQL every statement's values are written as literals by
// the driver (QSqlDriver::formatValue, PQescapeStringConn) and the whole script leaves in one
// round trip: QtSql's QPSQL would PREPARE, EXECUTE and DEALLOCATE each bound statement, three
// round trips and three parses. On SQLite (in process: no round trip) each statement is
// prepared and bound, with at most kSqliteParameters values (Qt's SQLite driver looks each
// parameter's name up linearly, so many parameters cost it quadratically).
#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVector>

#include <functional>

namespace plume::hq {

class SqlScript
{
public:
    static constexpr int kSqliteParameters = 48;

    SqlScript(QSqlDatabase db, bool postgres) : m_db(std::move(db)), m_postgres(postgres) {}

    // One statement with `?` placeholders.
    void add(const QString &sql, const QVariantList &binds = {});
    // INSERT INTO table (columns) VALUES (…), (…) [suffix]: as many statements as SQLite needs
    // (one on PostgreSQL). `row` may hold SQL around the placeholders, e.g. "(?, ?, (SELECT…))"
    // (default: one `?` per column).
    void insert(const QString &table, const QStringList &columns, const QVector<QVariantList> &rows,
                const QString &suffix = {}, const QString &row = {});
    // "col IN (?, ?, …)" chunks: `sql` holds %1 where the list of placeholders goes.
    void addIn(const QString &sql, const QVariantList &values);
    bool isEmpty() const { return m_statements.isEmpty(); }

    // One SELECT of several parts with the same columns: on PostgreSQL a single UNION ALL
    // (one round trip), on SQLite each part in chunks of kSqliteParameters values. A part's
    // `sql` holds %1 where its items go: each item is `unit` (with `?` for its values),
    // joined by `joiner` (", " inside IN (…), " OR " between conditions).
    struct Part
    {
        QString sql;
        QString unit;
        QString joiner;
        QVector<QVariantList> items;
    };
    void select(const QVector<Part> &parts, const std::function<void(const QSqlQuery &)> &row);

    // Runs every statement in order; returns the last one's query (its rows when it is a
    // SELECT). Throws HqError naming the statement that failed. The script is emptied.
    QSqlQuery run();

private:
    struct Statement
    {
        QString sql;
        QVariantList binds;
    };
    QString literal(const QVariant &v) const;
    QString inline_(const Statement &s) const; // the statement with its values as literals
    int maxParameters() const;

    QSqlDatabase m_db;
    bool m_postgres = false;
    QVector<Statement> m_statements;
};

// "?, ?, ?" (n placeholders).
QString placeholders(qsizetype n);

} // namespace plume::hq
