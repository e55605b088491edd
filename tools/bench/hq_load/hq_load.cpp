// hq_load: N simulated stations, each sending 1 PV and B contact batches to plume-hq over
// loopback; reports submissions/s, p50/p99 latency, and checks that the database holds
// every submission exactly once. Bodies are built in canonical form directly (ASCII only,
// keys in order), signed with deterministic per-station Ed25519 keys.
//
// hq_load --hq-binary PATH --db URL [--stations 10000] [--batches 20] [--concurrency 32]
//         [--durability full|process]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QByteArray seedKey(int station, QByteArray *pub)
{
    unsigned char seed[32], pk[32], sk[64];
    const QByteArray tag = "plume-bench-" + QByteArray::number(station);
    crypto_hash_sha256(seed, reinterpret_cast<const unsigned char *>(tag.constData()),
                       static_cast<unsigned long long>(tag.size()));
    crypto_sign_seed_keypair(pk, sk, seed);
    *pub = QByteArray(reinterpret_cast<char *>(pk), 32);
    return QByteArray(reinterpret_cast<char *>(sk), 64);
}

QByteArray body(const QByteArray &sk, const QByteArray &station, bool pv, int version)
{
    const QByteArray uuid = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QByteArray payload;
    if (pv) {
        payload = "{\"candidates\":[{\"id\":\"a\",\"name\":\"Alice\",\"order\":1,\"voix\":300},"
                  "{\"id\":\"b\",\"name\":\"Bob\",\"order\":2,\"voix\":185}],\"correction_reason\":"
                  "\"\",\"counts\":{\"blancs\":10,\"enveloppes\":500,\"exprimes\":485,\"inscrits\":"
                  "900,\"nuls\":5,\"votants\":500},\"type\":\"pv\",\"version\":1}";
    } else {
        payload = "{\"batch\":" + QByteArray::number(version) + ",\"contacts\":[";
        for (int i = 0; i < 3; ++i)
            payload += QByteArray(i ? "," : "") +
                       "{\"fields\":{\"code_postal\":\"75011\","
                       "\"commune\":\"PARIS\",\"consentement\":\"oui\",\"nom\":\"NOM" +
                       QByteArray::number(version * 10 + i) +
                       "\",\"prenom\":\"Jeanne\"},"
                       "\"sheet\":\"contact-" +
                       QByteArray::number(version * 10 + i) + "\"}";
        payload += "],\"type\":\"contacts\"}";
    }
    const QByteArray created =
        QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
    const QByteArray signedBytes = "{\"created_at\":\"" + created + "\",\"kind\":\"" +
                                   (pv ? "pv" : "contacts") + "\",\"payload\":" + payload +
                                   ",\"station\":\"" + station + "\",\"uuid\":\"" + uuid +
                                   "\",\"version\":" + QByteArray::number(version) + "}";
    unsigned char hash[32], sig[64];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char *>(signedBytes.constData()),
                       static_cast<unsigned long long>(signedBytes.size()));
    crypto_sign_detached(sig, nullptr,
                         reinterpret_cast<const unsigned char *>(signedBytes.constData()),
                         static_cast<unsigned long long>(signedBytes.size()),
                         reinterpret_cast<const unsigned char *>(sk.constData()));
    return "{\"format\":\"plume.submission/1\",\"sha256\":\"" +
           QByteArray(reinterpret_cast<char *>(hash), 32).toHex() + "\",\"signature\":\"" +
           QByteArray(reinterpret_cast<char *>(sig), 64).toBase64() +
           "\",\"signed\":" + signedBytes + "}";
}

