// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume: the polling-station window.
#include "i18n/process.h"
#include "store/store.h"
#include "ui/application.h"
#include "ui/i18n.h"
#include "ui/mainwindow.h"
#include "ui/startup.h"
#include "ui/station.h"

#include <QApplication>

using namespace plume;

namespace {

int run(const ui::StartOptions &options)
{
    ui::Station station;
    if (!ui::openStation(station, options))
        return 1;
    ui::MainWindow window(station);
    window.show();
    ui::startSession(window, station, options);
    return QApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    plume::i18n::protectProcessMemory(); // no core dump of contacts or keys
    if (ui::asksOnlyForText(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    else if (ui::noDisplay())
        return ui::refuseWithoutDisplay(argc, argv);
    ui::Application app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("plume"));
    QApplication::setApplicationDisplayName(QStringLiteral("Plume"));
    QApplication::setOrganizationName(QStringLiteral("Plume"));
    QApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.plume.Plume"));
    ui::setLanguage(ui::languageFromArguments(QCoreApplication::arguments()));
    ui::installTranslators(app);
    const ui::StartOptions options = ui::parseArguments(QCoreApplication::arguments());

    try {
        return run(options);
    } catch (const store::StoreError &e) { // before the loop: who is on duty, the first reads
        return app.fatal(e.message());
    }
}
