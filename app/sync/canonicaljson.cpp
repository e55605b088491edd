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

bool append(QByteArray &out, const QJsonValue &v, int depth, QString *error)
{
    auto failWith = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    switch (v.type()) {
    case QJsonValue::Null:
        out.append("null");
        return true;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        return true;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::floor(d) != d)
            return failWith(CanonicalText::tr("le JSON canonique ne contient que des entiers"));
        if (std::fabs(d) > double(kMaxCanonicalInteger))
            return failWith(CanonicalText::tr("entier hors limites (|n| > 2^53 − 1)"));
        out.append(QByteArray::number(static_cast<qint64>(d)));
        return true;
    }
    case QJsonValue::String:
        appendString(out, v.toString());
        return true;
    case QJsonValue::Array: {
        if (depth >= kMaxCanonicalDepth)
            return failWith(CanonicalText::tr("JSON imbriqué trop profondément"));
        out.append('[');
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out.append(',');
            if (!append(out, a.at(i), depth + 1, error))
                return false;
        }
        out.append(']');
        return true;
    }
    case QJsonValue::Object: {
        if (depth >= kMaxCanonicalDepth)
            return failWith(CanonicalText::tr("JSON imbriqué trop profondément"));
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        // UTF-16 code unit order (QString::operator<), as RFC 8785.
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
    case QJsonValue::Undefined:
        break;
    }
    return failWith(CanonicalText::tr("valeur JSON indéfinie"));
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
