// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The window's lock (Ctrl+L, or after some minutes without keyboard or mouse input): a page
// that takes the place of the sheets, the page, its ink and the review, and asks for the
// station passphrase (store::Store::confirmPassphrase) to show them again. Only the display
// and the officials' actions are locked: the pen, the recogniser and the sending to
// headquarters go on. Locking closes the open dialogs as Cancel would (nothing they hold is
// recorded), so that none stays in front of the lock with a voter's data.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;
class QWidget;

namespace plume::ui {

class Station;

class WindowLock : public QObject
{
    Q_OBJECT
public:
    enum class State { Unlocked, Locked };
    static constexpr int kDefaultIdleMinutes = 5;

    // stack shows `work` while unlocked; the lock's page is added to it.
    WindowLock(Station &station, QStackedWidget *stack, QWidget *work);
    ~WindowLock() override;

    State state() const { return m_state; }
    bool isLocked() const { return m_state == State::Locked; }
    // Minutes without keyboard or mouse input before the window locks itself (0: never).
    void setIdleMinutes(int minutes);
    void setIdleInterval(int milliseconds); // the same, finer (tests)
    int idleInterval() const { return m_idle.interval(); }
    bool isIdleTimerActive() const { return m_idle.isActive(); }
    // Whether unlocking asks for the passphrase: no for the demo (a random passphrase kept by
    // nobody) and a station without one: Enter alone unlocks, the page says why.
    bool needsPassphrase() const;
    // Wrong passphrases, counted with « Siège… »'s (Station::passphraseTries).
    int failures() const;
    bool isWaitingAfterFailures() const;

    QWidget *page() const { return m_page; }
    QLineEdit *passphraseEdit() const { return m_edit; }
    QPushButton *unlockButton() const { return m_button; }
    QLabel *problemLabel() const { return m_problem; }

public slots:
    void lock();
    void tryUnlock(); // with what the passphrase field holds

signals:
    void stateChanged(plume::ui::WindowLock::State state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildPage();
    void addPassphrase(QVBoxLayout *layout, QWidget *box);
    QString stationText() const;
    static void closeDialogsAndPopups();
    bool passphraseConfirmed(const QString &passphrase);
    void refuse(const QString &why);
    QString waitAfterFailures();
    void enableTyping(bool enabled);
    void unlock();
    void retryAllowed();

    Station &m_station;
    QStackedWidget *m_stack;
    QWidget *m_work;
    QWidget *m_page = nullptr;
    QLineEdit *m_edit = nullptr;
    QPushButton *m_button = nullptr;
    QLabel *m_problem = nullptr;
    State m_state = State::Unlocked;
    QTimer m_idle;
    QPointer<QWidget> m_focus; // where the official was, given back at unlock
};

} // namespace plume::ui
