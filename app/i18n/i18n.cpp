#include "i18n/i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
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

} // namespace plume::i18n
