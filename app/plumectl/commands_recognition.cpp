// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Subcommands of the recognition module (see command.h): recognize, eval, bench recognise.
#include "plumectl/command.h"
#include "plumectl/evalsheets.h"

#include "datadir/datadir.h"
#include "forms/formsession.h"
#include "forms/formspec.h"
#include "ink/inkml.h"
#include "recognition/classifier.h"
#include "recognition/field.h"
#include "recognition/fragment.h"
#include "recognition/lexicon.h"
#include "recognition/reason.h"
#include "store/store.h"
#include "store/strokewriter.h"

#include <QCommandLineParser>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sched.h>
#include <time.h>

#include <algorithm>
#include <cmath>

namespace plume::cli {

using namespace plume::recognition;

namespace {

// Made on first use, once the translations are installed.
const QCommandLineOption &charsetOption()
{
    static const QCommandLineOption o(
        QStringLiteral("charset"),
        Text::tr("Caractères permis : digits, upper, lower, alpha, alnum, email, name, all."),
        QStringLiteral("charset"));
    return o;
}

const QCommandLineOption &modelOption()
{
    static const QCommandLineOption o(
        QStringLiteral("model-dir"),
        Text::tr("Dossier du modèle (par défaut : $PLUME_MODEL_DIR, "
                 "<exe>/../share/plume/models, dans une construction de développement "
                 "resources/models des sources)."),
        QStringLiteral("dir"));
    return o;
}

// --charset, when given, into *charset: -1, or the exit code of the usage error (said).
int charsetFrom(const QCommandLineParser &p, std::optional<Charset> *charset)
{
    if (!p.isSet(charsetOption()))
        return -1;
    *charset = parseCharset(p.value(charsetOption()));
    if (!*charset)
        return fail(Text::tr("jeu de caractères inconnu : « %1 »").arg(p.value(charsetOption())),
                    Usage);
    return -1;
}

bool loadModel(Classifier &c, const QCommandLineParser &p, QString *error)
{
    return c.load(p.isSet(modelOption()) ? p.value(modelOption()) : QString(), error);
}

QJsonArray nbestJson(const QVector<Candidate> &c)
{
    QJsonArray a;
    for (const Candidate &x : c)
        a.append(QJsonObject{{QStringLiteral("char"), QString(x.ch)},
                             {QStringLiteral("prob"), std::round(x.prob * 1e4) / 1e4}});
    return a;
}

QString fmt(double v, int decimals = 4)
{
    return QString::number(v, 'f', decimals);
}

QJsonObject pageFieldJson(const PageField &f)
{
    return QJsonObject{
        {QStringLiteral("field"), f.field},
        {QStringLiteral("value"), f.value},
        {QStringLiteral("confidence"), std::round(f.confidence * 1e4) / 1e4},
        {QStringLiteral("flagged"), f.flagged},
        {QStringLiteral("reason"), f.reason},
        {QStringLiteral("reasons"), f.reasons},
        {QStringLiteral("alternatives"), QJsonArray::fromStringList(f.alternatives)}};
}

// Page mode: ink with page addresses on known forms is read field by field, through the
// same live session as the GUI (on a throwaway station file).
int recognizePages(const ink::InkDocument &doc, const Classifier &classifier,
                   const QString &electionFile, bool json)
{
    QString error;
    const QString file = electionFile.isEmpty() ? datadir::demoElection() : electionFile;
    const auto election = store::ElectionConfig::fromFile(file, &error);
    if (!election)
        return fail(Text::tr("fichier d'élection invalide : %1").arg(error));
    QVector<ink::Stroke> strokes;
    for (const ink::InkGroup &g : doc.groups)
        strokes += g.strokes;
    if (const QString n = recognition::Lexicons::sharedUnavailableNotice(); !n.isEmpty())
        warn(n);
    QJsonArray sheets;
    for (const PageSheet &sheet : readPages(strokes, classifier, *election)) {
        QJsonArray fields;
        if (!json)
            out() << "# sheet " << sheet.sheet << " (page " << sheet.page << ")\n";
        for (const PageField &f : sheet.fields) {
            if (json)
                fields.append(pageFieldJson(f));
            else
                out() << f.field << "\t" << f.value << "\t" << fmt(f.confidence) << "\t"
                      << (f.flagged ? QStringLiteral("flagged: ") + f.reason : QStringLiteral("ok"))
                      << "\n";
        }
        if (json)
            sheets.append(QJsonObject{{QStringLiteral("sheet"), sheet.sheet},
                                      {QStringLiteral("form"), sheet.form},
                                      {QStringLiteral("page"), sheet.page},
                                      {QStringLiteral("fields"), fields}});
    }
    if (json)
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("model"), classifier.info().version},
                                            {QStringLiteral("sheets"), sheets}}));
    out().flush();
    return Ok;
}

