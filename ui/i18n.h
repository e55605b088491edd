// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The window's language: French (source) or English, Qt's own translations, field labels.
#pragma once

#include <QString>

class QCoreApplication;

namespace plume::forms {
struct FieldSpec;
struct FormSpec;
} // namespace plume::forms

namespace plume::ui {

// "fr" (default) or "en". Set once at start (main) or by a test.
void setLanguage(const QString &language);
QString language();
bool isEnglish();

// Installs Qt's own translations (qtbase_<lang>) and Plume's (plume_<lang>: the English
// texts, or the French plural forms) on the application for the current language().
// Returns false when Plume's translation could not be loaded.
bool installTranslators(QCoreApplication &app);

// The label of a field in the window's language (the form template's label_en in
// English), never its id unless the template has no label at all.
QString fieldLabel(const forms::FieldSpec &field);
QString fieldLabel(const forms::FormSpec &form, const QString &field);
// The field table's shorter label (short_label, short_label_en), else fieldLabel.
QString fieldShortLabel(const forms::FormSpec &form, const QString &field);
QStringList fieldLabels(const forms::FormSpec &form, const QStringList &fields);

} // namespace plume::ui
