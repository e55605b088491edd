// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/station.h"

#include "closing/exports.h"
#include "closing/offline.h"
#include "datadir/datadir.h"
#include "forms/fieldstate.h"
#include "forms/pvcheck.h"
#include "pen/ble.h"
#include "pen/session.h"
#include "pen/transport.h"
#include "pensim/pensimulator.h"
#include "sync/contactscheduler.h"
#include "sync/crypto.h"
#include "sync/hqconfig.h"
#include "sync/receipt.h"
#include "sync/syncworker.h"

#include <QThread>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace plume::ui {

Station::Station(QObject *parent) : QObject(parent) {}

Station::~Station()
{
    stopSync();
    m_pen.reset();
    m_sim.reset();
    m_session.reset();
    m_contacts.reset();
    m_writer.reset(); // flushes the ink queue
    m_store.reset();
}

QString Station::demoInkPath()
{
    const QString env = qEnvironmentVariable("PLUME_DEMO_INK");
    if (!env.isEmpty())
        return env;
    return datadir::locate(QStringLiteral("demo/demo-session.inkml"));
}

// One window per station file, through any of its names (a review: two windows on one file
// each recorded decisions the other never showed, and one then recorded nothing on Enter).
// The lock is QLockFile's: a window killed leaves a lock its dead process no longer holds.
std::unique_ptr<QLockFile> Station::lockForThisWindow(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    auto lock = std::make_unique<QLockFile>((canonical.isEmpty() ? path : canonical) +
                                            QStringLiteral(".window-lock"));
    lock->setStaleLockTime(0); // stale only when its process is gone, however old
    if (lock->tryLock(0) || (takeOverUnreadableLock(*lock) && lock->tryLock(0)))
        return lock;
    qint64 pid = 0;
    QString host, application;
    if (lock->error() == QLockFile::LockFailedError && lock->getLockInfo(&pid, &host, &application))
        throw store::StoreError(tr("ce bureau est déjà ouvert dans une autre fenêtre Plume "
                                   "(processus %1 sur %2). Fermez-la d'abord : deux fenêtres "
                                   "sur le même fichier se contredisent.")
                                    .arg(pid)
                                    .arg(host));
    throw store::StoreError(tr("impossible de réserver %1 pour cette fenêtre : le verrou %2 ne "
                               "peut pas être créé (dossier en lecture seule, ou %2 n'est pas "
                               "un fichier ?)")
                                .arg(path, lock->fileName()));
}

// A lock that names no process (empty or garbage: what a power cut can leave) and is not
// being written now (older than 2 s) is no window's: removed (a review: it blocked the
// station for good, saying "read-only folder?").
bool Station::takeOverUnreadableLock(QLockFile &lock)
{
    qint64 pid = 0;
    QString host, application;
    const QFileInfo info(lock.fileName());
    if (lock.error() != QLockFile::LockFailedError || !info.isFile() ||
        lock.getLockInfo(&pid, &host, &application) ||
        info.lastModified().secsTo(QDateTime::currentDateTime()) < 2)
        return false;
    return QFile::remove(lock.fileName());
}

void Station::open(const QString &path)
{
    // A read-only medium, another account's file, a full disk: said before the window's lock
    // (which cannot be made there either) blames the folder (a review, 2026-12-01).
    if (QFileInfo::exists(path))
        if (const QString why = store::Store::writeRefusal(path); !why.isEmpty())
            throw store::StoreError(why);
    auto windowLock = lockForThisWindow(path);
    auto opened = store::Store::open(path); // throws before anything changes
    m_windowLock = std::move(windowLock);
    m_contacts.reset(); // it refers to the store it replaces
    m_store = std::move(opened);
    m_contacts = std::make_unique<sync::ContactScheduler>(*m_store, contactsActor());
    m_contacts->setPolicy(m_contactPolicy);
    m_contacts->setHold(m_contactHold);
    connect(m_contacts.get(), &sync::ContactScheduler::queued, this, [this](int batches) {
        emit contactsQueued(batches);
        syncNow();
    });
    connect(m_contacts.get(), &sync::ContactScheduler::failed, this, &Station::syncMessage);
}

QString Station::contactsActor() const
{
    return m_official.isEmpty() ? QStringLiteral("system") : m_official;
}

void Station::setOfficial(const QString &official)
{
    m_official = official;
    if (m_contacts)
        m_contacts->setActor(contactsActor());
}

QString Station::listedOfficial(const QString &name) const
{
    const store::ElectionConfig election = m_store->election();
    return election.officials.isEmpty() ? QString() : forms::listedOfficial(election, name);
}