// Ink with page addresses and no truth is a filled form: page mode.
bool isPageInk(const ink::InkDocument &doc)
{
    bool pages = false, truths = false;
    for (const ink::InkGroup &g : doc.groups) {
        pages =
            pages ||
            ink::PageAddress::parse(g.annotations.value(QStringLiteral("pageAddress"))).has_value();
        truths = truths || g.annotations.contains(QStringLiteral("truth"));
    }
    return pages && !truths;
}

QJsonObject characterJson(qsizetype i, const ink::InkGroup &g, const QVector<Candidate> &c,
                          double threshold)
{
    QJsonObject o{{QStringLiteral("index"), int(i)},
                  {QStringLiteral("strokes"), int(g.strokes.size())}};
    if (!c.isEmpty()) {
        o.insert(QStringLiteral("best"), QString(c.first().ch));
        o.insert(QStringLiteral("confidence"), std::round(c.first().prob * 1e4) / 1e4);
        o.insert(QStringLiteral("flagged"), c.first().prob < threshold);
    }
    o.insert(QStringLiteral("nbest"), nbestJson(c));
    const QString truth = g.annotations.value(QStringLiteral("truth"));
    if (!truth.isEmpty())
        o.insert(QStringLiteral("truth"), truth);
    return o;
}

// rank, best, confidence, ok|flagged, the other readings, truth=… when annotated.
void printCharacter(qsizetype i, const ink::InkGroup &g, const QVector<Candidate> &c,
                    double threshold)
{
    if (c.isEmpty()) {
        out() << i << "\t-\t0.0000\tempty\n";
        return;
    }
    QStringList alts;
    for (qsizetype k = 1; k < c.size(); ++k)
        alts << QStringLiteral("%1:%2").arg(c[k].ch).arg(fmt(c[k].prob, 3));
    const QString truth = g.annotations.value(QStringLiteral("truth"));
    out() << i << "\t" << c.first().ch << "\t" << fmt(c.first().prob) << "\t"
          << (c.first().prob < threshold ? "flagged" : "ok") << "\t" << alts.join(QLatin1Char(' '))
          << (truth.isEmpty() ? QString() : QStringLiteral("\ttruth=") + truth) << "\n";
}

struct CharacterRequest
{
    QString file;
    Charset charset = Charset::All;
    int n = 5;
    bool json = false;
};

// Character mode: each traceGroup (and the loose strokes together) is one character.
int recognizeCharacters(const ink::InkDocument &doc, const Classifier &classifier,
                        const CharacterRequest &r)
{
    QVector<ink::InkGroup> groups = doc.groups;
    if (!doc.looseStrokes.isEmpty())
        groups.append(ink::InkGroup{{}, doc.looseStrokes});
    const double thr = classifier.info().charThresholdFor(r.charset);
    QJsonArray chars;
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const auto c = classifier.classify(groups[i].strokes, r.charset, r.n);
        if (r.json)
            chars.append(characterJson(i, groups[i], c, thr));
        else
            printCharacter(i, groups[i], c, thr);
    }
    if (r.json)
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("file"), r.file},
                                            {QStringLiteral("model"), classifier.info().version},
                                            {QStringLiteral("charset"), charsetName(r.charset)},
                                            {QStringLiteral("char_flag_threshold"), thr},
                                            {QStringLiteral("characters"), chars}}));
    out().flush();
    return Ok;
}

void addRecognizeOptions(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("file"), Text::tr("Fichier InkML."));
    p.addOption(charsetOption());
    p.addOption(modelOption());
    p.addOption(jsonOption());
    p.addOption({QStringLiteral("n"), Text::tr("Autres lectures par caractère (5 par défaut)."),
                 QStringLiteral("n"), QStringLiteral("5")});
    p.addOption({QStringLiteral("election"),
                 Text::tr("Mode page : fichier d'élection pour les candidats du PV (par défaut : "
                          "la démonstration)."),
                 QStringLiteral("FILE.json")});
}

