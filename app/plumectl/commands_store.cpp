// Station store subcommands: station init, db check/info, sheet new, fields, confirm.
#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "store/strokewriter.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include "sync/crypto.h"
#include "sync/seal.h"
#include <algorithm>
#include <mutex>
#include <vector>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::cli {
namespace {

int stationInit(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption election(QStringLiteral("election"),
                                      QStringLiteral("Election configuration (JSON)."),
                                      QStringLiteral("FILE.json"));
    p.addOptions({dbOption(), election, passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Create a new station file (never overwrites), protected "
                                         "by its passphrase (--passphrase-file, "
                                         "PLUME_PASSPHRASE_FILE, or asked on the terminal)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(election).isEmpty())
        return fail(QStringLiteral("--election FILE.json is required"), Usage);
    QString error;
    const auto config = store::ElectionConfig::fromFile(p.value(election), &error);
    if (!config)
        return fail(QStringLiteral("invalid election file: ") + error);
    auto s =
        store::Store::create(p.value(dbOption()), *config, newPassphrase(p, passphraseOption()));
    const sync::KeyPair keys = sync::createStationKeys(*s);
    out() << "created " << p.value(dbOption()) << " for station " << config->stationCode << " ("
          << config->electionName << ")\n"
          << "public key: " << QString::fromLatin1(keys.publicKey.toBase64()) << "\n";
    out().flush();
    return Ok;
}

int dbCheck(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Check integrity and the audit chain.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = store::Store::open(p.value(dbOption()));
    const auto result = s->check();
    if (p.isSet(jsonOption()))
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), result.ok},
                                            {QStringLiteral("message"), result.message}}));
    else
        out() << result.message << "\n";
    out().flush();
    return result.ok ? Ok : Failure;
}

int dbInfo(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Describe a station file.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = store::Store::open(p.value(dbOption()));
    const QJsonObject info = s->info();
    if (p.isSet(jsonOption())) {
        printJson(QJsonDocument(info));
    } else {
        for (auto it = info.begin(); it != info.end(); ++it)
            out() << it.key() << ": " << it.value().toVariant().toString() << "\n";
        out().flush();
    }
    return Ok;
}

