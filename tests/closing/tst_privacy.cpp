// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Contact data at rest: encrypted columns (raw file and WAL bytes), locked/unlocked,
// wrong passphrase, no-consent purge, purge after HQ's receipt (docs/privacy.md).
#include "closingtestutil.h"
#include "store/strokewriter.h"
#include "sync/outbox.h"
#include "sync/seal.h"

#include "teststation.h"
#include <QSqlQuery>
#include <QTemporaryDir>

#include <QtTest>

using namespace plume;
using namespace plume::closingtest;

namespace {

const QString kPass = teststation::kPassphrase; // every test station is created with it
const QByteArray kName = "ZORGLUBIANUS";
const QByteArray kFirst = "Philomene";
const QByteArray kMail = "zorglub@example.org";

QByteArray rawBytes(const QString &db)
{
    return readAll(db) + readAll(db + QStringLiteral("-wal"));
}

ink::Stroke contactStroke(qint64 t)
{
    ink::Stroke st;
    st.page = ink::PageAddress{3, 27, 604, 1};
    st.penId = QStringLiteral("test");
    st.startMs = t;
    for (int k = 0; k < 40; ++k)
        st.dots.append({10.0 + k * 0.25, 22.0 + (k % 3), 512, t + k * 7});
    return st;
}

// A contact sheet with every field decided; consent: "oui", "non", or none (never decided).
QString addContact(store::Store &s, const QString &consent)
{
    const QString id = s.newSheet(QStringLiteral("contact"));
    s.appendStroke(contactStroke(1'700'000'000'000), id);
    store::Reading r;
    r.sheetId = id;
    r.field = QStringLiteral("nom");
    r.value = QString::fromLatin1(kName);
    r.confidence = 0.9;
    r.nbest = QJsonObject{{QStringLiteral("text"), QString::fromLatin1(kName)}};
    r.modelVersion = QStringLiteral("test");
    s.addReading(r);
    decide(s, id, QStringLiteral("nom"), QString::fromLatin1(kName),
           store::DecisionSource::Confirmed, QString::fromLatin1(kName));
    decide(s, id, QStringLiteral("prenom"), QString::fromLatin1(kFirst));
    decide(s, id, QStringLiteral("code_postal"), QStringLiteral("75011"));
    decide(s, id, QStringLiteral("commune"), QStringLiteral("PARIS"));
    decide(s, id, QStringLiteral("email"), QString::fromLatin1(kMail));
    if (!consent.isNull())
        decide(s, id, QStringLiteral("consentement"), consent);
    return id;
}

// The PV sealed by the president alone (a consistent PV needs no second official).
sync::CloseResult closeAsPresident(store::Store &s)
{
    sync::CloseRequest req;
    req.officials = {QStringLiteral("Marie LEROY")};
    return sync::closePv(s, req);
}

void fillPv(store::Store &s)
{
    const auto pv = goodPv();
    for (auto it = pv.begin(); it != pv.end(); ++it)
        decide(s, store::kPvSheetId, it.key(), it.value());
}

} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void encryptedAtRest();
    void lockedAndWrongPassphrase();
    void passphraseFromEnvironment();
    void noConsentKeepsNothing();
    void purgeAfterReceipt();
    void unplacedInkEncryptedThenPurgedOnceClosed();
    void consentNotYesErasedOnceClosed();
    void strokeWriterSharesUnlock();
    void forgedDeliveryOrConsentErasesNothing();
    void passphraseRowTakenAwayWhileOpen();

private:
    QString path(const QString &n) const { return m_dir.filePath(n); }
    QTemporaryDir m_dir;
};

