// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// hq_load: N simulated stations, each sending 1 PV and B contact batches to plume-hq over
// loopback (C keep-alive connections), while R readers poll GET /api/v1/results; reports
// submissions/s, p50/p99 latency, the readers' answers, and checks that the database holds every
// submission exactly once. Documents follow docs/protocol.md (the election has 2 candidates and
// lists every station with its inscrits); they are ASCII with integers only, so Qt's compact JSON
// (sorted keys) is their canonical form. Stations sign with deterministic Ed25519 keys.
//
// hq_load --hq-binary PATH --db URL [--stations 10000] [--batches 20] [--concurrency 32]
//         [--readers 0] [--durability full|process] [--work-dir DIR]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {

QString code(int station)
{
    return QStringLiteral("B%1").arg(station, 5, 10, QLatin1Char('0'));
}

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

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject election(int stations)
{
    QJsonArray list;
    for (int i = 0; i < stations; ++i)
        list.append(QJsonObject{{QStringLiteral("code"), code(i)},
                                {QStringLiteral("name"), QStringLiteral("Bureau %1").arg(i)},
                                {QStringLiteral("commune"), QStringLiteral("Bench")},
                                {QStringLiteral("inscrits"), 900}});
    return QJsonObject{{QStringLiteral("election"),
                        QJsonObject{{QStringLiteral("id"), QStringLiteral("bench")},
                                    {QStringLiteral("name"), QStringLiteral("Bench")},
                                    {QStringLiteral("round"), 1},
                                    {QStringLiteral("date"), QStringLiteral("2026-11-22")}}},
                       {QStringLiteral("candidates"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                               {QStringLiteral("name"), QStringLiteral("Alice")},
                                               {QStringLiteral("order"), 1}},
                                   QJsonObject{{QStringLiteral("id"), QStringLiteral("b")},
                                               {QStringLiteral("name"), QStringLiteral("Bob")},
                                               {QStringLiteral("order"), 2}}}},
                       {QStringLiteral("stations"), list}};
}

QJsonObject field(const QString &value)
{
    return QJsonObject{{QStringLiteral("value"), value},
                       {QStringLiteral("source"), QStringLiteral("confirmed")},
                       {QStringLiteral("official"), QStringLiteral("Marie LEROY")},
                       {QStringLiteral("decided_at"), QStringLiteral("2026-11-22T19:58:05Z")},
                       {QStringLiteral("ink"), QJsonValue::Null}};
}

QJsonObject pvPayload(const QString &station)
{
    const QJsonObject counts{
        {QStringLiteral("inscrits"), 900},   {QStringLiteral("votants"), 500},
        {QStringLiteral("enveloppes"), 500}, {QStringLiteral("blancs"), 10},
        {QStringLiteral("nuls"), 5},         {QStringLiteral("exprimes"), 485}};
    QJsonObject fields{{QStringLiteral("voix.a"), field(QStringLiteral("300"))},
                       {QStringLiteral("voix.b"), field(QStringLiteral("185"))},
                       {QStringLiteral("code_bureau"), field(station)}};
    for (auto it = counts.begin(); it != counts.end(); ++it)
        fields.insert(it.key(), field(QString::number(it.value().toInteger())));
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("pv")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("previous_sha256"), QString()},
                       {QStringLiteral("correction_reason"), QString()},
                       {QStringLiteral("sealed_at"), QStringLiteral("2026-11-22T20:00:00Z")},
                       {QStringLiteral("officials"), QJsonArray{QStringLiteral("Marie LEROY")}},
                       {QStringLiteral("election"), election(0).value(QStringLiteral("election"))},
                       {QStringLiteral("station"),
                        QJsonObject{{QStringLiteral("code"), station},
                                    {QStringLiteral("name"), QStringLiteral("Bench")},
                                    {QStringLiteral("commune"), QStringLiteral("Bench")}}},
                       {QStringLiteral("counts"), counts},
                       {QStringLiteral("candidates"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                               {QStringLiteral("name"), QStringLiteral("Alice")},
                                               {QStringLiteral("order"), 1},
                                               {QStringLiteral("voix"), 300}},
                                   QJsonObject{{QStringLiteral("id"), QStringLiteral("b")},
                                               {QStringLiteral("name"), QStringLiteral("Bob")},
                                               {QStringLiteral("order"), 2},
                                               {QStringLiteral("voix"), 185}}}},
                       {QStringLiteral("remarques"), QString()},
                       {QStringLiteral("checks"), QJsonArray{}},
                       {QStringLiteral("missing"), QJsonArray{}},
                       {QStringLiteral("audit"),
                        QJsonObject{{QStringLiteral("length"), 12},
                                    {QStringLiteral("head"), QString(64, QLatin1Char('a'))}}},
                       {QStringLiteral("fields"), fields}};
}