int recognize(const QStringList &args)
{
    QCommandLineParser p;
    addRecognizeOptions(p);
    if (int rc = parseArgs(
            p, args,
            Text::tr("Reconnaît chaque traceGroup d'un fichier InkML comme un caractère "
                     "(les traits isolés forment un caractère).\n"
                     "L'encre dont les traceGroups portent des adresses de page (et pas de "
                     "vérité) sur un formulaire connu est lue champ par champ.\n"
                     "Affiche : rang, meilleur caractère, confiance, signalement, autres "
                     "lectures."),
            {1, {}});
        rc >= 0)
        return rc;
    if (p.positionalArguments().size() != 1)
        return fail(Text::tr("recognize attend un seul fichier InkML"), Usage);
    std::optional<Charset> given;
    if (int rc = charsetFrom(p, &given); rc >= 0)
        return rc;
    CharacterRequest request{p.positionalArguments().first(), given.value_or(Charset::All), 0,
                             p.isSet(jsonOption())};
    bool nOk = false;
    request.n = p.value(QStringLiteral("n")).toInt(&nOk);
    if (!nOk || request.n < 1)
        return fail(Text::tr("--n attend un nombre positif"), Usage);
    const auto doc = ink::readInkML(request.file);
    if (!doc.ok && QFileInfo::exists(request.file)) // a file that exists, but not ink
        return fail(Text::tr("%1 n'est pas un fichier InkML lisible (%2) : plumectl recognize lit "
                             "l'encre qu'écrit plumectl capture --out.")
                        .arg(request.file, doc.error));
    if (!doc.ok)
        return fail(doc.error);
    Classifier classifier;
    QString error;
    if (!loadModel(classifier, p, &error))
        return fail(error);
    if (isPageInk(doc.document) && !given)
        return recognizePages(doc.document, classifier, p.value(QStringLiteral("election")),
                              request.json);
    return recognizeCharacters(doc.document, classifier, request);
}

// What eval counts: samples, right, flagged, per charset, and the confusions.
struct EvalTally
{
    qint64 n = 0, correct = 0, flagged = 0, errors = 0, flaggedErrors = 0;
    qint64 skipped = 0, skippedWriters = 0, fragments = 0;
    QMap<QString, QPair<qint64, qint64>> perCharset; // name -> (n, correct)
    QMap<QPair<QString, QString>, qint64> confusions;

    void add(QChar truth, QChar read, Charset cs, bool flag)
    {
        const bool ok = read == truth;
        ++n;
        correct += ok;
        flagged += flag;
        auto &pc = perCharset[charsetName(cs)];
        ++pc.first;
        pc.second += ok;
        if (!ok) {
            ++errors;
            flaggedErrors += flag;
            ++confusions[{QString(truth), QString(read)}];
        }
    }
};

// What eval reads, and how.
struct EvalRun
{
    const Classifier &classifier;
    std::optional<Charset> charset; // none: each sample's own (charsetForTruth)
    QString split;                  // all, val or train
    bool skipFragments = false;
    EvalTally tally;

    bool wantsWriter(const QString &writer) const
    {
        return split == QLatin1String("all") ||
               isValidationWriter(writer, classifier.info().valPercent) ==
                   (split == QLatin1String("val"));
    }
    void addSample(const ink::InkGroup &g)
    {
        const QString truth = g.annotations.value(QStringLiteral("truth"));
        if (truth.size() != 1 || g.strokes.isEmpty())
            return;
        const Charset cs = charset ? *charset : charsetForTruth(truth[0]);
        if (!charsetChars(cs).contains(truth[0]))
            return void(++tally.skipped);
        if (skipFragments && isFragment(truth[0], g.strokes))
            return void(++tally.fragments);
        const auto c = classifier.classify(g.strokes, cs, 1);
        if (!c.isEmpty())
            tally.add(truth[0], c.first().ch, cs,
                      c.first().prob < classifier.info().charThresholdFor(cs));
    }
    void addFile(const QString &file)
    {
        const auto doc = ink::readInkML(file);
        if (!doc.ok) {
            warn(Text::tr("%1 écarté : %2").arg(file, doc.error));
            return;
        }
        QString writer = doc.document.annotations.value(QStringLiteral("writer"));
        if (writer.isEmpty())
            writer = QFileInfo(file).completeBaseName();
        if (!wantsWriter(writer))
            return void(++tally.skippedWriters);
        for (const ink::InkGroup &g : doc.document.groups)
            addSample(g);
    }
};

QStringList inkmlFilesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.inkml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

