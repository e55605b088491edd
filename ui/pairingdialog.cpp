// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/pairingdialog.h"

#include "pen/ble.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace plume::ui {

PairingDialog::PairingDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Appairer un stylo numérique"));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Stylos à proximité"));
    layout->addWidget(m_list);
    auto *buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(tr("Connecter"), QDialogButtonBox::AcceptRole);
    auto *again = buttons->addButton(tr("Rechercher à nouveau"), QDialogButtonBox::ActionRole);
    m_mouse = buttons->addButton(tr("Écrire à la souris (Ctrl+W)"), QDialogButtonBox::ActionRole);
    m_mouse->setToolTip(tr("Sans stylo : écrivez dans les cases avec la souris ou une tablette"));
    buttons->addButton(QDialogButtonBox::Cancel);
    m_connect->setEnabled(false);
    layout->addWidget(buttons);
    m_scanner = new pen::PenScanner(this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (auto *item = m_list->currentItem()) {
            m_address = item->data(Qt::UserRole).toString();
            accept();
        }
    });
    connect(again, &QPushButton::clicked, this, &PairingDialog::rescan);
    connect(m_mouse, &QPushButton::clicked, this, [this] {
        m_mouseChosen = true;
        accept();
    });
    connect(m_list, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem *item) { m_connect->setEnabled(item != nullptr); });
    auto show = [this](const pen::DiscoveredPen &p) {
        const QString text =
            tr("%1 — %2 — signal %3 dBm%4")
                .arg(p.name, p.address)
                .arg(p.rssi)
                .arg(p.battery >= 0 ? tr(" — batterie %1 %").arg(p.battery) : QString());
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(Qt::UserRole).toString() == p.address) {
                m_list->item(i)->setText(text);
                return;
            }
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, p.address);
    };
    connect(m_scanner, &pen::PenScanner::penFound, this, show);
    connect(m_scanner, &pen::PenScanner::penUpdated, this, show);
    connect(m_scanner, &pen::PenScanner::error, this, [this](const QString &message) {
        m_status->setText(message);
        m_mouse->setDefault(true); // Enter: go on with the mouse
    });
    connect(m_scanner, &pen::PenScanner::finished, this, [this] {
        m_status->setText(
            m_list->count()
                ? tr("Choisissez votre stylo puis « Connecter ».")
                : tr("Aucun stylo trouvé. Allumez le stylo et rapprochez-le de l'ordinateur."));
    });
    rescan();
}

void PairingDialog::rescan()
{
    QString why;
    if (!pen::PenScanner::bluetoothAvailable(&why)) {
        m_status->setText(why);
        m_mouse->setDefault(true); // Enter: go on with the mouse
        m_mouse->setFocus();
        return;
    }
    m_list->clear();
    m_status->setText(tr("Recherche des stylos à proximité…"));
    m_scanner->start();
}

} // namespace plume::ui
