// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/offlinefile.h"

#include "ui/station.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace plume::ui {
namespace {

struct OfflineFile
{
    Q_DECLARE_TR_FUNCTIONS(OfflineFile)
};

QString offeredPath(Station &station)
{
    const QDir folder = QFileInfo(station.store().path()).absoluteDir();
    return folder.filePath(
        QStringLiteral("livraison-%1-%2.plume")
            .arg(station.store().election().stationCode,
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
}

} // namespace

QString saveOfflineFile(QWidget *parent, Station &station)
{
    const QString title = OfflineFile::tr("Fichier hors ligne pour le siège");
    if (const QString refusal = station.offlineRefusal(); !refusal.isEmpty()) {
        QMessageBox::warning(parent, title, refusal); // before a file is chosen for nothing
        return {};
    }
    const QString path = QFileDialog::getSaveFileName(
        parent, title, offeredPath(station), OfflineFile::tr("Livraison hors ligne (*.plume)"));
    if (path.isEmpty())
        return {};
    QString error;
    const std::optional<int> written = station.exportOffline(path, &error);
    if (!written) {
        QMessageBox::warning(parent, title, error);
        return {};
    }
    return OfflineFile::tr("✔ %n envoi(s) chiffré(s) pour le siège dans %1 : portez ce fichier "
                           "au siège (plume-hq import). Ils restent dans la file d'envoi "
                           "jusqu'à l'accusé de réception du siège.",
                           nullptr, *written)
        .arg(QDir::toNativeSeparators(path));
}

} // namespace plume::ui
