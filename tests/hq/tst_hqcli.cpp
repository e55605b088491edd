// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq's command line (docs/hq.md#commands): init (an existing file brought to 0600), and
// every other command refusing a missing or foreign database without changing a byte of it; keys
// init/adopt/show (secret only in a 0600 key file; adopt: a new round keeps the key); elections;
// stations add --replace / revoke acting on a running server; serve's environment defaults and
// access log (never a payload); contacts export, retention and purge; no contact in clear
// anywhere in the database files.
#include "hqtestutil.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
    QString lastLine() const { return out.trimmed().section(QLatin1Char('\n'), -1); }
};

Run plumeHq(const QStringList &args,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLUME_HQ_BINARY), args);
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// A PV of S1 whose voix (700 + 300) are not its exprimes (900): 422 somme_voix.
sync::Submission wrongSum(const sync::KeyPair &keys)
{
    QJsonObject p = hqtest::pvPayload(QStringLiteral("S1"), 1, 600, 300);
    QJsonArray candidates = p.value(QStringLiteral("candidates")).toArray();
    QJsonObject a = candidates[0].toObject();
    a.insert(QStringLiteral("voix"), 700);
    candidates[0] = a;
    p.insert(QStringLiteral("candidates"), candidates);
    QJsonObject fields = p.value(QStringLiteral("fields")).toObject();
    fields.insert(QStringLiteral("voix.a"), hqtest::field(700));
    p.insert(QStringLiteral("fields"), fields);
    return sync::Submission::create(sync::kKindPv, 1, QStringLiteral("S1"), p, keys);
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool privateFile(const QString &path)
{
    return (QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                             QFileDevice::WriteGroup | QFileDevice::WriteOther)) ==
           QFileDevice::Permissions();
}

QByteArray allDatabaseBytes(const QString &dir)
{
    QByteArray all;
    for (const QString &f :
         {QStringLiteral("hq.db"), QStringLiteral("hq.db-wal"), QStringLiteral("hq.db-shm")}) {
        QFile file(QDir(dir).filePath(f));
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestHqCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void refusesMissingOrForeignDatabases();
    void initTightensAnExistingFile();
    void initAndKeys();
    void keysAdoptKeepsTheKeyForANewRound();
    void keysAdoptRefusesAnotherOrABadKey();
    void electionsAndStations();
    void runningServerFollowsKeyChanges();
    void accessLogHasHttpRefusals();
    void contactsExportRetentionPurge();
    void speaksTheLanguageOfItsEnvironment();
    void typosAndHelpSayWhatToDo();
    void helpListsOnlyWhatTheSubcommandUses();
    void pvWithdrawAfterTheKeyChanged();
    void serveRefusesAKeyThatIsNotItsCertificates();
    void certificateDatesAreSaid();
    void aLockHeldTooLongIsSaidInWords();
    void cleanupTestCase();

private:
    QString db() const
    {
        return QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("hq.db"));
    }
    QTemporaryDir m_dir;
    QString m_publicKey;
    sync::KeyPair m_station = sync::generateKeyPair();
};

void TestHqCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

