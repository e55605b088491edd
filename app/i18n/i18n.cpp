// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "i18n/i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace plume::i18n {

QString languageFromEnvironment()
{
    for (const char *variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty())
            return value.startsWith(QLatin1String("en")) ? QStringLiteral("en")
                                                         : QStringLiteral("fr");
    }
    return QStringLiteral("fr");
}

bool installTranslators(QCoreApplication &app, const QString &language)
{
    const QString lang = language == QLatin1String("en") ? language : QStringLiteral("fr");
    // Numbers in messages follow the language too: « 1 300 votants », not "1,300" (which a
    // French reader takes for 1.3) as the C locale of a bare environment writes them.
    const bool english = lang == QLatin1String("en");
    QLocale::setDefault(QLocale(english ? QLocale::English : QLocale::French,
                                english ? QLocale::UnitedKingdom : QLocale::France));
    // Owned by the application: they live as long as it does.
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + lang,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // French is the source language; plume_fr only carries the French plural forms.
    auto *plume = new QTranslator(&app);
    if (!plume->load(QStringLiteral(":/i18n/plume_") + lang))
        return false;
    QCoreApplication::installTranslator(plume);
    return true;
}

QCommandLineOption helpOption()
{
    return QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                              QCoreApplication::translate("I18n", "Affiche cette aide."));
}

QString helpTextFor(const QCommandLineParser &parser, const QString &command)
{
    QString text = parser.helpText();
    const QString binary = QCoreApplication::arguments().value(0);
    const qsizetype at = binary.isEmpty() ? -1 : text.indexOf(binary);
    if (at >= 0 && !command.isEmpty())
        text.replace(at, binary.size(), command);
    return text;
}

} // namespace plume::i18n
