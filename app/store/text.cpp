// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/text.h"

#include <QList>

namespace plume::store {

QString withoutAccents(const QString &text)
{
    QString out;
    for (const QChar c : text.normalized(QString::NormalizationForm_KD))
        if (c.category() != QChar::Mark_NonSpacing)
            out += c;
    return out;
}

namespace {

bool isUnsafe(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

} // namespace

QString printable(const QString &text, int maxLength)
{
    QString out;
    for (const char32_t c : text.toUcs4()) {
        if (out.size() >= maxLength) {
            out += QChar(0x2026);
            break;
        }
        if (isUnsafe(c))
            out += QStringLiteral("\\u") +
                   QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'));
        else
            out += QString::fromUcs4(&c, 1);
    }
    return out;
}

} // namespace plume::store
