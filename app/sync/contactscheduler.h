// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// When a running station queues its contact sheets for headquarters: the window
// (ui::Station) and `plumectl sync` share this schedule.
#pragma once

#include "sync/seal.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

namespace plume::store {
class Store;
}

namespace plume::sync {

// Queues the ready contact sheets in batches (ContactPolicy): on request (a sheet was just
// decided, or the station closes) and every policy.checkSeconds once started, for the
// batch whose oldest sheet has waited long enough.
class ContactScheduler : public QObject
{
    Q_OBJECT

public:
    // `actor` is written in the audit trail of what it queues.
    ContactScheduler(store::Store &store, const QString &actor, QObject *parent = nullptr);

    const ContactPolicy &policy() const { return m_policy; }
    // Also restarts the periodic check with the new period when started.
    void setPolicy(const ContactPolicy &policy);
    void setActor(const QString &actor) { m_actor = actor; }
    // The sheets to hold back for now (a correction being typed in the window, not yet a
    // draft in the file: drafts in the file hold their sheets in queueReadyContacts),
    // asked before each queuing.
    using Hold = std::function<QSet<QString>()>;
    void setHold(Hold hold) { m_hold = std::move(hold); }
    void start(); // the periodic check
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // Queues the batches due now (every ready sheet when force) and returns how many;
    // emits queued(n) when n > 0, failed(message) when the store refuses (locked).
    int queueDue(bool force = false);

signals:
    void queued(int batches);
    void failed(const QString &message);

private:
    store::Store &m_store;
    QString m_actor;
    ContactPolicy m_policy;
    QTimer m_timer;
    Hold m_hold;
};

} // namespace plume::sync