void printConfusions(const EvalTally &t, int maxShown)
{
    QVector<QPair<qint64, QPair<QString, QString>>> order;
    for (auto ci = t.confusions.cbegin(); ci != t.confusions.cend(); ++ci)
        order.append({ci.value(), ci.key()});
    std::stable_sort(order.begin(), order.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    out() << "most frequent confusions (truth -> read: count):\n";
    for (int i = 0; i < std::min<int>(maxShown, int(order.size())); ++i)
        out() << "  " << order[i].second.first << " -> " << order[i].second.second << ": "
              << order[i].first << "\n";
}

void printEval(const EvalRun &run, qsizetype files, int maxConfusions)
{
    const EvalTally &t = run.tally;
    out() << "model " << run.classifier.info().version << ", " << files << " files, split "
          << run.split << " (" << t.skippedWriters << " files of other writers skipped), "
          << t.skipped << " samples skipped (truth outside the charset)";
    if (run.skipFragments)
        out() << ", " << t.fragments << " fragments skipped";
    out() << "\n";
    for (auto pc = t.perCharset.cbegin(); pc != t.perCharset.cend(); ++pc)
        out() << "charset " << pc.key()
              << ": accuracy=" << fmt(double(pc.value().second) / double(pc.value().first))
              << " n=" << pc.value().first << "\n";
    printConfusions(t, maxConfusions);
    out() << "accuracy=" << fmt(double(t.correct) / double(t.n)) << " n=" << t.n
          << " flagged=" << fmt(double(t.flagged) / double(t.n)) << " flagged_error_recall="
          << fmt(t.errors ? double(t.flaggedErrors) / double(t.errors) : 1.0) << "\n";
    out().flush();
}

void addEvalOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("data"),
                 Text::tr("Dossier où chercher les *.inkml (sous-dossiers compris)."),
                 QStringLiteral("dir")});
    p.addOption(charsetOption());
    p.addOption(modelOption());
    p.addOption({QStringLiteral("split"),
                 Text::tr("Scripteurs à utiliser : all (par défaut), val ou train, selon la "
                          "répartition des scripteurs du modèle."),
                 QStringLiteral("split"), QStringLiteral("all")});
    p.addOption({QStringLiteral("confusions"),
                 Text::tr("Nombre de confusions à afficher (20 par défaut)."), QStringLiteral("n"),
                 QStringLiteral("20")});
    p.addOption(skipFragmentsOption());
}

int eval(const QStringList &args)
{
    QCommandLineParser p;
    addEvalOptions(p);
    if (int rc = parseArgs(
            p, args,
            Text::tr("Évalue le lecteur sur des échantillons de caractères InkML : chaque "
                     "traceGroup annoté (vérité) est un échantillon.\n"
                     "Sans --charset, chaque échantillon est lu avec le jeu de sa vérité : "
                     "digits pour 0-9, upper pour A-Z, lower pour a-z, all sinon. Les "
                     "échantillons hors du jeu sont écartés.\n"
                     "Un échantillon est signalé quand sa confiance est sous le seuil du "
                     "modèle pour son jeu.\n"
                     "Dernière ligne : accuracy=... n=... flagged=... "
                     "flagged_error_recall=..."));
        rc >= 0)
        return rc;
    if (!p.isSet(QStringLiteral("data")))
        return fail(Text::tr("eval attend --data DOSSIER"), Usage);
    std::optional<Charset> charset;
    if (int rc = charsetFrom(p, &charset); rc >= 0)
        return rc;
    const QString split = p.value(QStringLiteral("split"));
    if (split != QLatin1String("all") && split != QLatin1String("val") &&
        split != QLatin1String("train"))
        return fail(Text::tr("--split doit valoir all, val ou train"), Usage);
    const QString dir = p.value(QStringLiteral("data"));
    if (!QFileInfo(dir).isDir())
        return fail(Text::tr("%1 n'est pas un dossier").arg(dir));
    Classifier classifier;
    QString error;
    if (!loadModel(classifier, p, &error))
        return fail(error);
    EvalRun run{classifier, charset, split, p.isSet(skipFragmentsOption()), {}};
    const QStringList files = inkmlFilesUnder(dir);
    for (const QString &file : files)
        run.addFile(file);
    if (run.tally.n == 0)
        return fail(Text::tr("aucun échantillon annoté (vérité) sous %1").arg(dir));
    printEval(run, files.size(), p.value(QStringLiteral("confusions")).toInt());
    return Ok;
}

