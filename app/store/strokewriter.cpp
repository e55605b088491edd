// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/strokewriter.h"

#include "store/store.h"

#include <chrono>
#include <vector>

namespace plume::store {

StrokeWriter::StrokeWriter(const QString &dbPath, QObject *parent) : QObject(parent)
{
    m_thread = std::thread([this, dbPath] { run(dbPath); });
}

StrokeWriter::~StrokeWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

quint64 StrokeWriter::enqueue(const ink::Stroke &stroke, const QString &sheetId)
{
    quint64 seq;
    {
        std::lock_guard lock(m_mutex);
        seq = m_nextSeq++;
        m_queue.push_back(Item{seq, stroke, sheetId});
    }
    m_wake.notify_one();
    return seq;
}

bool StrokeWriter::flush(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_nextSeq - 1;
    return m_done.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        return m_committed >= target || m_dead;
    }) && m_committed >= target;
}

quint64 StrokeWriter::committedSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_committed;
}

QString StrokeWriter::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void StrokeWriter::run(QString dbPath)
{
    std::unique_ptr<Store> store;
    try {
        store = Store::open(dbPath);
    } catch (const StoreError &e) {
        std::lock_guard lock(m_mutex);
        m_error = e.message();
        m_dead = true;
        m_done.notify_all();
        emit failed(e.message());
        return;
    }
    for (;;) {
        std::vector<Item> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty() && m_stop)
                break;
            // Take everything queued: one transaction (one fsync) per batch.
            while (!m_queue.empty() && batch.size() < kBatchSize) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        qint64 lastId = 0;
        int attempt = 0;
        for (;;) {
            try {
                store->transaction([&] {
                    for (const Item &item : batch)
                        lastId = store->appendStroke(item.stroke, item.sheetId);
                });
                break;
            } catch (const StoreError &e) {
                // Never drop ink: keep retrying (disk full, busy) and report.
                {
                    std::lock_guard lock(m_mutex);
                    m_error = e.message();
                }
                if (attempt++ == 0)
                    emit failed(e.message());
                std::unique_lock lock(m_mutex);
                if (m_stop && attempt > 50)
                    return; // give up only at shutdown after ~5 s of failures
                m_wake.wait_for(lock, std::chrono::milliseconds(100));
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_committed = batch.back().seq;
        }
        m_done.notify_all();
        emit committed(batch.back().seq, lastId);
    }
}

} // namespace plume::store
