// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Offline delivery: outbox export encrypted to HQ, import with the HTTP checks, exactly once.
#include "closing/offline.h"
#include "closingtestutil.h"
#include "hq/hqdb.h"
#include "hq/import.h"
#include "hqtestutil.h"
#include "sync/crypto.h"
#include "sync/outbox.h"
#include "sync/receipt.h"
#include "sync/seal.h"
#include "teststation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace plume;
using namespace plume::closingtest;

class TestOffline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void importTwiceStoresOnce();
    void refusals();
    void editedFileExportsNothing();
    void receiptsBroughtBackDeliverAndPurge();
    void receiptsFileIsReadBounded();
    void anExportedBatchIsWithdrawnAtHq();
    void aWithdrawnBatchIsLeftOut();

private:
    QString path(const QString &n) const { return m_dir.filePath(n); }
    std::unique_ptr<store::Store> closedStation(const QString &name);
    QTemporaryDir m_dir;
};

std::unique_ptr<store::Store> TestOffline::closedStation(const QString &name)
{
    auto s = newStation(path(name));
    s->setPassphrase(QStringLiteral("offline passphrase"));
    const QString c = s->newSheet(QStringLiteral("contact"));
    decide(*s, c, QStringLiteral("nom"), QStringLiteral("OFFLINEPERSON"));
    decide(*s, c, QStringLiteral("prenom"), QStringLiteral("Jeanne"));
    decide(*s, c, QStringLiteral("code_postal"), QStringLiteral("75011"));
    decide(*s, c, QStringLiteral("commune"), QStringLiteral("PARIS"));
    decide(*s, c, QStringLiteral("consentement"), QStringLiteral("oui"));
    const auto pv = goodPv();
    for (auto it = pv.begin(); it != pv.end(); ++it)
        decide(*s, store::kPvSheetId, it.key(), it.value());
    sync::CloseRequest req;
    req.officials = {QStringLiteral("Marie LEROY")};
    const auto r = sync::closePv(*s, req);
    if (!r.sealed || r.contactBatches.size() != 1)
        qFatal("close failed");
    return s;
}