// Deterministic synthetic handwriting: 1-3 smooth strokes of ~40 points each.
QVector<ink::Stroke> syntheticChar(QRandomGenerator &rng, QPointF origin, double size)
{
    QVector<ink::Stroke> strokes;
    const int count = 1 + int(rng.bounded(3));
    for (int s = 0; s < count; ++s) {
        ink::Stroke st;
        double x = origin.x() + rng.bounded(size), y = origin.y() + rng.bounded(size);
        double a = rng.bounded(6.28);
        for (int i = 0; i < 40; ++i) {
            a += rng.bounded(0.6) - 0.3;
            x = std::clamp(x + std::cos(a) * size / 30, origin.x(), origin.x() + size);
            y = std::clamp(y + std::sin(a) * size / 30, origin.y(), origin.y() + size);
            st.dots.append(ink::Dot{x, y, 0, i * 10});
        }
        strokes.append(st);
    }
    return strokes;
}

double percentile(QVector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(std::ceil(q * v.size())) - 1);
    return v[std::max<qsizetype>(0, i)];
}

qint64 vmHwmKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

// One synthetic contact sheet (page 3.27.604.page): every field filled with random ink in
// its boxes, as long as a usual value.
QVector<ink::Stroke> syntheticContactSheet(QRandomGenerator &rng, const forms::FormSpec &form,
                                           int page)
{
    static const QHash<QString, int> lengths = {
        {QStringLiteral("nom"), 8},        {QStringLiteral("prenom"), 7},
        {QStringLiteral("adresse"), 22},   {QStringLiteral("code_postal"), 5},
        {QStringLiteral("commune"), 9},    {QStringLiteral("email"), 22},
        {QStringLiteral("telephone"), 10}, {QStringLiteral("consentement"), 1}};
    QVector<ink::Stroke> out;
    for (const forms::FieldSpec &f : form.fields) {
        const QVector<QRectF> boxes = f.boxRects();
        for (int b = 0; b < std::min<int>(lengths.value(f.name), int(boxes.size())); ++b) {
            const QRectF &box = boxes[b];
            for (ink::Stroke s :
                 syntheticChar(rng, box.topLeft() + QPointF(1, 1), box.height() - 2)) {
                s.page = ink::PageAddress{3, 27, 604, page};
                for (ink::Dot &d : s.dots) {
                    const QPointF n = form.toNcode(QPointF(d.x, d.y));
                    d.x = n.x(), d.y = n.y();
                }
                out.append(s);
            }
        }
    }
    return out;
}

// CPU time of this thread: on a machine shared with other work, what one core spends.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct SheetTimes
{
    QVector<double> readingMs; // CPU of the reading thread
    QVector<double> processMs; // CPU of every thread (the stroke writer's included)
    QVector<double> wholeMs;   // a whole sheet at once (FormSession::addStrokes), CPU
};

// Whole contact sheets read through FormSession (the window's path: strokes made durable by
// a StrokeWriter thread, readings stored in a throwaway station file): CPU milliseconds
// per sheet of the reading thread, and of the whole process (the fsyncs excluded).
SheetTimes contactSheetMs(const Classifier &classifier, QRandomGenerator &rng, int count)
{
    QString error;
    const auto election = store::ElectionConfig::fromFile(datadir::demoElection(), &error);
    const auto form =
        election ? forms::loadForm(QStringLiteral("contact"), *election, &error) : std::nullopt;
    SheetTimes times;
    if (!form)
        return times;
    QTemporaryDir dir;
    auto st = store::Store::createScratch(dir.filePath(QStringLiteral("bench.plume")), *election);
    store::StrokeWriter writer(st->path());
    forms::FormSession session(*st, &writer, &classifier);
    for (int i = 0; i < 2 * count; ++i) {
        const QVector<ink::Stroke> strokes = syntheticContactSheet(rng, *form, i + 1);
        const double start = threadCpuMs(), processStart = processCpuMs();
        if (i % 2) {
            session.addStrokes(strokes);
        } else {
            for (const ink::Stroke &s : strokes)
                session.addStroke(s);
            session.flush();
        }
        writer.flush();
        (i % 2 ? times.wholeMs : times.readingMs).append(threadCpuMs() - start);
        if (i % 2 == 0)
            times.processMs.append(processCpuMs() - processStart);
    }
    return times;
}

