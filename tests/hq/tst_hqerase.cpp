// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// `plume-hq contacts erase` (docs/hq.md#erase): a voter who withdraws consent after delivery is
// erased from HQ's sealed batches, the rest of each batch kept and exported intact, an audit
// row without name or e-mail; a re-delivery does not bring them back; wrong key, unknown or
// purged sheets, a reason naming the voter change nothing; it runs beside a running `serve`;
// no clear contact nor old sealed box is left in the database files.
#include "hqtestutil.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
};

QProcessEnvironment french()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PLUME_HQ_DB"})
        env.remove(QLatin1String(v));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
    return env;
}

Run plumeHq(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(french());
    p.start(QStringLiteral(PLUME_HQ_BINARY), args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject contact(int sheet, const QString &nom, const QString &email)
{
    return QJsonObject{{QStringLiteral("sheet"), QStringLiteral("contact-%1").arg(sheet)},
                       {QStringLiteral("fields"),
                        QJsonObject{{QStringLiteral("nom"), nom},
                                    {QStringLiteral("prenom"), QStringLiteral("Camille")},
                                    {QStringLiteral("email"), email},
                                    {QStringLiteral("consentement"), QStringLiteral("oui")}}}};
}

sync::Submission batch(const sync::KeyPair &k, const QString &station, qint64 n,
                       const QJsonArray &contacts)
{
    return sync::Submission::create(
        sync::kKindContacts, n, station,
        QJsonObject{{QStringLiteral("type"), QStringLiteral("contacts")},
                    {QStringLiteral("election"), QStringLiteral("test-2026")},
                    {QStringLiteral("batch"), n},
                    {QStringLiteral("contacts"), contacts}},
        k);
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestHqErase : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void erasesOneSheetAndKeepsTheRest();
    void sameEmailInTwoBatchesBothErased();
    void exportedVoterIsSaidAndResentBatchStaysErased();
    void hostileCasesChangeNothing();
    void aBatchNotReceivedYetIsErasedOnArrival();
    void usageErrors();
    void erasesWhileServeRuns();

private:
    QString db() const { return m_hq.url; }
    QStringList erase(const QStringList &who) const
    {
        return QStringList{QStringLiteral("contacts"),   QStringLiteral("erase"),
                           QStringLiteral("--db"),       db(),
                           QStringLiteral("--key-file"), m_hq.keyFile} +
               who;
    }
    void store(const sync::Submission &s, int status = 201);
    QString exported(const QString &name);
    QVariantList column(const QString &sql);
    QByteArray databaseBytes() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    hqtest::HqFixture m_hq;
    sync::KeyPair m_s1 = sync::generateKeyPair();
    sync::KeyPair m_s2 = sync::generateKeyPair();
};

void TestHqErase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_hq.init(m_dir->path());
    m_hq.db->addStation(QStringLiteral("S1"), m_s1.publicKey);
    m_hq.db->addStation(QStringLiteral("S2"), m_s2.publicKey);
}

void TestHqErase::cleanup()
{
    m_hq.db.reset();
    m_dir.reset();
}

void TestHqErase::store(const sync::Submission &s, int status)
{
    const hq::CheckedSubmission c = hq::checkSubmission(*m_hq.db, s.httpBody());
    QVERIFY2(c.accepted, c.refusal ? qPrintable(c.refusal->message) : "refused");
    QCOMPARE(m_hq.db->ingestBatch({*c.accepted}, m_hq.keys).value(0).status, status);
}

// `contacts export` to a new file in the test folder: its bytes.
QString TestHqErase::exported(const QString &name)
{
    const QString path = m_dir->filePath(name);
    const Run r =
        plumeHq({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--db"), db(),
                 QStringLiteral("--key-file"), m_hq.keyFile, QStringLiteral("--out"), path});
    if (r.code != 0)
        qWarning("export: %s", qPrintable(r.err));
    return QString::fromUtf8(fileBytes(path));
}

// The first column of every row of `sql`, read on a connection of its own.
QVariantList TestHqErase::column(const QString &sql)
{
    QVariantList out;
    QSqlQuery q(m_hq.db->database());
    if (!q.exec(sql))
        qWarning("%s", qPrintable(sql));
    while (q.next())
        out << q.value(0);
    return out;
}

QByteArray TestHqErase::databaseBytes() const
{
    QByteArray all;
    for (const char *suffix : {"", "-wal", "-shm"})
        all += fileBytes(m_dir->filePath(QStringLiteral("hq.db") + QLatin1String(suffix)));
    return all;
}

void TestHqErase::erasesOneSheetAndKeepsTheRest()
{
    store(batch(m_s1, QStringLiteral("S1"), 1,
                {contact(1, QStringLiteral("DUPONTEL"), QStringLiteral("dupontel@example.org")),
                 contact(2, QStringLiteral("MARTINEAU"), QStringLiteral("m@example.org"))}));
    const QString oldBox =
        column(QStringLiteral("SELECT sealed FROM contact_boxes")).value(0).toString();
    QVERIFY(oldBox.size() > 100);
    const Run r =
        plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--sheet"),
                       QStringLiteral("contact-001"), QStringLiteral("--reason"),
                       QStringLiteral("retrait du consentement par lettre")}));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith(QLatin1String("erased: 1\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("bureau S1, contact-1, lot 1")), qPrintable(r.out));
    QCOMPARE(r.err, QString()); // never exported: no warning
    QVERIFY(!QString(r.out + r.err).contains(QLatin1String("DUPONTEL"), Qt::CaseInsensitive));
    // The rest of the batch is exported intact, marked as no longer the station's signed batch.
    const QString after = exported(QStringLiteral("after.json"));
    QVERIFY2(after.contains(QLatin1String("MARTINEAU")) &&
                 !after.contains(QLatin1String("DUPONTEL")),
             qPrintable(after));
    QVERIFY2(after.contains(QLatin1String("\"batch_edited_at\"")), qPrintable(after));
    QVERIFY(after.contains(QLatin1String("m@example.org")));
    // The audit row: station, sheet, batch, time, reason; the signature no longer kept.
    QCOMPARE(column(QStringLiteral("SELECT station || ' ' || sheet || ' ' || batch || ' ' || "
                                   "reason FROM contact_erasures")),
             QVariantList{QStringLiteral("S1 contact-1 1 retrait du consentement par lettre")});
    QCOMPARE(column(QStringLiteral("SELECT signature FROM contact_boxes")),
             QVariantList{QString()});
    // Neither the person nor the box that held them is left in the files (this connection
    // still open: no checkpoint at its close does the erase's work).
    const QByteArray bytes = databaseBytes();
    QVERIFY(!bytes.contains("DUPONTEL") && !bytes.contains("dupontel@"));
    QVERIFY(!bytes.contains(oldBox.toLatin1()));
    QVERIFY(!bytes.contains(oldBox.toLatin1().mid(200, 64)));
}

void TestHqErase::sameEmailInTwoBatchesBothErased()
{
    store(batch(m_s1, QStringLiteral("S1"), 1,
                {contact(1, QStringLiteral("LEGRAND"), QStringLiteral("Jeanne.Doe@Example.org")),
                 contact(2, QStringLiteral("PETITJEAN"), QStringLiteral("pj@example.org"))}));
    store(batch(m_s2, QStringLiteral("S2"), 4,
                {contact(9, QStringLiteral("LEGRAND"), QStringLiteral("jeanne.doe@example.org"))}));
    const Run r =
        plumeHq(erase({QStringLiteral("--email"), QStringLiteral("JEANNE.DOE@example.org")}));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QLatin1String("erased: 2\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Ce courriel figurait sur 2 fiches")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Le lot 4 du bureau S2 ne garde plus aucun contact")),
             qPrintable(r.out));
    QVERIFY(!r.out.contains(QLatin1String("jeanne"), Qt::CaseInsensitive));
    // S2's batch emptied as a purge empties one; S1's keeps PETITJEAN.
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_boxes WHERE station = 'S2' AND "
                                   "sealed IS NULL AND purged_at IS NOT NULL"))
                 .value(0)
                 .toInt(),
             1);
    const QString after = exported(QStringLiteral("after.json"));
    QVERIFY2(after.contains(QLatin1String("PETITJEAN")) &&
                 !after.contains(QLatin1String("LEGRAND")),
             qPrintable(after));
    // Again: nobody left with that address, nothing changed (exit 1).
    const Run again =
        plumeHq(erase({QStringLiteral("--email"), QStringLiteral("jeanne.doe@example.org")}));
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.contains(QStringLiteral("rien n'a été effacé")), qPrintable(again.err));
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_erasures")).value(0).toInt(), 2);
}

