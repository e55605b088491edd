// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// `plume-hq import` under hostile or corrupt `.plume` files: a file far too large, deeply
// nested JSON, too many arrays or values, a gigantic string, a truncated file, random bytes,
// and the same inside the sealed box. Each gets a clear error and exit 1, stores nothing and
// keeps the importer's memory bounded (the HTTP body's limits: hq/import.h); a good file
// still imports.
#include "hq/import.h"
#include "hqtestutil.h"
#include "sync/crypto.h"
#include "sync/submission.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <sodium.h>
#include <sys/resource.h>

using namespace plume;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
};

const QString kStation = QStringLiteral("S1");

// A station's offline file around `inner` (as closing::exportOutbox writes it), sealed to
// `boxKey`.
QByteArray offlineFile(const QByteArray &inner, const QByteArray &boxKey,
                       const QString &station = kStation)
{
    QByteArray sealed(inner.size() + qsizetype(crypto_box_SEALBYTES), Qt::Uninitialized);
    crypto_box_seal(reinterpret_cast<unsigned char *>(sealed.data()),
                    reinterpret_cast<const unsigned char *>(inner.constData()),
                    static_cast<unsigned long long>(inner.size()),
                    reinterpret_cast<const unsigned char *>(boxKey.constData()));
    const QJsonObject file{{QStringLiteral("format"), QStringLiteral("plume.offline/1")},
                           {QStringLiteral("station"), station},
                           {QStringLiteral("count"), 1},
                           {QStringLiteral("recipient"), QString::fromLatin1(boxKey.toBase64())},
                           {QStringLiteral("sealed"), QString::fromLatin1(sealed.toBase64())}};
    return QJsonDocument(file).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray innerWith(const QJsonArray &bodies, const QString &station = kStation)
{
    const QJsonObject inner{{QStringLiteral("format"), QStringLiteral("plume.offline.inner/1")},
                            {QStringLiteral("station"), station},
                            {QStringLiteral("bodies"), bodies}};
    return QJsonDocument(inner).toJson(QJsonDocument::Compact);
}

QByteArray randomBytes(qsizetype size)
{
    QList<quint32> words(size / 4);
    QRandomGenerator::global()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), size);
}

QByteArray nested(qsizetype depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

} // namespace

class TestHqImport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void hostileFileStoresNothing_data();
    void hostileFileStoresNothing();
    void memoryStaysBounded();
    void goodFileStillImports();
    void receiptsNeverReplaceAFile();

private:
    Run import(const QString &path, const QStringList &options = {}) const;
    QString write(const QString &name, const QByteArray &bytes) const;
    QByteArray goodInner() const
    {
        return innerWith(
            {QString::fromLatin1(hqtest::pv(m_keys, kStation, 1, 600, 300).httpBody().toBase64())});
    }
    QTemporaryDir m_dir;
    hqtest::HqFixture m_hq;
    sync::KeyPair m_keys = sync::generateKeyPair();
    sync::KeyPair m_other = sync::generateKeyPair();
};

void TestHqImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    sync::ensureSodium();
    m_hq.init(m_dir.path());
    m_hq.db->addStation(kStation, m_keys.publicKey);
    m_hq.db->addStation(QStringLiteral("S2"), m_other.publicKey);
}