// `plume-hq pv withdraw`: refused while the key that signed the PV still counts, then the PV
// leaves the results a running server publishes (docs/hq.md#withdraw).
void TestHqCli::pvWithdrawAfterTheKeyChanged()
{
    // An operator token any user can read is said at start (a review: taken without a word).
    const QString tokenFile = m_dir.filePath(QStringLiteral("operator.token"));
    const QByteArray token = QByteArrayLiteral("operator-token-withdraw-0123456789");
    {
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(token + '\n');
    }
    QVERIFY(QFile::setPermissions(tokenFile, QFile::ReadOwner | QFile::WriteOwner |
                                                 QFile::ReadGroup | QFile::ReadOther));
    QProcess server;
    const quint16 port =
        hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY),
                        {QStringLiteral("--db"), db(), QStringLiteral("--key-file"),
                         m_dir.filePath(QStringLiteral("hq.db.key")),
                         QStringLiteral("--operator-token-file"), tokenFile});
    QVERIFY(port);
    QNetworkAccessManager nam;
    QCOMPARE(
        hqtest::post(nam, port, hqtest::pv(m_station, QStringLiteral("S1"), 1, 600, 300).httpBody())
            .status,
        201);
    auto reporting = [&] {
        return hqtest::get(nam, port, QStringLiteral("/api/v1/results"))
            .json()
            .value(QStringLiteral("stations_reporting"))
            .toInt();
    };
    QTRY_COMPARE_WITH_TIMEOUT(reporting(), 1, 10000);
    const QString reason = QStringLiteral("clé du bureau S1 volée le soir du scrutin");
    auto withdraw = [&](const QString &why) {
        return plumeHq({QStringLiteral("pv"), QStringLiteral("withdraw"), QStringLiteral("--db"),
                        db(), QStringLiteral("--station"), QStringLiteral("S1"),
                        QStringLiteral("--reason"), why});
    };
    const Run early = withdraw(reason);
    QCOMPARE(early.code, 1);
    QVERIFY2(early.err.contains(QLatin1String("stations revoke")), qPrintable(early.err));
    QCOMPARE(plumeHq({QStringLiteral("stations"), QStringLiteral("revoke"), QStringLiteral("--db"),
                      db(), QStringLiteral("--station"), QStringLiteral("S1")})
                 .code,
             0);
    QCOMPARE(withdraw(QStringLiteral("volée")).code, 1);
    const Run done = withdraw(reason);
    QCOMPARE(done.code, 0);
    QCOMPARE(done.out,
             QStringLiteral("withdrew the PV of station S1 (1 version, election test-2026)\n"));
    QCOMPARE(withdraw(reason).code, 1); // nothing left to withdraw
    // The running server's published results lose it (their snapshot is refreshed).
    QTRY_COMPARE_WITH_TIMEOUT(reporting(), 0, 10000);
    const QJsonObject results = hqtest::get(nam, port, QStringLiteral("/api/v1/results")).json();
    QCOMPARE(results.value(QStringLiteral("withdrawals"))[0][QStringLiteral("station")].toString(),
             QStringLiteral("S1"));
    QVERIFY(!results.value(QStringLiteral("withdrawals"))[0].toObject().contains(
        QStringLiteral("reason")));
    // The station's page says it too, with the reason (a review: "no PV received").
    const hqtest::Reply page = hqtest::get(nam, port, QStringLiteral("/stations/S1"), token);
    QCOMPARE(page.status, 200);
    QVERIFY2(page.body.contains("Aucun PV de ce bureau ne compte"), page.body.constData());
    QVERIFY(page.body.contains(reason.toUtf8()));
    server.terminate();
    QVERIFY(server.waitForFinished(5000));
    QVERIFY(QString::fromUtf8(server.readAllStandardError())
                .contains(tokenFile + QStringLiteral(" est une clé secrète lisible par tous")));
    // The withdrawn chain's key is stolen: not enrolled again (a review: one --replace with it
    // and the thief's next PV counted); a new key is.
    const auto enrol = [&](const QByteArray &key) {
        return plumeHq({QStringLiteral("stations"), QStringLiteral("add"), QStringLiteral("--db"),
                        db(), QStringLiteral("--station"), QStringLiteral("S1"),
                        QStringLiteral("--public-key"), QString::fromLatin1(key.toBase64()),
                        QStringLiteral("--replace")});
    };
    const Run stolen = enrol(m_station.publicKey);
    QCOMPARE(stolen.code, 1);
    QVERIFY2(stolen.err.contains(QStringLiteral("tenue pour volée")), qPrintable(stolen.err));
    QCOMPARE(enrol(sync::generateKeyPair().publicKey).code, 0);
}

// A certificate with another certificate's key: plume-hq said it was listening while every
// handshake failed, and no station could deliver (a review, 2026-11-30). Refused at start.
void TestHqCli::serveRefusesAKeyThatIsNotItsCertificates()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    auto makePair = [&](const QString &name) {
        return hqtest::makeCertificate(m_dir.filePath(name + QStringLiteral(".key")),
                                       m_dir.filePath(name + QStringLiteral(".pem")),
                                       QStringLiteral("/CN=127.0.0.1"), 1);
    };
    if (!makePair(QStringLiteral("tls1")) || !makePair(QStringLiteral("tls2")))
        QSKIP("openssl cannot make a test certificate");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
    const Run r = plumeHq({QStringLiteral("serve"), QStringLiteral("--db"), db(),
                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                           QStringLiteral("--tls-cert"), m_dir.filePath(QStringLiteral("tls1.pem")),
                           QStringLiteral("--tls-key"), m_dir.filePath(QStringLiteral("tls2.key"))},
                          env);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("ne vont pas ensemble")), qPrintable(r.err));
    QVERIFY2(!r.out.contains(QStringLiteral("listening")), qPrintable(r.out));
    // The right pair serves; a key any user can read is said (a review: 0644 and 0666 were
    // taken without a word), group-readable is not (Debian's root:ssl-cert 0640).
    const QString key = m_dir.filePath(QStringLiteral("tls1.key"));
    for (const bool others : {true, false}) {
        QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                       (others ? QFile::ReadOther : QFile::Permissions()));
        QProcess server;
        server.setProcessEnvironment(env);
        QVERIFY(hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY),
                                {QStringLiteral("--db"), db(), QStringLiteral("--tls-cert"),
                                 m_dir.filePath(QStringLiteral("tls1.pem")),
                                 QStringLiteral("--tls-key"), key}));
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        const QString err = QString::fromUtf8(server.readAllStandardError());
        QCOMPARE(err.contains(key + QStringLiteral(" est une clé secrète lisible par tous")),
                 others);
        // A certificate of one day is said to end soon (a review: dates were never said).
        QVERIFY2(err.contains(QStringLiteral("le certificat TLS expire le ")), qPrintable(err));
    }
}

