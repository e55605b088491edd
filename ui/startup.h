// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Start-up of the `plume` window: command line, language, opening or creating the station
// (first-run wizard, passphrase), and the --screenshot mode used for the docs.
#pragma once

#include <QString>

#include <QStringList>

namespace plume::ui {

class MainWindow;
class Station;

struct StartOptions
{
    bool demo = false;
    QString db;       // --db FILE, or the positional station file
    QString election; // --election FILE.json (creates db)
    QString pen;
    QString pin;
    QString official;
    QString language = QStringLiteral("fr");
    QString screenshot;
    int quitAfter = 0;
    int lockMinutes = -1; // --lock-after MINUTES (0: never); -1: the setting, else 5
};

// The language asked with --lang (before the parser, whose help is translated), else the
// environment's (i18n::languageFromEnvironment: "en" for an English one, "fr" otherwise).
QString languageFromArguments(const QStringList &arguments);
// Parses the command line (arguments()[0] is the program; exits with the help or an error
// on bad usage). A positional argument is the station file to open (`plume station.plume`).
StartOptions parseArguments(const QStringList &arguments);
// True when the command line only asks for text (--help, --version): then no window, and
// no display is needed (main() starts Qt offscreen, so `plume --help` works over ssh and
// for help2man).
bool asksOnlyForText(int argc, const char *const *argv);
// True when Qt can open no window here: no DISPLAY, no WAYLAND_DISPLAY and no
// QT_QPA_PLATFORM. main() then says so in the user's language (instead of Qt's abort)
// and points to plumectl.
bool noDisplay();
int refuseWithoutDisplay(int argc, char **argv);
// Opens, creates (first-run wizard when nothing is given) and unlocks the station, or makes
// it set a passphrase. False when the official gave up (nothing was opened).
bool openStation(Station &station, const StartOptions &options);
// After the window is shown: the official on duty, the pen, the window's lock after
// inactivity (--lock-after, else the setting lock/afterMinutes, else 5 minutes), the
// screenshot and quit timers.
void startSession(MainWindow &window, Station &station, const StartOptions &options);

} // namespace plume::ui