QJsonObject contactsPayload(int batch)
{
    QJsonArray contacts;
    for (int i = 0; i < 3; ++i)
        contacts.append(QJsonObject{
            {QStringLiteral("sheet"), QStringLiteral("contact-%1").arg(batch * 10 + i)},
            {QStringLiteral("fields"),
             QJsonObject{{QStringLiteral("nom"), QStringLiteral("NOM%1").arg(batch * 10 + i)},
                         {QStringLiteral("prenom"), QStringLiteral("Jeanne")},
                         {QStringLiteral("code_postal"), QStringLiteral("75011")},
                         {QStringLiteral("commune"), QStringLiteral("PARIS")},
                         {QStringLiteral("consentement"), QStringLiteral("oui")}}}});
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("contacts")},
                       {QStringLiteral("election"), QStringLiteral("bench")},
                       {QStringLiteral("batch"), batch},
                       {QStringLiteral("contacts"), contacts}};
}

QByteArray body(const QByteArray &sk, const QString &station, bool pv, int version)
{
    const QJsonObject signedObj{
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("kind"), pv ? QStringLiteral("pv") : QStringLiteral("contacts")},
        {QStringLiteral("payload"), pv ? pvPayload(station) : contactsPayload(version)},
        {QStringLiteral("station"), station},
        {QStringLiteral("uuid"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("version"), version}};
    const QByteArray signedBytes = compact(signedObj);
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

void hq(const QString &binary, const QStringList &args)
{
    if (QProcess::execute(binary, args) != 0)
        qFatal("plume-hq %s failed", qPrintable(args.join(QLatin1Char(' '))));
}

// init, keys, the election (plume-hq itself), then every station enrolled in one transaction.
QVector<QByteArray> prepare(const QString &binary, const QString &url, const QString &dir,
                            int stations)
{
    const QString keyFile = dir + QStringLiteral("/hq.key");
    const QString electionFile = dir + QStringLiteral("/election.json");
    QFile f(electionFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(compact(election(stations))) < 0)
        qFatal("cannot write %s", qPrintable(electionFile));
    f.close();
    const QStringList db{QStringLiteral("--db"), url};
    hq(binary, QStringList{QStringLiteral("init")} + db);
    hq(binary, QStringList{QStringLiteral("keys"), QStringLiteral("init"),
                           QStringLiteral("--key-file"), keyFile} +
                   db);
    hq(binary, QStringList{QStringLiteral("elections"), QStringLiteral("add"),
                           QStringLiteral("--election"), electionFile} +
                   db);
    QVector<QByteArray> secret(stations);
    QSqlDatabase sql = openDb(url);
    sql.transaction();
    QSqlQuery q(sql);
    q.prepare(QStringLiteral("INSERT INTO stations (code, public_key, added_at) VALUES (?, ?, ?)"));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (int i = 0; i < stations; ++i) {
        QByteArray pub;
        secret[i] = seedKey(i, &pub);
        q.addBindValue(code(i));
        q.addBindValue(QString::fromLatin1(pub.toBase64()));
        q.addBindValue(now);
        if (!q.exec())
            qFatal("enrol: %s", qPrintable(q.lastError().text()));
    }
    sql.commit();
    sql.close();
    sql = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    return secret;
}

// One complete HTTP answer at the front of buffer: removed, its status returned (0: not yet).
int takeAnswer(QByteArray &buffer, QByteArray *body)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    const qsizetype len = buffer.indexOf("Content-Length: ");
    if (end < 0 || len < 0 || len > end)
        return 0;
    const qint64 n = buffer.mid(len + 16, buffer.indexOf('\r', len) - len - 16).toLongLong();
    if (buffer.size() < end + 4 + n)
        return 0;
    const int status = buffer.mid(9, 3).toInt();
    if (body)
        *body = buffer.mid(end + 4, n);
    buffer.remove(0, end + 4 + n);
    return status;
}

// A keep-alive HTTP/1.1 connection: the next request leaves when the answer is complete
// (a light load generator: the client shares the two cores with the server).
struct Client
{
    QTcpSocket socket;
    QByteArray buffer;
    qint64 sentNs = 0;
    std::function<void(Client *, int status, const QByteArray &body)> onAnswer;

    void start(quint16 port, QElapsedTimer &clock)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this, &clock] {
            buffer += socket.readAll();
            QByteArray body;
            while (const int status = takeAnswer(buffer, &body)) {
                onAnswer(this, status, body);
                sentNs = clock.nsecsElapsed();
            }
        });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
};