// An expired certificate served without a word made CA-checking stations refuse every
// delivery with nothing said at HQ (a review).
void TestHqCli::certificateDatesAreSaid()
{
    const QString cert = m_dir.filePath(QStringLiteral("dates.pem"));
    if (!hqtest::makeCertificate(m_dir.filePath(QStringLiteral("dates.key")), cert,
                                 QStringLiteral("/CN=127.0.0.1"), 30))
        QSKIP("openssl cannot make a test certificate");
    QFile f(cert);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QSslCertificate c = QSslCertificate::fromData(f.readAll()).constFirst();
    const QDateTime end = c.expiryDate();
    QCOMPARE(hq::certificateDateWarning(c, c.effectiveDate().addDays(1)), QString());
    const QString expired = hq::certificateDateWarning(c, end.addSecs(1));
    QVERIFY2(expired.contains(QStringLiteral("a expiré le ") + end.toUTC().toString(Qt::ISODate)),
             qPrintable(expired));
    QVERIFY(hq::certificateDateWarning(c, c.effectiveDate().addSecs(-3600))
                .contains(QStringLiteral("n'est valable qu'à partir du ")));
    QVERIFY(hq::certificateDateWarning(c, end.addDays(-2)).contains(QStringLiteral("expire le ")));
    QCOMPARE(hq::certificateDateWarning(c, end.addDays(-8)), QString());
}

// Another program holds SQLite's write lock past the busy timeout (10 s): the operator's
// command says so. It printed "cannot begin: " and nothing after (a review).
void TestHqCli::aLockHeldTooLongIsSaidInWords()
{
    {
        auto holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("hold"));
        holder.setDatabaseName(m_dir.filePath(QStringLiteral("hq.db")));
        QVERIFY(holder.open());
        QSqlQuery q(holder);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
        const Run r = plumeHq({QStringLiteral("stations"), QStringLiteral("add"),
                               QStringLiteral("--db"), db(), QStringLiteral("--station"),
                               QStringLiteral("LOCKED1"), QStringLiteral("--public-key"),
                               QString::fromLatin1(sync::generateKeyPair().publicKey.toBase64())},
                              env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("ne prend pas d'écriture : ")) &&
                     r.err.contains(QStringLiteral("locked")),
                 qPrintable(r.err));
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        holder.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("hold"));
}

void TestHqCli::cleanupTestCase() {}

namespace {
QProcessEnvironment inLanguage(const QString &language)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
        env.remove(QLatin1String(v));
    if (!language.isEmpty())
        env.insert(QStringLiteral("LANGUAGE"), language);
    env.remove(QStringLiteral("PLUME_HQ_DB"));
    return env;
}
} // namespace

// Help and errors in the environment's language (French by default), as plumectl; the
// machine lines stay as they are.
void TestHqCli::speaksTheLanguageOfItsEnvironment()
{
    const QStringList serveHelp = {QStringLiteral("serve"), QStringLiteral("--help")};
    const Run fr = plumeHq(serveHelp, inLanguage({}));
    QCOMPARE(fr.code, 0);
    QVERIFY2(fr.out.contains(QLatin1String("Sert l'API des envois")), qPrintable(fr.out));
    const Run en = plumeHq(serveHelp, inLanguage(QStringLiteral("en")));
    QCOMPARE(en.code, 0);
    QVERIFY2(en.out.contains(QLatin1String("Serve the submissions API")), qPrintable(en.out));
    QVERIFY2(!en.out.contains(QLatin1String("Sert l'API")), qPrintable(en.out));
    // The usage error without --db, in each language.
    const Run noDbFr = plumeHq({QStringLiteral("results")}, inLanguage({}));
    QCOMPARE(noDbFr.code, 2);
    QVERIFY2(noDbFr.err.contains(QLatin1String("est obligatoire")), qPrintable(noDbFr.err));
    const Run noDbEn = plumeHq({QStringLiteral("results")}, inLanguage(QStringLiteral("en")));
    QCOMPARE(noDbEn.code, 2);
    QVERIFY2(noDbEn.err.contains(QLatin1String("required")), qPrintable(noDbEn.err));
    // A machine line: the same words in English.
    const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("lang.db"));
    const Run init = plumeHq({QStringLiteral("init"), QStringLiteral("--db"), db},
                             inLanguage(QStringLiteral("en")));
    QCOMPARE(init.code, 0);
    QVERIFY2(init.out.startsWith(QLatin1String("plume-hq database ready: schema ")),
             qPrintable(init.out));
}

