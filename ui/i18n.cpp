#include "ui/i18n.h"

#include "forms/formspec.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

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
    // Owned by the application: they live as long as it does.
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + language(),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // French is the source language; plume_fr only carries the French plural forms.
    auto *plume = new QTranslator(&app);
    if (!plume->load(QStringLiteral(":/i18n/plume_") + language()))
        return false;
    QCoreApplication::installTranslator(plume);
    return true;
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

QStringList fieldLabels(const forms::FormSpec &form, const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << fieldLabel(form, f);
    return out;
}

} // namespace plume::ui