QSqlDatabase openDb(const QString &url)
{
    QSqlDatabase db;
    if (url.startsWith(QLatin1String("postgres"))) {
        const QUrl u(url);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench"));
        const QUrlQuery q(u);
        db.setHostName(q.hasQueryItem(QStringLiteral("host"))
                           ? q.queryItemValue(QStringLiteral("host"))
                           : u.host());
        if (u.port() > 0)
            db.setPort(u.port());
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
        db.setDatabaseName(url.startsWith(QLatin1String("sqlite:")) ? url.mid(7) : url);
    }
    if (!db.open())
        qFatal("cannot open %s: %s", qPrintable(url), qPrintable(db.lastError().text()));
    return db;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (sodium_init() < 0)
        return 1;
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption hqBin(QStringLiteral("hq-binary"), QStringLiteral("plume-hq"),
                                   QStringLiteral("PATH"));
    const QCommandLineOption dbOpt(QStringLiteral("db"), QStringLiteral("HQ database URL"),
                                   QStringLiteral("URL"));
    const QCommandLineOption nOpt(QStringLiteral("stations"), QStringLiteral("stations"),
                                  QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption bOpt(QStringLiteral("batches"), QStringLiteral("contact batches"),
                                  QStringLiteral("B"), QStringLiteral("20"));
    const QCommandLineOption cOpt(QStringLiteral("concurrency"), QStringLiteral("in flight"),
                                  QStringLiteral("C"), QStringLiteral("32"));
    const QCommandLineOption dOpt(QStringLiteral("durability"), QStringLiteral("full|process"),
                                  QStringLiteral("D"), QStringLiteral("full"));
    p.addOptions({hqBin, dbOpt, nOpt, bOpt, cOpt, dOpt});
    p.process(app);
    const int stations = p.value(nOpt).toInt(), batches = p.value(bOpt).toInt();
    const int concurrency = p.value(cOpt).toInt();
    const QString dbUrl = p.value(dbOpt);

    // 1. Schema (via plume-hq itself) and enrolment of every station in one transaction.
    QByteArray pub;
    QVector<QByteArray> secret(stations);
    secret[0] = seedKey(0, &pub);
    if (QProcess::execute(p.value(hqBin),
                          {QStringLiteral("stations"), QStringLiteral("add"),
                           QStringLiteral("--db"), dbUrl, QStringLiteral("--station"),
                           QStringLiteral("B00000"), QStringLiteral("--public-key"),
                           QString::fromLatin1(pub.toBase64())}) != 0)
        qFatal("enrolment failed");
    {
        QSqlDatabase db = openDb(dbUrl);
        db.transaction();
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("INSERT INTO stations (code, public_key, added_at) VALUES (?, ?, ?)"));
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        for (int i = 1; i < stations; ++i) {
            secret[i] = seedKey(i, &pub);
            q.addBindValue(QStringLiteral("B%1").arg(i, 5, 10, QLatin1Char('0')));
            q.addBindValue(QString::fromLatin1(pub.toBase64()));
            q.addBindValue(now);
            if (!q.exec())
                qFatal("enrol: %s", qPrintable(q.lastError().text()));
        }
        db.commit();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));

    // 2. Bodies, built before the clock starts (interleaved: each station's PV first).
    std::vector<QByteArray> bodies;
    bodies.reserve(size_t(stations) * size_t(batches + 1));
    for (int v = 0; v <= batches; ++v)
        for (int i = 0; i < stations; ++i)
            bodies.push_back(body(secret[i],
                                  QStringLiteral("B%1").arg(i, 5, 10, QLatin1Char('0')).toLatin1(),
                                  v == 0, v == 0 ? 1 : v));
    std::fprintf(stderr, "prepared %zu submissions\n", bodies.size());

    // 3. Server.
    QProcess server;
    server.setProgram(p.value(hqBin));
    server.setArguments({QStringLiteral("serve"), QStringLiteral("--db"), dbUrl,
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--durability"), p.value(dOpt)});
    server.start();
    QByteArray line;
    while (!line.contains('\n') && server.waitForReadyRead(20000))
        line += server.readAllStandardOutput();
    const auto m = QRegularExpression(QStringLiteral(":(\\d+) ")).match(QString::fromLatin1(line));
    if (!m.hasMatch())
        qFatal("server did not start: %s", line.constData());
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/submissions").arg(m.captured(1)));

    // 4. Load.
    std::vector<QNetworkAccessManager *> nams;
    for (int i = 0; i < std::max(1, concurrency / 6 + 1); ++i)
        nams.push_back(new QNetworkAccessManager(&app));
    std::vector<double> latencies;
    latencies.reserve(bodies.size());
    size_t next = 0, done = 0;
    qint64 ok201 = 0, other = 0;
    QElapsedTimer clock;
    clock.start();
    std::function<void(size_t)> send = [&](size_t slot) {
        if (next >= bodies.size())
            return;
        const size_t i = next++;
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const qint64 t0 = clock.nsecsElapsed();
        QNetworkReply *r = nams[slot % nams.size()]->post(req, bodies[i]);
        QObject::connect(r, &QNetworkReply::finished, &app, [&, r, t0, slot] {
            latencies.push_back(double(clock.nsecsElapsed() - t0) / 1e6);
            const int st = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (st == 201)
                ++ok201;
            else if (++other < 5)
                std::fprintf(stderr, "status %d: %s\n", st, r->readAll().left(200).constData());
            r->deleteLater();
            if (++done == bodies.size())
                QCoreApplication::quit();
            else
                send(slot);
        });
    };
    for (int s = 0; s < concurrency; ++s)
        send(size_t(s));
    QCoreApplication::exec();
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    server.kill();
    server.waitForFinished();

    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double q) { return latencies[size_t(q * double(latencies.size() - 1))]; };
    QSqlDatabase db = openDb(dbUrl);
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT count(*), count(DISTINCT uuid) FROM receipts"));
    q.next();
    const qint64 stored = q.value(0).toLongLong(), distinct = q.value(1).toLongLong();
    std::printf("{\"db\":\"%s\",\"durability\":\"%s\",\"stations\":%d,\"submissions\":%zu,"
                "\"seconds\":%.2f,\"submissions_per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
                "\"created_201\":%lld,\"other_status\":%lld,\"stored\":%lld,\"distinct\":%lld,"
                "\"lost\":%lld}\n",
                db.driverName() == QLatin1String("QPSQL") ? "postgresql" : "sqlite",
                qPrintable(p.value(dOpt)), stations, bodies.size(), secs,
                double(bodies.size()) / secs, pct(0.5), pct(0.99), static_cast<long long>(ok201),
                static_cast<long long>(other), static_cast<long long>(stored),
                static_cast<long long>(distinct),
                static_cast<long long>(qint64(bodies.size()) - stored));
    return stored == qint64(bodies.size()) && distinct == stored && other == 0 ? 0 : 1;
}