// Each subcommand's help names it; an unknown command and a missing --election say so.
void TestHqCli::typosAndHelpSayWhatToDo()
{
    const Run help =
        plumeHq({QStringLiteral("stations"), QStringLiteral("add"), QStringLiteral("--help")},
                inLanguage({}));
    QCOMPARE(help.code, 0);
    QVERIFY2(help.out.startsWith(QLatin1String("Utilisation : plume-hq stations add [options]")),
             qPrintable(help.out));
    const Run unknown = plumeHq({QStringLiteral("stations"), QStringLiteral("ad")}, inLanguage({}));
    QCOMPARE(unknown.code, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("commande inconnue « stations ad »")),
             qPrintable(unknown.err));
    QVERIFY(unknown.err.contains(QLatin1String("stations add --db URL")));
    const Run unknownEn = plumeHq({QStringLiteral("frobnicate")}, inLanguage(QStringLiteral("en")));
    QCOMPARE(unknownEn.code, 2);
    QVERIFY2(unknownEn.err.contains(QLatin1String("unknown command 'frobnicate'")),
             qPrintable(unknownEn.err));
    const QString hq = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("typos.db"));
    QCOMPARE(plumeHq({QStringLiteral("init"), QStringLiteral("--db"), hq}).code, 0);
    const Run noElection =
        plumeHq({QStringLiteral("elections"), QStringLiteral("add"), QStringLiteral("--db"), hq},
                inLanguage({}));
    QCOMPARE(noElection.code, 2);
    QVERIFY2(noElection.err.contains(QLatin1String("--election FICHIER.json est obligatoire")) &&
                 !noElection.err.contains(QLatin1String("QFSFileEngine")),
             qPrintable(noElection.err));
    // Without --station, the missing code is named first (it said the key was wrong).
    const Run noStation =
        plumeHq({QStringLiteral("stations"), QStringLiteral("add"), QStringLiteral("--db"), hq},
                inLanguage({}));
    QCOMPARE(noStation.code, 2);
    QVERIFY2(noStation.err.contains(QLatin1String("--station CODE")), qPrintable(noStation.err));
}

// Each subcommand's --help lists the options it uses; the others it accepts (scripts may
// pass them) stay out of it, and are still accepted.
void TestHqCli::helpListsOnlyWhatTheSubcommandUses()
{
    const auto help = [](const QString &group, const QString &word) {
        const Run r = plumeHq({group, word, QStringLiteral("--help")}, inLanguage({}));
        return r.code == 0 ? r.out : QStringLiteral("exit %1").arg(r.code);
    };
    const QString keysShow = help(QStringLiteral("keys"), QStringLiteral("show"));
    QVERIFY2(keysShow.contains(QLatin1String("--db")) &&
                 !keysShow.contains(QLatin1String("--key-file")),
             qPrintable(keysShow));
    QVERIFY(
        help(QStringLiteral("keys"), QStringLiteral("init")).contains(QLatin1String("--key-file")));
    const QString exporting = help(QStringLiteral("contacts"), QStringLiteral("export"));
    QVERIFY2(exporting.contains(QLatin1String("--out")) &&
                 !exporting.contains(QLatin1String("--days")),
             qPrintable(exporting));
    for (const QString &word : {QStringLiteral("retention"), QStringLiteral("purge")}) {
        const QString text = help(QStringLiteral("contacts"), word);
        QVERIFY2(text.contains(QLatin1String("--days")) && !text.contains(QLatin1String("--out")) &&
                     !text.contains(QLatin1String("--key-file")),
                 qPrintable(text));
    }
    const QString hq = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("helps.db"));
    QCOMPARE(plumeHq({QStringLiteral("init"), QStringLiteral("--db"), hq}).code, 0);
    const Run shown =
        plumeHq({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--db"), hq,
                 QStringLiteral("--key-file"), m_dir.filePath(QStringLiteral("k"))});
    QVERIFY2(shown.err.contains(QLatin1String("keys init")),
             qPrintable(shown.err)); // not a usage error
    // An option of another contacts command is a usage error, not ignored: a purge typed
    // with an export's --out erases nothing, an export with a purge's --days writes nothing.
    const QString out = m_dir.filePath(QStringLiteral("export.json"));
    Run r = plumeHq({QStringLiteral("contacts"), QStringLiteral("purge"), QStringLiteral("--db"),
                     hq, QStringLiteral("--out"), out},
                    inLanguage({}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--out ne sert pas à")) &&
                 r.err.contains(QStringLiteral("plume-hq contacts purge")),
             qPrintable(r.err));
    r = plumeHq({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--db"), hq,
                 QStringLiteral("--out"), out, QStringLiteral("--days"), QStringLiteral("3")});
    QCOMPARE(r.code, 2);
    QVERIFY(!QFile::exists(out));
    r = plumeHq({QStringLiteral("contacts"), QStringLiteral("retention"), QStringLiteral("--db"),
                 hq, QStringLiteral("--days"), QStringLiteral("30"), QStringLiteral("--key-file"),
                 m_dir.filePath(QStringLiteral("k"))});
    QCOMPARE(r.code, 2);
}

