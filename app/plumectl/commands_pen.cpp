// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Subcommands of the pen module (see command.h): capture, bench pen.
#include "forms/formsession.h"
#include "ink/inkml.h"
#include "pen/ble.h"
#include "pen/codec.h"
#include "pen/packets.h"
#include "pen/session.h"
#include "plumectl/command.h"
#include "recognition/classifier.h"
#include "store/store.h"
#include "store/strokewriter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
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
            err() << "plumectl: "
                  << Text::tr("reconnaissance indisponible (%1) : les valeurs devront être tapées")
                         .arg(error)
                  << "\n";
        session = std::make_unique<forms::FormSession>(
            *store, writer.get(), classifier.isLoaded() ? &classifier : nullptr);
        QObject::connect(session.get(), &forms::FormSession::error, [](const QString &m) {
            err() << "plumectl: " << m << "\n";
            err().flush();
        });
        // Ink on an erased sheet is not stored: said once per sheet.
        QObject::connect(session.get(), &forms::FormSession::inkRefused,
                         [this](const QString &sheet, const QString &m) {
                             if (refused.contains(sheet))
                                 return;
                             refused.insert(sheet);
                             err() << "plumectl: " << m << "\n";
                             err().flush();
                         });
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
    QSet<QString> refused;
};

int capture(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption penOpt(QStringLiteral("pen"),
                                    Text::tr("tcp:HÔTE:PORT, ble:ADRESSE ou replay:FICHIER."),
                                    QStringLiteral("SPEC"));
    const QCommandLineOption pinOpt(QStringLiteral("pin"), Text::tr("Code d'un stylo verrouillé."),
                                    QStringLiteral("PIN"));
    const QCommandLineOption durationOpt(
        QStringLiteral("duration"), Text::tr("Capture pendant S secondes."), QStringLiteral("S"));
    const QCommandLineOption idleOpt(QStringLiteral("until-idle"),
                                     Text::tr("S'arrête après S secondes sans données."),
                                     QStringLiteral("S"));
    const QCommandLineOption outOpt(QStringLiteral("out"), Text::tr("Fichier InkML à écrire."),
                                    QStringLiteral("FILE.inkml"));
    const QCommandLineOption dbOpt(
        QStringLiteral("db"),
        Text::tr("Fait aussi entrer les traits dans ce fichier de bureau, comme la fenêtre : page "
                 "-> feuille -> champ -> lectures (plumectl fields les montre)."),
        QStringLiteral("FILE"));
    const QCommandLineOption recordOpt(
        QStringLiteral("record"),
        Text::tr("Enregistre les octets bruts du stylo (journal rejouable)."),
        QStringLiteral("FILE"));
    p.addOptions(
        {penOpt, pinOpt, durationOpt, idleOpt, outOpt, dbOpt, recordOpt, passphraseOption()});
    if (int r = parseArgs(p, args, Text::tr("Capture les traits du stylo en InkML.")); r >= 0)
        return r;
    const QString spec = p.value(penOpt);
    if (spec.isEmpty())
        return fail(Text::tr("--pen tcp:HÔTE:PORT|ble:ADRESSE est obligatoire"), Usage);
    if (p.value(outOpt).isEmpty())
        return fail(Text::tr("--out FICHIER.inkml est obligatoire"), Usage);
    if (p.isSet(durationOpt) == p.isSet(idleOpt))
        return fail(Text::tr("donnez soit --duration S, soit --until-idle S"), Usage);
    bool ok = false;
    const double seconds = p.value(p.isSet(durationOpt) ? durationOpt : idleOpt).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 7 * 24 * 3600)
        return fail(Text::tr("la durée doit être un nombre positif de secondes"), Usage);
    if (spec.startsWith(QLatin1String("ble:"))) {
        if (!BlePenTransport::isValidAddress(spec.mid(4)))
            return fail(Text::tr("adresse BLE « %1 » invalide (ble:AA:BB:CC:DD:EE:FF attendu)")
                            .arg(spec.mid(4)),
                        Usage);
        QString why;
        if (!PenScanner::bluetoothAvailable(&why))
            return fail(Text::tr("Impossible d'utiliser %1 : %2").arg(spec, why), Failure);
    }
    QString error;
    auto transport = createTransport(spec, &error);
    if (!transport)
        return fail(error, spec.startsWith(QLatin1String("ble:")) ? Failure : Usage);

    std::unique_ptr<StationInk> station;
    if (p.isSet(dbOpt)) {
        if (!QFileInfo::exists(p.value(dbOpt)))
            return fail(Text::tr("Le fichier de bureau %1 n'existe pas.").arg(p.value(dbOpt)));
        for (const QString &written : {p.value(outOpt), p.value(recordOpt)}) {
            if (!written.isEmpty() && store::Store::isStationFile(p.value(dbOpt), written))
                return fail(Text::tr("%1 est le fichier du bureau : --out et --record doivent "
                                     "nommer d'autres fichiers.")
                                .arg(written),
                            Usage);
        }
        station = std::make_unique<StationInk>(openStation(p));
    }

    PenSession::Options options;
    options.pin = p.value(pinOpt);
    options.recordPath = p.value(recordOpt);
    PenSession session(std::move(transport), options);
    if (station)
        QObject::connect(&session, &PenSession::strokeCompleted, station->session.get(),
                         &forms::FormSession::addStroke);
    QVector<ink::Stroke> strokes;
    int exitCode = Ok;
    bool everConnected = false;
    QEventLoop loop;
    QTimer stopTimer;
    stopTimer.setSingleShot(true);
    const int ms = int(std::lround(seconds * 1000));
    QObject::connect(&stopTimer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&session, &PenSession::strokeCompleted, &loop,
                     [&](const ink::Stroke &s) { strokes.append(s); });
    QObject::connect(&session, &PenSession::connected, &loop, [&] {
        everConnected = true;
        err() << "plumectl: " << Text::tr("stylo connecté (%1)").arg(session.info().version.name)
              << "\n";
        err().flush();
    });
    QObject::connect(&session, &PenSession::error, &loop, [](const QString &m) {
        err() << "plumectl: " << Text::tr("stylo : %1").arg(m) << "\n";
        err().flush();
    });
    QObject::connect(&session, &PenSession::reconnecting, &loop, [](int attempt, int delay) {
        err() << "plumectl: "
              << Text::tr("reconnexion (essai %1, dans %2 ms)").arg(attempt).arg(delay) << "\n";
        err().flush();
    });
    QObject::connect(&session, &PenSession::pinRequested, &loop, [&](int tries, int max) {
        err()
            << "plumectl: "
            << (options.pin.isEmpty()
                    ? Text::tr("le stylo est verrouillé : donnez son code avec --pin")
                    : Text::tr("le stylo a refusé le code (%1 essais sur %2)").arg(tries).arg(max))
            << "\n";
        err().flush();
        exitCode = Failure;
        loop.quit();
    });
    QObject::connect(&session, &PenSession::stateChanged, &loop, [&](PenSession::State s) {
        if (s == PenSession::State::LockedOut) {
            exitCode = Failure;
            loop.quit();
        }
    });
    if (p.isSet(idleOpt)) // restarted by every byte from the pen
        QObject::connect(session.transport(), &PenTransport::dataReceived, &stopTimer,
                         [&stopTimer, ms] { stopTimer.start(ms); });
    if (auto *replay = qobject_cast<ReplayPenTransport *>(session.transport()))
        QObject::connect(replay, &ReplayPenTransport::finished, &loop, &QEventLoop::quit);
    stopTimer.start(ms);
    session.start();
    loop.exec();
    session.stop(); // closes an open stroke (synthetic pen-up)
    if (station && !station->finish()) {
        err() << "plumectl: "
              << Text::tr("tous les traits n'ont pas pu être enregistrés : %1")
                     .arg(station->writer->lastError())
              << "\n";
        exitCode = Failure;
    }
    QSaveFile file(p.value(outOpt));
    if (!file.open(QIODevice::WriteOnly) || file.write(ink::writeCaptureInkML(strokes)) < 0 ||
        !file.commit()) {
        err() << "plumectl: "
              << Text::tr("Impossible d'écrire %1 : %2").arg(p.value(outOpt), file.errorString())
              << "\n";
        exitCode = Failure;
    }
    if (!everConnected && exitCode == Ok) { // a replay file that could not be opened too
        err() << "plumectl: " << Text::tr("pas de connexion au stylo %1").arg(spec) << "\n";
        exitCode = Failure;
    }
    const PenSession::Stats st = session.stats();
    err().flush();
    out() << "strokes=" << st.strokes << " dots=" << st.dots << " lost_events=" << st.lostEvents
          << " bad_frames=" << st.badFrames << " reconnects=" << st.reconnects << "\n";
    out().flush();
    return exitCode;
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

    const int dotsPerStroke = 100;
    const QVector<QByteArray> strokes = benchStream(totalDots / dotsPerStroke, dotsPerStroke);
    QByteArray stream;
    for (const QByteArray &s : strokes)
        stream += s;

    // 1. Deframe + parse only, in BLE-sized pieces (20 bytes).
    QElapsedTimer timer;
    Deframer deframer;
    QVector<Frame> frames;
    qint64 parsedDots = 0;
    timer.start();
    for (qsizetype i = 0; i < stream.size(); i += 20) {
        frames.clear();
        deframer.feed(QByteArrayView(stream).sliced(i, std::min<qsizetype>(20, stream.size() - i)),
                      frames);
        for (const Frame &f : std::as_const(frames))
            parsedDots += std::holds_alternative<DotEvent>(parsePenPacket(f));
    }
    const double decodeS = timer.nsecsElapsed() / 1e9;

    // 2. Full session path (deframe, parse, counters, stroke assembly, signal).
    PenSession session(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
    qint64 sessionDots = 0;
    qint64 signalNs = 0;
    QObject::connect(&session, &PenSession::strokeCompleted, &session, [&](const ink::Stroke &s) {
        signalNs = timer.nsecsElapsed();
        sessionDots += s.dots.size();
    });
    timer.restart();
    for (qsizetype i = 0; i < stream.size(); i += 20)
        session.feed(stream.mid(i, 20));
    const double sessionS = timer.nsecsElapsed() / 1e9;

    // 3. Latency: last byte of a stroke's final dot (arriving with its pen-up, as in one
    // notification) to strokeCompleted.
    QVector<double> latUs;
    PenSession s2(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
    QObject::connect(&s2, &PenSession::strokeCompleted, &s2,
                     [&](const ink::Stroke &) { signalNs = timer.nsecsElapsed(); });
    const int latencyStrokes = std::min<int>(int(strokes.size()), 5000);
    for (int k = 0; k < latencyStrokes; ++k) {
        const QByteArray &b = strokes[k];
        const qsizetype tail = 22 + 23; // roughly the last dot + pen-up frames
        s2.feed(b.left(b.size() - tail));
        const QByteArray last = b.right(tail);
        signalNs = -1;
        timer.restart();
        s2.feed(last);
        if (signalNs >= 0)
            latUs.append(signalNs / 1000.0);
    }
    std::sort(latUs.begin(), latUs.end());
    auto pct = [&](double q) {
        return latUs.isEmpty()
                   ? 0.0
                   : latUs[std::min<qsizetype>(latUs.size() - 1, qsizetype(q * latUs.size()))];
    };
    const double decodeRate = parsedDots / decodeS;
    const double sessionRate = sessionDots / sessionS;
    if (p.isSet(jsonOption())) {
        QJsonObject o{{QStringLiteral("decode_dots_per_s"), decodeRate},
                      {QStringLiteral("session_dots_per_s"), sessionRate},
                      {QStringLiteral("latency_us_p50"), pct(0.5)},
                      {QStringLiteral("latency_us_p99"), pct(0.99)},
                      {QStringLiteral("dots"), double(parsedDots)},
                      {QStringLiteral("bytes"), double(stream.size())}};
        printJson(QJsonDocument(o));
        return Ok;
    }
    out() << "bench pen: " << parsedDots << " dots, " << stream.size() << " bytes, 20-byte chunks\n"
          << QStringLiteral("decode (deframe+parse): %1 dots/s\n").arg(decodeRate, 0, 'f', 0)
          << QStringLiteral("session (+counters, assembly, signal): %1 dots/s\n")
                 .arg(sessionRate, 0, 'f', 0)
          << QStringLiteral("last byte -> strokeCompleted: p50 %1 us, p99 %2 us (%3 strokes of "
                            "%4 dots)\n")
                 .arg(pct(0.5), 0, 'f', 1)
                 .arg(pct(0.99), 0, 'f', 1)
                 .arg(latUs.size())
                 .arg(dotsPerStroke);
    out().flush();
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