void Station::create(const QString &path, const QString &electionFile, const QString &passphrase)
{
    QString error;
    const auto election = store::ElectionConfig::fromFile(electionFile, &error);
    if (!election)
        throw store::StoreError(tr("Fichier d'élection invalide : %1").arg(error));
    {
        auto created = store::Store::create(path, *election, passphrase);
        sync::createStationKeys(*created); // the station's Ed25519 identity for sealing
    }
    open(path);
}

void Station::createDemo()
{
    m_demoDir = std::make_unique<QTemporaryDir>();
    create(m_demoDir->filePath(QStringLiteral("demo-station.plume")), datadir::demoElection(),
           store::Store::randomPassphrase());
    start();
}

void Station::start()
{
    if (m_session)
        return;
    m_writer = std::make_unique<store::StrokeWriter>(m_store->path());
    QString error;
    if (!m_classifier.load({}, &error))
        m_recogniserError = error;
    m_session = std::make_unique<forms::FormSession>(
        *m_store, m_writer.get(), m_classifier.isLoaded() ? &m_classifier : nullptr);
    connect(m_session.get(), &forms::FormSession::decided, this, [this](const QString &sheetId) {
        if (store::Store::isContactSheet(sheetId))
            queueContacts();
    });
    m_contacts->start();
    // The path still names the file opened, checked every 2 s: a file renamed over or deleted
    // is said and rescued even while nobody writes (the StoreError from this timer reaches
    // ui::Application, which stops Plume with the message).
    connect(&m_fileWatch, &QTimer::timeout, this, [this] { m_store->requireSameFile(); });
    m_fileWatch.start(2000);
}

void Station::setContactPolicy(const sync::ContactPolicy &policy)
{
    m_contactPolicy = policy;
    if (m_contacts)
        m_contacts->setPolicy(policy);
}

void Station::setContactHold(std::function<QSet<QString>()> hold)
{
    m_contactHold = std::move(hold);
    if (m_contacts)
        m_contacts->setHold(m_contactHold);
}

int Station::queueContacts(bool force)
{
    return m_contacts ? m_contacts->queueDue(force) : 0;
}

bool Station::connectPen(const QString &spec, const QString &pin, QString *error)
{
    disconnectPen();
    QString why;
    auto transport = pen::createTransport(spec, &why);
    if (!transport)
        return refusePen(why, error);
    pen::PenSession::Options options;
    options.pin = pin;
    if (m_store)
        options.offlineNotBeforeMs = m_store->election().penInkNotBeforeMs();
    m_pen = std::make_unique<pen::PenSession>(std::move(transport), options);
    if (m_session)
        connect(m_pen.get(), &pen::PenSession::strokeCompleted, m_session.get(),
                &forms::FormSession::addStroke);
    connect(m_pen.get(), &pen::PenSession::error, this, [&why](const QString &m) { why = m; });
    m_pen->start(); // a replay file that cannot be read fails here
    m_pen->disconnect(this);
    if (m_pen->state() == pen::PenSession::State::Idle) {
        m_pen.reset();
        return refusePen(why, error);
    }
    connect(m_pen.get(), &pen::PenSession::error, this, &Station::penError);
    emit penChanged();
    return true;
}

// No pen: the reason said on stderr (the command line's --pen) and by penError.
bool Station::refusePen(const QString &why, QString *error)
{
    fprintf(stderr, "plume: %s\n", qUtf8Printable(why));
    if (error)
        *error = why;
    emit penError(why);
    emit penChanged();
    return false;
}

bool Station::startDemoPen(QString *error)
{
    QString why;
    const auto strokes = pensim::PenSimulator::loadInk(demoInkPath(), &why);
    if (!strokes) {
        if (error)
            *error = why;
        return false;
    }
    pensim::PenSimulator::Options options;
    options.strokes = *strokes;
    options.chunk = -1; // random 1-40 byte notifications, like BLE
    options.quiet = true;
    options.seed = 2026;
    m_sim = std::make_unique<pensim::PenSimulator>(options);
    const quint16 port = m_sim->listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        if (error)
            *error = m_sim->errorString();
        return false;
    }
    connectPen(QStringLiteral("tcp:127.0.0.1:%1").arg(port));
    return true;
}

bool Station::exportPv(const QString &format, const QString &path, QString *error)
{
    const auto f = closing::formatFromString(format);
    if (!f) {
        if (error)
            *error = tr("Format inconnu : %1").arg(format);
        return false;
    }
    return closing::exportPv(*m_store, *f, path, error);
}

