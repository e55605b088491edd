// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// First run, one screen per decision: the election file (what it is, where it comes from),
// the station file (what it keeps, where), the passphrase (twice). Finish creates the
// station and protects it; there is no way on without a passphrase.
#pragma once

#include <QWizard>

#include <functional>

class QLabel;
class QLineEdit;

namespace plume::ui {

class PassphraseFields;
class Station;

class FirstRunWizard : public QWizard
{
    Q_OBJECT
public:
    explicit FirstRunWizard(Station &station, QWidget *parent = nullptr);

    QLineEdit *electionEdit() const { return m_election; }
    QLineEdit *stationEdit() const { return m_station; }
    QLabel *electionInfo() const { return m_electionInfo; }
    QLabel *stationInfo() const { return m_stationInfo; }
    PassphraseFields *passphrase() const { return m_passphrase; }
    // The files given on the command line (plume --db NEW --election E.json).
    void prefill(const QString &electionFile, const QString &stationFile);
    bool electionValid() const;
    // Not an existing file; its folder exists or can be created (Next creates it).
    bool stationPathValid() const;
    // Creates the station file and sets its passphrase; false (and a message on the last
    // page) when it could not.
    bool createStation();
    bool validateCurrentPage() override;

private:
    // A page that explains one file and lets the official type or browse for it.
    struct FileStep
    {
        QString title, explanation, name, browseText;
        QLineEdit **edit;
        QLabel **info;
        std::function<QString(const QString &current)> browse;
        std::function<void()> check;
        std::function<bool()> complete;
    };
    QWizardPage *filePage(const FileStep &step);
    QWizardPage *buildElectionPage();
    QWizardPage *buildStationPage();
    QWizardPage *buildPassphrasePage();
    void checkElection();
    void checkStationPath();
    bool makeStationFolder();

    Station &m_stationRef;
    QLineEdit *m_election = nullptr;
    QLabel *m_electionInfo = nullptr;
    QLineEdit *m_station = nullptr;
    QLabel *m_stationInfo = nullptr;
    QWizardPage *m_stationPage = nullptr;
    PassphraseFields *m_passphrase = nullptr;
    QLabel *m_createError = nullptr;
    QString m_stationCode;
};

} // namespace plume::ui