// Each page of an InkML file (as `plumectl eval-sheets --write-ink` writes the validation
// writers' contact sheets) read whole through FormSession, as `plumectl recognize` reads a
// file: CPU milliseconds of the reading thread per page. Empty when the file cannot be read.
// *readMs: reading the file itself (XML and numbers), per page.
QVector<double> inkSheetMs(const Classifier &classifier, const QString &file, QString *error,
                           double *readMs)
{
    const double readStart = threadCpuMs();
    const auto doc = ink::readInkML(file);
    const double read = threadCpuMs() - readStart;
    const auto election = store::ElectionConfig::fromFile(datadir::demoElection(), error);
    if (!doc.ok || !election) {
        if (!doc.ok)
            *error = doc.error;
        return {};
    }
    QMap<QString, QVector<ink::Stroke>> pages;
    for (const ink::InkGroup &g : doc.document.groups)
        for (const ink::Stroke &s : g.strokes)
            pages[s.page.toString()].append(s);
    if (pages.isEmpty()) {
        *error = Text::tr("aucun trait à lire");
        return {};
    }
    *readMs = read / double(pages.size());
    QTemporaryDir dir;
    auto st = store::Store::createScratch(dir.filePath(QStringLiteral("bench.plume")), *election);
    forms::FormSession session(*st, nullptr, &classifier);
    QVector<double> ms;
    for (const QVector<ink::Stroke> &strokes : std::as_const(pages)) {
        const double start = threadCpuMs();
        session.addStrokes(strokes);
        ms.append(threadCpuMs() - start);
    }
    return ms;
}

// Per character when the characters of a whole sheet (84) are classified in one forward
// pass, against one by one.
double batchCharMs(const Classifier &classifier, QRandomGenerator &rng, int rounds)
{
    QVector<double> ms;
    for (int r = 0; r < rounds; ++r) {
        QVector<QVector<ink::Stroke>> chars;
        for (int i = 0; i < 84; ++i)
            chars.append(syntheticChar(rng, QPointF(0, 0), 60));
        const double start = threadCpuMs();
        const auto c = classifier.classifyMany(chars, charsetChars(Charset::All), 5);
        ms.append((threadCpuMs() - start) / 84);
    }
    return percentile(ms, 0.5);
}

// Every number of `plumectl bench recognise`.
struct BenchNumbers
{
    QString model;
    qint64 modelBytes = 0;
    double loadMs = 0, lexiconMs = 0, batchMs = 0;
    QVector<double> charMs, fieldMs;
    SheetTimes sheets;
    QVector<double> inkSheets; // --ink: the file's pages, one by one
    double inkReadMs = 0;      // --ink: reading the file, per page
    qint64 peakRssKb = 0;
};

void pinToOneCore()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &set);
    sched_setaffinity(0, sizeof(set), &set);
    Classifier::setNumThreads(1);
}

// One character at a time, preprocessing included (wall time); empty on a failure.
QVector<double> charTimes(const Classifier &classifier, QRandomGenerator &rng, int n)
{
    QVector<double> ms;
    QElapsedTimer t;
    for (int i = 0; i < n; ++i) {
        const auto strokes = syntheticChar(rng, QPointF(0, 0), 60);
        t.start();
        const auto c = classifier.classify(strokes, Charset::All, 5);
        ms.append(double(t.nsecsElapsed()) / 1e6);
        if (c.isEmpty())
            return {};
    }
    return ms;
}

// A 5-box postcode field: assignment, classification, grammar (wall time).
QVector<double> fieldTimes(const Classifier &classifier, QRandomGenerator &rng, int count)
{
    QVector<double> ms;
    QVector<QRectF> boxes;
    for (int b = 0; b < 5; ++b)
        boxes.append(QRectF(b * 70.0, 0, 70, 70));
    QElapsedTimer t;
    for (int i = 0; i < count; ++i) {
        QVector<ink::Stroke> strokes;
        for (int b = 0; b < 5; ++b)
            strokes += syntheticChar(rng, QPointF(b * 70.0 + 5, 5), 60);
        t.start();
        const auto r = recognizeField(classifier, strokes, boxes, FieldGrammar::postcode());
        ms.append(double(t.nsecsElapsed()) / 1e6);
        Q_UNUSED(r);
    }
    return ms;
}

