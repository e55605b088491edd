// plume-hq on PostgreSQL: the checks of tst_hqapi against a throwaway PostgreSQL 15 started
// in a temporary folder (initdb + postgres, Unix socket in that folder only, no TCP):
// migrations (and an idempotent re-open), enrolment, 201 + receipt, duplicate 200 with the
// same bytes, conflicts 409, group commit, results totals, contacts never in results.
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

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

using namespace plume;
using hqtest::pvPayload;
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
    void enrolment();
    void storeThenDuplicateThenConflict();
    void versionConflict();
    void groupCommitBatch();
    void checkSubmissionDirect();
    void resultsTotalsWithoutContacts();
    void cleanupTestCase();

private:
    // Runs `program` as the PostgreSQL user (the unprivileged account when we are root).
    void prepare(QProcess &p, bool dieWithUs) const;
    bool runTool(const QString &tool, const QStringList &args, QString *output) const;
    bool startServer(QString *why);
    void stopServer();
    QString logTail() const;
    Reply post(const QByteArray &body) { return hqtest::post(m_nam, m_port, body); }
    Reply get(const QString &path) { return hqtest::get(m_nam, m_port, path); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_socketDir, m_dataDir, m_url;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    bool m_switchUser = false;
    std::unique_ptr<QProcess> m_postgres;
    std::unique_ptr<hq::HqDatabase> m_db;
    std::unique_ptr<hq::HqServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    sync::KeyPair m_keys, m_other;
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
    // Ready when a connection succeeds; then a fresh database for plume-hq.
    const QString name = QStringLiteral("tst_hqpostgres_admin");
    bool ready = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        admin.setHostName(m_socketDir);
        admin.setPort(5432);
        admin.setUserName(QStringLiteral("plume"));
        admin.setDatabaseName(QStringLiteral("postgres"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000 && m_postgres->state() == QProcess::Running) {
            if (admin.open()) {
                ready = true;
                break;
            }
            QThread::msleep(100);
        }
        if (ready) {
            QSqlQuery q(admin);
            if (!q.exec(QStringLiteral("CREATE DATABASE hq"))) {
                *why = QStringLiteral("CREATE DATABASE failed: ") + q.lastError().text();
                ready = false;
            }
        } else {
            *why = QStringLiteral("postgres did not accept connections: ") +
                   admin.lastError().text() + QLatin1Char('\n') + logTail();
        }
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
}

void TestHqPostgres::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
    stopServer();
}

void TestHqPostgres::migrationsAndReopen()
{
    int version = 0;
    {
        auto db = hq::HqDatabase::open(m_url);
        QVERIFY(db->isPostgres());
        version = db->schemaVersion();
        QVERIFY(version >= 1);
        const QStringList tables = db->database().tables();
        for (const char *t :
             {"hq_schema", "stations", "receipts", "pv_submissions", "contact_batches"})
            QVERIFY2(tables.contains(QLatin1String(t)), t);
    }
    // Re-open (twice, with the other durability): nothing applied again, no error.
    for (bool full : {true, false}) {
        auto db = hq::HqDatabase::open(m_url, full);
        QCOMPARE(db->schemaVersion(), version);
        QSqlQuery q(db->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT version) FROM hq_schema")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), version);
        QCOMPARE(q.value(1).toInt(), version);
    }
    m_db = hq::HqDatabase::open(m_url);
    QCOMPARE(m_db->schemaVersion(), version);
}

void TestHqPostgres::enrolment()
{
    QVERIFY(m_db);
    m_db->addStation(QStringLiteral("S1"), m_keys.publicKey);
    m_db->addStation(QStringLiteral("S2"), m_other.publicKey);
    m_db->addStation(QStringLiteral("S1"), m_keys.publicKey); // same key: no-op
    QCOMPARE(m_db->stationCount(), 2);
    // Another key needs replace=true.
    const sync::KeyPair third = sync::generateKeyPair();
    m_db->addStation(QStringLiteral("S3"), m_keys.publicKey);
    QVERIFY_THROWS_EXCEPTION(hq::HqError, m_db->addStation(QStringLiteral("S3"), third.publicKey));
    m_db->addStation(QStringLiteral("S3"), third.publicKey, true);
    QCOMPARE(m_db->stationCount(), 3);
    QVERIFY_THROWS_EXCEPTION(hq::HqError,
                             m_db->addStation(QStringLiteral("S4"), QByteArrayLiteral("short")));
    // Visible from another connection (committed, not just cached).
    auto other = hq::HqDatabase::open(m_url);
    QCOMPARE(other->stationKey(QStringLiteral("S3")), std::optional<QByteArray>(third.publicKey));
    QCOMPARE(other->stationKey(QStringLiteral("S1")), std::optional<QByteArray>(m_keys.publicKey));
    QVERIFY(!other->stationKey(QStringLiteral("S99")));
    other.reset();

    m_server = std::make_unique<hq::HqServer>(*m_db);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port);
}

