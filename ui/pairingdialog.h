// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Lists nearby pens (name, address, signal, battery), connects, asks the PIN, remembers
// the pen. Without Bluetooth it says so in plain French and the app keeps working with
// mouse/tablet input.
#pragma once

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace plume::pen {
class PenScanner;
}

namespace plume::ui {

class PairingDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PairingDialog(QWidget *parent = nullptr);
    QString chosenAddress() const { return m_address; }
    // The official chose to write with the mouse or a tablet instead (no pen, no Bluetooth).
    bool mouseChosen() const { return m_mouseChosen; }
    QPushButton *mouseButton() const { return m_mouse; }
    QLabel *statusLabel() const { return m_status; }

private:
    void rescan();
    pen::PenScanner *m_scanner;
    QListWidget *m_list;
    QLabel *m_status;
    QPushButton *m_connect;
    QPushButton *m_mouse;
    QString m_address;
    bool m_mouseChosen = false;
};

} // namespace plume::ui
