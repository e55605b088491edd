// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-pensim: a simulated NeoSmartpen on TCP (see docs/pen.md).
#include "i18n/i18n.h"
#include "pensim/pensimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using plume::pensim::PenSimulator;

namespace {

// Human sentences, in French (source language); the lines `listening HOST:PORT` and the
// per-stroke log lines are machine lines and never change.
struct PensimText
{
    Q_DECLARE_TR_FUNCTIONS(PensimText)
};

int usage(const QString &message)
{
    std::fprintf(stderr, "plume-pensim: %s\n", qPrintable(message));
    return 2;
}

struct Flags
{
    QCommandLineOption listen{QStringLiteral("listen"),
                              PensimText::tr("Adresse d'écoute (port 0 = un port libre)."),
                              QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0")};
    QCommandLineOption ink{QStringLiteral("ink"), PensimText::tr("Fichier InkML à écrire."),
                           QStringLiteral("FILE")};
    QCommandLineOption pin{QStringLiteral("pin"),
                           PensimText::tr("Verrouille le stylo par ce code."),
                           QStringLiteral("PIN")};
    QCommandLineOption chunk{QStringLiteral("chunk"),
                             PensimText::tr("Octets par écriture : N, ou « random » (1-40)."),
                             QStringLiteral("N|random")};
    QCommandLineOption seed{QStringLiteral("seed"), PensimText::tr("Graine du hasard."),
                            QStringLiteral("S"), QStringLiteral("1")};
    QCommandLineOption faults{
        QStringLiteral("fault"),
        PensimText::tr("Pannes : garbage,truncate,drop-penup,lose-events,disconnect."),
        QStringLiteral("LIST")};
    QCommandLineOption offline{QStringLiteral("offline-strokes"),
                               PensimText::tr("Avec « disconnect » : traits écrits pendant la "
                                              "déconnexion (mémoire hors ligne)."),
                               QStringLiteral("N"), QStringLiteral("0")};
    QCommandLineOption battery{QStringLiteral("battery"), PensimText::tr("Batterie en %."),
                               QStringLiteral("PCT"), QStringLiteral("80")};
    QCommandLineOption exitDone{QStringLiteral("exit-when-done"),
                                PensimText::tr("S'éteint et quitte après l'encre.")};
    QCommandLineOption quiet{QStringLiteral("quiet"),
                             PensimText::tr("Pas de ligne par trait sur stderr.")};

    QList<QCommandLineOption> all() const
    {
        return {listen, ink, pin, chunk, seed, faults, offline, battery, exitDone, quiet};
    }
};

struct Listen
{
    QHostAddress host;
    quint16 port = 0;
};

// --listen IP:PORT, or nullopt.
std::optional<Listen> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    QHostAddress host(colon >= 0 ? text.left(colon) : QString());
    if (colon < 0 || !ok || port > 65535 || host.isNull())
        return std::nullopt;
    return Listen{host, quint16(port)};
}

// --chunk into o: -1, or the exit code of the usage error (said).
int readChunk(const QCommandLineParser &p, const Flags &f, PenSimulator::Options &o)
{
    if (!p.isSet(f.chunk))
        return -1;
    if (p.value(f.chunk) == QLatin1String("random")) {
        o.chunk = -1;
        return -1;
    }
    bool ok = false;
    o.chunk = p.value(f.chunk).toInt(&ok);
    if (!ok || o.chunk < 1)
        return usage(PensimText::tr("--chunk « %1 » invalide").arg(p.value(f.chunk)));
    return -1;
}

// --fault into o: -1, or the exit code of the usage error (said).
int readFaults(const QCommandLineParser &p, const Flags &f, PenSimulator::Options &o)
{
    for (const QString &name : p.value(f.faults).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!PenSimulator::faultNames().contains(name.trimmed()))
            return usage(PensimText::tr("panne « %1 » inconnue (connues : %2)")
                             .arg(name, PenSimulator::faultNames().join(QLatin1Char(','))));
        o.faults.insert(name.trimmed());
    }
    return -1;
}

// The numbers and switches into o: -1, or the exit code of the usage error (said).
int readOptions(const QCommandLineParser &p, const Flags &f, PenSimulator::Options &o)
{
    if (int code = readChunk(p, f, o); code >= 0)
        return code;
    bool ok = false;
    o.seed = p.value(f.seed).toUInt(&ok);
    if (!ok)
        return usage(PensimText::tr("--seed « %1 » invalide").arg(p.value(f.seed)));
    if (int code = readFaults(p, f, o); code >= 0)
        return code;
    o.offlineStrokes = p.value(f.offline).toInt(&ok);
    if (!ok || o.offlineStrokes < 0)
        return usage(PensimText::tr("--offline-strokes invalide"));
    o.battery = p.value(f.battery).toInt(&ok);
    if (!ok || o.battery < 0 || o.battery > 100)
        return usage(PensimText::tr("--battery invalide"));
    o.pin = p.value(f.pin);
    o.exitWhenDone = p.isSet(f.exitDone);
    o.quiet = p.isSet(f.quiet);
    return -1;
}

// Listens, says where on stdout (`listening HOST:PORT`), and runs until killed or done.
int serve(QCoreApplication &app, const PenSimulator::Options &o, const Listen &at,
          const QString &listenText)
{
    PenSimulator sim(o);
    const quint16 bound = sim.listen(at.host, at.port);
    if (bound == 0) {
        std::fprintf(stderr, "plume-pensim: %s\n",
                     qPrintable(PensimText::tr("impossible d'écouter sur %1 : %2")
                                    .arg(listenText, sim.errorString())));
        return 1;
    }
    std::printf("listening %s:%u\n", qPrintable(at.host.toString()), unsigned(bound));
    std::fflush(stdout);
    if (o.exitWhenDone)
        QObject::connect(&sim, &PenSimulator::finished, &app, [&app] {
            QTimer::singleShot(200, &app, [] { QCoreApplication::exit(0); });
        });
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("plume-pensim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLUME_VERSION));
    plume::i18n::installTranslators(app, plume::i18n::languageFromEnvironment());
    QCommandLineParser p;
    p.setApplicationDescription(PensimText::tr(
        "Stylo NeoSmartpen simulé (protocole 2.x) sur TCP : écrit les traits d'un fichier InkML."));
    p.addOption(plume::i18n::helpOption());
    p.addVersionOption();
    const Flags f;
    p.addOptions(f.all());
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
    if (!p.isSet(f.ink))
        return usage(PensimText::tr("--ink FICHIER est obligatoire"));
    const auto at = parseListen(p.value(f.listen));
    if (!at)
        return usage(
            PensimText::tr("--listen « %1 » invalide : IP:PORT attendu").arg(p.value(f.listen)));
    PenSimulator::Options o;
    if (int code = readOptions(p, f, o); code >= 0)
        return code;
    QString error;
    auto strokes = PenSimulator::loadInk(p.value(f.ink), &error);
    if (!strokes) {
        std::fprintf(stderr, "plume-pensim: %s\n", qPrintable(error));
        return 1;
    }
    o.strokes = *strokes;
    return serve(app, o, *at, p.value(f.listen));
}