void TestPrivacy::encryptedAtRest()
{
    const QString db = path(QStringLiteral("rest.db"));
    auto s = newStation(db); // a station always has a passphrase
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    s->setPassphrase(kPass); // its own wrapping (not the template's)
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    const QString id = addContact(*s, QStringLiteral("oui"));
    // The API gives the values back while unlocked.
    QCOMPARE(s->latestDecision(id, QStringLiteral("nom"))->value, QString::fromLatin1(kName));
    QCOMPARE(s->latestReading(id, QStringLiteral("nom"))->value, QString::fromLatin1(kName));
    QCOMPARE(s->latestReading(id, QStringLiteral("nom"))->nbest.value(QStringLiteral("text")),
             QString::fromLatin1(kName));
    QCOMPARE(s->strokes(id).size(), 1);
    QCOMPARE(s->strokes(id)[0].stroke.dots, contactStroke(1'700'000'000'000).dots);
    // Not in the file, nor in its WAL (values, reading, n-best, audit).
    QByteArray raw = rawBytes(db);
    QVERIFY(raw.size() > 4096);
    QVERIFY(!raw.contains(kName));
    QVERIFY(!raw.contains(kFirst));
    QVERIFY(!raw.contains(kMail));
    const ink::Stroke st = contactStroke(1'700'000'000'000);
    QVERIFY(!raw.contains(ink::encodeDots(st.dots, st.startMs)));
    // Batched for HQ at closing: the outbox payload is encrypted too; HQ gets it in clear.
    fillPv(*s);
    const auto r = closeAsPresident(*s);
    QVERIFY2(r.sealed, qPrintable(r.error));
    QCOMPARE(r.contactBatches.size(), 1);
    QVERIFY(r.contactBatches[0].httpBody().contains(kName));
    const auto item = sync::Outbox(*s).item(r.contactBatches[0].uuid);
    QVERIFY(item && item->httpBody() == r.contactBatches[0].httpBody());
    raw = rawBytes(db);
    QVERIFY(!raw.contains(kName));
    QVERIFY(!raw.contains(kMail));
    // The PV stays in clear.
    QVERIFY(raw.contains("Claire AUBERT"));
    QVERIFY(s->check().ok);
}

void TestPrivacy::lockedAndWrongPassphrase()
{
    const QString db = path(QStringLiteral("locked.db"));
    QString id;
    {
        auto s = newStation(db);
        s->setPassphrase(kPass);
        id = addContact(*s, QStringLiteral("oui"));
        s->lock();
    }
    auto s = store::Store::open(db);
    QCOMPARE(s->protection(), store::Store::Protection::Locked);
    // Locked: clear errors, never ciphertext, and no personal data in the message.
    try {
        s->latestDecision(id, QStringLiteral("nom"));
        QFAIL("a locked store returned a personal value");
    } catch (const store::StoreError &e) {
        QVERIFY(e.message().contains(QStringLiteral("verrouillé")));
        QVERIFY(!e.message().contains(QString::fromLatin1(kName)));
    }
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->strokes(id));
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->appendStroke(contactStroke(1), id));
    // Non-personal data still reads: the PV, the consent box. Nothing is written: every
    // change goes with an audit entry sealed with a key from the passphrase.
    QCOMPARE(s->latestDecision(id, QStringLiteral("consentement"))->value, QStringLiteral("oui"));
    QVERIFY_THROWS_EXCEPTION(
        store::StoreError,
        decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1250")));
    // Wrong passphrase: a clear error, still locked.
    try {
        s->unlock(QStringLiteral("not the passphrase"));
        QFAIL("a wrong passphrase unlocked the store");
    } catch (const store::StoreError &e) {
        QCOMPARE(e.message(), QStringLiteral("Phrase secrète du bureau incorrecte."));
    }
    QCOMPARE(s->protection(), store::Store::Protection::Locked);
    // Asked again (the window's « Siège… »): checked, and nothing changes either way.
    s->confirmPassphrase(kPass);
    QCOMPARE(s->protection(), store::Store::Protection::Locked);
    s->unlock(kPass);
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             s->confirmPassphrase(QStringLiteral("not the passphrase")));
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    QCOMPARE(s->latestDecision(id, QStringLiteral("nom"))->value, QString::fromLatin1(kName));
    // Changing the passphrase keeps the data readable with the new one only.
    s->setPassphrase(QStringLiteral("another long passphrase"));
    s->lock();
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->unlock(kPass));
    s->unlock(QStringLiteral("another long passphrase"));
    QCOMPARE(s->latestDecision(id, QStringLiteral("prenom"))->value, QString::fromLatin1(kFirst));
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->setPassphrase(QStringLiteral("short")));
    s->lock();
}

