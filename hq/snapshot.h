// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Results off the ingest path (issue 14 item 6): a thread with its own database connection
// reads the results at most once per refresh interval (when something was stored, and every
// ten intervals anyway for changes made by other processes), renders every view once and
// publishes them; GET /api/v1/results and GET / are answered from that memory and never
// touch the database or the storing thread. What it reads is small whatever the election's
// size: the totals each stored PV keeps up to date, the flagged stations, the corrections,
// and the stations whose PV changed since its previous read (pv_latest.seq).
#pragma once

#include "hq/results.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace plume::hq {

struct Snapshot
{
    struct View
    {
        Results results;
        QByteArray json, operatorJson, html, operatorHtml;
        QByteArray stationsJson; // GET /api/v1/results/stations: every station, by code
        std::shared_ptr<const QMap<QString, QByteArray>> stations; // code -> its JSON
    };
    QString defaultElection; // the latest added
    QHash<QString, View> elections;

    // The view of electionId (empty: the default election); nullptr when unknown.
    const View *view(const QString &electionId) const;
};

// Each election's stations as last read, updated with the rows that changed since.
struct StationViews
{
    struct Election
    {
        qint64 seq = -1; // pv_latest.seq read so far (-1: nothing yet; migrated rows have 0)
        std::shared_ptr<const QMap<QString, QByteArray>> stations =
            std::make_shared<const QMap<QString, QByteArray>>();
        QByteArray list = QByteArrayLiteral("[]");
    };
    QHash<QString, Election> elections;
};

// Builds a snapshot from a database connection, in one read transaction; `views` is brought
// up to date (a fresh StationViews reads every station: `plume-hq results`).
std::shared_ptr<const Snapshot> buildSnapshot(class HqDatabase &db, StationViews &views);

class SnapshotService : public QObject
{
    Q_OBJECT
public:
    // Opens its own connection in its thread and builds the first snapshot before
    // returning; throws HqError when the database cannot be opened.
    SnapshotService(const QString &dbUrl, int refreshMs, QObject *parent = nullptr);
    ~SnapshotService() override;

    std::shared_ptr<const Snapshot> current() const;
    void changed() { m_generation.fetch_add(1, std::memory_order_relaxed); }
    void refreshNow(); // blocks until a fresh snapshot is published

private:
    void publish(std::shared_ptr<const Snapshot> s);

    QThread m_thread;
    class SnapshotWorker *m_worker = nullptr;
    mutable QMutex m_mutex;
    std::shared_ptr<const Snapshot> m_current;
    std::atomic<quint64> m_generation{0};
    friend class SnapshotWorker;
};

} // namespace plume::hq
