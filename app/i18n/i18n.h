// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The language of Plume's programs: French (the source language) or English. The window
// (ui/i18n.h) and plumectl install the same translations: Qt's own (qtbase_<lang>) and
// Plume's (plume_<lang>: English texts, or the French plural forms), compiled in.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

class QCoreApplication;

namespace plume::i18n {

// "en" when the environment asks for English (LANGUAGE, else LC_ALL, LC_MESSAGES, LANG:
// the first one set decides), else "fr" (the default, C and POSIX included).
QString languageFromEnvironment();

// Installs Qt's and Plume's translations for language ("fr" or "en") on the application,
// and makes that language's locale the default (numbers in messages: 1 300 / 1,300).
// Returns false when Plume's translation could not be loaded.
bool installTranslators(QCoreApplication &app, const QString &language);

// -h, --help with a translated description, for every program's parser: Qt's own
// (addHelpOption) stays in English, Debian's qtbase_fr does not translate it. The program
// tests isSet("help") and prints helpText() itself.
QCommandLineOption helpOption();

// parser's helpText() with "Usage: <program> [options]" naming command instead of the
// program's path ("plume-hq stations add", "plumectl db check"), for the subcommands.
QString helpTextFor(const QCommandLineParser &parser, const QString &command);

} // namespace plume::i18n
