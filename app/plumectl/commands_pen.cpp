// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Subcommands of the pen module (see command.h): capture, bench pen.
#include "forms/formsession.h"
#include "i18n/process.h"
#include "ink/inkml.h"
#include "pen/ble.h"
#include "pen/codec.h"
#include "pen/packets.h"
#include "pen/session.h"
#include "plumectl/command.h"
#include "recognition/classifier.h"
#include "recognition/lexicon.h"
#include "store/store.h"
#include "store/strokewriter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace plume::cli {
namespace {

using namespace plume::pen;

// `capture --db`: the same pipeline as the window (FormSession over a StrokeWriter and the
// recogniser), so that captured ink becomes readings.
struct StationInk
{
    explicit StationInk(std::unique_ptr<store::Store> s) : store(std::move(s))
    {
        writer = std::make_unique<store::StrokeWriter>(store->path());
        QString error;
        if (!classifier.load({}, &error))
            warn(Text::tr("reconnaissance indisponible (%1) : les valeurs devront être tapées")
                     .arg(error));
        else if (const QString n = recognition::Lexicons::sharedUnavailableNotice(); !n.isEmpty())
            warn(n);
        session = std::make_unique<forms::FormSession>(
            *store, writer.get(), classifier.isLoaded() ? &classifier : nullptr);
        QObject::connect(session.get(), &forms::FormSession::error, &warn);
        // Ink on an erased or purged sheet is not stored: said once per sheet.
        QObject::connect(session.get(), &forms::FormSession::inkRefused,
                         [this](const QString &sheet, const QString &m) { warnOnce(sheet, m); });
        // Ink on a sealed sheet is stored and flagged: said once per sheet too.
        QObject::connect(session.get(), &forms::FormSession::inkOnSealed,
                         [this](const QString &sheet, const QString &m) { warnOnce(sheet, m); });
    }
    void warnOnce(const QString &sheet, const QString &message)
    {
        if (said.contains({sheet, message}))
            return;
        said.insert({sheet, message});
        warn(message);
    }
    bool finish()
    {
        session->flush(); // recognise the fields still waiting for their delay
        return writer->flush(10000);
    }
    std::unique_ptr<store::Store> store;
    std::unique_ptr<store::StrokeWriter> writer;
    recognition::Classifier classifier;
    std::unique_ptr<forms::FormSession> session;
    QSet<QPair<QString, QString>> said; // sheet, message
};

struct CaptureFlags
{
    QCommandLineOption pen{QStringLiteral("pen"),
                           Text::tr("tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER."),
                           QStringLiteral("SPEC")};
    QCommandLineOption pin{QStringLiteral("pin"), Text::tr("Code d'un stylo verrouillé."),
                           QStringLiteral("PIN")};
    QCommandLineOption duration{QStringLiteral("duration"), Text::tr("Capture pendant S secondes."),
                                QStringLiteral("S")};
    QCommandLineOption idle{QStringLiteral("until-idle"),
                            Text::tr("S'arrête après S secondes sans données."),
                            QStringLiteral("S")};
    QCommandLineOption out{QStringLiteral("out"),
                           Text::tr("Fichier InkML à écrire (toute l'encre en clair, fiches "
                                    "contact comprises ; facultatif avec --db)."),
                           QStringLiteral("FILE.inkml")};
    QCommandLineOption db{
        QStringLiteral("db"),
        Text::tr("Fait aussi entrer les traits dans ce fichier de bureau, comme la fenêtre : page "
                 "-> feuille -> champ -> lectures (plumectl fields les montre)."),
        QStringLiteral("FILE")};
    QCommandLineOption record{
        QStringLiteral("record"),
        Text::tr("Enregistre les octets bruts du stylo (journal rejouable ; toute "
                 "l'encre en clair, fiches contact comprises, mode 0600)."),
        QStringLiteral("FILE")};

