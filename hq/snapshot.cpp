// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/snapshot.h"

#include "hq/hqdb.h"
#include "hq/pages.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTimer>

namespace plume::hq {

const Snapshot::View *Snapshot::view(const QString &electionId) const
{
    const auto it = elections.constFind(electionId.isEmpty() ? defaultElection : electionId);
    return it == elections.constEnd() ? nullptr : &it.value();
}

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The stations of `id` whose PV changed since the last read, rendered once each.
void updateStations(HqDatabase &db, const QString &id, StationViews::Election &v)
{
    const StationChanges changes = db.stationChanges(id, v.seq);
    v.seq = changes.seq;
    if (changes.stations.isEmpty() && changes.removed.isEmpty())
        return;
    const Election *e = db.election(id);
    auto stations = std::make_shared<QMap<QString, QByteArray>>(*v.stations);
    for (const QString &code : changes.removed) // withdrawn; back below if it came again
        stations->remove(code);
    for (const StationResult &s : changes.stations)
        stations->insert(s.code, compact(stationJson(*e, s)));
    QByteArray list = "[";
    for (const QByteArray &json : std::as_const(*stations))
        list += json + ',';
    if (list.size() > 1)
        list.chop(1);
    v.list = list + ']';
    v.stations = std::move(stations);
}

Snapshot::View view(HqDatabase &db, const QString &id, StationViews::Election &stations)
{
    Snapshot::View v;
    v.results = db.results(id);
    updateStations(db, id, stations);
    v.stations = stations.stations;
    v.stationsJson = stations.list;
    v.json = QJsonDocument(resultsJson(v.results, false)).toJson(QJsonDocument::Indented);
    v.operatorJson = QJsonDocument(resultsJson(v.results, true)).toJson(QJsonDocument::Indented);
    v.html = resultsPage(v.results, false);
    v.operatorHtml = resultsPage(v.results, true);
    return v;
}

} // namespace

std::shared_ptr<const Snapshot> buildSnapshot(HqDatabase &db, StationViews &views)
{
    auto s = std::make_shared<Snapshot>();
    db.beginRead();
    try {
        const QStringList ids = db.electionIds();
        s->defaultElection = ids.isEmpty() ? QString() : ids.constLast();
        for (const QString &id : ids)
            s->elections.insert(id, view(db, id, views.elections[id]));
    } catch (...) {
        db.endRead();
        throw;
    }
    db.endRead();
    return s;
}

// Lives in the service's thread, with its own connection.
class SnapshotWorker : public QObject
{
public:
    SnapshotWorker(SnapshotService *service, QString url, int refreshMs)
        : m_service(service), m_url(std::move(url)), m_refreshMs(refreshMs)
    {}

    // In the thread: opens the connection and publishes a first snapshot.
    QString start()
    {
        try {
            m_db = HqDatabase::open(m_url);
            rebuild();
        } catch (const HqError &e) {
            return e.message();
        }
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_timer->start(m_refreshMs);
        return {};
    }
    void stop()
    {
        delete m_timer;
        m_timer = nullptr;
        m_db.reset();
    }
    void rebuild()
    {
        m_seen = m_service->m_generation.load(std::memory_order_relaxed);
        QElapsedTimer t;
        t.start();
        m_service->publish(buildSnapshot(*m_db, m_views));
        m_buildMs = t.elapsed();
        m_sinceBuild.start();
    }

private:
    void tick()
    {
        // Something stored since the last one, or now and then for other processes' work;
        // never more than a fifth of this thread's time (a large election during ingest).
        if (m_sinceBuild.isValid() && m_sinceBuild.elapsed() < 4 * m_buildMs)
            return;
        if (m_service->m_generation.load(std::memory_order_relaxed) == m_seen && ++m_idle < 10)
            return;
        m_idle = 0;
        try {
            rebuild();
        } catch (const HqError &e) {
            qWarning("plume-hq: results not refreshed: %s", qPrintable(e.message()));
        }
    }

    SnapshotService *m_service;
    QString m_url;
    int m_refreshMs;
    std::unique_ptr<HqDatabase> m_db;
    StationViews m_views;
    QTimer *m_timer = nullptr;
    quint64 m_seen = 0;
    int m_idle = 0;
    qint64 m_buildMs = 0;
    QElapsedTimer m_sinceBuild;
};

SnapshotService::SnapshotService(const QString &dbUrl, int refreshMs, QObject *parent)
    : QObject(parent), m_worker(new SnapshotWorker(this, dbUrl, refreshMs))
{
    m_thread.setObjectName(QStringLiteral("plume-hq results"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QString error;
    QMetaObject::invokeMethod(
        m_worker, [this, &error] { error = m_worker->start(); }, Qt::BlockingQueuedConnection);
    if (!error.isEmpty()) {
        QMetaObject::invokeMethod(
            m_worker, [this] { m_worker->stop(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
        throw HqError(error);
    }
}

SnapshotService::~SnapshotService()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->stop(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

std::shared_ptr<const Snapshot> SnapshotService::current() const
{
    QMutexLocker lock(&m_mutex);
    return m_current;
}

void SnapshotService::publish(std::shared_ptr<const Snapshot> s)
{
    QMutexLocker lock(&m_mutex);
    m_current = std::move(s);
}

void SnapshotService::refreshNow()
{
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            try {
                m_worker->rebuild();
            } catch (const HqError &) {
            }
        },
        Qt::BlockingQueuedConnection);
}

} // namespace plume::hq
