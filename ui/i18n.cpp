// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/i18n.h"

#include "forms/formspec.h"
#include "i18n/i18n.h"

#include <QCoreApplication>
#include <QLocale>

namespace plume::ui {
namespace {

QString &currentLanguage()
{
    static QString lang = QStringLiteral("fr");
    return lang;
}

} // namespace

void setLanguage(const QString &language)
{
    currentLanguage() = language == QLatin1String("en") ? language : QStringLiteral("fr");
    QLocale::setDefault(QLocale(isEnglish() ? QLocale::English : QLocale::French,
                                isEnglish() ? QLocale::UnitedKingdom : QLocale::France));
}

QString language()
{
    return currentLanguage();
}

bool isEnglish()
{
    return currentLanguage() == QLatin1String("en");
}

bool installTranslators(QCoreApplication &app)
{
    return i18n::installTranslators(app, language());
}

QString fieldLabel(const forms::FieldSpec &field)
{
    if (isEnglish() && !field.labelEn.isEmpty())
        return field.labelEn;
    return field.label.isEmpty() ? field.name : field.label;
}

QString fieldLabel(const forms::FormSpec &form, const QString &field)
{
    const forms::FieldSpec *spec = form.field(field);
    return spec ? fieldLabel(*spec) : field;
}

QString fieldShortLabel(const forms::FormSpec &form, const QString &field)
{
    const forms::FieldSpec *spec = form.field(field);
    if (!spec)
        return field;
    const QString shortLabel = isEnglish() ? spec->shortLabelEn : spec->shortLabel;
    return shortLabel.isEmpty() ? fieldLabel(*spec) : shortLabel;
}

QStringList fieldLabels(const forms::FormSpec &form, const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << fieldLabel(form, f);
    return out;
}

} // namespace plume::ui
