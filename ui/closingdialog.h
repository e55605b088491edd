// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The closing screen, a deliberate act in three steps:
//  1. check: the PV's values, every failing rule with its fields and what to do, the
//     officials present (ticked one by one) and the reason. An impossible rule or a value
//     not confirmed blocks; a rule to explain (and a correction of a sealed PV) needs a
//     reason of at least forms::kMinReasonChars characters and forms::kMinOfficialsToExplain
//     officials;
//  2. summary: "Vous allez sceller la version N : … — Sceller / Revenir";
//  3. done: the fingerprint and the exports.
// No button of this dialog is ever the default one: Enter never seals.
// With corrections (a sealed PV being corrected) the version sealed is the next one.
#pragma once

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QListWidget;
class QScrollArea;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace plume::ui {

class Station;

class ClosingDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ClosingDialog(Station &station, const QHash<QString, QString> &corrections = {},
                           const QString &onDuty = {}, QWidget *parent = nullptr);
    QString sealedHash() const { return m_hash; }
    bool isSealed() const { return !m_hash.isEmpty(); }
    // What still prevents sealing (translated sentences); empty when ready.
    QStringList blockers() const;

    QListWidget *officialsList() const { return m_officials; }
    // Only when the election lists no officials: another official present types a name
    // and adds it (ticked) to the signatories; a refused name says why beside it.
    QLineEdit *newOfficialEdit() const { return m_newOfficial; }
    QPushButton *addOfficialButton() const { return m_addOfficial; }
    QLabel *newOfficialProblem() const { return m_newOfficialProblem; }
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    QPushButton *continueButton() const { return m_continue; }
    QPushButton *sealButton() const { return m_seal; }
    QPushButton *backButton() const { return m_back; }
    QLabel *blockersLabel() const { return m_blockers; }
    QStackedWidget *pages() const { return m_pages; }
    QLabel *resultLabel() const { return m_result; } // the last screen: fingerprint, delivery
    QPushButton *hqButton() const { return m_hq; }   // « Siège… », while HQ is not ready

private:
    QWidget *buildCheckPage(const QString &onDuty);
    QListWidget *buildOfficials(const QString &onDuty, QWidget *parent);
    QWidget *buildNewOfficial(QWidget *parent);
    void addOfficial();
    QWidget *buildSummaryPage();
    QWidget *buildDonePage();
    QPushButton *button(const QString &text, QWidget *parent);
    QHash<QString, QString> values() const; // decided values with the corrections applied
    QStringList requiredFields() const;
    QStringList missingFields() const;
    QStringList signatories() const;
    bool needsExplanation() const;
    QString valuesTable() const;
    int undecidedCount() const;
    QString rulesText() const;
    void refreshChecks();
    void showSummary();
    void seal();
    void showDone(const QString &result);
    void configureHq();
    QString deliveryText(int contactBatches) const;
    QString leftOutText(const QStringList &leftOut) const;
    void exportPv(const QString &format);

    Station &m_station;
    QHash<QString, QString> m_corrections;
    int m_version = 1; // the version this dialog seals
    QStackedWidget *m_pages = nullptr;
    QLabel *m_checks = nullptr;
    QListWidget *m_officials = nullptr;
    QLineEdit *m_newOfficial = nullptr;
    QPushButton *m_addOfficial = nullptr;
    QLabel *m_newOfficialProblem = nullptr;
    QLabel *m_reasonLabel = nullptr;
    QPlainTextEdit *m_reason = nullptr;
    QLabel *m_blockers = nullptr;
    QScrollArea *m_blockersArea = nullptr;
    QPushButton *m_continue = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_seal = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_hq = nullptr;
    QString m_hash;
};

} // namespace plume::ui
