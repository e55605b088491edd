// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Everything a running station needs, wired once: store, background ink writer,
// recogniser, the live form session and the pen. Shared by the GUI and its tests.
#pragma once

#include "forms/formsession.h"
#include "recognition/classifier.h"
#include "store/store.h"
#include "store/strokewriter.h"
#include "sync/outbox.h"
#include "sync/seal.h"
#include "ui/passphrasetries.h"

#include <QLockFile>
#include <QObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace plume::pen {
class PenSession;
}
namespace plume::pensim {
class PenSimulator;
}
namespace plume::sync {
class ContactScheduler;
class SyncWorker;
struct HqConfig;
} // namespace plume::sync
class QThread;

namespace plume::ui {

class Station : public QObject
{
    Q_OBJECT
public:
    explicit Station(QObject *parent = nullptr);
    ~Station() override;

    // Opens an existing station file (call start() once it is unlocked). Throws
    // store::StoreError.
    void open(const QString &path);
    // Creates path from an election file, then opens it. Throws store::StoreError.
    // A station always has a passphrase (store::checkPassphrase must accept it).
    void create(const QString &path, const QString &electionFile, const QString &passphrase);
    // A temporary station on the demo election (deleted at exit), started.
    void createDemo();
    // Starts the ink writer, the recogniser and the live session. The store must be
    // readable (Unprotected or Unlocked: contact ink and values are encrypted).
    void start();
    bool isStarted() const { return m_session != nullptr; }

    // Connects to a pen: "tcp:HOST:PORT", "ble:ADDRESS" or "replay:FILE" (pen::createTransport,
    // as plumectl capture). Empty pin = none. A spec it refuses, or a link that cannot even
    // open (a replay file that cannot be read), leaves no pen: false, *error and penError.
    bool connectPen(const QString &spec, const QString &pin = {}, QString *error = nullptr);
    // Starts the in-process pen simulator on the bundled demo session and connects to it.
    bool startDemoPen(QString *error = nullptr);
    void disconnectPen();

    bool hasStore() const { return m_store != nullptr; }
    store::Store &store() { return *m_store; }
    forms::FormSession &session() { return *m_session; }
    store::StrokeWriter &writer() { return *m_writer; }
    const recognition::Classifier &classifier() const { return m_classifier; }
    bool recogniserLoaded() const { return m_classifier.isLoaded(); }
    QString recogniserError() const { return m_recogniserError; }
    pen::PenSession *pen() const { return m_pen.get(); }
    pensim::PenSimulator *simulator() const { return m_sim.get(); }
    bool isDemo() const { return m_demoDir != nullptr; }

