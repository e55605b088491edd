// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The contact batches of a running station (sync::ContactScheduler, shared by the window
// and `plumectl sync`): due batches only, every ready sheet when forced, never one without
// consent, and on its own timer a sheet that has waited long enough.
#include "sync/contactscheduler.h"
#include "sync/outbox.h"
#include "synctestutil.h"
#include "teststation.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using namespace plume::testutil;

class TestContactScheduler : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void queuesDueBatchesOnly();
    void timerQueuesAWaitingSheet();
    void draftInTheFileHoldsTheSheet();
    void valueWrittenOutsidePlumeIsNeverSigned();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestContactScheduler::queuesDueBatchesOnly()
{
    auto s = newStation(path(QStringLiteral("due.db")));
    sync::ContactScheduler contacts(*s, QStringLiteral("Jeanne Martin"));
    sync::ContactPolicy policy;
    policy.maxPerBatch = 2;
    policy.maxWaitSeconds = 3600;
    contacts.setPolicy(policy);
    QSignalSpy queued(&contacts, &sync::ContactScheduler::queued);
    addContact(*s, QStringLiteral("DURAND"), QStringLiteral("oui"));
    QCOMPARE(contacts.queueDue(), 0); // one ready: the batch is neither full nor late
    QCOMPARE(queued.count(), 0);
    addContact(*s, QStringLiteral("MARTIN"), QStringLiteral("oui"));
    QCOMPARE(contacts.queueDue(), 1); // a full batch leaves
    QCOMPARE(queued.count(), 1);
    QCOMPARE(queued.takeFirst().first().toInt(), 1);
    QCOMPARE(s->auditLog().last().actor, QStringLiteral("Jeanne Martin"));
    addContact(*s, QStringLiteral("PETIT"), QStringLiteral("oui"));
    addContact(*s, QStringLiteral("REFUS"), QStringLiteral("non"));
    QCOMPARE(contacts.queueDue(true), 1); // forced: the one left with consent
    QCOMPARE(contacts.queueDue(true), 0); // nothing twice, never without consent
    QCOMPARE(sync::Outbox(*s).list().size(), 2);
}

void TestContactScheduler::timerQueuesAWaitingSheet()
{
    auto s = newStation(path(QStringLiteral("timer.db")));
    sync::ContactScheduler contacts(*s, QStringLiteral("system"));
    sync::ContactPolicy policy;
    policy.maxWaitSeconds = 1;
    policy.checkSeconds = 1;
    contacts.setPolicy(policy);
    QVERIFY(!contacts.isActive()); // only once started
    QSignalSpy queued(&contacts, &sync::ContactScheduler::queued);
    addContact(*s, QStringLiteral("DURAND"), QStringLiteral("oui"));
    contacts.start();
    QVERIFY(contacts.isActive());
    QTRY_COMPARE_WITH_TIMEOUT(queued.count(), 1, 8000);
    QCOMPARE(sync::Outbox(*s).list().size(), 1);
    contacts.stop();
    QVERIFY(!contacts.isActive());
}

// A correction typed in the window and not confirmed is a draft in the file: `plumectl sync`
// (another process, no window's hold) does not send that sheet either, forced or not.
void TestContactScheduler::draftInTheFileHoldsTheSheet()
{
    auto s = newStation(path(QStringLiteral("draft.db")));
    const QString held = addContact(*s, QStringLiteral("DURANT"), QStringLiteral("oui"));
    const QString ready = addContact(*s, QStringLiteral("MARTIN"), QStringLiteral("oui"));
    s->saveDraft({held, QStringLiteral("nom"), QStringLiteral("DURAND"), {}, {}});
    const auto batches = sync::queueReadyContacts(*s, QStringLiteral("system"), true);
    QCOMPARE(batches.size(), 1);
    const QJsonArray sent = batches.first().payload.value(QStringLiteral("contacts")).toArray();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().toObject().value(QStringLiteral("sheet")).toString(), ready);
    QVERIFY(s->sheet(held)->state == store::SheetState::Open);
    QCOMPARE(sync::queueReadyContacts(*s, QStringLiteral("system"), true).size(), 0);
    // Enter on the field drops the draft: the sheet leaves with the value decided.
    decide(*s, held, QStringLiteral("nom"), QStringLiteral("DURAND"));
    QCOMPARE(sync::queueReadyContacts(*s, QStringLiteral("system"), true).size(), 1);
    QVERIFY(s->sheet(held)->state == store::SheetState::Sealed);
}

// A contact value written with sqlite3 is never signed: the batch would carry it to HQ,
// which stores what the station signed (review of 2026-11-30: plain text was read as a
// value, signed, exported and imported). Nothing is queued; the failure says why.
void TestContactScheduler::valueWrittenOutsidePlumeIsNeverSigned()
{
    auto s = newStation(path(QStringLiteral("forged.db")));
    sync::ContactScheduler contacts(*s, QStringLiteral("system"));
    QSignalSpy failed(&contacts, &sync::ContactScheduler::failed);
    addContact(*s, QStringLiteral("DURAND"), QStringLiteral("oui"));
    {
        const teststation::RawDb raw(s->path());
        QVERIFY(raw.exec(QStringLiteral("UPDATE decisions SET value = 'attacker@evil.example' "
                                        "WHERE field = 'nom'")));
    }
    QCOMPARE(contacts.queueDue(true), 0);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("modifiée hors de Plume")),
             qPrintable(failed.first().first().toString()));
    QVERIFY(sync::Outbox(*s).list().isEmpty());
}

QTEST_GUILESS_MAIN(TestContactScheduler)
#include "tst_contactscheduler.moc"