void TestHqPostgres::storeThenDuplicateThenConflict()
{
    QVERIFY(m_server);
    const auto s =
        sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S1"), pvPayload(60, 40), m_keys);
    const Reply first = post(s.httpBody());
    QCOMPARE(first.status, 201);
    const QJsonObject receipt = QJsonDocument::fromJson(first.body).object();
    QCOMPARE(receipt.value(QStringLiteral("sha256")).toString(), s.sha256);
    QCOMPARE(receipt.value(QStringLiteral("uuid")).toString(), s.uuid);
    QCOMPARE(receipt.value(QStringLiteral("station")).toString(), QStringLiteral("S1"));
    QVERIFY(!receipt.value(QStringLiteral("receipt")).toString().isEmpty());
    // Exact duplicate: 200 and the very same receipt, byte for byte.
    const Reply again = post(s.httpBody());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body);
    // Same uuid, other content (properly signed): 409; the stored one is untouched.
    const sync::Submission conflict = hqtest::conflictingCopy(s, pvPayload(61, 39), m_keys);
    QCOMPARE(conflict.uuid, s.uuid);
    QVERIFY(conflict.sha256 != s.sha256);
    const Reply c = post(conflict.httpBody());
    QCOMPARE(c.status, 409);
    QVERIFY(QJsonDocument::fromJson(c.body).object().contains(QStringLiteral("error")));
    QCOMPARE(*m_db->receipt(s.uuid), first.body);
    // Committed: another connection reads the same receipt.
    auto other = hq::HqDatabase::open(m_url);
    QCOMPARE(*other->receipt(s.uuid), first.body);
    QCOMPARE(other->receiptCount(), qint64(1));
}

void TestHqPostgres::versionConflict()
{
    QVERIFY(m_server);
    // Another uuid claiming an already stored version of the same station: 409.
    const auto a =
        sync::Submission::create(sync::kKindContacts, 7, QStringLiteral("S1"),
                                 QJsonObject{{QStringLiteral("contacts"), QJsonArray{}}}, m_keys);
    QCOMPARE(post(a.httpBody()).status, 201);
    const auto b =
        sync::Submission::create(sync::kKindContacts, 7, QStringLiteral("S1"),
                                 QJsonObject{{QStringLiteral("contacts"), QJsonArray{}}}, m_keys);
    QCOMPARE(post(b.httpBody()).status, 409);
    QVERIFY(!m_db->receipt(b.uuid));
}

void TestHqPostgres::groupCommitBatch()
{
    QVERIFY(m_db);
    // One transaction with duplicates and conflicts inside it (PostgreSQL aborts a whole
    // transaction on any failed statement: none may fail here).
    hqtest::BatchRun run;
    hqtest::groupCommitBatch(*m_db, m_other, &run);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(run.again[1].body, run.r[0].body);
    QCOMPARE(m_db->receiptCount(), run.before + 2);
}

void TestHqPostgres::checkSubmissionDirect()
{
    QVERIFY(m_db);
    const auto good =
        sync::Submission::create(sync::kKindPv, 50, QStringLiteral("S1"), pvPayload(1, 1), m_keys);
    const hq::CheckedSubmission ok = hq::checkSubmission(*m_db, good.httpBody());
    QCOMPARE(ok.status, 0);
    QVERIFY(ok.submission);
    QCOMPARE(ok.submission->uuid, good.uuid);
    // Signed with S2's key but claiming S1; an unknown station; not JSON.
    const auto forged =
        sync::Submission::create(sync::kKindPv, 51, QStringLiteral("S1"), pvPayload(1, 1), m_other);
    QCOMPARE(hq::checkSubmission(*m_db, forged.httpBody()).status, 401);
    const auto unknown =
        sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S99"), pvPayload(1, 1), m_keys);
    QCOMPARE(hq::checkSubmission(*m_db, unknown.httpBody()).status, 401);
    QCOMPARE(hq::checkSubmission(*m_db, QByteArrayLiteral("{\"format\":")).status, 400);
    // Checked but never ingested: nothing stored.
    QVERIFY(!m_db->receipt(good.uuid));
}