    // Closing-time export of the PV (pdf, csv, json), as `plumectl export`.
    bool exportPv(const QString &format, const QString &path, QString *error);
    // The offline delivery file (closing::exportOutbox, as `plumectl outbox export`): every
    // submission not yet delivered, encrypted to headquarters' recorded key. The number
    // written, or nullopt with *error (no key recorded: said with the « Siège… » way).
    std::optional<int> exportOffline(const QString &path, QString *error);
    // Why no offline file can be written now (no key of headquarters recorded), or "".
    QString offlineRefusal() const;
    // Headquarters' receipts of an offline file (`plume-hq import --receipts`), as `plumectl
    // outbox receipts`: each checked, its item marked delivered, the contacts HQ holds
    // purged (*purgeError: why a purge failed). nullopt and *error for an unreadable file,
    // one that is not a receipts file, or a station file changed outside Plume.
    std::optional<QVector<sync::OfflineReceipt>>
    acceptReceipts(const QString &path, QString *purgeError, QString *error);
    // Contact sheets leave on their own (sync::queueReadyContacts): after each decision on a
    // contact sheet, and every policy.checkSeconds, so that a ready sheet is queued within
    // policy.maxWaitSeconds even when no other sheet is confirmed.
    void setContactPolicy(const sync::ContactPolicy &policy);
    // The contact sheets to hold back for now (sync::ContactScheduler::setHold): the window's
    // corrections typed and not confirmed, the one being typed now included (not yet a draft
    // in the file; those in the file hold their sheet in sync::queueReadyContacts anyway).
    void setContactHold(std::function<QSet<QString>()> hold);
    sync::ContactPolicy contactPolicy() const { return m_contactPolicy; }
    // Who is recorded as queuing an automatic batch (the official on duty).
    void setOfficial(const QString &official);
    // `name` as the election lists it, compared as the core does (forms::listedOfficial:
    // case, spacing, accents, invisible characters and the role aside); empty when not listed.
    QString listedOfficial(const QString &name) const;
    // Queues the contact sheets that are due (all ready ones when force); the batch count.
    int queueContacts(bool force = false);
    // Whether sealed PVs and contact batches can leave for headquarters: Ready, or not
    // configured (no `plumectl station set-hq` yet), or configured but refused (*why says
    // what is wrong, translated).
    enum class HqState { Ready, NotConfigured, Invalid };
    HqState hqState(QString *why = nullptr) const;
    // Starts the background sender when headquarters is configured (station set-hq);
    // returns false with the reason otherwise.
    bool startSync(QString *whyNot = nullptr);
    QString hqUrl() const; // the address recorded (station set-hq), empty when none
    // Records headquarters (sync::configureHq, as `plumectl station set-hq` does) once the
    // station passphrase, asked again, is confirmed (Store::confirmPassphrase: whoever sets HQ
    // decides where the contact sheets go and whose receipts erase them here), then restarts
    // the background sender on it and emits hqChanged. Throws store::StoreError (a config
    // validate() refuses, a bad key, a locked file).
    void setHq(const sync::HqConfig &config, const QByteArray &hqPublicKey,
               const QString &passphrase);
    // Whether a sensitive step asks for the passphrase again (setHq, unlocking the window's
    // lock): a protected file, not the demo's, whose random passphrase nobody keeps.
    bool asksForPassphrase() const;
    // Store::confirmPassphrase, counted in passphraseTries(): a wrong one counts, and while
    // the tries wait, nothing is tried (the StoreError says how long). Throws store::StoreError.
    void confirmPassphrase(const QString &passphrase);
    PassphraseTries &passphraseTries() { return m_tries; }
    void syncNow();
    static QString demoInkPath();

signals:
    void penChanged();
    // The pen's problems, in French: an address refused by connectPen, then PenSession::error.
    void penError(const QString &message);
    void syncCountsChanged(int queued, int sending, int delivered, int rejected);
    void syncMessage(const QString &message);
    // Contacts delivered to HQ but still on this station (said until the next message).
    void purgeFailed(const QString &message);
    void contactsQueued(int batches);
    void hqChanged();

private:
    std::unique_ptr<QTemporaryDir> m_demoDir;
    std::unique_ptr<QLockFile> m_windowLock; // one window per station file
    QTimer m_fileWatch;                      // the file at the path is the file opened
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<store::StrokeWriter> m_writer;
    recognition::Classifier m_classifier;
    QString m_recogniserError;
    std::unique_ptr<forms::FormSession> m_session;
    std::unique_ptr<pensim::PenSimulator> m_sim;
    std::unique_ptr<pen::PenSession> m_pen;
    QString contactsActor() const;
    void stopSync();
    static std::unique_ptr<QLockFile> lockForThisWindow(const QString &path);
    static bool takeOverUnreadableLock(QLockFile &lock);
    bool refusePen(const QString &why, QString *error);
    sync::ContactPolicy m_contactPolicy;
    std::function<QSet<QString>()> m_contactHold;
    std::unique_ptr<sync::ContactScheduler> m_contacts; // with the store
    QString m_official;
    PassphraseTries m_tries;
    QThread *m_syncThread = nullptr;
    sync::SyncWorker *m_syncWorker = nullptr;
};

} // namespace plume::ui
