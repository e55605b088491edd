// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Background writer: keeps ink writes off the GUI thread. Strokes are committed in small
// batches by a dedicated thread with its own connection; each is durable (WAL fsync'd,
// synchronous=FULL) within kMaxLatencyMs of enqueue().
#pragma once

#include "ink/stroke.h"

#include <QObject>
#include <QString>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

namespace plume::store {

class StrokeWriter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxLatencyMs = 20;
    // Strokes committed in one transaction at most (one fsync for them all); FormSession
    // stores a file's strokes in batches of the same size when it has no writer.
    static constexpr std::size_t kBatchSize = 512;

    // Opens its own connection to dbPath (the file must exist: Store::create first).
    explicit StrokeWriter(const QString &dbPath, QObject *parent = nullptr);
    ~StrokeWriter() override; // commits what is queued, then stops

    // Thread-safe. Returns a sequence number; committedSeq() >= it once durable.
    quint64 enqueue(const ink::Stroke &stroke, const QString &sheetId = {});
    // Blocks until everything enqueued so far is committed (or timeout). True on success.
    bool flush(int timeoutMs = 5000);
    quint64 committedSeq() const;
    QString lastError() const;

signals:
    // Emitted from the writer thread (use queued connections): strokes up to seq are durable.
    void committed(quint64 seq, qint64 lastStrokeId);
    void failed(const QString &error);

private:
    struct Item
    {
        quint64 seq;
        ink::Stroke stroke;
        QString sheetId;
    };
    void run(QString dbPath);

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::deque<Item> m_queue;
    quint64 m_nextSeq = 1;
    quint64 m_committed = 0;
    bool m_stop = false;
    bool m_dead = false;
    QString m_error;
    std::thread m_thread;
};

} // namespace plume::store
