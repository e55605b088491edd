// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station passphrase asked again in an unlocked window (the lock, « Siège… »): wrong
// answers are counted together, so that taking turns between the two doors gets no more
// tries. From the third wrong one, each new try waits: 5 s, then twice as long each time,
// 60 s at most. Argon2id's second per try is not bound enough for a passphrase that a voter
// standing at the laptop may guess (the town, the station's name).
#pragma once

#include <QObject>
#include <QTimer>

namespace plume::ui {

class PassphraseTries : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFreeFailures = 3;
    static constexpr int kFirstWaitMs = 5000; // the longest: 12 times as long

    explicit PassphraseTries(QObject *parent = nullptr);

    int failures() const { return m_failures; }
    bool isWaiting() const { return m_retry.isActive(); }
    // A wrong passphrase: counted; from the kFreeFailures-th, the wait starts.
    void failed();
    int millisecondsLeft() const { return isWaiting() ? m_retry.remainingTime() : 0; }
    // The right one: the count starts again.
    void succeeded();
    void setFirstWait(int milliseconds) { m_firstWaitMs = milliseconds; } // tests
    // "Nouvel essai possible dans N secondes." while waiting, else empty.
    QString waitText() const;

signals:
    void retryAllowed();

private:
    QTimer m_retry;
    int m_failures = 0;
    int m_firstWaitMs = kFirstWaitMs;
};

} // namespace plume::ui