void TestHqCli::refusesMissingOrForeignDatabases()
{
    const QString typo = m_dir.filePath(QStringLiteral("typo.db"));
    for (const QStringList &args :
         {QStringList{QStringLiteral("results")},
          QStringList{QStringLiteral("keys"), QStringLiteral("show")},
          QStringList{QStringLiteral("stations"), QStringLiteral("revoke"),
                      QStringLiteral("--station"), QStringLiteral("X1")},
          // serve said the key file was missing ("keys init"), which fails on this database
          QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0")}}) {
        const Run r =
            plumeHq(args + QStringList{QStringLiteral("--db"), QStringLiteral("sqlite:") + typo});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("plume-hq init")), qPrintable(r.err));
        QVERIFY(!QFile::exists(typo)); // never created by a typo
    }
    // A SQLite file of something else, and a file that is not SQLite at all.
    const QString foreign = m_dir.filePath(QStringLiteral("foreign.db"));
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("f"));
        d.setDatabaseName(foreign);
        QVERIFY(d.open());
        QSqlQuery(d).exec(QStringLiteral("CREATE TABLE other (x)"));
        d.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("f"));
    // Refused, and left exactly as it was: not switched to WAL, no table, same mode.
    const QByteArray foreignBytes = fileBytes(foreign);
    for (const QStringList &args :
         {QStringList{QStringLiteral("results")}, QStringList{QStringLiteral("init")},
          QStringList{QStringLiteral("keys"), QStringLiteral("show")}}) {
        const Run r = plumeHq(
            args + QStringList{QStringLiteral("--db"), QStringLiteral("sqlite:") + foreign});
        QCOMPARE(r.code, 1);
        QCOMPARE(fileBytes(foreign), foreignBytes);
        QVERIFY(!QFile::exists(foreign + QStringLiteral("-wal")));
    }
    // An empty file is not a plume-hq database either: refused, still empty.
    const QString empty = m_dir.filePath(QStringLiteral("empty.db"));
    QFile e(empty);
    QVERIFY(e.open(QIODevice::WriteOnly));
    e.close();
    const Run revoke = plumeHq({QStringLiteral("stations"), QStringLiteral("revoke"),
                                QStringLiteral("--db"), QStringLiteral("sqlite:") + empty,
                                QStringLiteral("--station"), QStringLiteral("X1")});
    QCOMPARE(revoke.code, 1);
    QVERIFY2(revoke.err.contains(QLatin1String("plume-hq init")), qPrintable(revoke.err));
    QCOMPARE(QFileInfo(empty).size(), 0);
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.db"));
    QFile g(garbage);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(QByteArray(8192, '\x5a'));
    g.close();
    const Run r = plumeHq(
        {QStringLiteral("results"), QStringLiteral("--db"), QStringLiteral("sqlite:") + garbage});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains(QLatin1String("SQLite")));
    // No --db at all: a usage error.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PLUME_HQ_DB"));
    QCOMPARE(plumeHq({QStringLiteral("results")}, env).code, 2);
}

namespace {
QStringList keysArgs(const QString &word, const QString &dbPath, const QString &keyFile = {})
{
    QStringList args{QStringLiteral("keys"), word, QStringLiteral("--db"),
                     QStringLiteral("sqlite:") + dbPath};
    if (!keyFile.isEmpty())
        args << QStringLiteral("--key-file") << keyFile;
    return args;
}
} // namespace

// init on an existing empty file (made by an installer with the umask's 0644): the database
// it becomes is brought to 0600, as a new one.
void TestHqCli::initTightensAnExistingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("loose.db"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                             QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QVERIFY(!privateFile(path));
    QCOMPARE(
        plumeHq({QStringLiteral("init"), QStringLiteral("--db"), QStringLiteral("sqlite:") + path})
            .code,
        0);
    QVERIFY(privateFile(path));
    QVERIFY(QFileInfo(path).size() > 0);
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        QVERIFY(!QFile::exists(path + suffix) || privateFile(path + suffix));
}