    QList<QCommandLineOption> all() const
    {
        return {pen, pin, duration, idle, out, db, record, passphraseOption()};
    }
};

// An existing SQLite file: --out replaced a station file with InkML and --record appended
// pen bytes to one, when --db did not name it (a review of 2026-12-02).
bool isSqliteFile(const QString &path)
{
    QFile file(path);
    return !path.isEmpty() && QFileInfo(path).isFile() && file.open(QIODevice::ReadOnly) &&
           store::isSqliteHeader(file.read(16));
}

// -1 when the flags hold (*seconds: the length of the capture), else the exit code of the
// usage error, said.
int checkCaptureArgs(const QCommandLineParser &p, const CaptureFlags &f, double *seconds)
{
    if (p.value(f.pen).isEmpty())
        return fail(Text::tr("--pen tcp:HÔTE:PORT|ble:ADRESSE est obligatoire"), Usage);
    // With --db the ink goes into the station file (contact ink encrypted, purged once
    // delivered): an InkML copy in clear is only written when asked for.
    if (p.value(f.out).isEmpty() && !p.isSet(f.db))
        return fail(Text::tr("--out FICHIER.inkml (ou --db FICHIER) est obligatoire"), Usage);
    if (p.isSet(f.duration) == p.isSet(f.idle))
        return fail(Text::tr("donnez soit --duration S, soit --until-idle S"), Usage);
    bool ok = false;
    *seconds = p.value(p.isSet(f.duration) ? f.duration : f.idle).toDouble(&ok);
    if (!ok || !(*seconds > 0) || *seconds > 7 * 24 * 3600)
        return fail(Text::tr("la durée doit être un nombre positif de secondes"), Usage);
    return -1;
}

// The pen's transport, or nullptr with *code set (the error said).
std::unique_ptr<PenTransport> captureTransport(const QString &spec, int *code)
{
    if (spec.startsWith(QLatin1String("ble:"))) {
        QString why;
        if (!BlePenTransport::isValidAddress(spec.mid(4)))
            *code = fail(Text::tr("adresse BLE « %1 » invalide (ble:AA:BB:CC:DD:EE:FF attendu)")
                             .arg(spec.mid(4)),
                         Usage);
        else if (!PenScanner::bluetoothAvailable(&why))
            *code = fail(Text::tr("Impossible d'utiliser %1 : %2").arg(spec, why), Failure);
        if (*code >= 0)
            return nullptr;
    }
    QString error;
    auto transport = createTransport(spec, &error);
    if (!transport)
        *code = fail(error, spec.startsWith(QLatin1String("ble:")) ? Failure : Usage);
    return transport;
}

// The station file of --db (none without it), or nullptr with *code set.
std::unique_ptr<StationInk> captureStation(const QCommandLineParser &p, const CaptureFlags &f,
                                           int *code)
{
    if (!p.isSet(f.db))
        return nullptr;
    if (!QFileInfo::exists(p.value(f.db))) {
        *code = fail(missingStationMessage(p.value(f.db)));
        return nullptr;
    }
    for (const QString &written : {p.value(f.out), p.value(f.record)}) {
        if (!written.isEmpty() && store::Store::isStationFile(p.value(f.db), written)) {
            *code = fail(Text::tr("%1 est le fichier du bureau : --out et --record doivent "
                                  "nommer d'autres fichiers.")
                             .arg(written),
                         Usage);
            return nullptr;
        }
    }
    auto store = openStation(p);
    // Ink routed to sheets writes audited rows, sealed with the passphrase: refused at once
    // rather than once per stroke.
    if (store->protection() == store::Store::Protection::Locked) {
        *code = fail(Text::tr("Le bureau est verrouillé : capture --db demande sa phrase "
                              "secrète (--passphrase-file FICHIER ou PLUME_PASSPHRASE_FILE)."));
        return nullptr;
    }
    return std::make_unique<StationInk>(std::move(store));
}

// One capture: the strokes seen, whether the pen ever connected, the exit code so far.
struct CaptureRun
{
    QEventLoop loop;
    QTimer stopTimer;
    QVector<ink::Stroke> strokes;
    bool everConnected = false;
    int exitCode = Ok;