void TestPrivacy::passphraseFromEnvironment()
{
    const QString db = path(QStringLiteral("env.db"));
    const QString good = path(QStringLiteral("good.pass"));
    const QString bad = path(QStringLiteral("bad.pass"));
    {
        QFile f(good);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kPass.toUtf8() + "\n");
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("wrong wrong wrong\n");
    }
    qputenv("PLUME_PASSPHRASE_FILE", good.toLocal8Bit());
    {
        auto s = newStation(db); // created protected
        QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
        addContact(*s, QStringLiteral("oui"));
        s->lock();
    }
    {
        auto s = store::Store::open(db); // unlocked from the environment
        QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
        s->lock();
    }
    qputenv("PLUME_PASSPHRASE_FILE", bad.toLocal8Bit());
    try {
        store::Store::open(db);
        QFAIL("opened with a wrong passphrase");
    } catch (const store::StoreError &e) {
        QCOMPARE(e.message(), QStringLiteral("Phrase secrète du bureau incorrecte."));
    }
    qunsetenv("PLUME_PASSPHRASE_FILE");
}

void TestPrivacy::noConsentKeepsNothing()
{
    const QString db = path(QStringLiteral("noconsent.db"));
    auto s = newStation(db);
    s->setPassphrase(kPass);
    const QString id = addContact(*s, QStringLiteral("non"));
    const auto decisions = s->decisions(id);
    QCOMPARE(decisions.size(), 1);
    QCOMPARE(decisions[0].field, QStringLiteral("consentement"));
    QVERIFY(!s->latestReading(id, QStringLiteral("nom")));
    QCOMPARE(s->strokes(id).size(), 0);
    // Nothing more is kept for that sheet.
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             decide(*s, id, QStringLiteral("nom"), QStringLiteral("X")));
    QVERIFY(!rawBytes(db).contains(kName));
    QVERIFY(s->check().ok);
}

// Ink on a page of no known sheet may be a contact written in another notebook: encrypted
// like a contact's; deleted once the PV is sealed, audited so that check() knows it.
void TestPrivacy::unplacedInkEncryptedThenPurgedOnceClosed()
{
    const QString db = path(QStringLiteral("unplaced.db"));
    auto s = newStation(db);
    s->setPassphrase(kPass);
    ink::Stroke lost = contactStroke(1'700'000'000'000);
    lost.page = ink::PageAddress{3, 27, 999, 1};
    s->appendStroke(lost);
    s->appendStroke(lost);
    const teststation::RawDb rawDb(db);
    QSqlQuery q = rawDb.query();
    QVERIFY(q.exec(QStringLiteral("SELECT dots FROM strokes WHERE sheet_id IS NULL")));
    QVERIFY(q.next());
    QVERIFY(store::Store::isSealedPersonal(q.value(0).toByteArray()));
    q.finish();
    QCOMPARE(s->strokesForPage(lost.page).size(), 2); // read back with the key
    QCOMPARE(s->strokesForPage(lost.page)[0].stroke.dots, lost.dots);
    fillPv(*s);
    QVERIFY(closeAsPresident(*s).sealed);
    QCOMPARE(s->purgeUnplacedInk(QStringLiteral("plumectl")), 2);
    QVERIFY(s->strokesForPage(lost.page).isEmpty());
    QVERIFY2(s->check().ok, qPrintable(s->check().message));
    QCOMPARE(s->purgeUnplacedInk(QStringLiteral("plumectl")), 0);
    // A stroke on no sheet deleted by anyone else is still a deleted row.
    s->appendStroke(lost);
    QVERIFY(q.exec(QStringLiteral("DELETE FROM strokes WHERE sheet_id IS NULL")));
    QVERIFY(!s->check().ok);
}