void TestHqCli::initAndKeys()
{
    const Run init = plumeHq({QStringLiteral("init"), QStringLiteral("--db"), db()});
    QCOMPARE(init.code, 0);
    QVERIFY(privateFile(m_dir.filePath(QStringLiteral("hq.db"))));
    QCOMPARE(plumeHq({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--db"), db()})
                 .code,
             1);
    const Run keys =
        plumeHq({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--db"), db()});
    QCOMPARE(keys.code, 0);
    m_publicKey = keys.lastLine();
    QCOMPARE(QByteArray::fromBase64(m_publicKey.toLatin1()).size(), 32);
    const QString keyFile = m_dir.filePath(QStringLiteral("hq.db.key")); // the default
    QVERIFY(privateFile(keyFile));
    const Run show =
        plumeHq({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--db"), db()});
    QCOMPARE(show.code, 0);
    QCOMPARE(show.lastLine(), m_publicKey);
    // Never twice; the key file stays as it was.
    QFile kf(keyFile);
    QVERIFY(kf.open(QIODevice::ReadOnly));
    const QByteArray secretFile = kf.readAll();
    QCOMPARE(plumeHq({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--db"), db()})
                 .code,
             1);
    QFile again(keyFile);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), secretFile);
    // The database alone holds no secret key.
    const hq::HqKeys k = hq::readKeyFile(keyFile);
    const QByteArray bytes = allDatabaseBytes(m_dir.path());
    QVERIFY(!bytes.contains(k.secretKey.toBase64()));
    QVERIFY(!bytes.contains(k.secretKey.left(32)));
}

// A new database for a second round keeps HQ's key file (the stations know its key):
// keys adopt records its public key, and serve starts with it.
void TestHqCli::keysAdoptKeepsTheKeyForANewRound()
{
    const QString keyFile = m_dir.filePath(QStringLiteral("hq.db.key")); // of initAndKeys
    const QString round2 = m_dir.filePath(QStringLiteral("round2.db"));
    QCOMPARE(plumeHq({QStringLiteral("init"), QStringLiteral("--db"),
                      QStringLiteral("sqlite:") + round2})
                 .code,
             0);
    // keys init refuses the existing file, and says what to do instead.
    const Run init = plumeHq(keysArgs(QStringLiteral("init"), round2, keyFile), inLanguage({}));
    QCOMPARE(init.code, 1);
    QVERIFY2(init.err.contains(QLatin1String("keys adopt")), qPrintable(init.err));
    const QByteArray keyBytes = fileBytes(keyFile);
    const Run adopt = plumeHq(keysArgs(QStringLiteral("adopt"), round2, keyFile));
    QCOMPARE(adopt.code, 0);
    QVERIFY2(adopt.out.startsWith(QStringLiteral("adopted %1 ").arg(keyFile)),
             qPrintable(adopt.out));
    QCOMPARE(adopt.lastLine(), m_publicKey);
    QCOMPARE(fileBytes(keyFile), keyBytes); // read, never rewritten
    QCOMPARE(plumeHq(keysArgs(QStringLiteral("show"), round2)).lastLine(), m_publicKey);
    // Again: the same key, nothing to change.
    QCOMPARE(plumeHq(keysArgs(QStringLiteral("adopt"), round2, keyFile)).lastLine(), m_publicKey);
    QProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PLUME_HQ_DB"), QStringLiteral("sqlite:") + round2);
    env.insert(QStringLiteral("PLUME_HQ_KEY_FILE"), keyFile);
    server.setProcessEnvironment(env);
    const quint16 port = hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY), {});
    server.terminate();
    server.waitForFinished(5000);
    QVERIFY2(port, server.readAllStandardError().constData());
}

// keys adopt never replaces a database's other key, and records nothing from a key file
// that is missing or not a plume-hq key.
void TestHqCli::keysAdoptRefusesAnotherOrABadKey()
{
    const QString keyFile = m_dir.filePath(QStringLiteral("hq.db.key"));
    const QString other = m_dir.filePath(QStringLiteral("adopt-other.db"));
    QCOMPARE(
        plumeHq({QStringLiteral("init"), QStringLiteral("--db"), QStringLiteral("sqlite:") + other})
            .code,
        0);
    const Run ownKey = plumeHq(keysArgs(QStringLiteral("init"), other));
    QCOMPARE(ownKey.code, 0);
    const Run refused = plumeHq(keysArgs(QStringLiteral("adopt"), other, keyFile), inLanguage({}));
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("déjà une autre clé")), qPrintable(refused.err));
    QCOMPARE(plumeHq(keysArgs(QStringLiteral("show"), other)).lastLine(), ownKey.lastLine());
    // A missing file, a file that is not a key, a key whose halves disagree.
    const QString empty = m_dir.filePath(QStringLiteral("adopt-empty.db"));
    QCOMPARE(
        plumeHq({QStringLiteral("init"), QStringLiteral("--db"), QStringLiteral("sqlite:") + empty})
            .code,
        0);
    const QString bad = m_dir.filePath(QStringLiteral("bad.key"));
    QByteArray mixed = fileBytes(keyFile);
    mixed.replace(mixed.indexOf("public ") + 7, 4, "AAAA");
    for (const QByteArray &content : {QByteArray(), QByteArray("not a key\n"), mixed}) {
        QFile::remove(bad);
        QFile f(bad);
        if (!content.isEmpty()) {
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
            f.close();
        }
        const Run r = plumeHq(keysArgs(QStringLiteral("adopt"), empty, bad));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(bad), qPrintable(r.err));
        QCOMPARE(plumeHq(keysArgs(QStringLiteral("show"), empty)).code, 1); // still no key
    }
}

void TestHqCli::electionsAndStations()
{
    const QString election = m_dir.filePath(QStringLiteral("election.json"));
    QFile f(election);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(hqtest::testElection());
    f.close();
    const Run add = plumeHq({QStringLiteral("elections"), QStringLiteral("add"),
                             QStringLiteral("--db"), db(), QStringLiteral("--election"), election});
    QCOMPARE(add.code, 0);
    QVERIFY(add.out.contains(QLatin1String("2 candidates, 2 stations")));
    // The same file again: no-op; another content with the same id: refused.
    QCOMPARE(plumeHq({QStringLiteral("elections"), QStringLiteral("add"), QStringLiteral("--db"),
                      db(), QStringLiteral("--election"), election})
                 .code,
             0);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(hqtest::testElection()).replace("Bob", "Robert"));
    f.close();
    QCOMPARE(plumeHq({QStringLiteral("elections"), QStringLiteral("add"), QStringLiteral("--db"),
                      db(), QStringLiteral("--election"), election})
                 .code,
             1);
    const QString key = QString::fromLatin1(m_station.publicKey.toBase64());
    auto stationsAdd = [&](const QString &code, const QString &b64, bool replace = false) {
        QStringList args{QStringLiteral("stations"),     QStringLiteral("add"),
                         QStringLiteral("--db"),         db(),
                         QStringLiteral("--station"),    code,
                         QStringLiteral("--public-key"), b64};
        if (replace)
            args << QStringLiteral("--replace");
        return plumeHq(args);
    };
    QCOMPARE(stationsAdd(QStringLiteral("S1"), key).out, QStringLiteral("enrolled station S1\n"));
    // An invisible trailing character, an underscore: not a station code.
    QCOMPARE(stationsAdd(QStringLiteral("S2\u200b"), key).code, 2);
    QCOMPARE(stationsAdd(QStringLiteral("S_2"), key).code, 2);
    QCOMPARE(stationsAdd(QStringLiteral("S2"), QStringLiteral("short")).code, 2);
    // "stations" that is not a list is refused, not read as none listed.
    const QString odd = m_dir.filePath(QStringLiteral("odd-election.json"));
    QFile o(odd);
    QVERIFY(o.open(QIODevice::WriteOnly));
    o.write(QByteArray(hqtest::testElection())
                .replace("\"stations\"", "\"stations\": \"oops\", \"unused\""));
    o.close();
    const Run refused = plumeHq({QStringLiteral("elections"), QStringLiteral("add"),
                                 QStringLiteral("--db"), db(), QStringLiteral("--election"), odd});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("stations")), qPrintable(refused.err));
    // Numbers past their range are refused before anything is read or served.
    QCOMPARE(plumeHq({QStringLiteral("import"), QStringLiteral("--db"), db(),
                      QStringLiteral("--max-body"), QStringLiteral("99999999999999999"), odd})
                 .code,
             2);
    QCOMPARE(plumeHq({QStringLiteral("serve"), QStringLiteral("--db"), db(),
                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                      QStringLiteral("--header-timeout"), QStringLiteral("4294968")})
                 .code,
             2);
}