void TestHqErase::exportedVoterIsSaidAndResentBatchStaysErased()
{
    const sync::Submission s =
        batch(m_s1, QStringLiteral("S1"), 3,
              {contact(7, QStringLiteral("RETRAIT"), QStringLiteral("r@example.org")),
               contact(8, QStringLiteral("RESTE"), QStringLiteral("s@example.org"))});
    store(s);
    const QString first = exported(QStringLiteral("first.json"));
    QVERIFY(first.contains(QLatin1String("RETRAIT")));
    // A second export holds the voter too: the warning gives the first, and every one since.
    QVERIFY(exported(QStringLiteral("second.json")).contains(QLatin1String("RETRAIT")));
    const Run r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"),
                                 QStringLiteral("--sheet"), QStringLiteral("contact-7")}));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString when =
        column(QStringLiteral("SELECT exported_at FROM contact_boxes")).value(0).toString();
    QVERIFY2(r.err.contains(
                 QStringLiteral("attention : l'export de contacts du %1").arg(when.left(10))) &&
                 r.err.contains(QStringLiteral("et chaque export fait depuis")) &&
                 r.err.contains(QStringLiteral("doit l'y effacer")),
             qPrintable(r.err));
    QCOMPARE(column(QStringLiteral("SELECT exported_at FROM contact_erasures")),
             QVariantList{when});
    QVERIFY(fileBytes(m_dir->filePath(QStringLiteral("first.json"))).contains("RETRAIT"));
    // The same batch delivered again (same uuid, same bytes): a duplicate, nothing stored.
    store(s, 200);
    const QString after = exported(QStringLiteral("after.json"));
    QVERIFY2(!after.contains(QLatin1String("RETRAIT")) && after.contains(QLatin1String("RESTE")),
             qPrintable(after));
}

