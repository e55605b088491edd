// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// « Siège… »: where headquarters is and how to trust it, from the window, with the core that
// `plumectl station set-hq` uses (sync::HqConfig::validate, sync::parseHqPublicKey;
// Station::setHq saves and restarts the background sender). Prefilled from the station file;
// the reason a value is refused is shown, and Enregistrer stays disabled until all is valid.
// The station passphrase is asked again: the window stays unlocked all day, and whoever sets
// HQ decides where the contact sheets go and whose receipts erase them from the station.
#pragma once

#include "sync/hqconfig.h"

#include <QDialog>

#include <optional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace plume::ui {

class Station;

class HqDialog : public QDialog
{
    Q_OBJECT
public:
    explicit HqDialog(Station &station, QWidget *parent = nullptr);

    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *pinEdit() const { return m_pin; }
    QLineEdit *keyEdit() const { return m_key; }
    QLineEdit *passphraseEdit() const { return m_passphrase; } // null on an unprotected file
    QPushButton *saveButton() const { return m_save; }
    // Why Enregistrer is disabled (empty when all is valid or saved).
    QString problem() const;
    // Uses this PEM file as the authority (what « Choisir… » does after its file dialog).
    void setCaFile(const QString &path);

private:
    void buildForm();
    void addPassphraseRow(QFormLayout *form);
    void prefill();
    sync::HqConfig config() const;
    QString whyNot() const;
    void revalidate();
    void chooseCaFile();
    void save();

    Station &m_station;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_pin = nullptr;
    QLineEdit *m_caSource = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_passphrase = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_save = nullptr;
    QByteArray m_caPem;
    QString m_caError;
};

} // namespace plume::ui