QJsonObject benchJson(const BenchNumbers &b)
{
    const SheetTimes &s = b.sheets;
    return QJsonObject{
        {QStringLiteral("model"), b.model},
        {QStringLiteral("model_bytes"), b.modelBytes},
        {QStringLiteral("load_ms"), b.loadMs},
        {QStringLiteral("char_p50_ms"), percentile(b.charMs, 0.5)},
        {QStringLiteral("char_p99_ms"), percentile(b.charMs, 0.99)},
        {QStringLiteral("field5_p50_ms"), percentile(b.fieldMs, 0.5)},
        {QStringLiteral("field5_p99_ms"), percentile(b.fieldMs, 0.99)},
        {QStringLiteral("lexicon_load_ms"), b.lexiconMs},
        {QStringLiteral("contact_sheet_cpu_p50_ms"), percentile(s.readingMs, 0.5)},
        {QStringLiteral("contact_sheet_cpu_p99_ms"), percentile(s.readingMs, 0.99)},
        {QStringLiteral("contact_sheet_process_cpu_p50_ms"), percentile(s.processMs, 0.5)},
        {QStringLiteral("contact_sheet_process_cpu_p99_ms"), percentile(s.processMs, 0.99)},
        {QStringLiteral("char_in_sheet_batch_ms"), b.batchMs},
        {QStringLiteral("whole_sheet_cpu_p50_ms"), percentile(s.wholeMs, 0.5)},
        {QStringLiteral("whole_sheet_cpu_p99_ms"), percentile(s.wholeMs, 0.99)},
        {QStringLiteral("contact_sheets"), int(s.readingMs.size())},
        {QStringLiteral("ink_sheet_cpu_p50_ms"), percentile(b.inkSheets, 0.5)},
        {QStringLiteral("ink_sheet_cpu_p99_ms"), percentile(b.inkSheets, 0.99)},
        {QStringLiteral("ink_sheets"), int(b.inkSheets.size())},
        {QStringLiteral("ink_read_cpu_ms_per_sheet"), b.inkReadMs},
        {QStringLiteral("peak_rss_kb"), b.peakRssKb},
        {QStringLiteral("characters"), int(b.charMs.size())},
        {QStringLiteral("fields"), int(b.fieldMs.size())}};
}

void printBench(const BenchNumbers &b)
{
    const SheetTimes &s = b.sheets;
    auto p50p99 = [](const QVector<double> &v, int decimals) {
        return QStringLiteral("p50=%1 p99=%2")
            .arg(fmt(percentile(v, 0.5), decimals), fmt(percentile(v, 0.99), decimals));
    };
    out() << "model " << b.model << " (" << b.modelBytes << " bytes)\n"
          << "load_ms=" << fmt(b.loadMs, 1) << "\n"
          << "char_ms " << p50p99(b.charMs, 3) << " n=" << b.charMs.size() << "\n"
          << "field5_ms " << p50p99(b.fieldMs, 3) << " n=" << b.fieldMs.size() << "\n"
          << "lexicon_load_ms=" << fmt(b.lexiconMs, 1) << "\n"
          << "contact_sheet_cpu_ms " << p50p99(s.readingMs, 1) << " n=" << s.readingMs.size()
          << "\n"
          << "contact_sheet_process_cpu_ms " << p50p99(s.processMs, 1) << "\n"
          << "char_in_sheet_batch_ms p50=" << fmt(b.batchMs, 3) << " (84 characters, one pass)\n"
          << "whole_sheet_cpu_ms " << p50p99(s.wholeMs, 1) << " n=" << s.wholeMs.size() << "\n";
    if (!b.inkSheets.isEmpty())
        out() << "ink_sheet_cpu_ms " << p50p99(b.inkSheets, 1) << " n=" << b.inkSheets.size()
              << "\n"
              << "ink_read_cpu_ms_per_sheet=" << fmt(b.inkReadMs, 2) << "\n";
    out() << "peak_rss_kb=" << b.peakRssKb << "\n";
    out().flush();
}