// An HQ database with the demo election, its key file in `dir`.
static void demoHq(hqtest::HqFixture &hq, const QString &dir)
{
    QDir().mkpath(dir);
    hq.init(dir, readAll(QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json")));
}

void TestOffline::importTwiceStoresOnce()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq")));
    const hq::HqKeys &keys = hq.keys;
    QCOMPARE(hq::readKeyFile(hq.keyFile).secretKey, keys.secretKey);
    QVERIFY_THROWS_EXCEPTION(hq::HqError, hq::createKeyFile(hq.keyFile));
    QCOMPARE(QFileInfo(hq.keyFile).permissions() & 0x0077, 0);

    auto s = closedStation(QStringLiteral("station.db"));
    sync::setHqPublicKey(*s, keys.publicKey);
    QString error;
    const QString file = path(QStringLiteral("station.plume"));
    const mode_t mask = ::umask(022); // a usual session: new files readable by all
    const auto exported = closing::exportOutbox(*s, file, {}, &error);
    ::umask(mask);
    QVERIFY2(exported, qPrintable(error));
    QCOMPARE(exported->uuids.size(), 2); // PV + one contact batch
    const QByteArray bytes = readAll(file);
    QVERIFY(!bytes.contains("OFFLINEPERSON")); // encrypted to HQ
    // Contact data, even encrypted: owner only.
    QCOMPARE(QFile::permissions(file) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The PV in clear would read "inscrits":1250; a bare "1250" can occur in base64 by chance.
    QVERIFY(!bytes.contains("\"inscrits\""));
    // Still queued at the station until a receipt comes.
    QCOMPARE(sync::Outbox(*s).counts().queued, 2);

    auto &db = hq.db;
    db->addStation(s->election().stationCode,
                   *sync::decodeBase64Strict(sync::stationPublicKeyBase64(*s).toLatin1()));
    const auto first = hq::importOfflineFile(*db, bytes, keys, 1024 * 1024, &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->size(), 2);
    for (const auto &it : *first)
        QCOMPARE(it.status, 201);
    QCOMPARE(db->receiptCount(), 2);
    const auto second = hq::importOfflineFile(*db, bytes, keys, 1024 * 1024, &error);
    QVERIFY(second);
    for (const auto &it : *second)
        QCOMPARE(it.status, 200);
    QCOMPARE(db->receiptCount(), 2);
    const hq::Results r = db->results(s->election().electionId);
    QCOMPARE(r.stationsReporting, 1);
    QCOMPARE(r.totals[5], 785);
}

void TestOffline::refusals()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq2")));
    const hq::HqKeys &keys = hq.keys;
    const hq::HqKeys other = hq::createKeyFile(path(QStringLiteral("hq3/hq.key")));
    auto s = closedStation(QStringLiteral("refusals.db"));
    QString error;
    // No HQ key known: clear error naming the command, no file.
    QVERIFY(!closing::exportOutbox(*s, path(QStringLiteral("none.plume")), {}, &error));
    QVERIFY(error.contains(QStringLiteral("set-hq")));
    QVERIFY(!QFile::exists(path(QStringLiteral("none.plume"))));
    const QString file = path(QStringLiteral("r.plume"));
    QVERIFY(closing::exportOutbox(*s, file, keys.publicKey, &error));
    // The first key given is recorded (trust on first use): another one is refused from then
    // on, and the receipts carried back are checked against it.
    QCOMPARE(sync::hqPublicKey(*s), keys.publicKey);
    const QString second = path(QStringLiteral("second.plume"));
    QVERIFY(!closing::exportOutbox(*s, second, other.publicKey, &error));
    QVERIFY2(error.contains(QStringLiteral("autre clé du siège")), qPrintable(error));
    QVERIFY(!QFile::exists(second));
    const QByteArray bytes = readAll(file);
    auto &db = hq.db;
    // Another HQ key: refused.
    QVERIFY(!hq::importOfflineFile(*db, bytes, other, 1024 * 1024, &error));
    // Tampered ciphertext: refused.
    QByteArray bad = bytes;
    const qsizetype at = bad.indexOf("\"sealed\":\"") + 40;
    bad[at] = bad[at] == 'A' ? 'B' : 'A';
    QVERIFY(!hq::importOfflineFile(*db, bad, keys, 1024 * 1024, &error));
    QVERIFY(!hq::importOfflineFile(*db, "{}", keys, 1024 * 1024, &error));
    // Unknown station: 401 for each item, nothing stored.
    const auto items = hq::importOfflineFile(*db, bytes, keys, 1024 * 1024, &error);
    QVERIFY(items);
    for (const auto &it : *items)
        QCOMPARE(it.status, 401);
    QCOMPARE(db->receiptCount(), 0);
    // HQ's key recorded: the contact sheets are encrypted for it only, never for a key given
    // on the command line (whoever sets HQ's key decides where they go).
    sync::setHqPublicKey(*s, keys.publicKey);
    const QString elsewhere = path(QStringLiteral("elsewhere.plume"));
    QVERIFY(!closing::exportOutbox(*s, elsewhere, other.publicKey, &error));
    QVERIFY2(error.contains(QStringLiteral("autre clé du siège")), qPrintable(error));
    QVERIFY(!QFile::exists(elsewhere));
    QVERIFY2(closing::exportOutbox(*s, elsewhere, keys.publicKey, &error), qPrintable(error));
    QVERIFY2(closing::exportOutbox(*s, elsewhere, {}, &error), qPrintable(error));
}

// A station file edited outside Plume writes no delivery file, as `sync` sends nothing: a
// contact value (or HQ's key) rewritten with sqlite3 would leave in it (review of 2026-11-30).
void TestOffline::editedFileExportsNothing()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq4")));
    auto s = closedStation(QStringLiteral("edited.db"));
    sync::setHqPublicKey(*s, hq.keys.publicKey);
    {
        const teststation::RawDb raw(s->path());
        QVERIFY(raw.exec(QStringLiteral("UPDATE decisions SET value = 'FORGED' WHERE sheet_id "
                                        "<> 'pv' AND field = 'nom'")));
    }
    QString error;
    const QString file = path(QStringLiteral("edited.plume"));
    QVERIFY(!closing::exportOutbox(*s, file, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("modifiée hors de Plume")), qPrintable(error));
    QVERIFY(!QFile::exists(file));
}