void TestHqCli::runningServerFollowsKeyChanges()
{
    // serve takes its flags from the environment of the systemd unit.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PLUME_HQ_DB"), db());
    env.insert(QStringLiteral("PLUME_HQ_KEY_FILE"), m_dir.filePath(QStringLiteral("hq.db.key")));
    const QString tokenFile = m_dir.filePath(QStringLiteral("token"));
    QFile t(tokenFile);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("operator-token-0123456789\n");
    t.close();
    env.insert(QStringLiteral("PLUME_HQ_OPERATOR_TOKEN_FILE"), tokenFile);
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
    QProcess server;
    server.setProcessEnvironment(env);
    const quint16 port = hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY), {});
    QVERIFY(port);
    QNetworkAccessManager nam;
    auto submit = [&](const sync::KeyPair &k, qint64 batch) {
        return hqtest::post(nam, port, hqtest::contacts(k, QStringLiteral("S1"), batch).httpBody());
    };
    // An English environment: HQ's 422 sentences in English, numbers too (1,000, never the
    // French 1 000); the rule id is the same in every language.
    const hqtest::Reply sum = hqtest::post(nam, port, wrongSum(m_station).httpBody());
    QCOMPARE(sum.rule(), QStringLiteral("somme_voix"));
    const QString sentence = sum.json().value(QStringLiteral("error")).toString();
    QVERIFY2(sentence.contains(QLatin1String("1,000")) &&
                 sentence.contains(QLatin1String("valid votes")),
             qPrintable(sentence));
    QCOMPARE(submit(m_station, 1).status, 201);
    // Another process replaces the key: at the next request the old key is refused.
    const sync::KeyPair fresh = sync::generateKeyPair();
    QCOMPARE(
        plumeHq({QStringLiteral("stations"), QStringLiteral("add"), QStringLiteral("--db"), db(),
                 QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--public-key"),
                 QString::fromLatin1(fresh.publicKey.toBase64()), QStringLiteral("--replace")})
            .code,
        0);
    QCOMPARE(submit(m_station, 2).status, 401);
    QCOMPARE(submit(fresh, 2).status, 201);
    const Run revoke =
        plumeHq({QStringLiteral("stations"), QStringLiteral("revoke"), QStringLiteral("--db"), db(),
                 QStringLiteral("--station"), QStringLiteral("S1")});
    QCOMPARE(revoke.code, 0);
    QCOMPARE(revoke.err, QString()); // once said: option not defined: "public-key"
    const hqtest::Reply revoked = submit(fresh, 3);
    QCOMPARE(revoked.status, 401);
    QCOMPARE(revoked.rule(), QStringLiteral("station_revoked"));
    // The operator token from the file works.
    QCOMPARE(
        hqtest::get(nam, port, QStringLiteral("/stations/S1"), "operator-token-0123456789").status,
        200);
    server.terminate();
    server.waitForFinished(5000);
    // One access log line per request: codes, ids, status, time; never the payload.
    const QString log = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(log.contains(QLatin1String("status=201")), qPrintable(log));
    QVERIFY(log.contains(QLatin1String("station=S1")));
    QVERIFY(log.contains(QLatin1String("status=401")));
    QVERIFY(!log.contains(QLatin1String("ZORGLUB")));
    // Restore S1 for the next test.
    QCOMPARE(
        plumeHq({QStringLiteral("stations"), QStringLiteral("add"), QStringLiteral("--db"), db(),
                 QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--public-key"),
                 QString::fromLatin1(m_station.publicKey.toBase64()), QStringLiteral("--replace")})
            .code,
        0);
}