QByteArray postRequest(const QByteArray &body)
{
    return "POST /api/v1/submissions HTTP/1.1\r\nHost: bench\r\nContent-Type: "
           "application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray kResultsRequest = "GET /api/v1/results HTTP/1.1\r\nHost: bench\r\n\r\n";

// CPU seconds of a process from /proc/PID/stat: its own (user + system) and, with
// children, those of its children it has waited for (PostgreSQL's backends).
double cpuSeconds(const QString &statFile, bool children = false)
{
    QFile f(statFile);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // Fields after the command name (in parentheses): state is field 3, utime 14 … cstime 17.
    const QList<QByteArray> v = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (v.size() < 15)
        return 0;
    const int at = children ? 13 : 11;
    return double(v[at].toLongLong() + v[at + 1].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

// Each thread of a process: "name": CPU seconds.
QString threadSeconds(qint64 pid)
{
    QStringList out;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const QByteArray name =
            stat.mid(stat.indexOf('(') + 1, stat.lastIndexOf(')') - stat.indexOf('(') - 1);
        const double s = cpuSeconds(f.fileName());
        if (s > 0.05)
            out << QStringLiteral("\"%1\":%2").arg(QString::fromLatin1(name)).arg(s, 0, 'f', 2);
    }
    return QLatin1Char('{') + out.join(QLatin1Char(',')) + QLatin1Char('}');
}

quint16 startServer(QProcess &server, const QString &binary, const QString &url, const QString &dir,
                    const QString &durability)
{
    server.setProgram(binary);
    server.setArguments({QStringLiteral("serve"), QStringLiteral("--db"), url,
                         QStringLiteral("--key-file"), dir + QStringLiteral("/hq.key"),
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--durability"), durability});
    server.setStandardErrorFile(dir + QStringLiteral("/access.log")); // as journald would
    server.start();
    QByteArray line;
    while (!line.contains('\n') && server.waitForReadyRead(20000))
        line += server.readAllStandardOutput();
    const auto m = QRegularExpression(QStringLiteral(":(\\d+) ")).match(QString::fromLatin1(line));
    if (!m.hasMatch())
        qFatal("server did not start: %s", line.constData());
    return quint16(m.captured(1).toUInt());
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
    const QCommandLineOption dbOpt(QStringLiteral("db"), QStringLiteral("HQ database URL (new)"),
                                   QStringLiteral("URL"));
    const QCommandLineOption nOpt(QStringLiteral("stations"), QStringLiteral("stations"),
                                  QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption bOpt(QStringLiteral("batches"), QStringLiteral("contact batches"),
                                  QStringLiteral("B"), QStringLiteral("20"));
    const QCommandLineOption cOpt(QStringLiteral("concurrency"), QStringLiteral("in flight"),
                                  QStringLiteral("C"), QStringLiteral("32"));
    const QCommandLineOption rOpt(QStringLiteral("readers"),
                                  QStringLiteral("clients polling GET /api/v1/results"),
                                  QStringLiteral("R"), QStringLiteral("0"));
    const QCommandLineOption dOpt(QStringLiteral("durability"), QStringLiteral("full|process"),
                                  QStringLiteral("D"), QStringLiteral("full"));
    const QCommandLineOption pgOpt(QStringLiteral("postgres-pid"),
                                   QStringLiteral("the postmaster: reports its backends' CPU"),
                                   QStringLiteral("PID"), QStringLiteral("0"));
    const QCommandLineOption wOpt(QStringLiteral("work-dir"),
                                  QStringLiteral("folder for the key file, election, access log"),
                                  QStringLiteral("DIR"), QDir::tempPath());
    p.addOptions({hqBin, dbOpt, nOpt, bOpt, cOpt, rOpt, dOpt, pgOpt, wOpt});
    p.process(app);
    const int stations = p.value(nOpt).toInt(), batches = p.value(bOpt).toInt();
    const int concurrency = p.value(cOpt).toInt(), readerCount = p.value(rOpt).toInt();
    const QString dbUrl = p.value(dbOpt), dir = p.value(wOpt);

    const QVector<QByteArray> secret = prepare(p.value(hqBin), dbUrl, dir, stations);
    // Bodies, built before the clock starts (interleaved: each station's PV first).
    std::vector<QByteArray> bodies;
    bodies.reserve(size_t(stations) * size_t(batches + 1));
    for (int v = 0; v <= batches; ++v)
        for (int i = 0; i < stations; ++i)
            bodies.push_back(body(secret[i], code(i), v == 0, v == 0 ? 1 : v));
    std::fprintf(stderr, "prepared %zu submissions\n", bodies.size());

    QProcess server;
    const quint16 port = startServer(server, p.value(hqBin), dbUrl, dir, p.value(dOpt));
    const qint64 postmaster = p.value(pgOpt).toLongLong();
    const QString pgStat = QStringLiteral("/proc/%1/stat").arg(postmaster);
    const double pgBefore = postmaster ? cpuSeconds(pgStat, true) : 0;
    double loadStart[3] = {0, 0, 0};
    getloadavg(loadStart, 3);
    QElapsedTimer clock;
    clock.start();
    // Readers: poll the results as fast as they are answered.
    std::vector<std::unique_ptr<Client>> readers;
    qint64 reads = 0;
    double worstRead = 0;
    for (int i = 0; i < readerCount; ++i) {
        readers.push_back(std::make_unique<Client>());
        Client *c = readers.back().get();
        c->onAnswer = [&](Client *r, int, const QByteArray &) {
            ++reads;
            worstRead = std::max(worstRead, double(clock.nsecsElapsed() - r->sentNs) / 1e6);
            r->socket.write(kResultsRequest);
        };
        c->start(port, clock);
        c->sentNs = clock.nsecsElapsed();
        c->socket.write(kResultsRequest);
    }
    // Submitters: `concurrency` connections, each sending its next submission on an answer.
    std::vector<std::unique_ptr<Client>> submitters;
    std::vector<double> latencies;
    latencies.reserve(bodies.size());
    size_t next = 0, done = 0;
    qint64 ok201 = 0, other = 0;
    auto sendNext = [&](Client *c) {
        if (next >= bodies.size())
            return;
        c->sentNs = clock.nsecsElapsed();
        c->socket.write(postRequest(bodies[next++]));
    };
    for (int i = 0; i < concurrency; ++i) {
        submitters.push_back(std::make_unique<Client>());
        Client *c = submitters.back().get();
        c->onAnswer = [&](Client *s, int status, const QByteArray &body) {
            latencies.push_back(double(clock.nsecsElapsed() - s->sentNs) / 1e6);
            if (status == 201)
                ++ok201;
            else if (++other < 5)
                std::fprintf(stderr, "status %d: %s\n", status, body.left(200).constData());
            if (++done == bodies.size())
                QCoreApplication::quit();
            else
                sendNext(s);
        };
        c->start(port, clock);
        sendNext(c);
    }
    QCoreApplication::exec();
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    const double serverCpu = cpuSeconds(QStringLiteral("/proc/%1/stat").arg(server.processId()));
    const QString threads = threadSeconds(server.processId());
    readers.clear();
    submitters.clear();
    server.kill();
    server.waitForFinished();
    QThread::msleep(500); // the postmaster reaps the backends of the closed connections
    const double pgCpu = postmaster ? cpuSeconds(pgStat, true) - pgBefore : 0;
    double loads[3] = {0, 0, 0};
    getloadavg(loads, 3);

    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double q) { return latencies[size_t(q * double(latencies.size() - 1))]; };
    QSqlDatabase db = openDb(dbUrl);
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT count(*), count(DISTINCT uuid) FROM receipts"));
    q.next();
    const qint64 stored = q.value(0).toLongLong(), distinct = q.value(1).toLongLong();
    std::printf("{\"db\":\"%s\",\"durability\":\"%s\",\"stations\":%d,\"submissions\":%zu,"
                "\"readers\":%d,\"seconds\":%.2f,\"submissions_per_s\":%.0f,\"p50_ms\":%.2f,"
                "\"p99_ms\":%.2f,\"max_ms\":%.1f,\"results_reads\":%lld,\"reads_per_s\":%.0f,"
                "\"worst_read_ms\":%.0f,\"created_201\":%lld,\"other_status\":%lld,"
                "\"stored\":%lld,\"distinct\":%lld,\"lost\":%lld,\"server_cpu_us_per_sub\":%.0f,"
                "\"postgres_cpu_us_per_sub\":%.0f,\"server_threads_cpu_s\":%s,"
                "\"loadavg_1m_start\":%.2f,\"loadavg_1m_end\":%.2f}\n",
                db.driverName() == QLatin1String("QPSQL") ? "postgresql" : "sqlite",
                qPrintable(p.value(dOpt)), stations, bodies.size(), readerCount, secs,
                double(bodies.size()) / secs, pct(0.5), pct(0.99), latencies.back(),
                static_cast<long long>(reads), double(reads) / secs, worstRead,
                static_cast<long long>(ok201), static_cast<long long>(other),
                static_cast<long long>(stored), static_cast<long long>(distinct),
                static_cast<long long>(qint64(bodies.size()) - stored),
                1e6 * serverCpu / double(bodies.size()), 1e6 * pgCpu / double(bodies.size()),
                qPrintable(threads), loadStart[0], loads[0]);
    return stored == qint64(bodies.size()) && distinct == stored && other == 0 ? 0 : 1;
}