void TestHqErase::hostileCasesChangeNothing()
{
    store(batch(m_s1, QStringLiteral("S1"), 1,
                {contact(1, QStringLiteral("GARDEE"), QStringLiteral("g@example.org"))}));
    const QString q = QStringLiteral("SELECT sealed || signature FROM contact_boxes ORDER BY uuid");
    const QVariantList before = column(q);
    // Another HQ's key file.
    const QString other = m_dir->filePath(QStringLiteral("other.key"));
    hq::createKeyFile(other);
    QStringList args = erase({QStringLiteral("--station"), QStringLiteral("S1"),
                              QStringLiteral("--sheet"), QStringLiteral("contact-1")});
    args[5] = other;
    Run r = plumeHq(args);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("fichier de clé")), qPrintable(r.err));
    // A station HQ does not know, a sheet it never received.
    r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S9"), QStringLiteral("--sheet"),
                       QStringLiteral("contact-1")}));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("n'est pas inscrit")), qPrintable(r.err));
    r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--sheet"),
                       QStringLiteral("contact-2")}));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("rien n'a été effacé")), qPrintable(r.err));
    // A reason that names the person: the audit log would keep it in clear.
    r = plumeHq(
        erase({QStringLiteral("--email"), QStringLiteral("g@example.org"),
               QStringLiteral("--reason"), QStringLiteral("demande de Gardee par téléphone")}));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Rien n'a été effacé")), qPrintable(r.err));
    QCOMPARE(column(q), before);
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_erasures")).value(0).toInt(), 0);
    // A sheet in a batch already purged after its export: said, nothing to erase.
    exported(QStringLiteral("e.json"));
    QCOMPARE(plumeHq({QStringLiteral("contacts"), QStringLiteral("purge"), QStringLiteral("--db"),
                      db(), QStringLiteral("--days"), QStringLiteral("0")})
                 .code,
             0);
    r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--sheet"),
                       QStringLiteral("contact-1")}));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("1 lot déjà purgé après export")), qPrintable(r.err));
}