void TestHqPostgres::resultsTotalsWithoutContacts()
{
    QVERIFY(m_server);
    // A contact batch with a recognisable name must never show in results or the page.
    const auto c = sync::Submission::create(sync::kKindContacts, 1, QStringLiteral("S2"),
                                            hqtest::contactsPayload(), m_other);
    QCOMPARE(post(c.httpBody()).status, 201);
    // S1: version 1 (60/40) then a correction, version 2 (10/20): only the latest counts.
    QJsonObject corrected = pvPayload(10, 20);
    corrected.insert(QStringLiteral("correction_reason"), QStringLiteral("erreur de report"));
    QCOMPARE(
        post(sync::Submission::create(sync::kKindPv, 2, QStringLiteral("S1"), corrected, m_keys)
                 .httpBody())
            .status,
        201);
    // S2 version 1 breaks a rule (sum of voix != exprimes) -> flagged.
    const QJsonObject bad = hqtest::pvPayloadBadSum();
    QCOMPARE(post(sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S2"), bad, m_other)
                      .httpBody())
                 .status,
             201);

    const Reply r = get(QStringLiteral("/api/v1/results"));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("ZORGLUB"));
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(o.value(QStringLiteral("stations_enrolled")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("stations_reporting")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("inscrits")).toInt(), 2000);
    QCOMPARE(o.value(QStringLiteral("votants")).toInt(), (30 + 5) + (10 + 5));
    QCOMPARE(o.value(QStringLiteral("enveloppes")).toInt(), (30 + 5) + (10 + 5));
    QCOMPARE(o.value(QStringLiteral("blancs")).toInt(), 6);
    QCOMPARE(o.value(QStringLiteral("nuls")).toInt(), 4);
    QCOMPARE(o.value(QStringLiteral("exprimes")).toInt(), 30 + 11);
    const QJsonArray cands = o.value(QStringLiteral("candidates")).toArray();
    QCOMPARE(cands.size(), 2);
    QCOMPARE(cands[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("a"));
    QCOMPARE(cands[0].toObject().value(QStringLiteral("voix")).toInt(), 10 + 5);
    QCOMPARE(cands[1].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("b"));
    QCOMPARE(cands[1].toObject().value(QStringLiteral("voix")).toInt(), 20 + 5);
    const QJsonArray flagged = o.value(QStringLiteral("flagged")).toArray();
    QCOMPARE(flagged.size(), 1);
    QCOMPARE(flagged[0].toObject().value(QStringLiteral("station")).toString(),
             QStringLiteral("S2"));
    QStringList rules;
    for (const QJsonValue &rv : flagged[0].toObject().value(QStringLiteral("rules")).toArray())
        rules << rv.toObject().value(QStringLiteral("rule")).toString();
    QVERIFY(rules.contains(QStringLiteral("somme_voix")));
    const QJsonArray corrections = o.value(QStringLiteral("corrections")).toArray();
    QCOMPARE(corrections.size(), 1);
    QVERIFY(QJsonDocument(corrections[0].toObject()).toJson().contains("erreur de report"));
    // The same from the database directly, and on the page.
    QVERIFY(!QJsonDocument(m_db->results()).toJson().contains("ZORGLUB"));
    const Reply page = get(QStringLiteral("/"));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("<svg"));
    QVERIFY(!page.body.contains("ZORGLUB"));
    // Contacts leave only through the export (mode 0600).
    const QString out = m_dir->filePath(QStringLiteral("contacts.json"));
    QVERIFY(m_db->exportContacts(out) >= 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("ZORGLUB"));
    QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

QTEST_GUILESS_MAIN(TestHqPostgres)
#include "tst_hqpostgres.moc"
