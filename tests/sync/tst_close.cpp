// Closing the PV: refusals, sealing, read-only after seal, new versions, contact batches.
#include "synctestutil.h"

#include "sync/outbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using namespace plume::testutil;

class TestClose : public QObject
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void refusesIncomplete();
    void refusesInconsistent();
    void reasonRecordedInRemarks();
    void sealsConsistentPv();
    void newVersionAfterSeal();
    void contactsNeedConsent();
    void keysCreatedOnce();

private:
    QString path(const char *name) { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

static sync::CloseRequest officials(const QString &reason = {})
{
    sync::CloseRequest r;
    r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
    r.reason = reason;
    return r;
}

void TestClose::refusesIncomplete()
{
    auto s = newStation(path("incomplete.db"));
    auto values = goodPv();
    values.remove(QStringLiteral("voix.morel"));
    fillPv(*s, values);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    QVERIFY(r.missing.contains(QStringLiteral("voix.morel")));
    QVERIFY(r.error.contains(QLatin1String("voix.morel")));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
    QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Open);
    // No official: refused too.
    sync::CloseRequest none;
    QVERIFY(!sync::closePv(*s, none).sealed);
}

void TestClose::refusesInconsistent()
{
    auto s = newStation(path("inconsistent.db"));
    auto values = goodPv();
    values[QStringLiteral("voix.morel")] = QStringLiteral("95"); // sum 795 != 785
    fillPv(*s, values);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    bool found = false;
    for (const auto &f : r.failures)
        found = found || (f.rule == forms::PvRule::SommeVoix && f.isImpossible());
    QVERIFY(found);
    QVERIFY(r.error.contains(QStringLiteral("La somme des voix")));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
}

void TestClose::reasonRecordedInRemarks()
{
    auto s = newStation(path("reason.db"));
    auto values = goodPv();
    values[QStringLiteral("enveloppes")] = QStringLiteral("801"); // non-blocking + blocking
    values[QStringLiteral("nuls")] = QStringLiteral("6");
    fillPv(*s, values);
    QVERIFY(!sync::closePv(*s, officials()).sealed);
    const QString reason = QStringLiteral("Une enveloppe de plus que d'émargements (électeur "
                                          "parti sans signer).");
    const auto r = sync::closePv(*s, officials(reason));
    QVERIFY2(r.sealed, qPrintable(r.error));
    QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("remarques"))->value, reason);
    const QJsonObject payload = r.pv->payload;
    QCOMPARE(payload.value(QStringLiteral("remarques")).toString(), reason);
    QVERIFY(!payload.value(QStringLiteral("checks")).toArray().isEmpty());
}

void TestClose::sealsConsistentPv()
{
    auto s = newStation(path("good.db"));
    fillPv(*s);
    const auto r = sync::closePv(*s, officials());
    QVERIFY2(r.sealed, qPrintable(r.error));
    QVERIFY(r.failures.isEmpty());
    QCOMPARE(r.pv->version, 1);
    QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Sealed);
    const auto items = sync::Outbox(*s).list();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items[0].state, sync::kStateQueued);
    QCOMPARE(items[0].sha256, r.pv->sha256);
    QCOMPARE(items[0].httpBody(), r.pv->httpBody());
    const auto keys = sync::stationKeys(*s);
    QVERIFY(sync::verifySubmission(*items[0].submission(), keys->publicKey));
    const QJsonObject p = r.pv->payload;
    QCOMPARE(p.value(QStringLiteral("counts")).toObject().value(QStringLiteral("exprimes")).toInt(),
             785);
    QCOMPARE(p.value(QStringLiteral("officials")).toArray().size(), 2);
    QCOMPARE(p.value(QStringLiteral("candidates")).toArray().size(), 4);
    // Sealed: closing again without a reason is refused (read-only).
    const auto again = sync::closePv(*s, officials());
    QVERIFY(!again.sealed);
    QVERIFY2(again.error.contains(QStringLiteral("nouvelle version")), qPrintable(again.error));
    QCOMPARE(sync::Outbox(*s).list().size(), 1);
    // The seal is in the audit chain.
    QVERIFY(s->verifyAuditChain().ok);
}

