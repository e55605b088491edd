// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/canonicaljson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace plume::sync {
namespace {

// Human messages, in French (source language).
struct CanonicalText
{
    Q_DECLARE_TR_FUNCTIONS(CanonicalJson)
};

void appendString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    const QByteArray utf8 = s.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(hex[c >> 4]);
                out.append(hex[c & 0xf]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
}

bool failWith(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

bool append(QByteArray &out, const QJsonValue &v, int depth, QString *error);

// Integers only, |n| <= 2^53 - 1, in decimal.
bool appendInteger(QByteArray &out, double d, QString *error)
{
    if (!std::isfinite(d) || std::floor(d) != d)
        return failWith(error, CanonicalText::tr("le JSON canonique ne contient que des entiers"));
    if (std::fabs(d) > double(kMaxCanonicalInteger))
        return failWith(error, CanonicalText::tr("entier hors limites (|n| > 2^53 − 1)"));
    out.append(QByteArray::number(static_cast<qint64>(d)));
    return true;
}

bool appendArray(QByteArray &out, const QJsonArray &a, int depth, QString *error)
{
    out.append('[');
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (i)
            out.append(',');
        if (!append(out, a.at(i), depth + 1, error))
            return false;
    }
    out.append(']');
    return true;
}

// Keys in UTF-16 code unit order (QString::operator<), as RFC 8785.
bool appendObject(QByteArray &out, const QJsonObject &o, int depth, QString *error)
{
    QStringList keys = o.keys();
    std::sort(keys.begin(), keys.end());
    out.append('{');
    bool first = true;
    for (const QString &k : std::as_const(keys)) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, k);
        out.append(':');
        if (!append(out, o.value(k), depth + 1, error))
            return false;
    }
    out.append('}');
    return true;
}

bool append(QByteArray &out, const QJsonValue &v, int depth, QString *error)
{
    const bool nested = v.type() == QJsonValue::Array || v.type() == QJsonValue::Object;
    if (nested && depth >= kMaxCanonicalDepth)
        return failWith(error, CanonicalText::tr("JSON imbriqué trop profondément"));
    switch (v.type()) {
    case QJsonValue::Null:
        out.append("null");
        return true;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        return true;
    case QJsonValue::Double:
        return appendInteger(out, v.toDouble(), error);
    case QJsonValue::String:
        appendString(out, v.toString());
        return true;
    case QJsonValue::Array:
        return appendArray(out, v.toArray(), depth, error);
    case QJsonValue::Object:
        return appendObject(out, v.toObject(), depth, error);
    case QJsonValue::Undefined:
        break;
    }
    return failWith(error, CanonicalText::tr("valeur JSON indéfinie"));
}

} // namespace

std::optional<QByteArray> canonicalJson(const QJsonValue &value, QString *error)
{
    QByteArray out;
    if (!append(out, value, 0, error))
        return std::nullopt;
    return out;
}

} // namespace plume::sync