int benchRecognise(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption(modelOption());
    p.addOption({QStringLiteral("n"), Text::tr("Caractères à chronométrer (500 par défaut)."),
                 QStringLiteral("n"), QStringLiteral("500")});
    p.addOption({QStringLiteral("ink"),
                 Text::tr("Chronomètre aussi chaque page de ce fichier InkML lue entière "
                          "(l'écriture réelle des fiches de `plumectl eval-sheets "
                          "--write-ink`)."),
                 QStringLiteral("fichier")});
    p.addOption(jsonOption());
    if (int rc = parseArgs(
            p, args,
            Text::tr("Chronomètre le lecteur sur un cœur : chargement du modèle, latence "
                     "p50/p99 par caractère et par champ (code postal de 5 cases) "
                     "prétraitement compris, chargement des lexiques, fiches contact lues "
                     "en contexte par FormSession (lectures enregistrées ; trait par trait "
                     "comme le stylo les écrit, et fiches entières comme plumectl recognize "
                     "lit un fichier), mémoire maximale (VmHWM). Encre synthétique "
                     "déterministe."));
        rc >= 0)
        return rc;
    bool ok = false;
    const int n = p.value(QStringLiteral("n")).toInt(&ok);
    if (!ok || n < 10)
        return fail(Text::tr("--n attend un nombre >= 10"), Usage);
    pinToOneCore();
    QElapsedTimer t;
    t.start();
    Classifier classifier;
    QString error;
    if (!loadModel(classifier, p, &error))
        return fail(error);
    BenchNumbers b;
    b.loadMs = double(t.nsecsElapsed()) / 1e6;
    QRandomGenerator rng(42);
    b.charMs = charTimes(classifier, rng, n);
    if (b.charMs.isEmpty())
        return fail(Text::tr("la classification a échoué"));
    b.fieldMs = fieldTimes(classifier, rng, std::max(20, n / 5));
    t.restart();
    const bool lexicons = recognition::Lexicons::shared().isLoaded();
    b.lexiconMs = double(t.nsecsElapsed()) / 1e6;
    b.batchMs = batchCharMs(classifier, rng, 5);
    b.sheets = contactSheetMs(classifier, rng, std::max(10, n / 25));
    if (p.isSet(QStringLiteral("ink"))) {
        b.inkSheets = inkSheetMs(classifier, p.value(QStringLiteral("ink")), &error, &b.inkReadMs);
        if (b.inkSheets.isEmpty())
            return fail(Text::tr("%1 : %2").arg(p.value(QStringLiteral("ink")), error));
    }
    if (!lexicons || b.sheets.readingMs.isEmpty())
        return fail(
            Text::tr("pas de lexiques ni de fiche contact pour la mesure des fiches contact"));
    b.model = classifier.info().version;
    b.modelBytes = QFileInfo(classifier.info().dir + QStringLiteral("/plume-chars.onnx")).size();
    b.peakRssKb = vmHwmKb();
    if (p.isSet(jsonOption()))
        printJson(QJsonDocument(benchJson(b)));
    else
        printBench(b);
    return Ok;
}

} // namespace

QVector<PageSheet> readPages(const QVector<ink::Stroke> &strokes, const Classifier &classifier,
                             const store::ElectionConfig &election, const PageOptions &options)
{
    QTemporaryDir dir = options.tempRoot.isEmpty()
                            ? QTemporaryDir()
                            : QTemporaryDir(options.tempRoot + QStringLiteral("/plume-XXXXXX"));
    auto st =
        store::Store::createScratch(dir.filePath(QStringLiteral("recognize.plume")), election);
    forms::FormSession session(*st, nullptr, &classifier);
    if (options.noFlagThresholds)
        session.setFieldThresholds(recognition::FieldThresholds::none());
    if (options.withoutLexicons)
        session.setLexicons(nullptr);
    session.addStrokes(strokes);
    QVector<PageSheet> sheets;
    for (const store::Sheet &sheet : st->sheets()) {
        PageSheet ps{sheet.id, sheet.form, session.pageOfSheet(sheet.id).toString(), {}};
        for (const auto &f : session.statuses(sheet.id)) {
            if (!f.reading)
                continue;
            PageField pf{f.field,
                         f.reading->value,
                         f.reading->confidence,
                         f.reading->flagged,
                         recognition::readingReason(f.reading->nbest, f.reading->reason),
                         f.reading->nbest.value(QStringLiteral("reasons")).toArray(),
                         {}};
            for (const forms::Alternative &a : session.alternatives(sheet.id, f.field))
                pf.alternatives << a.value;
            ps.fields.append(pf);
        }
        sheets.append(ps);
    }
    return sheets;
}

void registerRecognitionCommands(Registry &registry)
{
    registry.add({{QStringLiteral("recognize")},
                  Text::tr("reconnaît les caractères d'un fichier InkML"),
                  recognize});
    registry.add({{QStringLiteral("eval")},
                  Text::tr("exactitude du lecteur sur des échantillons InkML annotés"),
                  eval});
    registry.add({{QStringLiteral("bench"), QStringLiteral("recognise")},
                  Text::tr("latence du lecteur, temps de chargement et mémoire maximale"),
                  benchRecognise});
    registry.add({{QStringLiteral("eval-sheets")},
                  Text::tr("exactitude et signalements par champ sur des PV et fiches contact "
                           "synthétisés (scripteurs de validation)"),
                  evalSheets});
}

} // namespace plume::cli