// A blank consent box, or a consent never confirmed, is no consent: once the PV is sealed
// such a sheet is erased as a "non" would; a sheet with consent "oui" is sent.
void TestPrivacy::consentNotYesErasedOnceClosed()
{
    const QString db = path(QStringLiteral("blankconsent.db"));
    auto s = newStation(db);
    s->setPassphrase(kPass);
    const QString yes = addContact(*s, QStringLiteral("oui"));
    const QString never = addContact(*s, QString());
    QCOMPARE(s->sheetsWithoutConsent(), QStringList{never});
    fillPv(*s);
    const auto r = closeAsPresident(*s);
    QVERIFY(r.sealed);
    QCOMPARE(r.contactBatches.size(), 1);
    QCOMPARE(s->sheetsWithoutConsent(), QStringList{never}); // never queued
    s->eraseSheets(s->sheetsWithoutConsent(), QStringLiteral("plumectl"));
    QVERIFY(s->sheet(never)->state == store::SheetState::Erased);
    QVERIFY(s->isErased(never));
    QVERIFY(s->decisions(never).isEmpty());
    QCOMPARE(s->strokes(never).size(), 0);
    QVERIFY(!s->latestReading(never, QStringLiteral("nom")));
    QVERIFY(s->sheet(yes)->state == store::SheetState::Sealed);
    QCOMPARE(s->strokes(yes).size(), 1);
    QVERIFY(s->sheetsWithoutConsent().isEmpty());
    QVERIFY2(s->check().ok, qPrintable(s->check().message));
}

void TestPrivacy::purgeAfterReceipt()
{
    const QString db = path(QStringLiteral("purge.db"));
    auto s = newStation(db);
    s->setPassphrase(kPass);
    const QString a = addContact(*s, QStringLiteral("oui"));
    const QString b = addContact(*s, QStringLiteral("oui"));
    fillPv(*s);
    const auto r = closeAsPresident(*s);
    QVERIFY(r.sealed);
    QCOMPARE(r.contactBatches.size(), 1);
    // Ciphertext of the contacts as stored now (must be gone after the purge).
    const teststation::RawDb rawDb(db);
    QSqlQuery q = rawDb.query();
    QVERIFY(q.exec(QStringLiteral("SELECT value FROM decisions WHERE sheet_id = '%1' AND field "
                                  "= 'nom'")
                       .arg(a)));
    QVERIFY(q.next());
    const QByteArray cipher = q.value(0).toString().toLatin1().mid(11, 40);
    q.finish();
    QVERIFY(rawBytes(db).contains(cipher));

    sync::Outbox outbox(*s);
    QVERIFY(outbox.markSending(r.contactBatches[0].uuid));
    QCOMPARE(
        outbox.markDelivered(
            r.contactBatches[0].uuid,
            QStringLiteral("{\"receipt\":\"test\",\"uuid\":\"%1\"}").arg(r.contactBatches[0].uuid)),
        QString()); // purged, nothing to say
    for (const QString &id : {a, b}) {
        QVERIFY(s->sheet(id)->state == store::SheetState::Purged);
        QCOMPARE(s->decisions(id).size(), 1); // the consent only
        QCOMPARE(s->strokes(id).size(), 0);
    }
    // Counts remain: sheets, the PV, the outbox rows and their receipts.
    QCOMPARE(s->sheets().size(), 3);
    QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("exprimes"))->value,
             QStringLiteral("785"));
    QCOMPARE(outbox.list().size(), 2);
    QCOMPARE(outbox.counts().delivered, 1);
    const QByteArray raw = rawBytes(db);
    QVERIFY(!raw.contains(cipher));
    QVERIFY(!raw.contains(kName));
    QVERIFY(readAll(db + QStringLiteral("-wal")).size() == 0);
    QVERIFY(s->check().ok);
    // Idempotent.
    QCOMPARE(s->purgeDeliveredContacts(QStringLiteral("test")), 0);
}