    void stopWith(int code)
    {
        exitCode = code;
        loop.quit();
    }
};

void reportPenEvents(PenSession &session, CaptureRun &run, bool pinGiven)
{
    QObject::connect(&session, &PenSession::connected, &run.loop, [&] {
        run.everConnected = true;
        warn(Text::tr("stylo connecté (%1)").arg(session.info().version.name));
    });
    QObject::connect(&session, &PenSession::error, &run.loop,
                     [](const QString &m) { warn(Text::tr("stylo : %1").arg(m)); });
    QObject::connect(&session, &PenSession::reconnecting, &run.loop, [](int attempt, int delay) {
        warn(Text::tr("reconnexion (essai %1, dans %2 ms)").arg(attempt).arg(delay));
    });
    QObject::connect(
        &session, &PenSession::pinRequested, &run.loop, [&run, pinGiven](int tries, int max) {
            warn(pinGiven
                     ? Text::tr("le stylo a refusé le code (%1 essais sur %2)").arg(tries).arg(max)
                     : Text::tr("le stylo est verrouillé : donnez son code avec --pin"));
            run.stopWith(Failure);
        });
    QObject::connect(&session, &PenSession::stateChanged, &run.loop, [&run](PenSession::State s) {
        if (s == PenSession::State::LockedOut)
            run.stopWith(Failure);
    });
}

// Runs the capture until the time is up (since the start, or since the last byte with
// --until-idle), the replay ends, or the pen refuses.
void runCapture(PenSession &session, CaptureRun &run, int ms, bool untilIdle)
{
    run.stopTimer.setSingleShot(true);
    QObject::connect(&run.stopTimer, &QTimer::timeout, &run.loop, &QEventLoop::quit);
    QObject::connect(&session, &PenSession::strokeCompleted, &run.loop,
                     [&run](const ink::Stroke &s) { run.strokes.append(s); });
    if (untilIdle) // restarted by every byte from the pen
        QObject::connect(session.transport(), &PenTransport::dataReceived, &run.stopTimer,
                         [&run, ms] { run.stopTimer.start(ms); });
    if (auto *replay = qobject_cast<ReplayPenTransport *>(session.transport()))
        QObject::connect(replay, &ReplayPenTransport::finished, &run.loop, &QEventLoop::quit);
    run.stopTimer.start(ms);
    // Ctrl-C or a kill ends the capture as the time would: the strokes received are written
    // (an endless stream of hover dots never lets --until-idle end; Ctrl-C once lost them).
    i18n::onStopSignals(&run.loop, [&run] {
        warn(Text::tr("capture interrompue : les traits reçus sont gardés"));
        run.loop.quit();
    });
    session.start();
    run.loop.exec();
    session.stop(); // closes an open stroke (synthetic pen-up)
}

// The captured ink: a file is written whole or not at all (QSaveFile) and owner only (the
// ink of contact sheets is personal data); a device or a pipe (/dev/null, /dev/stdout) is
// written directly: QSaveFile would rename a file over it, and its mode is not ours.
bool writeCapture(const QString &path, const QByteArray &inkml, QString *why)
{
    if (QFileInfo::exists(path) && !QFileInfo(path).isFile()) {
        QFile device(path);
        const bool ok = device.open(QIODevice::WriteOnly) && device.write(inkml) == inkml.size();
        *why = device.errorString();
        return ok;
    }
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) &&
                    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
                    file.write(inkml) == inkml.size() && file.commit();
    *why = file.errorString();
    return ok;
}

// The InkML file, then the summary line; the station's strokes flushed first.
void finishCapture(const PenSession &session, CaptureRun &run, StationInk *station,
                   const QString &outPath, const QString &spec)
{
    if (station && !station->finish()) {
        warn(Text::tr("tous les traits n'ont pas pu être enregistrés : %1")
                 .arg(station->writer->lastError()));
        run.exitCode = Failure;
    }
    if (const int again = station ? station->session->duplicateStrokes() : 0; again > 0)
        warn(Text::tr("%n trait(s) déjà enregistré(s), reçu(s) de nouveau : gardé(s) une "
                      "seule fois",
                      nullptr, again));
    if (QString why;
        !outPath.isEmpty() && !writeCapture(outPath, ink::writeCaptureInkML(run.strokes), &why)) {
        warn(Text::tr("Impossible d'écrire %1 : %2").arg(outPath, why));
        run.exitCode = Failure;
    }
    if (!run.everConnected && run.exitCode == Ok) { // a replay file that could not be opened too
        warn(Text::tr("pas de connexion au stylo %1").arg(spec));
        run.exitCode = Failure;
    }
    const PenSession::Stats st = session.stats();
    if (st.unknownPackets + st.refusedCommands > 0)
        warn(Text::tr("paquets du stylo ignorés : %1 inconnus ou mal formés, %2 refus de "
                      "commande")
                 .arg(st.unknownPackets)
                 .arg(st.refusedCommands));
    // A stroke cut live and its complete copy from the pen's memory are one stroke written
    // (both are in the file, as received: FormSession reads the complete one).
    if (st.completedCopies > 0)
        warn(Text::tr("%n trait(s) coupé(s) en direct, reçu(s) entier(s) de la mémoire du stylo",
                      nullptr, st.completedCopies));
    if (st.staleOffline > 0)
        warn(Text::tr("%n trait(s) de la mémoire du stylo écrit(s) plus de deux jours avant "
                      "l'élection : laissé(s) dans le stylo",
                      nullptr, st.staleOffline));
    out() << "strokes=" << st.strokes - st.completedCopies << " dots=" << st.dots
          << " lost_events=" << st.lostEvents << " bad_frames=" << st.badFrames
          << " reconnects=" << st.reconnects << "\n";
    out().flush();
}

