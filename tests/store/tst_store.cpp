// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Station store: schema, migrations, sheets, strokes, decisions, audit chain.
#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "store/store.h"
#include "store/strokewriter.h"
#include "teststation.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace plume;

class TestStore : public QObject
{
    Q_OBJECT

    store::ElectionConfig demo()
    {
        QString error;
        auto e = store::ElectionConfig::fromFile(
            QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
        if (!e)
            qFatal("demo election: %s", qPrintable(error));
        return *e;
    }
    ink::Stroke stroke(int n)
    {
        ink::Stroke s;
        s.page = ink::PageAddress{3, 27, 603, 1};
        s.penId = QStringLiteral("pen-%1").arg(n);
        s.startMs = 1733567400000 + n;
        for (int i = 0; i < 20; ++i)
            s.dots.append(ink::Dot{10.25 + i, 20.5 + n, float(400 + i), s.startMs + i * 12});
        return s;
    }

private slots:
    void createRefusesOverwrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            auto s = store::Store::create(path, demo(), teststation::kPassphrase);
        }
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 store::Store::create(path, demo(), teststation::kPassphrase));
        auto s = store::Store::open(path);
        QCOMPARE(s->schemaVersion(), store::Store::latestSchemaVersion());
        QCOMPARE(s->election().stationCode, QStringLiteral("75056-0042"));
        QCOMPARE(s->sheets().size(), 1);
        QCOMPARE(s->sheets().first().id, store::kPvSheetId);
    }

    // The wizard and `station init` took a dangling symbolic link as the new file's path: one
    // into no folder failed with SQLite's English "unable to open database file", one into a
    // folder created the file wherever the link pointed. Both refused, saying why; a missing
    // folder is said as such.
    void createRefusesLinksAndMissingFolders()
    {
        QTemporaryDir dir;
        const auto refusal = [this](const QString &path) {
            try {
                store::Store::create(path, demo(), teststation::kPassphrase);
            } catch (const store::StoreError &e) {
                return e.message();
            }
            return QString();
        };
        const QString intoNothing = dir.filePath(QStringLiteral("a.plume"));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere/x.plume")), intoNothing));
        QVERIFY2(refusal(intoNothing).contains(QStringLiteral("lien symbolique")),
                 qPrintable(refusal(intoNothing)));
        const QString target = dir.filePath(QStringLiteral("target.plume"));
        const QString intoFolder = dir.filePath(QStringLiteral("b.plume"));
        QVERIFY(QFile::link(target, intoFolder));
        QVERIFY(refusal(intoFolder).contains(QStringLiteral("lien symbolique")));
        QVERIFY(!QFileInfo::exists(target));
        const QString missing = dir.filePath(QStringLiteral("absent/c.plume"));
        QVERIFY2(refusal(missing).contains(QStringLiteral("n'existe pas")),
                 qPrintable(refusal(missing)));
        QVERIFY(refusal(dir.filePath(QStringLiteral("d.plume"))).isEmpty());
    }

    // The station file renamed over or deleted while a window had it open: every later
    // decision went to a file no longer on disk, and quitting said nothing (a review). The
    // next write is refused, saying where what was written is saved.
    void aReplacedOrDeletedFileTakesNoMoreWrites()
    {
        for (const bool deleted : {false, true}) {
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("a.plume"));
            auto s = teststation::copyOfTemplate(path, demo());
            s->appendStroke(stroke(1), store::kPvSheetId);
            if (deleted) {
                QVERIFY(QFile::remove(path));
            } else {
                teststation::copyOfTemplate(dir.filePath(QStringLiteral("b.plume")), demo());
                QVERIFY(
                    ::rename(QFile::encodeName(dir.filePath(QStringLiteral("b.plume"))).constData(),
                             QFile::encodeName(path).constData()) == 0);
            }
            try {
                s->appendStroke(stroke(2), store::kPvSheetId);
                QFAIL("a stroke was written to a file no longer at its path");
            } catch (const store::StoreError &e) {
                QVERIFY2(e.message().contains(deleted ? QStringLiteral("a été supprimé")
                                                      : QStringLiteral("a été remplacé")),
                         qPrintable(e.message()));
                const auto m = QRegularExpression(
                                   QStringLiteral("sauvé dans (\\S+a\\.secours-[0-9-]+\\.plume)"))
                                   .match(e.message());
                QVERIFY2(m.hasMatch(), qPrintable(e.message()));
                QCOMPARE(QFile::permissions(m.captured(1)) & QFileDevice::ReadOther,
                         QFileDevice::Permissions());
                auto rescued = store::Store::open(m.captured(1));
                QCOMPARE(rescued->strokes(store::kPvSheetId).size(), 1);
                // Later writes are refused the same way, with one rescue copy only.
                QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                         s->appendStroke(stroke(3), store::kPvSheetId));
                QCOMPARE(QDir(dir.path())
                             .entryList({QStringLiteral("a.secours-*.plume")}, QDir::Files)
                             .size(),
                         1);
            }
        }
    }

    void pragmas()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto s = store::Store::create(path, demo(), teststation::kPassphrase);
        const teststation::RawDb raw(s->path());
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        // The station file and its WAL are the owner's only (0600).
        const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        for (const QString &f : QStringList{path, path + QStringLiteral("-wal")}) {
            QVERIFY2(QFile::exists(f), qPrintable(f));
            QCOMPARE(QFile::permissions(f) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     owner);
        }
    }

    // A schema number lowered with sqlite3: the migration it asks for cannot run on the
    // content; said as a file changed outside Plume (it was SQLite's « duplicate column »).
    void lowerSchemaNumberIsSaidAsTampering()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            teststation::copyOfTemplate(path, demo()).reset();
            const teststation::RawDb raw(path);
            QVERIFY(raw.query().exec(QStringLiteral("UPDATE schema_version SET version = 6")));
        }
        try {
            store::Store::open(path);
            QFAIL("a schema number that does not match the content must be refused");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("modifié hors de Plume")),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("(6)")), qPrintable(e.message()));
        }
        const teststation::RawDb raw(path);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 6); // nothing changed
    }

    void refusesNewerSchemaWithoutTouchingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            teststation::copyOfTemplate(path, demo()).reset();
            const teststation::RawDb raw(path);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 99")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        try {
            store::Store::open(path);
            QFAIL("a newer schema must be refused");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("plus récente")), qPrintable(e.message()));
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void refusesForeignFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("not-a-db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not sqlite at all, just text that must not be damaged\n");
        f.close();
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::Store::open(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("this is not sqlite"));
    }

    // An offline delivery file (same .plume extension) is named for what it is, untouched.
    void refusesOfflineDeliveryFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("remise.plume"));
        const QByteArray offline =
            R"({"count":1,"created_at":"2026-11-29T00:00:00Z",)"
            R"("format":"plume.offline/1","recipient":"AA==","sealed":"AA=="})"
            "\n";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(offline);
        f.close();
        try {
            store::Store::open(path);
            QFAIL("an offline delivery file was opened as a station");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("plume-hq import")),
                     qPrintable(e.message()));
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), offline);
    }

    // An empty file (a station file emptied, or a typo) is not turned into a blank station
    // that db check would call sound: refused, and left empty.
    void refusesEmptyFileWithoutTouchingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("vide.plume"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        try {
            store::Store::open(path);
            QFAIL("an empty file was opened as a station");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("est vide")), qPrintable(e.message()));
        }
        QCOMPARE(QFileInfo(path).size(), 0);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::Store::openToRead(path));
        QCOMPARE(QFileInfo(path).size(), 0);
    }

    // The copy a reader makes (db check, db info, verify) holds the file's encrypted contacts:
    // in the runtime folder, named by the reader's pid; one left by a killed reader goes.
    void readersCopyInTheRuntimeFolderAndKilledOnesAreCleared()
    {
        QTemporaryDir dir, runtime;
        const QString path = dir.filePath(QStringLiteral("copie.plume"));
        store::Store::create(path, demo(), teststation::kPassphrase).reset();
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished());
        const QString stale = runtime.filePath(QStringLiteral("plume-read-%1-AbCdEf").arg(deadPid));
        QVERIFY(QDir().mkpath(stale));
        const QString live = runtime.filePath(QStringLiteral("plume-read-1-AbCdEf")); // init
        QVERIFY(QDir().mkpath(live));
        const QByteArray before = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", runtime.path().toLocal8Bit());
        auto s = store::Store::openToRead(path);
        qputenv("XDG_RUNTIME_DIR", before);
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(live)); // its process still runs
        const QStringList copies =
            QDir(runtime.path())
                .entryList(
                    {QStringLiteral("plume-read-%1-*").arg(QCoreApplication::applicationPid())},
                    QDir::Dirs);
        QCOMPARE(copies.size(), 1);
        s.reset();
        QVERIFY(QDir(runtime.path())
                    .entryList(
                        {QStringLiteral("plume-read-%1-*").arg(QCoreApplication::applicationPid())},
                        QDir::Dirs)
                    .isEmpty());
    }

    // Reading an older file (db check, db info) migrates a copy, never the file, which may be
    // evidence; opening it to work migrates it in place.
    void openToReadLeavesAnOlderFileAsItIs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v3.plume"));
        {
            teststation::copyOfTemplate(path, demo()).reset();
            const teststation::RawDb raw(path);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("DROP TABLE stroke_chain")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE reading_chain")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE drafts")));
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 3")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        const auto bytes = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = bytes();
        int older = -1;
        {
            auto s = store::Store::openToRead(path, &older);
            QCOMPARE(older, 3);
            QCOMPARE(s->schemaVersion(), store::Store::latestSchemaVersion());
            QVERIFY2(s->check().ok, qPrintable(s->check().message));
            QVERIFY(s->path() != path);
        }
        QCOMPARE(bytes(), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) ||
                QFileInfo(path + QStringLiteral("-wal")).size() == 0);
        store::Store::open(path).reset();
        const teststation::RawDb raw(path);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), store::Store::latestSchemaVersion());
        // A current file is read through a copy too: closing a connection on the file itself
        // would checkpoint its WAL into it.
        const teststation::RawDb live(path); // a writer's WAL holds the last write
        QVERIFY(live.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")));
        QVERIFY(live.exec(QStringLiteral("UPDATE sheets SET page_address = page_address")));
        const QByteArray current = bytes();
        auto s = store::Store::openToRead(path, &older);
        QCOMPARE(older, 0);
        QVERIFY(s->path() != path);
        QCOMPARE(s->election().stationCode, demo().stationCode);
        s.reset();
        QCOMPARE(bytes(), current);
    }

    // An older file left with a hot rollback journal (a write cut short, sqlite3 in its
    // default journal mode): the read-only look at its version cannot roll it back. It is
    // read through a copy all the same, never migrated in place.
    void openToReadLeavesAnOlderFileWithAHotJournalAsItIs()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("source.plume"));
        const QString path = dir.filePath(QStringLiteral("v4.plume"));
        {
            teststation::copyOfTemplate(source, demo()).reset();
            const teststation::RawDb raw(source);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE reading_chain")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE drafts")));
            QVERIFY(raw.exec(QStringLiteral("ALTER TABLE stroke_chain DROP COLUMN mac")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE schema_version SET version = 4")));
            // A write cut short: the file and its journal as they are mid-transaction.
            QVERIFY(raw.exec(QStringLiteral("PRAGMA cache_size = 1")));
            QVERIFY(raw.exec(QStringLiteral("BEGIN")));
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE pad (x BLOB)")));
            QVERIFY(raw.exec(QStringLiteral(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
                "INSERT INTO pad SELECT randomblob(4000) FROM n")));
            QVERIFY(QFile::copy(source, path));
            QVERIFY(QFile::copy(source + QStringLiteral("-journal"),
                                path + QStringLiteral("-journal")));
            QVERIFY(raw.exec(QStringLiteral("ROLLBACK")));
        }
        const auto bytes = [&](const QString &f) {
            QFile file(f);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const QByteArray before = bytes(path);
        const QByteArray journal = bytes(path + QStringLiteral("-journal"));
        QVERIFY(!journal.isEmpty() && journal.at(0) != 0);
        int older = -1;
        {
            auto s = store::Store::openToRead(path, &older);
            QCOMPARE(older, 4);
            QVERIFY(s->path() != path);
            QVERIFY2(s->check().ok, qPrintable(s->check().message));
        }
        QCOMPARE(bytes(path), before);
        QCOMPARE(bytes(path + QStringLiteral("-journal")), journal);
    }

    void migrationIsTransactional()
    {
        // A file at version 0 (empty) is migrated to the latest version in one go.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            auto s = teststation::copyOfTemplate(path, demo());
        }
        auto s = store::Store::open(path);
        const teststation::RawDb raw(path);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void strokesRoundTripAndAppendOnly()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        const ink::Stroke in = stroke(7);
        const qint64 id = s->appendStroke(in, store::kPvSheetId);
        const auto out = s->strokes(store::kPvSheetId);
        QCOMPARE(out.size(), 1);
        QCOMPARE(out[0].id, id);
        QCOMPARE(out[0].stroke.page, in.page);
        QCOMPARE(out[0].stroke.penId, in.penId);
        QCOMPARE(out[0].stroke.dots.size(), in.dots.size());
        for (int i = 0; i < in.dots.size(); ++i) {
            QVERIFY(qAbs(out[0].stroke.dots[i].x - in.dots[i].x) < 1e-3);
            QCOMPARE(out[0].stroke.dots[i].t, in.dots[i].t);
            QCOMPARE(out[0].stroke.dots[i].force, in.dots[i].force);
        }
        QCOMPARE(s->strokesForPage(in.page).size(), 1);
        const teststation::RawDb raw(s->path());
        QSqlQuery q = raw.query();
        QVERIFY(!q.exec(QStringLiteral("UPDATE strokes SET dots = x'00'")));
    }

    void decisionsAreAudited()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        store::Reading r;
        r.sheetId = store::kPvSheetId;
        r.field = QStringLiteral("votants");
        r.value = QStringLiteral("812");
        r.confidence = 0.42;
        r.flagged = true;
        r.modelVersion = QStringLiteral("test");
        const qint64 rid = s->addReading(r);
        store::Decision d;
        d.sheetId = store::kPvSheetId;
        d.field = QStringLiteral("votants");
        d.value = QStringLiteral("872");
        d.previousValue = QStringLiteral("812");
        d.official = QStringLiteral("Marie LEROY");
        d.source = store::DecisionSource::Corrected;
        d.readingId = rid;
        s->decide(d);
        const auto latest = s->latestDecision(store::kPvSheetId, QStringLiteral("votants"));
        QVERIFY(latest);
        QCOMPARE(latest->value, QStringLiteral("872"));
        QVERIFY(latest->source == store::DecisionSource::Corrected);
        const auto log = s->auditLog();
        QVERIFY(log.size() >= 2);
        QCOMPARE(log.last().action, QStringLiteral("decision.corrected"));
        QCOMPARE(log.last().detail.value(QStringLiteral("old")).toString(), QStringLiteral("812"));
        QCOMPARE(log.last().detail.value(QStringLiteral("new")).toString(), QStringLiteral("872"));
        QCOMPARE(log.last().actor, QStringLiteral("Marie LEROY"));
        QVERIFY(s->check().ok);

        // Field state seen by the official.
        QString error;
        auto form = forms::loadForm(QStringLiteral("pv"), s->election(), &error);
        QVERIFY2(form, qPrintable(error));
        const auto statuses = forms::fieldStatuses(*s, *form, store::kPvSheetId);
        auto it = std::find_if(statuses.begin(), statuses.end(), [](const forms::FieldStatus &f) {
            return f.field == QLatin1String("votants");
        });
        QVERIFY(it != statuses.end());
        QVERIFY(it->state == forms::FieldState::Corrected);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, [&] {
            store::Decision bad = d;
            bad.official.clear();
            s->decide(bad);
        }());
    }

    // Garbage written over pages of the file: SQLite's integrity_check says each problem on
    // a line of its own. The check said them joined by raw line feeds, which the window showed
    // escaped ("\u000A") in one unreadable line. Now counted, in a sentence, each apart.
    void damagedPagesAreSaidReadably()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            auto s = teststation::copyOfTemplate(path, demo());
            for (int i = 0; i < 200; ++i)
                s->appendAudit(QStringLiteral("test"), QStringLiteral("x"),
                               QString(300, QLatin1Char('x')), {});
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 12 * 4096);
        QVERIFY(f.seek(8 * 4096));
        QVERIFY(f.write(QByteArray(3 * 4096, '\x5a')) == 3 * 4096);
        f.close();
        const auto r = store::Store::open(path)->check();
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("problème")), qPrintable(r.message));
        QVERIFY2(!r.message.contains(QStringLiteral("\\u000A")), qPrintable(r.message));
        QVERIFY2(!r.message.contains(QStringLiteral("***")), qPrintable(r.message));
    }

    void auditTamperIsDetected()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            auto s = teststation::copyOfTemplate(path, demo());
            for (int i = 0; i < 5; ++i)
                s->appendAudit(QStringLiteral("test"), QStringLiteral("x"), QString::number(i), {});
            QVERIFY(s->verifyAuditChain().ok);
            const teststation::RawDb raw(path);
            QSqlQuery q = raw.query();
            // Triggers forbid it; a forger would drop them first.
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")));
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_no_update")));
            QVERIFY(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")));
        }
        auto s = store::Store::open(path);
        const auto r = s->check();
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("ligne d'audit 3")), qPrintable(r.message));
    }

    void sheets()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        QCOMPARE(s->newSheet(QStringLiteral("contact")), QStringLiteral("contact-1"));
        const ink::PageAddress page{3, 27, 604, 2};
        QCOMPARE(s->newSheet(QStringLiteral("contact"), page), QStringLiteral("contact-2"));
        QCOMPARE(s->sheetForPage(page)->id, QStringLiteral("contact-2"));
        try { // said in words (it was SQLite's « UNIQUE constraint failed »)
            s->newSheet(QStringLiteral("contact"), page);
            QFAIL("a second sheet on one page");
        } catch (const store::StoreError &e) {
            QVERIFY2(e.message().contains(
                         QStringLiteral("La page 3.27.604.2 porte déjà la feuille « contact-2 »")),
                     qPrintable(e.message()));
        }
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s->newSheet(QStringLiteral("pv")));
        QCOMPARE(s->sheets().size(), 3);
    }

    // The statements run for every stroke are prepared once per connection (Store::cached):
    // a sheet sealed, or a setting changed, by another connection (the sync thread, plumectl)
    // is read at once, and a kept statement holds no read lock that stops the other writing.
    void cachedStatementsSeeOtherConnections()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto a = teststation::copyOfTemplate(path, demo());
        const QString id = a->newSheet(QStringLiteral("contact"));
        QVERIFY(!a->sheetState(QStringLiteral("contact-404")));
        QVERIFY(a->sheetState(id) == store::SheetState::Open);
        QVERIFY(!a->setting(QStringLiteral("k")));
        auto b = store::Store::open(path);
        b->unlock(teststation::kPassphrase);
        b->setSheetState(id, store::SheetState::Sealed, QStringLiteral("Marie LEROY"));
        b->setSetting(QStringLiteral("k"), "v");
        QVERIFY(a->sheetState(id) == store::SheetState::Sealed);
        QCOMPARE(*a->setting(QStringLiteral("k")), QByteArray("v"));
        a->appendStroke(stroke(1), store::kPvSheetId);
        QCOMPARE(b->strokeCount(), qint64(1));
        b->appendStroke(stroke(2), store::kPvSheetId);
        a->appendStroke(stroke(3), store::kPvSheetId); // both chains' heads read afresh
        QVERIFY2(a->check().ok, qPrintable(a->check().message));
        a.reset(); // its statements go before its connection
        QCOMPARE(b->strokeCount(), qint64(3));
    }

    // A file another connection keeps writing past the busy timeout (5 s): the refusal says
    // so in words, nothing is written, and the next try after it is done succeeds.
    void aFileKeptBusyIsSaidInWords()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto s = teststation::copyOfTemplate(path, demo());
        const qint64 before = s->strokeCount();
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("w"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE")));
            try {
                s->appendStroke(stroke(1), store::kPvSheetId);
                QFAIL("a stroke was written while another program held the file");
            } catch (const store::StoreError &e) {
                QVERIFY2(e.message().contains(QStringLiteral("un autre programme")),
                         qPrintable(e.message()));
                QVERIFY2(e.message().contains(QStringLiteral("Recommencez")),
                         qPrintable(e.message()));
            }
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("ROLLBACK")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("w"));
        QCOMPARE(s->strokeCount(), before);
        s->appendStroke(stroke(1), store::kPvSheetId);
        QCOMPARE(s->strokeCount(), before + 1);
    }

    void strokeWriterIsDurable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        {
            auto s = teststation::copyOfTemplate(path, demo());
        }
        {
            store::StrokeWriter writer(path);
            for (int i = 0; i < 300; ++i)
                writer.enqueue(stroke(i), store::kPvSheetId);
            QVERIFY(writer.flush(10000));
            QCOMPARE(writer.committedSeq(), quint64(300));
        }
        auto s = store::Store::open(path);
        QCOMPARE(s->strokeCount(), qint64(300));
        QVERIFY(s->check().ok);
    }

    // Consent "non" erases the sheet in the core: a sheet state, audited in the same
    // transaction; no more decisions, not even the consent again; nothing to withdraw.
    void consentNonErasesTheSheet()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        const ink::PageAddress page{3, 27, 604, 1};
        const QString id = s->newSheet(QStringLiteral("contact"), page);
        ink::Stroke ink = stroke(1);
        ink.page = page;
        s->appendStroke(ink, id);
        const auto decide = [&](const QString &field, const QString &value) {
            store::Decision d;
            d.sheetId = id;
            d.field = field;
            d.value = value;
            d.official = QStringLiteral("Marie");
            return s->decide(d);
        };
        decide(QStringLiteral("nom"), QStringLiteral("DURAND"));
        QVERIFY(!s->isErased(id));
        decide(QStringLiteral("consentement"), QStringLiteral("non"));
        QVERIFY(s->sheet(id)->state == store::SheetState::Erased);
        QVERIFY(s->isErased(id));
        QCOMPARE(store::toString(store::SheetState::Erased), QStringLiteral("erased"));
        QCOMPARE(s->strokes(id).size(), 0);
        QVERIFY(!s->latestDecision(id, QStringLiteral("nom")));
        const auto log = s->auditLog();
        QCOMPARE(log.last().action, QStringLiteral("sheet.state"));
        QCOMPARE(log.last().detail.value(QStringLiteral("state")).toString(),
                 QStringLiteral("erased"));
        QCOMPARE(log[log.size() - 2].action, QStringLiteral("contacts.purged"));
        for (const char *field : {"nom", "consentement"})
            QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                     decide(QString::fromLatin1(field), QStringLiteral("oui")));
        QVERIFY_THROWS_EXCEPTION(
            store::StoreError,
            s->withdrawDecision(id, QStringLiteral("consentement"), QStringLiteral("Marie")));
        QCOMPARE(s->latestDecision(id, QStringLiteral("consentement"))->value,
                 QStringLiteral("non"));
        const auto check = s->check();
        QVERIFY2(check.ok, qPrintable(check.message));
    }

    // Drafts (docs/store.md, "Drafts"): a correction typed and not confirmed survives a crash,
    // replaced by the next one typed, and is never a decision.
    void draftsRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto s = teststation::copyOfTemplate(path, demo());
        const QString id = s->newSheet(QStringLiteral("contact"));
        const QString pv = store::kPvSheetId;
        s->saveDraft(
            {id, QStringLiteral("nom"), QStringLiteral("DURAN"), QStringLiteral("b1"), {}});
        s->saveDraft(
            {pv, QStringLiteral("inscrits"), QStringLiteral("812"), QStringLiteral("b2"), {}});
        s->saveDraft(
            {id, QStringLiteral("nom"), QStringLiteral("DURAND"), QStringLiteral("b3"), {}});
        QCOMPARE(s->drafts().size(), 2);
        const auto mine = s->drafts(id);
        QCOMPARE(mine.size(), 1);
        QCOMPARE(mine.first().field, QStringLiteral("nom"));
        QCOMPARE(mine.first().text, QStringLiteral("DURAND"));
        QCOMPARE(mine.first().basis, QStringLiteral("b3"));
        QVERIFY(mine.first().updatedAt.isValid());
        QCOMPARE(s->sheetsWithDrafts(), (QSet<QString>{id, pv}));
        QVERIFY(s->decisions(id).isEmpty());
        QVERIFY(!s->latestDecision(pv, QStringLiteral("inscrits")));
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
        s.reset(); // as after a crash: a new process opens the file
        s = store::Store::open(path);
        QCOMPARE(s->drafts(pv).first().text, QStringLiteral("812"));
        s->dropDraft(pv, QStringLiteral("inscrits"));
        QCOMPARE(s->sheetsWithDrafts(), QSet<QString>{id});
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    // What is typed on a contact sheet is personal: never in clear in the file.
    void contactDraftsAreEncryptedAtRest()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto s = teststation::copyOfTemplate(path, demo());
        const QString id = s->newSheet(QStringLiteral("contact"));
        const QString typed = QStringLiteral("ZORGLUBINETTE");
        s->saveDraft({id, QStringLiteral("nom"), typed, QStringLiteral("b"), {}});
        QCOMPARE(s->drafts(id).first().text, typed);
        s.reset();
        QByteArray bytes;
        for (const QString &f : QStringList{path, path + QStringLiteral("-wal")}) {
            QFile file(f);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(typed.toUtf8()));
        const teststation::RawDb raw(path);
        QSqlQuery q = raw.query();
        QVERIFY(q.exec(QStringLiteral("SELECT text FROM drafts")) && q.next());
        QVERIFY(q.value(0).toString().startsWith(QStringLiteral("plume-enc1:")));
    }

    // Plume writes every draft sealed with the station's key: one put there in clear with
    // sqlite3 (or with the prefix and no sealed bytes) is no typing of an official, and
    // must not come back in the editor as theirs, one Enter from a decision.
    void draftInClearIsUnreadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.plume"));
        auto s = teststation::copyOfTemplate(path, demo());
        const QString id = s->newSheet(QStringLiteral("contact"));
        {
            const teststation::RawDb raw(path);
            QVERIFY(
                raw.exec(QStringLiteral(
                             "INSERT INTO drafts (sheet_id, field, text, basis, updated_at) VALUES "
                             "('pv', 'votants', '999', '', '2026-01-01T00:00:00Z'), "
                             "('%1', 'email', 'insider@example.org', '', '2026-01-01T00:00:00Z'), "
                             "('%1', 'nom', 'plume-enc1:AAAA', '', '2026-01-01T00:00:00Z')")
                             .arg(id)));
        }
        const auto drafts = s->drafts();
        QCOMPARE(drafts.size(), 3);
        for (const store::Draft &d : drafts) {
            QVERIFY2(!d.readable, qPrintable(d.field));
            QVERIFY(d.text.isEmpty());
        }
    }

    // Enter never leaves a stale draft; Ctrl+Z (a withdrawal) keeps the one being typed.
    void draftDroppedByTheDecisionOfItsField()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        const QString pv = store::kPvSheetId;
        const auto decide = [&](const QString &field, const QString &value) {
            store::Decision d;
            d.sheetId = pv;
            d.field = field;
            d.value = value;
            d.official = QStringLiteral("Marie");
            return s->decide(d);
        };
        s->saveDraft({pv, QStringLiteral("inscrits"), QStringLiteral("812"), {}, {}});
        decide(QStringLiteral("votants"), QStringLiteral("800"));
        QCOMPARE(s->drafts(pv).size(), 1);
        decide(QStringLiteral("inscrits"), QStringLiteral("812"));
        QVERIFY(s->drafts(pv).isEmpty());
        s->saveDraft({pv, QStringLiteral("inscrits"), QStringLiteral("813"), {}, {}});
        s->withdrawDecision(pv, QStringLiteral("inscrits"), QStringLiteral("Marie"));
        QCOMPARE(s->drafts(pv).size(), 1);
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    // A purged (delivered) or erased contact sheet keeps nothing typed on it.
    void draftsPurgedWithTheirSheet()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        const QString id = s->newSheet(QStringLiteral("contact"));
        const QString other = s->newSheet(QStringLiteral("contact"));
        s->saveDraft({id, QStringLiteral("nom"), QStringLiteral("DURAND"), {}, {}});
        s->saveDraft({id, QStringLiteral("consentement"), QStringLiteral("oui"), {}, {}});
        s->saveDraft({other, QStringLiteral("nom"), QStringLiteral("MARTIN"), {}, {}});
        s->purgePersonalData({id}, QStringLiteral("Marie"), true);
        QVERIFY(s->drafts(id).isEmpty());
        QCOMPARE(s->sheetsWithDrafts(), QSet<QString>{other});
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    // A file of schema 5 (before drafts) gets its table, and keeps working.
    void draftsMigrationFromSchema5()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v5.plume"));
        teststation::copyOfTemplate(path, demo()).reset();
        {
            const teststation::RawDb raw(path);
            QSqlQuery q = raw.query();
            QVERIFY(q.exec(QStringLiteral("DROP TABLE drafts")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE stroke_chain DROP COLUMN mac")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE reading_chain DROP COLUMN mac")));
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 5")));
        }
        auto s = store::Store::open(path);
        QCOMPARE(s->schemaVersion(), store::Store::latestSchemaVersion());
        QVERIFY(s->drafts().isEmpty());
        s->saveDraft({store::kPvSheetId, QStringLiteral("inscrits"), QStringLiteral("1"), {}, {}});
        QCOMPARE(s->drafts().size(), 1);
        QVERIFY2(s->check().ok, qPrintable(s->check().message));
    }

    void settings()
    {
        QTemporaryDir dir;
        auto s = teststation::copyOfTemplate(dir.filePath(QStringLiteral("s.plume")), demo());
        QVERIFY(!s->setting(QStringLiteral("k")));
        s->setSetting(QStringLiteral("k"), QByteArray("\x00\x01v", 3));
        QCOMPARE(*s->setting(QStringLiteral("k")), QByteArray("\x00\x01v", 3));
        s->setSetting(QStringLiteral("k"), "w");
        QCOMPARE(*s->setting(QStringLiteral("k")), QByteArray("w"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
