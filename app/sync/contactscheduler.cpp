// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/contactscheduler.h"

#include "store/store.h"

#include <algorithm>

namespace plume::sync {

ContactScheduler::ContactScheduler(store::Store &store, const QString &actor, QObject *parent)
    : QObject(parent), m_store(store), m_actor(actor)
{
    connect(&m_timer, &QTimer::timeout, this, [this] { queueDue(); });
}

void ContactScheduler::setPolicy(const ContactPolicy &policy)
{
    m_policy = policy;
    if (m_timer.isActive())
        start();
}

void ContactScheduler::start()
{
    m_timer.start(std::max(1, m_policy.checkSeconds) * 1000);
}

void ContactScheduler::stop()
{
    m_timer.stop();
}

int ContactScheduler::queueDue(bool force)
{
    try {
        const int n = int(queueReadyContacts(m_store, m_actor, force, m_policy, {},
                                             m_hold ? m_hold() : QSet<QString>())
                              .size());
        if (n > 0)
            emit queued(n);
        return n;
    } catch (const store::StoreError &e) {
        emit failed(e.message());
        return 0;
    }
}

} // namespace plume::sync
