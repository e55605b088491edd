// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/passphrasetries.h"

#include <algorithm>

namespace plume::ui {

PassphraseTries::PassphraseTries(QObject *parent) : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PassphraseTries::retryAllowed);
}

void PassphraseTries::failed()
{
    ++m_failures;
    if (m_failures < kFreeFailures)
        return;
    const int doublings = std::min(m_failures - kFreeFailures, 4);
    m_retry.start(std::min(m_firstWaitMs * 12, m_firstWaitMs << doublings));
}

void PassphraseTries::succeeded()
{
    m_failures = 0;
    m_retry.stop();
}

QString PassphraseTries::waitText() const
{
    if (!isWaiting())
        return {};
    const int seconds = std::max(1, (millisecondsLeft() + 999) / 1000);
    return tr("Nouvel essai possible dans %n seconde(s).", nullptr, seconds);
}

} // namespace plume::ui
