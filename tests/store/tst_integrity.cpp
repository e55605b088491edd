// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Station integrity as an attacker would try it (issue 15): sqlite3 edits of decisions,
// deleted or recomputed audit rows, a secret key lifted from the file, weak passphrases,
// withdrawn decisions, struck strokes and ink edited before the seal.
#include "store/passphrase.h"
#include "store/store.h"
#include "store/strokewriter.h"
#include "sync/crypto.h"
#include "sync/seal.h"
#include "synctestutil.h"
#include "teststation.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace plume;

class TestIntegrity : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *n) const { return m_dir.filePath(QString::fromLatin1(n)); }

    // A sealed station (PV version 1), closed again, its path returned.
    QString sealed(const char *name)
    {
        const QString p = path(name);
        auto s = testutil::newStation(p);
        testutil::fillPv(*s);
        sync::CloseRequest r;
        r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
        const auto result = sync::closePv(*s, r);
        if (!result.sealed)
            qFatal("close: %s", qPrintable(result.error));
        return p;
    }
    static store::CheckResult check(const QString &p) { return store::Store::open(p)->check(); }

private slots:
    void cleanFileChecksOk()
    {
        const QString p = sealed("clean.plume");
        const auto r = check(p);
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(store::Store::open(p)->checkpoints().size(), 1);
    }

    // A damaged index page: the read-only check read a VACUUM INTO copy, whose indexes are
    // built anew, and said ok on a file every other command called malformed (a review of
    // 2026-12-02). The file's own damage is what the check reports.
    void damagedIndexPageIsFoundByTheReadOnlyCheck()
    {
        const QString p = sealed("damaged-index.plume");
        qint64 page = 0, pageSize = 0;
        {
            const teststation::RawDb raw(p);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
            pageSize = q.value(0).toLongLong();
            QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE type = "
                                          "'index' AND tbl_name = 'sheets'")) &&
                    q.next());
            page = q.value(0).toLongLong();
        }
        QVERIFY(page > 1 && pageSize > 0);
        QVERIFY(store::Store::openToRead(p)->check().ok);
        {
            QFile f(p);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek((page - 1) * pageSize));
            QByteArray noise(int(pageSize), '\0');
            for (qsizetype i = 0; i < noise.size(); ++i)
                noise[i] = char(QRandomGenerator::global()->generate());
            QVERIFY(f.write(noise) == pageSize);
        }
        const auto r = store::Store::openToRead(p)->check();
        QVERIFY2(!r.ok, qPrintable(r.message));
    }

    void editedDecisionIsNamed()
    {
        const QString p = sealed("edit.plume");
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(
                QStringLiteral("UPDATE decisions SET value = '785' WHERE field = 'voix.morel'")));
        }
        const auto r = check(p);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("decisions, ligne")), qPrintable(r.message));
        QVERIFY2(r.message.contains(QStringLiteral("prévenez le siège")), qPrintable(r.message));
    }

    // The attack, made to add up: two voix moved with sqlite3 so that Σ voix still
    // equals exprimés. db check names the row, and close refuses to sign the file (it did
    // sign the forged values before), writing nothing.
    void editedFileIsNeverSealed()
    {
        const QString p = path("forged.plume");
        {
            auto s = testutil::newStation(p);
            testutil::fillPv(*s);
        }
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(
                QStringLiteral("UPDATE decisions SET value = '450' WHERE field = 'voix.aubert'")));
            QVERIFY(raw.exec(
                QStringLiteral("UPDATE decisions SET value = '150' WHERE field = 'voix.benali'")));
        }
        auto s = store::Store::open(p);
        if (s->protection() == store::Store::Protection::Locked)
            s->unlock(teststation::kPassphrase);
        QVERIFY(!s->check().ok);
        sync::CloseRequest r;
        r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
        const auto result = sync::closePv(*s, r);
        QVERIFY(!result.sealed);
        QVERIFY2(result.error.contains(QStringLiteral("hors de Plume")), qPrintable(result.error));
        QVERIFY(s->outboxRows().isEmpty());
        QVERIFY(s->checkpoints().isEmpty());
        QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Open);
    }

    // A sealed file altered afterwards (a decision, a reading, an audit row edited with
    // sqlite3): a correction is refused because of the alteration, first, whatever the
    // officials give — never a request for a reason or for more names, which could not seal
    // this file anyway. Nothing is written.
    void alteredSealedFileIsRefusedBeforeAskingOfficials_data()
    {
        QTest::addColumn<QStringList>("edits");
        QTest::newRow("decision") << QStringList{
            QStringLiteral("UPDATE decisions SET value = '785' WHERE field = 'voix.morel'")};
        QTest::newRow("reading") << QStringList{
            QStringLiteral("UPDATE readings SET value = '412' WHERE id = (SELECT max(id) FROM "
                           "readings)")};
        QTest::newRow("audit row")
            << QStringList{QStringLiteral("DROP TRIGGER audit_no_update"),
                           QStringLiteral("UPDATE audit_log SET actor = 'X' WHERE id = 2")};
    }

    void alteredSealedFileIsRefusedBeforeAskingOfficials()
    {
        QFETCH(QStringList, edits);
        const QString p = sealed(qPrintable(
            QStringLiteral("altered-%1.plume").arg(QString::fromLatin1(QTest::currentDataTag()))));
        {
            auto s = store::Store::open(p);
            s->unlock(teststation::kPassphrase);
            store::Reading r; // a reading to edit
            r.sheetId = store::kPvSheetId;
            r.field = QStringLiteral("nuls");
            r.value = QStringLiteral("7");
            s->addReading(r);
        }
        {
            const teststation::RawDb raw(p);
            for (const QString &edit : edits)
                QVERIFY2(raw.exec(edit), qPrintable(edit));
        }
        auto s = store::Store::open(p);
        const store::CheckResult integrity = s->check(); // partial: locked
        QVERIFY(!integrity.ok);
        const QStringList one{QStringLiteral("Marie LEROY")};
        const QStringList two{QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
        const QString reason = QStringLiteral("Deux bulletins retrouvés sous la table de vote");
        for (const bool unlocked : {false, true}) {
            if (unlocked)
                s->unlock(teststation::kPassphrase);
            for (const sync::CloseRequest &req :
                 {sync::CloseRequest{{}, {}, {}}, sync::CloseRequest{one, {}, {}},
                  sync::CloseRequest{two, {}, {}}, sync::CloseRequest{one, reason, {}},
                  sync::CloseRequest{
                      two, reason, {{QStringLiteral("nuls"), QStringLiteral("8")}}}}) {
                const auto result = sync::closePv(*s, req);
                QVERIFY(!result.sealed);
                QVERIFY(result.altered);
                QVERIFY(!result.needsReasonOrOfficials);
                QCOMPARE(result.error, s->check().message); // what db check says
                for (const char *asked : {"déjà scellé", "membre", "verrouillé", "raison écrite"})
                    QVERIFY2(!result.error.contains(QString::fromUtf8(asked)),
                             qPrintable(result.error));
            }
        }
        QCOMPARE(s->outboxRows().size(), 1);
        QCOMPARE(s->checkpoints().size(), 1);
        QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("nuls"))->value,
                 testutil::goodPv().value(QStringLiteral("nuls")));
    }

    // A forgery written with sqlite3 while close runs (two voix moved so that Σ voix still
    // adds up): the check and the seal are one IMMEDIATE transaction, so the forgery lands
    // either before it (the check finds it: refused) or after the commit (the sealed PV
    // carries the officials' values, and the next check finds it) — never sealed.
    void forgeryDuringCloseIsNeverSealed()
    {
        int refused = 0, sealedGenuine = 0;
        for (int i = 0; i < 6; ++i) {
            const QString p = path(qPrintable(QStringLiteral("race-%1.plume").arg(i)));
            {
                auto s = testutil::newStation(p);
                testutil::fillPv(*s);
            }
            auto s = store::Store::open(p); // unlocked first: the forger aims at the close
            s->unlock(teststation::kPassphrase);
            std::atomic<bool> forged{false};
            std::thread forger([&, delayUs = 15'000 * i] {
                const QString name = QStringLiteral("forger-%1").arg(i);
                {
                    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                    db.setDatabaseName(p);
                    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1"));
                    if (db.open()) {
                        std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                        QSqlQuery q(db);
                        for (int tries = 0; tries < 20'000 && !forged; ++tries)
                            forged = q.exec(QStringLiteral(
                                "UPDATE decisions SET value = CASE field WHEN 'voix.aubert' "
                                "THEN '450' ELSE '150' END WHERE field IN ('voix.aubert', "
                                "'voix.benali')"));
                    }
                }
                QSqlDatabase::removeDatabase(name);
            });
            const auto result = sync::closePv(
                *s, {{QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")}, {}, {}});
            forger.join();
            QVERIFY(forged);
            QVERIFY(!s->check().ok); // found afterwards in every case
            if (!result.sealed) {
                QVERIFY2(result.altered, qPrintable(result.error));
                ++refused;
                continue;
            }
            ++sealedGenuine;
            for (const QJsonValue &c :
                 result.pv->payload.value(QStringLiteral("candidates")).toArray())
                if (c[QStringLiteral("id")] == QStringLiteral("aubert"))
                    QCOMPARE(c[QStringLiteral("voix")].toInt(), 400);
        }
        qInfo("forgery during close: %d refused, %d sealed with the genuine values", refused,
              sealedGenuine);
    }

    // A sound file is not "altered": the refusals that ask for names or a reason stay.
    void soundSealedFileStillAsksForAReason()
    {
        const QString p = sealed("sound-after-seal.plume");
        auto s = store::Store::open(p);
        s->unlock(teststation::kPassphrase);
        const QStringList one{QStringLiteral("Marie LEROY")};
        const auto result =
            sync::closePv(*s, {one, {}, {{QStringLiteral("nuls"), QStringLiteral("8")}}});
        QVERIFY(!result.sealed);
        QVERIFY(!result.altered);
        QVERIFY(result.needsReasonOrOfficials);
        QVERIFY2(result.error.contains(QStringLiteral("déjà scellé")), qPrintable(result.error));
        QVERIFY(!result.alreadySealed);
    }

    // Nothing new asked of a sealed PV (no correction, no reason): `close` run again, after a
    // kill once it had sealed. Its version is the answer, nothing written; it was refused as a
    // correction without its reason (exit 1 for a script's retry).
    void closeRunAgainAnswersTheSealedVersion()
    {
        const QString p = sealed("run-again.plume");
        auto s = store::Store::open(p);
        s->unlock(teststation::kPassphrase);
        const auto before = s->outboxRows();
        const qsizetype audit = s->auditLog().size();
        const auto again = sync::closePv(*s, {{QStringLiteral("Paul GIRARD")}, {}, {}});
        QVERIFY2(again.sealed, qPrintable(again.error));
        QVERIFY(again.alreadySealed);
        QVERIFY(again.error.isEmpty());
        QCOMPARE(again.pv->version, 1);
        QCOMPARE(before.size(), 1);
        QCOMPARE(again.pv->sha256, before.first().sha256);
        QCOMPARE(s->outboxRows().size(), 1);
        QCOMPARE(s->auditLog().size(), audit);
        QVERIFY(s->check().ok);
        // An official the election does not list is refused still, run again or not.
        const auto stranger = sync::closePv(*s, {{QStringLiteral("Inconnu")}, {}, {}});
        QVERIFY(!stranger.sealed && stranger.unlistedOfficials);
        // Nobody at all: refused as for a first close (it batched the contact sheets a kill
        // left under the first official of an empty list, and crashed).
        const auto nobody = sync::closePv(*s, {{}, {}, {}});
        QVERIFY(!nobody.sealed && nobody.needsReasonOrOfficials);
        QVERIFY2(nobody.error.contains(QStringLiteral("au moins un membre du bureau")),
                 qPrintable(nobody.error));
        QCOMPARE(s->auditLog().size(), audit);
    }

    void insertedOrDeletedRowsAreFound()
    {
        const QString p = sealed("insert.plume");
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO decisions (sheet_id, field, value, official, source, decided_at) "
                "VALUES ('pv', 'voix.morel', '99', 'X', 'typed', '2026-01-01T00:00:00.000Z')")));
        }
        QVERIFY(check(p).message.contains(QStringLiteral("aucune entrée d'audit")));
        const QString q = sealed("delete.plume");
        {
            const teststation::RawDb raw(q);
            QVERIFY(raw.exec(QStringLiteral(
                "DELETE FROM decisions WHERE id = (SELECT max(id) FROM decisions)")));
        }
        QVERIFY2(check(q).message.contains(QStringLiteral("supprimée")),
                 qPrintable(check(q).message));
        const QString st = sealed("sheetstate.plume");
        {
            const teststation::RawDb raw(st);
            QVERIFY(raw.exec(QStringLiteral("UPDATE sheets SET state = 'open' WHERE id = 'pv'")));
        }
        QVERIFY(check(st).message.contains(QStringLiteral("sheets, ligne pv")));
    }

    // A row edited with sqlite3 and then rewritten by Plume in place (a requeue, a sheet's
    // state, a stroke struck again) is refused: the write's audit entry would otherwise
    // anchor the edit, and `db check` said ok afterwards. Nothing is written; the check
    // still names the row.
    void rewriteOfAnEditedRowIsRefused()
    {
        const QString p = sealed("rewrite.plume");
        auto s = store::Store::open(p);
        const QString uuid = s->outboxRows().first().uuid;
        const auto refused = [&](const std::function<void()> &write, const QString &row) {
            const qint64 before = s->auditLog().size();
            try {
                write();
                return false;
            } catch (const store::StoreError &e) {
                return e.message().contains(row) && s->auditLog().size() == before &&
                       !s->check().ok;
            }
        };
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("UPDATE sheets SET form = 'contact' WHERE id = 'pv'")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE outbox SET last_error = 'x' WHERE uuid = '") +
                             uuid + QLatin1Char('\'')));
        }
        QVERIFY(refused(
            [&] {
                s->setSheetState(store::kPvSheetId, store::SheetState::Open, QStringLiteral("X"));
            },
            QStringLiteral("sheets, ligne pv")));
        QVERIFY(refused(
            [&] {
                s->setSheetPage(store::kPvSheetId, ink::PageAddress{3, 27, 603, 9});
            },
            QStringLiteral("sheets, ligne pv")));
        QVERIFY(refused(
            [&] {
                s->updateOutbox(uuid, {store::OutboxState::Queued, false, {}, {}, {}});
            },
            QStringLiteral("outbox, ligne ") + uuid));
        QVERIFY(s->check().message.contains(QStringLiteral("sheets, ligne pv")));
    }

    // The same check lets Plume's own rewrites through, and a row it never wrote is refused.
    void intactRowsAreRewrittenAndAForgedStrikeIsRefused()
    {
        auto s = testutil::newStation(path("rewrite-ok.plume"));
        s->setSheetPage(store::kPvSheetId, ink::PageAddress{3, 27, 603, 2});
        s->setSheetState(store::kPvSheetId, store::SheetState::Open, QStringLiteral("X"));
        QVERIFY(s->check().ok);
        ink::Stroke st;
        st.page = ink::PageAddress{3, 27, 603, 2};
        st.penId = QStringLiteral("t");
        st.startMs = 1'763'829'000'000;
        st.dots = {{10, 10, 300, st.startMs}, {11, 11, 300, st.startMs + 8}};
        const qint64 id = s->appendStroke(st, store::kPvSheetId);
        {
            const teststation::RawDb raw(s->path());
            QVERIFY(raw.exec(QStringLiteral("INSERT INTO struck_strokes (stroke_id, sheet_id, "
                                            "actor, reason, struck_at) VALUES (%1, 'pv', 'X', "
                                            "'forged', '2026-01-01')")
                                 .arg(id)));
        }
        QVERIFY_THROWS_EXCEPTION(
            store::StoreError,
            s->strikeStroke(id, QStringLiteral("Marie"), QStringLiteral("trait parasite")));
        QVERIFY(s->check().message.contains(QStringLiteral("struck_strokes")));
    }

    // A key stored as a BLOB or NULL is another row to SQLite but read as the same text: a
    // BLOB copy of the PV's outbox item marked `delivered`, of the PV sheet, or a setting
    // with no key, are found (review of 2026-11-30: the copy passed, and a purge then
    // erased contacts HQ never received).
    void keysOfAnotherTypeAreFound_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("named");
        QTest::newRow("outbox")
            << QStringLiteral(
                   "INSERT INTO outbox (uuid, kind, version, payload, sha256, signature, state, "
                   "attempts, created_at, updated_at) SELECT CAST(uuid AS BLOB), kind, version, "
                   "payload, sha256, signature, 'delivered', attempts, created_at, updated_at FROM "
                   "outbox")
            << QStringLiteral("outbox, ligne X'");
        QTest::newRow("sheets")
            << QStringLiteral(
                   "INSERT INTO sheets (id, form, page_address, state, created_at) SELECT CAST(id "
                   "AS "
                   "BLOB), 'contact', NULL, state, created_at FROM sheets WHERE id = 'pv'")
            << QStringLiteral("sheets, ligne X'7076'");
        QTest::newRow("settings") << QStringLiteral(
                                         "INSERT INTO settings (key, value) VALUES (NULL, 'x')")
                                  << QStringLiteral("settings, ligne NULL");
    }

    void keysOfAnotherTypeAreFound()
    {
        QFETCH(QString, sql);
        QFETCH(QString, named);
        const QString p = sealed(QTest::currentDataTag());
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(sql));
        }
        const auto r = check(p);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(named), qPrintable(r.message));
    }

    void truncatedChainFailsAtTheCheckpoint()
    {
        const QString p = sealed("trunc.plume");
        const qint64 anchored = store::Store::open(p)->checkpoints().constFirst().length;
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
            QVERIFY(
                raw.exec(QStringLiteral("DELETE FROM audit_log WHERE id >= %1").arg(anchored - 1)));
        }
        const auto r = check(p);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("tronqué")), qPrintable(r.message));
    }

    // The seal signs the chain's head, then writes its own entries (outbox.queued, the sheet
    // sealed, pv.sealed) after that anchor. Deleting them with the outbox row, no passphrase
    // needed, unsealed the PV with the file still "ok" (a hostile review): the anchor now
    // names its version, whose seal must follow it. Deleting the anchor too is a rollback to
    // the file as it was before the seal, which no file can tell from a copy kept then.
    void sealDeletedAfterItsAnchorIsFound()
    {
        const QString p = sealed("unseal.plume");
        {
            const teststation::RawDb raw(p);
            QSqlQuery trigger = raw.query();
            QVERIFY(trigger.exec(
                QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'")));
            QVERIFY(trigger.next());
            const QString recreate = trigger.value(0).toString();
            trigger.finish();
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
            QVERIFY(raw.exec(QStringLiteral(
                "DELETE FROM audit_log WHERE id > (SELECT max(id) FROM audit_log WHERE "
                "action = 'audit.checkpoint')")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM outbox")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE sheets SET state = 'open' WHERE id = 'pv'")));
            QVERIFY(raw.exec(recreate)); // the schema as Plume made it
        }
        for (bool unlocked : {true, false}) {
            auto s = store::Store::open(p);
            if (!unlocked)
                s->lock();
            const auto r = s->check();
            QVERIFY(!r.ok);
            QVERIFY2(r.message.contains(QStringLiteral("PV scellé version 1 a disparu")),
                     qPrintable(r.message));
        }
    }

    void recomputedChainFailsAtTheCheckpoint()
    {
        const QString p = sealed("recompute.plume");
        // The forger changes a decision, fixes its audit digest and recomputes every hash.
        {
            auto s = store::Store::open(p);
            const auto log = s->auditLog();
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_no_update")));
            QString prev(64, QLatin1Char('0'));
            for (store::AuditEntry e : log) {
                if (e.action == QLatin1String("decision.typed") &&
                    e.subject == QLatin1String("pv/voix.morel"))
                    e.actor = QStringLiteral("mallory");
                e.prevHash = prev;
                e.hash = store::Store::auditHash(prev, e);
                QSqlQuery q = raw.query();
                q.prepare(QStringLiteral(
                    "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?"));
                q.addBindValue(e.actor);
                q.addBindValue(e.prevHash);
                q.addBindValue(e.hash);
                q.addBindValue(e.id);
                QVERIFY(q.exec());
                prev = e.hash;
            }
        }
        auto s = store::Store::open(p);
        // Unlocked, the MAC of the first entry recomputed gives it away at once.
        const auto sealed = s->verifyAuditChain();
        QVERIFY(!sealed.ok);
        QVERIFY2(sealed.message.contains(QStringLiteral("sceau")), qPrintable(sealed.message));
        // Without the passphrase the chain alone looks fine: the signed anchor catches it.
        s->lock();
        QVERIFY(s->verifyAuditChain().ok);
        const auto r = s->check();
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("point d'ancrage")) ||
                     r.message.contains(QStringLiteral("PV scellé")),
                 qPrintable(r.message));
    }

    // An entry added by someone who can compute the chain's hashes but not the MAC (no
    // passphrase) has none, or a wrong one: the check names it when the file is unlocked.
    void auditEntriesAreSealedWithThePassphrase()
    {
        const QString p = path("mac.plume");
        auto s = testutil::newStation(p);
        testutil::fillPv(*s);
        QVERIFY(s->check().ok);
        const qint64 last = s->auditLog().last().id;
        for (const char *forged : {"NULL", "randomblob(32)", "X''"}) {
            {
                const teststation::RawDb raw(p);
                QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER IF EXISTS audit_no_update")));
                QSqlQuery q = raw.query();
                QVERIFY2(q.exec(QStringLiteral("UPDATE audit_log SET mac = %1 WHERE id = %2")
                                    .arg(QLatin1String(forged))
                                    .arg(last)),
                         qPrintable(q.lastError().text()));
            }
            const auto r = s->check();
            QVERIFY2(!r.ok && r.message.contains(QStringLiteral("ligne d'audit %1").arg(last)) &&
                         r.message.contains(QStringLiteral("sceau")),
                     qPrintable(r.message));
        }
        // Locked, nothing more is written: an entry without its MAC could not be told apart.
        s->lock();
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 testutil::decide(*s, store::kPvSheetId, QStringLiteral("blancs"),
                                                  QStringLiteral("11")));
    }

    // The insider cannot seal entries with the station's data key, so he brings his own: a
    // clear `privacy.data_key` row planted beside the wrapped one (or instead of it) made the
    // file look unprotected, and nothing checked the MACs any more. Two voix moved (the sum
    // kept), one entry chained and sealed with his key: `db check` with the passphrase said ok.
    void plantedClearDataKeyIsFound()
    {
        for (const bool dropWrapped : {false, true}) {
            const QString p = path(dropWrapped ? "nokey.plume" : "plantedkey.plume");
            {
                auto s = testutil::newStation(p);
                testutil::fillPv(*s);
            }
            QByteArray mine(32, Qt::Uninitialized);
            for (int i = 0; i < mine.size(); ++i)
                mine[i] = char(i * 7 + 1);
            {
                const teststation::RawDb raw(p);
                QSqlQuery k = raw.query();
                k.prepare(QStringLiteral(
                    "INSERT INTO settings (key, value) VALUES ('privacy.data_key', ?)"));
                k.addBindValue(mine);
                QVERIFY(k.exec());
                if (dropWrapped)
                    QVERIFY(raw.exec(
                        QStringLiteral("DELETE FROM settings WHERE key = 'privacy.wrapped_key'")));
                QVERIFY(raw.exec(QStringLiteral(
                    "UPDATE decisions SET value = '450' WHERE field = 'voix.aubert'")));
                QVERIFY(raw.exec(QStringLiteral(
                    "UPDATE decisions SET value = '150' WHERE field = 'voix.benali'")));
                QJsonArray rows = teststation::forgedRowRefs(raw, QStringLiteral("settings"),
                                                             QStringLiteral("key"));
                for (const QJsonValue &r : teststation::forgedRowRefs(
                         raw, QStringLiteral("decisions"), QStringLiteral("id")))
                    rows.append(r);
                if (dropWrapped)
                    rows.append(
                        QJsonObject{{QStringLiteral("t"), QStringLiteral("settings")},
                                    {QStringLiteral("k"), QStringLiteral("privacy.wrapped_key")},
                                    {QStringLiteral("h"), QJsonValue::Null}});
                QVERIFY(teststation::appendForgedAuditEntry(raw, rows, mine));
            }
            auto s = store::Store::open(p);
            s->unlock(teststation::kPassphrase); // db check --passphrase-file
            const auto r = s->check();
            QVERIFY2(!r.ok, "db check says ok on a file sealed with a planted data key");
            QVERIFY2(r.message.contains(QStringLiteral("hors de Plume")) ||
                         r.message.contains(QStringLiteral("sceau")),
                     qPrintable(r.message));
        }
    }

    // `plumectl station set-passphrase` while the window runs: another process wraps the
    // same data key again. The window's connection took it for tampering and read the file
    // as locked: every stroke written after it was lost (a review of 2026-12-02). It follows
    // the new wrapping; another station's wrapping (its MAC with it) stays tampering.
    void passphraseChangedByAnotherProcessIsFollowed()
    {
        const QString p = path("followed.plume"), other = path("other.plume");
        auto window = testutil::newStation(p);
        QCOMPARE(window->protection(), store::Store::Protection::Unlocked);
        const QString next = QStringLiteral("girafe moulin orage quarante-sept");
        {
            auto ctl = store::Store::open(p); // another process: its ring is its own
            ctl->setPassphrase(next, teststation::kPassphrase);
            ctl->lock(); // forgets the new wrapping in this process, as a process that ends
        }
        QCOMPARE(window->protection(), store::Store::Protection::Unlocked);
        QVERIFY(sync::stationKeys(*window)); // its secret key read with the data key
        testutil::fillPv(*window);           // sealed audit entries: the same key
        QVERIFY2(window->check().ok, qPrintable(window->check().message));
        // Another station's wrapping and its MAC, copied in by hand: locked.
        {
            auto elsewhere =
                store::Store::create(other, window->election(), teststation::kPassphrase);
            elsewhere->lock(); // made on another laptop: its key is in no ring here
        }
        QByteArray wrapped, mac;
        {
            const teststation::RawDb raw(other);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("SELECT key, value FROM settings WHERE key IN "
                                          "('privacy.wrapped_key', 'privacy.wrapping_mac')")));
            while (q.next())
                (q.value(0).toString().endsWith(QLatin1String("mac")) ? mac : wrapped) =
                    q.value(1).toByteArray();
        }
        QVERIFY(!wrapped.isEmpty() && !mac.isEmpty());
        {
            const teststation::RawDb raw(p);
            for (const auto &[key, value] :
                 {std::pair{QStringLiteral("privacy.wrapped_key"), wrapped},
                  std::pair{QStringLiteral("privacy.wrapping_mac"), mac}}) {
                QSqlQuery q = raw.query();
                q.prepare(QStringLiteral("UPDATE settings SET value = ? WHERE key = ?"));
                q.addBindValue(value);
                q.addBindValue(key);
                QVERIFY(q.exec() && q.numRowsAffected() == 1);
            }
        }
        QCOMPARE(window->protection(), store::Store::Protection::Locked);
    }

    void secretKeyIsNotInTheFile()
    {
        const QString p = path("key.plume");
        QByteArray secret;
        {
            auto s = testutil::newStation(p);
            secret = sync::stationKeys(*s)->secretKey;
            s->lock();
        }
        QFile f(p);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll() + [&] {
            QFile w(p + QStringLiteral("-wal"));
            return w.open(QIODevice::ReadOnly) ? w.readAll() : QByteArray();
        }();
        QCOMPARE(secret.size(), 64);
        QVERIFY(!bytes.contains(secret));
        QVERIFY(!bytes.contains(secret.left(32))); // the seed neither
        // Locked: no signing, and closing says why in French.
        auto s = store::Store::open(p);
        QVERIFY(s->protection() == store::Store::Protection::Locked);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, sync::stationKeys(*s));
        // Nor any change to what gets sealed: its audit entry could not be sealed.
        QVERIFY_THROWS_EXCEPTION(store::StoreError, testutil::fillPv(*s));
        sync::CloseRequest r;
        r.officials = {QStringLiteral("Marie LEROY")};
        const auto result = sync::closePv(*s, r);
        QVERIFY(!result.sealed);
        QVERIFY2(result.error.contains(QStringLiteral("verrouillé")), qPrintable(result.error));
        s->unlock(teststation::kPassphrase);
        QCOMPARE(sync::stationKeys(*s)->secretKey, secret);
    }

    void weakPassphrasesAreRefused()
    {
        // French words zxcvbn's lists lack, and the example our own refusal gives.
        for (const char *weak : {"password1", "12345678", "azertyuiop", "motdepasse",
                                 "motdepasse2026", "cheval lampe nuage 42"}) {
            const auto r = store::checkPassphrase(QString::fromLatin1(weak));
            QVERIFY2(!r.accepted, weak);
            QVERIFY(r.reason.contains(QStringLiteral("refusée")));
        }
        QVERIFY(store::checkPassphrase(QStringLiteral("motdepasse2026"))
                    .reason.contains(QStringLiteral("mot de passe courant")));
        QVERIFY(store::checkPassphrase(teststation::kPassphrase).accepted);
        // The station's own words count as weak.
        QVERIFY(!store::checkPassphrase(QStringLiteral("75056-0042paris"),
                                        {QStringLiteral("75056-0042"), QStringLiteral("paris")})
                     .accepted);
        // Each word of the station's name and of the election, and the code without its dash.
        const QStringList context = store::passphraseContext(testutil::demoElection());
        for (const char *weak : {"Lilas2026!", "primaire2026", "bureaudevote42", "75056004275056"})
            QVERIFY2(!store::checkPassphrase(QString::fromUtf8(weak), context).accepted, weak);
        // French words from Plume's lexicons (wfrench, given names), with or without accents,
        // and the officials of the election file.
        for (const char *weak : {"Bienvenue2026!", "Vacances2026", "Ecole Lilas 42",
                                 "École Lilas 42", "Leroy Marie 2026", "Girard2026!!"})
            QVERIFY2(!store::checkPassphrase(QString::fromUtf8(weak), context).accepted, weak);
        QVERIFY(store::checkPassphrase(QStringLiteral("Leroy Marie 2026"), context)
                    .reason.contains(QStringLiteral("membre du bureau")));
        // A word written again, a famous phrase or motto, a keyboard walk (a hostile review
        // created stations with each of these).
        for (const char *weak :
             {"azerty azerty azerty", "bonjour bonjour bonjour", "chat chat chat chat",
              "Soleil Soleil Soleil", "correct horse battery staple", "Liberte Egalite Fraternite",
              "Vive la France 2026", "1qaz2wsx3edc4rfv",
              // and from a second review: joined and reversed rows, other walks, counters
              "qsdfghjklmwxcvbn", "poiuytrezamlkjhgfdsq", "nbvcxwmlkjhgf", "2wsx3edc4rfv5tgb6yhn",
              "bonjour1bonjour2bonjour3", "soleil soleil2 soleil3 soleil4",
              "Allons enfants de la patrie, le jour de gloire"})
            QVERIFY2(!store::checkPassphrase(QString::fromUtf8(weak), context).accepted, weak);
        QVERIFY(store::checkPassphrase(QStringLiteral("chat chat chat chat"))
                    .reason.contains(QStringLiteral("répète un mot")));
        QVERIFY(store::checkPassphrase(QStringLiteral("correct horse battery staple"))
                    .reason.contains(QStringLiteral("phrase célèbre")));
        // Four words without a link between them still pass, as the advice says.
        for (const char *strong :
             {"girafe tambour velours orage", "zeste pivoine cadran mouette",
              "tortue girafe pamplemousse orage 17", "Brume-Falaise-Ortie-Cobalt"})
            QVERIFY2(store::checkPassphrase(QString::fromUtf8(strong), context).accepted, strong);
        QVERIFY(store::checkPassphrase(teststation::kPassphrase, context).accepted);
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 store::Store::create(path("weak.plume"), testutil::demoElection(),
                                                      QStringLiteral("password1")));
        QVERIFY(!QFile::exists(path("weak.plume")));
    }

    void withdrawnDecisionNeedsAnOfficialAgain()
    {
        auto s = testutil::newStation(path("withdraw.plume"));
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("votants"), QStringLiteral("800"));
        s->withdrawDecision(store::kPvSheetId, QStringLiteral("votants"),
                            QStringLiteral("Paul GIRARD"));
        QVERIFY(!s->latestDecision(store::kPvSheetId, QStringLiteral("votants")));
        const auto all = s->decisions(store::kPvSheetId);
        QCOMPARE(all.size(), 2);
        QVERIFY(all.last().source == store::DecisionSource::Withdrawn);
        QCOMPARE(all.last().previousValue, QStringLiteral("800"));
        QCOMPARE(s->auditLog().last().action, QStringLiteral("decision.withdrawn"));
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 s->withdrawDecision(store::kPvSheetId, QStringLiteral("votants"),
                                                     QStringLiteral("Paul GIRARD")));
        QVERIFY(s->check().ok);
    }

    void struckStrokesAreKeptAndAudited()
    {
        auto s = testutil::newStation(path("strike.plume"));
        ink::Stroke st;
        st.page = ink::PageAddress{3, 27, 603, 1};
        st.penId = QStringLiteral("t");
        st.startMs = 1'763'829'000'000;
        st.dots = {{10, 10, 300, st.startMs}, {11, 11, 300, st.startMs + 8}};
        const qint64 id = s->appendStroke(st, store::kPvSheetId);
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 s->strikeStroke(id, QStringLiteral("Marie"), QString()));
        s->strikeStroke(id, QStringLiteral("Marie"), QStringLiteral("trait parasite"));
        QCOMPARE(s->struckStrokeIds(store::kPvSheetId), QSet<qint64>{id});
        QCOMPARE(s->strokes(store::kPvSheetId).size(), 1);
        QVERIFY(s->strokes(store::kPvSheetId).first().struck);
        QCOMPARE(s->auditLog().last().action, QStringLiteral("stroke.struck"));
        QVERIFY(s->check().ok);
        const teststation::RawDb raw(s->path());
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM struck_strokes")));
        QVERIFY(!s->check().ok); // un-striking behind Plume's back is seen
    }

    // Ink edited behind Plume's back before the seal: the handwriting is the evidence, so
    // rewriting a stroke (to make the ink agree with a forged number), removing one or
    // slipping one in is named like a forged decision.
    void inkEditedBeforeTheSealIsFound()
    {
        const QString p = inkStation("ink-edit.plume");
        const auto attack = [&](const QString &sql) {
            const QString copy = path("ink-attacked.plume");
            QFile::remove(copy);
            QVERIFY(QFile::copy(p, copy));
            const teststation::RawDb raw(copy);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER IF EXISTS strokes_append_only")));
            QVERIFY2(raw.exec(sql), qPrintable(sql));
        };
        QVERIFY2(check(p).ok, qPrintable(check(p).message));
        attack(QStringLiteral("UPDATE strokes SET dots = zeroblob(12) WHERE id = 2"));
        QVERIFY2(check(path("ink-attacked.plume"))
                     .message.contains(QStringLiteral("Trait 2 : modifié hors de Plume")),
                 qPrintable(check(path("ink-attacked.plume")).message));
        {
            auto s = store::Store::open(path("ink-attacked.plume"));
            s->unlock(teststation::kPassphrase);
            testutil::fillPv(*s);
            sync::CloseRequest r;
            r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
            const auto result = sync::closePv(*s, r);
            QVERIFY(!result.sealed);
            QVERIFY2(result.error.contains(QStringLiteral("Trait 2")), qPrintable(result.error));
        }
        attack(QStringLiteral("UPDATE strokes SET sheet_id = NULL WHERE id = 1"));
        QVERIFY(!check(path("ink-attacked.plume")).ok);
        attack(QStringLiteral("DELETE FROM strokes WHERE id = 2"));
        QVERIFY(check(path("ink-attacked.plume"))
                    .message.contains(QStringLiteral("Trait 2 : supprimé hors de Plume")));
        attack(QStringLiteral("INSERT INTO strokes (sheet_id, page_address, pen_id, start_ms, "
                              "incomplete, dot_count, dots, received_at) SELECT sheet_id, "
                              "page_address, pen_id, start_ms, 0, dot_count, dots, received_at "
                              "FROM strokes WHERE id = 1"));
        QVERIFY(check(path("ink-attacked.plume"))
                    .message.contains(QStringLiteral("absent de la chaîne des traits")));
    }

    // The chain's own rows: a link rewritten breaks the chain; the tail (ink and links)
    // removed together no longer reaches the head an audit entry recorded.
    void inkChainRewrittenOrCutIsFound()
    {
        const QString p = inkStation("ink-chain.plume");
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER stroke_chain_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE stroke_chain SET sheet_id = 'contact-9' "
                                            "WHERE stroke_id = 1")));
        }
        QVERIFY(check(p).message.contains(QStringLiteral("Chaîne des traits rompue au trait 1")));
        const QString q = inkStation("ink-cut.plume");
        {
            const teststation::RawDb raw(q);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER stroke_chain_no_delete")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM stroke_chain WHERE stroke_id = 3")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM strokes WHERE id = 3")));
        }
        const auto r = check(q);
        QVERIFY2(r.message.contains(QStringLiteral("ancre l'encre jusqu'au trait 3")),
                 qPrintable(r.message));
        QVERIFY(r.message.contains(QStringLiteral("prévenez le siège")));
    }

    // A file of schema 3 (no ink chain) has its strokes chained when it is opened, and the
    // links are the ones a new file would have written.
    void olderFileHasItsInkChained()
    {
        const QString p = inkStation("ink-v3.plume");
        QStringList before;
        {
            const teststation::RawDb raw(p);
            before = chainOf(raw);
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE stroke_chain")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE reading_chain")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE drafts")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE schema_version SET version = 3")));
        }
        QCOMPARE(before.size(), 3);
        QVERIFY2(check(p).ok, qPrintable(check(p).message));
        const teststation::RawDb raw(p);
        QCOMPARE(chainOf(raw), before);
    }

    // A reading edited with sqlite3 before the official confirms it (312 read 412, its flag
    // cleared): one Enter would make the forgery an audited decision while the ink says
    // otherwise. Readings are chained like the ink: edited, inserted or deleted, found.
    void readingEditedInsertedOrDeletedIsFound()
    {
        const QString edited = readingStation("reading-edit.plume");
        {
            const teststation::RawDb raw(edited);
            QVERIFY(raw.exec(QStringLiteral("UPDATE readings SET value = '412', flagged = 0 "
                                            "WHERE field = 'voix.aubert'")));
        }
        auto r = check(edited);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("modifiée hors de Plume")),
                 qPrintable(r.message));
        QVERIFY2(r.message.contains(QStringLiteral("Lecture ")), qPrintable(r.message));
        const QString inserted = readingStation("reading-insert.plume");
        {
            const teststation::RawDb raw(inserted);
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO readings (sheet_id, field, value, confidence, flagged, model_version, "
                "created_at) VALUES ('pv', 'voix.dufour', '999', 1.0, 0, 'test', "
                "'2026-11-29T06:00:00.000Z')")));
        }
        r = check(inserted);
        QVERIFY2(!r.ok && r.message.contains(QStringLiteral("écrite hors de Plume")),
                 qPrintable(r.message));
        const QString deleted = readingStation("reading-delete.plume");
        {
            const teststation::RawDb raw(deleted);
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM readings WHERE field = 'voix.benali'")));
        }
        r = check(deleted);
        QVERIFY2(!r.ok && r.message.contains(QStringLiteral("supprimée hors de Plume")),
                 qPrintable(r.message));
        QVERIFY2(check(readingStation("reading-clean.plume")).ok, "a sound file");
    }

    // A contact reading put in clear with sqlite3 (an e-mail of the insider's, unflagged) is
    // no reading of Plume's, which seals contact values: the chain finds it like any other.
    void contactReadingInsertedInClearIsFound()
    {
        const QString p = path("contact-reading-clear.plume");
        QString sheet;
        {
            auto s = testutil::newStation(p);
            sheet = s->newSheet(QStringLiteral("contact"));
            addReading(*s, sheet, "nom", "DURAND");
            testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"),
                             QStringLiteral("1000"));
        }
        QVERIFY(check(p).ok);
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(
                QStringLiteral("INSERT INTO readings (sheet_id, field, value, confidence, "
                               "flagged, model_version, created_at) VALUES ('%1', 'email', "
                               "'insider@example.org', 1.0, 0, 'test', "
                               "'2026-11-29T06:00:00.000Z')")
                    .arg(sheet)));
        }
        const auto r = check(p);
        QVERIFY2(!r.ok && r.message.contains(QStringLiteral("écrite hors de Plume")),
                 qPrintable(r.message));
    }

    // The check names the row it found: a key chosen with sqlite3 (ESC [2K, a carriage
    // return, "ok", ESC [8m) must not erase the line and print "ok" on a terminal.
    void rowKeyWithTerminalEscapesIsPrintedSafely()
    {
        const QString p = path("escape-key.plume");
        testutil::newStation(p);
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO settings (key, value) VALUES (char(27) || '[2K' || char(13) || 'ok' "
                "|| char(27) || '[8m' || char(8238), x'00')")));
        }
        const auto r = check(p);
        QVERIFY(!r.ok);
        for (const QChar c : r.message)
            QVERIFY2(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format,
                     qPrintable(QString::number(c.unicode(), 16)));
        QVERIFY2(r.message.contains(QStringLiteral("\\u001B[2K\\u000Dok\\u001B[8m\\u202E")),
                 qPrintable(r.message));
        QVERIFY2(r.message.contains(QStringLiteral("écrite hors de Plume")), qPrintable(r.message));
    }

    // A file of schema 4 (no chain of readings) has its readings chained when it is opened.
    // A reading stored after the last audit entry, edited with sqlite3 and its chain link
    // recomputed (plain SHA-256, anyone can): nothing anchored it yet, and a hostile review
    // had an official confirm 412 where the ink says 312. Each link now carries the data
    // key's MAC, which the forger cannot make: found once the file is unlocked.
    void readingRechainedBeforeAnyAuditEntryIsFound()
    {
        const QString p = path("rechained.plume");
        {
            auto s = testutil::newStation(p);
            testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"),
                             QStringLiteral("1000"));
            addReading(*s, store::kPvSheetId, "voix.aubert", "312");
            QVERIFY(s->check().ok);
        }
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER reading_chain_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE readings SET value = '412', flagged = 0")));
            QSqlQuery row = raw.query();
            QVERIFY(row.exec(QStringLiteral("SELECT * FROM readings")) && row.next());
            const qint64 id = row.value(QStringLiteral("id")).toLongLong();
            const QString digest = store::sql::recordDigest(row);
            row.finish();
            QSqlQuery prev = raw.query();
            QVERIFY(prev.exec(QStringLiteral("SELECT chain FROM reading_chain WHERE reading_id < "
                                             "%1 ORDER BY reading_id DESC")
                                  .arg(id)));
            const QByteArray before =
                prev.next() ? prev.value(0).toString().toLatin1() : QByteArray(64, '0');
            prev.finish();
            QCryptographicHash h(QCryptographicHash::Sha256);
            h.addData(
                QByteArray(before + "\n" + QByteArray::number(id) + "\npv\n" + digest.toLatin1()));
            QVERIFY(raw.exec(QStringLiteral("UPDATE reading_chain SET digest = '%1', chain = '%2' "
                                            "WHERE reading_id = %3")
                                 .arg(digest, QString::fromLatin1(h.result().toHex()))
                                 .arg(id)));
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TRIGGER reading_chain_no_update BEFORE UPDATE ON reading_chain BEGIN "
                "SELECT RAISE(ABORT, 'reading_chain is append-only'); END")));
        }
        auto s = store::Store::open(p);
        const auto r = s->check();
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("n'a pas le sceau du bureau")),
                 qPrintable(r.message));
        // Nor does the next audited write anchor it (a second review: any `confirm` did, and
        // once anchored the link was never checked again): refused, nothing written.
        const qint64 entries = s->auditLog().size();
        QVERIFY_THROWS_EXCEPTION(store::StoreError, testutil::decide(*s, store::kPvSheetId,
                                                                     QStringLiteral("voix.aubert"),
                                                                     QStringLiteral("412")));
        QCOMPARE(s->auditLog().size(), entries);
        QVERIFY(!s->check().ok);
        // Without the passphrase the MACs cannot be checked: the chain itself holds.
        s->lock();
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    void olderFileHasItsReadingsChained()
    {
        const QString p = readingStation("readings-v4.plume");
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE reading_chain")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE drafts")));
            QVERIFY(raw.exec(QStringLiteral("ALTER TABLE stroke_chain DROP COLUMN mac")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE schema_version SET version = 4")));
        }
        QVERIFY2(check(p).ok, qPrintable(check(p).message));
        const teststation::RawDb raw(p);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading_chain")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }

    // Like stroke ids, reading ids are never handed out again once Plume deleted the newest
    // readings (consent "non" on the contact sheet read last): their links stay.
    void readingsAfterTheNewestAreErasedAreStored()
    {
        auto s = testutil::newStation(path("readings-erase-last.plume"));
        const QString contact = s->newSheet(QStringLiteral("contact"));
        addReading(*s, contact, "nom", "MARTIN");
        testutil::decide(*s, contact, QStringLiteral("consentement"), QStringLiteral("non"));
        QVERIFY(s->isErased(contact));
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
        try {
            addReading(*s, store::kPvSheetId, "inscrits", "1000");
        } catch (const store::StoreError &e) {
            QFAIL(qPrintable(QStringLiteral("PV reading refused: ") + e.message()));
        }
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1000"));
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    // Review of ca6e505: a purge leaves a link without its row for every reading of the
    // purged contact sheets, and db check asked the sheet's state again for each (three
    // times as long, inside the seal's write lock; measured by hand, not timed here). Now
    // asked once per sheet: the links of 300 purged sheets are still all accepted, and a
    // reading deleted on a sheet that was not purged is still found.
    void checkAfterAPurgeOfManySheets()
    {
        auto s = testutil::newStation(path("purged-readings.plume"));
        QStringList contacts;
        for (int i = 0; i < 300; ++i) {
            contacts << s->newSheet(QStringLiteral("contact"));
            s->transaction([&] {
                for (int k = 0; k < 10; ++k)
                    addReading(*s, contacts.last(), "nom", "MARTIN");
            });
        }
        const QString kept = contacts.takeLast();
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1000"));
        s->purgePersonalData(contacts, QStringLiteral("plumectl"), true);
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
        {
            const teststation::RawDb raw(s->path());
            QSqlQuery q = raw.query();
            q.prepare(QStringLiteral("DELETE FROM readings WHERE sheet_id = ?"));
            q.addBindValue(kept);
            QVERIFY(q.exec());
        }
        const store::CheckResult r = s->check();
        QVERIFY2(!r.ok && r.message.contains(QStringLiteral("supprimée hors de Plume")),
                 qPrintable(r.message));
    }

    // Review of b14fab1 (ink chain): strokes.id is an INTEGER PRIMARY KEY without
    // AUTOINCREMENT, so once the newest strokes are deleted by Plume (consent "non" on the
    // contact sheet written last, or a purge), SQLite hands their ids out again while
    // their links stay in stroke_chain: every later stroke fails on the link's primary key
    // (the StrokeWriter retries that batch forever), and no ink is stored any more.
    void inkAfterTheNewestContactInkIsErasedIsStillStored()
    {
        auto s = testutil::newStation(path("ink-erase-last.plume"));
        const auto stroke = [](int i, const ink::PageAddress &page) {
            ink::Stroke st;
            st.page = page;
            st.penId = QStringLiteral("t");
            st.startMs = 1'763'829'000'000 + i * 1000;
            st.dots = {{double(10 + i), 10, 300, st.startMs},
                       {double(11 + i), 12, 300, st.startMs + 8}};
            return st;
        };
        s->appendStroke(stroke(0, ink::PageAddress{3, 27, 603, 1}), store::kPvSheetId);
        const QString contact = s->newSheet(QStringLiteral("contact"));
        s->appendStroke(stroke(1, ink::PageAddress{3, 27, 604, 1}), contact);
        s->appendStroke(stroke(2, ink::PageAddress{3, 27, 604, 1}), contact);
        testutil::decide(*s, contact, QStringLiteral("consentement"), QStringLiteral("non"));
        QVERIFY(s->isErased(contact));
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
        qint64 id = 0;
        try {
            id = s->appendStroke(stroke(3, ink::PageAddress{3, 27, 603, 1}), store::kPvSheetId);
        } catch (const store::StoreError &e) {
            QFAIL(qPrintable(QStringLiteral("PV ink after an erased contact sheet refused: ") +
                             e.message()));
        }
        QVERIFY(id > 3);
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1000"));
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    // Review of b14fab1: the link's digest is taken from the row as read back after the
    // INSERT, and check() never looked at the schema. A trigger planted with sqlite3 (no
    // passphrase) rewrote every PV stroke Plume wrote from then on, before it was chained:
    // the forged ink was chained, anchored by the next decision and sealed; db check said ok.
    void plantedTriggerRewritingNewInkIsFound()
    {
        const QString p = inkStation("ink-trigger.plume");
        {
            const teststation::RawDb raw(p);
            // DELETE + INSERT: the append-only trigger (UPDATE only) needs no dropping.
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TRIGGER ink_cache AFTER INSERT ON strokes WHEN NEW.sheet_id = 'pv' BEGIN "
                "DELETE FROM strokes WHERE id = NEW.id; "
                "INSERT INTO strokes (id, sheet_id, page_address, pen_id, start_ms, incomplete, "
                "dot_count, dots, received_at) SELECT NEW.id, 'pv', NEW.page_address, "
                "NEW.pen_id, NEW.start_ms, 0, dot_count, dots, NEW.received_at FROM strokes "
                "WHERE id = 1; END")));
        }
        auto s = store::Store::open(p);
        ink::Stroke st;
        st.page = ink::PageAddress{3, 27, 603, 1};
        st.penId = QStringLiteral("t");
        st.startMs = 1'763'829'100'000;
        st.dots = {{50, 60, 300, st.startMs},
                   {51, 62, 300, st.startMs + 8},
                   {52, 64, 300, st.startMs + 16}};
        // Nothing forged is ever stored: the write reads back otherwise and is refused (the
        // window's writer keeps the ink and says why); the three strokes stay three.
        try {
            s->appendStroke(st, store::kPvSheetId);
            QFAIL("a stroke rewritten while it was written was stored");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("pas été enregistré tel quel")),
                     qPrintable(e.message()));
        }
        QCOMPARE(s->strokeCount(), 3);
        const auto r = s->check();
        QVERIFY2(!r.ok, "db check says ok on ink rewritten by a planted trigger");
        QVERIFY2(r.message.contains(QStringLiteral(
                     "Schéma modifié hors de Plume (ajout : déclencheur « ink_cache »)")),
                 qPrintable(r.message));
    }

    // The window checks its file while its writer thread stores ink (and the official
    // decides): every step of the check reads one snapshot, so ink and audit entries
    // written meanwhile are never half seen as "written outside Plume".
    void checkWhileInkIsWrittenSeesOneSnapshot()
    {
        const QString p = inkStation("ink-live.plume");
        auto s = store::Store::open(p);
        store::StrokeWriter writer(p);
        std::atomic<bool> stop = false;
        // Some 300 strokes a second, fifteen times a fast writer's pace.
        std::thread pen([&] {
            for (int i = 0; !stop; ++i) {
                ink::Stroke st;
                st.page = ink::PageAddress{3, 27, 603, 1};
                st.penId = QStringLiteral("t");
                st.startMs = 1'763'829'200'000 + i;
                st.dots = {{double(i % 50), 10, 300, st.startMs}, {20, 12, 300, st.startMs + 8}};
                writer.enqueue(st, store::kPvSheetId);
                std::this_thread::sleep_for(std::chrono::milliseconds(3));
            }
        });
        const auto joined = qScopeGuard([&] {
            stop = true;
            pen.join();
        });
        QString problem;
        for (int i = 0; i < 40 && problem.isEmpty(); ++i) {
            try {
                if (const auto r = s->check(); !r.ok)
                    problem = r.message;
                if (i % 10 == 0)
                    testutil::decide(*s, store::kPvSheetId, QStringLiteral("nuls"),
                                     QString::number(i));
            } catch (const store::StoreError &e) {
                problem = e.message();
            }
        }
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(s->strokeCount() > 3);
    }

    // A trigger dropped and nothing else edited: the schema says so.
    void droppedTriggerIsFound()
    {
        const QString p = inkStation("ink-notrigger.plume");
        QVERIFY(teststation::RawDb(p).exec(QStringLiteral("DROP TRIGGER strokes_append_only")));
        QVERIFY(check(p).message.contains(
            QStringLiteral("(suppression : déclencheur « strokes_append_only »)")));
    }

    // The schema is compared as SQLite keeps it, less what SQLite versions write
    // differently (quotes, spacing, case); a trigger weakened under its own name is found.
    void schemaComparedWithoutQuotesButWithContent()
    {
        const QString p = inkStation("schema-quotes.plume");
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA writable_schema = ON")));
            QVERIFY(raw.exec(QStringLiteral(
                "UPDATE sqlite_master SET sql = replace(sql, 'CREATE TABLE audit_log', "
                "'CREATE   TABLE \"audit_log\"') WHERE name = 'audit_log'")));
        }
        QVERIFY2(check(p).ok, qPrintable(check(p).message));
        {
            const teststation::RawDb raw(p);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER strokes_append_only")));
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TRIGGER strokes_append_only BEFORE UPDATE OF page_address ON strokes "
                "BEGIN SELECT RAISE(ABORT, 'strokes are append-only'); END")));
        }
        QVERIFY2(check(p).message.contains(
                     QStringLiteral("(changement : déclencheur « strokes_append_only »)")),
                 qPrintable(check(p).message));
    }

    // Review of b14fab1: recordDigest maps a BLOB to the JSON string "b64:<base64>", and a
    // TEXT value to itself, so the TEXT "b64:<base64 of the dots>" has the blob's digest.
    // Retyped with sqlite3, an anchored PV stroke keeps its link, db check says ok, and
    // Plume can no longer read the sheet's ink (« Le trait N est endommagé »).
    void inkRetypedFromBlobToTextIsFound()
    {
        const QString p = inkStation("ink-retype.plume");
        {
            const teststation::RawDb raw(p);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("SELECT dots FROM strokes WHERE id = 2")) && q.next());
            const QString text =
                QStringLiteral("b64:") + QString::fromLatin1(q.value(0).toByteArray().toBase64());
            q.finish();
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER strokes_append_only")));
            QSqlQuery u = raw.query();
            u.prepare(QStringLiteral("UPDATE strokes SET dots = CAST(? AS TEXT) WHERE id = 2"));
            u.addBindValue(text);
            QVERIFY2(u.exec(), qPrintable(u.lastError().text()));
        }
        auto s = store::Store::open(p);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s->strokes(store::kPvSheetId));
        const auto r = s->check();
        QVERIFY2(!r.ok, "db check says ok on a stroke whose dots were retyped to TEXT");
        QVERIFY2(r.message.contains(QStringLiteral("strokes, ligne 2 : la colonne dots")),
                 qPrintable(r.message));
    }

