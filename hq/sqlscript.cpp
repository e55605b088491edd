// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/sqlscript.h"

#include "hq/hqdb.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>

#include <limits>

namespace plume::hq {

QString placeholders(qsizetype n)
{
    return QStringList(n, QStringLiteral("?")).join(QStringLiteral(", "));
}

int SqlScript::maxParameters() const
{
    return m_postgres ? std::numeric_limits<int>::max() : kSqliteParameters;
}

void SqlScript::add(const QString &sql, const QVariantList &binds)
{
    m_statements.append({sql, binds});
}

void SqlScript::insert(const QString &table, const QStringList &columns,
                       const QVector<QVariantList> &rows, const QString &suffix, const QString &row)
{
    if (rows.isEmpty())
        return;
    const QString one =
        row.isEmpty() ? QLatin1Char('(') + placeholders(columns.size()) + QLatin1Char(')') : row;
    const qsizetype width = std::max<qsizetype>(1, rows.constFirst().size());
    const qsizetype perStatement = std::max<qsizetype>(1, maxParameters() / width);
    for (qsizetype at = 0; at < rows.size(); at += perStatement) {
        const qsizetype n = std::min(perStatement, rows.size() - at);
        QVariantList binds;
        for (qsizetype i = at; i < at + n; ++i)
            binds += rows[i];
        add(QStringLiteral("INSERT INTO %1 (%2) VALUES %3 %4")
                .arg(table, columns.join(QStringLiteral(", ")),
                     QStringList(n, one).join(QStringLiteral(", ")), suffix),
            binds);
    }
}

void SqlScript::addIn(const QString &sql, const QVariantList &values)
{
    const qsizetype perStatement = maxParameters();
    for (qsizetype at = 0; at < values.size(); at += perStatement) {
        const QVariantList chunk = values.mid(at, perStatement);
        add(sql.arg(placeholders(chunk.size())), chunk);
    }
}

namespace {

// The part's SELECT for items [at, at + n).
QString partSql(const SqlScript::Part &p, qsizetype at, qsizetype n, QVariantList *binds)
{
    for (qsizetype i = at; i < at + n; ++i)
        *binds += p.items[i];
    return p.sql.arg(QStringList(n, p.unit).join(p.joiner));
}

} // namespace

void SqlScript::select(const QVector<Part> &parts,
                       const std::function<void(const QSqlQuery &)> &row)
{
    QStringList unionSql;
    QVariantList unionBinds;
    for (const Part &p : parts) {
        if (p.items.isEmpty())
            continue;
        const qsizetype width = std::max<qsizetype>(1, p.items.constFirst().size());
        const qsizetype perStatement =
            m_postgres ? p.items.size() : std::max<qsizetype>(1, maxParameters() / width);
        for (qsizetype at = 0; at < p.items.size(); at += perStatement) {
            QVariantList binds;
            const QString sql = partSql(p, at, std::min(perStatement, p.items.size() - at), &binds);
            if (m_postgres) {
                unionSql << sql;
                unionBinds += binds;
                continue;
            }
            add(sql, binds);
            QSqlQuery q = run();
            while (q.next())
                row(q);
        }
    }
    if (unionSql.isEmpty())
        return;
    add(unionSql.join(QStringLiteral(" UNION ALL ")), unionBinds);
    QSqlQuery q = run();
    while (q.next())
        row(q);
}

QString SqlScript::literal(const QVariant &v) const
{
    QSqlField f(QString(), v.metaType());
    f.setValue(v);
    return m_db.driver()->formatValue(f);
}

QString SqlScript::inline_(const Statement &s) const
{
    QString out;
    out.reserve(s.sql.size() + 32 * s.binds.size());
    qsizetype next = 0;
    for (const QChar c : s.sql) {
        if (c == QLatin1Char('?') && next < s.binds.size())
            out += literal(s.binds[next++]);
        else
            out += c;
    }
    return out;
}

QSqlQuery SqlScript::run()
{
    const QVector<Statement> statements = std::exchange(m_statements, {});
    QSqlQuery q(m_db);
    if (m_postgres) {
        // One round trip: the simple query protocol runs the statements in order and stops
        // at the first error (the transaction is then aborted: the caller rolls back).
        QStringList script;
        for (const Statement &s : statements)
            script << inline_(s);
        if (script.isEmpty())
            return q;
        // QPSQL answers with the first statement's result; each next one, or the error that
        // stopped the script, comes with nextResult().
        bool ok = q.exec(script.join(QStringLiteral(";\n")));
        for (qsizetype i = 1; ok && i < script.size(); ++i)
            ok = q.nextResult();
        if (!ok)
            throw HqError(QStringLiteral("SQL failed (%1…): %2")
                              .arg(script.constFirst().left(60), q.lastError().text()));
        return q;
    }
    for (const Statement &s : statements) {
        q = QSqlQuery(m_db);
        q.setForwardOnly(true);
        if (!q.prepare(s.sql))
            throw HqError(QStringLiteral("cannot prepare (%1…): %2")
                              .arg(s.sql.left(60), q.lastError().text()));
        for (const QVariant &b : s.binds)
            q.addBindValue(b);
        if (!q.exec())
            throw HqError(
                QStringLiteral("SQL failed (%1…): %2").arg(s.sql.left(60), q.lastError().text()));
    }
    return q;
}

} // namespace plume::hq