// The offline loop closed: HQ's receipts of an imported file, brought back to the station
// (`plume-hq import --receipts`, `plumectl outbox receipts`), mark the items delivered and
// erase the contacts HQ now holds, as receipts over HTTP do (a privacy review found an
// offline station kept every contact for ever). A forged receipt changes nothing.
// A receipts file is read whole, but never more than kMaxReceiptsFileBytes: `outbox receipts
// --file /dev/zero` read until memory ran out (bad_alloc).
void TestOffline::receiptsFileIsReadBounded()
{
    QString error;
    QVERIFY(!sync::readReceiptsFile(QStringLiteral("/dev/zero"), &error));
    QVERIFY2(error.contains(QStringLiteral("trop gros")), qPrintable(error));
    QVERIFY(!sync::readReceiptsFile(m_dir.path(), &error)); // a folder
    QVERIFY(!sync::readReceiptsFile(path(QStringLiteral("missing.json")), &error));
    QVERIFY2(error.contains(QStringLiteral("Impossible de lire")), qPrintable(error));
    QFile big(path(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(sync::kMaxReceiptsFileBytes + 1));
    big.close();
    QVERIFY(!sync::readReceiptsFile(big.fileName(), &error));
    QVERIFY2(error.contains(QStringLiteral("trop gros")), qPrintable(error));
    QFile small(path(QStringLiteral("small.json")));
    QVERIFY(small.open(QIODevice::WriteOnly) && small.write("{}") == 2);
    small.close();
    QCOMPARE(sync::readReceiptsFile(small.fileName(), &error).value_or("x"), QByteArray("{}"));
}

void TestOffline::receiptsBroughtBackDeliverAndPurge()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq5")));
    auto s = closedStation(QStringLiteral("receipts.db"));
    sync::setHqPublicKey(*s, hq.keys.publicKey);
    QString error;
    const QString file = path(QStringLiteral("receipts.plume"));
    QVERIFY2(closing::exportOutbox(*s, file, {}, &error), qPrintable(error));
    hq.db->addStation(s->election().stationCode,
                      *sync::decodeBase64Strict(sync::stationPublicKeyBase64(*s).toLatin1()));
    const auto items = hq::importOfflineFile(*hq.db, readAll(file), hq.keys, 1024 * 1024, &error);
    QVERIFY2(items && items->size() == 2, qPrintable(error));
    QJsonArray receipts;
    for (const hq::ImportItem &it : *items)
        receipts.append(QString::fromLatin1(it.receipt.toBase64()));
    // One receipt forged (its receipt id changed): refused, its item stays queued.
    QJsonObject forged = QJsonDocument::fromJson(items->at(0).receipt).object();
    forged.insert(QStringLiteral("receipt"), QStringLiteral("forged"));
    const auto fileOf = [](const QJsonArray &r) {
        return QJsonDocument(QJsonObject{{QStringLiteral("format"), sync::kReceiptsFormat},
                                         {QStringLiteral("receipts"), r}})
            .toJson();
    };
    QString purgeError;
    sync::Outbox outbox(*s);
    auto r = outbox.acceptReceipts(
        fileOf(
            {QString::fromLatin1(QJsonDocument(forged).toJson(QJsonDocument::Compact).toBase64())}),
        &purgeError, &error);
    QVERIFY(r && r->size() == 1 && !r->first().delivered);
    QVERIFY2(r->first().why.contains(QStringLiteral("signature")), qPrintable(r->first().why));
    QCOMPARE(outbox.counts().queued, 2);
    QVERIFY(!outbox.acceptReceipts("{\"format\":\"other\"}", &purgeError, &error));
    // The real ones: both delivered, the contact sheet erased, the file still sound.
    r = outbox.acceptReceipts(fileOf(receipts), &purgeError, &error);
    QVERIFY2(r && r->size() == 2 && r->at(0).delivered && r->at(1).delivered, qPrintable(error));
    QVERIFY2(purgeError.isEmpty(), qPrintable(purgeError));
    QCOMPARE(outbox.counts().delivered, 2);
    QVERIFY(s->sheet(QStringLiteral("contact-1"))->state == store::SheetState::Purged);
    QVERIFY(!s->latestDecision(QStringLiteral("contact-1"), QStringLiteral("nom")));
    QVERIFY2(s->check().ok, qPrintable(s->check().message));
    // Again: nothing new, each refused « déjà livré » (it once said delivered, exit 0).
    r = outbox.acceptReceipts(fileOf(receipts), &purgeError, &error);
    QVERIFY(r && !r->at(0).delivered && r->at(0).why == QStringLiteral("déjà livré"));
    QCOMPARE(outbox.counts().delivered, 2);
}