QString Station::offlineRefusal() const
{
    if (!sync::hqPublicKey(*m_store).isEmpty())
        return {};
    return tr("La clé du siège n'est pas connue : enregistrez-la d'abord par « Siège… » (le "
              "siège la donne avec plume-hq keys show).");
}

std::optional<int> Station::exportOffline(const QString &path, QString *error)
{
    if (const QString refusal = offlineRefusal(); !refusal.isEmpty()) { // closing's names plumectl
        if (error)
            *error = refusal;
        return std::nullopt;
    }
    const auto written = closing::exportOutbox(*m_store, path, {}, error);
    if (!written)
        return std::nullopt;
    return int(written->uuids.size());
}

std::optional<QVector<sync::OfflineReceipt>>
Station::acceptReceipts(const QString &path, QString *purgeError, QString *error)
{
    const auto bytes = sync::readReceiptsFile(path, error);
    if (!bytes)
        return std::nullopt;
    try {
        m_store->requireIntact(); // an edited file is marked and purged by nothing
        sync::Outbox outbox(*m_store);
        auto accepted = outbox.acceptReceipts(*bytes, purgeError, error);
        if (accepted) { // as a delivery over the network says it (the sheets purged too)
            const auto c = outbox.counts();
            emit syncCountsChanged(c.queued, c.sending, c.delivered, c.rejected);
        }
        return accepted;
    } catch (const store::StoreError &e) {
        *error = e.message();
        return std::nullopt;
    }
}

Station::HqState Station::hqState(QString *why) const
{
    const sync::HqConfig config = sync::HqConfig::load(*m_store);
    const QString problem = config.url.isEmpty() ? tr("non configuré") : config.validate();
    if (why)
        *why = problem;
    return config.url.isEmpty() ? HqState::NotConfigured
           : problem.isEmpty()  ? HqState::Ready
                                : HqState::Invalid;
}

QString Station::hqUrl() const
{
    return sync::HqConfig::load(*m_store).url.toString();
}

bool Station::startSync(QString *whyNot)
{
    if (m_syncThread)
        return true;
    if (hqState(whyNot) != HqState::Ready)
        return false;
    const sync::HqConfig config = sync::HqConfig::load(*m_store);
    m_syncThread = new QThread;
    m_syncWorker = new sync::SyncWorker(m_store->path(), config);
    m_syncWorker->moveToThread(m_syncThread);
    connect(m_syncThread, &QThread::started, m_syncWorker, &sync::SyncWorker::start);
    connect(m_syncWorker, &sync::SyncWorker::countsChanged, this, &Station::syncCountsChanged);
    connect(m_syncWorker, &sync::SyncWorker::fatalError, this, &Station::syncMessage);
    connect(m_syncWorker, &sync::SyncWorker::purgeFailed, this, &Station::purgeFailed);
    m_syncThread->start();
    return true;
}

void Station::stopSync()
{
    if (!m_syncThread)
        return;
    QMetaObject::invokeMethod(m_syncWorker, &sync::SyncWorker::stop, Qt::BlockingQueuedConnection);
    m_syncThread->quit();
    m_syncThread->wait(5000);
    delete m_syncWorker;
    delete m_syncThread;
    m_syncWorker = nullptr;
    m_syncThread = nullptr;
}

bool Station::asksForPassphrase() const
{
    // A demo station's passphrase is random and kept by nobody; its data is the demo's.
    return !m_demoDir && m_store->protection() != store::Store::Protection::Unprotected;
}

void Station::confirmPassphrase(const QString &passphrase)
{
    if (m_tries.isWaiting())
        throw store::StoreError(m_tries.waitText());
    try {
        m_store->confirmPassphrase(passphrase);
    } catch (const store::StoreError &) {
        m_tries.failed();
        throw;
    }
    m_tries.succeeded();
}

void Station::setHq(const sync::HqConfig &config, const QByteArray &hqPublicKey,
                    const QString &passphrase)
{
    if (asksForPassphrase())
        confirmPassphrase(passphrase);
    sync::configureHq(*m_store, config, hqPublicKey);
    stopSync();
    startSync();
    emit hqChanged();
}

void Station::syncNow()
{
    if (m_syncWorker)
        QMetaObject::invokeMethod(m_syncWorker, &sync::SyncWorker::syncNow, Qt::QueuedConnection);
}

void Station::disconnectPen()
{
    if (m_pen) {
        m_pen->stop();
        m_pen.reset();
        emit penChanged();
    }
}

} // namespace plume::ui