Run TestHqImport::import(const QString &path, const QStringList &options) const
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLUME_HQ_BINARY),
            QStringList{QStringLiteral("import"), QStringLiteral("--db"), m_hq.url,
                        QStringLiteral("--key-file"), m_hq.keyFile} +
                options + QStringList{path});
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString TestHqImport::write(const QString &name, const QByteArray &bytes) const
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestHqImport::hostileFileStoresNothing_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("said"); // part of the error
    const qint64 limit = hq::maxOfflineFileBytes(4 << 20);
    const QByteArray box = m_hq.keys.boxPublicKey;
    const QByteArray good = offlineFile(goodInner(), box);
    const QString notOurs = QStringLiteral("pas un fichier hors ligne Plume");
    const QString notList = QStringLiteral("pas une liste d'envois");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("fichier vide");
    QTest::newRow("random bytes") << randomBytes(1 << 20) << notOurs;
    QTest::newRow("truncated") << good.left(good.size() / 2) << notOurs;
    QTest::newRow("deeply nested")
        << "{\"format\":" + nested(500'000) + "}" << QStringLiteral("imbriqué sur plus de");
    QTest::newRow("too many arrays") << "{\"x\":[" + QByteArray("[],").repeated(2'000'000) + "[]]}"
                                     << QStringLiteral("tableaux ou objets");
    QTest::newRow("too many values") << "{\"x\":[" + QByteArray("0,").repeated(4'000'000) + "0]}"
                                     << QStringLiteral("valeurs JSON");
    QTest::newRow("gigantic string") << "{\"format\":\"" + QByteArray(limit, 'x') + "\"}"
                                     << QStringLiteral("fichier de plus de %1 octets").arg(limit);
    QTest::newRow("gigantic string under the limit")
        << "{\"format\":\"" + QByteArray(limit - 64, 'x') + "\"}" << notOurs;
    QTest::newRow("inner deeply nested")
        << offlineFile("{\"format\":\"plume.offline.inner/1\",\"bodies\":" + nested(200'000) + "}",
                       box)
        << QStringLiteral("imbriqué sur plus de");
    QTest::newRow("inner too many arrays")
        << offlineFile("{\"bodies\":[" + QByteArray("{},").repeated(1'000'000) + "{}]}", box)
        << QStringLiteral("tableaux ou objets");
    QTest::newRow("inner truncated")
        << offlineFile(goodInner().left(goodInner().size() - 10), box) << notList;
    QTest::newRow("inner random bytes") << offlineFile(randomBytes(4096), box) << notList;
    // Valid JSON, a box that opens, bodies correctly signed, but the file lies about its
    // station: its clear part edited, or another station's report slipped in beside S1's.
    const QString s2 = QStringLiteral("S2");
    const QString otherBody =
        QString::fromLatin1(hqtest::pv(m_other, s2, 1, 600, 300).httpBody().toBase64());
    const QString ownBody =
        QString::fromLatin1(hqtest::pv(m_keys, kStation, 1, 600, 300).httpBody().toBase64());
    QTest::newRow("clear part says another station")
        << offlineFile(goodInner(), box, s2) << QStringLiteral("contenu chiffré du bureau « S1 »");
    QTest::newRow("another station's report inside")
        << offlineFile(innerWith({ownBody, otherBody}), box)
        << QStringLiteral("signé par le bureau « S2 »");
    QTest::newRow("a file that says S2, carrying S1's report")
        << offlineFile(innerWith({ownBody}, s2), box, s2)
        << QStringLiteral("signé par le bureau « S1 »");
    // Anyone with HQ's public key can seal a box: a station name with terminal escapes (a
    // fake "0 refused" line, a cleared screen) is never quoted to the operator.
    const QString escapes = QStringLiteral("S1\x1b[2J\x1b]0;PWNED\x07FAKE OK: 0 refused");
    QTest::newRow("clear station with terminal escapes")
        << offlineFile(goodInner(), box, escapes) << QStringLiteral("pas un code de bureau");
    QTest::newRow("both stations with terminal escapes")
        << offlineFile(innerWith({ownBody}, escapes), box, escapes)
        << QStringLiteral("pas un code de bureau");
    QTest::newRow("sealed for another HQ")
        << offlineFile(goodInner(), sync::generateKeyPair().publicKey)
        << QStringLiteral("autre siège");
}

void TestHqImport::hostileFileStoresNothing()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, said);
    const QString path = write(QStringLiteral("hostile.plume"), file);
    const Run r = import(path);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("plume-hq: ") + path + QStringLiteral(": ")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(said), qPrintable(r.err));
    QVERIFY2(!r.err.contains(QChar(0x1b)) && !r.err.contains(QStringLiteral("PWNED")),
             qPrintable(r.err));
    QCOMPARE(m_hq.db->receiptCount(), 0);
    QFile::remove(path);
}

