// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq on PostgreSQL: the checks of tst_hqapi against a throwaway PostgreSQL 15 started
// in a temporary folder (initdb + postgres, Unix socket in that folder only, no TCP):
// migrations (and an idempotent re-open), enrolment, 201 + receipt, duplicate 200 with the
// same bytes, conflicts 409, group commit with a version chain, results totals, contacts
// never in results; then PostgreSQL is restarted under a running plume-hq: 503 while it is
// down, stored again without anyone restarting plume-hq.
// Skipped when the PostgreSQL server binaries or the QPSQL driver are missing.
#include "hq/hqdb.h"
#include "hq/hqserver.h"
#include "hqtestutil.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <thread>
#include <unistd.h>

using namespace plume;
using hqtest::Reply;

namespace {

QString pgBinDir()
{
    const QString env = qEnvironmentVariable("PLUME_PG_BINDIR");
    return env.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : env;
}

} // namespace

class TestHqPostgres : public QObject
{
    Q_OBJECT
public:
    ~TestHqPostgres() override { stopServer(); }

private slots:
    void initTestCase();
    void migrationsAndReopen();
    void serverLogKeepsNoValues();
    void enrolment();
    void storeThenDuplicateThenConflict();
    void versionConflict();
    void groupCommitBatch();
    void checkSubmissionDirect();
    void resultsTotalsWithoutContacts();
    void revokeWaitsForTheBatchBeingStored();
    void eraseContactReSealsTheRest();
    void reconnectsAfterRestart();
    void cleanupTestCase();

private:
    // Runs `program` as the PostgreSQL user (the unprivileged account when we are root).
    void prepare(QProcess &p, bool dieWithUs) const;
    bool runTool(const QString &tool, const QStringList &args, QString *output) const;
    bool startServer(QString *why);
    bool startPostgres(QString *why);
    QSqlDatabase adminConnection(const QString &name) const;
    void stopServer();
    QString logTail() const;
    Reply post(const QByteArray &body) { return hqtest::post(m_nam, m_port, body); }
    Reply get(const QString &path, const QByteArray &token = {})
    {
        return hqtest::get(m_nam, m_port, path, token);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_socketDir, m_dataDir, m_url;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    bool m_switchUser = false;
    std::unique_ptr<QProcess> m_postgres;
    hqtest::HqFixture m_hq;
    std::unique_ptr<hq::HqServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    sync::KeyPair m_keys, m_other, m_s3;
};

void TestHqPostgres::prepare(QProcess &p, bool dieWithUs) const
{
    p.setWorkingDirectory(m_dir->path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.insert(QStringLiteral("HOME"), m_dir->path());
    p.setProcessEnvironment(env);
    const bool switchUser = m_switchUser;
    const uid_t uid = m_uid;
    const gid_t gid = m_gid;
    // Runs in the child between fork and exec: system calls only. The server process itself
    // (not a wrapper like runuser) gets our pid, and it dies with this test if we crash.
    p.setChildProcessModifier([switchUser, uid, gid, dieWithUs] {
        if (switchUser && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
            _exit(126);
        if (dieWithUs)
            prctl(PR_SET_PDEATHSIG, SIGQUIT);
    });
}

bool TestHqPostgres::runTool(const QString &tool, const QStringList &args, QString *output) const
{
    QProcess p;
    prepare(p, true);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(pgBinDir() + QLatin1Char('/') + tool, args);
    const bool ok =
        p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *output = QString::fromLocal8Bit(p.readAll());
    return ok;
}

QString TestHqPostgres::logTail() const
{
    QFile f(m_dir->filePath(QStringLiteral("postgres.log")));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QByteArray all = f.readAll();
    return QString::fromLocal8Bit(all.right(2000));
}

bool TestHqPostgres::startServer(QString *why)
{
    QString output;
    if (!runTool(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"), QStringLiteral("plume"),
                  QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
                 &output)) {
        *why = QStringLiteral("initdb failed: ") + output;
        return false;
    }
    if (!startPostgres(why))
        return false;
    // A fresh database for plume-hq.
    const QString name = QStringLiteral("tst_hqpostgres_admin");
    bool ok = false;
    {
        QSqlDatabase admin = adminConnection(name);
        QSqlQuery q(admin);
        ok = admin.open() && q.exec(QStringLiteral("CREATE DATABASE hq"));
        if (!ok)
            *why = QStringLiteral("CREATE DATABASE failed: ") + q.lastError().text();
        admin.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// A connection (not opened) to the server's "postgres" database.
QSqlDatabase TestHqPostgres::adminConnection(const QString &name) const
{
    QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    admin.setHostName(m_socketDir);
    admin.setPort(5432);
    admin.setUserName(QStringLiteral("plume"));
    admin.setDatabaseName(QStringLiteral("postgres"));
    return admin;
}

// Starts the server on the existing data folder; true once it accepts connections.
bool TestHqPostgres::startPostgres(QString *why)
{
    m_postgres = std::make_unique<QProcess>();
    prepare(*m_postgres, true);
    m_postgres->setStandardOutputFile(m_dir->filePath(QStringLiteral("postgres.log")));
    m_postgres->setStandardErrorFile(m_dir->filePath(QStringLiteral("postgres.log")),
                                     QIODevice::Append);
    // Unix socket in the temporary folder only: no TCP listener at all.
    m_postgres->start(pgBinDir() + QStringLiteral("/postgres"),
                      {QStringLiteral("-D"), m_dataDir, QStringLiteral("-k"), m_socketDir,
                       QStringLiteral("-p"), QStringLiteral("5432"), QStringLiteral("-c"),
                       QStringLiteral("listen_addresses="), QStringLiteral("-c"),
                       QStringLiteral("fsync=off"), QStringLiteral("-c"),
                       QStringLiteral("full_page_writes=off"), QStringLiteral("-c"),
                       QStringLiteral("unix_socket_permissions=0700")});
    if (!m_postgres->waitForStarted(10000)) {
        *why = QStringLiteral("cannot start postgres: ") + m_postgres->errorString();
        return false;
    }
    // Ready when a connection succeeds.
    const QString name = QStringLiteral("tst_hqpostgres_probe");
    bool ready = false;
    {
        QSqlDatabase admin = adminConnection(name);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000 && m_postgres->state() == QProcess::Running && !ready) {
            ready = admin.open();
            if (!ready)
                QThread::msleep(100);
        }
        if (!ready)
            *why = QStringLiteral("postgres did not accept connections: ") +
                   admin.lastError().text() + QLatin1Char('\n') + logTail();
        admin.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ready;
}

void TestHqPostgres::stopServer()
{
    if (!m_postgres)
        return;
    if (m_postgres->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_postgres->processId()), SIGINT); // fast shutdown
        if (!m_postgres->waitForFinished(15000)) {
            ::kill(pid_t(m_postgres->processId()), SIGQUIT); // immediate shutdown
            if (!m_postgres->waitForFinished(5000)) {
                m_postgres->kill();
                m_postgres->waitForFinished(5000);
            }
        }
    }
    m_postgres.reset();
}

void TestHqPostgres::initTestCase()
{
    const QString bin = pgBinDir();
    if (!QFileInfo(bin + QStringLiteral("/initdb")).isExecutable() ||
        !QFileInfo(bin + QStringLiteral("/postgres")).isExecutable())
        QSKIP(qPrintable(QStringLiteral("PostgreSQL 15 server binaries not found in %1 (install "
                                        "Debian's postgresql package: ./run.sh deps, or set "
                                        "PLUME_PG_BINDIR)")
                             .arg(bin)));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        QSKIP("Qt's QPSQL driver is not installed (Debian: libqt6sql6-psql)");
    // initdb and postgres refuse to run as root: use an unprivileged account then, and a
    // short path every account can reach (a Unix socket path is limited to 107 bytes).
    m_switchUser = geteuid() == 0;
    QString base = QDir::tempPath();
    if (m_switchUser) {
        const passwd *pw = getpwnam("postgres");
        if (!pw)
            pw = getpwnam("nobody");
        if (!pw)
            QSKIP("running as root without a 'postgres' or 'nobody' account for the server");
        m_uid = pw->pw_uid;
        m_gid = pw->pw_gid;
        base = QStringLiteral("/tmp");
    } else if (base.size() > 60) {
        base = QStringLiteral("/tmp");
    }
    m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/plume-pg-XXXXXX"));
    QVERIFY(m_dir->isValid());
    if (m_switchUser)
        QVERIFY(chown(QFile::encodeName(m_dir->path()).constData(), m_uid, m_gid) == 0);
    m_socketDir = m_dir->path();
    m_dataDir = m_dir->filePath(QStringLiteral("data"));
    QString why;
    QVERIFY2(startServer(&why), qPrintable(why));
    m_url = QStringLiteral("postgresql://plume@localhost:5432/hq?host=") +
            QString::fromLatin1(QUrl::toPercentEncoding(m_socketDir, "/"));
    m_keys = sync::generateKeyPair();
    m_other = sync::generateKeyPair();
    m_s3 = sync::generateKeyPair();
}

void TestHqPostgres::cleanupTestCase()
{
    m_server.reset();
    m_hq.db.reset();
    stopServer();
}

void TestHqPostgres::migrationsAndReopen()
{
    // open() refuses a database that is not a plume-hq one yet; init (create) makes it.
    QVERIFY_THROWS_EXCEPTION(hq::HqError, hq::HqDatabase::open(m_url));
    m_hq.init(m_dir->path(), hqtest::testElection({QStringLiteral("S3")}), m_url);
    QVERIFY(m_hq.db->isPostgres());
    const int version = m_hq.db->schemaVersion();
    QVERIFY(version >= 2);
    const QStringList tables = m_hq.db->database().tables();
    for (const char *t : {"hq_schema", "hq_meta", "elections", "stations", "station_events",
                          "receipts", "pv_submissions", "pv_latest", "pv_votes", "contact_boxes"})
        QVERIFY2(tables.contains(QLatin1String(t)), t);
    QVERIFY(!tables.contains(QStringLiteral("contact_batches")));
    // Re-open (twice, with the other durability): nothing applied again, no error.
    for (bool full : {true, false}) {
        auto db = hq::HqDatabase::open(m_url, full);
        QCOMPARE(db->schemaVersion(), version);
        QSqlQuery q(db->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT version) FROM hq_schema")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), version);
        QCOMPARE(q.value(1).toInt(), version);
        QCOMPARE(db->publicKey(), m_hq.keys.publicKey);
    }
}

// PostgreSQL logs a failed statement with its values: two plume-hq racing left sealed
// contact boxes in its server log, where a purge cannot reach (a review, 2026-12-01). HQ's
// sessions turn that off where their role may, and say which settings stay on where not.
void TestHqPostgres::serverLogKeepsNoValues()
{
    QVERIFY(m_hq.db);
    QCOMPARE(m_hq.db->serverLogHazards(), QStringList());
    const QString marker = QStringLiteral("ZZSEALED%1").arg(QDateTime::currentMSecsSinceEpoch());
    {
        QSqlQuery q(m_hq.db->database());
        QVERIFY(!q.exec(QStringLiteral("SELECT 1 / 0 WHERE '%1' <> ''").arg(marker)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(logTail().contains(QLatin1String("division by zero")), 5000);
    QVERIFY2(!logTail().contains(marker), qPrintable(logTail()));
    // A role without the privilege: each setting it cannot turn off is named.
    {
        QSqlQuery q(m_hq.db->database());
        for (const char *sql :
             {"CREATE ROLE hqweak LOGIN", "GRANT ALL ON ALL TABLES IN SCHEMA public TO hqweak",
              "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO hqweak",
              "ALTER ROLE hqweak SET log_statement = 'mod'",
              "ALTER ROLE hqweak SET log_min_duration_statement = 0"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
    }
    QString weak = m_url;
    weak.replace(QStringLiteral("postgresql://plume@"), QStringLiteral("postgresql://hqweak@"));
    auto db = hq::HqDatabase::open(weak);
    QCOMPARE(db->serverLogHazards(), (QStringList{QStringLiteral("log_min_error_statement"),
                                                  QStringLiteral("log_statement"),
                                                  QStringLiteral("log_min_duration_statement")}));
}

void TestHqPostgres::enrolment()
{
    QVERIFY(m_hq.db);
    hq::HqDatabase &db = *m_hq.db;
    db.addStation(QStringLiteral("S1"), m_keys.publicKey);
    db.addStation(QStringLiteral("S2"), m_other.publicKey);
    db.addStation(QStringLiteral("S1"), m_keys.publicKey); // same key: no-op
    QCOMPARE(db.stationCount(), 2);
    // Another key needs replace=true.
    const sync::KeyPair third = sync::generateKeyPair();
    db.addStation(QStringLiteral("S3"), m_s3.publicKey);
    QVERIFY_THROWS_EXCEPTION(hq::HqError, db.addStation(QStringLiteral("S3"), third.publicKey));
    db.addStation(QStringLiteral("S3"), third.publicKey, true);
    QCOMPARE(db.stationCount(), 3);
    // Each station its own key: S1's and S2's are refused for S4.
    QVERIFY_THROWS_EXCEPTION(hq::HqError, db.addStation(QStringLiteral("S4"), m_keys.publicKey));
    QVERIFY_THROWS_EXCEPTION(hq::HqError, db.addStation(QStringLiteral("S4"), m_other.publicKey));
    QCOMPARE(db.stationCount(), 3);
    QVERIFY_THROWS_EXCEPTION(hq::HqError,
                             db.addStation(QStringLiteral("S4"), QByteArrayLiteral("short")));
    QVERIFY_THROWS_EXCEPTION(hq::HqError,
                             db.addStation(QStringLiteral("S4\u200b"), third.publicKey));
    // Visible from another connection (committed).
    auto other = hq::HqDatabase::open(m_url);
    QCOMPARE(other->station(QStringLiteral("S3"))->publicKey, third.publicKey);
    QCOMPARE(other->station(QStringLiteral("S1"))->publicKey, m_keys.publicKey);
    QVERIFY(!other->station(QStringLiteral("S99")));
    other.reset();
    db.addStation(QStringLiteral("S3"), m_s3.publicKey, true);

    m_server = std::make_unique<hq::HqServer>(m_url, m_hq.options(true));
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port);
}

void TestHqPostgres::storeThenDuplicateThenConflict()
{
    QVERIFY(m_server);
    const auto s = hqtest::pv(m_keys, QStringLiteral("S1"), 1, 60, 40);
    const Reply first = post(s.httpBody());
    QCOMPARE(first.status, 201);
    QCOMPARE(first.json().value(QStringLiteral("sha256")).toString(), s.sha256);
    QCOMPARE(first.json().value(QStringLiteral("station")).toString(), QStringLiteral("S1"));
    QVERIFY(first.json().contains(QStringLiteral("signature")));
    // Exact duplicate: 200 and the very same receipt, byte for byte.
    const Reply again = post(s.httpBody());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body);
    // Same uuid, other content (properly signed): 409; the stored one is untouched.
    const auto conflict =
        hqtest::conflictingCopy(s, hqtest::pvPayload(QStringLiteral("S1"), 1, 61, 39), m_keys);
    QCOMPARE(conflict.uuid, s.uuid);
    const Reply c = post(conflict.httpBody());
    QCOMPARE(c.status, 409);
    QCOMPARE(c.rule(), QStringLiteral("conflict"));
    QCOMPARE(*m_hq.db->receipt(s.uuid), first.body);
    auto other = hq::HqDatabase::open(m_url);
    QCOMPARE(*other->receipt(s.uuid), first.body);
    QCOMPARE(other->receiptCount(), qint64(1));
}

void TestHqPostgres::versionConflict()
{
    QVERIFY(m_server);
    const auto a = hqtest::contacts(m_keys, QStringLiteral("S1"), 7);
    QCOMPARE(post(a.httpBody()).status, 201);
    const auto b = hqtest::contacts(m_keys, QStringLiteral("S1"), 7);
    QCOMPARE(post(b.httpBody()).status, 409);
    QVERIFY(!m_hq.db->receipt(b.uuid));
    // A version jump of the PV (within the 20 versions HQ takes): 409 previous_version.
    const Reply jump =
        post(hqtest::pv(m_keys, QStringLiteral("S1"), 9, 1, 1, QString(64, QLatin1Char('a')),
                        QStringLiteral("saut de version jamais signé"))
                 .httpBody());
    QCOMPARE(jump.rule(), QStringLiteral("previous_version"));
}

void TestHqPostgres::groupCommitBatch()
{
    QVERIFY(m_hq.db);
    // PostgreSQL aborts a whole transaction on any failed statement: none may fail here.
    hqtest::groupCommitBatch(*m_hq.db, m_hq.keys, m_s3, QStringLiteral("S3"));
}

void TestHqPostgres::checkSubmissionDirect()
{
    QVERIFY(m_hq.db);
    const auto good = hqtest::contacts(m_keys, QStringLiteral("S1"), 50);
    const hq::CheckedSubmission ok = hq::checkSubmission(*m_hq.db, good.httpBody());
    QVERIFY(!ok.refusal);
    QCOMPARE(ok.accepted->submission.uuid, good.uuid);
    const auto forged = hqtest::contacts(m_other, QStringLiteral("S1"), 51);
    QCOMPARE(hq::checkSubmission(*m_hq.db, forged.httpBody()).refusal->status, 401);
    const auto unknown = hqtest::contacts(m_keys, QStringLiteral("S99"), 1);
    QCOMPARE(hq::checkSubmission(*m_hq.db, unknown.httpBody()).refusal->status, 401);
    QCOMPARE(hq::checkSubmission(*m_hq.db, QByteArrayLiteral("{\"format\":")).refusal->status, 400);
    QVERIFY(!m_hq.db->receipt(good.uuid));
}

void TestHqPostgres::resultsTotalsWithoutContacts()
{
    QVERIFY(m_server);
    QCOMPARE(post(hqtest::contacts(m_other, QStringLiteral("S2"), 1).httpBody()).status, 201);
    // S1: version 1 (60/40) then a correction, version 2 (10/20): only the latest counts.
    QSqlQuery q(m_hq.db->database());
    QVERIFY(q.exec(QStringLiteral("SELECT sha256 FROM receipts WHERE station = 'S1' AND kind = "
                                  "'pv' AND version = 1")));
    QVERIFY(q.next());
    const QString previous = q.value(0).toString();
    QCOMPARE(post(hqtest::pv(m_keys, QStringLiteral("S1"), 2, 10, 20, previous,
                             QStringLiteral("erreur de report sur la feuille de pointage"))
                      .httpBody())
                 .status,
             201);
    QCOMPARE(post(hqtest::pv(m_other, QStringLiteral("S2"), 1, 5, 5).httpBody()).status, 201);
    m_server->refreshResults();
    const Reply r = get(QStringLiteral("/api/v1/results"));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("ZORGLUB"));
    QVERIFY(!r.body.contains("erreur de report"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("stations_enrolled")).toInt(), 3);
    // S1 v2 (10/20), S2 v1 (5/5), S3 v2 of the group commit (6/5).
    QCOMPARE(o.value(QStringLiteral("stations_reporting")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("inscrits")).toInt(), 3000);
    QCOMPARE(o.value(QStringLiteral("exprimes")).toInt(), 30 + 10 + 11);
    const QJsonArray cands = o.value(QStringLiteral("candidates")).toArray();
    QCOMPARE(cands[0].toObject().value(QStringLiteral("voix")).toInt(), 10 + 5 + 6);
    QCOMPARE(cands[1].toObject().value(QStringLiteral("voix")).toInt(), 20 + 5 + 5);
    QVERIFY(get(QStringLiteral("/api/v1/results"), "operator-token-0123456789")
                .body.contains("erreur de report"));
    const Reply page = get(QStringLiteral("/"));
    QVERIFY(page.body.contains("<svg"));
    QVERIFY(!page.body.contains("ZORGLUB"));
    // Contacts leave only through the export, with the key file (mode 0600).
    const QString out = m_dir->filePath(QStringLiteral("contacts.json"));
    QVERIFY(m_hq.db->exportContacts(out, m_hq.keys) >= 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("ZORGLUB"));
    QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    // S1's key stolen: revoked, its chain withdrawn (row locks on PostgreSQL), the totals
    // without it.
    m_hq.db->revokeStation(QStringLiteral("S1"));
    QCOMPARE(m_hq.db
                 ->withdrawPv(QStringLiteral("S1"),
                              QStringLiteral("clé du bureau S1 volée avant la clôture"))
                 .versions,
             2);
    m_server->refreshResults();
    const QJsonObject after = get(QStringLiteral("/api/v1/results")).json();
    QCOMPARE(after.value(QStringLiteral("stations_reporting")).toInt(), 2);
    QCOMPARE(after.value(QStringLiteral("exprimes")).toInt(), 10 + 11);
    // Every candidate's votes left with it (the driver dropped the rows after the first).
    const QJsonArray left = after.value(QStringLiteral("candidates")).toArray();
    QCOMPARE(left[0].toObject().value(QStringLiteral("voix")).toInt(), 5 + 6);
    QCOMPARE(left[1].toObject().value(QStringLiteral("voix")).toInt(), 5 + 5);
    QCOMPARE(after.value(QStringLiteral("withdrawals")).toArray().size(), 1);
    // The stolen key is not enrolled again; S1 goes on with a new one.
    QVERIFY_THROWS_EXCEPTION(hq::HqError,
                             m_hq.db->addStation(QStringLiteral("S1"), m_keys.publicKey, true));
    m_keys = sync::generateKeyPair();
    m_hq.db->addStation(QStringLiteral("S1"), m_keys.publicKey, true);
}

void TestHqPostgres::reconnectsAfterRestart()
{
    QVERIFY(m_server);
    QCOMPARE(post(hqtest::contacts(m_keys, QStringLiteral("S1"), 60).httpBody()).status, 201);
    m_server->refreshResults();
    const QString before = get(QStringLiteral("/api/v1/results"))
                               .json()
                               .value(QStringLiteral("generated_at"))
                               .toString();
    stopServer();
    // Down: 503 (the station retries), the server itself stays up.
    const Reply down = post(hqtest::contacts(m_keys, QStringLiteral("S1"), 61).httpBody());
    QCOMPARE(down.status, 503);
    QCOMPARE(get(QStringLiteral("/healthz")).status, 503);
    QString why;
    QVERIFY2(startPostgres(&why), qPrintable(why));
    // Back: the first request is answered (it said "db down", then 503 `storage`), and the
    // submission is stored without restarting plume-hq. (Past the 250 ms between two
    // reconnection attempts: the last one was made while it was down.)
    QTest::qWait(300);
    QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
    QCOMPARE(post(hqtest::contacts(m_keys, QStringLiteral("S1"), 61).httpBody()).status, 201);
    QCOMPARE(post(hqtest::contacts(m_keys, QStringLiteral("S1"), 62).httpBody()).status, 201);
    // The results thread's own connection comes back too: its snapshot is built anew (it
    // stayed as before the restart until plume-hq was restarted).
    QTest::qWait(5); // a later generated_at
    m_server->refreshResults();
    const Reply results = get(QStringLiteral("/api/v1/results"));
    QCOMPARE(results.status, 200);
    QVERIFY(results.json().value(QStringLiteral("generated_at")).toString() != before);
}

// `stations revoke` waits for the submissions being stored with the key it revokes: once it
// returns, nothing more of that key is stored. Under READ COMMITTED a PV whose key was read
// before a revoke was stored after it, and the `pv withdraw` run next found no PV (a
// review; SQLite's BEGIN IMMEDIATE serialises both). The batch is held on the receipts
// table, as a slow commit would hold it, its stations read.
void TestHqPostgres::revokeWaitsForTheBatchBeingStored()
{
    QVERIFY(m_hq.db);
    const auto batch = hqtest::contacts(m_s3, QStringLiteral("S3"), 90);
    const hq::CheckedSubmission c = hq::checkSubmission(*m_hq.db, batch.httpBody());
    QVERIFY(c.accepted);
    auto blocker = hq::HqDatabase::open(m_url);
    QSqlDatabase held = blocker->database();
    QVERIFY(held.transaction());
    QVERIFY(QSqlQuery(held).exec(QStringLiteral("LOCK TABLE receipts IN SHARE MODE")));
    std::atomic<int> status{0};
    std::atomic<bool> revoked{false};
    std::thread ingest([&] {
        try {
            auto db = hq::HqDatabase::open(m_url);
            status = db->ingestBatch({*c.accepted}, m_hq.keys).value(0).status;
        } catch (const hq::HqError &) {
            status = -1;
        }
    });
    QTest::qWait(700); // the batch has read its stations and waits to write its receipt
    std::thread revoke([&] {
        try {
            hq::HqDatabase::open(m_url)->revokeStation(QStringLiteral("S3"));
        } catch (const hq::HqError &) {
        }
        revoked = true;
    });
    QTest::qWait(700);
    const bool revokedWhileStoring = revoked;
    QVERIFY(held.commit());
    ingest.join();
    revoke.join();
    QVERIFY2(!revokedWhileStoring, "the revoke returned before the batch it revokes was stored");
    QCOMPARE(status.load(), 201);
    QVERIFY(m_hq.db->station(QStringLiteral("S3"))->revoked);
}

QTEST_GUILESS_MAIN(TestHqPostgres)
// `contacts erase` on PostgreSQL (FOR UPDATE on the box in the transaction): the voter leaves
// the batch, the other contact is exported intact, the same batch sent again stays a duplicate.
void TestHqPostgres::eraseContactReSealsTheRest()
{
    QVERIFY(m_server);
    QJsonArray contacts;
    for (const auto &[sheet, nom] : {std::pair{1, "EFFACEPG"}, std::pair{2, "GARDEPG"}})
        contacts.append(QJsonObject{
            {QStringLiteral("sheet"), QStringLiteral("contact-%1").arg(sheet)},
            {QStringLiteral("fields"),
             QJsonObject{{QStringLiteral("nom"), QLatin1String(nom)},
                         {QStringLiteral("email"), QStringLiteral("%1@example.org").arg(sheet)},
                         {QStringLiteral("consentement"), QStringLiteral("oui")}}}});
    QJsonObject payload = hqtest::contactsPayload(80);
    payload.insert(QStringLiteral("contacts"), contacts);
    const auto s =
        sync::Submission::create(sync::kKindContacts, 80, QStringLiteral("S1"), payload, m_keys);
    QCOMPARE(post(s.httpBody()).status, 201);
    const hq::ContactErasure e = m_hq.db->eraseContacts(
        {QString(), QString(), QStringLiteral("1@EXAMPLE.org")}, QString(), m_hq.keys);
    QCOMPARE(e.erased.size(), 1);
    QCOMPARE(e.erased[0].sheet, QStringLiteral("contact-1"));
    QVERIFY(!e.erased[0].batchEmptied);
    QCOMPARE(post(s.httpBody()).status, 200);
    const QString out = m_dir->filePath(QStringLiteral("contacts-after-erase.json"));
    QVERIFY(m_hq.db->exportContacts(out, m_hq.keys) >= 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray exported = f.readAll();
    QVERIFY(exported.contains("GARDEPG") && !exported.contains("EFFACEPG"));
    QVERIFY(exported.contains("batch_edited_at"));
    // A batch not received yet: the erasure waits, and the batch arrives without the voter.
    QVERIFY(m_hq.db->recordPendingErasure(
        {QStringLiteral("S1"), QStringLiteral("contact-5"), QString(), 81}, QString()));
    QJsonObject later = hqtest::contactsPayload(81);
    later.insert(QStringLiteral("contacts"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("sheet"), QStringLiteral("contact-5")},
                     {QStringLiteral("fields"),
                      QJsonObject{{QStringLiteral("nom"), QStringLiteral("TARDPG")},
                                  {QStringLiteral("consentement"), QStringLiteral("oui")}}}}});
    const auto late =
        sync::Submission::create(sync::kKindContacts, 81, QStringLiteral("S1"), later, m_keys);
    QCOMPARE(post(late.httpBody()).status, 201);
    QVERIFY(!m_hq.db->recordPendingErasure( // received now: an erasure, no longer a wait
        {QStringLiteral("S1"), QStringLiteral("contact-5"), QString(), 81}, QString()));
    const QString out2 = m_dir->filePath(QStringLiteral("contacts-after-pending.json"));
    m_hq.db->exportContacts(out2, m_hq.keys);
    QFile f2(out2);
    QVERIFY(f2.open(QIODevice::ReadOnly));
    QVERIFY(!f2.readAll().contains("TARDPG"));
}

#include "tst_hqpostgres.moc"
