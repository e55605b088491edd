// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-pensim: a simulated NeoSmartpen on TCP (see docs/pen.md).
#include "pensim/pensimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using plume::pensim::PenSimulator;

static int usage(const QString &message)
{
    std::fprintf(stderr, "plume-pensim: %s\n", qPrintable(message));
    return 2;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("plume-pensim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Simulated NeoSmartpen (protocol 2.x) on TCP: writes the strokes of an InkML file."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (port 0 = any)."),
                                    QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption ink(QStringLiteral("ink"), QStringLiteral("InkML file to write."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption pin(QStringLiteral("pin"), QStringLiteral("Lock the pen with PIN."),
                                 QStringLiteral("PIN"));
    const QCommandLineOption chunk(QStringLiteral("chunk"),
                                   QStringLiteral("Bytes per write: N, or 'random' (1-40)."),
                                   QStringLiteral("N|random"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption faults(
        QStringLiteral("fault"),
        QStringLiteral("Faults: garbage,truncate,drop-penup,lose-events,disconnect."),
        QStringLiteral("LIST"));
    const QCommandLineOption offline(
        QStringLiteral("offline-strokes"),
        QStringLiteral("With 'disconnect': strokes written while disconnected (offline memory)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption battery(QStringLiteral("battery"), QStringLiteral("Battery %."),
                                     QStringLiteral("PCT"), QStringLiteral("80"));
    const QCommandLineOption exitDone(QStringLiteral("exit-when-done"),
                                      QStringLiteral("Switch off and exit after the ink."));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("No per-stroke lines on stderr."));
    p.addOptions({listen, ink, pin, chunk, seed, faults, offline, battery, exitDone, quiet});
    if (!p.parse(app.arguments()))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(p.helpText()));
        return 0;
    }
    if (p.isSet(QStringLiteral("version"))) {
        std::printf("plume-pensim %s\n", PLUME_VERSION);
        return 0;
    }
    if (!p.isSet(ink))
        return usage(QStringLiteral("--ink FILE is required"));

    PenSimulator::Options o;
    const QString listenText = p.value(listen);
    const qsizetype colon = listenText.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon >= 0 ? listenText.mid(colon + 1).toUInt(&ok) : 0;
    QHostAddress host(colon >= 0 ? listenText.left(colon) : QString());
    if (colon < 0 || !ok || port > 65535 || host.isNull())
        return usage(QStringLiteral("bad --listen '%1': expected IP:PORT").arg(listenText));
    if (p.isSet(chunk)) {
        if (p.value(chunk) == QLatin1String("random")) {
            o.chunk = -1;
        } else {
            o.chunk = p.value(chunk).toInt(&ok);
            if (!ok || o.chunk < 1)
                return usage(QStringLiteral("bad --chunk '%1'").arg(p.value(chunk)));
        }
    }
    o.seed = p.value(seed).toUInt(&ok);
    if (!ok)
        return usage(QStringLiteral("bad --seed '%1'").arg(p.value(seed)));
    for (const QString &f : p.value(faults).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!PenSimulator::faultNames().contains(f.trimmed()))
            return usage(QStringLiteral("unknown fault '%1' (known: %2)")
                             .arg(f, PenSimulator::faultNames().join(QLatin1Char(','))));
        o.faults.insert(f.trimmed());
    }
    o.offlineStrokes = p.value(offline).toInt(&ok);
    if (!ok || o.offlineStrokes < 0)
        return usage(QStringLiteral("bad --offline-strokes"));
    o.battery = p.value(battery).toInt(&ok);
    if (!ok || o.battery < 0 || o.battery > 100)
        return usage(QStringLiteral("bad --battery"));
    o.pin = p.value(pin);
    o.exitWhenDone = p.isSet(exitDone);
    o.quiet = p.isSet(quiet);
    QString error;
    auto strokes = PenSimulator::loadInk(p.value(ink), &error);
    if (!strokes) {
        std::fprintf(stderr, "plume-pensim: %s\n", qPrintable(error));
        return 1;
    }
    o.strokes = *strokes;
    PenSimulator sim(o);
    const quint16 bound = sim.listen(host, quint16(port));
    if (bound == 0) {
        std::fprintf(stderr, "plume-pensim: cannot listen on %s: %s\n", qPrintable(listenText),
                     qPrintable(sim.errorString()));
        return 1;
    }
    std::printf("listening %s:%u\n", qPrintable(host.toString()), unsigned(bound));
    std::fflush(stdout);
    if (o.exitWhenDone)
        QObject::connect(&sim, &PenSimulator::finished, &app, [&app] {
            QTimer::singleShot(200, &app, [] { QCoreApplication::exit(0); });
        });
    return app.exec();
}