// A sparse file of 4 GiB (and a device that never ends) is refused before it is read; the
// importer's peak memory, over every hostile file above, stays within a few times the limit.
void TestHqImport::memoryStaysBounded()
{
    const qint64 limit = hq::maxOfflineFileBytes(4 << 20);
    const QString sparse = m_dir.filePath(QStringLiteral("sparse.plume"));
    {
        QFile f(sparse);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.resize(4LL << 30));
    }
    for (const QString &path : {sparse, QStringLiteral("/dev/zero")}) {
        const Run r = import(path);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("fichier de plus de %1 octets").arg(limit)),
                 qPrintable(r.err));
    }
    QFile::remove(sparse);
    rusage usage{};
    QCOMPARE(getrusage(RUSAGE_CHILDREN, &usage), 0); // the largest child so far, in KiB
    const qint64 peakMiB = usage.ru_maxrss / 1024;
    qInfo("largest plume-hq import peak RSS: %lld MiB (file limit %lld MiB)", peakMiB, limit >> 20);
    QCOMPARE(m_hq.db->receiptCount(), 0);
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's shadow memory and quarantine inflate the peak: bound not checked");
#endif
    QVERIFY2(peakMiB < 5 * (limit >> 20), qPrintable(QString::number(peakMiB)));
}

void TestHqImport::goodFileStillImports()
{
    const QString path =
        write(QStringLiteral("good.plume"), offlineFile(goodInner(), m_hq.keys.boxPublicKey));
    Run r = import(path);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral(": 1 stored, 0 already stored, 0 refused")),
             qPrintable(r.out));
    QCOMPARE(m_hq.db->receiptCount(), 1);
    r = import(path);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral(": 0 stored, 1 already stored, 0 refused")),
             qPrintable(r.out));
    QCOMPARE(m_hq.db->receiptCount(), 1);
}

// --receipts writes a new file only. It once replaced whatever it named, through symlinks
// too: HQ's database (a running server then stored into a deleted file) or its key file
// (every contact sealed to it lost). Refused before anything is imported.
void TestHqImport::receiptsNeverReplaceAFile()
{
    const QByteArray inner = innerWith(
        {QString::fromLatin1(
            hqtest::pv(m_other, QStringLiteral("S2"), 1, 600, 300).httpBody().toBase64())},
        QStringLiteral("S2"));
    const QString path = write(QStringLiteral("receipts.plume"),
                               offlineFile(inner, m_hq.keys.boxPublicKey, QStringLiteral("S2")));
    const QByteArray key = [&] {
        QFile f(m_hq.keyFile);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QVERIFY(!key.isEmpty());
    const QString toKey = m_dir.filePath(QStringLiteral("today.json"));
    const QString dangling = m_dir.filePath(QStringLiteral("dangling.json"));
    QVERIFY(QFile::link(m_hq.keyFile, toKey));
    QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("nowhere/x.json")), dangling));
    const qint64 before = m_hq.db->receiptCount();
    for (const QString &target : {m_hq.keyFile, toKey, dangling}) {
        const Run r = import(path, {QStringLiteral("--receipts"), target});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("existe déjà")), qPrintable(r.err));
        QCOMPARE(m_hq.db->receiptCount(), before); // nothing imported
    }
    // A folder that does not exist: said before anything is imported (it stored, then
    // failed to write the receipts).
    const Run missing = import(
        path, {QStringLiteral("--receipts"), m_dir.filePath(QStringLiteral("missing/r.json"))});
    QCOMPARE(missing.code, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("n'existe pas")), qPrintable(missing.err));
    QCOMPARE(m_hq.db->receiptCount(), before);
    QFile f(m_hq.keyFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), key);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nowhere/x.json"))));
    const QString fresh = m_dir.filePath(QStringLiteral("fresh.json"));
    const Run r = import(path, {QStringLiteral("--receipts"), fresh});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("receipts: 1 written to ") + fresh), qPrintable(r.out));
    QCOMPARE(QFileInfo(fresh).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
}

QTEST_GUILESS_MAIN(TestHqImport)
#include "tst_hqimport.moc"