// A batch written to an offline file may reach HQ at any time: the station counts it as
// offered, and a voter in it withdraws at HQ (the station used to take the withdrawal, and
// HQ imported the voter afterwards).
void TestOffline::anExportedBatchIsWithdrawnAtHq()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq-withdraw")));
    auto s = closedStation(QStringLiteral("withdraw-after-export.db"));
    sync::setHqPublicKey(*s, hq.keys.publicKey);
    QString error;
    const auto exported =
        closing::exportOutbox(*s, path(QStringLiteral("withdraw.plume")), {}, &error);
    QVERIFY2(exported, qPrintable(error));
    for (const store::OutboxRow &row : s->outboxRows())
        QCOMPARE(row.attempts, 1);
    QCOMPARE(s->auditLog().last().action, QStringLiteral("outbox.exported"));
    QCOMPARE(s->auditLog().last().detail.value(QStringLiteral("recipient")).toString(),
             QString::fromLatin1(hq.keys.publicKey.toBase64())); // whose key the contacts went to
    QCOMPARE(sync::Outbox(*s).counts().queued, 2);               // still to deliver
    const auto w =
        sync::withdrawConsent(*s, QStringLiteral("contact-1"), QStringLiteral("Marie LEROY"));
    QVERIFY2(w.error.contains(QStringLiteral("a déjà été présenté au siège")), qPrintable(w.error));
    QVERIFY2(w.error.contains(QStringLiteral("plume-hq contacts erase")), qPrintable(w.error));
    QVERIFY(s->sheet(QStringLiteral("contact-1"))->state == store::SheetState::Sealed);
    QVERIFY(s->check().ok);
}

// A batch withdrawn before any export (a voter's consent) is emptied: the offline file
// leaves it out instead of refusing the whole export as « illisible ».
void TestOffline::aWithdrawnBatchIsLeftOut()
{
    hqtest::HqFixture hq;
    demoHq(hq, path(QStringLiteral("hq-left-out")));
    auto s = closedStation(QStringLiteral("withdrawn-then-export.db"));
    sync::setHqPublicKey(*s, hq.keys.publicKey);
    const QString batch = sync::Outbox(*s).list().constLast().uuid; // chosen by a sender
    const auto w =
        sync::withdrawConsent(*s, QStringLiteral("contact-1"), QStringLiteral("Marie LEROY"));
    QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
    // The sender that chose it before the withdrawal cannot take it any more (review of
    // 2026-12-02: it was marked sending and its old copy posted, the voter with it).
    QVERIFY(!sync::Outbox(*s).markSending(batch));
    QVERIFY(s->outboxRow(batch)->state == store::OutboxState::Rejected);
    QCOMPARE(s->outboxRow(batch)->attempts, 0);
    QString error;
    const auto exported =
        closing::exportOutbox(*s, path(QStringLiteral("left-out.plume")), {}, &error);
    QVERIFY2(exported, qPrintable(error));
    QCOMPARE(exported->uuids.size(), 1); // the PV alone: the voter's batch is gone
    QCOMPARE(exported->uuids.first(), sync::sealedPvVersions(*s).first().uuid);
    // The station key can still be replaced (review of 2026-12-02: the emptied batch made
    // `station rekey` fail for the rest of the night, « ne se lit pas »): what is left to
    // send is signed again, the emptied batch sends nothing and is left as it is.
    int signedAgain = 0;
    const QByteArray newKey = sync::rotateStationKeys(*s, &signedAgain).publicKey;
    QCOMPARE(signedAgain, 1); // the PV
    const auto pv = sync::Outbox(*s).item(exported->uuids.first())->submission();
    QVERIFY(pv && sync::verifySubmission(*pv, newKey));
    QVERIFY2(s->check().ok, qPrintable(s->check().message));
}

QTEST_GUILESS_MAIN(TestOffline)
#include "tst_offline.moc"