// The station counted the batch as offered (an offline file not imported yet, a send whose
// answer was lost) and sent the voter to HQ with its number: HQ does not hold it yet, so the
// erasure waits, and the batch is stored without the voter when it arrives (HQ used to say
// « rien n'a été effacé », and the batch brought the voter in afterwards).
void TestHqErase::aBatchNotReceivedYetIsErasedOnArrival()
{
    const auto sheet = [&](const QString &n, const QString &b) {
        return plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"),
                              QStringLiteral("--sheet"), n, QStringLiteral("--batch"), b,
                              QStringLiteral("--reason"), QStringLiteral("retrait par courrier")}));
    };
    // Without --batch nothing waits: a mistyped sheet would wait for whoever gets its number.
    Run r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"),
                           QStringLiteral("--sheet"), QStringLiteral("contact-7")}));
    QCOMPARE(r.code, 1);
    // The same number in an earlier batch (a station file replaced, numbers started again) is
    // another voter: --batch 3 leaves them be and waits for batch 3 (review of 2026-12-02: it
    // erased them, said erased: 1, and batch 3's voter was then stored whole).
    store(batch(m_s1, QStringLiteral("S1"), 2,
                {contact(7, QStringLiteral("AUTREVOTANT"), QStringLiteral("autre@example.org"))}));
    r = sheet(QStringLiteral("contact-007"), QStringLiteral("3"));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QLatin1String("erased: 0\npending: 1\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Le lot 3 du bureau S1 n'est pas encore arrivé")),
             qPrintable(r.out));
    QCOMPARE(sheet(QStringLiteral("contact-9"), QStringLiteral("3")).code, 0); // not in it
    // What waits is listed for the operator (a batch that never comes keeps it waiting).
    const QStringList listPending{QStringLiteral("contacts"), QStringLiteral("pending"),
                                  QStringLiteral("--db"), db()};
    r = plumeHq(listPending);
    QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("pending: 2\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("bureau S1, fiche contact-7, lot 3 : effacement "
                                           "demandé le ")),
             qPrintable(r.out));
    QVERIFY(!r.out.contains(QStringLiteral("courrier"))); // never the reason
    const auto arriving =
        batch(m_s1, QStringLiteral("S1"), 3,
              {contact(7, QStringLiteral("ARRIVEPLUSTARD"), QStringLiteral("tard@example.org")),
               contact(8, QStringLiteral("RESTEICI"), QStringLiteral("reste@example.org"))});
    store(arriving);
    QCOMPARE(column(QStringLiteral("SELECT station || ' ' || sheet || ' ' || batch || ' ' || "
                                   "reason FROM contact_erasures")),
             QVariantList{QStringLiteral("S1 contact-7 3 retrait par courrier")});
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_boxes WHERE batch = 2 AND "
                                   "signature <> ''"))
                 .value(0)
                 .toInt(),
             1); // batch 2 untouched
    QCOMPARE(column(QStringLiteral("SELECT sheet FROM contact_erasures_pending WHERE applied_at IS "
                                   "NOT NULL AND uuid = '%1'")
                        .arg(arriving.uuid)),
             QVariantList{7});
    QCOMPARE(column(QStringLiteral("SELECT sheet FROM contact_erasures_pending WHERE applied_at IS "
                                   "NULL")),
             QVariantList{9}); // contact-9 was in no batch: it waits, and erased nobody
    r = plumeHq(listPending);
    QVERIFY2(r.out.startsWith(QLatin1String("pending: 1\nbureau S1, fiche contact-9, lot 3")),
             qPrintable(r.out));
    QCOMPARE(plumeHq(listPending + QStringList{QStringLiteral("--key-file"), m_hq.keyFile}).code,
             2); // an option of another contacts command
    QCOMPARE(column(QStringLiteral("SELECT signature FROM contact_boxes WHERE batch = 3")),
             QVariantList{QString()});
    const QString after = exported(QStringLiteral("after.json"));
    QVERIFY2(after.contains(QLatin1String("RESTEICI")) &&
                 after.contains(QLatin1String("AUTREVOTANT")) &&
                 !after.contains(QLatin1String("ARRIVEPLUSTARD")),
             qPrintable(after));
    QVERIFY2(after.contains(QLatin1String("\"batch_edited_at\"")), qPrintable(after));
    // Sent again: a duplicate with the same receipt; --batch for a batch received erases.
    store(arriving, 200);
    r = sheet(QStringLiteral("contact-8"), QStringLiteral("3"));
    QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("erased: 1\n")), qPrintable(r.out));
    QVERIFY(!r.out.contains(QLatin1String("pending")));
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_erasures_pending")).value(0), 2);
    // Asked again once done: said as done, exit 0 (it read « rien n'a été effacé »).
    r = sheet(QStringLiteral("contact-7"), QStringLiteral("3"));
    QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("déjà été effacée à l'arrivée du lot 3")),
             qPrintable(r.out + r.err));
    // A reason that names the voter could not be checked before the batch came: it is dropped
    // then, never kept in the erasure log; a batch left with nobody is emptied as a purge.
    r = plumeHq(erase({QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--sheet"),
                       QStringLiteral("contact-10"), QStringLiteral("--batch"), QStringLiteral("4"),
                       QStringLiteral("--reason"), QStringLiteral("Nommedanslaraison a écrit")}));
    QCOMPARE(r.code, 0);
    store(
        batch(m_s1, QStringLiteral("S1"), 4,
              {contact(10, QStringLiteral("NOMMEDANSLARAISON"), QStringLiteral("n@example.org"))}));
    QCOMPARE(
        column(QStringLiteral("SELECT reason FROM contact_erasures WHERE sheet = 'contact-10'")),
        QVariantList{QString()});
    QCOMPARE(column(QStringLiteral("SELECT reason FROM contact_erasures_pending WHERE sheet = 10")),
             QVariantList{QString()}); // kept in the erasure log only
    QCOMPARE(column(QStringLiteral("SELECT count(*) FROM contact_boxes WHERE batch = 4 AND sealed "
                                   "IS NULL AND purged_at IS NOT NULL"))
                 .value(0)
                 .toInt(),
             1);
    // Last: reading the files in this process drops SQLite's POSIX locks on them.
    const QByteArray bytes = databaseBytes();
    QVERIFY(!bytes.contains("ARRIVEPLUSTARD"));
    QVERIFY(!bytes.contains("NOMMEDANSLARAISON"));
}