// Without the passphrase, sqlite3 marks a contact batch delivered, or a consent "non": the
// purges refuse the file and erase nothing, and the check keeps naming the edited row (a
// review had the purge erase the contacts and its audit entry make `db check` say ok).
void TestPrivacy::forgedDeliveryOrConsentErasesNothing()
{
    const QString db = path(QStringLiteral("forged-delivery.db"));
    auto s = newStation(db);
    s->setPassphrase(kPass);
    const QString a = addContact(*s, QStringLiteral("oui"));
    fillPv(*s);
    const auto r = closeAsPresident(*s);
    QVERIFY(r.sealed);
    QCOMPARE(r.contactBatches.size(), 1);
    const QString pending = addContact(*s, QStringLiteral("oui"));
    const int decided = int(s->decisions(a).size());
    {
        const teststation::RawDb raw(db);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("UPDATE outbox SET state = 'delivered', receipt = "
                                      "'{\"forged\":1}' WHERE kind = 'contacts'")));
    }
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->purgeDeliveredContacts(QStringLiteral("t")));
    QCOMPARE(int(s->decisions(a).size()), decided);
    QVERIFY(s->sheet(a)->state != store::SheetState::Purged);
    QVERIFY(!s->check().ok); // still named, not laundered
    // A consent turned to "non" erases nothing either.
    {
        const teststation::RawDb raw(db);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("UPDATE decisions SET value = 'non' WHERE sheet_id = '%1' "
                                      "AND field = 'consentement'")
                           .arg(pending)));
    }
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             s->eraseSheets({pending}, QStringLiteral("plumectl")));
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             s->purgePersonalData({pending}, QStringLiteral("plumectl"), false));
    QVERIFY(!s->decisions(pending).isEmpty());
    // A consented sheet's decisions moved onto another, whose consent is then refused
    // inside `decide`'s own transaction: refused, nothing erased (a review had the
    // consented contact erased and `db check` say ok after).
    const QString db2 = path(QStringLiteral("moved-decisions.db"));
    auto t = newStation(db2);
    t->setPassphrase(kPass);
    const QString consented = addContact(*t, QStringLiteral("oui"));
    const QString other = addContact(*t, QString());
    const int kept = int(t->decisions(consented).size());
    {
        const teststation::RawDb raw(db2);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("UPDATE decisions SET sheet_id = '%1' WHERE sheet_id = "
                                      "'%2' AND field <> 'consentement'")
                           .arg(other, consented)));
    }
    QVERIFY_THROWS_EXCEPTION(store::StoreError, decide(*t, other, QStringLiteral("consentement"),
                                                       QStringLiteral("non")));
    QCOMPARE(int(t->decisions(other).size()) + int(t->decisions(consented).size()),
             kept + kept - 1);
    QVERIFY(!t->check().ok);
}

void TestPrivacy::strokeWriterSharesUnlock()
{
    const QString db = path(QStringLiteral("writer.db"));
    QString id;
    {
        auto s = newStation(db);
        s->setPassphrase(kPass);
        id = s->newSheet(QStringLiteral("contact"));
    }
    // The writer's own connection uses the key this process unlocked.
    store::StrokeWriter writer(db);
    writer.enqueue(contactStroke(42), id);
    QVERIFY(writer.flush());
    auto s = store::Store::open(db);
    QCOMPARE(s->strokes(id).size(), 1);
    const ink::Stroke st = contactStroke(42);
    QVERIFY(!rawBytes(db).contains(ink::encodeDots(st.dots, st.startMs)));
    s->lock();
}