private:
    static QStringList chainOf(const teststation::RawDb &raw)
    {
        QSqlQuery q = raw.query();
        QStringList out;
        if (q.exec(QStringLiteral("SELECT chain FROM stroke_chain ORDER BY stroke_id")))
            while (q.next())
                out << q.value(0).toString();
        return out;
    }

    static void addReading(store::Store &s, const QString &sheet, const char *field,
                           const char *value)
    {
        store::Reading r;
        r.sheetId = sheet;
        r.field = QLatin1String(field);
        r.value = QLatin1String(value);
        r.confidence = 0.97;
        r.flagged = true;
        r.modelVersion = QStringLiteral("test");
        s.addReading(r);
    }

    // A station with two PV readings, then a decision: its audit entry anchors them.
    QString readingStation(const char *name)
    {
        const QString p = path(name);
        auto s = testutil::newStation(p);
        addReading(*s, store::kPvSheetId, "voix.aubert", "312");
        addReading(*s, store::kPvSheetId, "voix.benali", "270");
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1000"));
        return p;
    }

    // A station with three strokes on the PV, then a decision: its audit entry anchors them.
    QString inkStation(const char *name)
    {
        const QString p = path(name);
        auto s = testutil::newStation(p);
        for (int i = 0; i < 3; ++i) {
            ink::Stroke st;
            st.page = ink::PageAddress{3, 27, 603, 1};
            st.penId = QStringLiteral("t");
            st.startMs = 1'763'829'000'000 + i * 1000;
            st.dots = {{double(10 + i), 10, 300, st.startMs},
                       {double(11 + i), 12, 300, st.startMs + 8}};
            s->appendStroke(st, store::kPvSheetId);
        }
        testutil::decide(*s, store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1000"));
        return p;
    }
};

QTEST_GUILESS_MAIN(TestIntegrity)
#include "tst_integrity.moc"