int capture(const QStringList &args)
{
    QCommandLineParser p;
    const CaptureFlags f;
    p.addOptions(f.all());
    if (int r = parseArgs(p, args, Text::tr("Capture les traits du stylo en InkML.")); r >= 0)
        return r;
    double seconds = 0;
    if (int r = checkCaptureArgs(p, f, &seconds); r >= 0)
        return r;
    int code = -1;
    auto transport = captureTransport(p.value(f.pen), &code);
    if (!transport)
        return code;
    const std::unique_ptr<StationInk> station = captureStation(p, f, &code);
    if (code >= 0)
        return code;
    for (const QString &written : {p.value(f.out), p.value(f.record)})
        if (isSqliteFile(written)) // a copy of a station file, or one without --db
            return fail(Text::tr("%1 est une base SQLite (un fichier de bureau, ou sa copie ?) : "
                                 "--out et --record doivent nommer d'autres fichiers.")
                            .arg(written),
                        Usage);
    PenSession::Options options;
    options.pin = p.value(f.pin);
    options.recordPath = p.value(f.record);
    if (station) // without a station, everything the pen holds is captured
        options.offlineNotBeforeMs = station->store->election().penInkNotBeforeMs();
    PenSession session(std::move(transport), options);
    if (station)
        QObject::connect(&session, &PenSession::strokeCompleted, station->session.get(),
                         &forms::FormSession::addStroke);
    CaptureRun run;
    reportPenEvents(session, run, !options.pin.isEmpty());
    runCapture(session, run, int(std::lround(seconds * 1000)), p.isSet(f.idle));
    finishCapture(session, run, station.get(), p.value(f.out), p.value(f.pen));
    return run.exitCode;
}

// A pen byte stream of `strokes` strokes of `dots` dots, rich in escaped bytes.
QVector<QByteArray> benchStream(int strokes, int dots)
{
    QVector<QByteArray> perStroke;
    QRandomGenerator rng(42);
    quint8 ec = 0;
    qint64 t = 1733567400000;
    for (int s = 0; s < strokes; ++s) {
        QByteArray b = penDownEvent(ec++, t);
        b += paperInfoEvent(ec++, ink::PageAddress{3, 27, 603, 1});
        double x = 100 + rng.bounded(50.0), y = 150 + rng.bounded(60.0);
        for (int i = 0; i < dots; ++i) {
            b += dotEvent(ec++, 12, int(300 + rng.bounded(600)), x, y);
            x += rng.bounded(0.8) - 0.3;
            y += rng.bounded(0.8) - 0.3;
        }
        t += dots * 12 + 300;
        b += penUpEvent(ec++, t, dots);
        perStroke.append(b);
    }
    return perStroke;
}

// Deframe and parse only, in BLE-sized pieces (20 bytes): dots per second.
double decodeRate(const QByteArray &stream, qint64 *dots)
{
    QElapsedTimer timer;
    Deframer deframer;
    QVector<Frame> frames;
    *dots = 0;
    timer.start();
    for (qsizetype i = 0; i < stream.size(); i += 20) {
        frames.clear();
        deframer.feed(QByteArrayView(stream).sliced(i, std::min<qsizetype>(20, stream.size() - i)),
                      frames);
        for (const Frame &f : std::as_const(frames))
            *dots += std::holds_alternative<DotEvent>(parsePenPacket(f));
    }
    return double(*dots) / (timer.nsecsElapsed() / 1e9);
}

// The full session path (deframe, parse, counters, stroke assembly, signal): dots per
// second.
double sessionRate(const QByteArray &stream)
{
    PenSession session(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
    qint64 dots = 0;
    QObject::connect(&session, &PenSession::strokeCompleted, &session,
                     [&dots](const ink::Stroke &s) { dots += s.dots.size(); });
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < stream.size(); i += 20)
        session.feed(stream.mid(i, 20));
    return double(dots) / (timer.nsecsElapsed() / 1e9);
}