void TestClose::newVersionAfterSeal()
{
    auto s = newStation(path("versions.db"));
    fillPv(*s);
    const auto v1 = sync::closePv(*s, officials());
    QVERIFY(v1.sealed);
    sync::CloseRequest fix = officials();
    fix.corrections.insert(QStringLiteral("voix.morel"), QStringLiteral("86"));
    // A correction without a reason is refused.
    QVERIFY(!sync::closePv(*s, fix).sealed);
    fix.reason = QStringLiteral("Recomptage : une voix oubliée");
    fix.corrections.insert(QStringLiteral("exprimes"), QStringLiteral("786"));
    fix.corrections.insert(QStringLiteral("enveloppes"), QStringLiteral("801"));
    fix.corrections.insert(QStringLiteral("votants"), QStringLiteral("801"));
    const auto v2 = sync::closePv(*s, fix);
    QVERIFY2(v2.sealed, qPrintable(v2.error));
    QCOMPARE(v2.pv->version, 2);
    QVERIFY(v2.pv->uuid != v1.pv->uuid);
    const QJsonObject p = v2.pv->payload;
    QCOMPARE(p.value(QStringLiteral("previous_sha256")).toString(), v1.pv->sha256);
    QCOMPARE(p.value(QStringLiteral("correction_reason")).toString(), fix.reason);
    QCOMPARE(p.value(QStringLiteral("fields"))
                 .toObject()
                 .value(QStringLiteral("voix.morel"))
                 .toObject()
                 .value(QStringLiteral("source"))
                 .toString(),
             QStringLiteral("corrected"));
    // Both versions are kept and queued.
    const auto versions = sync::sealedPvVersions(*s);
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0].sha256, v1.pv->sha256);
    QCOMPARE(versions[1].sha256, v2.pv->sha256);
    QCOMPARE(sync::Outbox(*s).counts().queued, 2);
}

void TestClose::contactsNeedConsent()
{
    auto s = newStation(path("contacts.db"));
    const QString yes1 = addContact(*s, QStringLiteral("MARTIN"), QStringLiteral("oui"));
    const QString no = addContact(*s, QStringLiteral("SECRET"), QStringLiteral("non"));
    const QString yes2 = addContact(*s, QStringLiteral("DURAND"), QStringLiteral("oui"));
    fillPv(*s);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(r.sealed);
    QCOMPARE(r.contactBatches.size(), 1);
    const QByteArray body = r.contactBatches[0].httpBody();
    QVERIFY(body.contains("MARTIN"));
    QVERIFY(body.contains("DURAND"));
    QVERIFY(!body.contains("SECRET"));
    QVERIFY(s->sheet(yes1)->state == store::SheetState::Sealed);
    QVERIFY(s->sheet(no)->state == store::SheetState::Open);
    // Already batched sheets are not batched twice; a new one makes batch 2.
    QCOMPARE(sync::batchContacts(*s, QStringLiteral("Marie")).size(), 0);
    addContact(*s, QStringLiteral("PETIT"), QStringLiteral("oui"));
    const auto b2 = sync::batchContacts(*s, QStringLiteral("Marie"));
    QCOMPARE(b2.size(), 1);
    QCOMPARE(b2[0].version, 2);
    QCOMPARE(b2[0].kind, sync::kKindContacts);
    Q_UNUSED(yes2);
}

void TestClose::keysCreatedOnce()
{
    auto s = newStation(path("keys.db"));
    QVERIFY(!sync::stationPublicKeyBase64(*s).isEmpty());
    QVERIFY_THROWS_EXCEPTION(store::StoreError, sync::createStationKeys(*s));
}

QTEST_GUILESS_MAIN(TestClose)
#include "tst_close.moc"
