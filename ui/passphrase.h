// The station passphrase in the window: chosen twice (first run, or a station that has
// none), asked at every opening with retries.
//
// Strength: checkPassphrase() applies the window's rule today (at least
// kMinPassphraseChars characters, both entries equal). It is the one place to call the
// store's strength checker once it lands (issue 15): every screen that sets a passphrase
// goes through it.
#pragma once

#include <QDialog>
#include <QWidget>

class QLabel;
class QLineEdit;

namespace plume::store {
class Store;
}

namespace plume::ui {

struct PassphraseVerdict
{
    bool acceptable = false;
    QString message; // translated: what is wrong, or that it is fine
};
PassphraseVerdict checkPassphrase(const QString &passphrase, const QString &confirmation);

// Two password fields and the verdict, updated as the official types.
class PassphraseFields : public QWidget
{
    Q_OBJECT
public:
    explicit PassphraseFields(QWidget *parent = nullptr);
    QString passphrase() const;
    bool isAcceptable() const;
    QLineEdit *first() const { return m_first; }
    QLineEdit *second() const { return m_second; }
    QLabel *verdict() const { return m_verdict; }

signals:
    void changed();

private:
    void update();
    QLineEdit *m_first;
    QLineEdit *m_second;
    QLabel *m_verdict;
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
    int failures() const { return m_failures; }
    void accept() override;
    void reject() override;

private:
    store::Store &m_store;
    QLineEdit *m_edit;
    QLabel *m_error;
    int m_failures = 0;
};

// The question asked before leaving without a passphrase: true = quit.
bool confirmQuitWithoutPassphrase(QWidget *parent);

} // namespace plume::ui