// Latency, in µs, sorted: last byte of a stroke's final dot (arriving with its pen-up, as
// in one notification) to strokeCompleted.
QVector<double> strokeLatencies(const QVector<QByteArray> &strokes)
{
    QVector<double> latUs;
    QElapsedTimer timer;
    qint64 signalNs = -1;
    PenSession session(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
    QObject::connect(&session, &PenSession::strokeCompleted, &session,
                     [&](const ink::Stroke &) { signalNs = timer.nsecsElapsed(); });
    const int latencyStrokes = std::min<int>(int(strokes.size()), 5000);
    for (int k = 0; k < latencyStrokes; ++k) {
        const QByteArray &b = strokes[k];
        const qsizetype tail = 22 + 23; // roughly the last dot + pen-up frames
        session.feed(b.left(b.size() - tail));
        signalNs = -1;
        timer.start();
        session.feed(b.right(tail));
        if (signalNs >= 0)
            latUs.append(signalNs / 1000.0);
    }
    std::sort(latUs.begin(), latUs.end());
    return latUs;
}

struct PenBench
{
    qint64 dots = 0, bytes = 0;
    double decodeRate = 0, sessionRate = 0;
    QVector<double> latUs;
    int dotsPerStroke = 0;

    double percentile(double q) const
    {
        return latUs.isEmpty()
                   ? 0.0
                   : latUs[std::min<qsizetype>(latUs.size() - 1, qsizetype(q * latUs.size()))];
    }
};

void printPenBench(const PenBench &b, bool json)
{
    if (json) {
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("decode_dots_per_s"), b.decodeRate},
                                            {QStringLiteral("session_dots_per_s"), b.sessionRate},
                                            {QStringLiteral("latency_us_p50"), b.percentile(0.5)},
                                            {QStringLiteral("latency_us_p99"), b.percentile(0.99)},
                                            {QStringLiteral("dots"), double(b.dots)},
                                            {QStringLiteral("bytes"), double(b.bytes)}}));
        return;
    }
    out() << "bench pen: " << b.dots << " dots, " << b.bytes << " bytes, 20-byte chunks\n"
          << QStringLiteral("decode (deframe+parse): %1 dots/s\n").arg(b.decodeRate, 0, 'f', 0)
          << QStringLiteral("session (+counters, assembly, signal): %1 dots/s\n")
                 .arg(b.sessionRate, 0, 'f', 0)
          << QStringLiteral("last byte -> strokeCompleted: p50 %1 us, p99 %2 us (%3 strokes of "
                            "%4 dots)\n")
                 .arg(b.percentile(0.5), 0, 'f', 1)
                 .arg(b.percentile(0.99), 0, 'f', 1)
                 .arg(b.latUs.size())
                 .arg(b.dotsPerStroke);
    out().flush();
}

int benchPen(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption dotsOpt(QStringLiteral("dots"),
                                     Text::tr("Points décodés pour mesurer le débit."),
                                     QStringLiteral("N"), QStringLiteral("1000000"));
    p.addOptions({dotsOpt, jsonOption()});
    if (int r = parseArgs(p, args, Text::tr("Débit et latence du décodage du stylo.")); r >= 0)
        return r;
    bool ok = false;
    const int totalDots = p.value(dotsOpt).toInt(&ok);
    if (!ok || totalDots < 1000)
        return fail(Text::tr("--dots doit valoir au moins 1000"), Usage);
    PenBench b;
    b.dotsPerStroke = 100;
    const QVector<QByteArray> strokes = benchStream(totalDots / b.dotsPerStroke, b.dotsPerStroke);
    QByteArray stream;
    for (const QByteArray &s : strokes)
        stream += s;
    b.bytes = stream.size();
    b.decodeRate = decodeRate(stream, &b.dots);
    b.sessionRate = sessionRate(stream);
    b.latUs = strokeLatencies(strokes);
    printPenBench(b, p.isSet(jsonOption()));
    return Ok;
}

} // namespace

void registerPenCommands(Registry &registry)
{
    registry.add({{QStringLiteral("capture")},
                  Text::tr("capture les traits d'un stylo (BLE ou simulateur) en InkML"),
                  capture});
    registry.add({{QStringLiteral("bench"), QStringLiteral("pen")},
                  Text::tr("débit du décodage du stylo et latence des traits"),
                  benchPen});
}

} // namespace plume::cli
