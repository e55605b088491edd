// Subcommands of the sync module (see command.h): station pubkey/set-hq/set-hq-key, close,
// outbox list/show/requeue, sync (docs/seal.md, docs/sync.md).
#include "plumectl/command.h"
#include "store/store.h"
#include "sync/crypto.h"
#include "sync/hqconfig.h"
#include "sync/outbox.h"
#include "sync/receipt.h"
#include "sync/seal.h"
#include "sync/syncworker.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace plume::cli {
namespace {

int stationPubkey(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Print the station's public key (base64)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = store::Store::open(p.value(dbOption()));
    const QString key = sync::stationPublicKeyBase64(*s);
    if (key.isEmpty())
        return fail(QStringLiteral("this station file has no key pair"));
    out() << key << "\n";
    out().flush();
    return Ok;
}

// --hq-key (alias --hq-box-key, its name before issue 14): HQ's Ed25519 public key.
const QCommandLineOption &hqKeyOption()
{
    static const QCommandLineOption o(
        {QStringLiteral("hq-key"), QStringLiteral("hq-box-key")},
        QStringLiteral("Headquarters' Ed25519 public key, base64 (printed by plume-hq keys "
                       "show): receipts are checked with it, offline files encrypted to it."),
        QStringLiteral("B64"));
    return o;
}

// Decodes --hq-key: nullopt after printing the usage error.
std::optional<QByteArray> hqKeyValue(const QCommandLineParser &p)
{
    const auto k = sync::decodeBase64Strict(p.value(hqKeyOption()).trimmed().toLatin1());
    if (!k || !sync::x25519PublicKey(*k)) {
        fail(QStringLiteral("--hq-key must be the base64 of HQ's 32-byte Ed25519 public key "
                            "(plume-hq keys show)"),
             Usage);
        return std::nullopt;
    }
    return k;
}

int stationSetHq(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption hq(QStringLiteral("hq"), QStringLiteral("Headquarters base URL."),
                                QStringLiteral("URL"));
    const QCommandLineOption pin(QStringLiteral("pin-sha256"),
                                 QStringLiteral("SHA-256 (hex) of HQ's certificate (DER)."),
                                 QStringLiteral("HEX"));
    const QCommandLineOption ca(QStringLiteral("ca-file"),
                                QStringLiteral("PEM file of the CA that signs HQ's certificate."),
                                QStringLiteral("FILE"));
    p.addOptions({dbOption(), hq, pin, ca, hqKeyOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Set headquarters' URL, how to trust it (TLS pin or "
                                         "CA file; plain http only to loopback) and its key."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    sync::HqConfig c;
    c.url = QUrl(p.value(hq), QUrl::StrictMode);
    c.pinSha256 = p.value(pin).trimmed().toLower().remove(QLatin1Char(':'));
    if (p.isSet(ca)) {
        QFile f(p.value(ca));
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(p.value(ca), f.errorString()));
        c.caPem = f.readAll();
    }
    if (const QString why = c.validate(); !why.isEmpty())
        return fail(why, Usage);
    std::optional<QByteArray> key;
    if (p.isSet(hqKeyOption()) && !(key = hqKeyValue(p)))
        return Usage;
    auto s = store::Store::open(p.value(dbOption()));
    c.save(*s);
    if (key)
        sync::setHqPublicKey(*s, *key);
    out() << "headquarters: " << c.url.toString()
          << (c.pinSha256.isEmpty() ? QString() : QStringLiteral(" (pinned)"))
          << (c.caPem.isEmpty() ? QString() : QStringLiteral(" (CA file)")) << "\n";
    if (sync::hqPublicKey(*s).isEmpty())
        err() << "plumectl: warning: headquarters' key is not recorded: no receipt can be "
                 "accepted until you give --hq-key B64 (plume-hq keys show)\n";
    out().flush();
    return Ok;
}

int stationSetHqKey(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), hqKeyOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Record headquarters' Ed25519 public key (as station "
                                         "set-hq --hq-key)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const auto key = hqKeyValue(p);
    if (!key)
        return Usage;
    auto s = store::Store::open(p.value(dbOption()));
    sync::setHqPublicKey(*s, *key);
    out() << "headquarters' key recorded\n";
    out().flush();
    return Ok;
}

int closeCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption official(QStringLiteral("official"),
                                      QStringLiteral("Official closing the PV (repeat for each)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption reason(
        QStringLiteral("reason"),
        QStringLiteral("Why a rule fails or a value is missing (goes into the remarks), or why a "
                       "sealed PV gets a new version."),
        QStringLiteral("TEXT"));
    const QCommandLineOption correct(QStringLiteral("correct"),
                                     QStringLiteral("Correct a PV field before sealing a new "
                                                    "version (repeatable; needs --reason)."),
                                     QStringLiteral("FIELD=VALUE"));
    p.addOptions({dbOption(), official, reason, correct, jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Check, seal and sign the PV (a new version if already "
                                         "sealed); queue it and confirmed contacts for HQ."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    sync::CloseRequest req;
    req.officials = p.values(official);
    req.reason = p.value(reason);
    for (const QString &c : p.values(correct)) {
        const qsizetype eq = c.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("--correct expects FIELD=VALUE"), Usage);
        req.corrections.insert(c.left(eq).trimmed(), c.mid(eq + 1).trimmed());
    }
    if (req.officials.isEmpty())
        return fail(QStringLiteral("--official NAME is required (repeat for each official)"),
                    Usage);
    try {
        auto s = openStation(p);
        const sync::CloseResult r = sync::closePv(*s, req);
        if (p.isSet(jsonOption())) {
            QJsonObject o{{QStringLiteral("sealed"), r.sealed},
                          {QStringLiteral("missing"), QJsonArray::fromStringList(r.missing)},
                          {QStringLiteral("checks"), forms::toJson(r.failures)}};
            if (!r.error.isEmpty())
                o.insert(QStringLiteral("error"), r.error);
            if (r.pv) {
                o.insert(QStringLiteral("uuid"), r.pv->uuid);
                o.insert(QStringLiteral("version"), r.pv->version);
                o.insert(QStringLiteral("sha256"), r.pv->sha256);
                o.insert(QStringLiteral("signature"), r.pv->signature);
            }
            o.insert(QStringLiteral("contact_batches"), int(r.contactBatches.size()));
            if (!r.contactsError.isEmpty())
                o.insert(QStringLiteral("contacts_error"), r.contactsError);
            printJson(QJsonDocument(o));
            return r.sealed ? Ok : Failure;
        }
        if (!r.sealed)
            return fail(r.error);
        out() << "sealed PV version " << r.pv->version << "\n"
              << "uuid: " << r.pv->uuid << "\nsha256: " << r.pv->sha256
              << "\nsignature: " << r.pv->signature << "\n";
        for (const auto &f : r.failures)
            out() << "explained (" << forms::kindId(f.kind()) << " " << forms::ruleId(f.rule)
                  << "): " << f.explanation << "\n";
        if (!r.contactBatches.isEmpty())
            out() << "queued " << r.contactBatches.size() << " contact batch(es)\n";
        if (!r.contactsError.isEmpty())
            err() << "plumectl: contacts not batched: " << r.contactsError << "\n";
        out().flush();
    } catch (const store::StoreError &e) {
        return fail(e.message());
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
    return Ok;
}

int outboxList(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption(), jsonOption(), passphraseOption()});
    if (int r = parseArgs(p, args, QStringLiteral("List submissions and their delivery state."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    const auto items = sync::Outbox(*s).list();
    if (p.isSet(jsonOption())) {
        QJsonArray a;
        for (const auto &it : items)
            a.append(it.toJson());
        printJson(QJsonDocument(a));
        return Ok;
    }
    for (const auto &it : items) {
        QString detail = it.lastError;
        if (it.state == sync::kStateDelivered)
            detail = QStringLiteral("receipt ") + QJsonDocument::fromJson(it.receipt.toUtf8())
                                                      .object()
                                                      .value(QStringLiteral("receipt"))
                                                      .toString();
        out() << it.uuid << "  " << it.kind.leftJustified(8) << " v" << it.version << "  "
              << it.state.leftJustified(9) << " attempts=" << it.attempts << "  "
              << it.sha256.left(16) << "  " << detail << "\n";
    }
    out().flush();
    return Ok;
}

int outboxShow(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption id(QStringLiteral("id"), QStringLiteral("Submission UUID."),
                                QStringLiteral("UUID"));
    p.addOptions({dbOption(), id, passphraseOption()});
    if (int r = parseArgs(
            p, args,
            QStringLiteral("Print the exact HTTP body sent for a submission (no newline added "
                           "when piped)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    auto s = openStation(p);
    const auto it = sync::Outbox(*s).item(p.value(id).trimmed().toLower());
    if (!it)
        return fail(QStringLiteral("no submission %1 in the outbox").arg(p.value(id)));
    const QByteArray body = it->httpBody();
    out().flush();
    std::fwrite(body.constData(), 1, size_t(body.size()), stdout);
    if (isatty(fileno(stdout))) // the exact bytes when piped; a newline for a terminal
        std::fputc('\n', stdout);
    std::fflush(stdout);
    return Ok;
}

int outboxRequeue(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption id(QStringLiteral("id"), QStringLiteral("Submission UUID."),
                                QStringLiteral("UUID"));
    p.addOptions({dbOption(), id});
    if (int r = parseArgs(p, args,
                          QStringLiteral("Put a rejected submission back in the queue, once the "
                                         "cause is fixed (e.g. the station enrolled at "
                                         "headquarters); plumectl sync then sends it again."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    const QString uuid = p.value(id).trimmed().toLower();
    if (uuid.isEmpty())
        return fail(QStringLiteral("--id UUID is required"), Usage);
    auto s = store::Store::open(p.value(dbOption()));
    sync::Outbox outbox(*s);
    std::optional<sync::OutboxItem> item;
    // Checked and changed in one write transaction: a running sync cannot interleave.
    s->transaction([&] {
        item = outbox.item(uuid);
        if (!item || item->state != sync::kStateRejected)
            return;
        outbox.requeue(uuid);
        s->appendAudit(QStringLiteral("plumectl"), QStringLiteral("outbox.requeued"), uuid,
                       QJsonObject{{QStringLiteral("kind"), item->kind},
                                   {QStringLiteral("version"), item->version},
                                   {QStringLiteral("rejected_because"), item->lastError}});
    });
    if (!item)
        return fail(QStringLiteral("no submission %1 in the outbox").arg(uuid));
    if (item->state != sync::kStateRejected)
        return fail(QStringLiteral("submission %1 is %2, not rejected: only a rejected "
                                   "submission can be requeued")
                        .arg(uuid, item->state));
    out() << "requeued " << uuid << " (" << item->kind << " v" << item->version
          << "); plumectl sync sends it again\n";
    out().flush();
    return Ok;
}

int syncCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption hq(QStringLiteral("hq"),
                                QStringLiteral("Headquarters URL (default: set with station "
                                               "set-hq)."),
                                QStringLiteral("URL"));
    const QCommandLineOption once(QStringLiteral("once"),
                                  QStringLiteral("One attempt per queued submission, then exit "
                                                 "(0 when nothing is left to send)."));
    p.addOptions({dbOption(), hq, once, passphraseOption()});
    if (int r = parseArgs(p, args, QStringLiteral("Send the outbox to headquarters.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    sync::HqConfig config;
    {
        // Unlocking is per process and file: the worker's own connection shares it.
        auto s = openStation(p);
        config = sync::HqConfig::load(*s);
        if (sync::hqPublicKey(*s).isEmpty())
            err() << "plumectl: warning: headquarters' key is not recorded: nothing can be "
                     "marked delivered; run plumectl station set-hq --db FILE --hq URL "
                     "--hq-key B64 (plume-hq keys show)\n";
    }
    if (p.isSet(hq)) {
        const QUrl url(p.value(hq), QUrl::StrictMode);
        if (url != config.url && url.scheme() == QLatin1String("https") &&
            url.host() != config.url.host()) {
            // The pin/CA were given for another host: do not reuse them silently.
            config.pinSha256.clear();
            config.caPem.clear();
        }
        config.url = url;
    }
    if (const QString why = config.validate(); !why.isEmpty())
        return fail(why, Usage);
    sync::SyncOptions options;
    options.once = p.isSet(once);
    sync::SyncWorker worker(p.value(dbOption()), config, options);
    int code = Ok;
    QObject::connect(&worker, &sync::SyncWorker::itemStateChanged,
                     [](const QString &uuid, const QString &state, const QString &detail) {
                         out() << uuid << " " << state
                               << (detail.isEmpty() ? QString() : QStringLiteral(" ") + detail)
                               << "\n";
                         out().flush();
                     });
    QObject::connect(&worker, &sync::SyncWorker::fatalError, [&](const QString &m) {
        code = fail(m);
        QCoreApplication::exit(code);
    });
    QObject::connect(&worker, &sync::SyncWorker::finished,
                     [&](int delivered, int pending, int rejected) {
                         if (!options.once)
                             return;
                         out() << "delivered " << delivered << ", pending " << pending
                               << ", rejected " << rejected << "\n";
                         out().flush();
                         code = pending + rejected == 0 ? Ok : Failure;
                         QCoreApplication::exit(code);
                     });
    QMetaObject::invokeMethod(&worker, &sync::SyncWorker::start, Qt::QueuedConnection);
    const int rc = QCoreApplication::exec();
    return rc != 0 ? rc : code;
}

} // namespace

void registerSyncCommands(Registry &r)
{
    r.add({{QStringLiteral("station"), QStringLiteral("pubkey")},
           QStringLiteral("print the station's Ed25519 public key (base64)"),
           stationPubkey});
    r.add({{QStringLiteral("station"), QStringLiteral("set-hq")},
           QStringLiteral("set headquarters' URL and TLS pin or CA file"),
           stationSetHq});
    r.add({{QStringLiteral("station"), QStringLiteral("set-hq-key")},
           QStringLiteral("record HQ's Ed25519 public key (receipts, offline files)"),
           stationSetHqKey});
    r.add({{QStringLiteral("close")},
           QStringLiteral("check, seal and sign the PV; queue it for headquarters"),
           closeCommand});
    r.add({{QStringLiteral("outbox"), QStringLiteral("list")},
           QStringLiteral("submissions and their delivery state"),
           outboxList});
    r.add({{QStringLiteral("outbox"), QStringLiteral("show")},
           QStringLiteral("print the exact HTTP body of a submission"),
           outboxShow});
    r.add({{QStringLiteral("outbox"), QStringLiteral("requeue")},
           QStringLiteral("put a rejected submission back in the queue"),
           outboxRequeue});
    r.add({{QStringLiteral("sync")},
           QStringLiteral("send the outbox to headquarters (--once: one pass)"),
           syncCommand});
}

} // namespace plume::cli
