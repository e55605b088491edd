// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A refresh asked for many times in a row runs once: right after the event loop's current
// pass, and at most once every minGapMs while the asks go on (a pen emptying its memory asks
// after every stroke). now() runs a refresh still to come at once (before a key is taken).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <functional>

namespace plume::ui {

class RefreshLater : public QObject
{
    Q_OBJECT
public:
    RefreshLater(std::function<void()> refresh, int minGapMs, QObject *parent)
        : QObject(parent), m_refresh(std::move(refresh)), m_minGapMs(minGapMs)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &RefreshLater::run);
    }

    void ask()
    {
        if (m_timer.isActive())
            return;
        const qint64 since = m_last.isValid() ? m_last.elapsed() : m_minGapMs;
        m_timer.start(int(std::max<qint64>(0, m_minGapMs - since)));
    }
    bool pending() const { return m_timer.isActive(); }
    void now()
    {
        if (m_timer.isActive())
            run();
    }
    void done() // refreshed by other means: nothing still to come
    {
        m_timer.stop();
        m_last.start();
    }

private:
    void run()
    {
        done();
        m_refresh();
    }

    std::function<void()> m_refresh;
    int m_minGapMs;
    QTimer m_timer;
    QElapsedTimer m_last;
};

} // namespace plume::ui
