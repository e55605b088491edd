// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/offlinefile.h"

#include "store/text.h"
#include "ui/station.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

#include <algorithm>

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

// What became of each receipt: the count delivered, and each refused one with its reason.
QString receiptsSummary(const QVector<sync::OfflineReceipt> &receipts, const QString &purgeError)
{
    int delivered = 0;
    QStringList refused;
    for (const sync::OfflineReceipt &r : receipts) {
        delivered += r.delivered;
        if (!r.delivered)
            refused << OfflineFile::tr("%1 refusé : %2")
                           .arg(r.uuid.isEmpty() ? QStringLiteral("-")
                                                 : store::printable(r.uuid, 64),
                                r.why);
    }
    QString text = OfflineFile::tr("%n envoi(s) marqué(s) livré(s) au siège.", nullptr, delivered);
    for (const QString &line : refused)
        text += QLatin1Char('\n') + line;
    if (!purgeError.isEmpty())
        text += QLatin1Char('\n') +
                OfflineFile::tr("Contacts remis au siège mais pas encore effacés de ce poste : %1")
                    .arg(purgeError);
    return text;
}

// A message box in plain text: a receipts file's identifiers are not Plume's to render.
void tell(QWidget *parent, QMessageBox::Icon icon, const QString &title, const QString &text)
{
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace

QString loadReceiptsFile(QWidget *parent, Station &station)
{
    const QString title = OfflineFile::tr("Accusés de réception du siège");
    const QString path = QFileDialog::getOpenFileName(
        parent, title, QFileInfo(station.store().path()).absolutePath(),
        OfflineFile::tr("Accusés de réception (*.json);;Tous les fichiers (*)"));
    if (path.isEmpty())
        return {};
    QString purgeError, error;
    const auto receipts = station.acceptReceipts(path, &purgeError, &error);
    if (!receipts) {
        tell(parent, QMessageBox::Warning, title, error);
        return {};
    }
    const QString summary = receiptsSummary(*receipts, purgeError);
    const bool allDelivered = std::all_of(receipts->cbegin(), receipts->cend(),
                                          [](const auto &r) { return r.delivered; });
    tell(parent,
         allDelivered && purgeError.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
         title, summary);
    return summary;
}

QString saveOfflineFile(QWidget *parent, Station &station)
{
    const QString title = OfflineFile::tr("Fichier hors ligne pour le siège");
    if (const QString refusal = station.offlineRefusal(); !refusal.isEmpty()) {
        tell(parent, QMessageBox::Warning, title, refusal); // before a file is chosen for nothing
        return {};
    }
    const QString path = QFileDialog::getSaveFileName(
        parent, title, offeredPath(station), OfflineFile::tr("Livraison hors ligne (*.plume)"));
    if (path.isEmpty())
        return {};
    QString error;
    const std::optional<int> written = station.exportOffline(path, &error);
    if (!written) {
        tell(parent, QMessageBox::Warning, title, error);
        return {};
    }
    return OfflineFile::tr("✔ %n envoi(s) chiffré(s) pour le siège dans %1 : portez ce fichier "
                           "au siège (plume-hq import). Chaque envoi reste dans la file d'envoi "
                           "jusqu'à l'accusé de réception du siège ; un électeur d'un lot de ce "
                           "fichier qui retire son consentement le demande désormais au siège.",
                           nullptr, *written)
        .arg(QDir::toNativeSeparators(path));
}

} // namespace plume::ui
