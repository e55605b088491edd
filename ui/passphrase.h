// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station passphrase in the window: chosen twice (first run, or a station that has
// none), asked at every opening with retries.
//
// Strength: the store's own checker (store::checkPassphrase, zxcvbn) with the station's
// words (store::passphraseContext: code, commune, candidates…), shown as a meter and in
// words as the official types; the window never accepts what the store would refuse.
#pragma once

#include "ui/passphrasetries.h"

#include <QColor>
#include <QDialog>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;

namespace plume::store {
class Store;
}

class QPushButton;

namespace plume::ui {

struct PassphraseVerdict
{
    bool acceptable = false;
    QString message; // translated: what is wrong, or that it is fine
    int score = 0;   // 0..4, as store::checkPassphrase
    double guessesLog10 = 0;
    bool waitingForCopy = false; // accepted, the second copy not typed yet: no mistake
};
PassphraseVerdict checkPassphrase(const QString &passphrase, const QString &confirmation,
                                  const QStringList &context = {});
// The score in words ("faible", "bonne"…) and how long guessing it would take at one
// guess a second (the cost of Argon2id on the station's laptop).
QString strengthWords(int score);
// The meter's colour for a score: light (its words are black on it), red below the store's
// threshold, orange at 2, green from the threshold.
QColor strengthColour(int score);
QString guessTimeWords(double guessesLog10);

// Two password fields and the verdict, updated as the official types.
class PassphraseFields : public QWidget
{
    Q_OBJECT
public:
    explicit PassphraseFields(QWidget *parent = nullptr);
    // The station's words (store::passphraseContext), once known.
    void setContext(const QStringList &context);
    QString passphrase() const;
    bool isAcceptable() const;
    QLineEdit *first() const { return m_first; }
    QLineEdit *second() const { return m_second; }
    QLabel *verdict() const { return m_verdict; }
    QProgressBar *meter() const { return m_meter; }
    QLabel *strength() const { return m_strength; }

signals:
    void changed();

private:
    void update();
    void showStrength(const PassphraseVerdict &verdict);
    QLineEdit *m_first;
    QLineEdit *m_second;
    QProgressBar *m_meter;
    QLabel *m_strength;
    QLabel *m_verdict;
    QStringList m_context;
};

// Sets the passphrase of a station that has none. There is no way on without one: the
// only other choice is to quit.
class SetPassphraseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SetPassphraseDialog(store::Store &store, QWidget *parent = nullptr);
    PassphraseFields *fields() const { return m_fields; }
    void accept() override;
    void reject() override; // asks before quitting

private:
    store::Store &m_store;
    PassphraseFields *m_fields;
    QLabel *m_error;
};

// Unlocks a protected station. A wrong passphrase says so and asks again; Cancel asks
// whether to quit instead of quitting silently.
class UnlockDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UnlockDialog(store::Store &store, QWidget *parent = nullptr);
    QLineEdit *passphraseEdit() const { return m_edit; }
    QLabel *errorLabel() const { return m_error; }
    int failures() const { return m_tries.failures(); }
    PassphraseTries &tries() { return m_tries; } // tests: a shorter wait
    void accept() override;
    void reject() override;

private:
    void retryAllowed();

    store::Store &m_store;
    QLineEdit *m_edit;
    QLabel *m_error;
    QPushButton *m_open;
    QString m_failureText;
    // The lock page's wait after three failures, here too (a review: 17 wrong tries in a
    // row, each only as slow as the key derivation).
    PassphraseTries m_tries;
};

// The question asked before leaving without a passphrase: true = quit.
bool confirmQuitWithoutPassphrase(QWidget *parent);

} // namespace plume::ui