int sheetNew(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption form(QStringLiteral("form"), QStringLiteral("Form: contact."),
                                  QStringLiteral("FORM"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("Pen page address S.O.N.P (optional)."),
                                  QStringLiteral("ADDRESS"));
    p.addOptions({dbOption(), form, page, passphraseOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Add a sheet; prints its id (the PV is 'pv')."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(form) != QLatin1String("contact"))
        return fail(
            QStringLiteral("--form contact is required (the PV sheet already exists: 'pv')"),
            Usage);
    ink::PageAddress address;
    if (p.isSet(page)) {
        const auto parsed = ink::PageAddress::parse(p.value(page));
        if (!parsed)
            return fail(QStringLiteral("--page must look like 3.27.603.1"), Usage);
        address = *parsed;
    }
    auto s = openStation(p);
    out() << s->newSheet(QStringLiteral("contact"), address) << "\n";
    out().flush();
    return Ok;
}

int fields(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(
        QStringLiteral("sheet"), QStringLiteral("Sheet id (default: all)."), QStringLiteral("ID"));
    p.addOptions({dbOption(), sheet, jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("List fields: reading, confidence, decision, state."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    const auto election = s->election();
    QVector<store::Sheet> sheets;
    if (p.isSet(sheet)) {
        auto one = s->sheet(p.value(sheet));
        if (!one)
            return fail(QStringLiteral("no sheet '%1'").arg(p.value(sheet)));
        sheets.append(*one);
    } else {
        sheets = s->sheets();
    }
    QJsonArray all;
    for (const store::Sheet &sh : sheets) {
        QString error;
        const auto form = forms::loadForm(sh.form, election, &error);
        if (!form)
            return fail(error);
        const auto statuses = forms::fieldStatuses(*s, *form, sh.id);
        if (p.isSet(jsonOption())) {
            QJsonArray fieldsJson;
            for (const auto &st : statuses)
                fieldsJson.append(st.toJson());
            all.append(QJsonObject{{QStringLiteral("sheet"), sh.id},
                                   {QStringLiteral("form"), sh.form},
                                   {QStringLiteral("state"), store::toString(sh.state)},
                                   {QStringLiteral("fields"), fieldsJson}});
            continue;
        }
        out() << "# sheet " << sh.id << " (" << sh.form << ", " << store::toString(sh.state)
              << ")\n";
        for (const auto &st : statuses) {
            QString reading =
                st.reading
                    ? QStringLiteral("%1 (%2%3)")
                          .arg(st.reading->value)
                          .arg(st.reading->confidence, 0, 'f', 2)
                          .arg(st.reading->flagged ? QStringLiteral(", doubtful") : QString())
                    : QStringLiteral("-");
            QString decision =
                st.decision
                    ? QStringLiteral("%1 by %2").arg(st.decision->value, st.decision->official)
                    : QStringLiteral("-");
            out() << st.field.leftJustified(16) << " "
                  << forms::toString(st.state).leftJustified(10) << " reading=" << reading
                  << " decision=" << decision << "\n";
        }
    }
    if (p.isSet(jsonOption()))
        printJson(QJsonDocument(all));
    out().flush();
    return Ok;
}

int confirm(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(QStringLiteral("sheet"), QStringLiteral("Sheet id."),
                                   QStringLiteral("ID"));
    const QCommandLineOption field(QStringLiteral("field"), QStringLiteral("Field name."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption value(QStringLiteral("value"),
                                   QStringLiteral("Typed value (default: confirm the reading)."),
                                   QStringLiteral("V"));
    const QCommandLineOption official(QStringLiteral("official"),
                                      QStringLiteral("Name of the official deciding."),
                                      QStringLiteral("NAME"));
    p.addOptions({dbOption(), sheet, field, value, official, jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Record an official's decision for a field."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    for (const auto *o : {&sheet, &field, &official})
        if (p.value(*o).trimmed().isEmpty())
            return fail(QStringLiteral("--%1 is required").arg(o->names().constFirst()), Usage);
    auto s = openStation(p);
    const auto sh = s->sheet(p.value(sheet));
    if (!sh)
        return fail(QStringLiteral("no sheet '%1'").arg(p.value(sheet)));
    QString error;
    const auto form = forms::loadForm(sh->form, s->election(), &error);
    if (!form)
        return fail(error);
    const std::optional<QString> typed =
        p.isSet(value) ? std::optional<QString>(p.value(value)) : std::nullopt;
    const qint64 id =
        forms::decideField(*s, *form, sh->id, p.value(field), typed, p.value(official));
    const store::Decision d = *s->latestDecision(sh->id, p.value(field));
    // A contact sheet complete with consent goes to headquarters in the next batch.
    if (store::Store::isContactSheet(sh->id))
        sync::queueReadyContacts(*s, d.official, false);
    if (p.isSet(jsonOption()))
        printJson(
            QJsonDocument(QJsonObject{{QStringLiteral("decision"), id},
                                      {QStringLiteral("sheet"), d.sheetId},
                                      {QStringLiteral("field"), d.field},
                                      {QStringLiteral("value"), d.value},
                                      {QStringLiteral("source"), store::toString(d.source)}}));
    else
        out() << d.sheetId << "/" << d.field << " = " << d.value << " ("
              << store::toString(d.source) << " by " << d.official << ")\n";
    out().flush();
    return Ok;
}

int benchStore(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption strokes(QStringLiteral("strokes"),
                                     QStringLiteral("Strokes to write (default 2000)."),
                                     QStringLiteral("N"));
    const QCommandLineOption rate(
        QStringLiteral("rate"),
        QStringLiteral("Strokes per second offered (default 20; 0 = as fast as possible)."),
        QStringLiteral("R"));
    p.addOptions({strokes, rate, jsonOption()});
    if (int r = parseArgs(
            p, args, QStringLiteral("Stroke durability latency through the background writer."));
        r >= 0)
        return r;
    const int n = p.isSet(strokes) ? p.value(strokes).toInt() : 2000;
    const double perSecond = p.isSet(rate) ? p.value(rate).toDouble() : 20;
    if (n <= 0 || perSecond < 0)
        return fail(QStringLiteral("--strokes must be > 0 and --rate >= 0"), Usage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.plume"));
    store::ElectionConfig e;
    e.electionName = QStringLiteral("bench");
    e.stationCode = QStringLiteral("BENCH");
    e.candidates = {{QStringLiteral("a"), QStringLiteral("A"), 1}};
    store::Store::create(path, e, store::Store::randomPassphrase()).reset();
    // Each stroke: 60 dots (a digit written in ~0.5 s). Latency = enqueue -> committed
    // (fsync'd: journal_mode=WAL, synchronous=FULL).
    std::vector<qint64> latencyUs;
    latencyUs.reserve(n);
    QElapsedTimer clock;
    clock.start();
    {
        store::StrokeWriter writer(path);
        std::vector<qint64> enqueuedAt(size_t(n) + 1, 0);
        std::vector<qint64> committedAt(size_t(n) + 1, 0);
        std::mutex m;
        QObject::connect(
            &writer, &store::StrokeWriter::committed, &writer,
            [&](quint64 seq, qint64) {
                const qint64 now = clock.nsecsElapsed() / 1000;
                std::lock_guard lock(m);
                for (quint64 s = seq; s >= 1 && committedAt[s] == 0; --s)
                    committedAt[s] = now;
            },
            Qt::DirectConnection);
        for (int i = 1; i <= n; ++i) {
            if (perSecond > 0) {
                const qint64 due = qint64(1e6 * (i - 1) / perSecond);
                while (clock.nsecsElapsed() / 1000 < due)
                    QThread::usleep(200);
            }
            ink::Stroke s;
            s.page = ink::PageAddress{3, 27, 603, 1};
            s.penId = QStringLiteral("bench");
            s.startMs = 1763829000000 + i * 600;
            for (int k = 0; k < 60; ++k)
                s.dots.append(ink::Dot{50 + k * 0.05, 20 + k * 0.03, 400, s.startMs + k * 8});
            {
                std::lock_guard lock(m);
                enqueuedAt[size_t(i)] = clock.nsecsElapsed() / 1000;
            }
            writer.enqueue(s, store::kPvSheetId);
        }
        if (!writer.flush(60000))
            return fail(QStringLiteral("writer did not finish: ") + writer.lastError());
        std::lock_guard lock(m);
        for (int i = 1; i <= n; ++i)
            latencyUs.push_back(committedAt[size_t(i)] - enqueuedAt[size_t(i)]);
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    std::sort(latencyUs.begin(), latencyUs.end());
    auto pct = [&](double q) {
        return latencyUs[size_t(std::min<double>(latencyUs.size() - 1, q * latencyUs.size()))] /
               1000.0;
    };
    const QJsonObject result{{QStringLiteral("strokes"), n},
                             {QStringLiteral("offered_rate_per_s"), perSecond},
                             {QStringLiteral("seconds"), seconds},
                             {QStringLiteral("durable_ms_p50"), pct(0.50)},
                             {QStringLiteral("durable_ms_p99"), pct(0.99)},
                             {QStringLiteral("durable_ms_max"), latencyUs.back() / 1000.0}};
    if (p.isSet(jsonOption())) {
        printJson(QJsonDocument(result));
    } else {
        out() << QStringLiteral("store: %1 strokes of 60 dots at %2/s; enqueue -> durable p50 %3 "
                                "ms, p99 %4 ms, max %5 ms\n")
                     .arg(n)
                     .arg(perSecond > 0 ? QString::number(perSecond) : QStringLiteral("max"))
                     .arg(pct(0.5), 0, 'f', 2)
                     .arg(pct(0.99), 0, 'f', 2)
                     .arg(latencyUs.back() / 1000.0, 0, 'f', 2);
        out().flush();
    }
    return Ok;
}

} // namespace

void registerStoreCommands(Registry &r)
{
    r.add({{QStringLiteral("bench"), QStringLiteral("store")},
           QStringLiteral("stroke durability latency (enqueue -> fsync'd commit)"),
           benchStore});
    r.add({{QStringLiteral("station"), QStringLiteral("init")},
           QStringLiteral("create a station file from an election file"),
           stationInit});
    r.add({{QStringLiteral("db"), QStringLiteral("check")},
           QStringLiteral("integrity and audit chain: prints ok or the first bad row"),
           dbCheck});
    r.add({{QStringLiteral("db"), QStringLiteral("info")},
           QStringLiteral("describe a station file"),
           dbInfo});
    r.add({{QStringLiteral("sheet"), QStringLiteral("new")},
           QStringLiteral("add a contact sheet, print its id"),
           sheetNew});
    r.add({{QStringLiteral("fields")},
           QStringLiteral("fields with reading, decision and state"),
           fields});
    r.add({{QStringLiteral("confirm")}, QStringLiteral("record an official's decision"), confirm});
}

} // namespace plume::cli