// An insider with sqlite3 and no passphrase, while the window has the file open and unlocked:
// deleting the wrapped key (then putting it back), or planting another station's wrapped key
// whose passphrase they know, must neither make the open file look unprotected (Enter alone
// unlocking the window's lock, « Siège… » without the passphrase) nor pass a passphrase
// that is not this station's, nor make a planted clear data key the one new values use.
void TestPrivacy::passphraseRowTakenAwayWhileOpen()
{
    const QString db = path(QStringLiteral("tampered.db"));
    const QString other = path(QStringLiteral("other.db"));
    const QString otherPass = QStringLiteral("une autre phrase secrete connue");
    {
        auto o = newStation(other);
        o->setPassphrase(otherPass);
        o->lock();
    }
    auto s = newStation(db);
    s->setPassphrase(kPass);
    const QString id = addContact(*s, QStringLiteral("oui"));
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    teststation::RawDb raw(db);
    QSqlQuery saved = raw.query();
    QVERIFY(
        saved.exec(QStringLiteral("SELECT value FROM settings WHERE key = 'privacy.wrapped_key'")));
    QVERIFY(saved.next());
    const QByteArray wrapped = saved.value(0).toByteArray();
    saved.finish();
    // Taken away: not unprotected, no passphrase passes, no clear key planted is used.
    QVERIFY(raw.exec(QStringLiteral("DELETE FROM settings WHERE key = 'privacy.wrapped_key'")));
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES "
                                    "('privacy.data_key', zeroblob(32))")));
    QVERIFY(s->protection() != store::Store::Protection::Unprotected);
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->confirmPassphrase(QString()));
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->confirmPassphrase(kPass));
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             decide(*s, id, QStringLiteral("email"), QStringLiteral("x@y.fr")));
    QVERIFY(raw.exec(QStringLiteral("DELETE FROM settings WHERE key = 'privacy.data_key'")));
    // Another station's wrapped key and KDF: its passphrase is not this station's.
    {
        auto o = store::Store::open(other);
        QSqlQuery copy = raw.query();
        copy.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"));
        copy.addBindValue(QStringLiteral("privacy.wrapped_key"));
        copy.addBindValue(*o->setting(QStringLiteral("privacy.wrapped_key")));
        QVERIFY(copy.exec());
        QSqlQuery kdf = raw.query();
        QVERIFY(kdf.exec(QStringLiteral("SELECT value FROM settings WHERE key = 'privacy.kdf'")));
        QVERIFY(kdf.next());
        const QByteArray ownKdf = kdf.value(0).toByteArray();
        kdf.finish();
        QSqlQuery setKdf = raw.query();
        setKdf.prepare(QStringLiteral("UPDATE settings SET value = ? WHERE key = 'privacy.kdf'"));
        setKdf.addBindValue(*o->setting(QStringLiteral("privacy.kdf")));
        QVERIFY(setKdf.exec());
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s->confirmPassphrase(otherPass));
        QVERIFY(s->protection() != store::Store::Protection::Unprotected);
        QSqlQuery back = raw.query();
        back.prepare(QStringLiteral("UPDATE settings SET value = ? WHERE key = 'privacy.kdf'"));
        back.addBindValue(ownKdf);
        QVERIFY(back.exec());
    }
    // Put back as it was: the station's own passphrase passes again, and only it.
    QSqlQuery restore = raw.query();
    restore.prepare(
        QStringLiteral("UPDATE settings SET value = ? WHERE key = 'privacy.wrapped_key'"));
    restore.addBindValue(wrapped);
    QVERIFY(restore.exec());
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    s->confirmPassphrase(kPass);
    QVERIFY_THROWS_EXCEPTION(store::StoreError, s->confirmPassphrase(otherPass));
    QCOMPARE(s->latestDecision(id, QStringLiteral("nom"))->value, QString::fromLatin1(kName));
    // A passphrase changed through Plume (another connection too) is no tampering.
    {
        auto second = store::Store::open(db);
        second->setPassphrase(otherPass);
    }
    QCOMPARE(s->protection(), store::Store::Protection::Unlocked);
    s->confirmPassphrase(otherPass);
    s->lock();
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