// The answers the HTTP layer gives itself (413, 431, 501, 400) are in the access log too,
// each once, as every other answer.
void TestHqCli::accessLogHasHttpRefusals()
{
    QProcess server;
    const quint16 port =
        hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY),
                        {QStringLiteral("--db"), db(), QStringLiteral("--key-file"),
                         m_dir.filePath(QStringLiteral("hq.db.key"))});
    QVERIFY(port);
    const QByteArray post = "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n";
    const struct
    {
        QByteArray request;
        QByteArray status;
    } refused[] = {
        {post + "Content-Length: 999999999\r\n\r\n", "413"},
        {"GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'a') + "\r\n\r\n", "431"},
        {post + "Transfer-Encoding: gzip\r\n\r\n", "501"},
        {post + "Transfer-Encoding: chunked\r\n\r\n0x2\r\n", "400"},
    };
    for (const auto &r : refused)
        QVERIFY(hqtest::rawExchange(port, r.request, 3000)
                    .startsWith(QByteArray("HTTP/1.1 " + r.status)));
    QVERIFY(hqtest::rawExchange(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200"));
    server.terminate();
    QVERIFY(server.waitForFinished(5000));
    const QByteArray log = server.readAllStandardError();
    for (const auto &r : refused)
        QVERIFY2(log.count(QByteArray(" status=" + r.status + ' ')) == 1, log.constData());
    QVERIFY2(log.contains(" POST /api/v1/submissions status=413 ms="), log.constData());
    QVERIFY2(log.contains(" - - status=431 ms="), log.constData()); // before its request line
    QCOMPARE(log.count(" status="), 5);
}

void TestHqCli::contactsExportRetentionPurge()
{
    // No contact in clear in the database (or its WAL), whatever was stored.
    QVERIFY(!allDatabaseBytes(m_dir.path()).contains("ZORGLUB"));
    const QString out = m_dir.filePath(QStringLiteral("contacts.json"));
    const Run exported = plumeHq({QStringLiteral("contacts"), QStringLiteral("export"),
                                  QStringLiteral("--db"), db(), QStringLiteral("--out"), out});
    QCOMPARE(exported.code, 0);
    QCOMPARE(exported.out, QStringLiteral("exported 2 contacts to %1\n").arg(out));
    QVERIFY(privateFile(out));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray firstExport = f.readAll();
    QVERIFY(firstExport.contains("ZORGLUB"));
    f.close();
    // An earlier export is never replaced: it may be the only copy of its contacts.
    const Run again = plumeHq({QStringLiteral("contacts"), QStringLiteral("export"),
                               QStringLiteral("--db"), db(), QStringLiteral("--out"), out});
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.contains(QStringLiteral("existe déjà")), qPrintable(again.err));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), firstExport);
    f.close();
    // Another key file: nothing decrypts.
    const QString other = m_dir.filePath(QStringLiteral("other.key"));
    hq::createKeyFile(other);
    const QString otherOut = m_dir.filePath(QStringLiteral("contacts-other-key.json"));
    QCOMPARE(plumeHq({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--db"),
                      db(), QStringLiteral("--key-file"), other, QStringLiteral("--out"), otherOut})
                 .code,
             1);
    QVERIFY(!QFileInfo::exists(otherOut));
    // A --days that is no number of days is refused, not replaced by the retention setting.
    for (const QString &bad : {QStringLiteral("-5"), QStringLiteral("abc"), QStringLiteral("1d")})
        QCOMPARE(plumeHq({QStringLiteral("contacts"), QStringLiteral("purge"),
                          QStringLiteral("--db"), db(), QStringLiteral("--days"), bad})
                     .code,
                 2);
    // Retention 0 days: purged at once; the receipts stay.
    QCOMPARE(plumeHq({QStringLiteral("contacts"), QStringLiteral("retention"),
                      QStringLiteral("--db"), db(), QStringLiteral("--days"), QStringLiteral("0")})
                 .code,
             0);
    const Run purged = plumeHq(
        {QStringLiteral("contacts"), QStringLiteral("purge"), QStringLiteral("--db"), db()});
    QCOMPARE(purged.out, QStringLiteral("purged 2 contact batch(es)\n"));
    const QString afterPurge = m_dir.filePath(QStringLiteral("contacts-after-purge.json"));
    QCOMPARE(plumeHq({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--db"),
                      db(), QStringLiteral("--out"), afterPurge})
                 .out,
             QStringLiteral("exported 0 contacts to %1\n").arg(afterPurge));
}

QTEST_GUILESS_MAIN(TestHqCli)
#include "tst_hqcli.moc"