void TestHqErase::usageErrors()
{
    const QStringList bad[] = {
        {},
        {QStringLiteral("--station"), QStringLiteral("S1")},
        {QStringLiteral("--station"), QStringLiteral("S1"), QStringLiteral("--sheet"),
         QStringLiteral("fiche-1")},
        {QStringLiteral("--email"), QStringLiteral("a@b"), QStringLiteral("--station"),
         QStringLiteral("S1")},
        {QStringLiteral("--email"), QStringLiteral("pas une adresse")},
        {QStringLiteral("--email"), QStringLiteral("a@b"), QStringLiteral("--out"),
         m_dir->filePath(QStringLiteral("x.json"))},
        {QStringLiteral("--email"), QStringLiteral("a@b"), QStringLiteral("--days"),
         QStringLiteral("3")},
    };
    for (const QStringList &who : bad) {
        const Run r = plumeHq(erase(who));
        QVERIFY2(r.code == 2,
                 qPrintable(who.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
    }
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("x.json"))));
    // Its options are refused by the other contacts commands, never ignored.
    const Run purge =
        plumeHq({QStringLiteral("contacts"), QStringLiteral("purge"), QStringLiteral("--db"), db(),
                 QStringLiteral("--days"), QStringLiteral("0"), QStringLiteral("--email"),
                 QStringLiteral("a@b")});
    QCOMPARE(purge.code, 2);
    QVERIFY2(
        purge.err.contains(QStringLiteral("--email ne sert pas à « plume-hq contacts purge »")),
        qPrintable(purge.err));
    const Run help =
        plumeHq({QStringLiteral("contacts"), QStringLiteral("erase"), QStringLiteral("--help")});
    QVERIFY2(help.out.contains(QLatin1String("--email")) &&
                 help.out.contains(QLatin1String("--sheet")) &&
                 !help.out.contains(QLatin1String("--out")) &&
                 !help.out.contains(QLatin1String("--days")),
             qPrintable(help.out));
    const Run exportHelp =
        plumeHq({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--help")});
    QVERIFY(!exportHelp.out.contains(QLatin1String("--email")));
    QVERIFY(
        plumeHq({QStringLiteral("--help")}).out.contains(QLatin1String("contacts erase --db URL")));
}

// Beside a running `serve` storing batches: the erase waits for the write lock, every
// submission is stored, the erased voter is gone and the others are all there.
void TestHqErase::erasesWhileServeRuns()
{
    store(batch(m_s1, QStringLiteral("S1"), 1,
                {contact(1, QStringLiteral("PARTANT"), QStringLiteral("p@example.org")),
                 contact(2, QStringLiteral("RESTANT"), QStringLiteral("q@example.org"))}));
    m_hq.db.reset();
    QProcess server;
    const quint16 port =
        hqtest::startHq(server, QStringLiteral(PLUME_HQ_BINARY),
                        {QStringLiteral("--db"), db(), QStringLiteral("--key-file"), m_hq.keyFile,
                         QStringLiteral("--quiet")});
    QVERIFY(port);
    QProcess eraser;
    eraser.setProcessEnvironment(french());
    QNetworkAccessManager nam;
    int stored = 0;
    for (int n = 2; n <= 41; ++n) {
        if (n == 10)
            eraser.start(QStringLiteral(PLUME_HQ_BINARY),
                         erase({QStringLiteral("--email"), QStringLiteral("P@example.org")}));
        stored += hqtest::post(
                      nam, port,
                      batch(m_s2, QStringLiteral("S2"), n,
                            {contact(n, QStringLiteral("VOTANT"), QStringLiteral("v@example.org"))})
                          .httpBody())
                      .status == 201;
    }
    QTRY_VERIFY_WITH_TIMEOUT(eraser.state() == QProcess::NotRunning, 30000);
    QVERIFY2(eraser.exitStatus() == QProcess::NormalExit && eraser.exitCode() == 0,
             eraser.readAllStandardError().constData());
    QVERIFY(eraser.readAllStandardOutput().startsWith("erased: 1\n"));
    QCOMPARE(stored, 40);
    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    m_hq.db = hq::HqDatabase::open(db());
    const QString after = exported(QStringLiteral("after.json"));
    QVERIFY(!after.contains(QLatin1String("PARTANT")) && after.contains(QLatin1String("RESTANT")));
    QCOMPARE(after.count(QLatin1String("VOTANT")), 40);
    QVERIFY(!fileBytes(m_dir->filePath(QStringLiteral("hq.db-wal"))).contains("PARTANT"));
}

QTEST_GUILESS_MAIN(TestHqErase)
#include "tst_hqerase.moc"
